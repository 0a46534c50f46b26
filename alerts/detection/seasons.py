"""Season reading: which season a cue's clause (or the title's own line) states for its title.

"renewed for a third season", "Season 4", "series two" (British), "S3", "fourth and final
season", "cancelled after two seasons" (the last season: 2), "a 10-episode second season".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from alerts.layout import Sentence
from alerts.mentions import Mention

# fmt: off
_WORDS = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty",
]
_ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth",
]
# Spanish, French, German and Italian ordinals, first to eighth: "una tercera temporada"
_FOREIGN = {
    "primera": 1, "segunda": 2, "tercera": 3, "tercer": 3, "cuarta": 4, "quinta": 5, "sexta": 6,
    "séptima": 7, "octava": 8, "première": 1, "deuxième": 2, "troisième": 3, "quatrième": 4,
    "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "erste": 1, "zweite": 2,
    "dritte": 3, "vierte": 4, "fünfte": 5, "sechste": 6, "siebte": 7, "achte": 8, "seconda": 2,
    "terza": 3, "quarta": 4, "sesta": 6, "settima": 7, "ottava": 8,
}
# fmt: on
NUMBER = (
    {w: n for n, w in enumerate(_WORDS, 1)} | {w: n for n, w in enumerate(_ORDINALS, 1)} | _FOREIGN
)
_N = r"(\d{1,2}|" + "|".join(_WORDS + _ORDINALS) + r")"
_SEASON = r"(?:season|series|staffel|temporada|saison|stagione)"
_ORDINAL = r"(\d{1,2}(?:st|nd|rd|th)|" + "|".join(_ORDINALS + list(_FOREIGN)) + r")"
_STATED = re.compile(
    r"(?<![\d-])\b" + _SEASON + r"s?\s+" + _N + r"\b"  # season 4, series two, seasons 3
    r"|(?<![\d/-])\b"
    + _ORDINAL
    + r"(?:\s+(?:and|y|et|und|e)\s+(?:final|last|última|dernière|letzte|ultima))?\s+(?:[\w-]+\s+)?"
    + _SEASON
    + r"\b"  # third season, 4th and final season
    r"|\bs(\d{1,2})\b",  # S3
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"\bafter\s+(?:just\s+|only\s+)?(?:a\s+)?(single|" + _N[1:-1] + r")\s+(?:seasons?|series)\b"
    r"|\b" + _N + r"\s+seasons\s+in\b"
    r"|\b" + _N + r"[\s-]seasons?\s+run\b"
    r"|\b(?:for|debuted\s+for|lasted|ran\s+for)\s+(?:just\s+|only\s+)?(single|"
    + _N[1:-1]
    + r")\s+seasons?\b(?!\s+more)",
    re.IGNORECASE,
)

# A literal each of `_STATED`'s matches holds, and one each of `_AFTER`'s: a sentence without
# one (most) is not searched by the long pattern
_MAY_STATE = re.compile(r"s(?:eason|eries|taffel|aison|tagione|\d)|temporada", re.IGNORECASE)
_MAY_COUNT = re.compile(r"season|series", re.IGNORECASE)
# The same patterns for lower-cased ASCII text, where ignoring case is lower-casing (they hold
# no upper-case letter) and several times faster than matching with IGNORECASE
_STATED_LOW = re.compile(_STATED.pattern)
_AFTER_LOW = re.compile(_AFTER.pattern)


def _finditer(pattern: re.Pattern[str], low: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    return low.finditer(text.lower()) if text.isascii() else pattern.finditer(text)


# "Title (Season 7)", "Title: Season 3", "Title Season 2": the title's own season
_ATTACHED = re.compile(
    r"['\"”’*]*\s*[(:,–—-]?\s*(?:(?:season|series|s)\s*)?(\d{1,2})\b(?![/.:,]\d)",
    re.IGNORECASE,
)


def attached(text: str, end: int) -> int | None:
    """The season printed right after a title ending at `end`."""
    m = _ATTACHED.match(text, end)
    return _number(m[1]) if m else None


def _number(word: str) -> int | None:
    word = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", word.lower())
    if word == "single":
        return 1
    if word.isdigit():
        n = int(word)
        return n if 0 < n < 60 else None
    return NUMBER.get(word)


def counted(text: str, lo: int, hi: int) -> bool:
    """The seasons are counted ("after four seasons"), not named ("a fifth season")."""
    return any(lo <= start and end <= hi for start, end, _ in _counts_in(text))


@lru_cache(maxsize=256)
def _stated_in(text: str) -> tuple[tuple[int, int, int | None, bool], ...]:
    """Every season the sentence names: (start, end, number, followed by "ago"), read once
    for all of the sentence's candidates."""
    if not _MAY_STATE.search(text):
        return ()
    return tuple(
        (m.start(), m.end(), _number(next(g for g in m.groups() if g)),
         "ago" in text[m.end() : m.end() + 6])
        for m in _finditer(_STATED, _STATED_LOW, text)
    )  # fmt: skip


@lru_cache(maxsize=256)
def _counts_in(text: str) -> tuple[tuple[int, int, int | None], ...]:
    """Every count of seasons in the sentence ("after four seasons"): (start, end, number)."""
    if not _MAY_COUNT.search(text):
        return ()
    return tuple(
        (m.start(), m.end(), _number(next(g for g in m.groups() if g)))
        for m in _finditer(_AFTER, _AFTER_LOW, text)
    )


def season_of(text: str, lo: int, hi: int, cue_at: int, event: str) -> int | None:
    """The season stated in text[lo:hi] nearest the cue at `cue_at`; for a cancellation,
    "after N seasons" first."""
    if event in ("cancelled", "ending"):
        last = next((n for start, end, n in _counts_in(text) if lo <= start and end <= hi), None)
        if last is not None:
            return last
    best: tuple[int, int] | None = None
    behind = 15 if event == "cancelled" else 60  # "Season 3 finale aired; renewed for Season 4"
    for start, end, n, ago in _stated_in(text):
        if start < lo or end > hi or n is None or (start < cue_at and ago):
            continue
        distance = abs(start - cue_at) + (0 if start >= cue_at else behind)
        if best is None or distance < best[0]:
            best = (distance, n)
    if best is None and event == "cancelled" and _FIRST_YEAR.search(text, lo, hi):
        return 1  # "the freshman drama was axed": its only season
    return best[1] if best else None


_FIRST_YEAR = re.compile(
    r"\b(?:freshman|rookie|first-year|one-season|single-season|one-and-done|newcomer)\b",
    re.IGNORECASE,
)


_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_NUMBER_WORD = re.compile(r"\b" + _N + r"(?:st|nd|rd|th)?\b", re.IGNORECASE)


def respectively(sent: Sentence, m: Mention) -> int | None:
    """ "A and B were renewed for a fifth and second season, respectively": the k-th title
    takes the k-th number."""
    text = sent.text
    end = _RESPECTIVELY.search(text, m.end)
    if end is None:
        return None
    titles = [x for x in sent.mentions if x.end <= end.start()]
    numbers = [
        n
        for found in _NUMBER_WORD.finditer(text, titles[-1].end, end.start())
        if (n := _number(found[1])) is not None
    ]
    k = titles.index(m) if m in titles else -1
    return numbers[k] if 0 <= k < len(numbers) == len(titles) else None
