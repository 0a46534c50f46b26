"""How a title stands to a cue in one sentence: subject, object, conjunct, what lies between.

Read without a parse: the sentence's titles are taken in order once and joined into runs ("A,
B and drama C"); the words between a run's edge and the cue say the role (subject of a passive
"X has been renewed", object of "renews X", "the cancellation of X", "is returning to X").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise

from alerts.detection.candidates import Candidate
from alerts.detection.reading import Reading
from alerts.mentions import Mention

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


def relation(f: dict[str, float], text: str, runs: Runs, c: Candidate, rd: Reading) -> None:
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
