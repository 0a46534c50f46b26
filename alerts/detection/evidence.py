"""Evidence: what a candidate's sentence says about it, as named features for the model.

Read from the sentence's structure (`alerts.detection.reading`): whether the title is the
subject or object of the cue or a conjunct of a list that is, what stands between them, what
governs the cue in its clause (modality, wishes, negation, time, reported speech, questions),
where the sentence stands, which titles compete for the cue, and how the story names the title.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from alerts.detection.candidates import Candidate, Story
from alerts.detection.reading import Reading, read
from alerts.mentions import Mention, Series

# what may stand between a subject title and its cue: "X has officially been renewed"
_SUBJECT_GAP = re.compile(
    r"^[\s'\"”’*)]*(?:\([^()]{0,40}\)\s*)?,?\s*(?:(?:has|have|had|is|are|was|were|be|been|being"
    r"|gets?|got|will|would|officially|just|already|now|also|reportedly|formally|finally|quietly"
    r"|not|n't|won't|isn't|wasn't|to|set|has\s+been|season\s+\d+|s\d+|\d+)\s+)*$",
    re.IGNORECASE,
)
# what may stand between a cue and its object title: "renews comedy series 'X'"
_OBJECT_GAP = re.compile(
    r"^(?:s|es|ed|ing|d)?[\s'\"‘“*:,—–-]*(?:(?:are|is|was|were|include[sd]?|including|also|like"
    r"|namely|the|its|their|a|an|hit|freshman|sophomore|drama|comedy|series|show|shows|sitcom"
    r"|docuseries|thriller|procedural|reboot|spinoff|spin-off|anthology|veteran|rookie|new"
    r"|original|animated|reality|fan[\s-]favou?rite|(?:[\w-]+\s+){0,2}[\w-]+['’]s?)"
    r"[\s'\"‘“:,]+){0,4}$",
    re.IGNORECASE,
)
_OF_GAP = re.compile(r"^[\s'\"‘“]*(?:of|for|on)\s+(?:the\s+)?(?:\w+\s+){0,2}?[\s'\"‘“]*$", re.I)
# "is returning to X", "moves to X": someone (or something) goes to the title
_TO_GAP = re.compile(r"^[\s'\"‘“]*(?:to|in|at)\s+(?:the\s+)?(?:\w+\s+){0,2}?[\s'\"‘“]*$", re.I)
_POSSESSIVE = re.compile(r"^['’]s?\s+(?:[\w-]+\s+){0,3}$")
_JOIN = re.compile(
    r"^['\"”’*]*\s*(?:\([^()]{0,40}\))?['\"”’*]*\s*(?:,|and|&|or|;)\s*(?:and\s+|or\s+|&\s+)?"
    r"(?:[\w-]+\s+){0,2}?['\"“‘*]*$",
    re.IGNORECASE,
)
# a cue introducing the list of titles after it: a colon, "include", "are", "as follows"
_INTRODUCES = re.compile(
    r":|\b(?:include[sd]?|including|are|were|among\s+them|as\s+follows|such\s+as)\b", re.I
)
_PAREN_OPEN = re.compile(r"\([^)]*$")
_HEDGE = re.compile(
    r"\b(?:could|may|might|would|hope[sd]?|hoping|wants?|deserves?|petition\w*|rumou?r\w*"
    r"|reportedly|predict\w*|bubble|odds|chances?|likely|unlikely|fate|whether|if|expect\w*"
    r"|wish\w*|everything\s+we\s+know|release\s+date)\b|\?"
)


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What the whole story says about its titles, computed once per story."""

    named: Counter[Series]
    headline: frozenset[Series]
    headline_events: frozenset[str]
    headline_hedged: bool
    titles: int
    body: bool
    hedging: float  # log of the story's hedge words: speculation, wish lists, bubble watches
    readings: dict[int, Reading]
    parts: dict[tuple[object, ...], dict[str, float]]  # evidence shared by many candidates
    title_runs: dict[int, Runs]

    def runs(self, story: Story, i: int) -> Runs:
        found = self.title_runs.get(i)
        if found is None:
            s = story.parts[i]
            found = self.title_runs[i] = runs_of(s.text, list(s.mentions))
        return found

    def reading(self, story: Story, i: int) -> Reading:
        found = self.readings.get(i)
        if found is None:
            found = self.readings[i] = read(story.parts[i].text)
        return found


def story_facts(story: Story) -> StoryFacts:
    named: Counter[Series] = Counter()
    headline: set[Series] = set()
    events: set[str] = set()
    hedged = False
    for s, cues in zip(story.parts, story.cues, strict=True):
        named.update({m.series for m in s.mentions})
        if s.headline:
            headline.update(m.series for m in s.mentions)
            events.update(e for c in cues for e in c.events)
            hedged = hedged or "?" in s.text
    body = any(not s.headline for s in story.parts)
    hedges = sum(len(_HEDGE.findall(s.text.lower())) for s in story.parts)
    hedged = hedged or any(_HEDGE.search(s.text.lower()) for s in story.parts if s.headline)
    return StoryFacts(
        named,
        frozenset(headline),
        frozenset(events),
        hedged,
        len(named),
        body,
        math.log1p(hedges),
        {},
        {},
        {},
    )


def features(c: Candidate, story: Story, facts: StoryFacts) -> dict[str, float]:
    """The evidence for one candidate, as feature name -> value. What depends only on the cue,
    only on the title's place or only on the series is read once per story."""
    ev = c.event
    f = dict(_shared(facts, ("cue", c.cue_at, c.cue, ev), lambda: _cue_side(c, story, facts)))
    f[f"scope={c.scope}|{ev}"] = 1.0
    if c.cue_at != c.title_at and story.parts[c.cue_at].mentions:  # the cue has its own titles
        f[f"cue-has-own-titles|{c.scope}"] = 1.0
    if c.cue_at != c.title_at and story.cues[c.title_at]:  # the title has cues of its own
        f[f"title-has-own-cues|{c.scope}"] = 1.0
    if c.mention is not None:
        m = c.mention
        f.update(_shared(facts, ("title", c.title_at, m), lambda: _title_place(story, facts, c)))
        if c.scope in ("sentence", "headline") and c.title_at == c.cue_at:
            cs = story.parts[c.cue_at]
            runs = facts.runs(story, c.cue_at)
            _relation(f, cs.text, runs, c, facts.reading(story, c.cue_at))
    elif c.scope == "label":
        f["label-line"] = 1.0
    f.update(_shared(facts, ("series", c.series, ev), lambda: _story_side(c, facts)))
    return f


def _shared(
    facts: StoryFacts, key: tuple[object, ...], make: Callable[[], dict[str, float]]
) -> dict[str, float]:
    found = facts.parts.get(key)
    if found is None:
        found = facts.parts[key] = make()
    return found


def _cue_side(c: Candidate, story: Story, facts: StoryFacts) -> dict[str, float]:
    ev = c.event
    f: dict[str, float] = {f"cue={c.cue.name}|{ev}": 1.0, f"event={ev}": 1.0}
    cs = story.parts[c.cue_at]
    where = "headline" if cs.headline else "lead" if c.cue_at == _first_body(story) else "body"
    f[f"at={where}"] = 1.0
    f[f"at={where}|{ev}"] = 1.0
    _governors(f, facts.reading(story, c.cue_at), c, ev)
    _competition(f, c, story, ev)
    return f


def _title_place(story: Story, facts: StoryFacts, c: Candidate) -> dict[str, float]:
    assert c.mention is not None
    f: dict[str, float] = {}
    ts = story.parts[c.title_at]
    runs = facts.runs(story, c.title_at)
    first = runs.ordered[runs.run[runs.index(c.mention)][0]]
    _title_side(f, ts.text, first, facts.reading(story, c.title_at))
    if ts.heading:
        f["title-heading"] = 1.0
    if len(ts.text.split()) <= 8:
        f["title-short-line"] = 1.0
    return f


def _first_body(story: Story) -> int:
    return next((i for i, s in enumerate(story.parts) if not s.headline), -1)


def _governors(f: dict[str, float], rd: Reading, c: Candidate, ev: str) -> None:
    """Markers in the cue's clause before the cue (and a few just after it)."""
    lo, hi = rd.clause(c.cue.start)
    before = max(lo, c.cue.start - 60)
    for kind in ("modal", "wish", "predict", "rumor", "cond", "past", "future", "perfect",
                 "official", "speculate", "after-being", "also", "airing"):  # fmt: skip
        if rd.within(kind, before, c.cue.end):
            f[f"gov={kind}"] = 1.0
            f[f"gov={kind}|{ev}"] = 1.0
    if rd.within("neg", max(lo, c.cue.start - 25), c.cue.start):
        f[f"neg|{ev}"] = 1.0
    after = min(hi, c.cue.end + 50)
    if rd.within("other-sense", max(lo, c.cue.start - 30), min(hi, c.cue.end + 30)):
        f[f"other-sense|{ev}"] = 1.0  # "stars renew contracts", "vow renewal", "cancelled flights"
    for kind in ("past", "after-being", "season", "network", "cond", "neg", "airing"):
        if rd.within(kind, c.cue.end, after):
            f[f"post={kind}|{ev}"] = 1.0
    if rd.within("relative", max(lo, c.cue.start - 30), c.cue.start):
        f["cue-in-relative"] = 1.0
    if rd.question:
        f[f"question|{ev}"] = 1.0
    if rd.within("said", 0, 1 << 30):
        f["reported"] = 1.0
    if rd.within("fans", max(lo, c.cue.start - 60), after):
        f["fans"] = 1.0


def _competition(f: dict[str, float], c: Candidate, story: Story, ev: str) -> None:
    cs = story.parts[c.cue_at]
    n = len({m.series for m in cs.mentions})
    f["titles-in-cue-sentence-log"] = math.log1p(n)
    if n == 1:
        f["only-title-in-cue-sentence"] = 1.0
    others = {e for x in story.cues[c.cue_at] for e in x.events if x is not c.cue} - {ev}
    names = {x.name for x in story.cues[c.cue_at] if x is not c.cue}
    for e in others:
        f[f"co={e}|{ev}"] = 1.0
    if "final-season" in names:
        f[f"co-final|{ev}"] = 1.0
    words = len(cs.text.split())
    f["short-sentence"] = 1.0 if words <= 8 else 0.0


def _title_side(f: dict[str, float], text: str, m: Mention, rd: Reading) -> None:
    """How the title stands in its own sentence: in brackets, a credit, an example."""
    head = text[max(0, m.start - 30) : m.start]
    if _PAREN_OPEN.search(head):
        f["title-in-brackets"] = 1.0
    before = max(0, m.start - 25)
    if rd.within("credit", before, m.start) or rd.within("credit", m.end, m.end + 12):
        f["title-credit"] = 1.0
    if rd.within("example", before, m.start):
        f["title-example"] = 1.0
    if rd.within("relative", max(0, m.start - 20), m.start):
        f["title-in-relative"] = 1.0
    if m.start <= 2:
        f["title-opens"] = 1.0


@dataclass(frozen=True, slots=True)
class Runs:
    """A sentence's titles in order, and the runs of them that commas and "and" join."""

    ordered: list[Mention]
    starts: list[int]
    run: list[tuple[int, int]]  # for each title, the first and last index of its run

    def index(self, m: Mention) -> int:
        return bisect_left(self.starts, m.start)

    def inside(self, lo: int, hi: int) -> int:
        """How many titles lie within [lo, hi)."""
        first = bisect_left(self.starts, lo)
        last = first
        while last < len(self.ordered) and self.ordered[last].end <= hi:
            last += 1
        return last - first

    def nearest(self, start: int, end: int) -> int:
        """The index of the title nearest the span [start, end)."""
        i = bisect_left(self.starts, end)  # the first title starting at or after the span's end
        best, distance = -1, 1 << 30
        for j in (i - 1, i):
            if 0 <= j < len(self.ordered):
                x = self.ordered[j]
                d = start - x.end if x.end <= start else max(0, x.start - end)
                if d < distance:
                    best, distance = j, d
        return best


def runs_of(text: str, mentions: list[Mention]) -> Runs:
    """One pass over the sentence's titles: which neighbours are joined ("A, B and drama C")."""
    ordered = sorted(mentions, key=lambda x: x.start)
    joined = [_JOIN.match(text[a.end : b.start]) is not None for a, b in pairwise(ordered)]
    run: list[tuple[int, int]] = []
    first = 0
    for i in range(len(ordered)):
        if i == len(ordered) - 1 or not joined[i]:
            run += [(first, i)] * (i - first + 1)
            first = i + 1
    return Runs(ordered, [x.start for x in ordered], run)


def _relation(f: dict[str, float], text: str, runs: Runs, c: Candidate, rd: Reading) -> None:
    """Title and cue in one sentence: subject, object, conjunct; what stands between."""
    m = c.mention
    assert m is not None
    ev = c.event
    lo_i, hi_i = runs.run[runs.index(m)]
    f["conjunct"] = 1.0 if hi_i > lo_i else 0.0
    first, last = runs.ordered[lo_i], runs.ordered[hi_i]
    before = last.end <= c.cue.start
    edge = last if before else first
    gap = text[edge.end : c.cue.start] if before else text[c.cue.end : edge.start]
    span = (edge.end, c.cue.start) if before else (c.cue.end, edge.start)
    f["titles-between"] = float(min(runs.inside(*span), 3))
    f["nearest"] = 1.0 if lo_i <= runs.nearest(c.cue.start, c.cue.end) <= hi_i else 0.0
    role = _role(gap, before)
    f[f"role={role}"] = 1.0
    f[f"role={role}|{ev}"] = 1.0
    words = len(gap.split())
    f[f"gap={_bucket(words)}"] = 1.0
    lo, hi = rd.clause(c.cue.start)
    f["same-clause"] = 1.0 if lo <= edge.start < hi else 0.0
    f["title-before"] = 1.0 if before else 0.0
    if not before and hi_i > lo_i and _INTRODUCES.search(gap):  # "axed five series: A, B"
        f[f"introduced-list|{ev}"] = 1.0


def _role(gap: str, before: bool) -> str:
    if before:
        if _SUBJECT_GAP.match(gap):
            return "subject"
        if _POSSESSIVE.match(gap):
            return "possessive"
        return "before-far"
    if _OF_GAP.match(gap):
        return "of"
    if _TO_GAP.match(gap):
        return "to"
    if _OBJECT_GAP.match(gap):
        return "object"
    return "after-far"


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1-2" if n <= 2 else "3-5" if n <= 5 else "6-10" if n <= 10 else "11+"


def _story_side(c: Candidate, facts: StoryFacts) -> dict[str, float]:
    f: dict[str, float] = {}
    ev = c.event
    named = facts.named[c.series]
    f["named-log"] = math.log1p(named)
    top = max(facts.named.values(), default=0)
    if named == top and named > 0:
        f["topic"] = 1.0
    if c.series in facts.headline:
        f["in-headline"] = 1.0
        if ev in facts.headline_events:
            f[f"headline-says|{ev}"] = 1.0
    elif facts.headline:
        f["headline-names-others"] = 1.0
    if facts.headline_hedged:
        f["headline-hedged"] = 1.0
    f["story-hedging"] = facts.hedging
    f["story-titles-log"] = math.log1p(facts.titles)
    if not facts.body:  # a bare headline: one sentence to read, no repetition to count
        f[f"headline-only|{ev}"] = 1.0
    return f
