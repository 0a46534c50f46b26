"""Candidates: every (series, event) pair that a watched title and an event cue could state.

A title and a cue make a candidate where they share a headline part or a sentence, where the
cue stands in the scorecard line or list item of the title's heading, in the section heading
over a list item, in the sentence just before a sentence of titles ("They include A and B"),
or in a headline that names no title while the lead names one. The scope says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from alerts.detection.cues import Cue, find_cues
from alerts.layout import Sentence
from alerts.mentions import Mention, Series

LEAD_SENTENCES = 3
ANAPHOR_REACH = 2  # a cue with no title reaches back this many sentences ("the drama was axed")
NEAR_BEFORE, NEAR_AFTER = 3, 2  # any cue this many sentences around a title is a weak candidate
LIST_REACH = 40  # list items reach back over this many items to the sentence introducing them
NEAR_SCOPES = frozenset({"near-before", "near-after"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One title and one cue that may state `event` about `series`."""

    series: Series
    event: str
    cue: Cue
    cue_at: int  # index of the sentence holding the cue
    title_at: int  # index of the sentence naming the title
    mention: Mention | None  # the title in its sentence; None where a heading names it
    scope: str  # sentence | label | section | previous | list | anaphor | headline | near-*

    @property
    def near(self) -> bool:
        """A cue a few sentences off the title (`near-before`, `near-after`): the weakest scope."""
        return self.scope in NEAR_SCOPES


@dataclass(frozen=True, slots=True)
class Story:
    """A story's sentences (headline parts first) and the cues found in each."""

    parts: list[Sentence]
    cues: Sequence[list[Cue]]


class Cues(Sequence[list[Cue]]):
    """The cues of each sentence, looked for the first time they are asked for: a story's
    candidates and evidence read the sentences near its titles, not every sentence."""

    __slots__ = ("_found", "_parts")

    def __init__(self, parts: list[Sentence]) -> None:
        self._parts = parts
        self._found: list[list[Cue] | None] = [None] * len(parts)

    @overload
    def __getitem__(self, i: int) -> list[Cue]: ...
    @overload
    def __getitem__(self, i: slice) -> list[list[Cue]]: ...
    def __getitem__(self, i: int | slice) -> list[Cue] | list[list[Cue]]:
        if isinstance(i, slice):
            return [self[j] for j in range(len(self._parts))[i]]
        found = self._found[i]
        if found is None:
            found = self._found[i] = find_cues(self._parts[i].text)
        return found

    def __len__(self) -> int:
        return len(self._parts)


def read_story(parts: list[Sentence]) -> Story:
    """Cues are looked for only in a story that names a watched title, and there only in the
    sentences that candidates and evidence read."""
    if not any(s.mentions for s in parts):
        return Story(parts, [[] for _ in parts])
    return Story(parts, Cues(parts))


def _index(parts: list[Sentence], s: Sentence) -> int:
    return next(i for i, p in enumerate(parts) if p is s)


def candidates(story: Story) -> list[Candidate]:
    """Every candidate of the story, each (title, cue, scope) once."""
    out: list[Candidate] = []
    parts, cues = story.parts, story.cues
    headline_titles = any(s.mentions for s in parts if s.headline)
    body = [i for i, s in enumerate(parts) if not s.headline]
    lead = set(body[:LEAD_SENTENCES])
    heads = [j for j, p in enumerate(parts) if p.headline]
    any_near = False
    for i, s in enumerate(parts):
        intro = _intro(parts, cues, i)
        near = _near(parts, cues, i, intro) if s.mentions else []
        any_near = any_near or bool(near)
        for m in s.mentions:
            for j in near:
                out += _pair(m.series, cues[j], j, i, m, "near-before" if j < i else "near-after")
            out += _pair(m.series, cues[i], i, i, m, "sentence")
            if intro is not None:
                out += _pair(m.series, cues[intro], intro, i, m, "list")
            elif i > 0 and not parts[i - 1].headline:
                out += _pair(m.series, cues[i - 1], i - 1, i, m, "previous")
            if s.under is not None:
                at = _index(parts, s.under)
                out += _pair(m.series, cues[at], at, i, m, "section")
            if s.headline:  # "Title: Renewed!", "Title - Canceled After 1 Season"
                for h in heads:
                    if h != i:
                        out += _pair(m.series, cues[h], h, i, m, "headline")
            elif (i in lead and not headline_titles) or s.heading:
                for h in heads + (body[:1] if s.heading else []):
                    out += _pair(m.series, cues[h], h, i, m, "headline")
        named = {m.series for m in s.mentions}
        if s.label is not None and s.label not in named:
            out += _pair(s.label, cues[i], i, i, None, "label")
        if not s.mentions and not s.headline:
            out += _anaphors(parts, cues, i)
    if not any_near:
        return out
    # a cue a few lines off is read only for a pair that nothing closer states
    close = {(c.series, c.event) for c in out if c.scope not in NEAR_SCOPES}
    return [c for c in out if c.scope not in NEAR_SCOPES or (c.series, c.event) not in close]


def _near(parts: list[Sentence], cues: Sequence[list[Cue]], i: int, intro: int | None) -> list[int]:
    """Body sentences around sentence `i` whose cues no closer scope pairs with its titles: a
    status told a few lines off ("Status: renewed" under a title's own lines)."""
    if parts[i].headline:
        return []
    under = parts[i].under
    taken = {i, intro, i - 1, _index(parts, under) if under is not None else None}
    lo, hi = max(0, i - NEAR_BEFORE), min(len(parts), i + NEAR_AFTER + 1)
    return [j for j in range(lo, hi) if j not in taken and not parts[j].headline and cues[j]]


def _intro(parts: list[Sentence], cues: Sequence[list[Cue]], i: int) -> int | None:
    """The sentence with cues that introduces the run of cue-less title items `i` ends
    ("cancelled after one season: / 1. A / 2. B"), if any."""
    if not parts[i].mentions or cues[i]:
        return None
    j = i - 1
    while j >= max(0, i - LIST_REACH) and _item(parts[j]) and not cues[j]:
        j -= 1
    if j < 0 or parts[j].headline or not cues[j]:
        return None
    return j


def _item(s: Sentence) -> bool:
    return bool(s.mentions) and (s.heading or len(s.text.split()) <= 8)


def _anaphors(parts: list[Sentence], cues: Sequence[list[Cue]], i: int) -> list[Candidate]:
    """A cue in a sentence naming no title may be about the titles just named."""
    for j in range(i - 1, max(-1, i - 1 - ANAPHOR_REACH), -1):
        if parts[j].mentions:
            return [
                c for m in parts[j].mentions for c in _pair(m.series, cues[i], i, j, m, "anaphor")
            ]
    return []


def _pair(
    series: Series, cues: list[Cue], cue_at: int, title_at: int, m: Mention | None, scope: str
) -> list[Candidate]:
    return [Candidate(series, ev, c, cue_at, title_at, m, scope) for c in cues for ev in c.events]
