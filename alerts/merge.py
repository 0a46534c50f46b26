"""The story merge: one claim per (series, event); revivals, roundups, seasons stated elsewhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cached_property
from itertools import pairwise

from alerts import rules_hedges as hedges
from alerts import rules_links as links
from alerts import rules_seasons as seasons
from alerts.blocks import clause_span, unnamed, why_blocked
from alerts.compose import Analysis
from alerts.layout import Sentence
from alerts.link import is_list_gap
from alerts.mentions import Series
from alerts.weigh import MIN_CONFIDENCE, Claim, Finding, has_event, revive


def _story_revivals(found: list[Finding]) -> list[Finding]:
    """Cancelled, then renewed: a revival. Renewed, then cancelled: the cancellation stands."""
    by_series: dict[Series | None, list[Finding]] = {}
    for f in found:
        by_series.setdefault(f.series, []).append(f)
    dropped: set[Finding] = set()  # each series' findings are its own: one pass at the end
    revived: set[Finding] = set()
    for mine in by_series.values():
        renewed = [f for f in mine if has_event(f, "renewed", fresh=True)]
        cancelled = [f for f in mine if has_event(f, "cancelled")]
        if not renewed or not cancelled:
            continue
        stray = not _named(cancelled) and not any(f.background for f in cancelled)
        if stray and _named(renewed):  # "RENEWED: 'X'" beats an "axed" in the item's text
            dropped.update(cancelled)
            continue
        old = hedges.OLD_NEWS.search(cancelled[0].sentence.text) is not None
        if old and cancelled[0].background:
            dropped.update(cancelled)
        elif cancelled[0].background or mine.index(cancelled[0]) < mine.index(renewed[0]):
            revived.update(renewed)
            dropped.update(cancelled)
        else:
            dropped.update(renewed)
    if not dropped:
        return list(found)
    return [revive(f) if f in revived else f for f in found if f not in dropped]


def _named(found: list[Finding]) -> bool:
    """Some of these findings name their series in the sentence (not "the show", not a label)."""
    return any(any(m.series == f.series for m in f.sentence.mentions) for f in found)


def _current(found: list[Finding], topic: Series | None) -> list[Finding]:
    """News only: earlier facts inside a roundup of the same news; off-topic asides dropped."""
    fresh = [f for f in found if f.claim and not f.background]
    topic_events = {f.claim.event for f in fresh if f.claim and f.series == topic}
    headlined = {  # "ABC cancels A and B, renews C": every outcome in the headline is news
        (f.series, f.claim.event) for f in fresh if f.claim and f.sentence.headline and _named([f])
    }
    roundup = _Roundups(found, fresh)
    topic_fresh: dict[int, list[Finding]] = {}  # by sentence: `_paired` reads its own one
    for g in fresh:
        if g.series == topic:
            topic_fresh.setdefault(id(g.sentence), []).append(g)
    out = []
    for f in found:
        assert f.claim is not None
        if f.background and not roundup.holds(f):
            continue
        off_topic = bool(topic_events) and f.claim.event not in topic_events and f.series != topic
        aside = (f.series, f.claim.event) not in headlined and not _more_news(f)
        if off_topic and aside and not _paired(f, topic_fresh.get(id(f.sentence), [])):
            continue
        out.append(f)
    return out


def _more_news(f: Finding) -> bool:
    """ "The network also renewed X": more of the story's news, not an aside."""
    return links.MORE_NEWS.search(f.sentence.text, 0, f.trigger.start) is not None


def _paired(f: Finding, topic_fresh: list[Finding]) -> bool:
    """ "A returns, while B will end": one sentence sets the news of both side by side (the
    topic's fresh findings in f's sentence given)."""
    for g in topic_fresh:
        lo, hi = sorted((f.trigger.end, g.trigger.start))
        if links.WHILE.search(f.sentence.text, lo, hi):
            return True
    return False


class _Roundups:
    """An earlier fact counts in a roundup of that news: three other series, or a list of three
    in its own sentence beside at least one fresh report of the same news. The series are
    gathered once a story (by event, and by sentence and event), not once a finding."""

    def __init__(self, found: list[Finding], fresh: list[Finding]) -> None:
        self._fresh: dict[str, set[Series | None]] = {}
        for g in fresh:
            assert g.claim is not None
            self._fresh.setdefault(g.claim.event, set()).add(g.series)
        self._listed: dict[tuple[int, str], set[Series | None]] = {}
        for g in found:
            if g.claim is not None:
                self._listed.setdefault((id(g.sentence), g.claim.event), set()).add(g.series)

    def holds(self, f: Finding) -> bool:
        assert f.claim is not None
        event = f.claim.event
        peers = len(self._fresh.get(event, set()) - {f.series})
        listed = len(self._listed.get((id(f.sentence), event), set()))
        return peers >= 3 or (listed >= 3 and peers >= 1)


def merge(analysis: Analysis) -> list[Claim]:
    """One claim per (series, event), the most confident; a revival stands in for the rest."""
    live = _story_revivals(
        [f for f in analysis.findings if f.claim and f.claim.confidence >= MIN_CONFIDENCE]
    )
    live = [f for f in live if not _pun_headline(f, analysis, live)]
    live = _explainer(analysis, _other_sense_headline(analysis, live))
    revived = {f.series for f in live if has_event(f, "revived", fresh=True)}
    ordered = {  # "X Un-Cancelled! Y Orders Season 3": the revival's season is the order's
        f.claim.series: f.claim.season
        for f in live
        if f.series in revived and has_event(f, "renewed") and f.claim and f.claim.season
    }
    live = [f for f in live if f.series not in revived or not _is_any(f, "renewed", "cancelled")]
    best = _most_confident(f.claim for f in _current(live, analysis.topic) if f.claim)
    seasons_of = _Seasons(analysis)
    filled = [
        c
        if c.season is not None
        else replace(c, season=ordered[c.series])
        if c.event == "revived" and c.series in ordered
        else _fill_season(c, seasons_of)
        for c in best
    ]
    return _cancelled_not_ending(filled)


def _explainer(analysis: Analysis, live: list[Finding]) -> list[Finding]:
    """ "X Season 4: Everything We Know" - with no news in the headline, what the text says
    was decided is the background of a preview, not news (a roundup's list still counts)."""
    heads = [s for s in analysis.sentences if s.headline]
    if not any(links.EXPLAINER.search(s.text) for s in heads):
        return live
    if any(f.sentence.headline and not f.background for f in live):
        return live
    asked = {  # "Is X Season 3 Happening? Everything We Know": the text's answer is the news
        (f.series, f.trigger.rule.event)
        for f in analysis.findings
        if f.sentence.headline and f.series and f.reason.endswith("(question or condition)")
    }
    return [
        f if f.claim and (f.series, f.claim.event) in asked else replace(f, background=True)
        for f in live
    ]


def _other_sense_headline(analysis: Analysis, live: list[Finding]) -> list[Finding]:
    """ "X Revived" over "X has been revived as a pair of films": when the text says the news
    only in another sense, the headline meant that sense too."""
    sensed = {
        (f.series, f.trigger.rule.event)
        for f in analysis.findings
        if f.claim is None and not f.sentence.headline and f.reason.startswith("sense")
    }
    if not sensed:
        return live
    told = {(f.series, f.claim.event) for f in live if f.claim and not f.sentence.headline}
    return [
        f
        for f in live
        if not (f.sentence.headline and f.claim)
        or (f.series, f.claim.event) not in sensed
        or (f.series, f.claim.event) in told
    ]


def _pun_headline(f: Finding, analysis: Analysis, live: list[Finding]) -> bool:
    """ "Ghosts of Christmas Past: Netflix Cancels Holiday Series" - a headline part naming no
    title gave the news to the topic, yet the text never names the topic and names another
    series with that news: the news is the other series'."""
    if f.claim is None or not f.sentence.headline or f.sentence.mentions:
        return False
    body = [s for s in analysis.sentences if not s.headline]
    if not body or any(m.series == f.series for s in body for m in s.mentions):
        return False
    return any(
        g.series != f.series and not g.sentence.headline and _named([g])
        for g in live
        if has_event(g, f.claim.event, fresh=True)
    )


def _most_confident(found: Iterable[Claim]) -> list[Claim]:
    """The most confident claim per (series, event), with a season any of them states."""
    best: dict[tuple[str, str], Claim] = {}
    for c in found:
        key = (c.series, c.event)
        old = best.get(key)
        if old is None or c.confidence > old.confidence:
            season = c.season if c.season is not None else old.season if old else None
            best[key] = replace(c, season=season)
        elif old.season is None and c.season is not None:
            best[key] = replace(old, season=c.season)
    return list(best.values())


def _is_any(f: Finding, *events: str) -> bool:
    return any(has_event(f, e) for e in events)


def _cancelled_not_ending(claims: list[Claim]) -> list[Claim]:
    """A cancelled series' "final season" is the cancellation's, not a planned ending.

    Otherwise a final season's number is also the renewal's ("renewed for a final season").
    """
    cancelled = {c.series for c in claims if c.event == "cancelled"}
    final = {c.series: c.season for c in claims if c.event == "ending" and c.season is not None}
    out = []
    for c in claims:
        if c.event == "ending" and c.series in cancelled:
            continue
        if c.event != "ending" and c.season is None and c.series in final:
            c = replace(c, season=final[c.series])
        out.append(c)
    return out


_KIN = {"renewed": ("renewed", "revived"), "revived": ("renewed", "revived")}


class _Seasons:
    """What `_fill_season` reads, gathered once a story rather than once a claim: the season
    stated for each (series, event), the sentences naming each title, the sentence after each,
    and (on first asking) the sentences with news of each kind and the season of news with no
    title."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._newsy: dict[str, set[int]] = {}
        self._unlinked: dict[str, int | None] = {}

    @cached_property
    def stated(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for f in self.analysis.findings:
            d = f.claim
            if d and d.season is not None:
                out.setdefault((d.series, d.event), d.season)
        return out

    @cached_property
    def naming(self) -> dict[str, list[Sentence]]:
        out: dict[str, list[Sentence]] = {}
        for sent in self.analysis.sentences:
            for title in {m.series.title for m in sent.mentions}:
                out.setdefault(title, []).append(sent)
        return out

    @cached_property
    def following(self) -> dict[int, Sentence]:
        return {id(a): b for a, b in pairwise(self.analysis.sentences)}

    def newsy(self, event: str) -> set[int]:
        """The sentences holding news of this kind (or its kin), by id."""
        if event not in self._newsy:
            kin = _KIN.get(event, (event,))
            found = self.analysis.findings
            newsy = {id(f.sentence) for f in found if f.trigger.rule.event in kin}
            if any(s.headline and id(s) in newsy for s in self.analysis.sentences):
                # "Ninefold Season 3: Apple Confirms Renewal" - the headline's parts are one
                newsy |= {id(s) for s in self.analysis.sentences if s.headline}  # statement
            self._newsy[event] = newsy
        return self._newsy[event]

    def unlinked(self, event: str) -> int | None:
        if event not in self._unlinked:
            self._unlinked[event] = _unlinked_season(self.analysis, event)
        return self._unlinked[event]


def _fill_season(c: Claim, story: _Seasons) -> Claim:
    """A season the story states elsewhere: for this series, else for the news as a whole."""
    stated = story.stated.get((c.series, c.event))
    if stated is not None:
        return replace(c, season=stated)
    newsy = story.newsy(c.event)
    named = story.naming.get(c.series, [])
    for sent in named:
        if id(sent) in newsy:
            season = _season_nearby(sent, c)
            if season is not None:
                return replace(c, season=season)
    for sent in named if c.event != "renewed" else []:
        season = _season_nearby(sent, c)
        if season is not None:
            return replace(c, season=season)
    after = [n for s in named if (n := story.following.get(id(s))) is not None]
    season = _season_after(after, c.event) if c.event != "renewed" else _season_next(after)
    return replace(c, season=season or story.unlinked(c.event))


def _season_next(after: list[Sentence]) -> int | None:
    """ "Hulu has renewed X. Season 4 will arrive next year." - a sentence that opens with the
    season it speaks of, right after the renewal, names the ordered season (`after`: the
    sentences right after those naming the series)."""
    for sent in after:
        if sent.mentions or sent.headline:
            continue
        lead = links.SEASON_LEAD.match(sent.text)
        if lead:
            return seasons.season_number(lead[1] or lead[2])
    return None


def _season_after(after: list[Sentence], event: str) -> int | None:
    """ "X is a remake of ... . The series is in its fourth season." - the next sentence, when it
    is about "the series" and names no title, states the season of the one before."""
    for sent in after:
        if sent.mentions or sent.headline:
            continue
        if links.ANAPHOR.match(sent.text):
            season, _ = seasons.season_in(sent.text, event, 0)
            if season is not None:
                return season
    return None


def _unlinked_season(analysis: Analysis, event: str) -> int | None:
    """ "Two series are returning for second seasons": the season of a news phrase with no title."""
    for f in analysis.findings:
        if f.series is None and f.trigger.rule.event == event:
            lo, hi = clause_span(f.sentence, f.trigger.start, f.trigger.end)
            season, _ = seasons.season_within(unnamed(f.sentence), lo, hi, event, f.trigger.start)
            if season is not None and why_blocked(f.sentence, f.trigger, (lo, lo)) is None:
                return season
    return None


def _season_nearby(sent: Sentence, c: Claim) -> int | None:
    """The season phrase beside this series' mention, its list counted as one stretch."""
    ms = list(sent.mentions)
    for i, m in enumerate(ms):
        if m.series.title != c.series:
            continue
        lo = ms[i - 1].end if i else 0
        lo = sent.text.rfind(",", lo, m.start) + 1 if i and "," in sent.text[lo : m.start] else lo
        j = i
        while j + 1 < len(ms) and is_list_gap(sent, ms[j].end, ms[j + 1].start, []):
            j += 1
        aside = links.APPOSITIVE.match(sent.text[ms[j].end :])  # "X, which spun off Y, ends"
        skip = ms[j].end + (aside.end() if aside else 0)
        hi = next((x.start for x in ms[j + 1 :] if x.start >= skip), len(sent.text))
        season, _ = seasons.season_within(unnamed(sent), lo, hi, c.event, m.start, m.end)
        if season is not None:
            return season
    return None
