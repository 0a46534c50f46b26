"""What the rule tables are made of: rule types and the helpers that compile patterns."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Literal

Event = Literal["renewed", "cancelled", "ending", "revived"]
Attach = Literal["left", "right", "both"]
IGNORE_CASE = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class EventRule:
    """A phrase that states an event; `attach` says on which side its series stands."""

    name: str
    event: Event
    pattern: re.Pattern[str]
    attach: Attach
    confidence: float
    needs_season: bool = False  # "picked up" alone is a new-series order, not a renewal
    negatable: bool = True  # "not renewed" is no renewal; "won't return" carries its own "not"
    hints: tuple[str, ...] = ()  # the pattern cannot match a sentence holding none of these
    lower: re.Pattern[str] | None = field(default=None, compare=False)  # see `lower_form`

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", lower_form(self.pattern))


@dataclass(frozen=True, slots=True)
class BlockRule:
    """A phrase near a trigger that stops it: hedge, other sense, background, negation."""

    name: str
    kind: Literal["hedge", "sense", "background"]
    pattern: re.Pattern[str]
    lower: re.Pattern[str] | None = field(default=None, compare=False)  # see `lower_form`

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", lower_form(self.pattern))

    def search(self, window: str, low: str) -> bool:
        """Whether the rule matches `window` (`low` is the same window lower-cased)."""
        return bool(self.lower.search(low) if self.lower else self.pattern.search(window))


def lower_form(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern for lower-cased text, compiled without IGNORECASE (about twice as fast), or
    None where case matters: an inline "(?-i:May)" or an upper-case literal ("S2")."""
    literals = re.sub(r"\\.", "", pattern.pattern)
    if "(?-i" in literals or re.search(r"[A-ZÀ-Þ]", literals):
        return None
    return re.compile(pattern.pattern)


_LOWERED: dict[re.Pattern[str], re.Pattern[str] | None] = {}


def isearch(
    pattern: re.Pattern[str],
    text: str,
    pos: int = 0,
    endpos: int = sys.maxsize,
    lower: str | None = None,
) -> re.Match[str] | None:
    """`pattern.search`, faster on ASCII text: there the pattern's `lower_form` reads the text
    lower-cased, which matches the same spans (the match's own text is lower-cased). `lower`
    is `text.lower()` when the caller has it."""
    if text.isascii():
        fast = _LOWERED.get(pattern, pattern)  # testing `pattern.flags` each time costs more
        if fast is pattern:
            fast = _LOWERED[pattern] = lower_form(pattern) if pattern.flags & IGNORE_CASE else None
        if fast is not None:
            return fast.search(text.lower() if lower is None else lower, pos, endpos)
    return pattern.search(text, pos, endpos)


def ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, IGNORE_CASE)


SHOW_NOUN = (
    r"(?:show|series|drama|comedy|sitcom|program|programme|anthology|procedural|thriller"
    r"|franchise|dramedy|docuseries|saga|soap|western|noir|miniseries|serial)"
)
