"""Whether a story announces any decision at all: evidence about the whole story, for a second,
story-level logistic regression over its candidates' scores.

A story without news (casting, a review, a wish list, a deal) can still hold a candidate the
model scores high; what tells it apart is the story around it: how sure its best candidate is,
whether the headline or lead holds one, how many candidates fire, whether it has a headline and
whether that holds a cue, how much it hedges, how many titles it names. `alerts.detection.train`
fits this model on the candidates' cross-validated scores and chooses its gate by the same
cross-validation; `claims` keeps a story's claims only when it reads as news.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from alerts.detection.candidates import Candidate, Story
from alerts.detection.evidence import UP_TOP, StoryFacts, story_facts

REACH = 10.0  # log-odds: a score beyond this says nothing more, and "none up top" is -REACH


def story_features(
    story: Story,
    found: Sequence[Candidate],
    odds: Sequence[float],
    facts: StoryFacts | None = None,
) -> dict[str, float]:
    """The story's evidence: `odds` are its candidates' log-odds on the folded scale (0 is the
    candidate threshold), in the order of `found`; `facts` the story's, if read already."""
    heads = [i for i, s in enumerate(story.parts) if s.headline]
    body = [i for i, s in enumerate(story.parts) if not s.headline][:UP_TOP]
    top = set(heads) | set(body)
    up = [z for c, z in zip(found, odds, strict=True) if c.cue_at in top]
    facts = facts if facts is not None else story_facts(story)
    f = {
        "story-best": _clamp(max(odds)),
        "story-best-up-top": _clamp(max(up)) if up else -REACH,
        "story-firing-log": math.log1p(sum(z >= 0 for z in odds)),
        "story-hedging": facts.hedging,
        "story-titles-log": math.log1p(facts.titles),
    }
    if heads:
        f["story-headline"] = 1.0
        if any(story.cues[i] for i in heads):
            f["story-headline-cue"] = 1.0
        if facts.headline_hedged:
            f["story-headline-hedged"] = 1.0
    return f


def _clamp(z: float) -> float:
    return max(-REACH, min(REACH, z))
