"""A shallow reading of one sentence: its clause breaks and the markers that govern a cue.

One pass over each sentence's word starts finds every marker (modality, wishes, negation, time
phrases, reported speech, credits, relative pronouns, seasons, networks); the evidence of each
candidate then only looks up which markers stand in its cue's clause. No parse: the speed goal
reads a story in about a millisecond.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
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
# The markers as one pattern: what `read` finds is what this finds, left to right, the first
# alternative in table order winning where several match at one place (a question mark is the
# only marker that needs no word boundary)
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


# `_MARKERS` tries its 270 alternatives at every word start; `read` tries only those that can
# begin with the word's first character. Each alternative is taken apart into a first
# character (a letter, a digit, an apostrophe, or any digit) and the rest, a leading group
# shared out ("(?:in|since)\s+" -> "in\s+", "since\s+"), in table order within each first
# character: the same matches, about twice as fast.
def _depths(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each unescaped character of the pattern with its index and the depth of groups after it."""
    depth, i = 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        depth += (ch == "(") - (ch == ")")
        yield i, ch, depth
        i += 1


def _alternatives(pattern: str) -> list[str]:
    """The pattern's alternatives at its top level."""
    cuts = [i for i, ch, depth in _depths(pattern) if ch == "|" and depth == 0]
    return [pattern[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)], strict=True)]


def _shared_out(alt: str) -> list[str]:
    """An alternative opening with a group, as one alternative per branch of the group."""
    if not alt.startswith("(?:"):
        return [alt]
    i = next(i for i, ch, depth in _depths(alt) if ch == ")" and depth == 0)
    rest = alt[i + 1 :]
    if rest[:1] in ("?", "*", "+", "{"):
        raise ValueError(f"marker alternative opens with an optional group: {alt!r}")
    return [x for branch in _alternatives(alt[3:i]) for x in _shared_out(branch + rest)]


def _head(alt: str) -> tuple[str, str]:
    """The alternative's first character (or any digit's class) and the pattern of the rest."""
    n = 2 if alt.startswith("\\") else 1
    first, rest = alt[:n], alt[n:]
    if not (first.isalnum() or first in ("'", r"\d")):
        raise ValueError(f"marker alternative opens with no plain character: {alt!r}")
    counted = re.match(r"\{(\d+),(\d+)\}", rest)
    if counted:  # "\d{1,2}" -> "\d", "\d{0,1}"
        low, high = int(counted[1]) - 1, int(counted[2]) - 1
        rest = f"{first}{{{low},{high}}}{rest[counted.end() :]}"
    elif rest[:1] in ("?", "*", "+", "{"):
        raise ValueError(f"marker alternative opens with an optional character: {alt!r}")
    return first, rest


def _by_head() -> dict[str, tuple[re.Pattern[str], tuple[str, ...]]]:
    """For each first character, a pattern of its alternatives (one group each, in table
    order) and the marker kind of each group."""
    heads: dict[str, list[tuple[str, str]]] = {}
    for name, pattern in MARKERS:
        for alt in _alternatives(pattern):
            if name == "question" and alt == r"\?":
                continue  # read apart: it needs no word boundary
            end = "" if name == "question" else r"\b"  # as `_MARKERS` has it
            for one in _shared_out(alt):
                first, rest = _head(one)
                heads.setdefault(first, []).append((name, f"({rest}{end})"))
    if r"\d" in heads and any(h.isdigit() for h in heads):
        raise ValueError("markers open with both a given digit and any digit")
    return {
        h: (
            re.compile((h if h == r"\d" else re.escape(h)) + f"(?:{'|'.join(p for _, p in alts)})"),
            tuple(name for name, _ in alts),
        )
        for h, alts in heads.items()
    }


_BY_HEAD = _by_head()
_ANY_DIGIT = _BY_HEAD.pop(r"\d", (re.compile(r"(?!)"), ()))  # (?!): matches nothing
# where a marker may start: a question mark, a word, an apostrophe just after a word ("'ll")
_STARTS = re.compile(r"\?|\b\w|(?<=\w)'")
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
    end = 0  # where the last marker found ends: the next starts there or later
    for start in _STARTS.finditer(low):
        at = start.start()
        if at < end:
            continue
        ch = low[at]
        if ch == "?":
            marks.setdefault("question", []).append(at)
            end = at + 1
            continue
        pattern, kinds = _BY_HEAD.get(ch, _ANY_DIGIT)  # no marker opens with it: a digit?
        found = pattern.match(low, at)
        if found is not None and found.lastindex is not None:
            marks.setdefault(kinds[found.lastindex - 1], []).append(at)
            end = found.end()
    breaks = [m.start() for m in _BREAK.finditer(low)]
    return Reading(breaks, marks, "?" in text)
