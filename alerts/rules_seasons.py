"""Season phrases: number words, season patterns, and the readers that turn them into numbers."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from alerts.rules_base import ci, isearch, lower_form

# fmt: off
_WORD_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)
# fmt: on
# fmt: off
_WORD_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
)
# fmt: on
_INTL_NUMBERS = {
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "primera": 1,
    "segunda": 2,
    "tercera": 3,
    "tercer": 3,
    "cuarta": 4,
    "quinta": 5,
    "sexta": 6,
    "séptima": 7,
    "septima": 7,
    "octava": 8,
    "novena": 9,
    "décima": 10,
    "première": 1,
    "deuxième": 2,
    "seconde": 2,
    "troisième": 3,
    "quatrième": 4,
    "cinquième": 5,
    "sixième": 6,
    "septième": 7,
    "huitième": 8,
    "neuvième": 9,
    "dixième": 10,
    "erste": 1,
    "zweite": 2,
    "dritte": 3,
    "vierte": 4,
    "fünfte": 5,
    "sechste": 6,
    "siebte": 7,
    "achte": 8,
    "neunte": 9,
    "zehnte": 10,
    "seconda": 2,
    "terza": 3,
    "quarta": 4,
}
_CARDINALS = (
    "una",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "une",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "zwei",
    "drei",
    "vier",
)
INTL_NUM = "|".join(_CARDINALS)
INTL_ORD = "|".join(
    sorted((w for w in _INTL_NUMBERS if w not in _CARDINALS), key=len, reverse=True)
)
NUMBER_WORDS = {w: n for n, w in enumerate(_WORD_NUMBERS)} | {"a": 1, "single": 1} | _INTL_NUMBERS
NUMBER_WORDS |= dict.fromkeys(("freshman", "rookie", "first-year", "newcomer", "debut"), 1)
NUMBER_WORDS |= dict.fromkeys(("sophomore", "second-year"), 2)
ORDINAL_WORDS = {w: n for n, w in enumerate(_WORD_ORDINALS)}
NUM = r"(\d{1,2}|" + "|".join(_WORD_NUMBERS[1:]) + r"|a\s+single|a)"
NUMBER_WORD = r"(?:" + "|".join(_WORD_NUMBERS[1:13]) + r")\b"  # "one" to "twelve", no group
ORDINAL = r"\d{1,2}(?:st|nd|rd|th)|(?:twenty-)?(?:" + "|".join(_WORD_ORDINALS[1:]) + r")"
ORD = r"(" + ORDINAL + r")"
# UK "series 2" / "series two": "series" is also a plain word for a show ("the series one fan
# loved", "the series 10 years on"), so a number word counts only after "for", "of", "into" ...
_NOT_A_COUNT = (
    r"(?!\s*(?:%|percent|years?|episodes?|seasons?|months?|weeks?|days?|times|of|or|and"
    r"|finale|premiere|regulars?)\b)"
)
SERIES_NUMBER = r"(\d{1,2}\b(?![.,:/]\d)|" + "|".join(_WORD_NUMBERS[1:]) + r"(?=\b))" + _NOT_A_COUNT
_SERIES_AFTER = r"\b(?:for|of|to|on|in|into)\s+series\s+"

SeasonKind = Literal["number", "after", "before", "more", "finale", "current"]
# fmt: off
SEASON_PATTERNS: tuple[tuple[SeasonKind, re.Pattern[str]], ...] = (
    ("before", ci(r"\b(?:won'?t|will\s+not|not)\s+(?:(?:be\s+)?(?:get(?:ting)?|hav(?:e|ing)"
                  r"|see(?:ing)?)|(?:be\s+)?(?:return(?:ing)?"
                  r"|back|coming\s+back|renewed)\s+for)\s+(?:a\s+)?(?:season\s+" + NUM
                  + r"|series\s+" + SERIES_NUMBER + r")\b")),
    ("before", ci(r"(?:\bnot|n't|\bno|\bpass(?:es|ed|ing)?\s+on|\bagainst)\s+(?:\w+\s+){0,5}?"
                  r"(?:a\s+)?" + ORD + r"[\s-]+(?:season|series)\b")),
    # "scrapped X ahead of season 3", "before production on a third season": two seasons
    ("before", ci(r"\b(?:ahead\s+of|before)\s+(?:[\w-]+\s+){0,4}?season\s+" + NUM
                  + r"\b(?!\s*(?:premiere|finale|debut|episodes?)\b)")),
    ("before", ci(r"\b(?:ahead\s+of|before)\s+(?:[\w-]+\s+){0,4}?" + ORD
                  + r"[\s-]+(?:season|series)\b(?!\s+(?:premiere|finale|debut|episodes?)\b)")),
    ("finale", ci(r"\bseason\s+" + NUM + r"\s+finale\b")),
    ("current", ci(r"\b(freshman|rookie|first-year|newcomer|sophomore|second-year)\b"
                   r"(?![\s-]+(?:season|run|outing|installment|chapter)s?\b)")),
    ("current", ci(r"\b(?:its|their|the|his|her)\s+(freshman|rookie|first-year|sophomore"
                   r"|second-year)[\s-]+(?:season|run|outing|installment|chapter)\b")),
    ("current", ci(r"\b(?:fresh|coming|hot)\s+off\s+(?:of\s+)?(?:its|their)\s+" + ORD
                   + r"[\s-]+(?:season|series|run)\b")),
    ("number", ci(r"\b(freshman|rookie|first-year|sophomore|second-year)[\s-]+"
                  r"(?:season|run|outing|installment|chapter)\b")),
    ("number", ci(r"\bseason\s+" + NUM + r"\b(?!\s*(?:episodes?|finale|premiere)\b)")),
    ("number", ci(r"\bseries\s+(\d{1,2})\b(?![.,:/]\d)" + _NOT_A_COUNT)),
    ("number", ci(_SERIES_AFTER + SERIES_NUMBER)),
    ("number", ci(r"\b" + ORD + r"(?:\s*[—–-]?\s+and\s+(?:now\s+)?(?:final|last)(?:\s*[—–-])?)?"
                  r"[\s-]+(?:\w+[\s-]+)?"
                  r"(?:seasons?|series|installments?|chapters?|go-rounds?|outings?)\b")),
    ("number", ci(r"\bseason\s*,\s+(?:its|their)\s+" + ORD + r"\b(?!\s+(?:of|in)\b)")),
    ("number", ci(r"\bfor\s+(?:a|an|its)\s+" + ORD + r"\b(?!\s+(?:time|episode|straight"
                  r"|consecutive|year|week|day|place|spot|round|film|movie|game))")),
    # "is back for a fourth year": a year of a returning show is its season
    ("number", ci(r"\b(?:back|returns?|returning|picked\s+up|renewed)\s+for\s+(?:a|an|its)\s+" + ORD
                  + r"\s+year\b(?!\s+(?:in\s+a\s+row|running)\b)")),
    # "B gets its ninth": a renewal's season noun left out
    ("number", ci(r"\b(?:gets?|got|lands?|landed|earns?|earned)\s+its\s+" + ORD
                  + r"(?=\s*(?:[,.;:!?)]|$|\s+(?:and|while|whereas)\b))")),
    ("number", ci(r"\bS(\d{1,2})\b")),
    ("number", ci(r"\bwith\s+(?:its|their)\s+" + ORD + r"(?=\s*(?:$|[,.;:!?)]))")),
    ("number", ci(r"\bseasons\s+\d{1,2}\s*(?:and|&|-|–|through|to)\s*(\d{1,2})\b")),
    ("after", ci(r"\b(?:after|following)\s+(?:just\s+|only\s+)?" + NUM + r"[\s-]+"
                 r"(?:seasons?|series|runs)\b(?!\s+(?:finale|premiere|regular)s?\b)")),
    # "won't continue X beyond its debut season", "past its first year": the last season
    ("after", ci(r"\b(?:past|beyond)\s+(?:its|their|the|a)\s+(" + ORDINAL + r"|debut|freshman"
                 r"|rookie)[\s-]+(?:season|series|year|run)\b")),
    # "renewed A for a second season and cancelled B after one.": the word "season" left out
    ("after", ci(r"\b(?:after|following)\s+(?:just\s+|only\s+)?(" + NUM[1:-1].removesuffix("|a")
                 + r")(?=\s*(?:[.;!?)]|$))")),
    ("after", ci(r"\b(" + NUM[1:-1] + r"|single)[\s-]+season\s+runs?\b")),
    ("after", ci(r"\b" + NUM + r"\s+seasons\s+in\b")),
    ("after", ci(r"\b(?:ran|running|run|lasted|aired|spanned)\s+(?:for\s+)?"
                 r"(?:exactly\s+|just\s+|only\s+)?" + NUM + r"\s+seasons?\b")),
    ("more", ci(r"\b(?:another|new|more|next|additional|extra)\s+(?:\w+\s+)?seasons?\b")),
    ("number", ci(r"\b(" + INTL_ORD + r")(?:\s+(?:y|et|e|und)\s+(?:[uú]ltima|derni[èe]re|letzte))?"
                  r"\s+(?:temporada|saison|staffel|stagione)\b")),
    ("number", ci(r"\b(?:temporada|saison|staffel|stagione)\s+(\d{1,2})\b")),
    ("after", ci(r"\b(\d{1,2}|" + INTL_NUM + r")\s+(?:temporadas?|saisons?|staffeln|stagioni)\b")),
)
# fmt: on
# A fragment each season pattern needs (None: no cheap test), so most are never run.
_SEASON_ANY = re.compile(r"season|series|installment|chapter|go-round|outing")
_INTL_SEASON = re.compile(r"temporad|saison|staffel|stagion")
_SEASON_NEEDS: tuple[re.Pattern[str] | None, ...] = (
    *(re.compile("season|series"),) * 2,
    re.compile("season"),
    re.compile("season|series"),
    re.compile("finale"),
    *(re.compile("freshman|rookie|first-year|newcomer|sophomore|second-year"),) * 2,
    re.compile(" off "),
    re.compile("freshman|rookie|first-year|newcomer|sophomore|second-year"),
    re.compile("season"),
    *(re.compile(r"series\s+[\dotfsen]"),) * 2,  # a digit or a number word's first letter
    _SEASON_ANY,
    re.compile("season"),
    *(re.compile(r"for\s+(?:a|an|its)\b"),) * 2,  # one search serves both
    _SEASON_ANY,
    None,
    re.compile(r"with\s+(?:its|their)\b"),
    re.compile("season"),
    re.compile("season|series|run"),
    re.compile("past|beyond"),
    _SEASON_ANY,
    *(re.compile("season"),) * 4,
    *(_INTL_SEASON,) * 3,
)
# On ASCII text (where lower-casing is exact) some patterns need a second fragment too; it is
# sought in the lower-cased text only, so without IGNORECASE (several times faster).
_SEASON_ALSO: tuple[re.Pattern[str] | None, ...] = (
    re.compile("not|won"),
    re.compile("no|n't|pass|against"),
    *(re.compile("ahead|before"),) * 2,
    *(None,) * 11,
    re.compile(r"(?:back|returns?|returning|picked\s+up|renewed)\s+for\s"),
    re.compile(r"(?:gets?|got|lands?|landed|earns?|earned)\s+its\s"),
    re.compile(r"s\d"),
    None,
    None,
    re.compile("after|following"),
    None,
    re.compile("after|following"),
    re.compile("run"),
    None,
    re.compile("ran|run|lasted|aired|spanned"),
    re.compile("another|new|more|next|additional|extra"),
    *(None,) * 3,
)
_PLAIN = re.compile(r"[a-z0-9 '-]+(?:\|[a-z0-9 '-]+)*")


def _literals(fragment: re.Pattern[str] | None) -> re.Pattern[str] | tuple[str, ...] | None:
    """A fragment that is a choice of plain words as those words: `in` finds them faster."""
    if fragment is None or fragment.flags & re.IGNORECASE or not _PLAIN.fullmatch(fragment.pattern):
        return fragment
    return tuple(fragment.pattern.split("|"))


_SEASON_FAST = tuple(
    (entry, lower_form(entry[1]), _literals(needs), _literals(also))
    for entry, needs, also in zip(SEASON_PATTERNS, _SEASON_NEEDS, _SEASON_ALSO, strict=True)
)


def season_number(text: str) -> int | None:
    """The number in a season phrase: "5", "fifth", "twenty-second", "a single"."""
    word = re.sub(r"\s+", " ", text.casefold()).removeprefix("a ").strip() or "a"
    if word[:2].isdigit() or word[:1].isdigit():
        return int(re.sub(r"\D", "", word))
    if word.startswith("twenty-"):
        return 20 + ORDINAL_WORDS.get(word[7:], 0)
    return NUMBER_WORDS.get(word, ORDINAL_WORDS.get(word))


# Every season phrase holds one of these: a cheap first filter for `season_in`.
_SEASONISH = ci(
    r"season|series|temporad|saison|staffel|stagion|\bs\d|freshman|rookie|newcomer|sophomore"
    r"|year|installment|chapter|go-round|outing|\bruns\b|\b(?:for\s+(?:a|an|its)|with\s+(?:its|their))\s"
)


def season_in(text: str, event: str, anchor: int, anchor_end: int = -1) -> tuple[int | None, bool]:
    """The season stated nearest the span [anchor, anchor_end), and whether any phrase is there."""
    return _nearest(_season_hits(text), event, anchor, anchor_end)


def season_within(
    text: str,
    lo: int,
    hi: int,
    event: str,
    anchor: int,
    anchor_end: int = -1,
    skip: tuple[int, int] = (0, 0),
) -> tuple[int | None, bool]:
    """`season_in` over the stretch [lo, hi) of the text, less `skip` (anchors in the text's
    offsets): the whole text's phrases that lie inside it, so a sentence is read once however
    many stretches of it are asked about."""
    a, b = skip
    hits = tuple(
        h for h in _season_hits(text) if lo <= h[2] and h[3] <= hi and (h[3] <= a or b <= h[2])
    )
    return _nearest(hits, event, anchor, anchor_end)


Hit = tuple[SeasonKind, str | None, int, int]  # kind, its number's words, start, end


def _nearest(
    hits: tuple[Hit, ...], event: str, anchor: int, anchor_end: int
) -> tuple[int | None, bool]:
    if not hits:
        return None, False
    end = max(anchor, anchor_end)
    best: tuple[int, int | None] | None = None
    for kind, number, start, stop in hits:
        value = season_value(kind, number, event)
        dist = start - end if start >= end else max(0, anchor - stop)
        if best is None or (value is not None and (best[1] is None or dist < best[0])):
            best = (dist, value)
    return (best[1], True) if best else (None, False)


@lru_cache(maxsize=256)
def _season_hits(text: str) -> tuple[Hit, ...]:
    """Every season phrase in the text, in table order (the same stretch is read many times)."""
    low = text.lower()
    if not isearch(_SEASONISH, text, lower=low):
        return ()
    same = len(low) == len(text)  # then offsets in `low` are offsets in `text`
    is_ascii = text.isascii()
    found: dict[re.Pattern[str] | tuple[str, ...], bool] = {}  # each fragment sought once

    def holds(fragment: re.Pattern[str] | tuple[str, ...] | None) -> bool:
        if fragment is None:
            return True
        held = found.get(fragment)
        if held is None:
            if isinstance(fragment, tuple):
                held = found[fragment] = any(word in low for word in fragment)
            else:
                held = found[fragment] = fragment.search(low) is not None
        return held

    return tuple(
        (kind, m.group(1) if m.groups() else None, m.start(), m.end())
        for (kind, pattern), fast, needs, also in _SEASON_FAST
        if holds(needs) and (not is_ascii or holds(also))
        for m in (fast.finditer(low) if fast and same else pattern.finditer(text))
    )


def season_value(kind: str, number: str | None, event: str) -> int | None:
    n = season_number(number) if number else None
    if n is None or kind == "more" or not 0 < n <= 60:
        return None
    if kind in ("after", "finale"):
        return n if event in ("cancelled", "ending") else n + 1 if event == "revived" else None
    if kind == "before":
        return n - 1 if event == "cancelled" and n > 1 else None
    if kind == "current":
        return n + 1 if event in ("renewed", "revived") else n
    return n
