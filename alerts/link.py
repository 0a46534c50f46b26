"""Linking: which watched titles a news phrase in a sentence is about.

Owns finding the phrases (`Trigger`) outside titles, and the subject, object, list,
colon list and "the show" links. Weighing them is `alerts.weigh`; phrases are `alerts.rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from alerts import rules
from alerts import rules_hedges as hedges
from alerts import rules_links as links
from alerts.layout import Sentence
from alerts.mentions import Mention, Series
from alerts.rules_base import EventRule, isearch

_LEFT_AUX = re.compile(
    r"^(?:\s|['\"”’,]|\b(?:has|have|had|is|are|was|were|will|be|been|being|officially|already|"
    r"just|now|finally|also|formally|quietly|reportedly|recently|indeed|now|set|to|so|then)\b)*$",
    re.IGNORECASE,
)


_WORDS = re.compile(r"[\w'’]+")


_RELATIVE = re.compile(r"\b(?:who|whom|whose|which)\b", re.IGNORECASE)


_GLUE_MARK = re.compile(r"[,;&]|\band\b|\bplus\b|\bas\s+well\s+as\b")
_LEAD_MARK = re.compile(r"^\s*[,–—]\s*(?=\w)")
_GLUE_WORDS = re.compile(r"\b(?:and|or|plus|as\s+well\s+as|along\s+with)\b|&", re.IGNORECASE)


_POSSESSED = re.compile(r"['’]s?\s+(?:[a-z]|[A-Z][a-z]+\s+[A-Z][a-z]+)")  # "X's Jane Roe"
_SETTING = re.compile(r"^\W*(?:in|on)\s+['\"“‘]?$", re.IGNORECASE)  # "In X, the villain ..."


PAREN = re.compile(r"\([^()]*\)")


_ALONG_WITH = re.compile(
    r"^(?P<mid>[^,;.:()]*),\s*(?:along\s+with|as\s+well\s+as|plus|together\s+with)\s*['\"“‘]?$",
    re.IGNORECASE,
)


# "gave A a final season, and ordered B to series": a clause with a verb of its own
_NEXT_CLAUSE = re.compile(r",\s+and\s+(?:then\s+|also\s+)?[a-z]+ed\b")


_COORDINATED = re.compile(r"\band\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Trigger:
    rule: EventRule
    start: int
    end: int


def find_triggers(
    sent: Sentence, lower: str | None = None, hints: set[str] | None = None
) -> list[Trigger]:
    """Every rule match in the sentence, outside titles (a show called "Renewal" is no news).
    `lower` is the sentence's text lower-cased and `hints` its rule hints, when the caller
    has them."""
    found: list[Trigger] = []
    lower = sent.text.lower() if lower is None else lower
    same = len(lower) == len(sent.text)  # then offsets in `lower` are offsets in the text
    for rule in rules.rules_for(rules.hints_in(lower) if hints is None else hints):
        pattern, text = (rule.lower, lower) if rule.lower and same else (rule.pattern, sent.text)
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            inside = next((x for x in sent.mentions if x.start <= m.start() < x.end), None)
            if inside is None:  # else retry after the title: "X's seventh season will be..."
                found.append(Trigger(rule, m.start(), m.end()))
            pos = inside.end if inside is not None else max(m.end(), m.start() + 1)
    return [t for t in found if not _held(t, found)]


def _held(t: Trigger, found: list[Trigger]) -> bool:
    """The end of a longer phrase of other news: the axe a show "escapes" is no cancellation."""
    if t.rule.event == "ending":
        return False  # "a third and final season" is also an ending
    return any(u.rule.event != t.rule.event and u.start < t.start and t.end == u.end for u in found)


@lru_cache(maxsize=64)
def _parens(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the parentheses in a sentence, asked once a title and phrase: kept."""
    return tuple((m.start(), m.end()) for m in PAREN.finditer(text))


def _aside(sent: Sentence, m: Mention, trig: Trigger) -> bool:
    """The title sits in parentheses that do not hold the trigger: an aside, not a subject."""
    return any(a <= m.start < b and not a <= trig.start < b for a, b in _parens(sent.text))


def _free_gap(gap: str, max_words: int) -> bool:
    """A stretch between a phrase and a title that keeps them in one clause."""
    return (
        len(_WORDS.findall(gap)) <= max_words
        and not isearch(links.BREAK_WORDS, gap)
        and not links.CLAUSE_BOUNDARY.search(gap)
        and "." not in gap.strip(".")
    )


# "Cancelled: A, after one season, and B": a season aside inside a list
_SEASON_ASIDE = re.compile(
    r",\s*(?:after|following)\s+(?:just\s+|only\s+)?[\w-]+(?:\s+(?:seasons?|series|years?|runs?))?"
    r"\s*(?=,)",
    re.IGNORECASE,
)
# "A's sister show B": A names whose B is, B is the list's item
_POSSESSOR = re.compile(r"['’]s?\s+(?!(?:and|or|nor|plus|as)\b)(?:[a-z][\w-]*\s+){1,3}['\"“‘]?$")


def _unpossessed(sent: Sentence, found: list[Mention]) -> list[Mention]:
    """The titles less those that only say whose the next one is."""
    if len(found) < 2:
        return found
    return [
        m
        for i, m in enumerate(found)
        if i + 1 == len(found) or not _possesses(sent.text, m, found[i + 1])
    ]


def _possesses(text: str, m: Mention, n: Mention) -> bool:
    at = m.end - 2 if text[m.end - 2 : m.end] in ("'s", "’s") else m.end  # "X's" may be the title
    return bool(_POSSESSOR.match(text, at, n.start))


def is_list_gap(sent: Sentence, a: int, b: int, triggers: list[Trigger]) -> bool:
    """Only list glue (commas, "and", a short descriptor, an aside) between two titles."""
    gap = _SEASON_ASIDE.sub(" ", PAREN.sub(" ", sent.text[a:b]))
    asides = _parens(sent.text)
    if any(a <= t.start < b and not any(x <= t.start < y for x, y in asides) for t in triggers):
        return False
    if links.LIST_GLUE.match(gap):
        return True
    tail = _ALONG_WITH.match(gap)  # "cancelled A after two seasons, along with B"
    if tail and len(_WORDS.findall(tail["mid"])) <= 6:
        return True
    if not _GLUE_MARK.search(gap):
        return False
    rest = _GLUE_WORDS.sub(" ", gap).replace(";", ",")
    return _free_gap(rest, 8) and not isearch(links.SAYING, rest)


def _left_gap_ok(gap: str) -> bool:
    """Between a subject title and its verb: an aside, "are among the shows", a few words."""
    if _POSSESSED.match(gap):
        return False  # "Girls' soccer season was cancelled": the subject is the soccer season
    appositive = links.APPOSITIVE.match(gap)
    core = gap[appositive.end() :] if appositive else _LEAD_MARK.sub(" ", gap)
    core = links.AMONG.sub(" ", core, count=1)
    reported = hedges.REPORTED_GAP.match(core)
    if reported:  # "X's website announced on Friday that a second season is coming"
        core = reported["head"]
    if "," in core:
        return False
    if _LEFT_AUX.match(core):  # "X is to be axed": only auxiliaries, a "to" among them
        return True
    return not isearch(links.BREAK_WORDS, core) and _free_gap(core, 5)


def _in_relative(sent: Sentence, m: Mention) -> bool:
    """ "everyone who survived season 1 of X" - X is not the subject of what follows."""
    head = sent.text[: m.start]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind("("))
    return bool(_RELATIVE.search(head, cut + 1))


def _left(sent: Sentence, trig: Trigger, triggers: list[Trigger]) -> list[Mention]:
    """The subject: the nearest title before the phrase, with the list it closes."""
    before = [
        m
        for m in sent.mentions
        if m.end <= trig.start
        and not _aside(sent, m, trig)
        and not _in_relative(sent, m)
        and not links.OWNED_BEFORE.search(sent.text, max(0, m.start - 64), m.start)
        and not (
            _SETTING.match(sent.text[: m.start])
            and sent.text[m.end : m.end + 2].strip(" '\"”’")[:1] == ","
        )
    ]
    for n in range(len(before) - 1, -1, -1):
        if _left_gap_ok(sent.text[before[n].end : trig.start]):
            chosen = [before[n]]
            for m in reversed(before[:n]):
                if not is_list_gap(sent, m.end, chosen[-1].start, triggers):
                    break
                if _own_phrase_before(sent, m, trig, triggers):
                    break  # "axes A, B spared": A belongs to "axes"
                chosen.append(m)
            return chosen
    return []


_TIGHT = re.compile(r"^[\s'\"“”‘’]*$")


def _own_phrase_before(sent: Sentence, m: Mention, trig: Trigger, triggers: list[Trigger]) -> bool:
    """Another news phrase stands right before this title and takes it as its object."""
    return any(
        t.rule.event != trig.rule.event
        and t.rule.attach != "left"
        and t.end <= m.start
        and _TIGHT.match(sent.text[t.end : m.start])
        for t in triggers
    )


def _own_phrase_after(sent: Sentence, m: Mention, trig: Trigger, triggers: list[Trigger]) -> bool:
    """Another news phrase follows this title and takes it as its subject: "A, B spared"."""
    nxt = min((x.start for x in sent.mentions if x.start >= m.end), default=len(sent.text))
    return any(
        t.rule.event != trig.rule.event
        and t.rule.attach != "right"
        and m.end <= t.start < nxt
        and _TIGHT.match(sent.text[m.end : t.start])
        for t in triggers
    )


# "A, which Fox cancelled last year, B ...": the verb's object is the "which" (A), not B
_WHICH_SUBJECT = re.compile(
    r",\s*which\s+(?!(?:has|have|had|was|were|is|are|also|just|then|already|later"
    r"|since|recently|will|would|been)\b)(?:[\w+!&.'’-]+\s+){1,3}(?:(?:has|have|had)\s+)?$",
    re.IGNORECASE,
)


def _right(sent: Sentence, trig: Trigger, triggers: list[Trigger]) -> list[Mention]:
    """The object: the first title after the phrase, with the list it opens."""
    near = max(0, trig.start - 40)
    if "hich" in sent.text[near : trig.start] and _WHICH_SUBJECT.search(
        sent.text, near, trig.start
    ):
        return []
    after = [m for m in sent.mentions if m.start >= trig.end and not _aside(sent, m, trig)]
    after = _unpossessed(sent, after)
    if not after or links.NOT_THE_SERIES.match(sent.text, after[0].end):
        return []
    gap = sent.text[trig.end : after[0].start]
    if trig.rule.name in links.NOMINAL:
        gap = re.sub(r"^\s*(?:to|for)\b", " ", gap)  # "a season 2 renewal to X"
    if not _free_gap(gap, 12) or _NEXT_CLAUSE.search(gap):
        return []
    other = [  # "picks up canceled drama X": an adjective in between does not cut the link
        t
        for t in triggers
        if t.rule.event != trig.rule.event and sent.text[trig.end : t.start].strip()
    ]
    if any(trig.end <= t.start < after[0].start for t in other):
        return []
    return list_from(sent, after, triggers, trig)


def list_from(
    sent: Sentence, after: list[Mention], triggers: list[Trigger], trig: Trigger | None = None
) -> list[Mention]:
    """The first title and those joined to it by list glue (up to one with its own phrase)."""
    chosen = [after[0]]
    for m in after[1:]:
        if not is_list_gap(sent, chosen[-1].end, m.start, triggers):
            break
        if trig is not None and _own_phrase_after(sent, m, trig, triggers):
            break
        chosen.append(m)
    return chosen


def _colon_list(sent: Sentence, trig: Trigger, triggers: list[Trigger]) -> list[Mention]:
    """ "Seven series got the axe: A, B and C" - the list after the colon."""
    colon = sent.text.find(":", trig.end)
    after = [m for m in sent.mentions if m.start > colon]
    if colon < 0 or not after or not links.LIST_GLUE.match(sent.text[colon + 1 : after[0].start]):
        return []
    if not _free_gap(sent.text[trig.end : colon], 8):
        return []
    return list_from(sent, after, triggers)


def topic_link(sent: Sentence, trig: Trigger, topic: Series, headlined: bool) -> bool:
    """The phrase is about "the show" / "it", or is a headline part beside the topic's name."""
    if sent.headline and not sent.mentions:
        return headlined
    if links.TOPIC_WORDS.search(sent.text, trig.start, trig.end):
        return True
    if any(m.end <= trig.start and m.series != topic for m in sent.mentions):
        return False  # "After X was cancelled, NBC saved the show": the show is X
    after = links.TOPIC_OBJECT.match(sent.text, trig.end) if trig.rule.attach != "left" else None
    before = list(links.TOPIC_WORDS.finditer(sent.text, 0, trig.start))
    near = bool(before) and _left_gap_ok(sent.text[before[-1].end() : trig.start])
    if bool(after) or (trig.rule.attach != "right" and near):
        return True
    return headlined and _season_subject(sent, trig)


def _season_subject(sent: Sentence, trig: Trigger) -> bool:
    """ "Season 2 is officially happening": a sentence naming no title whose subject is a
    season is about the series the headline names (a season "of" something names its own)."""
    if sent.mentions or trig.rule.name not in links.SEASON_SUBJECT:
        return False
    own = sent.text[trig.start : trig.end].lower()
    return " of " not in own and bool(links.SEASON_SUBJECT_LEAD.fullmatch(sent.text, 0, trig.start))


def linked_titles(sent: Sentence, trig: Trigger, triggers: list[Trigger]) -> list[Mention]:
    """The titles a phrase is about, on the side(s) its rule allows."""
    if trig.rule.attach in ("left", "both"):
        left = _left(sent, trig, triggers)
        if left and not _COORDINATED.search(sent.text, left[0].end, trig.start):
            return left
        if left:  # "renewed A for season 7 and cancelled B": B is the second verb's object
            return _right(sent, trig, triggers) or left
    right = _right(sent, trig, triggers) if trig.rule.attach != "left" else []
    return right or _colon_list(sent, trig, triggers)
