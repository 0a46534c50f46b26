"""Pure detection: a story (headline + text) and a watchlist in, status claims out.

The public face of detection: `detect`, `explain` and `analyse`. The work is staged:
`alerts.mentions` finds titles and sentences, `alerts.link` ties each news phrase to its
titles, `alerts.blocks` says what stops it (hedges, other senses, earlier facts),
`alerts.weigh` weighs it (seasons, networks), `alerts.compose` and `alerts.lists` build the
story's findings, and `alerts.merge` keeps one claim per (series, event). Phrases live in
`alerts.rules*`. No I/O, no clock.
"""

from __future__ import annotations

from alerts.compose import Analysis, analyse
from alerts.layout import mention_lines
from alerts.mentions import Series, Watchlist
from alerts.merge import merge
from alerts.weigh import MIN_CONFIDENCE, Claim, Finding

__all__ = ["Analysis", "Claim", "Series", "Watchlist", "analyse", "detect", "explain"]


def detect(title: str, text: str, watchlist: Watchlist) -> list[Claim]:
    """Status claims the story makes about watched series; one per (series, event)."""
    if not watchlist.may_name(title, text):
        return []
    return merge(analyse(title, text, watchlist))


def explain(title: str, text: str, watchlist: Watchlist) -> list[str]:
    """Plain-English account: mentions, candidate sentences, and why each fired or not."""
    analysis = analyse(title, text, watchlist)
    lines = mention_lines(analysis.sentences)
    if analysis.topic:
        lines.append(f"topic: {analysis.topic.title!r}")
    shown = None
    for f in analysis.findings:
        if f.sentence is not shown:
            lines.append(f"candidate: {f.sentence.text!r}")
            shown = f.sentence
        name = f.series.title if f.series else "-"
        lines.append(f"  rule {f.trigger.rule.name} -> {name}: {_verdict(f)}")
    claims = merge(analysis)
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
