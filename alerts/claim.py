"""`Claim`: the value both detectors hand the rest of the service, one status decision a story
states about one watched series. Its own module, so that the rules detector and the events
it feeds load without the learned detector (`alerts.detection`)."""

from __future__ import annotations

from dataclasses import dataclass


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
