"""List membership evidence (`alerts.detection.membership`): a title in a run of titles that one cue
tells a decision for, read in items rather than characters. Invented phrasings."""

from __future__ import annotations

import math

import pytest

from alerts.detection import Series, Watchlist, detect
from alerts.detection.candidates import candidates, read_story
from alerts.detection.claims import evidence_of
from alerts.layout import sentences

WATCHLIST = Watchlist(
    [
        Series("Harbor Lights", network="NBC"),
        Series("Copper Canyon", network="NBC"),
        Series("Glass Orchard", network="Netflix"),
        Series("Night Desk", network="CBS"),
        Series("Salt Flats"),
    ]
)


def _evidence(headline: str, text: str, title: str, event: str) -> list[dict[str, float]]:
    """The features of every same-sentence candidate pairing `title` with an `event` cue."""
    story = read_story(sentences(headline, text, WATCHLIST))
    return [
        f
        for c, f in evidence_of(story, candidates(story))
        if c.series.title == title and c.event == event and c.scope == "sentence"
    ]


OUT_LIST = (
    "NBC unveiled its fall schedule on Monday.\n\nOut: Night Desk, Salt Flats (although it may "
    "come back as a two-hour movie), Copper Canyon, Glass Orchard."
)


def test_an_item_far_down_an_introduced_list_stands_to_the_cue_as_its_first_item() -> None:
    [far] = _evidence("Schedule news", OUT_LIST, "Glass Orchard", "cancelled")
    [first] = _evidence("Schedule news", OUT_LIST, "Night Desk", "cancelled")
    for f in (far, first):
        assert f["list-introduced|cancelled"] == 1.0
        assert f["role=object"] == 1.0 and f["titles-between"] == 0.0 and f["nearest"] == 1.0
        assert not any(k.startswith(("role=after-far", "gap=")) for k in f)
        assert f["list-run-log"] == pytest.approx(math.log1p(4))
    assert far["list-items-from-cue-log"] == pytest.approx(math.log1p(3))
    assert first["list-items-from-cue-log"] == 0.0


def test_an_aside_in_brackets_does_not_break_the_run() -> None:
    [f] = _evidence("Schedule news", OUT_LIST, "Copper Canyon", "cancelled")
    assert f["list-run-log"] == pytest.approx(math.log1p(4))  # the whole run, past the aside


def test_a_run_before_its_cue_adjoins_it_as_a_subject() -> None:
    text = "Harbor Lights, Copper Canyon and Salt Flats will not return next season."
    [f] = _evidence("Fall plans", text, "Harbor Lights", "cancelled")
    assert f["list-adjoins|cancelled"] == 1.0
    assert f["role=subject"] == 1.0
    assert f["list-items-from-cue-log"] == pytest.approx(math.log1p(2))


def test_a_cue_among_the_items_is_told_apart() -> None:
    text = "Harbor Lights, Copper Canyon (renewed on Friday) and Salt Flats are still on the air."
    found = _evidence("Fall plans", text, "Salt Flats", "renewed")
    assert found and all(f.get("list-cue-inside") == 1.0 for f in found)


def test_a_title_named_in_passing_has_no_list_evidence() -> None:
    text = (
        "NBC has renewed Harbor Lights for a third season. Its showrunner, who also wrote "
        "for Night Desk, said the writers return in June."
    )
    for title in ("Harbor Lights", "Night Desk"):
        for event in ("renewed", "revived"):
            for f in _evidence("NBC renews Harbor Lights", text, title, event):
                assert not any(k.startswith("list-") for k in f)


@pytest.mark.parametrize(
    ("headline", "text", "expected"),
    [
        (
            "The upfronts: what NBC keeps and drops",
            OUT_LIST,
            {
                (t, "cancelled")
                for t in ("Night Desk", "Salt Flats", "Copper Canyon", "Glass Orchard")
            },
        ),
        (
            "NBC sets its fall schedule",
            "NBC set its fall schedule on Monday. Harbor Lights, Copper Canyon, Night Desk, "
            "Salt Flats and Glass Orchard have all been renewed for another season.",
            {
                (t, "renewed")
                for t in (
                    "Harbor Lights",
                    "Copper Canyon",
                    "Night Desk",
                    "Salt Flats",
                    "Glass Orchard",
                )
            },
        ),
        (  # the other titles are credits, not a list the cue tells
            "NBC renews Harbor Lights",
            "NBC has renewed Harbor Lights for a third season. The drama, from the producers of "
            "Night Desk and Salt Flats, drew its best ratings in March.",
            {("Harbor Lights", "renewed")},
        ),
    ],
)
def test_every_item_of_a_list_that_one_cue_tells_is_a_claim(
    headline: str, text: str, expected: set[tuple[str, str]]
) -> None:
    assert {(c.series, c.event) for c in detect(headline, text, WATCHLIST)} == expected
