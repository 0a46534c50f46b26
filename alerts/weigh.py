"""Weighing: the claim one news phrase makes about one series, or why it makes none.

Owns `Finding` (and hands on `alerts.claim`'s `Claim`), and the season and network a phrase
states for its title. The hedge / other-sense / earlier-fact blocks are `alerts.blocks`;
linking is `alerts.link`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from alerts import rules
from alerts import rules_hedges as hedges
from alerts import rules_links as links
from alerts import rules_seasons as seasons
from alerts.blocks import clause_span, unnamed, why_blocked
from alerts.claim import Claim as Claim
from alerts.layout import Sentence
from alerts.link import Trigger
from alerts.mentions import Mention, Series
from alerts.rules_base import isearch

MIN_CONFIDENCE = 0.5


_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


_ORDINAL_LIST = re.compile(r"\b(" + seasons.ORDINAL + r")\b(?=[^.;]*\bseasons?\b)", re.IGNORECASE)


_POSTFIX = re.compile(r"[\s'\"’”]*(?:\([^()]*\)|season\s+\w+\b|S\d+\b)", re.IGNORECASE)


# "..., which renewed the western in March": news about "the show" told in an aside
_RELATIVE_HEAD = re.compile(r",\s*(?:which|who)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Finding:
    """One trigger weighed for one series: a claim, or the reason there is none."""

    series: Series | None
    trigger: Trigger
    sentence: Sentence
    claim: Claim | None
    reason: str
    background: bool = False  # stated as an earlier fact ("which Fox cancelled in 2018")


def _season_span(sent: Sentence, m: Mention | None, trig: Trigger) -> tuple[int, int]:
    """Where a title's own season is stated: between its neighbours in the sentence."""
    if m is None:
        lo, hi = clause_span(sent, trig.start, trig.end)
        aside = links.APPOSITIVE.match(sent.text[hi:])  # "picked up the drama, which ..., for"
        return lo, clause_span(sent, hi + aside.end(), hi + aside.end())[1] if aside else hi
    lo = max([x.end for x in sent.mentions if x.end <= m.start] + [0])
    postfix = _POSTFIX.match(sent.text, lo) if lo else None
    lo = postfix.end() if postfix and postfix.end() <= m.start else lo
    # "A after two seasons, along with B", "A returns for a third season and B ...": A's season
    cut = max(sent.text.rfind(",", lo, m.start), sent.text.rfind(" and ", lo, m.start))
    lo = cut + 1 if lo and cut >= 0 else lo
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


def network_near(sent: Sentence, at: int, fallback: str | None) -> str | None:
    """The network the sentence names nearest to `at` (outside its titles), else `fallback`."""
    found = _networks_in(sent.text, tuple((m.start, m.end) for m in sent.mentions))
    if not found:
        return fallback
    return min(found, key=lambda n: abs(n[0] - at))[1]


def headline_network(parts: list[Sentence]) -> str | None:
    """The network the headline names first: a story's fallback before the watchlist's."""
    return next((n for s in parts if s.headline for n in [network_near(s, 0, None)] if n), None)


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
    season, stated = seasons.season_within(text, lo, hi, event, a, b)
    if season is None and len(order) > 1:
        lo = min(trig.start, order[0].start)
        hi = clause_span(sent, max(trig.end, order[-1].end), max(trig.end, order[-1].end))[1]
        inner = (order[0].end, order[-1].start)  # a season among the titles is one title's own
        season, _ = seasons.season_within(text, lo, hi, event, trig.start, skip=inner)
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
        and not isearch(hedges.REVIVAL_CUES, sent.text)
    ):
        blocked = "no season stated (a new-series order, not a renewal)"
    if blocked and not blocked.startswith("background"):
        return Finding(series, trig, sent, None, blocked)
    penalty = 0.0 if m is not None or series == sent.label else 0.15
    confidence = trig.rule.confidence + (0.05 if sent.headline else 0) - penalty
    network = network_near(sent, trig.start, topic_net or series.network)
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
