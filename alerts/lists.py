"""Lists that take the news of an intro: list items, follow-up sentences, numbered sequels.

"NBC renewed five series. They include A, B and C." / "1. Title" under "shows cancelled:" /
"Netflix renewed seven dramas ... Title 2 will arrive". Sentence-level linking is `alerts.compose`.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable

from alerts import rules
from alerts import rules_hedges as hedges
from alerts import rules_links as links
from alerts import rules_seasons as seasons
from alerts.blocks import clause_span, unnamed, why_blocked
from alerts.layout import Sentence
from alerts.link import Trigger, find_triggers, list_from
from alerts.rules_base import isearch
from alerts.weigh import Claim, Finding

LIST_NOUN = re.compile(
    r"\b(?:shows|series|dramas|comedies|sitcoms|titles|programs|following|these|here\s+are"
    r"|every\s+(?:show|title|drama|comedy))\b",
    re.IGNORECASE,
)


def follow_ups(parts: list[Sentence], found: list[Finding]) -> list[Finding]:
    """ "NBC renewed five series on Friday. They include A, B and C." - the list takes the news."""
    out: list[Finding] = []
    claimed = {id(f.sentence) for f in found if f.claim}
    intros = _Intros(found, _may_plain_intro, _list_news)
    first_text = next((i for i, s in enumerate(parts) if not s.headline), len(parts))
    for i, sent in enumerate(parts):
        if sent.headline or not sent.mentions:
            continue
        lead = isearch(links.FOLLOW_UP, sent.text)
        if lead is None or id(sent) in claimed:
            continue
        story_lead = parts[first_text : first_text + 1] if first_text < i - 3 else []
        intro = intros.last_in(parts[max(0, i - 3) : i]) or intros.last_in(
            story_lead
        )  # the sentences just before, else the story's opening sentence
        listed = [m for m in sent.mentions if m.start >= lead.end()]
        if intro is None or not listed:
            continue
        for m in list_from(sent, listed, []):
            c = Claim(
                m.series.title,
                intro.trigger.rule.event,
                None,
                m.series.network,
                0.7,
                sent.original or sent.text,
                f"follow-up:{intro.trigger.rule.name}",
            )
            out.append(Finding(m.series, intro.trigger, sent, c, "a list after the news"))
    return out


def numbered_sequels(parts: list[Sentence], found: list[Finding]) -> list[Finding]:
    """ "Netflix renewed seven dramas. ... Title 3 is coming" - a numbered sequel after the news."""
    out: list[Finding] = []
    before = _Intros(found, _may_plain_intro, _list_news).before(parts)
    for i, sent in enumerate(parts):
        if sent.headline or not sent.mentions or not links.SEQUEL_NUMBER.search(sent.text):
            continue
        intro = before(i)
        if intro is None or intro.trigger.rule.event != "renewed":
            continue
        for m in sent.mentions:
            number = links.SEQUEL_NUMBER.match(sent.text, m.end)
            if number is None or not _states_now(sent.text, m.start):
                continue
            c = Claim(
                m.series.title,
                "renewed",
                int(number[1]),
                m.series.network,
                0.7,
                sent.original or sent.text,
                f"numbered:{intro.trigger.rule.name}",
            )
            out.append(
                Finding(m.series, intro.trigger, sent, c, "a numbered sequel after the news")
            )
    return out


def _states_now(text: str, at: int) -> bool:
    """The clause holding `at` speaks in the present or future, unhedged: "X 2 will arrive"."""
    cuts = [0] + [m.end() for m in links.SEQUEL_CLAUSE.finditer(text)] + [len(text) + 1]
    lo = max(c for c in cuts if c <= at)
    clause = text[lo : min(c for c in cuts if c > at) - 1]
    if not links.PRESENT_VERB.search(clause) or links.PAST_VERB.search(clause):
        return False
    return not any(b.kind == "hedge" and b.pattern.search(clause) for b in hedges.BLOCK_RULES)


class _Intros:
    """The findings that may introduce a list, by sentence, to tell the last of them (in the
    order found) within a run of sentences. Built once a story, so a question costs the run's
    length, not the story's (asked once a sentence, a scan of the story made detection
    quadratic); the costly test (`ok`) runs only when asked, at most once a finding.
    Sentences are told apart as `in` does, by equality: a repeated sentence is the same."""

    def __init__(
        self, found: list[Finding], may: Callable[[Finding], bool], ok: Callable[[Finding], bool]
    ) -> None:
        self._found = found
        self._ok = ok
        self._passed: dict[int, bool] = {}
        self._by_sentence: dict[Sentence, list[int]] = {}
        for n, f in enumerate(found):
            if may(f):
                self._by_sentence.setdefault(f.sentence, []).append(n)

    def _passes(self, n: int) -> bool:
        if n not in self._passed:
            self._passed[n] = self._ok(self._found[n])
        return self._passed[n]

    def last_in(self, parts: list[Sentence]) -> Finding | None:
        held = {n for s in set(parts) for n in self._by_sentence.get(s, ())}
        return next((self._found[n] for n in sorted(held, reverse=True) if self._passes(n)), None)

    def before(self, parts: list[Sentence]) -> Callable[[int], Finding | None]:
        """`last_in(parts[:i])`, for `i` that never decrease from one question to the next."""
        heap: list[int] = []  # candidates' positions, negated: the last found on top
        seen: set[Sentence] = set()
        done = 0

        def answer(i: int) -> Finding | None:
            nonlocal done
            for s in parts[done:i]:
                if s not in seen:
                    seen.add(s)
                    for n in self._by_sentence.get(s, ()):
                        heapq.heappush(heap, -n)
            done = max(done, i)
            while heap and not self._passes(-heap[0]):
                heapq.heappop(heap)  # fails whatever the run: never asked again
            return self._found[-heap[0]] if heap else None

        return answer


def _intro(parts: list[Sentence], found: list[Finding]) -> Finding | None:
    """The unhedged news phrase that introduces a list: "shows cancelled after one season:"."""
    heads = [s for s in parts if s.headline]
    hedged = any(why_blocked(h, Trigger(rules.EVENT_RULES[0], 0, 0), (0, 0)) for h in heads)
    return _Intros(found, lambda f: _may_intro(f, hedged), _list_news).last_in(parts)


def _may_plain_intro(f: Finding) -> bool:
    """May be an intro in the text (not the headline)."""
    return not f.sentence.headline and _may_intro(f, False)


def _may_intro(f: Finding, hedged: bool) -> bool:
    """A news phrase naming no title ("hedged": the headline is, so none of it counts)."""
    if f.series is not None or f.trigger.rule.needs_season:
        return False
    return not (f.sentence.headline and hedged)


def _list_news(f: Finding) -> bool:
    """Unhedged news in a sentence about shows."""
    if not isearch(LIST_NOUN, f.sentence.text):
        return False
    return why_blocked(f.sentence, f.trigger, (f.trigger.start, f.trigger.end)) is None


def section_items(parts: list[Sentence], found: list[Finding]) -> list[Finding]:
    """ "RENEWED" over "- Title - season 3": list items take their section heading's news; a
    heading that states none or hedges it ("Pending:", "On the bubble:") gives none."""
    fresh = {(f.series, f.claim.event) for f in found if f.claim and not f.background}
    out: list[Finding] = []
    for h in parts:
        if h.under is None or h.label is None or (trig := _heading_news(h.under)) is None:
            continue
        event = trig.rule.event
        if (h.label, event) in fresh or any(f.series == h.label for f in out):
            continue
        season = seasons.season_in(unnamed(h), event, 0)[0]
        rule = f"section:{trig.rule.name}"
        claim = Claim(h.label.title, event, season, h.label.network, 0.7, h.original, rule)
        why = f"a list item under the heading {h.under.text!r}"
        out.append(Finding(h.label, trig, h, claim, why))
    return out


def _heading_news(head: Sentence) -> Trigger | None:
    """The unhedged news phrase of a section heading ("CANCELED"), if it states one."""
    for t in find_triggers(head):
        if not t.rule.needs_season and why_blocked(head, t, (t.start, t.end)) is None:
            return t
    return None


def list_items(parts: list[Sentence], found: list[Finding]) -> list[Finding]:
    """List items ("1. Title", "Title (NBC)") stating nothing themselves take the intro's news;
    items under a section heading of their own ("RENEWED", "Pending:") take the heading's."""
    headings = [s for s in parts if s.heading and s.label is not None and s.under is None]
    intro = _intro(parts[: parts.index(headings[0])], found) if headings else None
    if intro is None:
        return []
    event, rule = intro.trigger.rule.event, intro.trigger.rule.name
    lo, hi = clause_span(intro.sentence, intro.trigger.start, intro.trigger.end)
    stated, _ = seasons.season_within(unnamed(intro.sentence), lo, hi, event, intro.trigger.start)
    fresh = {f.series for f in found if f.claim and not f.background}
    out: list[Finding] = []
    for h in headings:
        assert h.label is not None
        if h.label in fresh or any(f.series == h.label for f in out):
            continue
        section = " ".join(unnamed(s) for s in parts if s.label == h.label and not s.headline)
        season = stated if stated is not None else seasons.season_in(section, event, 0)[0]
        evidence = h.original or h.text
        claim = Claim(h.label.title, event, season, h.label.network, 0.7, evidence, f"list:{rule}")
        out.append(Finding(h.label, intro.trigger, h, claim, f"a list item under {rule!r}"))
    return out


# A scorecard entry that is only a title and its details: "Title (NBC, season 3)."
_ITEM_HEAD = re.compile(r"[^\w(]*(?:\d{1,2}[.)]\s*)?['\"“‘]?")
_ITEM_TAIL = re.compile(r"['\"”’]?\s*\([^()]*\)\s*[.;]?\s*")


def bare_items(parts: list[Sentence], found: list[Finding]) -> list[Finding]:
    """ "Every show renewed so far: A (NBC, season 2). B (FX, season 4)." - sentences naming
    one title and its details in parentheses take the news of the list's intro."""
    out: list[Finding] = []
    fresh = {f.series for f in found if f.claim and not f.background}
    before = _Intros(found, _may_scorecard, _scorecard_news).before(parts)
    for i, sent in enumerate(parts):
        if sent.headline or len(sent.mentions) != 1 or sent.mentions[0].series in fresh:
            continue
        m = sent.mentions[0]
        if not _ITEM_HEAD.fullmatch(sent.text, 0, m.start) or not _ITEM_TAIL.fullmatch(
            sent.text, m.end
        ):
            continue
        intro = before(i)
        if intro is None:
            continue
        event, rule = intro.trigger.rule.event, intro.trigger.rule.name
        season = seasons.season_in(unnamed(sent), event, 0)[0]
        evidence = sent.original or sent.text
        claim = Claim(
            m.series.title, event, season, m.series.network, 0.7, evidence, "item:" + rule
        )
        why = f"a scorecard entry under {rule!r}"
        out.append(Finding(m.series, intro.trigger, sent, claim, why))
    return out


def _may_scorecard(f: Finding) -> bool:
    """May be the news phrase of a list's intro, which may also have named its first entry."""
    if f.trigger.rule.needs_season or f.background:
        return False
    return f.series is None or f.claim is not None


def _scorecard_news(f: Finding) -> bool:
    """Unhedged news in a sentence about shows, or a scorecard's earlier news."""
    if not isearch(LIST_NOUN, f.sentence.text):
        return False
    why = why_blocked(f.sentence, f.trigger, (f.trigger.start, f.trigger.end))
    return why is None or why.startswith("background")  # a scorecard's earlier news counts
