"""List membership: where a candidate's title stands in a list whose decision is told once.

A roundup tells one decision for many titles: a run of titles sharing one cue ("NBC has renewed
A, B, C and D"), a list under an introducing line or a status heading ("Out:", "RENEWED"), a
scorecard's rows ("A: Officially cancelled"). What counts is the title's place in the list
(how many items from its cue, not how many characters), the list's size, whether the cue
introduces it, and whether the list's other rows carry the same event. A title named in
passing has none of these. Reads the runs `relation` finds; decides nothing itself.
"""

from __future__ import annotations

import math
import re

from alerts.detection.candidates import Candidate, Story
from alerts.layout import Sentence
from alerts.mentions import Mention

# what may follow a title that opens a scorecard row: "A: ...", "A (Canceled)", "A — ..."
_ROW_MARK = re.compile(r"['\"”’*]*\s*(?:\(|:|\s[-–—]\s|[–—])")
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
HEADING_WORDS = 6  # a status heading over a list is this short: "Renewed before the season began:"


def list_evidence(c: Candidate, story: Story) -> dict[str, float]:
    """The candidate's list evidence as feature name -> value (empty for a title in no list)."""
    f: dict[str, float] = {}
    if c.mention is None:
        return f
    if c.scope in ("list", "section"):
        _items(f, c, story)
    if c.title_at == c.cue_at and _row(story.parts[c.title_at], c.mention):
        _rows(f, c, story)
    return f


def run_evidence(
    f: dict[str, float], text: str, ordered: list[Mention], i: int, c: Candidate
) -> None:
    """A title in a run of titles sharing the cue of its sentence ("A, B (an aside), C and D"):
    the run's size, its share of the sentence's titles, the title's distance from the cue in
    items, whether the cue introduces the run ("axed five series: A, B, C") or adjoins its edge."""
    lo, hi = _list_run(text, ordered, i)
    n = hi - lo + 1
    if n < RUN_MIN:
        return
    ev = c.event
    f["list-run-log"] = math.log1p(n)
    f["list-run-share"] = n / len(ordered)
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


def _row(s: Sentence, m: Mention) -> bool:
    """The sentence is a scorecard row: the title opens it, a colon or dash after it."""
    return not s.headline and m.start <= 2 and _ROW_MARK.match(s.text, m.end) is not None


def _rows(f: dict[str, float], c: Candidate, story: Story) -> None:
    """A scorecard row: how many rows the story has, and how many of them tell this event."""
    rows = [
        j
        for j, s in enumerate(story.parts)
        if s.mentions and _row(s, min(s.mentions, key=lambda x: x.start))
    ]
    told = sum(1 for j in rows if any(c.event in x.events for x in story.cues[j]))
    f[f"list-row|{c.event}"] = 1.0
    f["list-rows-log"] = math.log1p(len(rows))
    f["list-rows-told"] = told / len(rows) if rows else 0.0


def _items(f: dict[str, float], c: Candidate, story: Story) -> None:
    """A list item under an introducing line or a status heading: how far down the list the item
    stands (in items), how long the list is, whether the heading is a bare status word."""
    ev = c.event
    parts = story.parts
    k = sum(1 for j in range(c.cue_at + 1, c.title_at) if parts[j].mentions)
    n = k + 1
    j = c.title_at + 1
    while j < len(parts) and parts[j].mentions and not story.cues[j] and not parts[j].headline:
        n, j = n + 1, j + 1
    f["list-items-from-intro-log"] = math.log1p(k)
    f["list-size-log"] = math.log1p(n)
    if len(parts[c.cue_at].text.split()) <= HEADING_WORDS:
        f[f"list-status-heading|{ev}"] = 1.0
