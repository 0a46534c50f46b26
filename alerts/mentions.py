"""Finds watched series in text: one Aho-Corasick automaton, and the sentences they sit in.

Owns text folding (case, accents, punctuation, curly quotes), title variants (a
leading "The", brand possessives, squashed hashtags), the "is this really the
title?" test for titles that are also ordinary words, and the story's layout:
headline parts, sentences, "Title: status" lines and list-item headings. It
knows nothing about renewals or cancellations.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate

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
    """Case-folded, accent-free words separated by single spaces, padded with spaces.

    "Grey's" folds to "greys"; any other apostrophe splits words.
    """
    chars = _fold_chars(text)
    matches = list(_WORD.finditer(chars))
    words = [m[0] for m in matches]
    if "\x00" in chars:
        words = [w.replace("\x00", "") for w in words]
    starts = tuple(accumulate((len(w) + 1 for w in words[:-1]), initial=1)) if words else ()
    return Folded(" " + " ".join(words) + " ", starts, tuple(m.span() for m in matches))


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
        return _beside_event(text, start, end)
    if _DETERMINER_BEFORE.search(text, 0, start):
        return False  # "the House voted": a noun, not the show
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
_EVENT_AFTER = re.compile(
    r"[\s,:'\"’”]*(?:(?:is|was|were|has|have|had|will|been|be|gets|got|officially|just|finally"
    r"|reportedly)\s+)*" + _EVENT,
    re.IGNORECASE,
)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|our|your|their|its|his|her)\s+$", re.I)
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


# ----------------------------------------------------------------- sentences

_SENTENCE_END = re.compile(r"(?<=[.!?])['\"”’)]*\s+(?=[\"“‘'(]?[A-Za-z0-9@#])")
_HEADLINE_BREAK = re.compile(r"\s+[-–—|]\s+|:\s+|(?<=[!?])\s+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|Vol|No|Inc|Co|Ep|[A-Z]|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?"
    r"|Oct|Nov|Dec)\.|\b[a-z]\.[a-z]\.)\s*$"
)
_LINE_BREAK = re.compile(r"\s*\n\s*(?!\s*[a-z])")
_HEADING_PREFIX = re.compile(
    r"\s*(?:\d{1,2}\s*[-.):]\s*|#\d{1,2}\s*|[-–•*♦]\s*)?"
    r"(?:(?:renewed|cancell?ed|ending|ended|revived|returning|status)\s*[:–—-]\s*)?['\"“‘]?",
    re.IGNORECASE,
)
_HEADING_REST = re.compile(
    r"['\"”’]?\s*(?:\([^)]*\))?\s*(?:/[^.!?]*)?\s*$|['\"”’]?\s*(?:[–—]|\s-)\s"
)
_STRAIGHT = str.maketrans("‘’‛′“”„″", "''''\"\"\"\"")
_LABEL_COLON = re.compile(r"\s*['\"”’]?\s*:")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    headline: bool
    mentions: tuple[Mention, ...]  # offsets relative to `text`
    label: Series | None  # the series its "Title: status" line or list item is about
    heading: bool = False  # the line is a list item's heading: "3. Title" or "Title (NBC)"
    original: str = ""  # `text` as printed; `text` itself has straight quotes for the rules


def _split(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Spans of the parts between separators, surrounding white space left out."""
    start = 0
    for m in [*pattern.finditer(text), None]:
        end = len(text) if m is None else m.start()
        if (
            m is not None
            and pattern is _SENTENCE_END
            and _ABBREVIATION.search(text, max(0, end - 8), end)
        ):
            continue
        part = text[start:end]
        lead = len(part) - len(part.lstrip())
        if part.strip():
            yield start + lead, start + lead + len(part.strip())
        start = end if m is None else m.end()


def _lines(text: str) -> list[str]:
    """Lines of the text, a line broken before a lower-case word joined to the one before."""
    return [" ".join(line.split()) for line in _LINE_BREAK.split(text)]


def _label(line: str, mentions: list[Mention]) -> Series | None:
    """The series a "Title: status" line (a scorecard entry) is about."""
    if not mentions or line[: mentions[0].start].strip(" \t\"'“‘*•♦-–—#0123456789.)"):
        return None
    return mentions[0].series if _LABEL_COLON.match(line, mentions[0].end) else None


def _heading(line: str, mentions: list[Mention]) -> Series | None:
    """The series a list item's heading line names: "2. Title", "'Title' (NBC)", "Title - ..."."""
    prefix = _HEADING_PREFIX.match(line)
    if not mentions or prefix is None or mentions[0].start != prefix.end():
        return None
    return mentions[0].series if _HEADING_REST.match(line, mentions[0].end) else None


def sentences(title: str, text: str, watchlist: Watchlist) -> list[Sentence]:
    """The headline's parts and the text's sentences, each with its mentions and label."""
    plain = title.translate(_STRAIGHT)
    heads = [(plain[a:b], title[a:b]) for a, b in _split(plain, _HEADLINE_BREAK)]
    out = [Sentence(h, True, tuple(watchlist.find(h)), None, original=o) for h, o in heads]
    carried = section = None
    for printed in _lines(text):
        line = printed.translate(_STRAIGHT)
        found = watchlist.find(line)
        heading = _heading(line, found)
        section = heading or section
        label = _label(line, found) or carried or section
        carried = label if re.fullmatch(r"[^:]*:\s*", line) else None
        for a, b in _split(line, _SENTENCE_END):
            mentions = tuple(
                Mention(m.series, m.start - a, m.end - a)
                for m in found
                if a <= m.start and m.end <= b
            )
            is_heading = heading is not None
            out.append(Sentence(line[a:b], False, mentions, label, is_heading, printed[a:b]))
    return out


def topic_of(parts: list[Sentence]) -> Series | None:
    """The series a story is about: the one named most, the headline and the lead weighing more."""
    weight: dict[Series, float] = defaultdict(float)
    lead = next((s for s in parts if not s.headline), None)
    for s in parts:
        bonus = 3 if s.headline else 2 if s is lead else 1
        for m in s.mentions:  # one mention per sentence counts; a bare common word counts half
            weight[m.series] = weight[m.series] + bonus * (1 if _strong(s, m) else 0.5)
    ranked = sorted(weight.items(), key=lambda kv: -kv[1])[:2]
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _strong(s: Sentence, m: Mention) -> bool:
    """A mention that cannot be an ordinary word: headline, quoted, or more than one word."""
    words = len(_WORD.findall(_fold_chars(m.series.title).removeprefix("the ")))
    return s.headline or words > 1 or _quoted(s.text, m.start, m.end)


def headlined(parts: list[Sentence], series: Series | None) -> bool:
    return any(m.series == series for s in parts if s.headline for m in s.mentions)
