"""What stops a news phrase: hedges, other senses, earlier facts, negation, questions.

Also the cues that turn them around: reported speech ("announced that X would end") and
revival cues ("after its cancellation").
"""

from __future__ import annotations

import re

from alerts.rules_base import SHOW_NOUN, BlockRule, ci

_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
# fmt: off
BLOCK_RULES: tuple[BlockRule, ...] = (
    BlockRule("modal", "hedge", ci(r"\b(?:could|might|would|should|can|(?-i:may))\b")),
    BlockRule("talks", "hedge", ci(
        r"\b(?:in\s+(?:early\s+|advanced\s+|preliminary\s+|serious\s+)?talks|negotiat\w*|reportedly\s+(?:close|near|nearing)|close\s+to|nearing"
        r"|weigh(?:s|ing)|mull\w*|consider\w*|eye(?:s|ing)|explor\w*|in\s+the\s+works"
        r"|in\s+development|shopp\w*|pitch\w*|poised|on\s+track|looks\s+(?:set|likely)"
        r"|(?:renewal|revival|season\s+\w+)\s+talks|talks\s+(?:over|about|on|for|to)|stall\w*"
        r"|(?:we|i|they)(?:'re|'m|\s+are|\s+am)\s+(?:\w+\s+)?talking)\b")),
    BlockRule("fate-unknown", "hedge", ci(
        r"\bfate\b.{0,30}\b(?:undecided|unknown|unclear|uncertain|up\s+in\s+the\s+air|hangs)"
        r"|\b(?:on\s+the\s+bubble|in\s+limbo|up\s+in\s+the\s+air)\b")),
    BlockRule("no-word", "hedge", ci(
        r"\b(?:no\s+word|no\s+news|yet\s+to|still\s+waiting|awaiting|pending|unclear"
        r"|remains?\s+to\s+be\s+seen|whether|if|status|updates?|release\s+date"
        r"|everything\s+we\s+know|what\s+we\s+know)\b")),
    BlockRule("not-yet", "hedge", ci(
        r"\b(?:not|n't)\s+(?:yet\s+)?(?:officially\s+)?(?:been\s+)?(?:announced|confirmed)\b")),
    BlockRule("denial", "hedge", ci(
        r"\b(?:den(?:y|ies|ied|ying)(?!\s+(?:\w+\s+)?(?:a|an|another)\s+(?:\w+\s+)?season)"
        r"|(?:dismiss(?:es|ed|ing)?|reject(?:s|ed|ing)?|push(?:es|ed|ing)?\s+back\s+(?:on|against))"
        r"\s+(?:the\s+)?(?:reports?|rumou?rs?|claims?)|debunk\w*|refut\w*"
        r"|shoots?\s+down|shot\s+down|false|untrue|hoax)\b")),
    BlockRule("left-out", "hedge", ci(
        r"\b(?:left\s+(?:out|off)|not\s+on\s+the|absent\s+from|missing\s+from|excluded|omitted)\b")),
    BlockRule("generic", "hedge", ci(
        r"\b(?:end(?:s|ed)?\s+up|tends?\s+to|often|usually|typically|sometimes|always)\b")),
    BlockRule("hope", "hedge", ci(
        r"\b(?:petition\w*|campaign\w*|hop(?:e|es|ed|ing|eful)|wish\w*|wants?|wanted|pleas?"
        r"|plead\w*|beg(?:s|ged|ging)?|deserves?|fight\s+for|rumou?r\w*|speculat\w*|expected(?<!as\sexpected)|likely"
        r"|unlikely|possib\w+|potential\w*|predict\w*|odds|chances?|suspect\w*|guess\w*"
        r"|lobb(?:y|ies|ied|ying)|urg(?:e|es|ed|ing)|claim(?:s|ed|ing)?|alleg\w*"
        r"|optimis\w*|pessimis\w*|confident|bullish|probabl[ey]|lean(?:s|ing)?\s+towards?)\b")),
    # a fans' slogan: "a banner reading 'Renew X'", "the hashtag #SaveX"
    BlockRule("slogan", "hedge", ci(
        r"\b(?:banners?|signs?|placards?|billboards?|t-?shirts?)\s+(?:that\s+)?(?:read(?:s|ing)?"
        r"|said|saying)\b|\b(?:slogans?|hashtags?|chant(?:s|ed|ing)?)\b")),
    # "a safe bet", "I bet": in lower case only, so the network BET ("BET+ has renewed") is none
    BlockRule("bet", "hedge", re.compile(r"\b(?:bet|Bet|bets|betting)\b")),
    BlockRule("vows", "sense", ci(r"\b(?:vows?|wedding|marriage|married)\b")),
    BlockRule("contract", "sense", ci(
        r"\b(?:contracts?|(?<!renewal\s)deals?|pact|lease|licen[cs]e|subscriptions?|passports?"
        r"|visas?|membership|polic(?:y|ies)|permits?|mandate)\b")),
    BlockRule("occasion", "sense", ci(
        r"\b(?:premiere|episode|screening|panel|taping|red\s+carpet|event|appearance|party)s?\s+"
        r"(?:has\s+been\s+|had\s+been\s+|was\s+|were\s+|is\s+|got\s+)?(?:cancell?ed|scrapped|axed)"
        r"|cancel(?:s|led|ed|ling|ing)?\s+(?:the\s+|its\s+|his\s+|her\s+|their\s+"
        r"|(?:this\s+)?\w+'s\s+)?(?:'?X+'?\s+)?(?:premiere|episode|screening|panel|taping|event"
        r"|broadcast|airing|launch|party|gala|appearance|performance|visit|keynote|signing)")),
    # one night's show dropped from the schedule: "tonight's edition of X has been cancelled";
    # a hedge, so that it reads the whole clause (the title stands between it and the verb)
    BlockRule("one-airing", "hedge", ci(
        r"\b(?:tonight|today|this\s+week|\w+day)'s\s+(?:edition|episode|broadcast|airing"
        r"|installment)\s+of\b")),
    BlockRule("film", "sense", ci(r"\b(?:sequels?|films?|movies?|box\s+office)\b")),
    BlockRule("audio", "sense", ci(
        r"\b(?:podcasts?|audio\s+(?:drama|series|fiction|show)s?|audiobooks?"
        r"|(?<!-)radio\s+(?:drama|play|serial)s?)\b")),  # not a "pirate-radio drama" on TV
    BlockRule("events", "sense", ci(
        r"\b(?:flights?|concerts?|tour|festival|games?|match|playoffs?|coach|club|league"
        r"|conference|convention|host(?:ing|s)?|marathon|parade|fundraiser|gala|ceremony)\b")),
    BlockRule("earlier", "background", ci(
        r"\b(?:recently(?!\s+(?:announced|confirmed|revealed))|previously|originally|earlier|formerly|had\s+been|back\s+in"
        r"|(?:has|have|had)\s+since|already|years?\s+ago|d[ée]j[àa]|bereits|già"
        r"|been\s+(?:[\w-]+\s+){0,3}?(?:years?|decades?|decade|months)\s+since"
        r"|last\s+(?:year|month|week|spring|fall|summer|winter)"
        r"|in\s+(?:(?:early|late|mid-?)\s*)?(?:" + _MONTHS + r"\s+)?(?:19|20)\d\d"
        r"|(?:" + _MONTHS + r")\s+\d{1,2},\s+(?:19|20)\d\d"
        r"|\b(?:renewed|cancell?ed|axed|ordered|revived|scrapped|picked\s+up)\b[^.;,]{0,60}?"
        r"\bin\s+(?:early\s+|late\s+|mid-?)?(?:january|february|march|april|june|july|august"
        r"|september|october|november|december)(?!\s+\d))\b")),
    # "With Freeform ending linear programming, X will move to Hulu": the channel closes
    BlockRule("closure", "background", ci(
        r"^\W*with\s+(?:[\w+&'’-]+\s+){1,3}?(?:ending|closing|shutting\s+down|winding\s+down)"
        r"\s+(?:its\s+|all\s+)?(?:linear|operations|programming|broadcasts|the\s+channel)\b")),
    BlockRule("subordinate", "background", ci(
        r"^\W*(?:(?:a|an|one|two|three|four|five|six|\d+|several|just|only)\s+"
        r"(?:days?|weeks?|months?|years?|decades?)\s+)?"
        r"(?:after|when|once|since|before|ever\s+since|following|nachdem|als"
        r"|despu[ée]s\s+de|tras|apr[èe]s)\b[^,;–—]*$")),
)
# fmt: on
# Block rules by kind, in the order they are tried: a hedge, another sense, an earlier fact.
BLOCKS_BY_KIND = {
    kind: tuple(b for b in BLOCK_RULES if b.kind == kind)
    for kind in ("hedge", "sense", "background")
}
# One search that says whether any hedge may match (most windows hold none): the hedges
# that read lower-cased text in one alternation, and the few where case matters on their own.
HEDGE_ANY = re.compile(
    "|".join(f"(?:{b.lower.pattern})" for b in BLOCKS_BY_KIND["hedge"] if b.lower is not None)
)
HEDGE_CASED = tuple(b for b in BLOCKS_BY_KIND["hedge"] if b.lower is None)


def may_hedge(window: str, low: str) -> bool:
    """False when no hedge rule can match the window (`low` is it lower-cased)."""
    return bool(HEDGE_ANY.search(low)) or any(b.pattern.search(window) for b in HEDGE_CASED)


# Reported speech: "NBC announced that X would end" states the decision as fact.
REPORTED = ci(
    r"\b(?:said|says|stated|states|announced|announces|confirmed|confirms|revealed|reveals)"
    r"\s+(?:on\s+\w+\s+|this\s+week\s+)?that\b"
    # "NBC said X would end": the words up to the phrase (searched with the phrase's start
    # as the end) hold no comma, so the "would" is the said thing's
    r"|\b(?:said|announced|confirmed)\s+(?:[\w'’:&!.-]+\s+){1,6}$"
)
# Between a title and the news it announces: "X's studio revealed on Friday that ...".
REPORTED_GAP = ci(
    r"^(?P<head>[^,;:.]{0,60}?)\b(?:announced|revealed|confirmed|said|anunci[óo]|revel[óo]"
    r"|confirm[óo]|a\s+annonc[ée]|hat\s+bekannt\s+gegeben)(?:\s+\w+){0,3}?\s+(?:that|que|qu'|dass)\s*$"
)
REPORTED_HAD = ci(r"\bhad(?=\s+been\b)")  # "announced that X had been renewed": has been
REPORTED_WOULD = ci(r"\bwould(?!\s+['\"‘“]?(?:not|never|like|love)\b)")
OLD_NEWS = ci(
    r"\b(?:in\s+(?:19|20)\d\d|last\s+year|years?\s+ago|(?:im\s+)?vergangenen\s+jahr"
    r"|el\s+a[ñn]o\s+pasado|l'ann[ée]e\s+derni[èe]re)\b"
)
ADJECTIVE = ci(
    r"\b(?:the|a|an|this|its|their|his|her)\s+(?:newly\s+|recently\s+)?$"
    r"|\b(?:pick(?:s|ed|ing)?\s+up|saves?|saved|revives?|revived|rescues?|rescued|acquires?"
    r"|acquired|lands?|landed)\s+$"
)
DETERMINED = ci(r"\b(?:the|a|an|this|its|their|his|her)\s+(?:[\w-]+\s+)?$")
SHOW_NOUN_AFTER = ci(r"\s+(?:[\w-]+\s+)?" + SHOW_NOUN + r"s?\b")
NEGATION = ci(
    r"\b(?:not|never|no|n't)\b(?:\s+\w+){0,2}\s*$|n't\s+(?:\w+\s+){0,2}$"
    r"|\b(?:refus\w*|declin\w*|fail\w*|reluctan\w*)\s+to\s+$"
    r"|\b(?:decided|decides|deciding|opted|opts)\s+against\s+$"
)
QUESTION = re.compile(r"\?\s*['\"”’]?\s*$")
# Right after a renewal's series: "a fourth season of the drama, which Starz cancelled".
WHICH_CANCELLED = ci(
    r"['\"”’]?\s*,\s*which\s+(?:[\w+!&.-]+\s+){1,3}(?:cancell?ed|axed|scrapped|dropped)\b"
)
REVIVAL_CUES = ci(
    r"\b(?:reverses?|reversed|u-turn|after\s+(?:being\s+)?cancel\w*|cancel\w*\s*,?\s*then"
    r"|after\s+all|sav(?:e|es|ed|ing)\s+the\s+day|to\s+the\s+rescue|new\s+home"
    r"|pick(?:s|ed|ing)?\s+up\s+(?:the\s+)?cancell?ed"
    r"|after\s+(?:[\w+!&.-]+\s+){0,3}(?:cancel\w*|pull\w*\s+the\s+plug|ax(?:e|ed|ing))"
    # "brings back X a decade after it wrapped": back after an ending
    r"|(?:years?|decades?)\s+after\s+(?:[\w'’+!&.-]+\s+){0,4}?(?:wrapped|ended|concluded"
    r"|signed\s+off|went\s+off\s+the\s+air|(?:series\s+)?finale)"
    # "X, which ended its five-season run on CBS in 2019, returns": back after an ending
    r"|(?:which|that)\s+(?:ended|wrapped|concluded)\s+(?:its\s+(?:\w+-[\w-]+\s+)?run\s+"
    r"(?:on\s+[\w+]+\s+)?)?in\s+(?:19|20)\d\d)\b"
)
