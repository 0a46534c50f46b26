"""`explain`: what detection sees in one story, each candidate's evidence and score, and why
each fired or not."""

from __future__ import annotations

from alerts.detection.claims import THRESHOLD, Analysis, Scored, analyse
from alerts.detection.model import load
from alerts.layout import mention_lines
from alerts.mentions import Watchlist

SHOWN = 6  # the evidence with the largest push on a candidate's score


def explain(title: str, text: str, watchlist: Watchlist) -> list[str]:
    """Plain-English account: mentions, candidates with evidence and score, and the claims."""
    analysis = analyse(title, text, watchlist)
    lines = mention_lines(analysis.parts)
    lines += [line for scored in analysis.scored for line in _candidate(analysis, scored)]
    if analysis.news is not None:
        said = "reads" if analysis.news >= THRESHOLD else "does not read"
        lines.append(f"story: {said} as news (score {analysis.news:.2f}, gate {THRESHOLD})")
    lines += [
        f"claim: {c.series} {c.event} season={c.season} network={c.network} "
        f"confidence={c.confidence} ({c.rule})"
        for c in analysis.claims
    ] or ["no claims"]
    return lines


def _candidate(analysis: Analysis, scored: Scored) -> list[str]:
    c = scored.candidate
    cue_text = analysis.parts[c.cue_at].text[c.cue.start : c.cue.end]
    kept = {(x.series, x.event) for x in analysis.claims}
    if scored.score < THRESHOLD:
        verdict = f"no (score {scored.score:.2f} below {THRESHOLD})"
    elif (c.series.title, c.event) in kept:
        verdict = f"fires (score {scored.score:.2f})"
    elif analysis.news is not None and analysis.news < THRESHOLD:
        verdict = f"no (score {scored.score:.2f}, but the story does not read as news)"
    else:
        verdict = f"no (score {scored.score:.2f}, but a revival in the story is the news)"
    push = load().contributions(scored.features)[:SHOWN]
    evidence = ", ".join(f"{name} {value:+.2f}" for name, value in push) or "none"
    return [
        f"candidate: {c.series.title} {c.event} <- {c.cue.name} {cue_text!r} ({c.scope}): "
        f"{verdict}",
        f"  evidence: {evidence}",
    ]
