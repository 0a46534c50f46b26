"""The event cue lexicon: which words and frames may state which news. Data, read by one finder.

A cue is only a candidate's reason to exist; whether it states news about a title is the
model's call (`alerts.detection.model`) from the evidence around it. Each row names the cue,
the events it can state, and its pattern over lower-cased text.
"""

# ruff: noqa: E501  (the table's rows are easier to read whole)
from __future__ import annotations

import re
from dataclasses import dataclass

from alerts.mentions import Literals

_ORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|\d{1,2}(?:st|nd|rd|th))"
)
_NUM = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_SEASON = r"(?:season|series|temporada|saison|staffel|stagione|installment|chapter|run)"
_GET = (
    r"(?:get|gets|got|getting|land|lands|landed|earn|earns|earned|score|scores|scored|secure"
    r"|secures|secured|nab|nabs|nabbed|snag|snags|snagged|receive|receives|received|bag|bags"
    r"|bagged|net|nets|netted|clinch|clinches|clinched|given|granted|handed"
    r"|sichert\s+sich|sichern\s+sich|obtient|obtiene|consigue|tendrá|habrá|avrà)"
)

# fmt: off
CUE_TABLE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # name, events, pattern (lower-cased text)
    ("renew", ("renewed", "revived"), r"\bre-?new(?:s|ed|ing)?\b"),
    ("renewal", ("renewed",), r"\bre-?newals?\b"),
    ("not-renew", ("cancelled",), r"(?:\bnot|n't|\bnever|\bno)\s+(?:\w+\s+){0,2}?(?:renew(?:ed|al|ing)?|picked\s+up)\b"),
    ("order", ("renewed",), r"\border(?:s|ed|ing)?\b"),
    ("pick-up", ("renewed", "revived"), r"\bpick(?:s|ed|ing)?\s+(?:[\w'-]+\s+){0,3}?up\b|\bpick-?ups?\b"),
    ("commission", ("renewed",), r"\b(?:re-?)?commission(?:s|ed|ing)?\b"),
    ("greenlight", ("renewed",), r"\bgreen-?l(?:it|ight(?:s|ed|ing)?)\b"),
    ("confirm", ("renewed", "ending", "cancelled"), r"\bconfirm(?:s|ed|ing|ation)?\b"),
    ("return-for", ("renewed", "revived"),
     r"\b(?:return(?:s|ing)?|(?:be|come|comes|coming|is|are|headed|heading)\s+back)\s+(?:\w+\s+){0,2}?for\b"),
    ("return", ("renewed", "revived"), r"\b(?:return(?:s|ing|ed)?|comeback)\b"),
    ("gets-season", ("renewed", "revived"),
     r"\b" + _GET + r"\s+(?:an?\s+|its\s+|their\s+|the\s+)?(?:[\w-]+\s+){0,2}?" + _SEASON + r"\b"),
    ("another-season", ("renewed",),
     r"\b(?:another|new|more|extra|additional)\s+(?:" + _SEASON + r"|episodes|seasons)\b"),
    ("happening", ("renewed",), r"\b(?:is|are)\s+(?:officially\s+)?(?:happening|a\s+go|coming)\b"),
    ("re-up", ("renewed",), r"\bre-?ups?\b|\bre-?upped\b"),
    ("official", ("renewed",), r"\b(?:is|it's|it\s+is|now)\s+official\b"),
    ("quits", ("cancelled", "ending"),
     r"\b(?:call(?:s|ed|ing)?\s+(?:it\s+)?(?:quits|a\s+day|time)|shelv(?:e|es|ed|ing)"
     r"|chop(?:s|ped|ping)?)\b"),
    ("swan-song", ("ending",), r"\b(?:swan\s+song|bow(?:s|ed|ing)?\s+out|last\s+hurrah)\b"),
    ("cancel", ("cancelled",), r"\b(?<!un)(?<!un-)cancel+(?:s|ed|ing)?\b|\bcancelad[oa]s?\b|\bcancellat[oa]\b"),
    ("cancellation", ("cancelled",), r"\b(?<!un)(?<!un-)cancel+ations?\b|\bcancellazione\b"),
    ("axe", ("cancelled",), r"\bax(?:e|es|ed|ing)?\b"),
    ("scrap", ("cancelled",), r"\b(?:scrap(?:s|ped|ping)?|nix(?:es|ed|ing)?|can(?:s|ned)|dump(?:s|ed))\b"),
    ("status-out", ("cancelled",), r"^\W*(?:out|gone|dead|done|axed|over)\s*:"),
    ("drop", ("cancelled",), r"\bdrop(?:s|ped|ping)?\b"),
    ("plug", ("cancelled",), r"\b(?:pull|pulls|pulled|pulling)\s+the\s+plug\b|\bout\s+of\s+(?:its|their|his|her)\s+misery\b"),
    ("goodbye", ("ending", "cancelled"),
     r"\b(?:say(?:s|ing)?|said|bid(?:s|ding)?)\s+(?:a\s+)?(?:goodbye|farewell)\b|\bsee(?:s|ing)?\s+off\b"),
    ("boot", ("cancelled",), r"\b(?:boot|chop|chopping\s+block|curtains)\b"),
    ("not-return", ("cancelled",),
     r"(?:\bnot|n't|\bnever|\bno\s+longer)\s+(?:\w+\s+){0,2}?(?:return\w*|be\s+back|come\s+back|coming\s+back|continu\w+|move\s+forward|moving\s+forward)\b"),
    ("no-season", ("cancelled",), r"\bno\s+(?:" + _SEASON + r"\s+" + _NUM + r"|" + _ORD + r"\s+" + _SEASON + r"|more)\b"),
    ("end-run", ("cancelled", "ending"),
     r"\bend(?:s|ed|ing)?\s+(?:its|their|the\s+(?:show|series)'s?)\s+(?:\w+\s+)?run\b"),
    ("end", ("ending", "cancelled"), r"\b(?:end(?:s|ed|ing)?|come\s+to\s+an\s+end|over|done|finished)\b"),
    ("final-season", ("ending",),
     r"\b(?:final|last|farewell|closing|ultime|dernière|última|letzte)\s+(?:[\w-]+\s+)?" + _SEASON + r"\b"
     r"|\btemporada\s+final\b|\bstagione\s+finale\b"
     r"|\b(?:will|would|is\s+set\s+to|is\s+going\s+to)\s+be\s+(?:its|their|the\s+(?:show|series)(?:'s)?|the)\s+(?:last|final)\b"),
    ("conclude", ("ending",), r"\bconclu(?:de|des|ded|ding|sion)\b"),
    ("wrap", ("ending",), r"\bwrap(?:s|ped|ping)?\s+(?:\w+\s+)?up\b|\bsend-?off\b"),
    ("not-dead", ("revived",), r"(?:\bnot|n't)\s+(?:\w+\s+)?dead\b"),
    ("revive", ("revived",), r"\b(?:reviv(?:e|es|ed|ing|al|als)|resurfac(?:e|es|ed|ing))\b"),
    ("save", ("revived",), r"\bsav(?:e|es|ed|ing)\b"),
    ("rescue", ("revived",), r"\b(?:rescu(?:e|es|ed|ing)|resurrect(?:s|ed|ing|ion)?)\b"),
    ("uncancel", ("revived",), r"\bun-?cancel\w*"),
    ("bring-back", ("revived", "renewed"),
     r"\b(?:bring|brings|bringing|brought)\s+(?:[\w'-]+\s+){0,4}?back\b"),
    ("new-home", ("revived", "renewed"),
     r"\b(?:new\s+home|land(?:s|ed|ing)?\s+(?:at|on)|mov(?:e|es|ed|ing)\s+(?:over\s+)?to|reboot(?:s|ed)?)\b"),
    ("give-season", ("renewed", "revived"),
     r"\b(?:give|gives|giving|gave|grant|grants|granted|granting|hand|hands|handed|handing)\b"
     r"(?=[^.;:!?]{0,60}?\b(?:an?|another|one\s+more)\s+(?:[\w-]+\s+){0,2}?" + _SEASON + r"\b)"),
    ("foreign-renew", ("renewed",), r"\b(?:renovad[ao]|renouvel\w+|verlängert|rinnovat[ao])\b"),
    ("foreign-not-return", ("cancelled",), r"\b(?:ne\s+)?reviendr\w+\s+pas\b|\bno\s+volver\w+\b|\bnon\s+torner\w+\b"),
)
# fmt: on

EVENTS = ("renewed", "cancelled", "ending", "revived")

# Literals one of which a row's match must contain: a row is tried only where one occurs
# fmt: off
HINTS: dict[str, tuple[str, ...]] = {
    "renew": ("new",), "renewal": ("newal",), "not-renew": ("renew", "picked"), "order": ("order",),
    "pick-up": ("pick",), "commission": ("commission",), "greenlight": ("green",),
    "confirm": ("confirm",), "return-for": ("return", "back"), "return": ("return", "comeback"),
    "gets-season": ("season", "series", "temporada", "saison", "staffel", "stagione",
                    "installment", "chapter", "run"),
    "another-season": ("another", "new", "more", "extra", "additional"),
    "happening": ("happening", " go", "coming"), "cancel": ("cancel",),
    "cancellation": ("cancel",), "axe": ("ax",),
    "scrap": ("scrap", "nix", "cans", "canned", "dump"), "status-out": (":",), "drop": ("drop",),
    "plug": ("plug", "misery"), "goodbye": ("goodbye", "farewell", "off"),
    "foreign-not-return": ("reviendr", "volver", "torner"), "boot": ("boot", "chop", "curtains"), "not-return": ("not", "n't", "never", "no "),
    "no-season": ("no ",), "end-run": ("run",),
    "end": ("end", "over", "done", "finished"), "final-season": ("final", "last", "farewell",
    "closing", "ultime", "dernière", "última", "letzte"), "conclude": ("conclu",),
    "wrap": ("wrap", "send"), "not-dead": ("dead",), "revive": ("reviv", "resurfac"), "save": ("sav",),
    "rescue": ("rescu", "resurrect"), "uncancel": ("uncancel", "un-cancel"), "bring-back": ("back",),
    "new-home": ("home", "land", "mov", "reboot"),
    "give-season": ("giv", "gave", "grant", "hand"),
    "foreign-renew": ("renov", "renouvel", "verlängert", "rinnovat"),
    "re-up": ("reup", "re-up"), "official": ("official",),
    "quits": ("call", "shelv", "chop"),
    "swan-song": ("swan", "bow", "hurrah"),
}
# Literals one of which a row's match must contain as well: a row is tried only where one of
# its `HINTS` and one of these occur
ALSO: dict[str, tuple[str, ...]] = {
    "return-for": ("for",),
    "gets-season": ("get", "got", "land", "earn", "scor", "secur", "nab", "snag", "receiv", "bag",
                    "net", "clinch", "given", "grant", "hand", "sichert", "sichern", "obtien",
                    "consigue", "tendrá", "habrá", "avrà"),
    "another-season": ("season", "series", "temporada", "saison", "staffel", "stagione",
                       "installment", "chapter", "run", "episodes"),
    "not-return": ("return", "back", "continu", "forward"),
    "status-out": ("out", "gone", "dead", "done", "axed", "over"),
    "cancellation": ("ation", "azione"),
}
# fmt: on


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue found in a text: its row's name, the events it may state, and where it stands."""

    name: str
    events: tuple[str, ...]
    start: int
    end: int


_ROWS = tuple(
    (name, events, re.compile(pattern), frozenset(HINTS[name]))
    for name, events, pattern in CUE_TABLE
)
_HINTED = Literals(h for hints in (*HINTS.values(), *ALSO.values()) for h in hints)
_ROWS_OF: dict[str, tuple[int, ...]] = {
    h: tuple(n for n, row in enumerate(_ROWS) if h in row[3]) for h in _HINTED.words
}
_ALSO_OF = {n: frozenset(ALSO[row[0]]) for n, row in enumerate(_ROWS) if row[0] in ALSO}


REFUSALS = frozenset({"not-renew", "not-return", "no-season", "foreign-not-return"})


def find_cues(text: str) -> list[Cue]:
    """Every cue in the text, in order; overlapping rows all count (the model weighs them), save
    a positive verb inside a refusal of it."""
    low = text.lower()
    if len(low) != len(text):  # "İ" lower-cases to two characters: keep offsets the text's
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    hinted = _HINTED.found_in(low)
    if not hinted:
        return []
    hinted_rows = {n for h in hinted for n in _ROWS_OF[h]}
    rows = sorted(  # the table's order, as written
        n for n in hinted_rows if n not in _ALSO_OF or not hinted.isdisjoint(_ALSO_OF[n])
    )
    found = [
        Cue(name, events, m.start(), m.end())
        for name, events, pattern, _ in map(_ROWS.__getitem__, rows)
        for m in pattern.finditer(low)
    ]
    found.sort(key=lambda c: (c.start, c.end))
    refusals = [c for c in found if c.name in REFUSALS]
    if refusals:  # "not renewed": the refused verb inside a refusal states nothing of its own
        found = [
            c
            for c in found
            if c.name in REFUSALS
            or not any(r.start <= c.start and c.end <= r.end for r in refusals)
        ]
    return found
