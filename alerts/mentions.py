"""Finds watched series in text: one Aho-Corasick automaton over folded titles.

Owns title variants (a leading "The", brand possessives, squashed hashtags, the press's
short forms) and the "is this really the title?" test for titles that are also ordinary
words. Text folding (case, accents, punctuation, curly quotes) is `alerts.folding`; the
story's sentences are `alerts.layout`. It knows nothing about renewals or cancellations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

import ahocorasick

from alerts.folding import APOSTROPHES, WORD, Folded, fold, fold_chars, straight_quotes
from alerts.rules_base import isearch

_QUOTES = frozenset("\"'“”‘’«»„‚*_")
_BRANDS = ("marvel", "dc", "tom clancy", "disney", "star wars", "stephen king", "the walking dead")


@dataclass(frozen=True, slots=True)
class Series:
    title: str
    aliases: tuple[str, ...] = ()
    network: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in a text where a watched series is named (original offsets)."""

    series: Series
    start: int
    end: int


def title_keys(title: str) -> set[str]:
    """Every folded spelling under which a title is recognised."""
    bare = "".join(c for c in title if c not in APOSTROPHES)
    keys = {fold(t).text for t in (title, bare, title.replace("-", ""), title.replace(".", ""))}
    keys |= {k.replace(" & ", " and ") for k in keys} | {k.replace(" and ", " & ") for k in keys}
    for key in list(keys):
        if key.startswith(" the ") and len(key) > 6:
            keys.add(key[4:])
        for brand in _BRANDS:
            prefix = f" {brand}s "
            if key.startswith(prefix) and len(key) > len(prefix) + 1:
                keys.add(key[len(prefix) - 1 :])
    squashed = {  # "#GreysAnatomy"; not numbers: "20/20" is not "2020"
        " " + k.replace(" ", "") + " "
        for k in keys
        if k.strip().count(" ") >= 1 and not k.replace(" ", "").isdigit()
    }
    possessive = {k[:-1] + "s " for k in keys | squashed if not k.endswith("s ")}
    return {k for k in keys | squashed | possessive if k.strip()}


_OF_THE = re.compile(r"^The\s+[A-Z]\w+\s+of\s+(?:the\s+)?(?P<tail>[A-Z][\w.'’-]*(?:\s+\S+)+)$")
_ACRONYM = re.compile(r"^(?P<short>[A-Z]{2,5}):\s+(?P<long>.+)$")
_SUBTITLE = re.compile(
    r"^(?P<main>[^:]{2,}):\s+(?P<sub>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){1,4})$"
)


def short_forms(title: str) -> tuple[str, ...]:
    """Names the press uses for a long title: "Shield Hero" for "The Rising of the Shield Hero",
    "CSI" for "CSI: Crime Scene Investigation" (only where the letters spell the subtitle)."""
    tail = _OF_THE.match(title)
    if tail:
        return (tail["tail"],)
    acronym = _ACRONYM.match(title)
    if acronym and "".join(w[0] for w in acronym["long"].split()).upper() == acronym["short"]:
        return (acronym["short"],)
    sub = _SUBTITLE.match(title)
    if sub:  # "Law & Order: Special Victims Unit" is "Law & Order: SVU" in the press
        return (f"{sub['main']}: {''.join(w[0] for w in sub['sub'].split())}",)
    return ()


class Watchlist:
    """The watched series, compiled once into a single automaton."""

    def __init__(self, series: Iterable[Series]) -> None:
        self._series = tuple(series)
        self._automaton = ahocorasick.Automaton()
        self._own = [fold(item.title).text for item in self._series]
        for n, item in enumerate(self._series):
            for name in (item.title, *item.aliases, *short_forms(item.title)):
                for key in title_keys(name):
                    self._add(key, n)
        if len(self._automaton):
            self._automaton.make_automaton()
        self._franchise = _Franchises(self._series)

    def _add(self, key: str, n: int) -> None:
        found = self._automaton.get(key, None)
        ids = found[1] if found is not None else ()
        if n not in ids:
            self._automaton.add_word(key, (len(key), (*ids, n)))

    def __len__(self) -> int:
        return len(self._series)

    def may_name(self, *texts: str) -> bool:
        """Whether `find` could find a title in any line or sentence of the texts (a story's
        headline and text): one pass over each, so a story that names no watched title is told
        so cheaply.

        Folding splits words at every non-word character, a line break among them, so the
        words of each line of a text stand in the folded whole in the same order: whatever a
        line's automaton or franchise search matches, the whole text's matches too. Quotes are
        straightened first, as the sentences are ("Grey′s" with a prime is "Grey's").
        """
        if not len(self._automaton):
            return False
        for text in filter(None, texts):
            folded = fold(straight_quotes(text)).text
            if next(self._automaton.iter(folded), None) is not None:
                return True
            if self._franchise.stem_in(folded):
                return True
        return False

    def title_starts(self, text: str) -> list[int] | None:
        """Where in `text` the automaton finds a title, in order: a line of the text (white
        space around it) in which none starts holds no title `find` could find, as `may_name`
        says. None when a franchise stem is named, whose parts `find` reads on any line."""
        if not len(self._automaton) or not text:
            return []
        folded = fold(text)
        if self._franchise.stem_in(folded.text):
            return None
        found = self._automaton.iter(folded.text)
        return folded.starts([last - key_len + 2 for last, (key_len, _) in found])

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions, longest first, that the text treats as titles."""
        if not len(self._automaton) or not text:
            return []
        folded = fold(text)
        taken = self._titles(text, folded)
        taken += self._franchise.find(text, folded, taken)
        if len(taken) > 1:
            taken.sort(key=_START)
        return taken

    def _titles(self, text: str, folded: Folded) -> list[Mention]:
        """The automaton's titles the text treats as such, longest first, and `_listed`'s."""
        spans = self._spans(folded)
        if not spans:  # the common case: a sentence that names no watched title
            return []
        if len(spans) > 1:
            spans.sort(key=_longest_first)
            if len({(a, b) for a, b, _ in spans}) < len(spans):  # words two titles spell
                spans.sort(key=lambda span: (*_longest_first(span), self._reading(text, span)))
        taken: list[Mention] = []
        doubtful: list[Mention] = []
        for start, end, n in spans:
            if any(start < m.end and m.start < end for m in taken):
                continue
            series = self._series[n]
            if looks_like_title(text, start, end, series.title):
                taken.append(Mention(series, start, end))
            elif text[start].isupper():
                doubtful.append(Mention(series, start, end))
        if doubtful:
            taken += _listed(text, taken, doubtful)
        return taken

    def _reading(self, text: str, span: tuple[int, int, int]) -> int:
        """0 for the title the words name, 1 for another that spells them the same: "Survivors"
        is itself, "Survivor's" the possessive of "Survivor"."""
        start, end, n = span
        possessive = end - start > 2 and text[end - 1] == "s" and text[end - 2] in APOSTROPHES
        own = self._own[n]
        if possessive:
            return 0 if not own.endswith("s ") else 1
        return 0 if own == fold(text[start:end]).text else 1

    def _spans(self, folded: Folded) -> list[tuple[int, int, int]]:
        spans = []
        original = folded.original
        for last, (key_len, ids) in self._automaton.iter(folded.text):
            start, end = original(last - key_len + 2, last)
            if len(ids) == 1:
                spans.append((start, end, ids[0]))
            else:
                spans += [(start, end, n) for n in ids]
        return spans


_START = attrgetter("start")


def _longest_first(span: tuple[int, int, int]) -> tuple[int, int]:
    return span[0] - span[1], span[0]


class Literals:
    """Which of a fixed set of literals occur in a text, all in one pass, overlaps included
    (the rule tables' hint words; the automaton library lives here, beside the titles')."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._automaton = ahocorasick.Automaton()
        for word in self.words:
            self._automaton.add_word(word, word)
        if len(self._automaton):
            self._automaton.make_automaton()

    def found_in(self, text: str) -> set[str]:
        if not len(self._automaton):
            return set()
        return {word for _, word in self._automaton.iter(text)}


_FRANCHISE = re.compile(r"^(?:The\s+)?(?P<stem>\w+(?:\s+\w+)+?)\s+of\s+(?P<part>[A-Z].*)$")


class _Franchises:
    """Entries of a franchise named by their own part once the franchise is named: "the Real
    Housewives shows, including Beverly Hills and Potomac". A franchise is a stem of two or
    more words that two or more watched titles share ("The Real Housewives of ...")."""

    def __init__(self, series: tuple[Series, ...]) -> None:
        stems: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for n, item in enumerate(series):
            found = _FRANCHISE.match(item.title)
            if found:
                stems[fold(found["stem"]).text].append((found["part"], n))
        self._series = series
        self._stems = {k: v for k, v in stems.items() if len(v) >= 2}
        self._parts: dict[str, tuple[str, int, str]] = {}
        for stem, parts in self._stems.items():
            for part, n in parts:
                self._parts.update({k: (stem, n, part) for k in title_keys(part)})
        keys = sorted(self._parts, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    def stem_in(self, folded: str) -> bool:
        return any(stem in folded for stem in self._stems)

    def find(self, text: str, folded: Folded, taken: list[Mention]) -> list[Mention]:
        """Parts named after their franchise's stem, outside the titles already found."""
        if self._pattern is None:
            return []
        first = {s: i for s in self._stems if (i := folded.text.find(s)) >= 0}
        if not first:
            return []
        out: list[Mention] = []
        pos = 0
        while (m := self._pattern.search(folded.text, pos)) is not None:
            pos = m.end() - 1  # keys are padded with spaces: the next may share this one
            stem, n, part = self._parts[m[0]]
            if not 0 <= first.get(stem, -1) < m.start():
                continue
            start, end = folded.original(m.start() + 1, m.end() - 1)
            clash = any(start < x.end and x.start < end for x in taken + out)
            if not clash and looks_like_title(text, start, end, part):
                out.append(Mention(self._series[n], start, end))
        return out


# a detail in parentheses may follow a listed title: "A (S3), B (S6) and C (S2)"
_LIST_JOIN = re.compile(r"['\"”’]?(?:\s*\([^()]{1,80}\))?\s*,\s*(?:and\s+|or\s+|&\s+)?['\"“‘]?")
_AND_JOIN = re.compile(r"['\"”’]?(?:\s*\([^()]{1,80}\))?\s*(?:,\s*)?(?:,|and|&)\s*['\"“‘]?")
_LIST_GOES_ON = re.compile(r"['\"”’]?(?:\s*$|\s*[,;:!?(]|\s+(?:and|&)\s|\s+[-–—|]\s)")


def _listed(text: str, taken: list[Mention], doubtful: list[Mention]) -> list[Mention]:
    """A capitalised title in a list of titles is one: "A, B, and Legacies Variety reports"
    closes a list of two; "Renews Ghosts, Tracker and Elsbeth; Cancels" - each word is joined
    to the title before it and followed by more of the list or its end."""
    out: list[Mention] = []
    for d in sorted(doubtful, key=lambda m: m.start):
        known = taken + out
        if any(d.start < m.end and m.start < d.end for m in known):
            continue
        before = sorted((m for m in known if m.end <= d.start), key=lambda m: m.end)
        if not before:
            if _opens_list(text, d, known):
                out.append(d)
            continue
        closes = len(before) >= 2 and _LIST_JOIN.fullmatch(text, before[-1].end, d.start)
        chained = _AND_JOIN.fullmatch(text, before[-1].end, d.start) and _LIST_GOES_ON.match(
            text, d.end
        )
        if closes or chained:
            out.append(d)
    return out


_LIST_START = re.compile(r"(?:^|[:;—–]|\s[-|]|[.!?])[\s\"'“‘*]*$")


def _opens_list(text: str, d: Mention, known: list[Mention]) -> bool:
    """ "Out: Invasion, Sons & Daughters, Less Than Perfect": a capitalised title that opens a
    list (at the start, or after a colon, dash or stop) whose next item is a title and goes on."""
    after = min((m for m in known if m.start >= d.end), key=lambda m: m.start, default=None)
    return (
        after is not None
        and _LIST_START.search(text, 0, d.start) is not None
        and _LIST_JOIN.fullmatch(text, d.end, after.start) is not None
        and _LIST_GOES_ON.match(text, after.end) is not None
    )


def looks_like_title(text: str, start: int, end: int, title: str) -> bool:
    """Quoted, or capitalised as the title is; a one-word title needs more where capitals mislead.

    "You", "Lost" or "Time" capitalised in running text are titles, unless a capitalised
    word follows ("Naomi Watts"). In a Title Case line, where every word is capitalised,
    they count only quoted, first, or right beside a cue word ("drama You", "Lost season 2").
    """
    if quoted(text, start, end) or not title[:1].isupper() or not _has_upper(text):
        return True
    if not (text[start].isupper() or text[start].isdigit()):
        return False
    if title_words(title) > 1:
        return True
    if _cue_beside(text, start, end) or _line_head(text, start, end):
        return True
    if _title_case(text):
        return _beside_event(text, start, end)
    if _determiner_before(text, start):
        return False  # "the House voted": a noun, not the show
    return not _NAME_GOES_ON.match(text, end)


@lru_cache(maxsize=4096)
def title_words(title: str) -> int:
    """How many words a title has, a leading "The" aside."""
    return len(WORD.findall(fold_chars(title).removeprefix("the ")))


def _beside_event(text: str, start: int, end: int) -> bool:
    """In a Title Case headline: "Renews, Timeless", "Lucifer Saved" - next to the news verb."""
    before = _EVENT_BEFORE.search(text, 0, start) is not None
    if before and text[start:end].lower() in _PARTICLES and _PHRASAL.search(text, 0, start):
        return False  # "Picked Up By Netflix": the verb's own particle, not a show called "Up"
    after = _EVENT_AFTER.match(text, end) is not None
    if after:
        return True
    return before and (not _NAME_GOES_ON.match(text, end) or bool(_FUNCTION_AFTER.match(text, end)))


_PARTICLES = frozenset({"up", "back"})
_PHRASAL = re.compile(r"\b(?:pick|end)\w*\s+$", re.IGNORECASE)  # "picked up", "ended up"
_NAME_GOES_ON = re.compile(r"\s+[A-Z][a-z]")
_EVENT = (
    r"(?:re-?new|cancel|axe|ax|save|revive|end|return|pick|order|rescue|drop|uncancel"
    r"|un-cancel)\w*"
)
_EVENT_BEFORE = re.compile(_EVENT + r"[\s,:'\"‘“]*$", re.IGNORECASE)
_EVENT_AFTER = re.compile(
    r"[\s,:'\"’”]*(?:(?:is|was|were|has|have|had|will|been|be|gets|got|officially|just|finally"
    r"|reportedly|won[’']?t|will\s+not|isn[’']?t|not)\s+)*(?:the\s+(?=ax|boot|chop))?"
    r"(?:boot|chop|be\s+back|(?:coming|comes?)\s+back|" + _EVENT + ")",  # "X Won't Be Back"
    re.IGNORECASE,
)
# Not "that": "revealed that Brickyard would end" names the show
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|our|your|their|its|his|her)\s+$", re.I)
_FUNCTION_AFTER = re.compile(
    r"[\s,'\"’”]*(?:$|for|at|by|on|in|to|after|with|and|as|from|of|season|series|S\d)\b",
    re.IGNORECASE,
)
_CUE_BEFORE = re.compile(
    r"(?:series|show|sitcom|drama|comedy|docuseries|thriller|'s|’s)\s+$", re.IGNORECASE
)
_CUE_AFTER = re.compile(  # "Lucifer Season 6", "Lucifer's Sixth Season", "Evil's Final Season"
    r"\s*(?:['’]s\s+)?(?:(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|\w+th|final|last|next|new"
    r"|upcoming)\s+)?(?:season|series|S\d|revival|reboot)\b",
    re.IGNORECASE,
)


def _determiner_before(text: str, start: int) -> bool:
    """`_DETERMINER_BEFORE` searched for in the text before `start`, from where it can begin: the
    white space it ends with runs back to a determiner of at most five letters."""
    words_end = len(text[:start].rstrip())
    return isearch(_DETERMINER_BEFORE, text, max(0, words_end - 5), start) is not None


# a list item's heading: "Title (NBC)", "Title: canceled", "Title - renewed", a title alone
_HEAD_REST = re.compile(r"['\"”’*]*\s*(?:$|\(|:|[-–—|]\s)")
_HEAD_LEAD = " \t\"'“‘*•♦-–—#0123456789.)"


def _line_head(text: str, start: int, end: int) -> bool:
    """The title opens the line and a detail, a colon or nothing follows it."""
    return not text[:start].strip(_HEAD_LEAD) and _HEAD_REST.match(text, end) is not None


def _cue_beside(text: str, start: int, end: int) -> bool:
    return bool(_CUE_BEFORE.search(text, max(0, start - 20), start) or _CUE_AFTER.match(text, end))


def _has_upper(text: str) -> bool:
    if text.isascii():  # only A-Z are upper case: the ones `lower` changes
        return text.lower() != text
    return any(map(str.isupper, text))


def quoted(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    return not _QUOTES.isdisjoint(before) and not _QUOTES.isdisjoint(after)


@lru_cache(maxsize=256)
def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’]{3,}", text)]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
