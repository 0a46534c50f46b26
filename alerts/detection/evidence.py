"""Evidence: what a candidate's sentence says about it, as named features for the model.

Read from the sentence's structure (`alerts.detection.reading`): whether the title is the
subject or object of the cue or a conjunct of a list that is, what stands between them, what
governs the cue in its clause (modality, wishes, negation, time, reported speech, questions),
where the sentence stands, which titles compete for the cue, and how the story names the title.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from alerts.detection.candidates import Candidate, Story
from alerts.detection.membership import run_evidence
from alerts.detection.reading import Reading, read
from alerts.detection.relation import Runs, relation, runs_of
from alerts.mentions import Mention, Series

_PAREN_OPEN = re.compile(r"\([^)]*$")
_HEDGE = re.compile(
    r"\b(?:could|may|might|would|hope[sd]?|hoping|wants?|deserves?|petition\w*|rumou?r\w*"
    r"|reportedly|predict\w*|bubble|odds|chances?|likely|unlikely|fate|whether|if|expect\w*"
    r"|wish\w*|everything\s+we\s+know|release\s+date)\b|\?"
)
_GOVERNING = frozenset(
    {"modal", "wish", "predict", "rumor", "cond", "past", "future", "perfect", "official",
     "speculate", "after-being", "also", "airing", "new-show", "fate", "already"}
)  # fmt: skip
_FOLLOWING = frozenset({"past", "after-being", "season", "network", "cond", "neg", "airing"})
_SPREAD = frozenset({"modal", "wish", "predict", "rumor", "cond"})  # reach over a clause break
UP_TOP = 2  # body sentences that, with the headline, say what the story is about


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What the whole story says about its titles, computed once per story."""

    named: Counter[Series]
    headline: frozenset[Series]
    headline_events: frozenset[str]
    headline_hedged: bool
    titles: int
    body: bool
    hedging: float  # log of the story's hedge words: speculation, wish lists, bubble watches
    readings: dict[int, Reading]
    parts: dict[tuple[object, ...], dict[str, float]]  # evidence shared by many candidates
    title_runs: dict[int, Runs]
    up_top: dict[str, float]  # whether the headline and lead hold any cue at all

    def runs(self, story: Story, i: int) -> Runs:
        found = self.title_runs.get(i)
        if found is None:
            s = story.parts[i]
            found = self.title_runs[i] = runs_of(s.text, list(s.mentions))
        return found

    def reading(self, story: Story, i: int) -> Reading:
        found = self.readings.get(i)
        if found is None:
            found = self.readings[i] = read(story.parts[i].text)
        return found


def story_facts(story: Story) -> StoryFacts:
    named: Counter[Series] = Counter()
    headline: set[Series] = set()
    events: set[str] = set()
    hedged = False
    for i, s in enumerate(story.parts):
        named.update({m.series for m in s.mentions})
        if s.headline:
            headline.update(m.series for m in s.mentions)
            events.update(e for c in story.cues[i] for e in c.events)
            hedged = hedged or "?" in s.text
    body = any(not s.headline for s in story.parts)
    # one pass over the whole story: no hedge spans a NUL, as none spans two sentences
    hedges = len(_HEDGE.findall("\x00".join(s.text for s in story.parts).lower()))
    hedged = hedged or any(_HEDGE.search(s.text.lower()) for s in story.parts if s.headline)
    up_top: dict[str, float] = {}
    body_at = [i for i, s in enumerate(story.parts) if not s.headline][:UP_TOP]
    heads = [i for i, s in enumerate(story.parts) if s.headline]
    if not any(story.cues[i] for i in heads + body_at):
        up_top["no-cue-up-top"] = 1.0
    if heads and not any(story.cues[i] for i in heads):
        up_top["headline-no-cue"] = 1.0
    return StoryFacts(
        named,
        frozenset(headline),
        frozenset(events),
        hedged,
        len(named),
        body,
        math.log1p(hedges),
        {},
        {},
        {},
        up_top,
    )


def features(c: Candidate, story: Story, facts: StoryFacts) -> dict[str, float]:
    """The evidence for one candidate, as feature name -> value. What depends only on the cue,
    only on the title's place or only on the series is read once per story (`facts.parts`: a
    cue is its sentence, start, row and event; a title's place its sentence and start)."""
    ev = c.event
    shared = facts.parts
    key: tuple[object, ...] = (c.cue_at, c.cue.start, c.cue.name, ev)
    part = shared.get(key)
    if part is None:
        part = shared[key] = _cue_side(c, story, facts)
    f = part.copy()
    f[f"scope={c.scope}|{ev}"] = 1.0
    if c.cue_at != c.title_at:
        if c.scope.startswith("near"):
            f[f"near-distance|{ev}"] = abs(c.cue_at - c.title_at)
            if story.parts[c.cue_at].mentions:
                f["near-cue-has-titles"] = 1.0
        if story.parts[c.cue_at].mentions:  # the cue has its own titles
            f[f"cue-has-own-titles|{c.scope}"] = 1.0
        if story.cues[c.title_at]:  # the title has cues of its own
            f[f"title-has-own-cues|{c.scope}"] = 1.0
    m = c.mention
    if m is not None:
        key = (c.title_at, m.start)
        part = shared.get(key)
        if part is None:
            part = shared[key] = _title_place(story, facts, c)
        f.update(part)
        if c.title_at == c.cue_at and c.scope in ("sentence", "headline"):
            runs = facts.runs(story, c.cue_at)
            text = story.parts[c.cue_at].text
            relation(f, text, runs, c, facts.reading(story, c.cue_at))
            run_evidence(f, text, runs.ordered, runs.index(m), c)
    elif c.scope == "label":
        f["label-line"] = 1.0
    key = (c.series, ev)
    part = shared.get(key)
    if part is None:
        part = shared[key] = _story_side(c, facts)
    f.update(part)
    return f


def _cue_side(c: Candidate, story: Story, facts: StoryFacts) -> dict[str, float]:
    ev = c.event
    f: dict[str, float] = {f"cue={c.cue.name}|{ev}": 1.0, f"event={ev}": 1.0}
    cs = story.parts[c.cue_at]
    where = "headline" if cs.headline else "lead" if c.cue_at == _first_body(story) else "body"
    f[f"at={where}"] = 1.0
    f[f"at={where}|{ev}"] = 1.0
    _governors(f, facts.reading(story, c.cue_at), c, ev)
    _competition(f, c, story, ev)
    return f


def _title_place(story: Story, facts: StoryFacts, c: Candidate) -> dict[str, float]:
    assert c.mention is not None
    f: dict[str, float] = {}
    ts = story.parts[c.title_at]
    runs = facts.runs(story, c.title_at)
    first = runs.ordered[runs.run[runs.index(c.mention)][0]]
    _title_side(f, ts.text, first, facts.reading(story, c.title_at))
    if ts.heading:
        f["title-heading"] = 1.0
    if len(ts.text.split()) <= 8:
        f["title-short-line"] = 1.0
    return f


def _first_body(story: Story) -> int:
    return next((i for i, s in enumerate(story.parts) if not s.headline), -1)


def _governors(f: dict[str, float], rd: Reading, c: Candidate, ev: str) -> None:
    """Markers in the cue's clause before the cue (and a few just after it)."""
    lo, hi = rd.clause(c.cue.start)
    before = max(lo, c.cue.start - 60)
    for kind in _GOVERNING.intersection(rd.marks):  # only the kinds the sentence holds
        if rd.within(kind, before, c.cue.end):
            f[f"gov={kind}"] = 1.0
        elif rd.within(kind, lo, hi):  # further off, in the cue's clause all the same
            f[f"clause={kind}"] = 1.0
        elif kind in _SPREAD and rd.within(kind, 0, lo):  # "reportedly renewed A, as well as B"
            f[f"sentence={kind}"] = 1.0
    if rd.within("neg", max(lo, c.cue.start - 25), c.cue.start):
        f[f"neg|{ev}"] = 1.0
    after = min(hi, c.cue.end + 50)
    if rd.within("other-sense", max(lo, c.cue.start - 30), min(hi, c.cue.end + 30)):
        f[f"other-sense|{ev}"] = 1.0  # "stars renew contracts", "vow renewal", "cancelled flights"
    for kind in _FOLLOWING.intersection(rd.marks):
        if rd.within(kind, c.cue.end, after):
            f[f"post={kind}"] = 1.0
    if rd.within("relative", max(lo, c.cue.start - 30), c.cue.start):
        f["cue-in-relative"] = 1.0
    if rd.question:
        f[f"question|{ev}"] = 1.0
    if rd.within("said", 0, 1 << 30):
        f["reported"] = 1.0
    if rd.within("fans", max(lo, c.cue.start - 60), after):
        f["fans"] = 1.0


def _competition(f: dict[str, float], c: Candidate, story: Story, ev: str) -> None:
    cs = story.parts[c.cue_at]
    n = len({m.series for m in cs.mentions})
    f["titles-in-cue-sentence-log"] = math.log1p(n)
    if n == 1:
        f["only-title-in-cue-sentence"] = 1.0
    others = {e for x in story.cues[c.cue_at] for e in x.events if x is not c.cue} - {ev}
    names = {x.name for x in story.cues[c.cue_at] if x is not c.cue}
    for e in others:
        f[f"co={e}|{ev}"] = 1.0
    if "final-season" in names:
        f[f"co-final|{ev}"] = 1.0
    words = len(cs.text.split())
    f["short-sentence"] = 1.0 if words <= 8 else 0.0


def _title_side(f: dict[str, float], text: str, m: Mention, rd: Reading) -> None:
    """How the title stands in its own sentence: in brackets, a credit, an example."""
    head = text[max(0, m.start - 30) : m.start]
    if _PAREN_OPEN.search(head):
        f["title-in-brackets"] = 1.0
    before = max(0, m.start - 25)
    if rd.within("credit", before, m.start) or rd.within("credit", m.end, m.end + 12):
        f["title-credit"] = 1.0
    if rd.within("example", before, m.start):
        f["title-example"] = 1.0
    if rd.within("relative", max(0, m.start - 20), m.start):
        f["title-in-relative"] = 1.0
    if m.start <= 2:
        f["title-opens"] = 1.0


def _story_side(c: Candidate, facts: StoryFacts) -> dict[str, float]:
    f: dict[str, float] = {}
    ev = c.event
    named = facts.named[c.series]
    f["named-log"] = math.log1p(named)
    top = max(facts.named.values(), default=0)
    if named == top and named > 0:
        f["topic"] = 1.0
    if c.series in facts.headline:
        f["in-headline"] = 1.0
        if ev in facts.headline_events:
            f[f"headline-says|{ev}"] = 1.0
    elif facts.headline:
        f["headline-names-others"] = 1.0
    if facts.headline_hedged:
        f["headline-hedged"] = 1.0
    f["story-hedging"] = facts.hedging
    f.update(facts.up_top)
    f["story-titles-log"] = math.log1p(facts.titles)
    if not facts.body:  # a bare headline: one sentence to read, no repetition to count
        f[f"headline-only|{ev}"] = 1.0
    return f
