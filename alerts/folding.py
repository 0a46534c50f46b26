"""Text folding for title matching: case, accents, punctuation and apostrophes, and the way back.

`fold` turns a text into its words, folded and joined by single spaces, which is what the title
automaton in `alerts.mentions` reads; `Folded.original` maps a run of those words back to the
span of the original text they came from. Folding runs on every sentence of every story, so it
is written for speed: string methods over whole texts rather than one match object a word, and
word positions worked out only for the texts that name a title.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate, compress, count, islice
from operator import add

APOSTROPHES = frozenset("'’‘`´")
WORD = re.compile(r"[^\W_]+(?:\x00s(?![^\W_]))?|&")
# An apostrophe and "s" that `WORD` joins to the word before ("greys"), found by its literal
# start; right only where no "s" stands between two apostrophes ("a's's" is "as s" to `WORD`)
_JOINED_S = re.compile(r"\x00s(?![^\W_])(?<=[^\W_]\x00s)")
_JOINED = "\x01"  # marks a joined apostrophe in `_blank`'s characters: not white space
_CURLY = tuple(zip("‘’‛′“”„″", "''''\"\"\"\"", strict=True))


def straight_quotes(text: str) -> str:
    """The text with straight quotes, as detection reads it: sentences, and the check for a
    watched title that comes before them, must see the same apostrophes. `str.translate` is
    slow here, the table missing most characters, and the quotes are few; ASCII text has none."""
    if text.isascii():
        return text
    for curly, straight in _CURLY:
        text = text.replace(curly, straight)
    return text


class Folded:
    """Folded words joined by single spaces, padded, and where each word sits in the original."""

    __slots__ = ("_blank", "_chars", "_ends", "_starts", "text")

    def __init__(self, text: str, chars: str, blank: bool) -> None:
        self.text = text
        self._chars = chars  # as long as the original, and where `blank`, its words are the
        self._blank = blank  # runs between blanks; otherwise `fold_chars` of it, read by `WORD`
        self._starts: list[int] = []  # where each word starts and ends in the original, found on
        self._ends: list[int] = []  # the first `original` call (most texts name no title); the
        # ends only where not `blank`: there a word ends at the next blank

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded words covering [start, end)."""
        if not self._starts:
            self._place()
        # a word's index is the number of spaces before it, the padding aside
        first = self.text.count(" ", 1, start)
        last = self.text.count(" ", 1, end - 1)
        if self._ends:
            return self._starts[first], self._ends[last]
        stop = self._chars.find(" ", self._starts[last])
        return self._starts[first], len(self._chars) if stop < 0 else stop

    def starts(self, positions: list[int]) -> list[int]:
        """The original start of the folded word at each position (a word's first character),
        in order: the words before each counted on from the last, so a whole text costs one
        pass however many positions are asked about (`original` counts from the start)."""
        if not positions:  # most texts name no title: none of their words needs placing
            return []
        if not self._starts and self._blank:
            return self._walk(sorted(positions))
        if not self._starts:
            self._place()
        out = []
        words, at = 0, 1
        for position in sorted(positions):
            words += self.text.count(" ", at, position)
            at = position
            out.append(self._starts[words])
        return out

    def _walk(self, positions: list[int]) -> list[int]:
        """`starts` of a text whose words are not placed yet, as `_place` would place them, but
        the words after the last position never placed and none of them kept: a text names a
        title once or twice, and placing all its words cost more than the rest of the search."""
        pieces = self._chars.split(" ")
        lengths = map(len, pieces)
        places = compress(map(add, accumulate(map(len, pieces), initial=0), count()), lengths)
        out = []
        words, at, placed, start = 0, 1, -1, 0
        for position in positions:
            words += self.text.count(" ", at, position)
            at = position
            if words > placed:  # the start of word `words`: the ones before it skipped in C
                start = next(islice(places, words - placed - 1, None))
                placed = words
            out.append(start)
        return out

    def _place(self) -> None:
        if not self._blank:
            spans = [m.span() for m in WORD.finditer(self._chars)]
            self._starts = [a for a, _ in spans]
            self._ends = [b for _, b in spans]
            return
        # The words are the non-empty pieces between single blanks; piece i starts after the
        # pieces before it and i blanks. All in C: no Python loop over the words.
        lengths = list(map(len, self._chars.split(" ")))
        self._starts = list(compress(map(add, accumulate(lengths, initial=0), count()), lengths))


class _FoldTable(dict[int, str]):
    """`fold_chars`' translation table, filled in as characters are first met."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_one(chr(code))
        return folded


_fold_table = _FoldTable()


def fold_chars(text: str) -> str:
    """Same length as `text`: letters lower-cased and stripped of accents, apostrophes "\\x00",
    "&" kept, the rest blank.

    `str.translate` is fast only on ASCII text (CPython reads a cached table there; elsewhere
    it looks each character up in the mapping). Most texts have a few kinds of non-ASCII
    characters (curly quotes, dashes, accented letters) whose folds have an ASCII stand-in
    that folds the same: each is replaced by it first, and the ASCII text is translated."""
    if text.isascii():
        return text.translate(_fold_table)
    ascii_text = text
    for ch in set(_NON_ASCII.findall(text)):
        stand_in = _STAND_INS.get(ch)
        if stand_in is None:
            stand_in = _STAND_INS[ch] = _stand_in(ch)
        if not stand_in:  # its fold is not ASCII (Greek, Cyrillic...): the general path
            return text.translate(_fold_table)
        ascii_text = ascii_text.replace(ch, stand_in)
    return ascii_text.translate(_fold_table)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_STAND_INS: dict[str, str] = {}


def _stand_in(ch: str) -> str:
    """An ASCII character that folds as `ch` does, or "" if none does."""
    folded = _fold_table[ord(ch)]
    stand_in = "'" if folded == "\x00" else folded
    return stand_in if stand_in.isascii() and _fold_table[ord(stand_in)] == folded else ""


def _fold_one(ch: str) -> str:
    if ch in APOSTROPHES:
        return "\x00"
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    low = base.casefold()[:1] or " "
    return low if low.isalnum() or low == "&" else " "


def fold(text: str) -> Folded:
    """Case-folded, accent-free words separated by single spaces, padded with spaces.

    "Grey's" folds to "greys"; any other apostrophe splits words. The words are `WORD`'s in
    `fold_chars(text)`, whose characters are letters and digits, "&", "\\x00" and blanks only.
    """
    chars = fold_chars(text)
    blank = chars
    if "\x00" in chars:
        if "\x00s\x00" in chars:  # rare: let `WORD` read it
            words = " ".join(WORD.findall(chars)).replace("\x00", "")
            return Folded(" " + words + " ", chars, False)
        # as long as `chars`: a joined apostrophe marked, any other one a blank
        blank = _JOINED_S.sub(_JOINED + "s", chars).replace("\x00", " ")
    if "&" in blank:  # "&" is a word of its own even with no blank around it
        words = " ".join(blank.replace("&", " & ").split()).replace(_JOINED, "")
        return Folded(" " + words + " ", chars, False)
    return Folded(" " + " ".join(blank.split()).replace(_JOINED, "") + " ", blank, True)
