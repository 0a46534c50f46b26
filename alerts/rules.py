"""The detector's rule tables: event phrases, hedges, other senses, seasons, networks.

Data only, plus the tiny readers that turn a matched season phrase into a number.
`alerts.detect` decides which rule applies to which series; nothing here does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Event = Literal["renewed", "cancelled", "ending", "revived"]
Attach = Literal["left", "right", "both"]

_I = re.IGNORECASE


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


@dataclass(frozen=True, slots=True)
class BlockRule:
    """A phrase near a trigger that stops it: hedge, other sense, background, negation."""

    name: str
    kind: Literal["hedge", "sense", "background"]
    pattern: re.Pattern[str]


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
_PICK = r"pick(?:s|ed|ing)?\s+(?:(?:it|them|the\s+\w+(?:\s+\w+)?)\s+)?up"
_UN = r"(?<!un-)(?<!un)"
_NETWORK_NAMES = (
    r"(?-i:Netflix|Hulu|HBO|Max|Prime Video|Amazon|Apple|Disney\+|Paramount\+|Peacock|NBC|ABC"
    r"|CBS|Fox|FOX|The CW|CW|FX|AMC|Showtime|Starz|TNT|TBS|USA|Syfy|Bravo|Freeform|Lifetime"
    r"|Pop|Crackle|YouTube|BBC|ITV|Sky|Audience|DirecTV|Facebook|Roku|Tubi|Peacock)\b"
)  # "un-cancelled" is a revival


# fmt: off
_WORD_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)
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
_INTL_NUM = "|".join(_CARDINALS)
_INTL_ORD = "|".join(
    sorted((w for w in _INTL_NUMBERS if w not in _CARDINALS), key=len, reverse=True)
)
NUMBER_WORDS = {w: n for n, w in enumerate(_WORD_NUMBERS)} | {"a": 1, "single": 1} | _INTL_NUMBERS
NUMBER_WORDS |= dict.fromkeys(("freshman", "rookie", "first-year", "newcomer"), 1)
NUMBER_WORDS |= dict.fromkeys(("sophomore", "second-year"), 2)
ORDINAL_WORDS = {w: n for n, w in enumerate(_WORD_ORDINALS)}
_NUM = r"(\d{1,2}|" + "|".join(_WORD_NUMBERS[1:]) + r"|a\s+single|a)"
ORDINAL = r"\d{1,2}(?:st|nd|rd|th)|(?:twenty-)?(?:" + "|".join(_WORD_ORDINALS[1:]) + r")"
_ORD = r"(" + ORDINAL + r")"


def _rule(
    name: str, event: Event, attach: Attach, confidence: float, *pattern: str, **flags: bool
) -> EventRule:
    hints = tuple(HINTS[name].split("|"))
    return EventRule(name, event, _r("".join(pattern)), attach, confidence, hints=hints, **flags)


# Lower-case fragments one of which every match of a rule contains: a cheap first filter.
# fmt: off
HINTS = {
    "renews": "renew|re-up", "renewed": "renew", "renewal": "renewal", "season-order": "season",
    "orders-season": "order", "picks-up": "pick", "picked-up-for": "picked",
    "gets-season": "season|renewal", "giving-season": "giv|grant|hand", "greenlit": "green",
    "season-confirmed": "season", "coming-back-for": "return|back", "to-return-for": "return|back",
    "renewal-deal": "renewal", "brings-back": "back", "canned": "canned",
    "done-at": "done|dead|over", "back-next-season": "return|back", "commissions": "commission",
    "cancels": "cancel|axes|axing|nix|scrap|renews",
    "cancelled": "cancel|axed|nixed|scrapped|renewed", "cancellation": "cancel",
    "decides-to-end": "elect|decid|opt|cho", "kibosh": "kibosh", "pulls-plug": "plug",
    "plug-pulled": "plug", "axe-on": "ax", "gets-axe": "ax|boot|chop", "gives-axe": "ax|boot|chop",
    "calls-it-quits-on": "quits", "wont-return": "return|back|continu",
    "not-moving-forward": "forward", "not-renewed-future": "renewed", "not-renewing": "renew",
    "wont-get-season": "season", "final-season": "final|farewell|last",
    "to-end": "end|conclude|wrap", "next-season-last": "season",
    "is-ending": "ending|concluding|wrapping", "revived": "reviv|resurrect|cancel",
    "revival-order": "revival", "lifeline": "life|reprieve|chance", "saved": "saved|saves|rescue",
    "renewed-intl": "renov|renouvel|rénov|rinnov|verl|sichert|confirmad",
    "cancelled-intl": "cancel|annul|abgesetzt|eingestellt|se va|llega a su fin",
    "final-season-intl": "ltima|derni|letzte|finale", "new-home": "land|home|resurface",
    "moves-to": "mov|head|jump",
}
# fmt: on


NEEDS_SEASON = {"needs_season": True}
OWN_NOT = {"negatable": False}

# fmt: off
EVENT_RULES: tuple[EventRule, ...] = (
    # renewed
    _rule("renews", "renewed", "right", 0.9, r"\b", _UN, r"(?:renews|renewing|re-ups?|re-upped)\b"),
    _rule("renewed", "renewed", "both", 0.9,
          r"\b(?:renewed|renew)\b(?!\s+(?:their|his|her|its)\s+vows)(?!\s+(?:interest|focus|attention",
          r"|calls|hope|energy|push|popularity|vigou?r|debate|scrutiny|optimism|enthusiasm)\b)"),
    _rule("renewal", "renewed", "both", 0.8,
          r"\b(?<!vow\s)renewals?\b(?!\s+(?:ceremony|of\s+(?:their|his|her)\s+vows))"),
    _rule("season-order", "renewed", "both", 0.9,
          r"\b(?<!full-)(?<!full\s)(?<!back-)(?!full\b|back\b)(?:\w+[\s-]+)?season\s+(?:\d+\s+)?",
          r"(?:order|pickup|pick-up|renewal)\b"),
    _rule("orders-season", "renewed", "right", 0.8,
          r"\border(?:s|ed)?\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}?",
          r"(?:season|series|seasons|run|batch|round|installment|chapter)\b", **NEEDS_SEASON),
    _rule("picks-up", "renewed", "both", 0.85, r"\b", _PICK, r"\b", **NEEDS_SEASON),
    _rule("picked-up-for", "renewed", "left", 0.9,
          r"\bpicked\s+up\s+(?:by\s+[\w+!&. ]{2,20}?\s+)?for\s+(?:a|an|another|its)?\s*",
          r"(?:\w+[\s-]+){0,3}?season"),
    _rule("gets-season", "renewed", "left", 0.85,
          r"\b(?:gets?|got|getting|lands?|landed|landing|scores?|scored|earns?|earned|nabs?",
          r"|nabbed|secures?|secured|receives?|received|snags?|snagged|will\s+have",
          r"|has\s+been\s+(?:given|granted))\s+(?:(?:a|an|another|its)\s+)?(?:\w+[\s-]+){0,3}?",
          r"(?:season|renewal)\b"),
    _rule("giving-season", "renewed", "right", 0.75,
          r"\b(?:giv(?:e|es|ing)|grant(?:s|ed|ing)?|hand(?:s|ed|ing)?)\b",
          r"(?!\s+(?:it|them|\w+)\s+the\s+(?:axe|ax|boot|chop))", **NEEDS_SEASON),
    _rule("greenlit", "renewed", "both", 0.8, r"\bgreen[\s-]?(?:lit|lights?|lighted|lighting)\b",
          **NEEDS_SEASON),
    _rule("season-confirmed", "renewed", "left", 0.8,
          r"\b(?:season\s+\d+|\w+\s+season)\s+(?:is\s+|has\s+been\s+)?(?:officially\s+)?",
          r"(?:confirmed|a\s+go|greenlit|happening)\b"),
    _rule("coming-back-for", "renewed", "left", 0.75,
          r"\b(?:will\s+(?:be\s+)?(?:return(?:ing)?|back)|(?:is|are)\s+(?:coming\s+back|returning)",
          r"|set\s+to\s+return)\s+for\s+(?:(?:a|an|another|its)?\s*(?:\w+[\s-]+){0,2}?",
          r"(?:seasons?|year|installment|chapter)\b|(?:a|an|its)\s+(?:", ORDINAL, r")\b)"),
    _rule("to-return-for", "renewed", "left", 0.8,
          r"\b(?:(?:is|are)\s+(?:set\s+)?to|to\s+be|confirmed\s+to\s+be)\s+(?:return(?:ing)?|back)",
          r"\s+for\s+(?:\([^)]*\)\s*)?(?:a|an|another|its|new)?\s*(?:\w+[\s-]+){0,2}?",
          r"(?:season|series)"),
    _rule("back-next-season", "renewed", "left", 0.75,
          r"\bwill\s+(?:all\s+|also\s+|both\s+)?(?:return|be\s+back|come\s+back)\s+",
          r"(?:to\s+(?:the\s+)?(?:airwaves|screens?|schedule|lineup)\s+)?",
          r"(?:this|next|in\s+the)\s+(?:fall|autumn|spring|summer|winter|season|year|midseason)\b"),
    _rule("brings-back", "renewed", "right", 0.75,
          r"\b(?:bring(?:s|ing)?|brought)\s+back\b"),
    _rule("renewal-deal", "renewed", "left", 0.85,
          r"\bclos(?:e|es|ed|ing)\s+(?:a\s+)?renewal\s+deals?\b"),
    _rule("commissions", "renewed", "right", 0.85,
          r"\bcommission(?:s|ed|ing)?\s+(?:a|an|another)\s+(?:\w+[\s-]+){0,2}?(?:season|series)\b"),
    # cancelled
    _rule("cancels", "cancelled", "right", 0.9, r"\b", _UN,
          r"(?:cancels|cancelling|canceling|axes|axing|nixes|nixing|scraps|scrapping|un-?renews)\b"),
    _rule("cancelled", "cancelled", "both", 0.9, r"\b", _UN,
          r"(?:cancell?ed|cancel|axed|nixed|scrapped|unrenewed|un-renewed)\b"),
    _rule("cancellation", "cancelled", "both", 0.75, r"\b", _UN, r"cancell?ations?\b"),
    _rule("decides-to-end", "cancelled", "right", 0.85,
          r"\b(?:elect(?:s|ed|ing)|decid(?:es|ed|ing)|opt(?:s|ed|ing)|cho(?:se|oses|osing))\s+to",
          r"\s+(?:end|cancel|axe|scrap|drop)\b"),
    _rule("kibosh", "cancelled", "right", 0.85, r"\b(?:put|puts|putting)\s+the\s+kibosh\s+on\b"),
    _rule("canned", "cancelled", "left", 0.8,
          r"\b(?:been|was|were|is|are|gets?|got|getting)\s+(?:officially\s+)?canned\b"),
    _rule("done-at", "cancelled", "left", 0.75,
          r"\b(?:is|are|was)\s+(?:officially\s+)?(?:done|dead|over)\s+at\s+",
          r"(?=", _NETWORK_NAMES, r")"),
    _rule("pulls-plug", "cancelled", "right", 0.9, r"\bpull(?:s|ed|ing)?\s+the\s+plug\b"),
    _rule("plug-pulled", "cancelled", "right", 0.9,
          r"\bplug\s+(?:has\s+been\s+|was\s+|is\s+)?pulled\s+on\b"),
    _rule("axe-on", "cancelled", "right", 0.85, r"\b(?:axe|ax)\s+on\b"),
    _rule("gets-axe", "cancelled", "left", 0.85,
          r"\b(?:gets?|got|getting|given)\s+the\s+(?:axe|ax|boot|chop)\b"),
    _rule("gives-axe", "cancelled", "right", 0.85,
          r"\b(?:give|gives|gave|giving)\s+(?:it|them|the\s+(?:\w+\s+){0,2}?\w+)\s+the\s+",
          r"(?:axe|ax|boot|chop)\b"),
    _rule("calls-it-quits-on", "cancelled", "right", 0.8, r"\bcalls?\s+it\s+quits\s+on\b"),
    _rule("wont-return", "cancelled", "left", 0.8,
          r"\b(?:won'?t|will\s+not|is\s+not|isn'?t|not)\s+(?:be\s+)?",
          r"(?:return(?:ing)?|coming\s+back|back|continue|continuing)\b(?!\s+until)", **OWN_NOT),
    _rule("not-moving-forward", "cancelled", "right", 0.85,
          r"\b(?:not|won'?t\s+be)\s+(?:to\s+)?(?:be\s+)?mov(?:e|ing)\s+forward\s+with\b",
          **OWN_NOT),
    _rule("not-renewing", "cancelled", "right", 0.8,
          r"\b(?:(?:decided|decides|deciding|opted|opts|chose|chooses)\s+not\s+to|will\s+not|won'?t)",
          r"\s+renew\b", **OWN_NOT),
    _rule("not-renewed-future", "cancelled", "left", 0.8,
          r"\b(?:won'?t|will\s+not)\s+be\s+renewed\b", **OWN_NOT),
    _rule("wont-get-season", "cancelled", "left", 0.8,
          r"\b(?:won'?t|will\s+not)\s+(?:get|have|see)\s+(?:a\s+)?(?:season\s+\w+|\w+\s+season)\b",
          **OWN_NOT),
    # ending
    _rule("final-season", "ending", "both", 0.8,
          r"\b(?:final|farewell)\s+(?:seasons?|installment|chapter)\b",
          r"|\b(?:its|their)\s+last\s+(?:season|installment)\b"),
    _rule("to-end", "ending", "left", 0.85,
          r"\b(?:to|will|would)\s+(?:officially\s+)?(?:end|conclude|wrap(?:\s+up)?)\s+",
          r"(?:with|after|its\s+run|in)\b"),
    _rule("next-season-last", "ending", "left", 0.8,
          r"\b(?:(?:has|have|had)\s+(?:stated|said|announced|confirmed|revealed)\s+that\s+)?",
          r"(?:(?:its|their|the)\s+)?(?:(?:next|upcoming|coming|current|\w+)\s+){1,2}season\s+",
          r"will\s+be\s+",
          r"(?:its|their|the)\s+(?:last|final)\b|\bseason\s+\d{1,2}\s+(?:will\s+be|is)\s+(?:its|their|the)",
          r"\s+(?:last|final)\b"),
    _rule("is-ending", "ending", "left", 0.8,
          r"\b(?:is|are|will\s+be)\s+(?:officially\s+)?(?:ending|concluding|wrapping\s+up)\b"),
    # revived
    _rule("revived", "revived", "both", 0.85,
          r"\b(?:revived|revives|revive|reviving|resurrected|resurrects|un-?cancell?(?:ed|s)?",
          r"|un-?cancell?ing)\b", **OWN_NOT),
    _rule("revival-order", "revived", "right", 0.85, r"\brevival\s+(?:order|pickup|pick-up)\b"),
    _rule("lifeline", "revived", "left", 0.75,
          r"\b(?:a|another)\s+(?:lifeline|second\s+life|new\s+life|new\s+lease\s+on\s+life",
          r"|reprieve|second\s+chance)\b"),
    _rule("saved", "revived", "both", 0.8, r"\b(?:saved|saves|rescued|rescues)\b"),
    # a few common phrasings in Spanish, Portuguese, French, Italian and German
    _rule("renewed-intl", "renewed", "both", 0.8,
          r"\b(?:renovad[ao]s?|renov[oó]|renueva|renovaci[oó]n|renouvel\w*|r[eé]novation"
          r"|rinnovat[ao]|verl[äa]ngert|sichert\s+sich"
          r"|confirmad[ao]\s+(?:una|la)\s+\w+\s+(?:y\s+[uú]ltima\s+)?temporada)\b"),
    _rule("cancelled-intl", "cancelled", "both", 0.8,
          r"\b(?:cancelad[ao]s?|cancel[oó]|cancelaci[oó]n|annul[ée]e?s?|annule|cancellat[ao]"
          r"|abgesetzt|eingestellt|se\s+va\s+(?:tras|despu[ée]s\s+de)|llega\s+a\s+su\s+fin)\b"),
    _rule("final-season-intl", "ending", "both", 0.8,
          r"\b(?:[uú]ltima\s+temporada|derni[èe]re\s+saison|ultima\s+stagione"
          r"|(?:letzte|finale)n?\s+staffel)\b"),
    _rule("new-home", "revived", "left", 0.75,
          r"\b(?:lands?\s+at|finds?\s+(?:a\s+)?new\s+home|resurfaces\s+at)\b"),
    _rule("moves-to", "revived", "left", 0.7,
          r"\b(?:moves?|moving|moved|heads?|heading|headed|jumps?|jumping|jumped)\s+(?:over\s+)?to",
          r"\s+(?=" + _NETWORK_NAMES + r")"),
)

# Rules naming the news as a noun: "a season 2 renewal to X", "a revival order for X".
NOMINAL = frozenset({"renewal", "season-order", "revival-order", "cancellation"})

# Words that cut a link between a trigger and a title: the title is then a bystander.
BREAK_WORDS = _r(
    r"\b(?:from|(?<!along\s)(?<!together\s)with|without|like|than|unlike|about"
    r"|which(?!\s+includ)|who|whose|while|whereas|but|because"
    r"|since|when|where|although|though|despite|after|before|following|during|into|stars?"
    r"|starring|starred|alums?|veterans?|vets?|creators?|producers?|showrunners?|writers?"
    r"|directors?|authors?|joins?|joined|joining|compared|behind|inspired|based|spinoffs?"
    r"|spin-offs?|prequels?|sequels?|reboots?|remakes?|adaptations?|universe|to|that|if|as)\b"
)
LIST_GLUE = _r(
    r"^(?:[\s,;:'\"“”‘’()]|\band\b|\bor\b|\bplus\b|\bas\s+well\s+as\b|\balong\s+with\b|&)*$"
)
AMONG = _r(
    r"^\s*(?:are|is|were|was)\s+(?:also\s+)?(?:among|one\s+of|some\s+of|the)\s+(?:the\s+|a\s+)?"
    r"(?:[\w-]+\s+){0,4}?(?:shows?|series|dramas?|comedies|titles)\s+"
    r"(?:that\s+(?:were|are|have\s+been|has\s+been|will\s+be)\s+|being\s+|to\s+be\s+)?"
)
APPOSITIVE = _r(
    r"^\s*['\"”’]?\s*(?:,(?:[^,;()]|\([^()]*\)){1,120},|\([^()]{1,120}\)"
    r"|\s[–—-][^–—]{1,90}[–—-])"
)
_SHOW_NOUN = (
    r"(?:show|series|drama|comedy|sitcom|program|programme|anthology|procedural|thriller"
    r"|franchise|dramedy|docuseries)"
)
TOPIC_WORDS = _r(r"\b(?:it|the\s+(?:\w+[\s-]+){0,3}?" + _SHOW_NOUN + r")\b")
TOPIC_OBJECT = _r(
    r"\s*(?:(?:a|an|the|its)\s+(?:\w+[\s-]+){0,2}?(?:season|series|installment)\s+of\s+)?"
    r"(?:it\b|them\b|(?:the|this|its|their)\s+(?:[\w’'-]+\s+){0,3}?" + _SHOW_NOUN + r"\b)"
)
# A title followed by one of these names something else: "the Night Desk spinoff".
NOT_THE_SERIES = _r(
    r"\s*(?:spin-?offs?|prequels?|sequels?|reboots?|remakes?|movies?|films?|specials?|games?"
    r"|podcasts?|books?|novels?|musicals?|stars?|cast|creators?|showrunners?|fans?|franchise"
    r"|universe|panels?|tours?|events?|plans?)\b"
)
# A sentence that lists the series the sentence before announced news about.
FOLLOW_UP = _r(
    r"^\W*(?:they|these|those|some|the\s+list|the\s+(?:renewals|cancell?ations|shows|series)"
    r"|the\s+(?:renewed|cancell?ed|returning|axed)\s+(?:shows|series)|among\s+(?:them|those)"
    r"|included)\b[^.;]{0,40}?\b(?:includes?|included|are|were|is)\b[:\s]*"
    r"|\bthis\s+is\s+the\s+case\s+(?:for|with)\s+"
    r"|\b(?:that|the)\s+(?:show|series|drama|comedy|sitcom)(?:\s+in\s+question)?\s+is\s+"
)
CLAUSE_BOUNDARY = re.compile(r"[;!?]|\s[–—]\s|,\s+(?:but|while|and\s+(?:it|the))\b")

BLOCK_RULES: tuple[BlockRule, ...] = (
    BlockRule("modal", "hedge", _r(r"\b(?:could|might|would|should|can|(?-i:may))\b")),
    BlockRule("talks", "hedge", _r(
        r"\b(?:in\s+talks|negotiat\w*|reportedly\s+(?:close|near|nearing)|close\s+to|nearing"
        r"|weigh(?:s|ing)|mull\w*|consider\w*|eye(?:s|ing)|explor\w*|in\s+the\s+works"
        r"|in\s+development|shopp\w*|pitch\w*|poised|on\s+track|looks\s+(?:set|likely))\b")),
    BlockRule("fate-unknown", "hedge", _r(
        r"\bfate\b.{0,30}\b(?:undecided|unknown|unclear|uncertain|up\s+in\s+the\s+air|hangs)"
        r"|\b(?:on\s+the\s+bubble|in\s+limbo|up\s+in\s+the\s+air)\b")),
    BlockRule("no-word", "hedge", _r(
        r"\b(?:no\s+word|no\s+news|yet\s+to|still\s+waiting|awaiting|pending|unclear"
        r"|remains?\s+to\s+be\s+seen|whether|if|status|updates?|release\s+date"
        r"|everything\s+we\s+know|what\s+we\s+know)\b")),
    BlockRule("not-yet", "hedge", _r(
        r"\b(?:not|n't)\s+(?:yet\s+)?(?:officially\s+)?(?:been\s+)?(?:announced|confirmed)\b")),
    BlockRule("left-out", "hedge", _r(
        r"\b(?:left\s+(?:out|off)|not\s+on\s+the|absent\s+from|missing\s+from|excluded|omitted)\b")),
    BlockRule("generic", "hedge", _r(
        r"\b(?:end(?:s|ed)?\s+up|tends?\s+to|often|usually|typically|sometimes|always)\b")),
    BlockRule("hope", "hedge", _r(
        r"\b(?:petition\w*|campaign\w*|hop(?:e|es|ed|ing|eful)|wish\w*|wants?|wanted|pleas?"
        r"|plead\w*|beg(?:s|ged|ging)?|deserves?|fight\s+for|rumou?r\w*|speculat\w*|expected\s+to|likely"
        r"|unlikely|possib\w+|potential\w*|predict\w*|odds|chances?|suspect\w*|guess\w*|bet)\b")),
    BlockRule("vows", "sense", _r(r"\b(?:vows?|wedding|marriage|married)\b")),
    BlockRule("contract", "sense", _r(
        r"\b(?:contracts?|(?<!renewal\s)deals?|pact|lease|licen[cs]e|subscriptions?|passports?"
        r"|visas?|membership)\b")),
    BlockRule("occasion", "sense", _r(
        r"\b(?:premiere|episode|screening|panel|taping|red\s+carpet|event|appearance|party)s?\s+"
        r"(?:has\s+been\s+|had\s+been\s+|was\s+|were\s+|is\s+|got\s+)?(?:cancell?ed|scrapped|axed)"
        r"|cancel(?:s|led|ed|ling|ing)?\s+(?:the\s+|its\s+|tonight's\s+|this\s+week's\s+)?"
        r"(?:premiere|episode|screening|panel|taping|event|broadcast|airing)")),
    BlockRule("film", "sense", _r(r"\b(?:sequel|film|movie|box\s+office)\b")),
    BlockRule("events", "sense", _r(
        r"\b(?:flights?|concerts?|tour|festival|games?|match|playoffs?|coach|club|league"
        r"|conference|convention|host(?:ing|s)?)\b")),
    BlockRule("earlier", "background", _r(
        r"\b(?:recently|previously|originally|earlier|formerly|had\s+been|back\s+in"
        r"|(?:has|have|had)\s+since|already|years?\s+ago|d[ée]j[àa]|bereits|già"
        r"|last\s+(?:year|month|week|spring|fall|summer|winter)"
        r"|in\s+(?:(?:early|late|mid-?)\s*)?(?:" + _MONTHS + r"\s+)?(?:19|20)\d\d"
        r"|(?:" + _MONTHS + r")\s+\d{1,2},\s+(?:19|20)\d\d)\b")),
    BlockRule("subordinate", "background", _r(
        r"^\W*(?:after|when|once|since|before|ever\s+since|following|nachdem|als"
        r"|despu[ée]s\s+de|tras|apr[èe]s)\b[^,;–—]*$")),
)
# fmt: on
OLD_NEWS = _r(
    r"\b(?:in\s+(?:19|20)\d\d|last\s+year|years?\s+ago|(?:im\s+)?vergangenen\s+jahr"
    r"|el\s+a[ñn]o\s+pasado|l'ann[ée]e\s+derni[èe]re)\b"
)
ADJECTIVE = _r(
    r"\b(?:the|a|an|this|its|their|his|her)\s+(?:newly\s+|recently\s+)?$"
    r"|\b(?:pick(?:s|ed|ing)?\s+up|saves?|saved|revives?|revived|rescues?|rescued|acquires?"
    r"|acquired|lands?|landed)\s+$"
)
DETERMINED = _r(r"\b(?:the|a|an|this|its|their|his|her)\s+(?:[\w-]+\s+)?$")
SHOW_NOUN_AFTER = _r(r"\s+(?:[\w-]+\s+)?" + _SHOW_NOUN + r"s?\b")
NEGATION = _r(
    r"\b(?:not|never|no|n't)\b(?:\s+\w+){0,2}\s*$|n't\s+(?:\w+\s+){0,2}$"
    r"|\b(?:refus\w*|declin\w*|fail\w*|reluctan\w*)\s+to\s+$"
)
QUESTION = re.compile(r"\?\s*['\"”’]?\s*$")
REVIVAL_CUES = _r(
    r"\b(?:reverses?|reversed|u-turn|after\s+(?:being\s+)?cancel\w*|cancel\w*\s*,?\s*then"
    r"|after\s+all|sav(?:e|es|ed|ing)\s+the\s+day|to\s+the\s+rescue|new\s+home"
    r"|pick(?:s|ed|ing)?\s+up\s+(?:the\s+)?cancell?ed"
    r"|after\s+(?:\w+\s+){0,3}(?:cancel\w*|pull\w*\s+the\s+plug|ax(?:e|ed|ing)))\b"
)

SeasonKind = Literal["number", "after", "before", "more", "finale", "current"]
# fmt: off
SEASON_PATTERNS: tuple[tuple[SeasonKind, re.Pattern[str]], ...] = (
    ("before", _r(r"\b(?:won'?t|will\s+not|not)\s+(?:get|have|see|(?:be\s+)?(?:return(?:ing)?"
                  r"|back|coming\s+back)\s+for)\s+(?:a\s+)?season\s+" + _NUM + r"\b")),
    ("before", _r(r"(?:\bnot|n't|\bno)\s+(?:\w+\s+){0,5}?(?:a\s+)?" + _ORD + r"[\s-]+season\b")),
    ("finale", _r(r"\bseason\s+" + _NUM + r"\s+finale\b")),
    ("current", _r(r"\b(freshman|rookie|first-year|newcomer|sophomore|second-year)\b")),
    ("number", _r(r"\bseason\s+" + _NUM + r"\b(?!\s*(?:episodes?|finale|premiere)\b)")),
    ("number", _r(r"\b" + _ORD + r"(?:\s+and\s+(?:final|last))?[\s-]+(?:\w+[\s-]+)?"
                  r"(?:seasons?|series|installments?|chapters?)\b")),
    ("number", _r(r"\bfor\s+(?:a|an|its)\s+" + _ORD + r"\b(?!\s+(?:time|episode|straight"
                  r"|consecutive|year|week|day|place|spot|round|film|movie|game))")),
    ("number", _r(r"\bS(\d{1,2})\b")),
    ("number", _r(r"\bseasons\s+\d{1,2}\s*(?:and|&|-|–|through|to)\s*(\d{1,2})\b")),
    ("after", _r(r"\b(?:after|following)\s+(?:just\s+|only\s+)?" + _NUM + r"[\s-]+seasons?\b")),
    ("after", _r(r"\b(" + _NUM[1:-1] + r"|single)[\s-]+season\s+runs?\b")),
    ("after", _r(r"\b" + _NUM + r"\s+seasons\s+in\b")),
    ("after", _r(r"\b(?:ran|running|run|lasted)\s+(?:for\s+)?(?:exactly\s+|just\s+|only\s+)?"
                 + _NUM + r"\s+seasons?\b")),
    ("more", _r(r"\b(?:another|new|more|next|additional|extra)\s+(?:\w+\s+)?seasons?\b")),
    ("number", _r(r"\b(" + _INTL_ORD + r")(?:\s+(?:y|et|e|und)\s+(?:[uú]ltima|derni[èe]re|letzte))?"
                  r"\s+(?:temporada|saison|staffel|stagione)\b")),
    ("number", _r(r"\b(?:temporada|saison|staffel|stagione)\s+(\d{1,2})\b")),
    ("after", _r(r"\b(\d{1,2}|" + _INTL_NUM + r")\s+(?:temporadas?|saisons?|staffeln|stagioni)\b")),
)
# fmt: on

ALL_HINTS = frozenset(h for rule in EVENT_RULES for h in rule.hints)

# fmt: off
NETWORKS: tuple[str, ...] = (
    "Netflix", "Hulu", "HBO Max", "HBO", "Max", "Prime Video", "Amazon", "Apple TV+", "Disney+",
    "Paramount+", "Peacock", "NBC", "ABC", "CBS", "Fox", "The CW", "CW", "FXX", "FX", "AMC+",
    "AMC", "Showtime", "Starz", "TNT", "TBS", "USA Network", "Syfy", "Bravo", "Comedy Central",
    "Freeform", "Lifetime", "Hallmark", "Adult Swim", "Cartoon Network", "Nickelodeon", "MTV",
    "VH1", "A&E", "TLC", "HGTV", "BBC One", "BBC Two", "BBC", "ITV", "Channel 4", "Sky One",
    "Crunchyroll", "Pop TV", "Epix", "MGM+", "BET", "Sundance", "IFC", "Cinemax", "WGN America",
    "YouTube", "CBS All Access", "Shudder", "BritBox", "Acorn TV", "Tubi", "Roku", "Quibi",
    "Facebook Watch", "Oxygen", "PBS", "Disney Channel", "Disney XD", "TV Land", "Sky Atlantic",
)
# fmt: on
_SPELLINGS = sorted({v for n in NETWORKS for v in (n, n.upper())}, key=len, reverse=True)
NETWORK_PATTERN = re.compile(r"(?<![\w@#])(" + "|".join(map(re.escape, _SPELLINGS)) + r")(?![\w+])")
CANONICAL_NETWORK = {n.casefold(): n for n in NETWORKS} | {"cw": "The CW"}


def season_number(text: str) -> int | None:
    """The number in a season phrase: "5", "fifth", "twenty-second", "a single"."""
    word = re.sub(r"\s+", " ", text.casefold()).removeprefix("a ").strip() or "a"
    if word[:2].isdigit() or word[:1].isdigit():
        return int(re.sub(r"\D", "", word))
    if word.startswith("twenty-"):
        return 20 + ORDINAL_WORDS.get(word[7:], 0)
    return NUMBER_WORDS.get(word, ORDINAL_WORDS.get(word))


# Every season phrase holds one of these: a cheap first filter for `season_in`.
_SEASONISH = _r(
    r"season|series|temporad|saison|staffel|stagion|\bs\d|freshman|rookie|newcomer|sophomore"
    r"|year|installment|chapter|\bfor\s+(?:a|an|its)\s"
)


def season_in(text: str, event: str, anchor: int, anchor_end: int = -1) -> tuple[int | None, bool]:
    """The season stated nearest the span [anchor, anchor_end), and whether any phrase is there."""
    if not _SEASONISH.search(text):
        return None, False
    end = max(anchor, anchor_end)
    best: tuple[int, int | None] | None = None
    for kind, pattern in SEASON_PATTERNS:
        for m in pattern.finditer(text):
            value = season_value(kind, m.group(1) if m.groups() else None, event)
            dist = m.start() - end if m.start() >= end else max(0, anchor - m.end())
            if best is None or (value is not None and (best[1] is None or dist < best[0])):
                best = (dist, value)
    return (best[1], True) if best else (None, False)


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
