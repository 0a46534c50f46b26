"""Weighing: the claim one news phrase makes about one series, or why it makes none.

Owns `Claim` and `Finding`, the hedge / other-sense / earlier-fact blocks, and the season
and network a phrase states for its title. Linking is `alerts.link`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from alerts import rules
from alerts import rules_hedges as hedges
from alerts import rules_links as links
from alerts import rules_seasons as seasons
from alerts.layout import Sentence
from alerts.link import PAREN, Trigger
from alerts.mentions import Mention, Series
from alerts.rules_base import BlockRule

MIN_CONFIDENCE = 0.5


_TAIL = re.compile(r"[,;:.!?]|\s[–—]\s")


_TAIL_NOW = re.compile(  # the tail of a statement, before "after it was cancelled last year"
    r"[,;:.!?]|\s[–—]\s|\b(?:after|before|when|since|following|while|because)\b", re.IGNORECASE
)


_WORD_END = re.compile(r"\W|$")


_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


_ORDINAL_LIST = re.compile(r"\b(" + seasons.ORDINAL + r")\b(?=[^.;]*\bseasons?\b)", re.IGNORECASE)


_POSTFIX = re.compile(r"[\s'\"’”]*(?:\([^()]*\)|season\s+\w+\b|S\d+\b)", re.IGNORECASE)


_ASIDE_MARK = re.compile(r"[,(–—-]")
_NOT_MODAL = re.compile(r"\b(?!(?:would|could|might|should|can|may)\b)\w+", re.IGNORECASE)


# "..., which renewed the western in March": news about "the show" told in an aside
_RELATIVE_HEAD = re.compile(r",\s*(?:which|who)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Claim:
    """A status decision the story states about one watched series."""

    series: str
    event: str
    season: int | None
    network: str | None
    confidence: float
    evidence: str
    rule: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One trigger weighed for one series: a claim, or the reason there is none."""

    series: Series | None
    trigger: Trigger
    sentence: Sentence
    claim: Claim | None
    reason: str
    background: bool = False  # stated as an earlier fact ("which Fox cancelled in 2018")


NOWHERE = Trigger(rules.EVENT_RULES[0], 0, 0)


def clause_span(
    sent: Sentence, start: int, end: int, stop: re.Pattern[str] = _TAIL
) -> tuple[int, int]:
    """From the last clause break before `start` to a short tail after `end`."""
    head = sent.text[:start]
    cuts = [m.end() for m in links.CLAUSE_BOUNDARY.finditer(head)] + [head.rfind(",") + 1]
    tail = stop.search(sent.text, end, end + 40)
    if tail is None:
        tail = _WORD_END.search(sent.text, min(end + 40, len(sent.text)))
    return max(cuts), tail.start() if tail else len(sent.text)


def _masked(sent: Sentence, start: int, end: int, only_printed: bool = False) -> str:
    """The stretch with titles blanked out, so "Game of Thrones" is not a game (`only_printed`:
    only titles printed as titles, not "The first" read as the series "The First")."""
    parts, pos = [], start
    for m in sent.mentions:  # in order, never overlapping
        if only_printed and not _printed_as_title(sent.text[m.start : m.end], m.series.title):
            continue
        a, b = max(m.start, pos), min(m.end, end)
        if a < b:
            parts += [sent.text[pos:a], "X" * (b - a)]
            pos = b
    return "".join(parts) + sent.text[pos:end] if parts else sent.text[start:end]


_UNNAMED: dict[int, tuple[Sentence, str]] = {}


def unnamed(sent: Sentence) -> str:
    """The sentence with its titles blanked: "The Rookie" states no season, "Station 19" none.

    Kept by identity (hashing a sentence and its mentions costs more than the masking)."""
    if not sent.mentions:
        return sent.text
    kept = _UNNAMED.get(id(sent))
    if kept is not None and kept[0] is sent:
        return kept[1]
    if len(_UNNAMED) > 512:
        _UNNAMED.clear()
    text = _masked(sent, 0, len(sent.text), only_printed=True)
    _UNNAMED[id(sent)] = (sent, text)
    return text


def _printed_as_title(found: str, title: str) -> bool:
    """The last word is capitalised as the title's is."""
    words, wanted = found.split(), title.split()
    return not words or not wanted or words[-1][:1].isupper() == wanted[-1][:1].isupper()


def why_blocked(sent: Sentence, trig: Trigger, span: tuple[int, int]) -> str | None:
    """Why this trigger must not fire for a title at `span`, or None."""
    if hedges.QUESTION.search(sent.text) or re.match(r"\s*(?:if|whether)\b", sent.text, re.I):
        return "hedge (question or condition)"
    lo, hi = clause_span(sent, min(span[0], trig.start), max(span[1], trig.end))
    if trig.rule.negatable and hedges.NEGATION.search(sent.text[lo : trig.start]):
        return "negated"
    participle = sent.text[trig.end - 2 : trig.end] == "ed"
    near = max(0, trig.start - 60)  # the patterns end at the trigger: look only just before it
    modifies = hedges.ADJECTIVE.search(sent.text, near, trig.start) or (
        hedges.DETERMINED.search(sent.text, near, trig.start)
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
            if block.search(window, low) and not _own_words(sent, trig, lo, hi, kind, block):
                return f"{kind} ({block.name})"
    return None


def _own_words(
    sent: Sentence, trig: Trigger, lo: int, hi: int, kind: str, block: BlockRule
) -> bool:
    """A hedge only in the phrase's own words: "a second chance" is no talk of chances."""
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
    if "had been" in window and hedges.REPORTED.search(sent.text, 0, trig.start):
        window = hedges.REPORTED_HAD.sub("has", window)
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
    if hedges.REPORTED.search(sent.text, 0, trig.start):
        return hedges.REPORTED_WOULD.sub("will", window)
    return window


def _sense_window(sent: Sentence, trig: Trigger, span: tuple[int, int], lo: int) -> str:
    """Around the trigger, and between it and the title less any aside: "renewed their vows"."""
    near = _masked(sent, max(lo, trig.start - 30), min(len(sent.text), trig.end + 30))
    a, b = (span[1], trig.start) if span[1] <= trig.start else (trig.end, span[0])
    gap = re.sub(r",[^,]*,", " ", PAREN.sub(" ", _masked(sent, a, b)))
    return near + " " + gap


def _season_span(sent: Sentence, m: Mention | None, trig: Trigger) -> tuple[int, int]:
    """Where a title's own season is stated: between its neighbours in the sentence."""
    if m is None:
        lo, hi = clause_span(sent, trig.start, trig.end)
        aside = links.APPOSITIVE.match(sent.text[hi:])  # "picked up the drama, which ..., for"
        return lo, clause_span(sent, hi + aside.end(), hi + aside.end())[1] if aside else hi
    lo = max([x.end for x in sent.mentions if x.end <= m.start] + [0])
    postfix = _POSTFIX.match(sent.text, lo) if lo else None
    lo = postfix.end() if postfix and postfix.end() <= m.start else lo
    cut = sent.text.rfind(",", lo, m.start) if lo else -1
    lo = cut + 1 if cut >= 0 else lo  # "A after two seasons, along with B": A's season
    nxt = min([x.start for x in sent.mentions if x.start >= m.end] + [len(sent.text)])
    if lo <= trig.start and trig.end <= m.start:
        lo = trig.start
    if nxt > trig.start >= m.end:
        return lo, max(nxt, clause_span(sent, trig.end, trig.end)[1])
    return lo, nxt


def _respectively(sent: Sentence, trig: Trigger, index: int, event: str) -> int | None:
    """ "A and B ... for a fifth and second season, respectively" - the index-th number."""
    if not _RESPECTIVELY.search(sent.text, trig.start):
        return None
    words = _ORDINAL_LIST.findall(sent.text, trig.start)
    values = [seasons.season_number(w) for w in words]
    return values[index] if index < len(values) and event != "cancelled" else None


def network_near(sent: Sentence, trig: Trigger, fallback: str | None) -> str | None:
    found = _networks_in(sent.text, tuple((m.start, m.end) for m in sent.mentions))
    if not found:
        return fallback
    return min(found, key=lambda n: abs(n[0] - trig.start))[1]


@lru_cache(maxsize=256)
def _networks_in(text: str, spans: tuple[tuple[int, int], ...]) -> list[tuple[int, str]]:
    """Networks named in the text outside titles: where, and the canonical name."""
    return [
        (m.start(), rules.CANONICAL_NETWORK.get(m[1].casefold(), m[1]))
        for m in rules.NETWORK_PATTERN.finditer(text)
        if not any(a <= m.start() < b for a, b in spans)
    ]


def _season_of(
    sent: Sentence, trig: Trigger, m: Mention | None, linked: list[Mention]
) -> tuple[int | None, bool]:
    """The season for one title: "respectively", its own stretch, the list's clause, all."""
    order = sorted(linked, key=lambda x: x.start)
    event = trig.rule.event
    if m is not None and len(order) > 1:
        season = _respectively(sent, trig, order.index(m), event)
        if season is not None:
            return season, True
    lo, hi = _season_span(sent, m, trig)
    a, b = (m.start, m.end) if m else (trig.start, trig.end)
    text = unnamed(sent)
    season, stated = seasons.season_in(text[lo:hi], event, a - lo, b - lo)
    if season is None and len(order) > 1:
        lo = min(trig.start, order[0].start)
        hi = clause_span(sent, max(trig.end, order[-1].end), max(trig.end, order[-1].end))[1]
        inner = (order[0].end, order[-1].start)  # a season among the titles is one title's own
        shared = text[lo : inner[0]] + " " * (inner[1] - inner[0]) + text[inner[1] : hi]
        season, _ = seasons.season_in(shared, event, trig.start - lo)
    alone = len({x.series for x in sent.mentions}) <= 1  # else the rest is other titles' own
    if season is None and len(order) <= 1 and alone:
        season, _ = seasons.season_in(text, event, trig.start)
    return season, stated


def weigh(
    sent: Sentence,
    trig: Trigger,
    m: Mention | None,
    series: Series,
    topic_net: str | None,
    linked: list[Mention] | None = None,
) -> Finding:
    """The claim a trigger makes about one series, or why it makes none."""
    span = (m.start, m.end) if m else (trig.start, trig.end)
    blocked = why_blocked(sent, trig, span)
    if blocked is None and m is None and _RELATIVE_HEAD.search(sent.text, 0, trig.start):
        blocked = "background (a relative clause about something else)"
    if blocked and not blocked.startswith("background"):
        return Finding(series, trig, sent, None, blocked)
    season, stated = _season_of(sent, trig, m, linked or [])
    if (
        blocked is None
        and trig.rule.needs_season
        and not stated
        and not hedges.REVIVAL_CUES.search(sent.text)
    ):
        blocked = "no season stated (a new-series order, not a renewal)"
    if blocked and not blocked.startswith("background"):
        return Finding(series, trig, sent, None, blocked)
    penalty = 0.0 if m is not None or series == sent.label else 0.15
    confidence = trig.rule.confidence + (0.05 if sent.headline else 0) - penalty
    network = network_near(sent, trig, topic_net or series.network)
    claim = Claim(
        series.title,
        trig.rule.event,
        season,
        network,
        round(min(confidence, 1.0), 2),
        sent.original or sent.text,
        trig.rule.name,
    )
    if blocked:
        return Finding(series, trig, sent, claim, f"{blocked}: an earlier fact", True)
    return Finding(series, trig, sent, claim, "fires")


def has_event(f: Finding, event: str, fresh: bool = False) -> bool:
    return f.claim is not None and f.claim.event == event and not (fresh and f.background)


def revive(f: Finding) -> Finding:
    assert f.claim is not None
    claim = replace(f.claim, event="revived", rule=f"{f.claim.rule}+after-cancellation")
    return replace(f, claim=claim)
