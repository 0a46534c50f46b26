"""Pure detection: a story (headline + text) and a watchlist in, status claims out.

Owns linking each news phrase to the series it is about (subject, object, list,
"the show", a scorecard label or a list heading), weighing it (hedges, other
senses, earlier facts), and the story-level merge (revivals, roundups, seasons
stated elsewhere). Phrases live in `alerts.rules`; titles and sentences in
`alerts.mentions`. No I/O, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from alerts import rules
from alerts.mentions import Mention, Sentence, Series, Watchlist, headlined, sentences, topic_of
from alerts.rules import EventRule

__all__ = ["Claim", "Series", "Watchlist", "detect", "explain"]

MIN_CONFIDENCE = 0.5
_LEFT_AUX = re.compile(
    r"^(?:\s|['\"”’,]|\b(?:has|have|had|is|are|was|were|will|be|been|being|officially|already|"
    r"just|now|finally|also|formally|quietly|reportedly|recently|indeed|now|set|to|so|then)\b)*$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[\w'’]+")
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which)\b", re.IGNORECASE)
_LIST_NOUN = re.compile(
    r"\b(?:shows|series|dramas|comedies|sitcoms|titles|programs|following|these|here\s+are)\b",
    re.IGNORECASE,
)
_TAIL = re.compile(r"[,;:.!?]|\s[–—]\s")
_TAIL_NOW = re.compile(  # the tail of a statement, before "after it was cancelled last year"
    r"[,;:.!?]|\s[–—]\s|\b(?:after|before|when|since|following|while|because)\b", re.IGNORECASE
)
_WORD_END = re.compile(r"\W|$")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_ORDINAL_LIST = re.compile(r"\b(" + rules.ORDINAL + r")\b(?=[^.;]*\bseasons?\b)", re.IGNORECASE)
_GLUE_WORDS = re.compile(r"\b(?:and|or|plus|as\s+well\s+as|along\s+with)\b|&", re.IGNORECASE)
_POSTFIX = re.compile(r"[\s'\"’”]*(?:\([^()]*\)|season\s+\w+\b|S\d+\b)", re.IGNORECASE)
_POSSESSED = re.compile(r"['’]s?\s+[a-z]")
_PAREN = re.compile(r"\([^()]*\)")


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
class Trigger:
    rule: EventRule
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Finding:
    """One trigger weighed for one series: a claim, or the reason there is none."""

    series: Series | None
    trigger: Trigger
    sentence: Sentence
    claim: Claim | None
    reason: str
    background: bool = False  # stated as an earlier fact ("which Fox cancelled in 2018")


# ----------------------------------------------------------------- linking


def _triggers(sent: Sentence) -> list[Trigger]:
    """Every rule match in the sentence, outside titles (a show called "Renewal" is no news)."""
    found = []
    lower = sent.text.lower()
    present = {h for h in rules.ALL_HINTS if h in lower}
    for rule in rules.EVENT_RULES:
        if present.isdisjoint(rule.hints):
            continue
        for m in rule.pattern.finditer(sent.text):
            if not any(x.start <= m.start() < x.end for x in sent.mentions):
                found.append(Trigger(rule, m.start(), m.end()))
    return found


def _parens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PAREN.finditer(text)]


def _aside(sent: Sentence, m: Mention, trig: Trigger) -> bool:
    """The title sits in parentheses that do not hold the trigger: an aside, not a subject."""
    return any(a <= m.start < b and not a <= trig.start < b for a, b in _parens(sent.text))


def _free_gap(gap: str, max_words: int) -> bool:
    """A stretch between a phrase and a title that keeps them in one clause."""
    return (
        len(_WORDS.findall(gap)) <= max_words
        and not rules.BREAK_WORDS.search(gap)
        and not rules.CLAUSE_BOUNDARY.search(gap)
        and "." not in gap.strip(".")
    )


def _is_list_gap(sent: Sentence, a: int, b: int, triggers: list[Trigger]) -> bool:
    """Only list glue (commas, "and", a short descriptor, an aside) between two titles."""
    gap = _PAREN.sub(" ", sent.text[a:b])
    asides = _parens(sent.text)
    if any(a <= t.start < b and not any(x <= t.start < y for x, y in asides) for t in triggers):
        return False
    if rules.LIST_GLUE.match(gap):
        return True
    if not re.search(r"[,;&]|\band\b|\bplus\b|\bas\s+well\s+as\b", gap):
        return False
    rest = _GLUE_WORDS.sub(" ", gap).replace(";", ",")
    return _free_gap(rest, 8)


def _left_gap_ok(gap: str) -> bool:
    """Between a subject title and its verb: an aside, "are among the shows", a few words."""
    if _POSSESSED.match(gap):
        return False  # "Girls' soccer season was cancelled": the subject is the soccer season
    appositive = rules.APPOSITIVE.match(gap)
    core = gap[appositive.end() :] if appositive else re.sub(r"^\s*[,–—]\s*(?=\w)", " ", gap)
    core = rules.AMONG.sub(" ", core, count=1)
    if "," in core or rules.BREAK_WORDS.search(core):
        return False
    return bool(_LEFT_AUX.match(core)) or _free_gap(core, 5)


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
        if m.end <= trig.start and not _aside(sent, m, trig) and not _in_relative(sent, m)
    ]
    for n in range(len(before) - 1, -1, -1):
        if _left_gap_ok(sent.text[before[n].end : trig.start]):
            chosen = [before[n]]
            for m in reversed(before[:n]):
                if not _is_list_gap(sent, m.end, chosen[-1].start, triggers):
                    break
                chosen.append(m)
            return chosen
    return []


def _right(sent: Sentence, trig: Trigger, triggers: list[Trigger]) -> list[Mention]:
    """The object: the first title after the phrase, with the list it opens."""
    after = [m for m in sent.mentions if m.start >= trig.end and not _aside(sent, m, trig)]
    if not after or rules.NOT_THE_SERIES.match(sent.text, after[0].end):
        return []
    gap = sent.text[trig.end : after[0].start]
    if trig.rule.name in rules.NOMINAL:
        gap = re.sub(r"^\s*(?:to|for)\b", " ", gap)  # "a season 2 renewal to X"
    if not _free_gap(gap, 12):
        return []
    other = [  # "picks up canceled drama X": an adjective in between does not cut the link
        t
        for t in triggers
        if t.rule.event != trig.rule.event and sent.text[trig.end : t.start].strip()
    ]
    if any(trig.end <= t.start < after[0].start for t in other):
        return []
    return _list_from(sent, after, triggers)


def _list_from(sent: Sentence, after: list[Mention], triggers: list[Trigger]) -> list[Mention]:
    """The first title and those joined to it by list glue."""
    chosen = [after[0]]
    for m in after[1:]:
        if not _is_list_gap(sent, chosen[-1].end, m.start, triggers):
            break
        chosen.append(m)
    return chosen


def _colon_list(sent: Sentence, trig: Trigger, triggers: list[Trigger]) -> list[Mention]:
    """ "Seven series got the axe: A, B and C" - the list after the colon."""
    colon = sent.text.find(":", trig.end)
    after = [m for m in sent.mentions if m.start > colon]
    if colon < 0 or not after or not rules.LIST_GLUE.match(sent.text[colon + 1 : after[0].start]):
        return []
    if not _free_gap(sent.text[trig.end : colon], 8):
        return []
    return _list_from(sent, after, triggers)


def _topic_link(sent: Sentence, trig: Trigger, topic: Series, headlined: bool) -> bool:
    """The phrase is about "the show" / "it", or is a headline part beside the topic's name."""
    if sent.headline and not sent.mentions:
        return headlined
    if rules.TOPIC_WORDS.search(sent.text, trig.start, trig.end):
        return True
    if any(m.end <= trig.start and m.series != topic for m in sent.mentions):
        return False  # "After X was cancelled, NBC saved the show": the show is X
    after = rules.TOPIC_OBJECT.match(sent.text, trig.end) if trig.rule.attach != "left" else None
    before = list(rules.TOPIC_WORDS.finditer(sent.text, 0, trig.start))
    near = bool(before) and _left_gap_ok(sent.text[before[-1].end() : trig.start])
    return bool(after) or (trig.rule.attach != "right" and near)


def _linked(sent: Sentence, trig: Trigger, triggers: list[Trigger]) -> list[Mention]:
    """The titles a phrase is about, on the side(s) its rule allows."""
    if trig.rule.attach in ("left", "both"):
        left = _left(sent, trig, triggers)
        if left:
            return left
    right = _right(sent, trig, triggers) if trig.rule.attach != "left" else []
    return right or _colon_list(sent, trig, triggers)


# ----------------------------------------------------------------- weighing


def _clause(sent: Sentence, start: int, end: int, stop: re.Pattern[str] = _TAIL) -> tuple[int, int]:
    """From the last clause break before `start` to a short tail after `end`."""
    head = sent.text[:start]
    cuts = [m.end() for m in rules.CLAUSE_BOUNDARY.finditer(head)] + [head.rfind(",") + 1]
    tail = stop.search(sent.text, end, end + 40)
    if tail is None:
        tail = _WORD_END.search(sent.text, min(end + 40, len(sent.text)))
    return max(cuts), tail.start() if tail else len(sent.text)


def _masked(sent: Sentence, start: int, end: int) -> str:
    """The stretch with titles blanked out, so "Game of Thrones" is not a game."""
    chars = list(sent.text[start:end])
    for m in sent.mentions:
        for i in range(max(m.start, start), min(m.end, end)):
            chars[i - start] = "X"
    return "".join(chars)


def _block(sent: Sentence, trig: Trigger, span: tuple[int, int]) -> str | None:
    """Why this trigger must not fire for a title at `span`, or None."""
    if rules.QUESTION.search(sent.text) or re.match(r"\s*(?:if|whether)\b", sent.text, re.I):
        return "hedge (question or condition)"
    lo, hi = _clause(sent, min(span[0], trig.start), max(span[1], trig.end))
    if trig.rule.negatable and rules.NEGATION.search(sent.text[lo : trig.start]):
        return "negated"
    participle = sent.text[trig.end - 2 : trig.end] == "ed"
    modifies = rules.ADJECTIVE.search(sent.text, 0, trig.start) or (
        rules.DETERMINED.search(sent.text, 0, trig.start)
        and rules.SHOW_NOUN_AFTER.match(sent.text, trig.end)
    )
    if participle and modifies:
        return "other sense (an adjective: 'the cancelled show')"
    windows = {
        "hedge": _masked(sent, lo, hi),
        "background": _masked(sent, 0, _clause(sent, lo, max(span[1], trig.end), _TAIL_NOW)[1]),
        "sense": _sense_window(sent, trig, span, lo),
    }
    for block in rules.BLOCK_RULES:
        if block.pattern.search(windows[block.kind]):
            return f"{block.kind} ({block.name})"
    return None


def _sense_window(sent: Sentence, trig: Trigger, span: tuple[int, int], lo: int) -> str:
    """Around the trigger, and between it and the title less any aside: "renewed their vows"."""
    near = _masked(sent, max(lo, trig.start - 30), min(len(sent.text), trig.end + 30))
    a, b = (span[1], trig.start) if span[1] <= trig.start else (trig.end, span[0])
    gap = re.sub(r",[^,]*,", " ", _PAREN.sub(" ", _masked(sent, a, b)))
    return near + " " + gap


def _season_span(sent: Sentence, m: Mention | None, trig: Trigger) -> tuple[int, int]:
    """Where a title's own season is stated: between its neighbours in the sentence."""
    if m is None:
        return _clause(sent, trig.start, trig.end)
    lo = max([x.end for x in sent.mentions if x.end <= m.start] + [0])
    postfix = _POSTFIX.match(sent.text, lo) if lo else None
    lo = postfix.end() if postfix and postfix.end() <= m.start else lo
    nxt = min([x.start for x in sent.mentions if x.start >= m.end] + [len(sent.text)])
    if lo <= trig.start and trig.end <= m.start:
        lo = trig.start
    if nxt > trig.start >= m.end:
        return lo, max(nxt, _clause(sent, trig.end, trig.end)[1])
    return lo, nxt


def _respectively(sent: Sentence, trig: Trigger, index: int, event: str) -> int | None:
    """ "A and B ... for a fifth and second season, respectively" - the index-th number."""
    if not _RESPECTIVELY.search(sent.text, trig.start):
        return None
    words = _ORDINAL_LIST.findall(sent.text, trig.start)
    values = [rules.season_number(w) for w in words]
    return values[index] if index < len(values) and event != "cancelled" else None


def _network(sent: Sentence, trig: Trigger, fallback: str | None) -> str | None:
    spans = [(m.start, m.end) for m in sent.mentions]
    found = [
        m
        for m in rules.NETWORK_PATTERN.finditer(sent.text)
        if not any(a <= m.start() < b for a, b in spans)
    ]
    if not found:
        return fallback
    near = min(found, key=lambda m: abs(m.start() - trig.start))
    return rules.CANONICAL_NETWORK.get(near[1].casefold(), near[1])


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
    season, stated = rules.season_in(sent.text[lo:hi], event, a - lo, b - lo)
    if season is None and len(order) > 1:
        lo = min(trig.start, order[0].start)
        hi = _clause(sent, max(trig.end, order[-1].end), max(trig.end, order[-1].end))[1]
        season, _ = rules.season_in(sent.text[lo:hi], event, trig.start - lo)
    if season is None and len(order) <= 1:
        season, _ = rules.season_in(sent.text, event, trig.start)
    return season, stated


def _weigh(
    sent: Sentence,
    trig: Trigger,
    m: Mention | None,
    series: Series,
    topic_net: str | None,
    linked: list[Mention] | None = None,
) -> Finding:
    """The claim a trigger makes about one series, or why it makes none."""
    span = (m.start, m.end) if m else (trig.start, trig.end)
    blocked = _block(sent, trig, span)
    if blocked and not blocked.startswith("background"):
        return Finding(series, trig, sent, None, blocked)
    season, stated = _season_of(sent, trig, m, linked or [])
    revival = rules.REVIVAL_CUES.search(sent.text) is not None
    if blocked is None and trig.rule.needs_season and not stated and not revival:
        blocked = "no season stated (a new-series order, not a renewal)"
    if blocked and not blocked.startswith("background"):
        return Finding(series, trig, sent, None, blocked)
    penalty = 0.0 if m is not None or series == sent.label else 0.15
    confidence = trig.rule.confidence + (0.05 if sent.headline else 0) - penalty
    network = _network(sent, trig, topic_net or series.network)
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


# ----------------------------------------------------------------- composing

_TURN = re.compile(r"\bonly\s+(?:for|to)\b|\bbut\s+then\b|\bthen\b", re.IGNORECASE)
_FINAL = re.compile(r"\b(?:final|farewell|last)\s+(?:season|installment|chapter)\b", re.IGNORECASE)


def _with_final(f: Finding) -> list[Finding]:
    """A renewal "for a fourth and final season" is also the news that the series ends."""
    c = f.claim
    if c is None or c.event not in ("renewed", "revived"):
        return [f]
    text = f.sentence.text
    stop = re.search(r"[,;.!?]", text[f.trigger.end :])
    hi = f.trigger.end + (stop.start() if stop else len(text))
    if not _FINAL.search(text, f.trigger.start, hi):
        return [f]
    ending = replace(c, event="ending", rule=f"{c.rule}+final-season")
    return [f, replace(f, claim=ending)]


def _revivals(found: list[Finding], sent: Sentence) -> list[Finding]:
    """In one sentence: cancelled, then renewed, is a revival; renewed, then cancelled, is not."""
    cue = bool(rules.REVIVAL_CUES.search(sent.text))
    out = []
    for f in found:
        c = f.claim
        renewal = c is not None and c.event == "renewed" and not f.background
        if renewal and (cue or _cancelled_before(found, f)):
            f = _revive(f)
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


def _cancelled_before(found: list[Finding], f: Finding) -> bool:
    return any(
        g.trigger.rule.event == "cancelled"
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


def _in_sentence(
    sent: Sentence, topic: Series | None, topic_net: str | None, headlined: bool
) -> list[Finding]:
    """Every news phrase in one sentence, weighed for the series it is about."""
    if not _may_matter(sent, topic):
        return []
    triggers = _triggers(sent)
    out: list[Finding] = []
    for trig in triggers:
        linked = _linked(sent, trig, triggers)
        if linked:
            out += [_weigh(sent, trig, m, m.series, topic_net, linked) for m in linked]
        elif sent.label is not None:
            out.append(_weigh(sent, trig, None, sent.label, topic_net))
        elif topic is not None and _topic_link(sent, trig, topic, headlined):
            out.append(_weigh(sent, trig, None, topic, topic_net))
        else:
            out.append(Finding(None, trig, sent, None, "no subject: no watched title linked"))
    return [g for f in _revivals(out, sent) for g in _with_final(f)]


def _may_matter(sent: Sentence, topic: Series | None) -> bool:
    """Whether a news phrase here could be about a watched series (a shortcut, not a rule)."""
    if sent.mentions or sent.label or sent.headline or _LIST_NOUN.search(sent.text):
        return True
    return topic is not None and rules.TOPIC_WORDS.search(sent.text) is not None


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
    head_net = next(
        (n for s in parts if s.headline for n in [_network(s, _NOWHERE, None)] if n), None
    )
    named = headlined(parts, topic)
    found = [f for s in parts for f in _in_sentence(s, topic, head_net, named)]
    found += _list_items(parts, found) + _follow_ups(parts, found)
    return Analysis(parts, found, topic if named else None)


def _follow_ups(parts: list[Sentence], found: list[Finding]) -> list[Finding]:
    """ "NBC renewed five series on Friday. They include A, B and C." - the list takes the news."""
    out: list[Finding] = []
    for i, sent in enumerate(parts):
        lead = rules.FOLLOW_UP.search(sent.text)
        if sent.headline or lead is None or any(f.sentence is sent and f.claim for f in found):
            continue
        intro = _intro(parts[max(0, i - 3) : i], found, plain=True)
        listed = [m for m in sent.mentions if m.start >= lead.end()]
        if intro is None or not listed:
            continue
        for m in _list_from(sent, listed, []):
            c = Claim(
                m.series.title,
                intro.trigger.rule.event,
                None,
                m.series.network,
                0.7,
                sent.original or sent.text,
                f"follow-up:{intro.trigger.rule.name}",
            )
            out.append(Finding(m.series, intro.trigger, sent, c, "a list after the news"))
    return out


def _intro(parts: list[Sentence], found: list[Finding], plain: bool = False) -> Finding | None:
    """The unhedged news phrase that introduces a list: "shows cancelled after one season:"."""
    heads = [s for s in parts if s.headline]
    hedged = any(_block(h, Trigger(rules.EVENT_RULES[0], 0, 0), (0, 0)) for h in heads)
    for f in reversed(found):
        if f.series is not None or f.sentence not in parts or f.trigger.rule.needs_season:
            continue
        if plain and f.sentence.headline:
            continue
        if (f.sentence.headline and hedged) or not _LIST_NOUN.search(f.sentence.text):
            continue
        if _block(f.sentence, f.trigger, (f.trigger.start, f.trigger.end)) is None:
            return f
    return None


def _list_items(parts: list[Sentence], found: list[Finding]) -> list[Finding]:
    """List items ("1. Title", "Title (NBC)") stating nothing themselves take the intro's news."""
    headings = [s for s in parts if s.heading and s.label is not None]
    intro = _intro(parts[: parts.index(headings[0])], found) if headings else None
    if intro is None:
        return []
    event, rule = intro.trigger.rule.event, intro.trigger.rule.name
    lo, hi = _clause(intro.sentence, intro.trigger.start, intro.trigger.end)
    stated, _ = rules.season_in(intro.sentence.text[lo:hi], event, intro.trigger.start - lo)
    fresh = {f.series for f in found if f.claim and not f.background}
    out: list[Finding] = []
    for h in headings:
        assert h.label is not None
        if h.label in fresh or any(f.series == h.label for f in out):
            continue
        section = " ".join(s.text for s in parts if s.label == h.label and not s.headline)
        season = stated if stated is not None else rules.season_in(section, event, 0)[0]
        evidence = h.original or h.text
        claim = Claim(h.label.title, event, season, h.label.network, 0.7, evidence, f"list:{rule}")
        out.append(Finding(h.label, intro.trigger, h, claim, f"a list item under {rule!r}"))
    return out


_NOWHERE = Trigger(rules.EVENT_RULES[0], 0, 0)


def _is(f: Finding, event: str, fresh: bool = False) -> bool:
    return f.claim is not None and f.claim.event == event and not (fresh and f.background)


def _story_revivals(found: list[Finding]) -> list[Finding]:
    """Cancelled, then renewed: a revival. Renewed, then cancelled: the cancellation stands."""
    out = list(found)
    for series in {f.series for f in found}:
        mine = [f for f in found if f.series == series]
        renewed = [f for f in mine if _is(f, "renewed", fresh=True)]
        cancelled = [f for f in mine if _is(f, "cancelled")]
        if not renewed or not cancelled:
            continue
        stray = not _named(cancelled) and not any(f.background for f in cancelled)
        if stray and _named(renewed):  # "RENEWED: 'X'" beats an "axed" in the item's text
            out = [f for f in out if f not in cancelled]
            continue
        old = rules.OLD_NEWS.search(cancelled[0].sentence.text) is not None
        if old and cancelled[0].background:
            out = [f for f in out if f not in cancelled]
        elif cancelled[0].background or found.index(cancelled[0]) < found.index(renewed[0]):
            out = [_revive(f) if f in renewed else f for f in out if f not in cancelled]
        else:
            out = [f for f in out if f not in renewed]
    return out


def _named(found: list[Finding]) -> bool:
    """Some of these findings name their series in the sentence (not "the show", not a label)."""
    return any(any(m.series == f.series for m in f.sentence.mentions) for f in found)


def _revive(f: Finding) -> Finding:
    assert f.claim is not None
    claim = replace(f.claim, event="revived", rule=f"{f.claim.rule}+after-cancellation")
    return replace(f, claim=claim)


def _current(found: list[Finding], topic: Series | None) -> list[Finding]:
    """News only: earlier facts inside a roundup of the same news; off-topic asides dropped."""
    fresh = [f for f in found if f.claim and not f.background]
    topic_events = {f.claim.event for f in fresh if f.claim and f.series == topic}
    out = []
    for f in found:
        assert f.claim is not None
        if f.background and not _in_roundup(f, found, fresh):
            continue
        if topic_events and f.series != topic and f.claim.event not in topic_events:
            continue
        out.append(f)
    return out


def _in_roundup(f: Finding, found: list[Finding], fresh: list[Finding]) -> bool:
    """An earlier fact counts in a roundup of that news: three other series, or a list of three
    in its own sentence beside at least one fresh report of the same news."""
    assert f.claim is not None
    event = f.claim.event
    peers = {g.series for g in fresh if _is(g, event) and g.series != f.series}
    listed = {g.series for g in found if g.sentence is f.sentence and _is(g, event)}
    return len(peers) >= 3 or (len(listed) >= 3 and len(peers) >= 1)


def _merge(analysis: Analysis) -> list[Claim]:
    """One claim per (series, event), the most confident; a revival stands in for the rest."""
    live = _story_revivals(
        [f for f in analysis.findings if f.claim and f.claim.confidence >= MIN_CONFIDENCE]
    )
    revived = {f.series for f in live if _is(f, "revived")}
    live = [f for f in live if f.series not in revived or not _is_any(f, "renewed", "cancelled")]
    best: dict[tuple[str, str], Claim] = {}
    for c in (f.claim for f in _current(live, analysis.topic) if f.claim):
        key = (c.series, c.event)
        old = best.get(key)
        if old is None or c.confidence > old.confidence:
            season = c.season if c.season is not None else old.season if old else None
            best[key] = replace(c, season=season)
        elif old.season is None and c.season is not None:
            best[key] = replace(old, season=c.season)
    filled = [c if c.season is not None else _fill_season(c, analysis) for c in best.values()]
    return _cancelled_not_ending(filled)


def _is_any(f: Finding, *events: str) -> bool:
    return any(_is(f, e) for e in events)


def _cancelled_not_ending(claims: list[Claim]) -> list[Claim]:
    """A cancelled series' "final season" is the cancellation's, not a planned ending.

    Otherwise a final season's number is also the renewal's ("renewed for a final season").
    """
    cancelled = {c.series for c in claims if c.event == "cancelled"}
    final = {c.series: c.season for c in claims if c.event == "ending" and c.season is not None}
    out = []
    for c in claims:
        if c.event == "ending" and c.series in cancelled:
            continue
        if c.event != "ending" and c.season is None and c.series in final:
            c = replace(c, season=final[c.series])
        out.append(c)
    return out


_KIN = {"renewed": ("renewed", "revived"), "revived": ("renewed", "revived")}


def _fill_season(c: Claim, analysis: Analysis) -> Claim:
    """A season the story states elsewhere: for this series, else for the news as a whole."""
    for f in analysis.findings:
        d = f.claim
        if d and d.series == c.series and d.event == c.event and d.season is not None:
            return replace(c, season=d.season)
    kin = _KIN.get(c.event, (c.event,))
    newsy = {id(f.sentence) for f in analysis.findings if f.trigger.rule.event in kin}
    for sent in analysis.sentences:
        if id(sent) in newsy and any(m.series.title == c.series for m in sent.mentions):
            season = _season_nearby(sent, c)
            if season is not None:
                return replace(c, season=season)
    named = [s for s in analysis.sentences if any(m.series.title == c.series for m in s.mentions)]
    for sent in named if c.event != "renewed" else []:
        season = _season_nearby(sent, c)
        if season is not None:
            return replace(c, season=season)
    return replace(c, season=_unlinked_season(analysis, c.event))


def _unlinked_season(analysis: Analysis, event: str) -> int | None:
    """ "Two series are returning for second seasons": the season of a news phrase with no title."""
    for f in analysis.findings:
        if f.series is None and f.trigger.rule.event == event:
            lo, hi = _clause(f.sentence, f.trigger.start, f.trigger.end)
            season, _ = rules.season_in(f.sentence.text[lo:hi], event, f.trigger.start - lo)
            if season is not None and _block(f.sentence, f.trigger, (lo, lo)) is None:
                return season
    return None


def _season_nearby(sent: Sentence, c: Claim) -> int | None:
    """The season phrase beside this series' mention, its list counted as one stretch."""
    ms = list(sent.mentions)
    for i, m in enumerate(ms):
        if m.series.title != c.series:
            continue
        lo = ms[i - 1].end if i else 0
        j = i
        while j + 1 < len(ms) and _is_list_gap(sent, ms[j].end, ms[j + 1].start, []):
            j += 1
        hi = ms[j + 1].start if j + 1 < len(ms) else len(sent.text)
        season, _ = rules.season_in(sent.text[lo:hi], c.event, m.start - lo, m.end - lo)
        if season is not None:
            return season
    return None


def detect(title: str, text: str, watchlist: Watchlist) -> list[Claim]:
    """Status claims the story makes about watched series; one per (series, event)."""
    return _merge(analyse(title, text, watchlist))


def explain(title: str, text: str, watchlist: Watchlist) -> list[str]:
    """Plain-English account: mentions, candidate sentences, and why each fired or not."""
    analysis = analyse(title, text, watchlist)
    lines = []
    for s in analysis.sentences:
        for m in s.mentions:
            where = "headline" if s.headline else "text"
            lines.append(f"mention: {m.series.title!r} as {s.text[m.start : m.end]!r} ({where})")
    if analysis.topic:
        lines.append(f"topic: {analysis.topic.title!r}")
    shown = None
    for f in analysis.findings:
        if f.sentence is not shown:
            lines.append(f"candidate: {f.sentence.text!r}")
            shown = f.sentence
        name = f.series.title if f.series else "-"
        lines.append(f"  rule {f.trigger.rule.name} -> {name}: {_verdict(f)}")
    claims = _merge(analysis)
    kept = {(c.series, c.event) for c in claims}
    fired = {(f.claim.series, f.claim.event) for f in analysis.findings if f.claim}
    lines += [
        f"not kept: {series} {event} (a revival, a roundup's earlier fact or an aside "
        "in a story about another series)"
        for series, event in sorted(fired - kept)
    ]
    lines += [
        f"claim: {c.series} {c.event} season={c.season} network={c.network} "
        f"confidence={c.confidence} (rule {c.rule})"
        for c in claims
    ] or ["no claims"]
    return lines


def _verdict(f: Finding) -> str:
    c = f.claim
    if c is None:
        return f"no ({f.reason})"
    if f.background:
        return f"only inside a roundup ({f.reason})"
    if c.confidence < MIN_CONFIDENCE:
        return f"no (below threshold: {c.confidence})"
    return f"fires {c.event}, season {c.season}, confidence {c.confidence}"
