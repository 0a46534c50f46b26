"""Detection: a story (headline + text) and a watchlist in, status claims out. Pure: no I/O.

A story flows one way: `layout` (headline parts, sentences, list items, with the titles
`mentions` finds) -> `candidates` (a title and an event cue sharing a unit) -> `evidence` (what
the sentence's structure says about each) -> `model` (a learned score) -> `claims` (one per
series and event, with season and network) -> `explain` (why each fired or not).
"""

from __future__ import annotations

from alerts.detection.claims import Analysis, Claim, analyse
from alerts.detection.explain import explain
from alerts.mentions import Series, Watchlist

__all__ = ["Analysis", "Claim", "Series", "Watchlist", "analyse", "detect", "explain"]


def detect(title: str, text: str, watchlist: Watchlist) -> list[Claim]:
    """Status claims the story makes about watched series; one per (series, event)."""
    if not watchlist.may_name(title, text):
        return []  # the common case: a story that names no watched title
    return analyse(title, text, watchlist).claims
