"""Table-driven tests for the pure detector, over phrasing written for these tests."""

from __future__ import annotations

import pytest

from alerts.detect import Claim, Series, Watchlist, detect, explain

WATCHLIST = Watchlist(
    [
        Series("Jessica Jones", ("Marvel's Jessica Jones",), "Netflix"),
        Series("Daredevil", network="Netflix"),
        Series("Luke Cage", network="Netflix"),
        Series("Iron Fist", network="Netflix"),
        Series("The Defenders", network="Netflix"),
        Series("Harbor Lights", network="NBC"),
        Series("Copper Canyon", network="NBC"),
        Series("Night Desk", network="NBC"),
        Series("Glass Orchard"),
        Series("The Long Road Home", network="ABC"),
        Series("Roadkill"),
        Series("Roadkill Garage"),
        Series("You"),
        Series("Lost"),
        Series("Evil"),
        Series("Salt Flats", network="AMC"),
        Series("Brick Lane Blues"),
        Series("Pelican Bay"),
    ]
)


def claims(title: str, text: str = "") -> set[tuple[str, str, int | None]]:
    return {(c.series, c.event, c.season) for c in detect(title, text, WATCHLIST)}


def test_the_founding_story_gives_exactly_one_claim() -> None:
    title = "Jessica Jones Renewed For Season 2 By Netflix"
    text = (
        "Netflix has handed Marvel's Jessica Jones a second season. Daredevil is back in "
        "production, Luke Cage gets a series of his own this fall, and Iron Fist and The "
        "Defenders follow next year."
    )
    found = detect(title, text, WATCHLIST)
    assert [(c.series, c.event, c.season, c.network) for c in found] == [
        ("Jessica Jones", "renewed", 2, "Netflix")
    ]


RENEWALS = [
    ("headline_renewed_for_season", "Harbor Lights Renewed For Season 4 At NBC", "", 4),
    ("network_renews_title", "NBC renews 'Harbor Lights' for a fourth season", "", 4),
    ("picked_up_for_second_season", "", "Glass Orchard has been picked up for a second season.", 2),
    ("gets_season_order", "", "Glass Orchard gets a season 3 order from the streamer.", 3),
    ("ordinal_in_digits", "", "NBC has renewed Harbor Lights for a 10th season.", 10),
    ("short_season_form", "Harbor Lights renewed for S3", "", 3),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "season"), RENEWALS, ids=[r[0] for r in RENEWALS]
)
def test_renewal_phrasings_are_detected(name: str, title: str, text: str, season: int) -> None:
    assert ("renewed", season) in {(e, s) for _, e, s in claims(title, text)}


CANCELLATIONS = [
    ("axed", "", "ABC has axed The Long Road Home after two seasons.", 2),
    ("pulls_the_plug", "", "NBC pulled the plug on Night Desk after three seasons.", 3),
    ("headline_canceled_after", "Night Desk Canceled After Three Seasons", "", 3),
    ("wont_return", "", "Glass Orchard won't return for a third season.", None),
    ("not_moving_forward", "", "The streamer is not moving forward with Glass Orchard.", None),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "season"), CANCELLATIONS, ids=[r[0] for r in CANCELLATIONS]
)
def test_cancellation_phrasings_are_detected(
    name: str, title: str, text: str, season: int | None
) -> None:
    found = claims(title, text)
    assert any(e == "cancelled" for _, e, _ in found)
    if season is not None:
        assert any(s == season for _, e, s in found if e == "cancelled")


def test_renewal_for_final_season_is_renewed_and_ending() -> None:
    found = claims("", "AMC has renewed Salt Flats for a fifth and final season.")
    assert found == {("Salt Flats", "renewed", 5), ("Salt Flats", "ending", 5)}


def test_to_end_with_season_is_ending() -> None:
    assert claims("Pelican Bay to End With Season 5") == {("Pelican Bay", "ending", 5)}


def test_saved_by_another_network_is_revived() -> None:
    found = claims("", "Pelican Bay has been saved by Netflix, which ordered a fourth season.")
    assert ("Pelican Bay", "revived", 4) in found


def test_uncancelled_is_revived() -> None:
    assert {e for _, e, _ in claims("NBC un-cancels Night Desk")} == {"revived"}


def test_roundup_gives_each_series_its_own_outcome() -> None:
    found = claims("NBC renews Harbor Lights and Copper Canyon, cancels Night Desk")
    assert {(s, e) for s, e, _ in found} == {
        ("Harbor Lights", "renewed"),
        ("Copper Canyon", "renewed"),
        ("Night Desk", "cancelled"),
    }


HEDGES = [
    ("could", "", "NBC could renew Harbor Lights as soon as next week."),
    ("in_talks", "", "NBC is in talks to renew Harbor Lights."),
    ("question", "Will NBC cancel Night Desk?", ""),
    ("bubble", "", "Night Desk remains on the bubble, and its fate is undecided."),
    ("not_renewed", "", "Harbor Lights has not been renewed yet."),
    ("petition", "", "Fans launched a petition to get Glass Orchard renewed."),
]


@pytest.mark.parametrize(("name", "title", "text"), HEDGES, ids=[h[0] for h in HEDGES])
def test_hedges_give_no_claim(name: str, title: str, text: str) -> None:
    assert claims(title, text) == set()


OTHER_SENSES = [
    ("vows", "", "The Pelican Bay stars renewed their vows in Maui."),
    ("contract", "", "NBC renewed its contract with the host of Night Desk through 2027."),
    ("flight", "", "My flight was cancelled, so I watched Glass Orchard at the airport."),
]


@pytest.mark.parametrize(("name", "title", "text"), OTHER_SENSES, ids=[o[0] for o in OTHER_SENSES])
def test_other_senses_give_no_claim(name: str, title: str, text: str) -> None:
    assert claims(title, text) == set()


def test_bystanders_get_nothing() -> None:
    text = (
        "Netflix has renewed Glass Orchard, from the producers of Harbor Lights, for a third "
        "season. It joins Copper Canyon and Night Desk on the fall schedule."
    )
    assert claims("", text) == {("Glass Orchard", "renewed", 3)}


def test_common_word_title_needs_to_be_treated_as_a_title() -> None:
    assert claims("", "We got lost on the way, and the plan was cancelled.") == set()
    assert claims("", "ABC has cancelled Lost after six seasons.") == {("Lost", "cancelled", 6)}


def test_longest_title_wins() -> None:
    assert claims("Roadkill Garage renewed for season 9") == {("Roadkill Garage", "renewed", 9)}


def test_matching_ignores_case_accents_and_curly_quotes() -> None:
    assert claims("NBC Renews ‘HARBOR LIGHTS’") == {("Harbor Lights", "renewed", None)}


def test_every_claim_carries_evidence_and_rule() -> None:
    (claim,) = detect("NBC renews Harbor Lights", "", WATCHLIST)
    assert isinstance(claim, Claim)
    assert claim.evidence == "NBC renews Harbor Lights"
    assert claim.rule and 0 < claim.confidence <= 1


def test_empty_inputs_give_no_claims() -> None:
    assert detect("", "", WATCHLIST) == []
    assert detect("", "", Watchlist([])) == []


def test_explain_says_why_a_hedge_did_not_fire() -> None:
    lines = explain("", "NBC could renew Harbor Lights.", WATCHLIST)
    assert any("Harbor Lights" in line and "hedge" in line for line in lines)
    assert lines[-1] == "no claims"
