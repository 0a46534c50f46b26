"""Finds watched series in text: one Aho-Corasick automaton over every title and alias.

Owns text folding (case, accents, punctuation, curly quotes), title variants (a
leading "The", brand possessives, squashed hashtags) and the "is this really
the title?" test for titles that are also ordinary words. It knows nothing
about renewals or cancellations.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

_APOSTROPHES = frozenset("'’‘`´")
_QUOTES = frozenset("\"'“”‘’«»„‚*_")
_BRANDS = ("marvel", "dc", "tom clancy", "disney", "star wars", "stephen king", "the walking dead")


@dataclass(frozen=True, slots=True)
class Series:
    title: str
    aliases: tuple[str, ...] = ()
    network: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in a text where a watched series is named (original offsets)."""

    series: Series
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded words joined by single spaces, padded, and where each word sits in the original."""

    text: str
    starts: tuple[int, ...]  # folded offset of each word
    spans: tuple[tuple[int, int], ...]  # original (start, end) of each word

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded words covering [start, end)."""
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, end - 1) - 1
        return self.spans[first][0], self.spans[last][1]


_WORD = re.compile(r"[^\W_]+(?:\x00s(?![^\W_]))?|&")
_fold_table: dict[int, str] = {}
_folded_chars: set[str] = set()


def _fold_chars(text: str) -> str:
    """Same length as `text`: letters lower-cased and stripped of accents, the rest blank."""
    new = set(text).difference(_folded_chars)
    for ch in new:
        _fold_table[ord(ch)] = _fold_one(ch)
    _folded_chars.update(new)
    return text.translate(_fold_table)


def _fold_one(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "\x00"
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    low = base.casefold()[:1] or " "
    return low if low.isalnum() or low == "&" else " "


def fold(text: str) -> Folded:
    """Case-folded, accent-free words separated by single spaces, padded with spaces."""
    chars = _fold_chars(text)
    words, starts, spans, pos = [], [], [], 1
    for word, start, end in _words(chars):
        words.append(word)
        starts.append(pos)
        spans.append((start, end))
        pos += len(word) + 1
    return Folded(" " + " ".join(words) + " ", tuple(starts), tuple(spans))


def _words(chars: str) -> Iterator[tuple[str, int, int]]:
    """Words of a folded text: "grey's" -> "greys", any other apostrophe splits words."""
    for m in _WORD.finditer(chars):
        yield m[0].replace("\x00", ""), m.start(), m.end()


def title_keys(title: str) -> set[str]:
    """Every folded spelling under which a title is recognised."""
    bare = "".join(c for c in title if c not in _APOSTROPHES)
    keys = {fold(t).text for t in (title, bare, title.replace("-", ""), title.replace(".", ""))}
    keys |= {k.replace(" & ", " and ") for k in keys} | {k.replace(" and ", " & ") for k in keys}
    for key in list(keys):
        if key.startswith(" the ") and len(key) > 6:
            keys.add(key[4:])
        for brand in _BRANDS:
            prefix = f" {brand}s "
            if key.startswith(prefix) and len(key) > len(prefix) + 1:
                keys.add(key[len(prefix) - 1 :])
    squashed = {" " + k.replace(" ", "") + " " for k in keys if k.strip().count(" ") >= 1}
    possessive = {k[:-1] + "s " for k in keys | squashed if not k.endswith("s ")}
    return {k for k in keys | squashed | possessive if k.strip()}


class Watchlist:
    """The watched series, compiled once into a single automaton."""

    def __init__(self, series: Iterable[Series]) -> None:
        self._series = tuple(series)
        self._automaton = ahocorasick.Automaton()
        for n, item in enumerate(self._series):
            for name in (item.title, *item.aliases):
                for key in title_keys(name):
                    self._add(key, n)
        if len(self._automaton):
            self._automaton.make_automaton()

    def _add(self, key: str, n: int) -> None:
        found = self._automaton.get(key, None)
        ids = found[1] if found is not None else ()
        if n not in ids:
            self._automaton.add_word(key, (len(key), (*ids, n)))

    def __len__(self) -> int:
        return len(self._series)

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions, longest first, that the text treats as titles."""
        if not len(self._automaton) or not text:
            return []
        spans = sorted(self._spans(fold(text)), key=lambda s: (s[0] - s[1], s[0]))
        taken: list[Mention] = []
        for start, end, n in spans:
            if any(start < m.end and m.start < end for m in taken):
                continue
            series = self._series[n]
            if looks_like_title(text, start, end, series.title):
                taken.append(Mention(series, start, end))
        return sorted(taken, key=lambda m: m.start)

    def _spans(self, folded: Folded) -> Iterator[tuple[int, int, int]]:
        for last, (key_len, ids) in self._automaton.iter(folded.text):
            start, end = folded.original(last - key_len + 2, last)
            for n in ids:
                yield start, end, n


def looks_like_title(text: str, start: int, end: int, title: str) -> bool:
    """Quoted, or capitalised as the title is; a one-word title needs more where capitals mislead.

    "You", "Lost" or "Time" capitalised in running text are titles, unless a capitalised
    word follows ("Naomi Watts"). In a Title Case line, where every word is capitalised,
    they count only quoted, first, or right beside a cue word ("drama You", "Lost season 2").
    """
    if _quoted(text, start, end) or not title[:1].isupper() or not _has_upper(text):
        return True
    if not (text[start].isupper() or text[start].isdigit()):
        return False
    if len(_WORD.findall(_fold_chars(title).removeprefix("the "))) > 1:
        return True
    if _cue_beside(text, start, end):
        return True
    if _title_case(text):
        return not text[:start].strip(" \"'“‘#@-–—([") or _beside_event(text, start, end)
    return not _NAME_GOES_ON.match(text, end)


def _beside_event(text: str, start: int, end: int) -> bool:
    """In a Title Case headline: "Renews, Timeless", "Lucifer Saved" - next to the news verb."""
    before = _EVENT_BEFORE.search(text, 0, start) is not None
    after = _EVENT_AFTER.match(text, end) is not None
    if after:
        return True
    return before and (not _NAME_GOES_ON.match(text, end) or bool(_FUNCTION_AFTER.match(text, end)))


_NAME_GOES_ON = re.compile(r"\s+[A-Z][a-z]")
_EVENT = (
    r"(?:re-?new|cancel|axe|ax|save|revive|end|return|pick|order|rescue|drop|uncancel"
    r"|un-cancel)\w*"
)
_EVENT_BEFORE = re.compile(_EVENT + r"[\s,:'\"‘“]*$", re.IGNORECASE)
_EVENT_AFTER = re.compile(r"[\s,:'\"’”]*(?:is\s+|has\s+been\s+|gets\s+)?" + _EVENT, re.IGNORECASE)
_FUNCTION_AFTER = re.compile(
    r"[\s,'\"’”]*(?:$|for|at|by|on|in|to|after|with|and|as|from|of|season|series|S\d)\b",
    re.IGNORECASE,
)
_CUE_BEFORE = re.compile(
    r"(?:series|show|sitcom|drama|comedy|docuseries|thriller|'s|’s)\s+$", re.IGNORECASE
)
_CUE_AFTER = re.compile(r"\s*(?:['’]s\s+)?(?:season|series|S\d|revival|reboot)\b", re.IGNORECASE)


def _cue_beside(text: str, start: int, end: int) -> bool:
    return bool(_CUE_BEFORE.search(text, max(0, start - 20), start) or _CUE_AFTER.match(text, end))


def _has_upper(text: str) -> bool:
    return any(c.isupper() for c in text)


def _quoted(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    return any(c in _QUOTES for c in before) and any(c in _QUOTES for c in after)


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’]{3,}", text)]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
