"""Blocks: why a news phrase makes no claim for a title - hedges, other senses, earlier facts,
negation, questions - and the clause and windows each kind of block reads.

Owns `why_blocked`, `clause_span` and `unnamed` (a sentence with its titles blanked). The
phrases are `alerts.rules_hedges`; weighing a phrase into a claim is `alerts.weigh`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, TypeVar

from alerts import rules_hedges as hedges
from alerts import rules_links as links
from alerts.layout import Sentence
from alerts.link import PAREN, Trigger
from alerts.rules_base import SHOW_NOUN, BlockRule, isearch
from alerts.rules_seasons import NUMBER_WORD

_TAIL = re.compile(r"[,;:.!?]|\s[–—]\s")


# the tail of a statement, before "after it was cancelled last year"; "cancelled after one
# season in 2019" goes on: the count and its date are the statement's own
_TAIL_NOW = re.compile(
    r"[,;:.!?]|\s[–—]\s|\b(?:after(?!\s+(?:\d+|a\s+single|just|only|" + NUMBER_WORD + r")\s)"
    r"|before|when|since|following|while|because)\b",
    re.IGNORECASE,
)


_WORD_END = re.compile(r"\W|$")
_CONDITION = re.compile(r"\s*(?:if|whether)\b", re.I)
_COMMA_ASIDE = re.compile(r",[^,]*,")


_ASIDE_MARK = re.compile(r"[,(–—-]")
_NOT_MODAL = re.compile(r"\b(?!(?:would|could|might|should|can|may)\b)\w+", re.IGNORECASE)


def clause_span(
    sent: Sentence, start: int, end: int, stop: re.Pattern[str] = _TAIL
) -> tuple[int, int]:
    """From the last clause break before `start` to a short tail after `end`."""
    ends = _clause_breaks(sent)
    cut = ends[bisect_right(ends, start) - 1]  # breaks ending at `start` at the latest
    cut = max(cut, sent.text.rfind(",", 0, start) + 1)
    tail = stop.search(sent.text, end, end + 40)
    if tail is None:
        tail = _WORD_END.search(sent.text, min(end + 40, len(sent.text)))
    return cut, tail.start() if tail else len(sent.text)


def _clause_breaks(sent: Sentence) -> list[int]:
    """Where each clause break in the sentence ends, after a 0."""
    return _per_sentence(_BREAKS, sent, 0, _find_breaks)


def _find_breaks(sent: Sentence, _: object) -> list[int]:
    return [0, *(m.end() for m in links.CLAUSE_BOUNDARY.finditer(sent.text))]


T = TypeVar("T")
_BREAKS: dict[tuple[int, object], tuple[Sentence, list[int]]] = {}
_BLANKED: dict[tuple[int, object], tuple[Sentence, str]] = {}


def _per_sentence(
    cache: dict[tuple[int, object], tuple[Sentence, T]],
    sent: Sentence,
    key: Any,
    make: Callable[[Sentence, Any], T],
) -> T:
    """`make(sent, key)`, made once per sentence and kept by identity (hashing a sentence and
    its mentions costs more than most of what is kept)."""
    kept = cache.get((id(sent), key))
    if kept is not None and kept[0] is sent:
        return kept[1]
    if len(cache) > 1024:
        cache.clear()
    value = make(sent, key)
    cache[(id(sent), key)] = (sent, value)
    return value


def _masked(sent: Sentence, start: int, end: int) -> str:
    """The stretch with titles blanked out, so "Game of Thrones" is not a game."""
    return _blanked(sent, False)[start:end]


def unnamed(sent: Sentence) -> str:
    """The sentence with the titles printed as titles blanked: "The Rookie" states no season,
    "Station 19" none; "The first" read as the series "The First" stays."""
    return _blanked(sent, True)


def _blanked(sent: Sentence, only_printed: bool) -> str:
    """The whole sentence with its titles blanked."""
    return _per_sentence(_BLANKED, sent, only_printed, _blank) if sent.mentions else sent.text


def _blank(sent: Sentence, only_printed: bool) -> str:
    parts, pos = [], 0
    for m in sent.mentions:  # in order, never overlapping
        if only_printed and not _printed_as_title(sent.text[m.start : m.end], m.series.title):
            continue
        parts += [sent.text[pos : m.start], "X" * (m.end - m.start)]
        pos = m.end
    return "".join(parts) + sent.text[pos:]


def _printed_as_title(found: str, title: str) -> bool:
    """The last word is capitalised as the title's is."""
    words, wanted = found.split(), title.split()
    return not words or not wanted or words[-1][:1].isupper() == wanted[-1][:1].isupper()


def why_blocked(sent: Sentence, trig: Trigger, span: tuple[int, int]) -> str | None:
    """Why this trigger must not fire for a title at `span`, or None."""
    if hedges.QUESTION.search(sent.text) or _CONDITION.match(sent.text):
        return "hedge (question or condition)"
    lo, hi = clause_span(sent, min(span[0], trig.start), max(span[1], trig.end))
    if trig.rule.negatable and isearch(hedges.NEGATION, sent.text[lo : trig.start]):
        return "negated"
    participle = sent.text[trig.end - 2 : trig.end] == "ed"
    near = max(0, trig.start - 60)  # the patterns end at the trigger: look only just before it
    modifies = isearch(hedges.ADJECTIVE, sent.text, near, trig.start) or (
        isearch(hedges.DETERMINED, sent.text, near, trig.start)
        and hedges.SHOW_NOUN_AFTER.match(sent.text, trig.end)
    )
    if participle and modifies:
        return "other sense (an adjective: 'the cancelled show')"
    windows = {  # built only when their kind's turn comes: most triggers stop at a hedge or pass
        "hedge": lambda: _reported(sent, trig, _masked(sent, lo, hi)),
        "sense": lambda: _sense_window(sent, trig, span, lo),
        "background": lambda: _background_window(sent, trig, span, lo),
    }
    for kind, blocks in hedges.BLOCKS_BY_KIND.items():
        window = windows[kind]()
        low = window.lower()
        if kind == "hedge" and not hedges.may_hedge(window, low):
            continue
        for block in blocks:
            if block.search(window, low) and not _own_words(sent, trig, lo, hi, kind, block, span):
                return f"{kind} ({block.name})"
    return None


def _own_words(
    sent: Sentence, trig: Trigger, lo: int, hi: int, kind: str, block: BlockRule, span: Span
) -> bool:
    """A hedge only in the phrase's own words: "a second chance" is no talk of chances; a
    sense only in the words describing the show ("its board-game comedy")."""
    if kind == "sense":
        window = _sense_window(sent, trig, span, lo, described=False)
        return not block.search(window, window.lower())
    if kind != "hedge":
        return False
    window = _reported(sent, trig, _unhedged(sent, trig, lo, hi))
    return not block.search(window, window.lower())


def _unhedged(sent: Sentence, trig: Trigger, lo: int, hi: int) -> str:
    """The clause less the phrase's own words but its modals: "a second chance" is no talk of
    chances, "would end" still a hedge."""
    window = _masked(sent, lo, hi)
    a, b = max(0, trig.start - lo), max(0, trig.end - lo)
    own = _NOT_MODAL.sub(lambda w: " " * len(w[0]), window[a:b])
    return window[:a] + own + window[b:]


def _background_window(sent: Sentence, trig: Trigger, span: tuple[int, int], lo: int) -> str:
    """From the start to the statement's tail, less an aside between the title and the phrase:
    "X, the drama Fox cancelled last month, heads to Hulu" - the aside's date is its own."""
    end = clause_span(sent, lo, max(span[1], trig.end), _TAIL_NOW)[1]
    window = _masked(sent, 0, end)
    if "had been" in window and isearch(hedges.REPORTED, sent.text, 0, trig.start):
        window = hedges.REPORTED_HAD.sub("has", window)
    for m in sent.mentions:  # "Unlike A, which Fox cancelled last year, B ...": A's own date
        if m.end >= span[0] or not _ASIDE_MARK.search(sent.text, m.end, m.end + 3):
            continue
        if other := links.APPOSITIVE.match(sent.text[m.end : span[0]]):
            b = m.end + other.end()
            window = window[: m.end] + " " * (b - m.end) + window[b:]
    gap = sent.text[span[1] : trig.start]
    aside = (
        links.APPOSITIVE.match(gap) if span[1] < trig.start and _ASIDE_MARK.search(gap) else None
    )
    if aside is None:
        return window
    a, b = span[1], span[1] + aside.end()
    return window[:a] + " " * (b - a) + window[b:]


def _reported(sent: Sentence, trig: Trigger, window: str) -> str:
    """ "NBC announced that X would end": a "would" in reported speech is the news, not a hedge."""
    if isearch(hedges.REPORTED, sent.text, 0, trig.start):
        return hedges.REPORTED_WOULD.sub("will", window)
    return window


Span = tuple[int, int]


def _sense_window(
    sent: Sentence, trig: Trigger, span: Span, lo: int, described: bool = True
) -> str:
    """Around the trigger, and between it and the title less any aside: "renewed their vows"."""
    cut = _WORD_END.search(sent.text, min(trig.end + 30, len(sent.text)))
    end = cut.end() if cut else len(sent.text)  # whole words: "the company's lease"
    if span[1] > trig.end:  # the words right after a title after the phrase: "on the X festival"
        cut = _TAIL.search(sent.text, span[1], span[1] + 30)
        end = max(end, cut.start() if cut else span[1] + 30)
    text = _blanked(sent, False) if described else _undescribed(sent, span)
    near = text[max(lo, trig.start - 30) : min(len(sent.text), end)]
    a, b = (span[1], trig.start) if span[1] <= trig.start else (trig.end, span[0])
    gap = _COMMA_ASIDE.sub(" ", PAREN.sub(" ", text[a:b]))
    return near + " " + gap


_DESCRIBED_AFTER = re.compile(  # "X, its video-game-studio comedy, ..."
    r"['\"”’]?\s*,\s*(?:its|their|the|a|an)\s+[^,;()]{0,60}?\b[\w-]*?" + SHOW_NOUN + r"s?\s*(?=,)",
    re.IGNORECASE,
)
_DESCRIBED_BEFORE = re.compile(  # "its wedding-planner sitcom X"
    r"\b(?:its|their|the|a|an)\s+[^,;()]{0,60}?\b[\w-]*?" + SHOW_NOUN + r"s?\s*['\"“‘]?$",
    re.IGNORECASE,
)


def _undescribed(sent: Sentence, span: tuple[int, int]) -> str:
    """The sentence with its titles blanked, and the words that describe the title at `span`
    as a show ("its board-game comedy"): the premise of a show is not another sense."""
    text = _masked(sent, 0, len(sent.text))
    after = _DESCRIBED_AFTER.match(text, span[1])
    before = _DESCRIBED_BEFORE.search(text, max(0, span[0] - 80), span[0])
    for m in (after, before):
        if m is not None and not any(b.search(m[0], m[0].lower()) for b in _MEDIA):
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return text


_MEDIA = tuple(b for b in hedges.BLOCK_RULES if b.name in ("film", "audio"))  # "the audio drama"
