"""Composing one story's findings: each sentence's phrases linked and weighed, then lists.

Owns `Analysis` and `analyse`, and the in-sentence turns (cancelled then renewed is a
revival; renewed then cancelled is a cancellation; "a fourth and final season" also ends).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from alerts import rules
from alerts import rules_hedges as hedges
from alerts import rules_links as links
from alerts.layout import Sentence, headlined, sentences, topic_of
from alerts.link import Trigger, find_triggers, linked_titles, topic_link
from alerts.lists import (
    LIST_NOUN,
    bare_items,
    follow_ups,
    list_items,
    numbered_sequels,
    section_items,
)
from alerts.mentions import Series, Watchlist
from alerts.rules_base import isearch
from alerts.weigh import Finding, headline_network, revive, weigh

_TURN = re.compile(r"\bonly\s+(?:for|to)\b|\bbut\s+then\b|\bthen\b", re.IGNORECASE)


_FINAL = re.compile(r"\b(?:final|farewell|last)\s+(?:season|installment|chapter)\b", re.IGNORECASE)
_FINAL_AFTER = re.compile(  # "ordered a third season, which will also be its last"
    r",\s*(?:which|and\s+(?:it|that|this))\s+will\s+(?:also\s+)?(?:be|serve\s+as)\s+"
    r"(?:its|their|the\s+(?:show|series)['’]s?)\s+(?:last|final)\b",
    re.IGNORECASE,
)


def _with_final(f: Finding) -> list[Finding]:
    """A renewal "for a fourth and final season" is also the news that the series ends."""
    c = f.claim
    if c is None or c.event not in ("renewed", "revived"):
        return [f]
    text = f.sentence.text
    stop = re.search(r"[,;.!?]", text[f.trigger.end :])
    hi = f.trigger.end + (stop.start() if stop else len(text))
    if not _FINAL.search(text, f.trigger.start, hi) and not _FINAL_AFTER.match(text, hi):
        return [f]
    ending = replace(c, event="ending", rule=f"{c.rule}+final-season")
    return [f, replace(f, claim=ending)]


def _revivals(found: list[Finding], sent: Sentence) -> list[Finding]:
    """In one sentence: cancelled, then renewed, is a revival; renewed, then cancelled, is not."""
    renewals = any(f.claim and f.claim.event == "renewed" for f in found)
    cue = renewals and bool(isearch(hedges.REVIVAL_CUES, sent.text))
    cues = {f.series for f in found if cue or _which_cancelled(sent, f)}
    out = []
    for f in found:
        c = f.claim
        renewal = c is not None and c.event == "renewed" and not f.background
        if renewal and (f.series in cues or _cancelled_before(found, f)):
            f = revive(f)
        elif renewal and (later := _cancelled_later(found, f)):
            f = _turned(f, later)
        out.append(f)
    revived = {f.series for f in out if f.claim and f.claim.event == "revived"}
    return [
        replace(f, claim=None, reason="background of a revival")
        if f.claim and f.claim.event == "cancelled" and f.series in revived
        else f
        for f in out
    ]


def _which_cancelled(sent: Sentence, f: Finding) -> bool:
    """ "renewed X, which CBS cancelled in 2020" / "a season of the drama, which Starz axed":
    the clause right after the renewal's series says it was cancelled before."""
    if f.claim is None or f.claim.event != "renewed":
        return False
    ends = [m.end for m in sent.mentions if m.series == f.series]
    obj = links.TOPIC_OBJECT.match(sent.text, f.trigger.end)
    ends += [obj.end()] if obj and not ends else []
    return any(hedges.WHICH_CANCELLED.match(sent.text, end) for end in ends)


def _cancelled_before(found: list[Finding], f: Finding) -> bool:
    """ "X is not cancelled: a fourth season is on the way" is no revival."""
    return any(
        g.trigger.rule.event == "cancelled"
        and g.reason != "negated"
        and g.series == f.series
        and g.trigger.end <= f.trigger.start
        for g in found
    )


def _cancelled_later(found: list[Finding], f: Finding) -> Finding | None:
    """ "greenlit for a season 2, only for the streamer to pull the plug" """
    text, end = f.sentence.text, f.trigger.end
    later = [g for g in found if g.trigger.rule.event == "cancelled" and g.trigger.start > end]
    return next(
        (
            g
            for g in later
            if g.series == f.series
            or (g.series is None and _TURN.search(text, end, g.trigger.start))
        ),
        None,
    )


def _turned(f: Finding, cancel: Finding) -> Finding:
    """The renewal was undone: the cancellation is the news, about the renewal's series."""
    if cancel.series is not None or f.claim is None:
        return replace(f, claim=None, reason="cancelled later in the same sentence")
    rule = f"{cancel.trigger.rule.name}+turn"
    claim = replace(f.claim, event="cancelled", season=None, rule=rule)
    return replace(f, claim=claim, reason="renewed, then cancelled")


def in_sentence(
    sent: Sentence, topic: Series | None, topic_net: str | None, headlined: bool
) -> list[Finding]:
    """Every news phrase in one sentence, weighed for the series it is about."""
    lower = sent.text.lower()
    hints = rules.hints_in(lower)
    # no rule matches a sentence without one of its hints: most sentences end here, cheaply
    if not hints or not _may_matter(sent, topic, lower):
        return []
    triggers = find_triggers(sent, lower, hints)
    out: list[Finding] = []
    for trig in triggers:
        linked = linked_titles(sent, trig, triggers)
        if linked:
            out += [weigh(sent, trig, m, m.series, topic_net, linked) for m in linked]
        elif (label := sent.label or _item_label(sent, trig)) is not None:
            out.append(weigh(sent, trig, None, label, topic_net))
        elif topic is not None and topic_link(sent, trig, topic, headlined):
            out.append(weigh(sent, trig, None, topic, topic_net))
        else:
            out.append(Finding(None, trig, sent, None, "no subject: no watched title linked"))
    return [g for f in _revivals(out, sent) for g in _with_final(f)]


_ITEM_LEAD = re.compile(r"[\s\"'“‘*•♦#0-9.)–—-]*")
_ITEM_COLON = re.compile(r"\s*['\"”’]?\s*:")


def _item_label(sent: Sentence, trig: Trigger) -> Series | None:
    """ "2. Title: NBC pulled the plug." within a line: the title the item is about, for a
    phrase after its colon (a whole line's "Title:" is the layout's `Sentence.label`)."""
    if sent.headline or not sent.mentions:
        return None
    m = sent.mentions[0]
    colon = _ITEM_COLON.match(sent.text, m.end)
    if colon is None or colon.end() > trig.start or not _ITEM_LEAD.fullmatch(sent.text, 0, m.start):
        return None
    return m.series


def _may_matter(sent: Sentence, topic: Series | None, lower: str) -> bool:
    """Whether a news phrase here could be about a watched series (a shortcut, not a rule).
    `lower` is the sentence's text lower-cased."""
    text = sent.text
    if sent.mentions or sent.label or sent.headline or isearch(LIST_NOUN, text, lower=lower):
        return True
    if topic is None:
        return False
    return bool(
        isearch(links.TOPIC_WORDS, text, lower=lower) or links.OPENS_WITH_SEASON.match(text)
    )


@dataclass(frozen=True, slots=True)
class Analysis:
    """What detection saw: the sentences, every trigger weighed, the headline's topic."""

    sentences: list[Sentence]
    findings: list[Finding]
    topic: Series | None


def analyse(title: str, text: str, watchlist: Watchlist) -> Analysis:
    """Every sentence with its mentions, and every trigger weighed for its series."""
    parts = sentences(title or "", text or "", watchlist)
    if not any(s.mentions for s in parts):
        return Analysis(parts, [], None)
    topic = topic_of(parts)
    head_net = headline_network(parts)
    named = headlined(parts, topic)
    found = [f for s in parts for f in in_sentence(s, topic, head_net, named)]
    found += list_items(parts, found) + follow_ups(parts, found) + numbered_sequels(parts, found)
    found += bare_items(parts, found) + section_items(parts, found)
    return Analysis(parts, found, topic if named else None)
