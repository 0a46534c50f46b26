"""The layout's faster patterns split text exactly where the plainer ones they replace do."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from alerts.folding import straight_quotes
from alerts.layout import (
    _ABBREVIATION,
    _lines,
    _may_hold,
    _sentence_spans,
    _sourced_lines,
)
from alerts.mentions import Series, Watchlist

# the plain patterns: a run of white space with a break in it, a stop looked behind for
LINE_BREAK = re.compile(r"\s*\n\s*(?!\s*[a-z])")
SENTENCE_END = re.compile(r"(?<=[.!?])['\"”’)]*\s+(?=[\"“‘'(]?[A-Za-z0-9@#])")
WHITE = st.text(alphabet=" \t\n\r\x0b\x1c\u2028\u00a0aZ.", max_size=30)
PROSE = st.text(alphabet="aAbZ 09.!?'\"”’)(“‘@#\n-Dr", max_size=60)


def plain_sentences(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in [*SENTENCE_END.finditer(line), None]:
        end = len(line) if m is None else m.start()
        if m is not None and _ABBREVIATION.search(line, max(0, end - 8), end):
            continue
        part = line[start:end]
        lead = len(part) - len(part.lstrip())
        if part.strip():
            spans.append((start + lead, start + lead + len(part.strip())))
        start = end if m is None else m.end()
    return spans


@settings(max_examples=1500, deadline=None)
@given(st.one_of(WHITE, PROSE, st.text(max_size=40)))
@example("One.\n  two\n\nThree \n \n four")
def test_lines_break_where_the_plain_pattern_does(text: str) -> None:
    assert _lines(text) == [" ".join(line.split()) for line in LINE_BREAK.split(text)]


@settings(max_examples=1500, deadline=None)
@given(st.one_of(PROSE, st.text(max_size=40)))
@example('He said "Hi." Then Dr. Who left?! Yes.')
@example("Ends. \u00a0 (Next) one.\n\t Another.  \n")
def test_sentences_end_where_the_plain_pattern_says(text: str) -> None:
    for line in _lines(text):
        assert _sentence_spans(line) == plain_sentences(line)


@given(st.text(alphabet="‘’‛′“”„″'\"aé ", max_size=20))
def test_quotes_straightened_as_translate_does(text: str) -> None:
    assert straight_quotes(text) == text.translate(str.maketrans("‘’‛′“”„″", "''''\"\"\"\""))


# titles whose spellings fold in the tricky ways: apostrophes (joined "s" or a break), "&",
# "and", dots and "The"; the text mixes them with quotes `straight_quotes` changes and line breaks
WATCH = Watchlist(
    [Series("Gray's Harbor"), Series("Knife & Fork"), Series("The Lantern"), Series("S.T.A.R.")]
)
PIECES = st.sampled_from(
    ["Gray", "'s", "’s", "‛s", "′s", "s", " Harbor", "Harbors", " Knife", " & ", " and ",
     "Fork", "The ", "Lantern", "S.T.A.R.", "STAR", " ", "\n", "\n\n", "\n  ", "\t", ".", "“",
     "”", "a", "renewed", "—"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join))
@example("Gray‛s Harbor\nthe Lantern")
def test_a_line_the_whole_text_search_passes_over_names_no_title(text: str) -> None:
    starts = WATCH.title_starts(straight_quotes(text))
    for line, lo, hi in _sourced_lines(text):
        if not _may_hold(starts, lo, hi):
            assert WATCH.find(straight_quotes(line)) == []
