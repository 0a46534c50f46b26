"""The learned decision: a logistic regression over the evidence, scored in plain Python.

The weights live in `weights.json` beside this module, written by `alerts.detection.train`
from the labelled stories; the threshold chosen there by cross-validation on `dev` is folded
into the bias, so a score of 0.5 is the decision boundary.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass(frozen=True, slots=True)
class Model:
    bias: float
    weights: dict[str, float]
    story: Model | None = None  # whether a story announces any decision (`story`); see `train`

    def score(self, features: dict[str, float]) -> float:
        """Probability-like confidence that the candidate states its event as news."""
        z = self.bias
        w = self.weights
        for name, value in features.items():
            z += w.get(name, 0.0) * value
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def contributions(self, features: dict[str, float]) -> list[tuple[str, float]]:
        """Each feature's push on the score, largest first (for `explain`)."""
        parts = [(n, self.weights.get(n, 0.0) * v) for n, v in features.items()]
        return sorted((p for p in parts if p[1]), key=lambda p: -abs(p[1]))


@cache
def load(path: Path = WEIGHTS) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    story = data.get("story")
    return _model(data, _model(story) if story else None)


def _model(data: dict[str, Any], story: Model | None = None) -> Model:
    return Model(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()}, story)


def log_odds(p: float) -> float:
    """The log-odds of probability `p`, kept finite at 0 and 1."""
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))
