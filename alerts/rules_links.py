"""Linking words: what ties a news phrase to its titles, and sentences to their story.

Data only, like `alerts.rules` (the event phrases): words that cut or make a link between a
phrase and a title, list glue, "the show" and "it", asides, and the cues that say a sentence
goes on about the one before. `alerts.link`, `alerts.lists` and `alerts.merge` apply them.
"""

from __future__ import annotations

import re

from alerts.rules_base import SHOW_NOUN, ci
from alerts.rules_seasons import NUMBER_WORD, ORDINAL

# Rules naming the news as a noun: "a season 2 renewal to X", "a revival order for X".
NOMINAL = frozenset({"renewal", "season-order", "revival-order", "cancellation"})
# Words that cut a link between a trigger and a title: the title is then a bystander.
BREAK_WORDS = ci(
    r"\b(?:from|(?<!along\s)(?<!together\s)with|without|like|than|unlike|about"
    r"|which(?!\s+includ)|who|whose|while|whereas|but|because"
    r"|since|when|where|although|though|despite|after|before|following|during|into|stars?"
    r"|starring|starred|alums?|veterans?|vets?|creators?|producers?|showrunners?|writers?"
    r"|directors?|authors?|joins?|joined|joining|compared|behind|inspired|based|spinoffs?"
    r"|spin-offs?|prequels?|sequels?|reboots?|remakes?|adaptations?|universe|to|that|if|as"
    r"|premieres?)\b"
)
# A verb of saying between two titles: "renewed A for a second, and said B would end" - B is
# no item of A's list.
SAYING = ci(r"\b(?:said|says|announced|confirmed|revealed|added)\b")
# Rules whose phrase opens with the season as its subject, and what may stand before it.
SEASON_SUBJECT = frozenset({"season-confirmed", "season-on-way", "next-season-last"})
_LEAD = r"\W*(?:(?:and|so|yes|now|well|good\s+news)\W+)*(?:(?:the|a|an)\s+)?"
SEASON_SUBJECT_LEAD = ci(_LEAD)
OPENS_WITH_SEASON = ci(
    _LEAD + r"(?:season\s+(?:\d|" + NUMBER_WORD + r")|[\w-]+\s+season\b|s\d)"
)  # read with .match
LIST_GLUE = ci(
    r"^(?:[\s,;:'\"“”‘’()]|\band\b|\bor\b|\bplus\b|\bas\s+well\s+as\b|\balong\s+with\b|&)*$"
)
AMONG = ci(
    r"^\s*(?:are|is|were|was)\s+(?:also\s+)?(?:among|one\s+of|some\s+of|the)\s+(?:the\s+|a\s+)?"
    r"(?:[\w-]+\s+){0,4}?(?:shows?|series|dramas?|comedies|titles)\s+"
    r"(?:that\s+(?:were|are|have\s+been|has\s+been|will\s+be)\s+|being\s+|to\s+be\s+)?"
)
APPOSITIVE = ci(
    r"^\s*['\"”’]?\s*(?:,(?:[^,;()]|\([^()]*\)){1,120},|\([^()]{1,120}\)"
    r"|\s[–—-][^–—]{1,90}[–—-])"
)
TOPIC_WORDS = ci(r"\b(?:it|the\s+(?:\w+[\s-]+){0,3}?" + SHOW_NOUN + r")\b")
TOPIC_OBJECT = ci(
    r"\s*(?:(?:a|an|the|its)\s+(?:\w+[\s-]+){0,2}?(?:season|series|installment)\s+of\s+|of\s+)?"
    r"(?:it\b|them\b|(?:the|this|its|their)\s+(?:[\w’'-]+\s+){0,3}?" + SHOW_NOUN + r"\b)"
)
# A title followed by one of these names something else: "the Night Desk spinoff", "the
# X Season 2 launch party".
NOT_THE_SERIES = ci(
    r"['\"”’]?\s*(?:(?:season|series)\s+\w+\s+|[\w-]+\s+)?(?:spin-?offs?|prequels?|sequels?|reboots?|remakes?|movies?|films?|specials?|games?"
    r"|podcasts?|books?|novels?|musicals?|stars?|cast|creators?|showrunners?|fans?|franchise"
    r"|universe|panels?|tours?|events?|plans?|presenters?|hosts?|narrators?|judges?|actors?"
    r"|actress(?:es)?|writers?|producers?|directors?|premieres?|screenings?|part(?:y|ies)"
    r"|leases?|launch(?:es)?)\b"
)
# A title after one of these is not the subject: "the film sequel to X has been cancelled".
OWNED_BEFORE = ci(
    r"\b(?:sequels?|prequels?|spin-?offs?|movies?|films?|premieres?|panels?|tours?|screenings?"
    r"|specials?|podcasts?|games?|musicals?|reboots?|remakes?|adaptations?|versions?|concerts?"
    r"|events?|part(?:y|ies)|books?|novels?)\s+(?:to|of|for|from|based\s+on|inspired\s+by)\s+"
    r"(?:(?:the|its|a)\s+(?:[\w-]+\s+)?season\s+of\s+)?(?:the\s+)?['\"“‘]?$"
)
# A sentence that lists the series the sentence before announced news about.
FOLLOW_UP = ci(
    r"^\W*(?:they|these|those|some|the\s+list|the\s+(?:renewals|cancell?ations|shows|series)"
    r"|the\s+(?:renewed|cancell?ed|returning|axed)\s+(?:shows|series)|among\s+(?:them|those)"
    r"|included)\b[^.;]{0,40}?\b(?:includes?|included|are|were|is)\b[:\s]*"
    r"|\bthis\s+is\s+the\s+case\s+(?:for|with)\s+"
    r"|\b(?:that|the)\s+(?:show|series|drama|comedy|sitcom)(?:\s+in\s+question)?\s+is\s+"
)
# A sentence that goes on about the series the one before named: "The series is ...".
ANAPHOR = ci(
    r"\W*(?:the\s+(?:\w+\s+){0,2}?(?:" + SHOW_NOUN + r"|reboot|remake|spinoff)"
    r"(?:['’]s?)?|it|its|the\s+(?:decision|cancell?ation|move|news|renewal))\b"
)
# A sentence that opens with a season and goes on about it: "Season 4 will arrive next year."
SEASON_LEAD = ci(
    r"\W*(?:the\s+)?(?:(?:new|upcoming|next|coming)\s+)?(?:season\s+(\d{1,2})|("
    + ORDINAL
    + r")\s+season)\b\s+(?:will|is|arrives?|premieres?|debuts?|starts?|begins?|returns?|drops?"
    r"|hits?|shoots?|films?|goes|heads?)\b"
)
# Before a phrase: more news of the story, not an aside ("The network also renewed X").
MORE_NEWS = ci(
    r"\b(?:also|meanwhile|separately|additionally|in\s+addition|likewise|however|by\s+contrast"
    r"|on\s+the\s+other\s+hand)\b"
)
WHILE = ci(r",\s*(?:while|whereas)\b")  # "A returns, while B ends": two decisions side by side
# A headline that explains or previews: a decision its text states is background, not news.
EXPLAINER = ci(
    r"\b(?:everything\s+(?:we\s+know|to\s+know|you\s+need\s+to\s+know)|what\s+we\s+know"
    r"|what\s+to\s+expect|release\s+date|premiere\s+date|trailer|first\s+look|(?<!in\s)reviews?|recap"
    r"|explained|spoilers?|how\s+to\s+watch|where\s+to\s+(?:watch|stream))\b"
)
CLAUSE_BOUNDARY = re.compile(r"[;!?]|\s[–—]\s|,\s+(?:but|while|so|and\s+(?:it|the))\b")
# "Squid Game 2": a title followed by a bare number names that season (K-drama, anime style).
SEQUEL_NUMBER = re.compile(
    r"\s+([2-9]|1\d)\b(?![.,:/-]?\d)(?!\s*(?:%|percent|episodes?|minutes?|hours?|days?|weeks?"
    r"|months?|years?|seasons?|million|billion|times|stars?|points?)\b)",
    re.IGNORECASE,
)
SEQUEL_CLAUSE = ci(r"[,;:]|\b(?:that|while|whereas|but|although|though)\b")
PRESENT_VERB = ci(r"\b(?:will|is|are|has|have|comes?|coming|arrives?|arriving|returns?)\b")
PAST_VERB = ci(r"\b(?:was|were|had|did|saw|aired|premiered|released|debuted|ended)\b")
