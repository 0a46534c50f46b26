"""The story's layout: headline parts, sentences, "Title: status" lines, list-item headings.

Also which series a story is about (its topic). Titles are found by `alerts.mentions`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from alerts.folding import straight_quotes
from alerts.mentions import Mention, Series, Watchlist, quoted, title_words

# A sentence ends after its stop, the match's first character (a stop to start with, rather
# than one looked behind for, lets the regex engine skip to the candidates)
_SENTENCE_END = re.compile(r"[.!?]['\"”’)]*\s+(?=[\"“‘'(]?[A-Za-z0-9@#])")
# a "Rumor:" kicker stays with the headline it hedges; "A Cancelled; B Lives On" is two parts
_HEADLINE_BREAK = re.compile(
    r"\s+[-–—|]\s+|:(?<![Rr]umor:)(?<![Rr]umour:)(?<!RUMOR:)(?<!RUMOUR:)\s+|;\s+|(?<=[!?])\s+"
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|Vol|No|Inc|Co|Ep|[A-Z]|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?"
    r"|Oct|Nov|Dec)\.|\b[a-z]\.[a-z]\.)\s*$"
)
# A run of white space with a line break in it, unless a lower-case letter follows the run;
# matched from its first "\n" (found fast), the space before that trimmed with the line's own
_LINE_BREAK = re.compile(r"\n\s*+(?![a-z])")
_HEADING_PREFIX = re.compile(
    r"\s*(?:\d{1,2}\s*[-.):]\s*|#\d{1,2}\s*|[-–•*♦]\s*)?"
    r"(?:(?:renewed|cancell?ed|ending|ended|revived|returning|status)\s*[:–—-]\s*)?['\"“‘]?",
    re.IGNORECASE,
)
_HEADING_REST = re.compile(  # "Title (NBC)", "Title - canceled", "Title (NBC) — canceled"
    r"['\"”’]?\s*(?:\([^)]*\))?\s*(?:/[^.!?]*)?\s*$|['\"”’]?\s*(?:\([^)]*\)\s*)?(?:[–—]|\s-)\s"
)
# A section heading over list items, naming no title: "RENEWED", "Cancelled:", "On the bubble:"
_SECTION_LINE = re.compile(r"(?=[^a-z]*[A-Z]{2})[^a-z.!?:]{3,40}:?|[^.!?:]{3,30}:")

_LABEL_COLON = re.compile(r"\s*['\"”’]?\s*:")
_COLON_LINE = re.compile(r"[^:]*:\s*")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    headline: bool
    mentions: tuple[Mention, ...]  # offsets relative to `text`
    label: Series | None  # the series its "Title: status" line or list item is about
    heading: bool = False  # the line is a list item's heading: "3. Title" or "Title (NBC)"
    original: str = ""  # `text` as printed; `text` itself has straight quotes for the rules
    under: Sentence | None = None  # the section heading line above a list item ("RENEWED")


def _split(
    text: str, pattern: re.Pattern[str], keep: tuple[Mention, ...] = ()
) -> list[tuple[int, int]]:
    """Spans of the parts between separators, surrounding white space left out; a separator
    inside a title in `keep` does not split ("Dexter: Resurrection Renewed")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in pattern.finditer(text):
        if not any(t.start < m.start() < t.end for t in keep):
            _add_part(spans, text, start, m.start())
            start = m.end()
    _add_part(spans, text, start, len(text))
    return spans


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    """Spans of a line's sentences; a stop after an abbreviation ("Dr.") ends none.

    The line is one of `_lines`': no white space at either end, so none around a sentence
    either (a sentence ends at its stop, `_SENTENCE_END` takes the white space after it, and
    the next starts where it sees a letter or digit): nothing to strip, and none is empty."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(line):
        end = m.start() + 1
        if not _ABBREVIATION.search(line, max(0, end - 8), end):
            if end - start <= MAX_SENTENCE:  # `_bounded`'s answer for any but a run-on
                spans.append((start, end))
            else:
                spans += _bounded(line, start, end)
            start = m.end()
    if line:
        spans += _bounded(line, start, len(line))
    return spans


# The longest stretch read as one sentence. Linking a phrase to its titles looks at every
# title of the sentence for every phrase, so a sentence's cost grows with titles times
# phrases; no real sentence comes near (the labelled stories' longest is under 600
# characters), so a longer run holding news words again and again (a page without stops) is
# cut into clauses and detection stays linear in the text. A roundup naming hundreds of
# titles after one verb ("renewed A, B, ... and Z") is read whole, up to `MAX_LIST`.
MAX_SENTENCE = 1000
MAX_LIST = 6_000
_FEW_NEWS_WORDS = 6
_NEWS_WORD = re.compile(
    r"renew|cancel|axe|end|reviv|order|pick|return|save|scrap|drop|final|back|season", re.I
)


def _bounded(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span [start, end) in pieces of at most `MAX_SENTENCE` characters (`MAX_LIST` for a
    span with few news words), each cut after the last clause mark (else space) in its
    second half, else at the limit."""
    out = []
    most = MAX_SENTENCE
    if end - start > MAX_SENTENCE and end - start <= MAX_LIST:
        found = _NEWS_WORD.finditer(line, start, end)
        words = len(list(islice(found, _FEW_NEWS_WORDS + 1)))
        most = MAX_LIST if words <= _FEW_NEWS_WORDS else MAX_SENTENCE
    while end - start > most:
        limit = start + most
        cut = _last_cut(line, start + most // 2, limit)
        out.append((start, cut))
        start = cut
        while start < end and line[start].isspace():
            start += 1
    out.append((start, end))
    return out


def _last_cut(line: str, lo: int, hi: int) -> int:
    """Where a piece ending before `hi` best ends: after a clause mark, else before a space."""
    mark = max(line.rfind(c, lo, hi - 1) for c in ",;:")
    if mark >= 0 and line[mark + 1 : mark + 2].isspace():
        return mark + 1
    space = line.rfind(" ", lo, hi)
    return space if space > lo else hi


def _add_part(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """The span of text[start:end] without its surrounding white space, if anything is left."""
    part = text[start:end]
    stripped = part.strip()
    if len(stripped) == len(part):
        if part:
            spans.append((start, end))
    elif stripped:
        lead = start + len(part) - len(part.lstrip())
        spans.append((lead, lead + len(stripped)))


def _lines(text: str) -> list[str]:
    """Lines of the text, a line broken before a lower-case word joined to the one before; a
    line longer than `MAX_LINE` in pieces of whole sentences."""
    return [line for line, _, _ in _sourced_lines(text)]


def _sourced_lines(text: str) -> list[tuple[str, int, int]]:
    """`_lines`, each with the span of the text it was read from; (-1, -1) for a piece of a
    line longer than `MAX_LINE` (a piece may end inside a word)."""
    out: list[tuple[str, int, int]] = []
    start = 0
    for m in [*_LINE_BREAK.finditer(text), None]:
        end = len(text) if m is None else m.start()
        line = text[start:end]
        # white space other than single spaces between words (every white space character
        # but the space is unprintable) to squeeze; most lines of a stored story have none
        if not (line.isprintable() and "  " not in line and line[:1] != " " != line[-1:]):
            line = " ".join(line.split())
        if len(line) > MAX_LINE:
            out += [(piece, -1, -1) for piece in _pieces(line)]
        else:
            out.append((line, start, end))
        start = 0 if m is None else m.end()
    return out


def _may_hold(starts: list[int] | None, lo: int, hi: int) -> bool:
    """Whether a title may be found on the line read from text[lo:hi], where `starts` are
    `Watchlist.title_starts` of the text."""
    if starts is None or lo < 0:
        return True
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


# The longest line read as one. Titles are told from ordinary words by looking at the whole
# line they are on, so a line's cost grows faster than its length; the labelled stories'
# longest is under 1,200 characters, and a longer one (a page with no line breaks) is read
# as lines of whole sentences.
MAX_LINE = 4000


def _pieces(line: str) -> list[str]:
    """The line as runs of whole sentences, each at most `MAX_LINE` characters long."""
    out = []
    first = last = 0
    for a, b in _sentence_spans(line):
        if b - first > MAX_LINE and last > first:
            out.append(line[first:last])
            first = a
        last = b
    out.append(line[first:last])
    return out


def _label(line: str, mentions: list[Mention]) -> Series | None:
    """The series a "Title: status" line (a scorecard entry) is about."""
    if not mentions or line[: mentions[0].start].strip(" \t\"'“‘*•♦-–—#0123456789.)"):
        return None
    return mentions[0].series if _LABEL_COLON.match(line, mentions[0].end) else None


def _heading(line: str, mentions: list[Mention]) -> Series | None:
    """The series a list item's heading line names: "2. Title", "'Title' (NBC)", "Title - ..."."""
    if not mentions:
        return None
    prefix = _HEADING_PREFIX.match(line)
    if prefix is None or mentions[0].start != prefix.end():
        return None
    return mentions[0].series if _HEADING_REST.match(line, mentions[0].end) else None


def sentences(title: str, text: str, watchlist: Watchlist) -> list[Sentence]:
    """The headline's parts and the text's sentences, each with its mentions and label."""
    out = _headline(title, watchlist)
    carried = section = under = None
    # the text's titles found once: most lines name none, and are not searched (`straight_quotes`
    # keeps offsets, and folds what it changes as `find` will read it)
    starts = watchlist.title_starts(straight_quotes(text))
    for printed, lo, hi in _sourced_lines(text):
        line = straight_quotes(printed)
        found = watchlist.find(line) if _may_hold(starts, lo, hi) else []
        # at most five words: `_lines` left single spaces between a line's words
        if not found and line.count(" ") < 5 and _SECTION_LINE.fullmatch(line):
            carried = section = None  # the items above are done; the heading names none of them
            under = Sentence(line, False, (), None, original=printed)
            out.append(under)
            continue
        heading = _heading(line, found)
        section = heading or section
        label = _label(line, found) or carried or section
        carried = label if ":" in line and _COLON_LINE.fullmatch(line) else None
        is_heading = heading is not None
        under = under if is_heading or not line.endswith((".", "!", "?")) else None
        for a, b in _sentence_spans(line):
            mentions = _within(found, a, b) if found else ()
            item_under = under if is_heading else None
            out.append(
                Sentence(line[a:b], False, mentions, label, is_heading, printed[a:b], item_under)
            )
    return out


def _headline(title: str, watchlist: Watchlist) -> list[Sentence]:
    """The headline's parts, split where no title spans the break; of a headline longer than a
    line may be (no real one is), the start."""
    title = title[:MAX_LINE]
    plain = straight_quotes(title)
    found = watchlist.find(plain)
    whole = tuple(m for m in found if _HEADLINE_BREAK.search(plain, m.start, m.end))
    spans = [p for a, b in _split(plain, _HEADLINE_BREAK, whole) for p in _bounded(plain, a, b)]
    if spans == [(0, len(plain))]:  # one part, all of it: its titles are the ones just found
        return [Sentence(plain, True, tuple(found), None, original=title)]
    parts = [(plain[a:b], title[a:b]) for a, b in spans]
    return [Sentence(h, True, tuple(watchlist.find(h)), None, original=o) for h, o in parts]


def _within(found: list[Mention], a: int, b: int) -> tuple[Mention, ...]:
    """The line's mentions inside its span [a, b), with offsets relative to the span."""
    if a == 0:
        return tuple(m for m in found if m.end <= b)
    inside = (m for m in found if a <= m.start and m.end <= b)
    return tuple(Mention(m.series, m.start - a, m.end - a) for m in inside)


def topic_of(parts: list[Sentence]) -> Series | None:
    """The series a story is about: the one named most, the headline and the lead weighing more."""
    weight: dict[Series, float] = defaultdict(float)
    lead = next((s for s in parts if not s.headline), None)
    for s in parts:
        bonus = 3 if s.headline else 2 if s is lead else 1
        for m in s.mentions:  # one mention per sentence counts; a bare common word counts half
            weight[m.series] = weight[m.series] + bonus * (1 if _strong(s, m) else 0.5)
    ranked = sorted(weight.items(), key=lambda kv: -kv[1])[:2]
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _strong(s: Sentence, m: Mention) -> bool:
    """A mention that cannot be an ordinary word: headline, quoted, or more than one word."""
    return s.headline or title_words(m.series.title) > 1 or quoted(s.text, m.start, m.end)


def headlined(parts: list[Sentence], series: Series | None) -> bool:
    return any(m.series == series for s in parts if s.headline for m in s.mentions)


def mention_lines(parts: list[Sentence]) -> list[str]:
    """Each watched title the story names, as printed, and where."""
    lines = []
    for s in parts:
        for m in s.mentions:
            where = "headline" if s.headline else "text"
            lines.append(f"mention: {m.series.title!r} as {s.text[m.start : m.end]!r} ({where})")
    return lines
