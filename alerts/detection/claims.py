"""One story through detection, one way: layout, candidates, evidence, the model, claims.

Owns `analyse` (its `Claim` is `alerts.claim`'s, shared with the rules), which keeps every
candidate with its evidence and score so that `explain` can show why a claim fired or not.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from alerts.claim import Claim as Claim
from alerts.detection.candidates import LIST_REACH, Candidate, Story, candidates, read_story
from alerts.detection.evidence import StoryFacts, features, story_facts
from alerts.detection.history import history_features, story_history
from alerts.detection.model import Model, load, log_odds
from alerts.detection.seasons import attached, counted, respectively, season_of
from alerts.detection.story import story_features
from alerts.layout import Sentence, sentences
from alerts.mentions import Series, Watchlist
from alerts.rules_seasons import season_in, season_within
from alerts.weigh import headline_network, network_near

THRESHOLD = 0.5  # the model's bias holds the threshold chosen on dev; see `train`
_UNORDERED = frozenset({"not-renew", "not-return", "no-season"})  # the season named is refused
SEASON_REACH = 70  # characters around the cue (and the title) where its season is read
RIVAL_MARGIN = 0.5  # in log-odds: an event yields to a rival about its series scored this far above
_TOGETHER = (frozenset({"renewed", "ending"}), frozenset({"revived", "ending"}))


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate, its evidence and the model's score."""

    candidate: Candidate
    features: dict[str, float]
    score: float


@dataclass(frozen=True, slots=True)
class Analysis:
    parts: list[Sentence]
    scored: list[Scored]
    claims: list[Claim]
    news: float | None = None  # how surely the story announces any decision, when it was asked


def analyse(title: str, text: str, watchlist: Watchlist, model: Model | None = None) -> Analysis:
    """Every candidate of the story scored, and the claims they make (one per series, event)."""
    parts = sentences(title or "", text or "", watchlist)
    story = read_story(parts)
    found = candidates(story)
    if not found:
        return Analysis(parts, [], [])
    model = model or load()
    facts = story_facts(story)
    scored = [Scored(c, f, model.score(f)) for c, f in evidence_of(story, found, facts)]
    claims = claims_of(story, scored)
    if not claims or model.story is None:
        return Analysis(parts, scored, claims)
    odds = [log_odds(s.score) for s in scored]
    news = model.story.score(story_features(story, [s.candidate for s in scored], odds, facts))
    return Analysis(parts, scored, claims if news >= THRESHOLD else [], news)


def evidence_of(
    story: Story, found: list[Candidate], facts: StoryFacts | None = None
) -> list[tuple[Candidate, dict[str, float]]]:
    """Each candidate with its features, the number of its pair's candidates among them;
    `facts` are the story's, where the caller has read them already."""
    facts = facts if facts is not None else story_facts(story)
    pairs = Counter((c.series, c.event) for c in found if not c.near)
    events: dict[Series, set[tuple[str, int, int]]] = {}
    for c in found:
        events.setdefault(c.series, set())
        if not c.near:  # a cue a few lines off is no second decision
            events[c.series].add((c.event, c.cue_at, c.cue.start))
    out = []
    told = story_history(story)
    of_cue: dict[tuple[Series, str, int, int], dict[str, float]] = {}  # the same for a pair's
    for c in found:  # candidates from one cue
        f = features(c, story, facts)
        key = (c.series, c.event, c.cue_at, c.cue.start)
        extra = of_cue.get(key)
        if extra is None:
            pair = (c.series, c.event)
            extra = of_cue[key] = {"pair-candidates-log": math.log1p(max(0, pairs[pair] - 1))}
            extra.update(history_features(c, told))
            # "cancelled, then renewed": a revival; a cue's own other events are no second decision
            others = {e for e, at, start in events[c.series] if (at, start) != key[2:]}
            for other in others - {c.event}:
                extra[f"series-also={other}|{c.event}"] = 1.0
        f.update(extra)
        out.append((c, f))
    return out


def kept_events(scores: dict[str, float]) -> set[str]:
    """One series, one decision: of the events a story's candidates raise about a series, one
    yields to a rival the model scores clearly higher ("cancelled" read from a revival story),
    save a final season's renewal, which is both."""
    odds = {e: log_odds(p) for e, p in scores.items()}
    return {
        e
        for e in scores
        if not any(
            odds[o] > odds[e] + RIVAL_MARGIN and frozenset({e, o}) not in _TOGETHER for o in scores
        )
    }


def claims_of(story: Story, scored: list[Scored]) -> list[Claim]:
    """The claims a story's scored candidates make: one per series and event, with its season,
    its quote (`_quoted`) and the network that quote names nearest its cue, as the rules read it
    (`alerts.weigh.network_near`: else the headline's, else the watchlist's); `train` scores its
    cross-validation through this same step."""
    best: dict[tuple[Series, str], list[Scored]] = {}
    for s in scored:
        best.setdefault((s.candidate.series, s.candidate.event), []).append(s)
    out = []
    starts: dict[int, list[int]] = {}
    tops: dict[Series, dict[str, float]] = {}
    for (series, event), group in best.items():
        group.sort(key=lambda s: -s.score)
        tops.setdefault(series, {})[event] = group[0].score
    kept = {series: kept_events(events) for series, events in tops.items()}
    head_net = headline_network(story.parts)
    for (series, event), group in best.items():
        top = group[0]
        if top.score < THRESHOLD or event not in kept[series]:
            continue
        readers = _readers(story, group)
        season = next((n for s in readers if (n := _season(story, s, starts)) is not None), None)
        if season is None:
            season = _told_elsewhere(story, series, event)
        if season is None:
            season = _introduced(story, top.candidate.title_at, event)
        c, quoted = top.candidate, _quoted(story, group).candidate
        sent = story.parts[quoted.cue_at]
        out.append(
            Claim(
                series.title,
                event,
                season,
                network_near(sent, quoted.cue.start, head_net or series.network),
                round(top.score, 3),
                sent.original or sent.text,
                f"model:{c.cue.name}/{c.scope}",
            )
        )
    out.sort(key=lambda c: (-c.confidence, c.series, c.event))
    return _revivals(out)


def _revivals(claims: list[Claim]) -> list[Claim]:
    """A revival is the news: the renewal and the cancellation it undoes are its parts, not news
    of their own (the labelling rules' `revived`). The model's own revival cues and its
    `series-also` evidence say which story tells a revival; a renewal is not turned into one by
    a cancellation the story tells beside it (on dev's cross-validation that made more false
    revivals, in roundups and "once on the bubble" asides, than true ones: F1 0.645 with it,
    0.682 without)."""
    revived = {c.series for c in claims if c.event == "revived"}
    kept: dict[tuple[str, str], Claim] = {}
    for c in claims:
        if c.series not in revived or c.event in ("revived", "ending"):
            kept.setdefault((c.series, c.event), c)
    return list(kept.values())


def _season(story: Story, s: Scored, starts: dict[int, list[int]]) -> int | None:
    """The season the candidate's cue clause states for its title."""
    c = s.candidate
    if c.near or c.scope in ("previous", "list"):
        return None  # the intro's season is not each item's
    listed = len(story.parts[c.title_at].mentions) > 1
    if c.mention is not None and c.title_at == c.cue_at and listed:
        each = respectively(story.parts[c.cue_at], c.mention)
        if each is not None:
            return each
    if c.mention is not None and listed:  # "A (Season 7), B (Season 3)"
        own = attached(story.parts[c.title_at].text, c.mention.end)
        if own is not None:
            return own
    text = story.parts[c.cue_at].text
    lo, hi = max(0, c.cue.start - SEASON_REACH), c.cue.end + SEASON_REACH
    if c.mention is not None and c.title_at == c.cue_at:
        at = starts.get(c.cue_at)
        if at is None:
            at = starts[c.cue_at] = [m.start for m in story.parts[c.cue_at].mentions]
        lo = max(lo, _fence(story.parts[c.cue_at], at, c, before=True))
        hi = min(hi, _fence(story.parts[c.cue_at], at, c, before=False))
    # the rules' season table first (it reads "not renewed for a fourth season" as three)
    found = season_within(text, lo, min(hi, len(text)), c.event, c.cue.start, c.cue.end)[0]
    if found is not None:
        return found
    found = season_of(text, lo, min(hi, len(text)), c.cue.start, c.event)
    refused = c.cue.name in _UNORDERED and not counted(text, lo, min(hi, len(text)))
    if found is not None and c.event == "cancelled" and refused:
        return found - 1 or None  # "won't move forward with a second season": one aired
    if found is None and c.mention is not None and not listed:
        found = attached(story.parts[c.title_at].text, c.mention.end)
    if found is None and c.mention is not None and c.title_at != c.cue_at:
        named = story.parts[c.title_at].text
        found = season_of(named, c.mention.start, min(len(named), c.mention.end + 40), 0, c.event)
    if found is None and len({m.series for m in story.parts[c.cue_at].mentions}) <= 1:
        found = season_in(text, c.event, c.cue.start)[0]  # the sentence names no other title
    return found


def _readers(story: Story, group: list[Scored]) -> list[Scored]:
    """The candidates a claim's season is read from, in the story's order: the headline's own
    statement first, then the earliest sentence that states the pair, whatever their scores (the
    story says its season where it first tells the news, not where the model is surest)."""
    return sorted(group, key=lambda s: (not _in_headline(story, s), s.candidate.cue_at, -s.score))


def _quoted(story: Story, group: list[Scored]) -> Scored:
    """The candidate a claim quotes, of its pair's candidates (surest first): the headline's
    statement of the pair when it fires, as the rules quote it (a fan's alert and the web pages
    show the quote first, and a headline says the news plainest), else the surest."""
    return next((s for s in group if s.score >= THRESHOLD and _headline_states(story, s)), group[0])


def _headline_states(story: Story, s: Scored) -> bool:
    """The cue and the title both stand in the headline ("A: Cancelled | Netflix", "A Renewed")."""
    c = s.candidate
    return story.parts[c.cue_at].headline and story.parts[c.title_at].headline


def _in_headline(story: Story, s: Scored) -> bool:
    c = s.candidate
    return story.parts[c.cue_at].headline and c.title_at == c.cue_at


def _told_elsewhere(story: Story, series: Series, event: str) -> int | None:
    """A season told in another sentence about the title: for a cancellation the last one
    ("the series is currently in its fifth season", "cancelled after one season"), beside the
    title (its asides in brackets not counted), in the sentence after it that names no other, or
    in its list item; for a renewal or revival only a sentence that tells of one ("CBC renewed
    A for a third season"). Any sentence's number printed with the title ("A 2 arrives in
    2027") counts for every event."""
    parts = story.parts
    ordered = event in ("renewed", "revived")
    for i, s in enumerate(parts):
        spots = [(m.start, m.end) for m in s.mentions if m.series == series]
        if not spots and s.label == series and not s.mentions:
            spots = [(0, len(s.text))]  # a sentence of the title's own list item
        if not spots:
            continue
        told = not ordered or any(event in c.events for c in story.cues[i])
        for start, end in spots:
            # the title's own number ("Signal 2 will roll out next year") in any sentence
            found = attached(s.text, end) if s.mentions else None
            if found is not None:
                return found
            if not told:
                continue
            lo, hi = max(0, start - SEASON_REACH), _reach(s.text, end, SEASON_REACH)
            found = season_within(s.text, lo, hi, event, start, end)[0]
            if found is None:
                found = season_of(s.text, lo, hi, end, event)
            if found is None and not ordered and i + 1 < len(parts) and not parts[i + 1].mentions:
                after = parts[i + 1].text
                found = season_of(after, 0, min(len(after), 2 * SEASON_REACH), 0, event)
            if found is not None:
                return found
    return None


def _introduced(story: Story, at: int, event: str) -> int | None:
    """The season a list's introducing line states for every item under it ("the series that
    lasted one season before being cancelled:"): the nearest line before the title's that ends
    in a colon, when it holds a cue of the claim's event."""
    for j in range(at - 1, max(-1, at - 1 - LIST_REACH), -1):
        text = story.parts[j].text.rstrip()
        if not text.endswith(":"):
            continue
        cues = [c for c in story.cues[j] if event in c.events]
        if not cues:
            return None
        return season_within(text, 0, len(text), event, cues[0].start, cues[0].end)[0]
    return None


_ASIDE = re.compile(r"\s*\([^()]{0,200}\)")


def _reach(text: str, end: int, n: int) -> int:
    """Where a reach of `n` characters after a title ends, not counting the asides in brackets
    that follow it ("Naomi (a DC show based on ...) and 4400 (a reboot) had single-season runs")."""
    at, left = end, n
    while (aside := _ASIDE.search(text, at)) is not None and aside.start() < at + left:
        left -= aside.start() - at
        at = aside.end()
    return min(len(text), at + left)


def _fence(sent: Sentence, starts: list[int], c: Candidate, before: bool) -> int:
    """Where another title's reach begins: a season beyond it is that title's. `starts` are
    the sentence's titles' starts, in order."""
    assert c.mention is not None
    mentions = sent.mentions
    if before:
        i = bisect_left(starts, min(c.mention.start, c.cue.start)) - 1
        while i >= 0 and mentions[i].series == c.series:
            i -= 1
        return mentions[i].end if i >= 0 else 0
    i = bisect_left(starts, max(c.mention.end, c.cue.end))
    while i < len(mentions) and mentions[i].series == c.series:
        i += 1
    return mentions[i].start if i < len(mentions) else len(sent.text)
