"""List membership: where a title stands in a run of titles whose decision one cue tells.

A roundup tells one decision for many titles: "NBC has renewed A, B, C and D", "Out: A, B (an
aside), C", "A, B and C will not return". What counts is the title's place in the run (how many
items from its cue, not how many characters or titles), the run's size, and whether the cue
introduces or adjoins the run: an item of such a run stands to the cue as the run's edge does.
A title named in passing is in no such run. Reads the sentence's titles as `relation` orders
them; decides nothing itself.
"""

from __future__ import annotations

import math
import re

from alerts.detection.candidates import Candidate
from alerts.mentions import Mention

# what may stand between a cue and the run of titles it introduces: "Out: A", "axed: A",
# "renewed the following shows: A", "include A"
_INTRODUCER = re.compile(
    r":|\b(?:include[sd]?|including|are|were|as\s+follows|such\s+as|namely)\b", re.I
)
_LIST_JOIN = re.compile(
    r"['\"”’*]*\s*(?:\([^()]{0,80}\))?['\"”’*]*\s*(?:,|and|&|or|;)\s*(?:and\s+|or\s+|&\s+)?"
    r"(?:[\w-]+\s+){0,2}?['\"“‘*]*$",
    re.IGNORECASE,
)
RUN_MIN = 2  # a run of this many titles is a list


def run_evidence(
    f: dict[str, float], text: str, ordered: list[Mention], i: int, c: Candidate
) -> None:
    """A title in a run of titles sharing the cue of its sentence ("A, B (an aside), C and D"):
    the run's size, the title's distance from the cue in items, whether the cue introduces the
    run ("axed five series: A, B, C") or adjoins its edge."""
    lo, hi = _list_run(text, ordered, i)
    n = hi - lo + 1
    if n < RUN_MIN:
        return
    ev = c.event
    f["list-run-log"] = math.log1p(n)
    first, last = ordered[lo], ordered[hi]
    if c.cue.end <= first.start:  # the cue stands before the run
        f["list-items-from-cue-log"] = math.log1p(i - lo)
        gap = text[c.cue.start : first.start]
        if _INTRODUCER.search(gap):
            f[f"list-introduced|{ev}"] = 1.0
        elif len(text[c.cue.end : first.start].split()) <= 3:
            f[f"list-adjoins|{ev}"] = 1.0
    elif last.end <= c.cue.start:  # the run stands before the cue: "A, B and C were renewed"
        f["list-items-from-cue-log"] = math.log1p(hi - i)
        if len(text[last.end : c.cue.start].split()) <= 4:
            f[f"list-adjoins|{ev}"] = 1.0
    else:
        f["list-cue-inside"] = 1.0  # the cue stands among the run's items
    if f.get(f"list-introduced|{ev}") or f.get(f"list-adjoins|{ev}"):
        _as_list_edge(f, ev, "object" if c.cue.end <= first.start else "subject")


def _as_list_edge(f: dict[str, float], ev: str, role: str) -> None:
    """An item of a list that its cue introduces or adjoins stands to the cue as the list's edge
    does: its distance is counted in items, not in the characters and titles before it."""
    for k in [k for k in f if k.startswith(("role=", "gap="))]:
        del f[k]
    f["titles-between"] = 0.0
    f["nearest"] = 1.0
    f[f"role={role}"] = 1.0
    f[f"role={role}|{ev}"] = 1.0


def _list_run(text: str, ordered: list[Mention], i: int) -> tuple[int, int]:
    """The first and last index of the run of titles holding title `i`: neighbours joined by a
    comma, "and", "&", "or" or a semicolon, past an aside in brackets of up to 80 characters."""
    lo = i
    while lo > 0 and _LIST_JOIN.match(text, ordered[lo - 1].end, ordered[lo].start):
        lo -= 1
    hi = i
    while hi + 1 < len(ordered) and _LIST_JOIN.match(text, ordered[hi].end, ordered[hi + 1].start):
        hi += 1
    return lo, hi
