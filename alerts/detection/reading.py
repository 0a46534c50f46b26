"""A shallow reading of one sentence: its clause breaks and the markers that govern a cue.

One pass of one pattern per sentence finds every marker (modality, wishes, negation, time
phrases, reported speech, credits, relative pronouns, seasons, networks); the evidence of each
candidate then only looks up which markers stand in its cue's clause. No parse: the speed goal
reads a story in about a millisecond.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# fmt: off
MARKERS: tuple[tuple[str, str], ...] = (
    ("modal", r"could|may|might|would|should|can|possibly|potential(?:ly)?|perhaps|maybe"),
    ("wish", r"hope[sd]?|hoping|want(?:s|ed)?|wish(?:es|ed)?|deserves?|need(?:s)?\s+to|petition\w*"
             r"|campaign\w*|plea|beg\w*|fight(?:s|ing)?\s+(?:to|for)|pray\w*|fingers\s+crossed"),
    ("predict", r"expect(?:s|ed|ing)?|likely|unlikely|predict\w*|bubble|odds|chances?|prospects?"
                r"|still\s+waiting|iffy|doubtful|safe\s+bet"),
    ("fate", r"fate|future|whether|status|verdict|decision\s+(?:on|about)"),
    ("rumor", r"rumou?r\w*|reportedly|in\s+talks|talks|considering|consider\w*|eyeing|close\s+to"
              r"|negotiat\w*|pitch\w*|shopp\w*|looking\s+(?:to|for|at)|in\s+the\s+works|developing"),
    ("cond", r"if|unless|should\s+it|in\s+case"),
    ("neg", r"not|n't|never|no|yet\s+to|without|nor|nothing|hasn't|isn't|won't"),
    ("past", r"(?:in|back\s+in|since|until|during)\s+(?:19|20)\d\d|last\s+(?:year|season|spring"
             r"|summer|fall|autumn|winter|month)|years?\s+ago|previously|earlier|originally|once"
             r"|former(?:ly)?|had\s+(?:been\s+)?|went\s+on\s+to|back\s+then|at\s+the\s+time"),
    ("already", r"already|recently|most\s+recently|earlier\s+this\s+(?:year|month|week)"),
    ("after-being", r"after\s+(?:being|it\s+was|its|their|the\s+\w+\s+was)|despite|following"
                    r"|years?\s+after|only\s+(?:days|weeks|months)\s+after"),
    ("future", r"will|to\s+be|set\s+to|is\s+to|are\s+to|going\s+to|gonna|'ll"),
    ("perfect", r"has\s+(?:officially\s+)?been|have\s+(?:officially\s+)?been|has|have"),
    ("official", r"officially|official|announced?|confirm\w*|it's\s+official|formally"),
    ("said", r"said|says|told|according\s+to|reports?|reported|per|via|sources?|insiders?"),
    ("credit", r"star(?:s|ring|red)?|alum|alumna|alumnus|creator|co-creator|showrunner|producer"
               r"|writer|vet|veteran|known\s+for|actor|actress|director|cast|castmates?|host"),
    ("example", r"like|such\s+as|including|includes?|among|similar\s+to|compared\s+to|unlike"),
    ("relative", r"which|who|that|whose"),
    ("question", r"\?|why|how|what|when|will\s+there\s+be|is\s+there"),
    ("speculate", r"might\s+be|could\s+be|would\s+be|wants?\s+to\s+see|need\s+(?:a|another)"),
    ("season", r"(?:season|series|staffel|temporada|saison)\s+\d{1,2}"
               r"|\d{1,2}(?:st|nd|rd|th)\s+season"
               r"|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+"
               r"(?:and\s+final\s+)?season|s\d{1,2}\b"),
    ("network", r"netflix|hulu|hbo|max|prime\s+video|amazon|apple\s+tv|disney|paramount|peacock"
                r"|nbc|abc|cbs|fox|the\s+cw|cw|fx|amc|showtime|starz|tnt|tbs|syfy|bravo|freeform"
                r"|lifetime|bbc|itv|channel\s+4|sky|crave|cbc|stan|network\s+10|nine|seven"),
    ("airing", r"finale|premieres?|premiered|airs?|aired|airing|cast|casting|trailer|teaser"
               r"|episodes?|recap|review|spoilers?|first\s+look|release\s+date|debut\w*|watch"
               r"|streaming|ratings|binge"),
    ("other-sense", r"contracts?|deals?|vows?|lease|licen[cs]es?|passports?|subscriptions?"
                    r"|interest|calls?|efforts?|flights?|concerts?|tours?|events?|games?|matches"
                    r"|sequels?|films?|movies?|stars?|hosts?|anchors?|coach(?:es)?"),
    ("also", r"also|too|as\s+well|meanwhile|additionally|plus"),
    ("new-show", r"ordered\s+to\s+series|series\s+orders?|pilots?|straight[\s-]to[\s-]series"
                 r"|in\s+development|new\s+(?:drama|comedy|series|shows?)"),
    ("fans", r"fans?|viewers|audiences?"),
)
# fmt: on
_WORDY = re.compile(r"^[\w\s'\\\\()+?|-]+$")
# one word-boundary test per position before the alternatives are tried (a question mark
# is the only marker that needs none): the same matches, several times faster
_MARKERS = re.compile(
    r"(?P<question>\?)|\b(?:"
    + "|".join(
        rf"(?P<{name.replace('-', '_')}>(?:{p})\b)"
        if name != "question"
        else f"(?P<question_word>(?:{p.replace(chr(92) + '?|', '')}))"
        for name, p in MARKERS
    )
    + ")"
)
# clause breaks: stops inside the sentence, dashes, brackets, and a comma before a new clause
_BREAK = re.compile(
    r"[;:()\[\]—–]|\s-\s|,(?=\s+(?:which|who|whose|while|but|although|though|whereas|as|after"
    r"|before|since|because|when|where|and|so)\b)|\bbut\b"
)


@dataclass(frozen=True, slots=True)
class Reading:
    """Where a sentence's clauses break and which markers it holds."""

    breaks: list[int]
    marks: dict[str, list[int]]  # marker kind -> start offsets, in order
    question: bool

    def clause(self, at: int) -> tuple[int, int]:
        """The clause around offset `at`: between the breaks on either side."""
        i = bisect_right(self.breaks, at)
        lo = self.breaks[i - 1] if i else 0
        hi = self.breaks[i] if i < len(self.breaks) else 1 << 30
        return lo, hi

    def within(self, kind: str, lo: int, hi: int) -> bool:
        starts = self.marks.get(kind)
        if not starts:
            return False
        i = bisect_left(starts, lo)
        return i < len(starts) and starts[i] < hi

    def count(self, kind: str, lo: int, hi: int) -> int:
        starts = self.marks.get(kind, [])
        return bisect_left(starts, hi) - bisect_left(starts, lo)


def read(text: str) -> Reading:
    low = text.lower()
    marks: dict[str, list[int]] = {}
    for m in _MARKERS.finditer(low):
        kind = (m.lastgroup or "").removesuffix("_word")
        marks.setdefault(kind.replace("_", "-"), []).append(m.start())
    breaks = [m.start() for m in _BREAK.finditer(low)]
    return Reading(breaks, marks, "?" in text)
