"""What a story tells of a series' past: the evidence that tells a revival from a renewal.

A renewal cue ("renews", "returns", "picks up") states a revival when the series had ended: the
story tells that elsewhere, as a cancellation said as already done ("had been cancelled", "was
axed by Fox", "the series ended after three seasons"), as a reversal ("reverses itself", "a
change of heart", "after all"), with a cue that only a revival has ("saves", "rescues") or by
naming a second network (the old home and the new). The same facts make a cancellation told in
such a story background rather than news. Read once per series from the sentences that name it
(and the sentence after each, when it names no other title); each fact is crossed with the
candidate's event, so the model weighs it for each event apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alerts.detection.candidates import Candidate, Story
from alerts.detection.cues import Cue
from alerts.layout import Sentence
from alerts.mentions import Mention, Series

_WORD = re.compile(r"[\w']+")
_SKIP = frozenset(
    {"officially", "finally", "just", "already", "now", "also", "reportedly", "formally",
     "quietly", "soon", "ultimately", "eventually", "effectively", "then", "being", "been"}
)  # fmt: skip
_PAST_FORMS = frozenset({"got", "gave", "brought", "came", "done", "over", "finished", "said"})
_DETERMINERS = frozenset({"the", "an", "a", "its", "their", "his", "her", "this", "that"})
_COME_TO = re.compile(r"\b(come|comes|coming|came)\s+to\s+an?\s*$")
_DONE = frozenset({"had", "was", "past"})  # a cancellation said as already done
_REVERSAL = re.compile(
    r"\brevers(?:e|es|ed|ing|al)\b|\bu-?turns?\b|\bchange\s+of\s+heart\b|\bafter\s+all\b"
    r"|\bnew\s+life\b|\bsecond\s+(?:life|chance)\b|\bback\s+from\s+the\s+dead\b"
)
# networks by names that are no common word ("Nine", "Max" and "Sky" are left out)
_NETWORKS = re.compile(
    r"\b(netflix|hulu|hbo|prime\s+video|amazon|apple\s+tv|disney|paramount|peacock|nbc|abc|cbs"
    r"|fox|the\s+cw|fx|amc|showtime|starz|tnt|tbs|syfy|bravo|freeform|lifetime|bbc|itv"
    r"|channel\s+4|crave|cbc|usa\s+network|a&e|e!|mtv|comedy\s+central|adult\s+swim|pop\s+tv)(?!\w)"
)


def aspect(text: str, start: int, end: int) -> str:
    """How the cue at [start, end) of `text` is said: "will", "to", "had", "has", "was",
    "is-ing" (progressive), "is" (an auxiliary before it) or, without one, its own form: "past",
    "ing", "s", "noun", "bare". "Come to an end" is read as "end" said in the tense of "come"."""
    low = text.lower()
    before = low[max(0, start - 50) : start]
    come = _COME_TO.search(before)
    verb = come.group(1) if come else next(iter(_WORD.findall(low[start:end])), "")
    if come:
        before = before[: come.start()]
    words = [w for w in _WORD.findall(before)[-4:] if w not in _SKIP]
    aux = words[-1] if words else ""
    if aux in ("will", "'ll", "shall") or low.startswith(("will", "is set", "is going"), start):
        return "will"
    if aux in ("to", "had", "has", "have", "was", "were"):
        return {"have": "has", "were": "was"}.get(aux, aux)
    if aux in ("is", "are", "'s"):
        return "is-ing" if verb.endswith("ing") else "is"
    if aux in _DETERMINERS or verb.endswith(("ation", "ations", "al", "als")):
        return "noun"
    if verb.endswith("ed") or verb in _PAST_FORMS:
        return "past"
    if verb.endswith("ing"):
        return "ing"
    if verb.endswith("s") and not verb.endswith("ss"):
        return "s"
    return "bare"


def history_features(c: Candidate, told: dict[Series, dict[str, float]]) -> dict[str, float]:
    """The story's facts about the candidate's series (`story_history`), crossed with its event."""
    return {f"{name}|{c.event}": value for name, value in told.get(c.series, {}).items()}


def story_history(story: Story) -> dict[Series, dict[str, float]]:
    """What the sentences naming each series (and the title-less sentence after each) tell of its
    past: `cancelled-before`, `reversal`, `revival-told`, `two-networks`. A cue counts for the
    series when its title is the one nearest the cue ("NBC cancelled A, then renewed B": the
    cancellation is A's), or, in the sentence after, when the sentence before names no other.
    Each sentence is read once, however many series it names."""
    parts = story.parts
    read: dict[int, _Read] = {}
    facts: dict[Series, dict[str, float]] = {}
    networks: dict[Series, set[str]] = {}
    for i, s in enumerate(parts):
        named = {m.series for m in s.mentions}
        if not named:
            continue
        after = i + 1 < len(parts) and not parts[i + 1].mentions
        for j in (i, i + 1) if after else (i,):
            r = read.get(j)
            if r is None:
                r = read[j] = _read(story, j)
            for series in named:
                f = facts.setdefault(series, {})
                for kind, cue in r.cues:
                    if (len(named) == 1) if j != i else _nearest(s, cue) == series:
                        f[kind] = 1.0
                if r.reversal:
                    f["reversal"] = 1.0
                networks.setdefault(series, set()).update(r.networks)
    for series, names in networks.items():
        if len(names) > 1:
            facts[series]["two-networks"] = 1.0
    return {series: f for series, f in facts.items() if f}


@dataclass(frozen=True, slots=True)
class _Read:
    """What one sentence tells of a past: its cues of a cancellation said as done or of a
    revival, whether it speaks of a reversal, the networks it names."""

    cues: list[tuple[str, Cue]]
    reversal: bool
    networks: frozenset[str]


def _read(story: Story, j: int) -> _Read:
    text = story.parts[j].text
    cues = []
    for cue in story.cues[j]:
        if cue.events == ("cancelled",) and aspect(text, cue.start, cue.end) in _DONE:
            cues.append(("cancelled-before", cue))
        elif cue.events == ("revived",):
            cues.append(("revival-told", cue))
    low = text.lower()
    names = frozenset(" ".join(n.split()) for n in _NETWORKS.findall(low))
    return _Read(cues, _REVERSAL.search(low) is not None, names)


def _nearest(s: Sentence, cue: Cue) -> Series | None:
    """The series whose title in the sentence stands nearest the cue."""

    def gap(m: Mention) -> int:
        return cue.start - m.end if m.end <= cue.start else max(0, m.start - cue.end)

    return min(s.mentions, key=gap).series if s.mentions else None
