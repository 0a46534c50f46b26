"""What a story tells of a series' past (`alerts.detection.history`): a revival told from a renewal.

Phrasings are written for these tests.
"""

from __future__ import annotations

import pytest

from alerts.detection import Series, Watchlist, analyse
from alerts.detection.candidates import candidates, read_story
from alerts.detection.claims import evidence_of
from alerts.detection.history import aspect, story_history
from alerts.layout import sentences

HARBOR = Series("Harbor Lights", network="NBC")
ORCHARD = Series("Glass Orchard", network="Netflix")
WATCHLIST = Watchlist([HARBOR, ORCHARD, Series("Copper Canyon", network="NBC")])


def _history(title: str, text: str, series: Series = HARBOR) -> set[str]:
    return set(story_history(read_story(sentences(title, text, WATCHLIST))).get(series, {}))


@pytest.mark.parametrize(
    ("text", "cue", "said"),
    [
        ("The drama had been cancelled by the network", "cancelled", "had"),
        ("The comedy was axed after two seasons", "axed", "was"),
        ("The series ended after three seasons", "ended", "past"),
        ("The network cancelled it last spring", "cancelled", "past"),
        ("The drama has officially been cancelled", "cancelled", "has"),
        ("The western will end with its fourth season", "end", "will"),
        ("The western is set to end next year", "end", "to"),
        ("The sitcom is coming to an end", "end", "is-ing"),
        ("The network cancels the thriller", "cancels", "s"),
        ("Fans mourned the cancellation", "cancellation", "noun"),
    ],
)
def test_a_cue_is_read_with_its_tense(text: str, cue: str, said: str) -> None:
    start = text.index(cue)
    assert aspect(text, start, start + len(cue)) == said


def test_a_cancellation_said_as_done_and_a_reversal_are_told_of_the_series() -> None:
    told = _history(
        "The network reverses itself and renews 'Harbor Lights'",
        "NBC renewed Harbor Lights for a third season. The drama had been cancelled in May.",
    )
    assert told == {"reversal", "cancelled-before"}


def test_a_second_network_and_a_revival_cue_are_told_of_the_series() -> None:
    told = _history(
        "",
        "Glass Orchard, which Fox cancelled last spring, has been saved by Netflix.",
        ORCHARD,
    )
    assert told == {"cancelled-before", "revival-told", "two-networks"}


def test_a_plain_renewal_tells_nothing_of_the_past() -> None:
    assert _history("NBC renews 'Harbor Lights'", "NBC has renewed Harbor Lights.") == set()


def test_a_cancellation_announced_now_is_not_one_told_before() -> None:
    assert _history("", "NBC cancels Harbor Lights after two seasons.") == set()


def test_another_series_cancellation_tells_nothing_of_this_one() -> None:
    told = _history(
        "NBC renews 'Harbor Lights'",
        "NBC has renewed Harbor Lights. Copper Canyon was cancelled by NBC in May.",
    )
    assert told == set()


def test_a_cancellation_in_the_same_sentence_belongs_to_the_title_nearest_it() -> None:
    text = "NBC cancelled Copper Canyon last week, then renewed Harbor Lights."
    assert _history("", text) == set()
    assert _history("", text, Series("Copper Canyon", network="NBC")) == {"cancelled-before"}


def test_each_candidate_reads_the_series_past_crossed_with_its_own_event() -> None:
    story = read_story(
        sentences("", "Netflix renewed Harbor Lights, which NBC had cancelled.", WATCHLIST)
    )
    found = evidence_of(story, candidates(story))
    assert {c.event for c, _ in found} >= {"renewed", "revived", "cancelled"}
    for c, f in found:
        history = {k for k in f if k.startswith(("cancelled-before", "two-networks"))}
        assert history == {f"cancelled-before|{c.event}", f"two-networks|{c.event}"}


def test_a_renewal_after_a_reversal_is_claimed_as_a_revival() -> None:
    claims = analyse(
        "NBC reverses itself and renews 'Harbor Lights'",
        "NBC has renewed Harbor Lights for a third season, days after the network had cancelled"
        " the drama.",
        WATCHLIST,
    ).claims
    assert {(c.series, c.event) for c in claims} == {("Harbor Lights", "revived")}


def test_a_plain_renewal_stays_a_renewal() -> None:
    claims = analyse(
        "NBC renews 'Copper Canyon' for a fifth season",
        "NBC has renewed Copper Canyon for a fifth season. The drama is its most watched.",
        WATCHLIST,
    ).claims
    assert {(c.series, c.event) for c in claims} == {("Copper Canyon", "renewed")}
