"""The detector's event phrases and the networks: which phrase states which news, where.

Data only. Seasons are `alerts.rules_seasons`, hedges and other senses `alerts.rules_hedges`,
linking words `alerts.rules_links`, the rule types `alerts.rules_base`; `alerts.link` and
`alerts.weigh` decide what applies.
"""

from __future__ import annotations

import re

from alerts.mentions import Literals
from alerts.rules_base import Attach, Event, EventRule, ci
from alerts.rules_seasons import NUMBER_WORD, ORDINAL, SERIES_NUMBER

_PICK = r"pick(?:s|ed|ing)?\s+(?:(?:it|them|the\s+\w+(?:\s+\w+)?)\s+)?up"
_UN = r"(?<!un-)(?<!un)"
_NOT_A_SLOT = r"(?!\s+from\s+(?:its\s+|the\s+)?(?:[\w-]+\s+){0,2}(?:nights?|slot|time\s*slot)\b)"
_DAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|night|weeknight|weekday|weekend|primetime"
    r"|late-night|morning|afternoon|evening)"
)
# "ends its Tuesday run in June before moving to Fridays" is a schedule move, not an ending
_SLOT_RUN = (
    r"(?:its|their)\s+(?!" + _DAY + r")(?:[\w-]+\s+)?run\b"
    r"(?!\s+(?:on|in)\s+(?:\w+\s+)?" + _DAY + r"s?\b)(?![^.;]{0,40}\b(?:before|then)\s+moving\b)"
)
# "X moves to Hulu as Freeform goes dark": its channel closes, no cancellation was undone
_NOT_A_CLOSURE = (
    r"(?![^.;]{0,60}?\bas\s+(?:[\w+&'’-]+\s+){1,3}?(?:goes\s+dark|shuts\s+down|closes|folds"
    r"|winds\s+down|ceases\s+operations)\b)"
)
# "X returns for its third season on Monday": an airing date, not news of a renewal
_NOT_AN_AIRING = (
    r"(?![^.;]{0,50}?\b(?:on\s+(?:" + _DAY + r"s?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov"
    r"|dec)[a-z]*\.?\s+\d|\d)|tonight)\b)"
)
# "X Final Season Trailer": a promo for a final season told before, not news of the ending
_NOT_A_PROMO = (
    r"(?!\s+(?:official\s+)?(?:trailers?|teasers?|posters?|first[\s-]+looks?|sneak\s+peeks?"
    r"|key\s+art|promos?|(?:premiere|release)\s+dates?)\b)"
)
_COUNT = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|a\s+single|just|only)\b"
_NETWORK_NAMES = (
    r"(?-i:Netflix|Hulu|HBO|Max|Prime Video|Amazon|Apple|Disney\+|Paramount\+|Peacock|NBC|ABC"
    r"|CBS|Fox|FOX|The CW|CW|FX|AMC|Showtime|Starz|TNT|TBS|USA|Syfy|Bravo|Freeform|Lifetime"
    r"|Pop|Crackle|YouTube|BBC|ITV|Sky|Audience|DirecTV|Facebook|Roku|Tubi|Peacock)\b"
)  # "un-cancelled" is a revival


def _rule(
    name: str,
    event: Event,
    attach: Attach,
    confidence: float,
    *pattern: str,
    needs_season: bool = False,
    negatable: bool = True,
) -> EventRule:
    hints = tuple(HINTS[name].split("|"))
    compiled = ci("".join(pattern))
    return EventRule(name, event, compiled, attach, confidence, needs_season, negatable, hints)


# fmt: off
HINTS = {
    "renews": "renew|re-up|recommission", "renewed": "renew|recommission", "renewal": "renewal",
    "season-order": "order|pick|renewal", "orders-season": "order", "picks-up": "pick",
    "picked-up-for": "picked",
    "gets-season": "get|got|land|score|earn|nab|secure|receive|snag|will|given|granted|bag|nets "
    "|netted|clinch|locks in|locked in|has one more|have one more",
    "giving-season": "giv|gave|grant|hand", "greenlit": "green",
    "season-confirmed": "confirmed|go|greenlit|happening", "coming-back-for": "return|back",
    "to-return-for": "return|back", "is-to-return": "to return", "renewal-deal": "renewal",
    "brings-back": "back",
    "canned": "canned", "done-at": "done|dead|over|finish", "back-next-season": "return|back",
    "season-on-way": "way|coming", "return-of": "return", "there-will-be-season": "there",
    "commissions": "commission",
    "cancels": "cancel|axes|axing|nix|scrap|renews",
    "cancelled": "cancel|axed|nixed|scrapped|renewed", "cancellation": "cancel",
    "decides-to-end": "elect|decid|opt|cho", "kibosh": "kibosh", "pulls-plug": "plug",
    "plug-pulled": "plug", "axe-on": "ax", "gets-axe": "ax|boot|chop", "gives-axe": "ax|boot|chop",
    "ends-run-of": "run of", "calls-it-quits-on": "quits|time on",
    "wont-return": "return|back|continu",
    "not-moving-forward": "forward", "not-renewed-future": "renewed",
    "not-renewing": "renew|continu|against", "ends-run": "ends|ended|ending",
    "wont-get-season": "won|not", "final-season": "final|farewell|last",
    "to-end": "end|conclude|wrap", "next-season-last": "last|final",
    "is-ending": "ending|concluding|wrapping",
    "season-of-will-be-last": "will be its|will be their",
    "order-will-be-last": "be the last|be its last|be their last|be the final|be its final"
    "|be their final", "comes-to-end": "come",
    "revived": "reviv|resurrect|cancel", "revival-order": "revival",
    "revival-confirmed": "revival", "to-return-with": "return with|returning with|back with",
    "returning-include": "returning",
    "reverses-cancellation": "revers|undo|undid|walk",
    "lifeline": "life|reprieve|chance", "back-from-dead": "dead|grave|ashes",
    "saved": "saved|saves|rescue", "was-saved": "saved|rescued",
    "renewed-intl": "renov|renuev|renouvel|rénov|rinnov|verl|sichert|confirmad|habr",
    "cancelled-intl": "cancel|annul|abgesetzt|eingestellt|se va|llega a su fin",
    "final-season-intl": "ltima|derni|letzte|finale", "new-home": "land|home|resurface",
    "moves-to": "mov|head|jump", "confirms-season-of": "confirm|announc|unveil",
    "keeps-for-season": "keep|kept",
    "not-bringing-back": "bring", "passes-on-season": "pass", "spared": "spared|escap|surviv",
    "the-axe": "ax|boot|chop", "green-light-to": "green|go-ahead", "drops-after": " drop",
    "has-come-to-end": "come", "no-season": "there", "cuts-loose": "loose", "ends-title": " ends ",
    "to-end-run": "end its|end their", "ends-with-its": "ends with|concludes with|wraps up with",
    "revival-of": "revival of|reboot of",
}
# fmt: on
NEEDS_SEASON: dict[str, bool] = {"needs_season": True}
OWN_NOT: dict[str, bool] = {"negatable": False}
# fmt: off
EVENT_RULES: tuple[EventRule, ...] = (
    # renewed
    _rule("renews", "renewed", "right", 0.9, r"\b", _UN,
          r"(?:renews|renewing|re-ups?|re-upped|recommissions|recommissioning)\b"),
    _rule("renewed", "renewed", "both", 0.9,
          r"\b(?:renewed|renew|recommissioned)\b(?!\s+(?:their|his|her|its)\s+vows)(?!\s+(?:interest|focus|attention",
          r"|calls|hope|energy|push|popularity|vigou?r|debate|scrutiny|optimism|enthusiasm)\b)"),
    _rule("renewal", "renewed", "both", 0.8,
          r"\b(?<!vow\s)renewals?\b(?!\s+(?:ceremony|of\s+(?:their|his|her)\s+vows))"),
    _rule("season-order", "renewed", "both", 0.9,
          r"\b(?<!full-)(?<!full\s)(?<!back-)(?!full\b|back\b)(?:\w+[\s-]+)?season\s+(?:\d+\s+)?",
          r"(?:order|pickup|pick-up|renewal)\b"),
    _rule("orders-season", "renewed", "right", 0.8,
          r"\border(?:s|ed)?\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?:and\s+(?:final|last)\s+)?",
          r"(?:season|series|seasons|run|batch|round|installment|chapter)\b", **NEEDS_SEASON),
    _rule("picks-up", "renewed", "both", 0.85, r"\b", _PICK, r"\b", **NEEDS_SEASON),
    _rule("picked-up-for", "renewed", "left", 0.9,
          r"\bpicked\s+up\s+(?:by\s+[\w+!&. ]{2,20}?\s+)?for\s+(?:a|an|another|its)?\s*",
          r"(?:\w+[\s-]+){0,3}?(?:season|year\b)"),
    _rule("gets-season", "renewed", "left", 0.85,
          r"\b(?:gets?|got|getting|lands?|landed|landing|scores?|scored|earns?|earned|nabs?",
          r"|nabbed|secures?|secured|receives?|received|snags?|snagged|will\s+have|bags?|bagged",
          r"|nets?|netted|clinch(?:es|ed)?|locks?\s+in|locked\s+in",
          r"|has\s+been\s+(?:given|granted)|(?:has|have)(?=\s+one\s+more\b))",
          r"\s+(?:(?:(?:a|an|another|its)\s+)?(?:\w+,?[\s-]+){0,3}?(?:seasons?|renewal)\b",
          # "A returns for a third season and B gets its ninth": the season noun left out
          r"|its\s+(?!first\b|1st\b)(?:", ORDINAL,
          r")(?=\s*(?:[,.;:!?)]|$|\s+(?:and|while|whereas)\b)))"),
    _rule("giving-season", "renewed", "right", 0.75,
          r"\b(?:giv(?:e|es|en|ing)|gave|grant(?:s|ed|ing)?|hand(?:s|ed|ing)?)\b",
          r"(?!\s+(?:it|them|\w+)\s+the\s+(?:axe|ax|boot|chop))", **NEEDS_SEASON),
    _rule("greenlit", "renewed", "both", 0.8, r"\bgreen[\s-]?(?:lit|lights?|lighted|lighting)\b",
          **NEEDS_SEASON),
    _rule("green-light-to", "renewed", "right", 0.8,
          r"\b(?:green[\s-]?light|go-ahead)\s+(?:to|for)\s+(?:a|an|another)\s+(?:\w+[\s-]+){0,2}?",
          r"(?:season|series|installment)\s+(?:of|for)\b"),
    _rule("season-confirmed", "renewed", "left", 0.8,
          r"\b(?:season\s+\d+|\w+\s+season|s\d{1,2})\s+(?:is\s+|has\s+been\s+)?(?:officially\s+)?",
          r"(?:confirmed|a\s+go|greenlit|happening)\b"),
    _rule("coming-back-for", "renewed", "left", 0.75,
          r"\b(?:will\s+(?:be\s+)?(?:return(?:ing)?|back)|(?:is|are)\s+(?:both\s+|all\s+|also\s+)?",
          r"(?:coming\s+back|returning|back)|returns|comes\s+back|set\s+to\s+return)",
          _NOT_AN_AIRING, r"(?:\s+(?:to|on|in|next|this|later\s+this)\s+[\w+]+){0,2}",
          r"\s+for\s+(?:(?:a|an|another|its)?\s*(?:\w+[\s-]+){0,2}?",
          r"(?:seasons?|year|installment|chapter)\b|(?:a|an|its)\s+(?:", ORDINAL, r")\b",
          r"|series\s+", SERIES_NUMBER, r")"),
    _rule("to-return-for", "renewed", "left", 0.8,
          r"\b(?:(?:is|are)\s+(?:set\s+)?to|to\s+be|confirmed\s+to\s+be)\s+(?:return(?:ing)?|back)",
          r"\s+for\s+(?:\([^)]*\)\s*)?(?:a|an|another|its|new)?\s*(?:\w+[\s-]+){0,2}?",
          r"(?:season|series)"),
    # British: "X is to return next year"; "Jane Roe is to return as Kate" returns to a role
    _rule("is-to-return", "renewed", "left", 0.75,
          r"\b(?:is|are)\s+(?:set\s+)?to\s+return\b(?!\s+(?:as|for)\b)"),
    # "X, which ended in 2018, will return with a fourth season"
    # a slate's "Returning dramas include A, B and C"
    _rule("returning-include", "renewed", "right", 0.75,
          r"\breturning\s+(?:[\w-]+\s+){0,2}?(?:shows|series|dramas|comedies|sitcoms|favou?rites",
          r"|titles|programs|programmes)\s+(?:include|are)\b"),
    _rule("to-return-with", "renewed", "left", 0.75,
          r"\bwill\s+(?:be\s+)?(?:return(?:ing)?|back|come\s+back)\s+with\s+(?:a|an|another)\s+",
          r"(?:[\w-]+\s+){0,2}?(?:season|series|installment)\b"),
    _rule("season-on-way", "renewed", "left", 0.8,
          r"\b(?:a|an|another)\s+(?:\w+[\s-]+){0,2}?season\s+(?:of\s+(?:[\w'’:&!.-]+\s+){1,4}?)?",
          r"(?:is|are)\s+(?:officially\s+)?",
          r"(?:on\s+(?:the|its)\s+way|coming|headed\s+our\s+way)\b"),
    _rule("there-will-be-season", "renewed", "right", 0.8,
          r"\bthere\s+(?:will\s+be|is\s+going\s+to\s+be)\s+(?:a|an|another)\s+",
          r"(?:\w+[\s-]+){0,2}?season\s+of\b"),
    _rule("return-of", "renewed", "right", 0.7, r"\bthe\s+return\s+of\b", **NEEDS_SEASON),
    _rule("back-next-season", "renewed", "left", 0.75,
          r"\bwill\s+(?:all\s+|also\s+|both\s+)?(?:return|be\s+back|come\s+back)\s+",
          r"(?:to\s+(?:the\s+)?(?:airwaves|screens?|schedule|lineup)\s+)?",
          r"(?:this|next|in\s+the)\s+(?:fall|autumn|spring|summer|winter|season|year|midseason)\b"),
    _rule("brings-back", "renewed", "right", 0.75,
          r"\b(?:bring(?:s|ing)?|brought)(?:\s+back\b|(?=\s+(?:[\w'’:&!.-]+\s+){1,5}?back\b))"),
    _rule("renewal-deal", "renewed", "left", 0.85,
          r"\bclos(?:e|es|ed|ing)\s+(?:a\s+)?renewal\s+deals?\b"),
    _rule("commissions", "renewed", "right", 0.85,
          r"\bcommission(?:s|ed|ing)?\s+(?:a|an|another)\s+(?:\w+[\s-]+){0,2}?(?:season|series)\b"),
    _rule("keeps-for-season", "renewed", "right", 0.75,
          r"\b(?:keep(?:s|ing)?|kept)\b(?=\s+(?:[\w'’:&!.-]+\s+){1,5}?(?:around|alive|going|on\s+the\s+air)",
          r"\s+for\s+(?:a|an|another|its)\s+(?:\w+[\s-]+){0,2}?season)"),
    _rule("confirms-season-of", "renewed", "right", 0.8,
          r"\b(?:confirm(?:s|ed|ing)?|announc(?:e|es|ed|ing)|unveil(?:s|ed|ing)?)\s+(?:a|an)\s+",
          r"(?:\w+[\s-]+){0,2}?(?:season|series|installment)\s+(?:of|for)\b", **NEEDS_SEASON),
    _rule("spared", "renewed", "left", 0.75,
          r"\b(?:spared(?!\s+(?:no|nothing|any|expense|the\s+(?:life|lives|expense))\b)",
          r"|escap(?:es|ed|ing)\s+(?:the\s+)?(?:axe|ax|chopping\s+block|cancell?ation)",
          r"|surviv(?:es|ed|ing)\s+(?:the\s+)?(?:axe|ax|chopping\s+block|cancell?ation|cut))\b"),
    # cancelled
    _rule("cancels", "cancelled", "right", 0.9, r"\b", _UN,
          r"(?:cancels|cancelling|canceling|axes|axing|nixes|nixing|scraps|scrapping|un-?renews)\b"),
    _rule("cancelled", "cancelled", "both", 0.9, r"\b", _UN,
          r"(?:cancell?ed|cancel(?![\s-]+culture)|axed|nixed|scrapped|unrenewed|un-renewed)\b"),
    _rule("cancellation", "cancelled", "both", 0.75, r"\b", _UN, r"cancell?ations?\b"),
    _rule("decides-to-end", "cancelled", "right", 0.85,
          r"\b(?:elect(?:s|ed|ing)|decid(?:es|ed|ing)|opt(?:s|ed|ing)|cho(?:se|oses|osing))\s+to",
          r"\s+(?:end|cancel|axe|scrap|drop)\b"),
    _rule("kibosh", "cancelled", "right", 0.85, r"\b(?:put|puts|putting)\s+the\s+kibosh\s+on\b"),
    _rule("canned", "cancelled", "left", 0.8,
          r"\b(?:been|was|were|is|are|gets?|got|getting)\s+(?:officially\s+)?canned\b"),
    _rule("done-at", "cancelled", "left", 0.75,
          r"\b(?:is|are|was)\s+(?:officially\s+)?(?:done|dead|over|finished)\s+(?:at\s+(?=",
          _NETWORK_NAMES, r")|after\s+(?=(?:one|two|three|four|five|six|seven|eight|nine|ten",
          r"|\d+|a\s+single|just|only)\b))"),
    _rule("pulls-plug", "cancelled", "right", 0.9, r"\bpull(?:s|ed|ing)?\s+(?:the\s+)?plug\b"),
    _rule("plug-pulled", "cancelled", "right", 0.9,
          r"\bplug\s+(?:has\s+been\s+|was\s+|is\s+)?pulled\s+on\b"),
    _rule("axe-on", "cancelled", "right", 0.85, r"\b(?:axe|ax)\s+on\b"),
    # "ITV has dropped X after one run": "dropped" alone may be a trailer or an episode
    _rule("drops-after", "cancelled", "right", 0.8,
          r"\b(?:drops|dropped|dropping)\b(?=\s+(?:[\w'’:&!.-]+\s+){1,6}?after\s+", _COUNT, r")"),
    _rule("has-come-to-end", "cancelled", "left", 0.75,
          r"\b(?:has|have)\s+(?:officially\s+)?come\s+to\s+an?\s+end\s+(?:at\s+(?=",
          _NETWORK_NAMES, r")|after\s+(?=", _COUNT, r"))"),
    _rule("no-season", "cancelled", "right", 0.8,
          r"\bthere\s+(?:will|would)\s+be\s+no\s+(?:(?:\w+[\s-]+)?(?:season|series)\s+of\b",
          r"|(?:season|series)\s+\w+\s+of\b)", **OWN_NOT),
    _rule("cuts-loose", "cancelled", "right", 0.8,
          r"\bcut(?:s|ting)?\b(?=\s+(?:[\w'’:&!.-]+\s+){1,5}?loose\b)"),
    # a headline's "ABC renews A and B, ends C": the verb must take a title
    _rule("ends-title", "cancelled", "right", 0.75, r"\bends\s+(?=['\"“‘]|(?-i:[A-Z]))"),
    _rule("gets-axe", "cancelled", "left", 0.85,
          r"\b(?:gets?|got|getting|given)\s+the\s+(?:axe|ax|boot|chop)\b", _NOT_A_SLOT),
    _rule("gives-axe", "cancelled", "right", 0.85,
          r"\b(?:give|gives|gave|giving)\s+(?:it|them|the\s+(?:\w+\s+){0,2}?\w+)\s+the\s+",
          r"(?:axe|ax|boot|chop)\b"),
    _rule("the-axe", "cancelled", "left", 0.75,
          r"\bthe\s+(?:axe|ax|boot|chop)\b(?!\s+(?:on|to|for|of|down|fell|falls)\b)", _NOT_A_SLOT),
    _rule("not-bringing-back", "cancelled", "right", 0.8,
          r"\b(?:not\s+to|won'?t|will\s+not|not|against)\s+(?:be\s+)?bring(?:ing)?",
          r"(?=\s+(?:[\w'’:&!.-]+\s+){0,5}?back\b)", **OWN_NOT),
    _rule("passes-on-season", "cancelled", "right", 0.8,
          r"\bpass(?:es|ed|ing)?\s+on\s+(?:a|an|another)\s+(?:\w+[\s-]+){0,2}?season\s+of\b"),
    _rule("ends-run", "cancelled", "right", 0.8,
          r"\bend(?:s|ed|ing)\b(?=\s+(?:[\w'’:&!.-]+\s+){0,5}?[\w.!]*['’]s?\s+(?:\w+[\s-]+)?run\b",
          r"(?!\s+of\b))"),
    _rule("ends-run-of", "cancelled", "right", 0.8,
          r"\bend(?:s|ed|ing)?\s+(?:the|its)\s+run\s+of\b"),
    # "ITV has called time on X" (UK press): the broadcaster ends it
    _rule("calls-it-quits-on", "cancelled", "right", 0.8,
          r"\b(?:calls?|called|calling)\s+(?:it\s+quits|time)\s+on\b"),
    _rule("wont-return", "cancelled", "left", 0.8,
          r"\b(?:won'?t|will\s+not|is\s+not|isn'?t|not)\s+(?:be\s+)?",
          r"(?:return(?:ing)?|coming\s+back|back|continue|continuing)\b(?!\s+until)", **OWN_NOT),
    _rule("not-moving-forward", "cancelled", "right", 0.85,
          r"\b(?:not|won'?t\s+be|won'?t)\s+(?:to\s+)?(?:be\s+)?(?:mov(?:e|ing)|go(?:ing)?)\s+",
          r"forward\s+with\b",
          **OWN_NOT),
    _rule("not-renewing", "cancelled", "right", 0.8,
          r"\b(?:(?:(?:decided|decides|deciding|opted|opts|chose|chooses)\s+not\s+to|will\s+not|won'?t)",
          r"\s+(?:renew|continue|proceed\s+with)|(?:decided|decides|deciding|opted|opts)\s+against",
          r"\s+(?:renewing|continuing|moving\s+forward\s+with)",
          r"|(?:(?:is|are)\s+not|isn'?t|aren'?t)\s+renewing|(?:did\s+not|didn'?t)\s+renew)\b",
          **OWN_NOT),
    _rule("not-renewed-future", "cancelled", "left", 0.8,
          r"\b(?:won'?t|will\s+not)\s+be\s+renewed\b", **OWN_NOT),
    _rule("wont-get-season", "cancelled", "left", 0.8,
          r"\b(?:won'?t|will\s+not)\s+(?:be\s+)?(?:get(?:ting)?|hav(?:e|ing)|see(?:ing)?)\s+",
          r"(?:a\s+)?(?:season\s+\w+|\w+\s+season)\b",
          **OWN_NOT),
    # ending
    _rule("final-season", "ending", "both", 0.8,
          r"\b(?:(?:one\s+more|another)\s*,\s*)?(?:final|farewell)(?:\s*[—–]|\s+-)?\s+",
          r"(?:seasons?|installment|chapter)\b", _NOT_A_PROMO,
          r"|\b(?:its|their|(?:one\s+more|another)\s*,)\s+last\s+(?:season|installment)\b"),
    # "picked X up for a third season, and it will be the last": the order is the final one
    _rule("order-will-be-last", "ending", "left", 0.8,
          r"\bfor\s+(?:(?:a|an|its)\s+)?(?:[\w-]+\s+){0,2}?(?:season|year|series)(?:\s+\d{1,2})?",
          r"\s*,\s*(?:and\s+)?(?:it|that|this|which)\s+will\s+be\s+(?:its|their|the)\s+",
          r"(?:last|final)\b"),
    _rule("to-end", "ending", "left", 0.85,
          r"\b(?:to|will|would)\s+(?:officially\s+)?(?:end|conclude|wrap(?:\s+up)?",
          r"|come\s+to\s+an?\s+end)\s+",
          r"(?:with|after|in)\b"),
    # "will end its run": the labelling rules read "end the run" as a cancellation
    _rule("to-end-run", "cancelled", "left", 0.8,
          r"\b(?:to|will|would)\s+(?:officially\s+)?end\s+", _SLOT_RUN),
    _rule("next-season-last", "ending", "left", 0.8,
          r"\b(?:(?:has|have|had)\s+(?:stated|said|announced|confirmed|revealed)\s+that\s+)?",
          r"(?:(?:its|their|the)\s+)?(?:(?:next|upcoming|coming|current|\w+)\s+){1,2}season\s+",
          r"will\s+be\s+",
          r"(?:its|their|the|our)\s+(?:last|final)\b",
          r"|\bseason\s+(?:\d{1,2}|", NUMBER_WORD, r")\s+(?:will\s+be|is)\s+(?:its|their|the|our)",
          r"\s+(?:last|final)\b"),
    # "the sixth season of X will be its last": the title stands inside the phrase
    _rule("season-of-will-be-last", "ending", "left", 0.8,
          r"\bwill\s+be\s+(?:its|their)\s+(?:last|final)(?:\s+(?:one|season|chapter))?",
          r"(?=\s*(?:$|[,.;:!?)]|\s[–—-]))", **NEEDS_SEASON),
    _rule("comes-to-end", "cancelled", "left", 0.8,
          r"\b(?:will|would|to)\s+(?:officially\s+)?come\s+to\s+an?\s+end\b",
          r"(?!\s+(?:with|after|in|at|when|once)\b)"),
    # "X itself ends with its third": the present tense of a planned end
    _rule("ends-with-its", "ending", "left", 0.8,
          r"\b(?:ends|concludes|wraps\s+up)\s+with\s+(?:its|their)\s+(?:", ORDINAL,
          r"|final|last)(?:[\s-]+(?:season|series|installment|chapter|run))?(?=\s*(?:$|[,.;:!?)]))"),
    _rule("is-ending", "ending", "left", 0.8,
          r"\b(?:is|are|will\s+be)\s+(?:officially\s+)?(?:ending|concluding|wrapping\s+up)\b"),
    # revived
    _rule("revived", "revived", "both", 0.85,
          r"\b(?:revived|revives|revive|reviving|resurrected|resurrects|un-?cancell?(?:ed|s)?",
          r"|un-?cancell?ing)\b", **OWN_NOT),
    _rule("revival-order", "revived", "right", 0.85,
          r"\b(?:revival\s+(?:order|pickup|pick-up)|(?:order(?:s|ed|ing)?|greenlit|greenlights?",
          r"|announc(?:es|ed|ing)|confirm(?:s|ed|ing)?)\s+(?:(?:a|an)\s+(?:\w+[\s-]+){0,2}?)?revival",
          r"\s+(?:of|for))\b"),
    # "New series include a revival of the long-gone sitcom X": indefinite, so new news
    # an order of it, not "a reboot of X" among a producer's projects or "in talks"
    _rule("revival-of", "revived", "right", 0.75,
          r"\b(?:order(?:s|ed|ing)?|greenlit|green-?light(?:s|ed)?|picked\s+up|pickups?"
          r"|commission(?:s|ed)?)\s+(?:[\w-]+\s+){0,4}?a\s+(?:revival|reboot)\s+of\b"),
    # "X Revival Confirmed", "a revival of X is officially a go"
    _rule("revival-confirmed", "revived", "left", 0.8,
          r"\brevival\s+(?:is\s+|has\s+been\s+)?(?:officially\s+)?(?:confirmed|a\s+go|greenlit",
          r"|happening)\b"),
    _rule("reverses-cancellation", "revived", "right", 0.85,
          r"\b(?:revers(?:e|es|ed|ing)|undo(?:es|ing)?|undid|walk(?:s|ed|ing)?\s+back)\s+",
          r"(?:its|their|the)\s+(?:decision\s+to\s+(?:cancel|axe|end)|cancell?ation)\b"),
    _rule("back-from-dead", "revived", "left", 0.8,
          r"\b(?:(?:is|are|'s)\s+(?:officially\s+)?back|rises?|rising|risen)\s+from\s+the\s+",
          r"(?:dead|grave|ashes)\b"),
    _rule("lifeline", "revived", "left", 0.75,
          r"\b(?:a|another)\s+(?:lifeline|second\s+life|new\s+life|new\s+lease\s+on\s+life",
          r"|reprieve|second\s+chance)\b"),
    _rule("saved", "revived", "right", 0.8, r"\b(?:saved|saves|rescued|rescues)\b"),
    # passive: "X Saved by Netflix"; "X saved her career" saves something else
    _rule("was-saved", "revived", "left", 0.8,
          r"\b(?:saved|rescued)\b(?=\s*(?:$|[,.!?:;)]|\s[–—-]|\s+(?:by|from|at|for|after|again|in",
          r"|on|as|thanks|just|yet|once)\b))"),
    # a few common phrasings in Spanish, Portuguese, French, Italian and German
    _rule("renewed-intl", "renewed", "both", 0.8,
          r"\b(?:renovad[ao]s?|renov[oó]|renueva|renuevan|renovaci[oó]n|renouvel\w*|r[eé]novation"
          r"|rinnovat[ao]|verl[äa]ngert|sichert\s+sich"
          r"|confirmad[ao]\s+(?:una|la)\s+\w+\s+(?:y\s+[uú]ltima\s+)?temporada"
          r"|habr[áa]\s+una\s+\w+\s+temporada)\b"),
    _rule("cancelled-intl", "cancelled", "both", 0.8,
          r"\b(?:cancelad[ao]s?|cancel[oó]|cancela|cancelaci[oó]n|annul[ée]e?s?|annule|cancellat[ao]"
          r"|abgesetzt|eingestellt|se\s+va\s+(?:tras|despu[ée]s\s+de)|llega\s+a\s+su\s+fin)\b"),
    _rule("final-season-intl", "ending", "both", 0.8,
          r"\b(?:[uú]ltima\s+temporada|derni[èe]re\s+saison|ultima\s+stagione"
          r"|(?:letzte|finale)n?\s+staffel)\b"),
    _rule("new-home", "revived", "left", 0.75,
          r"\b(?:lands?\s+at|finds?\s+(?:a\s+)?new\s+home|resurfaces\s+at)\b"),
    _rule("moves-to", "revived", "left", 0.7,
          r"(?<!'s\s)(?<!’s\s)",  # "X's move to Netflix" is a noun: the move may be old news
          r"\b(?:moves?|moving|moved|heads?|heading|headed|jumps?|jumping|jumped)\s+(?:over\s+)?to",
          r"\s+(?=" + _NETWORK_NAMES + r")", _NOT_A_CLOSURE),
)
# fmt: on
ALL_HINTS = frozenset(h for rule in EVENT_RULES for h in rule.hints)
# Every hint in a sentence in one pass, overlapping ones too ("renewal" holds "renew").
_HINTS = Literals(ALL_HINTS)


_RULES_BY_HINT = {
    h: frozenset(i for i, rule in enumerate(EVENT_RULES) if h in rule.hints) for h in ALL_HINTS
}


def rules_for(hints: set[str]) -> list[EventRule]:
    """The event rules that may match a sentence holding these hints, in table order."""
    if not hints:
        return []
    return [EVENT_RULES[i] for i in sorted(frozenset().union(*(_RULES_BY_HINT[h] for h in hints)))]


def hints_in(lower: str) -> set[str]:
    """The rule hints a lower-cased sentence holds."""
    return _HINTS.found_in(lower)


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
