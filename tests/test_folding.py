"""Folding's fast paths against the plain reading: one `WORD` match a word, bisected offsets."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import example, given, settings
from hypothesis import strategies as st

from alerts.folding import WORD, _fold_table, fold, fold_chars

# the characters folding treats differently: apostrophes, "s" (joined after one), "&",
# letters with accents, digits, underscores, punctuation and white space
TRICKY = st.text(alphabet="aSs'’‘`´&éÉß1_ -.,:\n\t“”", max_size=40)


def reference(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The folded text and each word's original span, one regex match a word."""
    matches = list(WORD.finditer(fold_chars(text)))
    words = [m[0].replace("\x00", "") for m in matches]
    return " " + " ".join(words) + " ", [m.span() for m in matches]


def reference_original(text: str, start: int, end: int) -> tuple[int, int]:
    folded, spans = reference(text)
    starts = [folded.index(" ", 0) + 1]
    for word in folded.strip().split(" ")[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    first = bisect_right(starts, start) - 1
    last = bisect_right(starts, end - 1) - 1
    return spans[first][0], spans[last][1]


@settings(max_examples=2000, deadline=None)
@given(st.one_of(TRICKY, st.text(max_size=40)))
@example("a's's")
@example("Grey's & Tom's 'S")
@example("rock'n'roll's")
def test_fold_reads_words_as_the_word_pattern_does(text: str) -> None:
    folded = fold(text)
    want, spans = reference(text)
    assert folded.text == want
    n = len(spans)
    word_starts = [i + 1 for i, c in enumerate(want[:-1]) if c == " " and want[i + 1] != " "]
    for first in range(n):
        for last in range(first, n):
            start = word_starts[first]
            end = word_starts[last] + len(want[word_starts[last] :].split(" ", 1)[0])
            assert folded.original(start, end) == reference_original(text, start, end)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(TRICKY, st.text(max_size=40), st.text(alphabet="ab ’“”—éΣσİ❤️\x00'", max_size=40)))
@example("Señor’s “Ghost” — renewed")
@example("Σ and ’")  # a character folding outside ASCII sends the text the general way
def test_fold_chars_with_ascii_stand_ins_is_the_plain_translation(text: str) -> None:
    assert fold_chars(text) == text.translate(_fold_table)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(TRICKY, st.text(max_size=40)), st.data())
def test_starts_of_many_words_are_their_original_starts(text: str, data: st.DataObject) -> None:
    folded = fold(text)
    words = [
        i + 1 for i, c in enumerate(folded.text[:-1]) if c == " " and folded.text[i + 1] != " "
    ]
    asked = data.draw(st.lists(st.sampled_from(words), max_size=8)) if words else []
    assert folded.starts(asked) == sorted(folded.original(p, p + 1)[0] for p in asked)
