"""More table-driven detector tests: phrasings and traps found by probing with invented stories.

Every story here is written for these tests. Each row is (name, headline, text, wanted claims).
"""

from __future__ import annotations

import pytest

from alerts.detect import Series, Watchlist, detect, explain

WATCHLIST_SERIES = (
    Series("Harbor Lights", network="NBC"),
    Series("Night Desk", network="CBS"),
    Series("Glass Orchard", network="Netflix"),
    Series("Pelican Bay", network="NBC"),
    Series("Salt Flats", network="AMC"),
    Series("Copper Canyon", network="NBC"),
)
WATCHLIST = Watchlist(WATCHLIST_SERIES)

Want = set[tuple[str, str, int | None]]


def claims(title: str, text: str, watchlist: Watchlist = WATCHLIST) -> Want:
    return {(c.series, c.event, c.season) for c in detect(title, text, watchlist)}


VERB_PHRASINGS = [
    (
        "gave_it_a_season",
        "Glass Orchard news",
        "Glass Orchard has been a sleeper hit. This week the streamer gave it a fourth season.",
        {("Glass Orchard", "renewed", 4)},
    ),
    (
        "has_given_title_a_season",
        "",
        "Netflix has given Glass Orchard a third season, the company said.",
        {("Glass Orchard", "renewed", 3)},
    ),
    (
        "decided_against_renewing",
        "",
        "CBS has decided against renewing its legal drama Night Desk.",
        {("Night Desk", "cancelled", None)},
    ),
    (
        "opted_not_to_continue",
        "",
        "Netflix opted not to continue Glass Orchard, a spokesperson said.",
        {("Glass Orchard", "cancelled", None)},
    ),
    ("short_season_confirmed", "Glass Orchard S3 confirmed", "", {("Glass Orchard", "renewed", 3)}),
    (
        "will_not_bring_title_back",
        "",
        "Netflix will not bring Glass Orchard back for a third season.",
        {("Glass Orchard", "cancelled", 2)},
    ),
    (
        "bringing_title_back",
        "",
        "NBC is bringing Harbor Lights back for a fifth season.",
        {("Harbor Lights", "renewed", 5)},
    ),
    (
        "escapes_the_axe",
        "Harbor Lights escapes the axe at NBC",
        "",
        {("Harbor Lights", "renewed", None)},
    ),
    (
        "given_title_the_boot",
        "",
        "CBS has given Night Desk the boot after two seasons.",
        {("Night Desk", "cancelled", 2)},
    ),
    (
        "passed_on_a_season",
        "",
        "CBS has passed on a fourth season of Night Desk.",
        {("Night Desk", "cancelled", 3)},
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"), VERB_PHRASINGS, ids=[r[0] for r in VERB_PHRASINGS]
)
def test_more_verb_phrasings(name: str, title: str, text: str, want: Want) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


NO_NEWS = [
    ("denied_reports", "", "NBC has denied reports that it cancelled Harbor Lights."),
    ("dismissed_rumours", "", "CBS dismissed the rumours that Night Desk was axed."),
    ("revived_as_films", "", "Glass Orchard has been revived as a pair of films, the studio said."),
    ("a_movie_sequel", "", "The movies based on Pelican Bay have been cancelled."),
    ("premiere_of", "", "The gala premiere of Harbor Lights has been cancelled over the storm."),
    ("sequel_to", "", "A planned film sequel to Night Desk has been scrapped, producers said."),
]


@pytest.mark.parametrize(("name", "title", "text"), NO_NEWS, ids=[r[0] for r in NO_NEWS])
def test_denials_and_films_are_no_news(name: str, title: str, text: str) -> None:
    assert claims(title, text) == set(), explain(title, text, WATCHLIST)


ROUNDUPS = [
    (
        "second_verb_takes_its_own_object",
        "",
        "NBC renewed Harbor Lights for season 7 and cancelled Copper Canyon after two seasons.",
        {("Harbor Lights", "renewed", 7), ("Copper Canyon", "cancelled", 2)},
    ),
    (
        "a_title_with_its_own_verb_ends_the_list",
        "Netflix axes 'Glass Orchard', 'Pelican Bay' spared",
        "",
        {("Glass Orchard", "cancelled", None), ("Pelican Bay", "renewed", None)},
    ),
]


@pytest.mark.parametrize(("name", "title", "text", "want"), ROUNDUPS, ids=[r[0] for r in ROUNDUPS])
def test_roundups_give_each_title_its_own_news(
    name: str, title: str, text: str, want: Want
) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


TITLES_WITH_TRAPS = Watchlist(
    [
        Series("Night Desk", network="CBS"),
        Series("Night Desk: Overtime", network="CBS"),
        Series("The Sophomore", network="ABC"),
        Series("The Second", network="ABC"),
    ]
)


@pytest.mark.parametrize(
    ("title", "text", "want"),
    [
        ("Night Desk: Overtime Renewed for Season 2", "", {("Night Desk: Overtime", "renewed", 2)}),
        (
            "",
            "ABC has renewed The Sophomore for a fourth season.",
            {("The Sophomore", "renewed", 4)},
        ),
        (
            "",
            "The second spinoff was a flop. ABC has cancelled it after one season.",
            set(),
        ),
    ],
)
def test_titles_that_hold_a_colon_or_a_season_word(title: str, text: str, want: Want) -> None:
    assert claims(title, text, TITLES_WITH_TRAPS) == want, explain(title, text, TITLES_WITH_TRAPS)


SEASONS = [
    (
        "for_a_sophomore_season",
        "",
        "Netflix has renewed Glass Orchard for a sophomore season.",
        {("Glass Orchard", "renewed", 2)},
    ),
    (
        "its_sophomore_drama_is_the_current_season",
        "",
        "NBC has renewed its sophomore drama Harbor Lights.",
        {("Harbor Lights", "renewed", 3)},
    ),
    (
        "aired_seasons_in_the_next_sentence",
        "",
        "CBS has cancelled Night Desk. The procedural aired two seasons.",
        {("Night Desk", "cancelled", 2)},
    ),
    (
        "revival_takes_the_season_of_the_order",
        "Pelican Bay Un-Cancelled! Peacock Orders Season 4",
        "",
        {("Pelican Bay", "revived", 4)},
    ),
    (
        "season_after_an_aside",
        "Pelican Bay saved by Peacock",
        "Peacock has picked up the drama, which NBC cancelled in May, for a fourth season.",
        {("Pelican Bay", "revived", 4)},
    ),
    (
        "return_to_a_network_for_a_season",
        "",
        "Harbor Lights has been renewed. The drama will return to NBC next fall for its third "
        "season.",
        {("Harbor Lights", "renewed", 3)},
    ),
]


@pytest.mark.parametrize(("name", "title", "text", "want"), SEASONS, ids=[r[0] for r in SEASONS])
def test_season_expressions(name: str, title: str, text: str, want: Want) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


STORIES = [
    (
        "every_outcome_in_a_headline_roundup_is_news",
        "ABC cancels 'Night Desk' and 'Salt Flats', renews 'Harbor Lights'",
        "ABC has set its fall schedule. The network cancelled the freshman dramas Night Desk and "
        "Salt Flats, while renewing the comedy Harbor Lights for a third season.",
        {
            ("Night Desk", "cancelled", 1),
            ("Salt Flats", "cancelled", 1),
            ("Harbor Lights", "renewed", 3),
        },
    ),
    (
        "an_aside_with_a_date_is_not_the_news_after_it",
        "",
        "Pelican Bay, the drama NBC cancelled last month, is headed to Peacock for a fourth "
        "season.",
        {("Pelican Bay", "revived", 4)},
    ),
    (
        "along_with_after_a_season",
        "",
        "CBS has cancelled Night Desk after two seasons, along with Salt Flats.",
        {("Night Desk", "cancelled", 2), ("Salt Flats", "cancelled", None)},
    ),
    (
        "an_earlier_rescue_does_not_undo_the_cancellation",
        "",
        "CBS has given Night Desk the boot after two seasons. The drama had been rescued by CBS "
        "after NBC cancelled it in 2022.",
        {("Night Desk", "cancelled", 2)},
    ),
]


@pytest.mark.parametrize(("name", "title", "text", "want"), STORIES, ids=[r[0] for r in STORIES])
def test_story_level_phrasings(name: str, title: str, text: str, want: Want) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


ONE_WORD = Watchlist(
    Series(t, network="CBS") for t in ("Undertow", "Marrow", "Kestrel", "Lodestar")
)


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Undertow's Fourth Season Will Be Its Last", {("Undertow", "ending", 4)}),
        ("Undertow Gets the Boot at CBS", {("Undertow", "cancelled", None)}),
        (
            "CBS Renews Undertow, Marrow and Kestrel; Cancels Lodestar",
            {
                ("Undertow", "renewed", None),
                ("Marrow", "renewed", None),
                ("Kestrel", "renewed", None),
                ("Lodestar", "cancelled", None),
            },
        ),
        ("NBC Renews Undertow and Kestrel Island Docuseries", {("Undertow", "renewed", None)}),
        ("Marrow Won't Be Back: CBS Drops the Drama", {("Marrow", "cancelled", None)}),
        ("Kestrel Is Coming Back for Season 3", {("Kestrel", "renewed", 3)}),
    ],
)
def test_one_word_titles_in_title_case_headlines(title: str, want: Want) -> None:
    assert claims(title, "", ONE_WORD) == want, explain(title, "", ONE_WORD)


MORE = Watchlist([*WATCHLIST_SERIES, Series("Undertow")])
TURNS = [
    (
        "is_not_renewing",
        "",
        "Netflix is not renewing Glass Orchard.",
        {("Glass Orchard", "cancelled", None)},
    ),
    (
        "reversed_its_cancellation",
        "",
        "NBC has reversed its cancellation of Harbor Lights and ordered a fifth season.",
        {("Harbor Lights", "revived", 5)},
    ),
    (
        "orders_a_revival_of",
        "",
        "Peacock has ordered a revival of Night Desk, the drama CBS cancelled in 2021.",
        {("Night Desk", "revived", None)},
    ),
    (
        "a_second_chance_is_no_talk_of_chances",
        "",
        "Harbor Lights has been given a second chance. Peacock ordered a fourth season of the "
        "drama.",
        {("Harbor Lights", "revived", 4)},
    ),
    (
        "a_pun_on_a_title_in_the_headline",
        "Undertow of grief: Netflix cancels family drama",
        "Netflix has cancelled the family drama Glass Orchard after one season.",
        {("Glass Orchard", "cancelled", 1)},
    ),
    (
        "the_news_in_a_relative_clause_about_a_network",
        "Night Desk star to lead new pilot",
        "Night Desk star Ana Ruiz will headline a new pilot for CBS, which renewed the procedural "
        "for a third season in March.",
        set(),
    ),
    (
        "the_next_sentence_opens_with_the_season",
        "",
        "Hulu has renewed Glass Orchard. Season 3 will arrive next spring.",
        {("Glass Orchard", "renewed", 3)},
    ),
]


@pytest.mark.parametrize(("name", "title", "text", "want"), TURNS, ids=[r[0] for r in TURNS])
def test_reversals_revivals_and_asides(name: str, title: str, text: str, want: Want) -> None:
    assert claims(title, text, MORE) == want, explain(title, text, MORE)


IDIOMS = [
    (
        "wont_be_getting_a_season",
        "",
        "Glass Orchard won't be getting a third season.",
        {("Glass Orchard", "cancelled", 2)},
    ),
    (
        "recommissioned_for_a_series",
        "",
        "Sky has recommissioned Pelican Bay for a third series.",
        {("Pelican Bay", "renewed", 3)},
    ),
    (
        "which_will_also_be_its_last",
        "",
        "Netflix has ordered a third season of Glass Orchard, which will also be its last.",
        {("Glass Orchard", "renewed", 3), ("Glass Orchard", "ending", 3)},
    ),
    (
        "bagged_a_season",
        "",
        "Glass Orchard has bagged a second season.",
        {("Glass Orchard", "renewed", 2)},
    ),
    (
        "ended_the_run",
        "",
        "CBS has ended Night Desk's run after five seasons.",
        {("Night Desk", "cancelled", 5)},
    ),
    (
        "will_not_go_forward_with",
        "",
        "Hulu will not go forward with Glass Orchard or Salt Flats.",
        {("Glass Orchard", "cancelled", None), ("Salt Flats", "cancelled", None)},
    ),
    ("stalled_talks", "", "Talks over a fourth season of Harbor Lights have stalled.", set()),
    (
        "did_not_renew",
        "",
        "NBC did not renew the freshman drama Copper Canyon.",
        {("Copper Canyon", "cancelled", 1)},
    ),
    (
        "wont_be_renewed_for_a_season",
        "'Night Desk' Won't Be Renewed for Season 5",
        "",
        {("Night Desk", "cancelled", 4)},
    ),
    (
        "after_two_series",
        "",
        "CBS has cancelled Night Desk after two series.",
        {("Night Desk", "cancelled", 2)},
    ),
    (
        "season_in_one_headline_part_news_in_the_other",
        "Glass Orchard Season 3: Netflix Confirms Renewal",
        "",
        {("Glass Orchard", "renewed", 3)},
    ),
]


@pytest.mark.parametrize(("name", "title", "text", "want"), IDIOMS, ids=[r[0] for r in IDIOMS])
def test_trade_and_british_idioms(name: str, title: str, text: str, want: Want) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


HEADLINE_TRAPS = [
    ("saved_someone_elses_career", "How 'Night Desk' Saved Its Lead's Career", "", set()),
    ("cancel_culture", "Cancel Culture Comes for 'Night Desk'", "", set()),
    ("a_stars_podcast", "CBS Cancels 'Night Desk' Star's Podcast", "", set()),
    ("a_quoted_spinoff", "CBS Axes 'Night Desk' Spinoff Before Production", "", set()),
    (
        "a_preview_recaps_the_renewal",
        "Night Desk Season 6: Everything We Know",
        "CBS renewed Night Desk for a sixth season in May. Filming starts soon.",
        set(),
    ),
    (
        "two_more_seasons",
        "'Night Desk' Gets Two More Seasons at CBS",
        "",
        {("Night Desk", "renewed", None)},
    ),
    (
        "keeps_it_around",
        "CBS Keeps 'Night Desk' Around for Another Season",
        "",
        {("Night Desk", "renewed", None)},
    ),
    (
        "reported_had_been_is_news",
        "",
        "It was announced on Monday that Night Desk had been renewed for a sixth season.",
        {("Night Desk", "renewed", 6)},
    ),
    (
        "that_before_a_title_is_no_determiner",
        "",
        "CBS revealed that Night Desk would conclude with its sixth season. The network also "
        "renewed Salt Flats for a second season.",
        {("Night Desk", "ending", 6), ("Salt Flats", "renewed", 2)},
    ),
    (
        "the_decision_states_the_season",
        "",
        "Hulu has cancelled Glass Orchard. The decision came after the season 3 finale drew its "
        "smallest audience.",
        {("Glass Orchard", "cancelled", 3)},
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"), HEADLINE_TRAPS, ids=[r[0] for r in HEADLINE_TRAPS]
)
def test_headline_traps_and_reported_news(name: str, title: str, text: str, want: Want) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


COMEBACKS = [
    (
        "back_from_the_dead_with_an_order",
        "",
        "Night Desk is back from the dead. Peacock has ordered a fourth season of the drama, which "
        "CBS cancelled in the spring.",
        {("Night Desk", "revived", 4)},
    ),
    (
        "return_after_a_network_plus_cancelled_it",
        "",
        "Night Desk will return on Peacock next fall for a fourth season after Paramount+ "
        "cancelled it in May.",
        {("Night Desk", "revived", 4)},
    ),
    (
        "done_after_two",
        "",
        "Apple TV+ is giving Glass Orchard a second season, while Salt Flats is done after three.",
        {("Glass Orchard", "renewed", 2), ("Salt Flats", "cancelled", 3)},
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"), COMEBACKS, ids=[r[0] for r in COMEBACKS]
)
def test_comebacks_and_endings(name: str, title: str, text: str, want: Want) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


@pytest.mark.parametrize(
    ("title", "text", "want"),
    [
        (
            "Harbor Lights Revived",
            "Harbor Lights has been revived as a pair of films, the studio said.",
            set(),
        ),
        ("Night Desk Cancelled", "The Night Desk concert tour has been cancelled.", set()),
        (
            "Night Desk Revived",
            "A year after CBS cancelled the drama, Peacock has revived Night Desk for a fourth "
            "season.",
            {("Night Desk", "revived", 4)},
        ),
    ],
)
def test_the_text_says_in_which_sense_the_headline_meant_it(
    title: str, text: str, want: Want
) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


LAST_ROUND = [
    (
        "renewed_in_a_past_month_is_background",
        "Glass Orchard creator teases season 3",
        "Glass Orchard creator Dana Oh says season 3 will go darker. Netflix renewed the series in "
        "March.",
        set(),
    ),
    (
        "orders_a_fifth_and_final_season",
        "",
        "AMC has ordered a fifth and final season of Salt Flats.",
        {("Salt Flats", "renewed", 5), ("Salt Flats", "ending", 5)},
    ),
    ("a_move_as_a_noun", "Pelican Bay's move to Peacock: what it means", "", set()),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"), LAST_ROUND, ids=[r[0] for r in LAST_ROUND]
)
def test_past_months_final_orders_and_nouns(name: str, title: str, text: str, want: Want) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


PLOT_AND_SCHEDULE_TRAPS = [
    (
        "a_run_of_cliffhangers",
        "",
        "The season finale of Harbor Lights ends the show's run of cliffhangers with a wedding.",
        set(),
    ),
    (
        "a_character_back_from_the_dead",
        "",
        "In Harbor Lights, the villain comes back from the dead in the season 2 finale.",
        set(),
    ),
    (
        "another_titles_cancellation_makes_no_revival",
        "",
        "NBC has renewed Copper Canyon, which stars an actor from Night Desk, which CBS cancelled "
        "in 2020.",
        {("Copper Canyon", "renewed", None)},
    ),
    (
        "a_special_of_the_show",
        "",
        "NBC said it will not bring back the Harbor Lights holiday special this year.",
        set(),
    ),
    ("the_boot_from_a_night", "Harbor Lights gets the boot from Sunday nights", "", set()),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"),
    PLOT_AND_SCHEDULE_TRAPS,
    ids=[r[0] for r in PLOT_AND_SCHEDULE_TRAPS],
)
def test_plot_and_schedule_traps(name: str, title: str, text: str, want: Want) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


SECOND_PROBE_ROUND = [
    (
        "ended_the_run_of_a_title",
        "",
        "NBC ended the run of Pelican Bay after three seasons on Friday.",
        {("Pelican Bay", "cancelled", 3)},
    ),
    (
        "the_season_of_a_title_will_be_its_final_one",
        "",
        "Netflix says the coming fourth season of Glass Orchard will be its final one.",
        {("Glass Orchard", "ending", 4)},
    ),
    (
        "not_cancelled_and_a_season_of_the_show_is_coming",
        "",
        "Contrary to reports, Copper Canyon has not been cancelled: NBC says a third season of "
        "the western is coming.",
        {("Copper Canyon", "renewed", 3)},
    ),
    (
        "the_season_left_out_after_a_number",
        "",
        "NBC renewed Copper Canyon for a fourth season and cancelled Pelican Bay after two.",
        {("Copper Canyon", "renewed", 4), ("Pelican Bay", "cancelled", 2)},
    ),
    (
        "a_launch_party_called_off",
        "",
        "Heavy rain made AMC cancel Thursday's launch party for Salt Flats.",
        set(),
    ),
    (
        "one_weeks_episode_dropped",
        "",
        "This week's episode of Salt Flats has been cancelled because of a golf overrun.",
        set(),
    ),
    ("a_claim_is_no_news", "", "A tabloid claims NBC has cancelled Copper Canyon.", set()),
    ("a_rumour_kicker_hedges_its_headline", "Rumour: Netflix Axes 'Glass Orchard'", "", set()),
    (
        "lobbying_for_a_comeback",
        "",
        "The Pelican Bay showrunner is lobbying NBC to bring the drama back.",
        set(),
    ),
    ("a_permit_renewed", "Council Renews Salt Flats Permit for Another Decade", "", set()),
    (
        "a_policy_renewed",
        "",
        "The county has renewed the Salt Flats water policy for another season.",
        set(),
    ),
    ("a_parade_called_off", "", "The Pelican Bay parade has been cancelled after storms.", set()),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"),
    SECOND_PROBE_ROUND,
    ids=[r[0] for r in SECOND_PROBE_ROUND],
)
def test_runs_ended_elliptic_seasons_and_one_off_cancellations(
    name: str, title: str, text: str, want: Want
) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


THIRD_PROBE_ROUND = [
    (
        "a_semicolon_splits_a_headline",
        "AMC Axes 'Salt Flats'; 'Copper Canyon' Soldiers On",
        "AMC has axed Salt Flats after two seasons. Copper Canyon, by contrast, has been renewed "
        "for a fifth season.",
        {("Salt Flats", "cancelled", 2), ("Copper Canyon", "renewed", 5)},
    ),
    (
        "however_brings_more_news",
        "",
        "NBC has cancelled Pelican Bay after one season. Harbor Lights, however, will return for "
        "a sixth season.",
        {("Pelican Bay", "cancelled", 1), ("Harbor Lights", "renewed", 6)},
    ),
    (
        "a_premiere_date_is_not_the_renewal",
        "NBC Renews 'Pelican Bay' for Season 4, Dates Premiere for 'Copper Canyon'",
        "",
        {("Pelican Bay", "renewed", 4)},
    ),
    (
        "the_words_after_a_long_title_say_its_sense",
        "",
        "The county board pulled the plug on the yearly Copper Canyon rodeo parade on Tuesday.",
        set(),
    ),
    (
        "a_cancelled_appearance",
        "",
        "The creator of Glass Orchard has cancelled her appearance at a comics convention.",
        set(),
    ),
    ("a_renewal_expected", "Glass Orchard Tops the Charts; Renewal Expected", "", set()),
    (
        "as_expected_is_news",
        "",
        "As expected, Netflix has renewed Glass Orchard for a third season.",
        {("Glass Orchard", "renewed", 3)},
    ),
    (
        "scrapped_ahead_of_a_season",
        "",
        "AMC has scrapped Salt Flats ahead of its fourth season.",
        {("Salt Flats", "cancelled", 3)},
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"),
    THIRD_PROBE_ROUND,
    ids=[r[0] for r in THIRD_PROBE_ROUND],
)
def test_headline_clauses_contrasts_and_seasons_not_reached(
    name: str, title: str, text: str, want: Want
) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


FOURTH_PROBE_ROUND = [
    (
        "uk_series_number_word_after_for",
        "",
        "Copper Canyon will return for series three, NBC has confirmed.",
        {("Copper Canyon", "renewed", 3)},
    ),
    (
        "uk_series_digit",
        "",
        "AMC has recommissioned Salt Flats for series 6.",
        {("Salt Flats", "renewed", 6)},
    ),
    (
        "uk_not_back_for_an_ordinal_series",
        "",
        "AMC will not be bringing back Salt Flats for a fourth series.",
        {("Salt Flats", "cancelled", 3)},
    ),
    ("the_series_returns_is_no_season", "", "The series returns in May on NBC.", set()),
    (
        "series_then_a_count_is_no_season",
        "",
        "NBC has renewed Harbor Lights; the series 10 years on is still a hit.",
        {("Harbor Lights", "renewed", None)},
    ),
    (
        "dropped_after_a_count",
        "",
        "AMC has dropped Salt Flats after two runs.",
        {("Salt Flats", "cancelled", 2)},
    ),
    (
        "dropped_a_trailer_is_no_cancellation",
        "",
        "AMC dropped the Salt Flats trailer after a week of teasers.",
        set(),
    ),
    (
        "has_come_to_an_end_at_a_network",
        "",
        "Night Desk has come to an end at CBS after four seasons.",
        {("Night Desk", "cancelled", 4)},
    ),
    (
        "filming_has_come_to_an_end_is_no_news",
        "",
        "Filming on Night Desk has come to an end for the year.",
        set(),
    ),
    (
        "there_will_be_no_season_of",
        "",
        "There will be no fifth season of Harbor Lights, NBC said.",
        {("Harbor Lights", "cancelled", 4)},
    ),
    (
        "green_light_to_a_season_of",
        "",
        "NBC has given the green light to a seventh series of Pelican Bay.",
        {("Pelican Bay", "renewed", 7)},
    ),
    (
        "go_ahead_for_a_season_of",
        "",
        "CBS gave the go-ahead for a third season of Night Desk on Monday.",
        {("Night Desk", "renewed", 3)},
    ),
    (
        "a_list_item_with_an_active_verb_after_its_colon",
        "Four shows we lost this year",
        "A hard year for fans. 1. Salt Flats: AMC pulled the plug after three seasons. "
        "2. Night Desk: CBS cut it loose after two seasons.",
        {("Salt Flats", "cancelled", 3), ("Night Desk", "cancelled", 2)},
    ),
    (
        "cut_the_title_loose",
        "",
        "Netflix has cut Glass Orchard loose after one season.",
        {("Glass Orchard", "cancelled", 1)},
    ),
    (
        "a_terse_scorecard_under_a_renewal_headline",
        "Every drama renewed so far this year",
        "We keep this list current. Harbor Lights (NBC, season 5). Salt Flats (AMC, season 3).",
        {("Harbor Lights", "renewed", 5), ("Salt Flats", "renewed", 3)},
    ),
    (
        "a_parenthesis_with_a_title_is_no_scorecard_entry",
        "",
        "All shows renewed so far: Harbor Lights (NBC, season 5). (NBC newcomer Pelican Bay got "
        "a back order.)",
        {("Harbor Lights", "renewed", 5)},
    ),
    (
        "renews_two_ends_a_third",
        "NBC renews 'Harbor Lights' and 'Pelican Bay', ends 'Copper Canyon'",
        "",
        {
            ("Harbor Lights", "renewed", None),
            ("Pelican Bay", "renewed", None),
            ("Copper Canyon", "cancelled", None),
        },
    ),
    (
        "said_it_would_end_its_run_is_reported_fact",
        "",
        "NBC renewed Harbor Lights for a sixth season on Monday, and said comedy Copper Canyon "
        "would end its run after three seasons.",
        {("Harbor Lights", "renewed", 6), ("Copper Canyon", "cancelled", 3)},
    ),
    (
        "says_she_would_love_to_revive_is_a_hope",
        "",
        "The creator of Salt Flats says she would 'love' to revive the western.",
        set(),
    ),
    (
        "ends_a_weeknight_run_is_a_schedule_move",
        "",
        "Copper Canyon ends its Wednesday run in March before moving to Saturdays.",
        set(),
    ),
    (
        "will_end_its_run_on_a_night_is_a_schedule_move",
        "",
        "Copper Canyon will end its run on Friday nights next month when NBC shifts the drama "
        "to Tuesdays.",
        set(),
    ),
    (
        "ends_then_a_comma_is_no_object",
        "Night Desk ends, Harbor Lights returns tonight",
        "",
        set(),
    ),
    (
        "back_years_after_it_ended_is_a_revival",
        "",
        "AMC is bringing back Salt Flats twelve years after it ended, with a fourth season in "
        "production.",
        {("Salt Flats", "revived", 4)},
    ),
    (
        "cancelled_beyond_its_debut_season",
        "",
        "Netflix is not renewing Glass Orchard beyond its debut season.",
        {("Glass Orchard", "cancelled", 1)},
    ),
    (
        "a_season_then_its_ordinal",
        "",
        "NBC has renewed Pelican Bay for another season, its ninth.",
        {("Pelican Bay", "renewed", 9)},
    ),
    (
        "an_ordinal_go_round",
        "",
        "AMC has renewed Salt Flats for a fifth go-round.",
        {("Salt Flats", "renewed", 5)},
    ),
    (
        "spanish_present_tense_renewal",
        "NBC renueva 'Pelican Bay' para una cuarta temporada",
        "",
        {("Pelican Bay", "renewed", 4)},
    ),
    (
        "spanish_present_tense_cancellation",
        "CBS cancela 'Night Desk' tras tres temporadas",
        "",
        {("Night Desk", "cancelled", 3)},
    ),
    (
        "an_audio_drama_renewal_is_another_sense",
        "",
        "Audible has renewed the audio drama Salt Flats for a second season.",
        set(),
    ),
    (
        "a_season_as_subject_under_a_headline_naming_the_title",
        "Glass Orchard is coming back",
        "Good news, fans. A fourth season is on the way, the streamer said on Tuesday.",
        {("Glass Orchard", "renewed", 4)},
    ),
    (
        "a_season_as_subject_without_the_title_in_the_headline",
        "Streaming notes for the week",
        "Season 2 is officially happening, Netflix said.",
        set(),
    ),
    (
        "a_season_of_another_show_is_its_own",
        "Glass Orchard stars head to a fan convention",
        "A second season of the space opera is on the way, fans heard.",
        set(),
    ),
    (
        "the_network_bet_is_no_wager",
        "",
        "BET+ has renewed Night Desk for a third season.",
        {("Night Desk", "renewed", 3)},
    ),
    ("a_safe_bet_is_a_hedge", "", "Night Desk is a safe bet to be renewed by CBS.", set()),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"),
    FOURTH_PROBE_ROUND,
    ids=[r[0] for r in FOURTH_PROBE_ROUND],
)
def test_uk_series_lists_reported_ends_and_schedule_moves(
    name: str, title: str, text: str, want: Want
) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


FIFTH_PROBE_ROUND = [
    # the verb's object is something attached to the show
    (
        "an_axed_host_is_not_an_axed_show",
        "",
        "ITV has axed the Salt Flats host after a dispute over his fee.",
        set(),
    ),
    (
        "a_cancelled_premiere_for_a_season_of_the_show",
        "",
        "The gala premiere for the third season of Copper Canyon was cancelled because of a storm.",
        set(),
    ),
    (
        "a_renewed_lease_named_after_a_possessive",
        "",
        "The owner of the lot where Pelican Bay shoots has renewed the studio company's lease.",
        set(),
    ),
    (
        "a_cancelled_game_then_a_rerun",
        "Storm cancels match, so NBC airs 'Harbor Lights' rerun",
        "",
        set(),
    ),
    (
        "a_renewal_with_an_attached_noun_after_a_comma_still_counts",
        "",
        "NBC renewed Harbor Lights for a third season, its cast intact.",
        {("Harbor Lights", "renewed", 3)},
    ),
    # a stated decision kept
    (
        "another_title_s_earlier_cancellation_in_a_leading_contrast",
        "",
        "Unlike Night Desk, which CBS scrapped last year, Pelican Bay has been renewed for a"
        " fifth season.",
        {("Pelican Bay", "renewed", 5)},
    ),
    (
        "a_game_in_the_show_s_description_is_no_other_sense",
        "",
        "Netflix has renewed Glass Orchard, its chess-club-game dramedy, for a third season.",
        {("Glass Orchard", "renewed", 3)},
    ),
    (
        "an_explainer_headline_asking_the_question_the_text_answers",
        "Will Salt Flats Get a Season 4? Everything We Know",
        "Yes: Salt Flats season 4 is officially happening, AMC said.",
        {("Salt Flats", "renewed", 4)},
    ),
    # hopes and predictions
    (
        "an_optimistic_creator_is_no_decision",
        "",
        "The creator said she is optimistic NBC will bring Pelican Bay back.",
        set(),
    ),
    (
        "a_scorecard_leaning_toward_cancellation",
        "",
        "Night Desk: leaning toward cancellation.",
        set(),
    ),
    (
        "a_scorecard_probably_axed",
        "",
        "Verdict on Copper Canyon: probably axed.",
        set(),
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"),
    FIFTH_PROBE_ROUND,
    ids=[r[0] for r in FIFTH_PROBE_ROUND],
)
def test_attached_objects_contrasts_descriptions_and_predictions(
    name: str, title: str, text: str, want: Want
) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


ENDINGS_LISTS_AND_REVIVALS = [
    (
        "a_present_tense_end_with_its_ordinal",
        "",
        "Salt Flats ends with its fifth, AMC said.",
        {("Salt Flats", "ending", 5)},
    ),
    (
        "ends_with_its_ordinal_episode_is_a_plot_point",
        "",
        "Salt Flats ends with its third episode in a cliffhanger.",
        set(),
    ),
    (
        "a_season_aside_inside_a_list_of_cancellations",
        "",
        "Scrapped: Night Desk, after two seasons, and Copper Canyon, after one.",
        {("Night Desk", "cancelled", 2), ("Copper Canyon", "cancelled", 1)},
    ),
    (
        "a_possessive_title_names_whose_show_the_renewed_one_is",
        "",
        "NBC has renewed Harbor Lights' companion series Pelican Bay for a second season.",
        {("Pelican Bay", "renewed", 2)},
    ),
    (
        "an_indefinite_revival_noun_phrase",
        "",
        "Among NBC's new orders is a revival of the long-gone sitcom Copper Canyon.",
        {("Copper Canyon", "revived", None)},
    ),
    (
        "a_revival_of_a_show_that_is_only_hoped_for",
        "",
        "Fans hope for a revival of the long-gone sitcom Copper Canyon.",
        set(),
    ),
    (
        "a_tv_drama_about_radio_is_no_radio_drama",
        "",
        "Netflix said Glass Orchard season 3 will be the final season of the pirate-radio drama.",
        {("Glass Orchard", "ending", 3)},
    ),
    (
        "a_final_season_stays_in_its_own_clause",
        "",
        "NBC gave Harbor Lights a tenth and final season, and ordered Night Desk to series.",
        {("Harbor Lights", "renewed", 10), ("Harbor Lights", "ending", 10)},
    ),
    (
        "a_seasons_launch_party_is_not_the_show",
        "NBC Cancels 'Harbor Lights' Season 3 Launch Party",
        "The event was called off because of the storm, the network said.",
        set(),
    ),
    (
        "a_reboot_among_a_producers_projects_is_no_order",
        "",
        "The writer signed a deal to develop new shows, including a reboot of Copper Canyon.",
        set(),
    ),
    (
        "a_revival_in_early_talks_is_no_order",
        "",
        "A revival of the sitcom Copper Canyon is in early talks at Peacock, sources say.",
        set(),
    ),
    (
        "a_series_order_to_a_revival",
        "",
        "Hulu has given a series order to a revival of Copper Canyon, which ended in 2009.",
        {("Copper Canyon", "revived", None)},
    ),
    (
        "pulls_plug_without_the_in_a_headline",
        "Night Desk cancelled: CBS pulls plug after four seasons",
        "",
        {("Night Desk", "cancelled", 4)},
    ),
    (
        "fresh_off_a_season_back_for_another",
        "",
        "Pelican Bay, fresh off its third season, will be back for another season, NBC said.",
        {("Pelican Bay", "renewed", 4)},
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"),
    ENDINGS_LISTS_AND_REVIVALS,
    ids=[r[0] for r in ENDINGS_LISTS_AND_REVIVALS],
)
def test_present_endings_season_asides_possessives_and_revival_nouns(
    name: str, title: str, text: str, want: Want
) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


SIXTH_PROBE_WATCHLIST = Watchlist((*WATCHLIST_SERIES, Series("Keystone", network="ABC")))

SIXTH_PROBE_ROUND = [
    (
        "a_scorecard_row_lists_details_in_brackets",
        "ABC scorecard",
        "Renewed: Salt Flats (S4), Keystone (S3), Night Desk (S7)",
        {("Salt Flats", "renewed", 4), ("Keystone", "renewed", 3), ("Night Desk", "renewed", 7)},
    ),
    (
        "rows_with_a_network_in_brackets_then_a_dash",
        "Every cancellation so far",
        "The list so far.\n\nGlass Orchard (Netflix) — axed after three seasons.\n"
        "Pelican Bay (NBC) — canceled after one season.",
        {("Glass Orchard", "cancelled", 3), ("Pelican Bay", "cancelled", 1)},
    ),
    (
        "bullets_under_status_headings",
        "The streamer's year in decisions",
        "Where everything stands.\n\nRENEWED\n• Glass Orchard — season 4\n• Salt Flats — season 2"
        "\n\nCANCELED\n• Night Desk — after three seasons\n\nUNDECIDED\n• Pelican Bay",
        {
            ("Glass Orchard", "renewed", 4),
            ("Salt Flats", "renewed", 2),
            ("Night Desk", "cancelled", 3),
        },
    ),
    (
        "a_pending_heading_gives_no_claim",
        "Scorecard",
        "Cancelled:\n- Night Desk (CBS)\nOn the bubble:\n- Pelican Bay (NBC)\n- Salt Flats (AMC)",
        {("Night Desk", "cancelled", None)},
    ),
    (
        "pending_scorecard_lines_give_no_claim",
        "Scorecard",
        "Renewed: Glass Orchard (S2)\nPending: Night Desk, Keystone",
        {("Glass Orchard", "renewed", 2)},
    ),
    (
        "british_is_to_return",
        "",
        "Pelican Bay is to return next spring, NBC confirmed.",
        {("Pelican Bay", "renewed", None)},
    ),
    (
        "an_actor_returning_to_a_role_is_no_renewal",
        "",
        "Pelican Bay is to return as a film.",
        set(),
    ),
    (
        "passive_is_to_be_axed",
        "",
        "Salt Flats is to be axed after two seasons, AMC said.",
        {("Salt Flats", "cancelled", 2)},
    ),
    (
        "first_person_last_season_in_a_letter",
        "Salt Flats showrunner writes to fans",
        "The note went up on Sunday. Season three will be our last. Thank you for watching.",
        {("Salt Flats", "ending", 3)},
    ),
    (
        "years_since_a_cancellation_is_history",
        "Salt Flats creator looks back",
        "It has been many years since AMC cancelled Salt Flats, and fans still write in.",
        set(),
    ),
    (
        "a_dated_cancellation_aside_is_history",
        "Salt Flats actor retires",
        "The actor led Salt Flats on AMC. The show was cancelled after two seasons in 2018.",
        set(),
    ),
    (
        "a_fan_slogan_is_no_renewal",
        "",
        'Fans carried placards reading "Renew Night Desk" outside CBS on Monday.',
        set(),
    ),
    (
        "first_person_talks_are_a_hedge",
        "",
        '"We\'re still talking about bringing Night Desk back," the producer said.',
        set(),
    ),
    (
        "pushing_back_on_reports_is_a_denial",
        "",
        "Netflix pushed back on reports that Glass Orchard will end with season 5.",
        set(),
    ),
    (
        "a_titles_own_description_carries_no_other_sense",
        "",
        "Glass Orchard, the chess-club comedy, has been renewed for a third season.",
        {("Glass Orchard", "renewed", 3)},
    ),
    (
        "the_other_sense_outside_the_description_still_blocks",
        "",
        "Glass Orchard, the drama, has renewed its fan club for another season.",
        set(),
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"),
    SIXTH_PROBE_ROUND,
    ids=[r[0] for r in SIXTH_PROBE_ROUND],
)
def test_roundup_layouts_history_and_campaigns(
    name: str, title: str, text: str, want: Want
) -> None:
    got = claims(title, text, SIXTH_PROBE_WATCHLIST)
    assert got == want, explain(title, text, SIXTH_PROBE_WATCHLIST)


SLATES = Watchlist(
    [
        Series("Fernhill", network="NBC"),
        Series("Quarry Lane", network="CBS"),
        Series("Oak & Ash", network="Hulu"),
        Series("Lanternfish", network="Netflix"),
        Series("Pike Street", network="ABC"),
        Series("Brackwater", network="BBC"),
        Series("Wrenfield", network="FX"),
    ]
)
SLATES_AND_LAST_ORDERS = [
    (
        "is_back_for_a_year",
        "",
        "Schedule out: Fernhill is back for a fourth year.",
        {("Fernhill", "renewed", 4)},
    ),
    (
        "returns_for_and_is_back_for_its_nth",
        "",
        "CBS set its fall lineup. Quarry Lane returns for a third season and Pike Street is back"
        " for its fifth, while Wrenfield will not return.",
        {
            ("Quarry Lane", "renewed", 3),
            ("Pike Street", "renewed", 5),
            ("Wrenfield", "cancelled", None),
        },
    ),
    (
        "both_coming_back_for_seasons",
        "",
        "Good news: Fernhill and Lanternfish are both coming back for second seasons.",
        {("Fernhill", "renewed", 2), ("Lanternfish", "renewed", 2)},
    ),
    ("back_on_a_day_is_a_schedule", "", "Fernhill is back on Monday with a new episode.", set()),
    ("back_for_the_holidays", "", "Fernhill is back for the holidays with a special.", set()),
    ("returns_on_an_airing_date", "", "Fernhill returns for its fourth season on Oct. 3.", set()),
    ("is_back_tonight", "", "Quarry Lane is back for a second season tonight at 9.", set()),
    (
        "a_star_is_back",
        "",
        "Fernhill star Jo Marsh is back for season 4, the actor confirmed.",
        set(),
    ),
    ("an_actor_returns_in_the_show", "", "Jo Marsh returns for a fifth season in Fernhill.", set()),
    ("a_reunion_special", "", "The cast of Fernhill returns for a reunion special.", set()),
    (
        "called_time_on",
        "",
        "ITV has called time on Brackwater after six series.",
        {("Brackwater", "cancelled", 6)},
    ),
    (
        "calls_time_on_the_drama",
        "",
        "Brackwater: BBC calls time on the drama after three runs.",
        {("Brackwater", "cancelled", 3)},
    ),
    ("calls_time_on_a_career", "", "The striker called time on his career at 34.", set()),
    (
        "one_more_last_season",
        "",
        "Fernhill is coming back for a second season, and Lanternfish gets one more, last season.",
        {
            ("Fernhill", "renewed", 2),
            ("Lanternfish", "renewed", None),
            ("Lanternfish", "ending", None),
        },
    ),
    (
        "has_one_more_final_season",
        "",
        "Lanternfish has one more, final season on Netflix.",
        {("Lanternfish", "renewed", None), ("Lanternfish", "ending", None)},
    ),
    ("has_one_more_episode", "", "Wrenfield has one more episode before its finale.", set()),
    ("has_seasons_streaming", "", "Wrenfield has three seasons on Netflix.", set()),
    (
        "picked_up_for_a_year_that_will_be_its_last",
        "",
        "Hulu says Oak & Ash was picked up for a third year, and that will be its last.",
        {("Oak & Ash", "renewed", 3), ("Oak & Ash", "ending", 3)},
    ),
    (
        "renewed_and_it_will_be_the_final_one",
        "",
        "FX has renewed Wrenfield for a fourth season, and it will be the final one, FX said.",
        {("Wrenfield", "renewed", 4), ("Wrenfield", "ending", 4)},
    ),
    (
        "headline_and_it_will_be_the_last",
        "FX Renews 'Wrenfield' for Season 4, and It Will Be the Last",
        "",
        {("Wrenfield", "renewed", 4), ("Wrenfield", "ending", 4)},
    ),
    (
        "it_will_not_be_the_last",
        "",
        "Oak & Ash was picked up for a second year, and it will not be the last, we hope.",
        {("Oak & Ash", "renewed", 2)},
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"),
    SLATES_AND_LAST_ORDERS,
    ids=[r[0] for r in SLATES_AND_LAST_ORDERS],
)
def test_slate_returns_idioms_and_last_orders(name: str, title: str, text: str, want: Want) -> None:
    assert claims(title, text, SLATES) == want, explain(title, text, SLATES)


REVIVALS_PROMOS_AND_PAIRS = [
    (
        "revival_confirmed_and_back_after_an_ending",
        "'Lanternfish' Revival Confirmed at the Netflix Fan Event",
        "Netflix confirmed on Sunday that Lanternfish, the sci-fi drama that ended in 2017,"
        " will return with a fifth season.",
        {("Lanternfish", "revived", 5)},
    ),
    (
        "revival_of_a_described_show_named_in_the_text",
        "Pike Street Rides Again: Hulu Orders Revival of ABC Comedy",
        "Hulu has ordered a new eight-episode season of the comedy, which ended its four-season"
        " run on ABC in 2020.",
        {("Pike Street", "revived", None)},
    ),
    (
        "revival_of_an_unnamed_show",
        "Hulu Orders Revival of Beloved Comedy",
        "Hulu is bringing back a comedy from the 2000s.",
        set(),
    ),
    (
        "return_with_a_season_is_a_renewal",
        "",
        "Fernhill will return with a third season next fall, NBC said.",
        {("Fernhill", "renewed", 3)},
    ),
    ("return_with_an_episode", "", "Fernhill will return with a new episode on Monday.", set()),
    (
        "a_season_that_ended_is_no_revival",
        "",
        "NBC renewed Fernhill, which ended its spring run in 2023 on a cliffhanger.",
        {("Fernhill", "renewed", None)},
    ),
    (
        "a_move_as_the_channel_closes",
        "'Oak & Ash' Moves to Hulu as Its Channel Closes",
        "With its cable channel shutting down operations in May, the comedy Oak & Ash will move"
        " to Hulu, where its first season already streams.",
        set(),
    ),
    (
        "a_move_after_a_cancellation",
        "'Oak & Ash' Moves to Hulu After Cancellation",
        "Weeks after its cancellation, Oak & Ash is moving to Hulu for a second season.",
        {("Oak & Ash", "revived", 2)},
    ),
    ("final_season_trailer", "'Fernhill' Final Season Trailer: The Farm Burns", "", set()),
    (
        "final_season_teaser",
        "'Fernhill' Final Season Teaser Arrives",
        "NBC released a teaser on Thursday.",
        set(),
    ),
    ("final_season_premiere_date", "'Fernhill' Final Season Premiere Date Set at NBC", "", set()),
    (
        "sixth_and_final_season",
        "NBC Renews 'Fernhill' for a Sixth and Final Season",
        "",
        {("Fernhill", "renewed", 6), ("Fernhill", "ending", 6)},
    ),
    (
        "one_returns_while_another_ends",
        "ITV autumn slate: Brackwater returns, Wrenfield bows out",
        "The autumn line-up confirms a third series of Brackwater, while Wrenfield will end with"
        " its fifth.",
        {("Brackwater", "renewed", 3), ("Wrenfield", "ending", 5)},
    ),
    (
        "while_an_old_cancellation_stays_an_aside",
        "'Wrenfield' to End With Season 5",
        "FX said Wrenfield will end with its fifth season, while Brackwater, which BBC cancelled"
        " in 2019, remains a cult hit.",
        {("Wrenfield", "ending", 5)},
    ),
    (
        "returning_shows_include",
        "",
        "NBC's fall slate is out. Returning comedies include Fernhill (season 4), Pike Street"
        " (season 2) and Quarry Lane (season 6).",
        {("Fernhill", "renewed", 4), ("Pike Street", "renewed", 2), ("Quarry Lane", "renewed", 6)},
    ),
    (
        "returning_cast_members",
        "",
        "Returning cast members include Jo Marsh of Fernhill.",
        set(),
    ),
    (
        "gets_its_ninth",
        "",
        "Fox renewed Fernhill for a third season and Quarry Lane gets its ninth, while Wrenfield"
        " is done.",
        {("Fernhill", "renewed", 3), ("Quarry Lane", "renewed", 9)},
    ),
    ("gets_its_first_nomination", "", "Fernhill gets its first Emmy nomination.", set()),
    ("gets_its_first", "", "Fernhill gets its first, and the cast celebrates.", set()),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"),
    REVIVALS_PROMOS_AND_PAIRS,
    ids=[r[0] for r in REVIVALS_PROMOS_AND_PAIRS],
)
def test_revival_nouns_promo_headlines_and_paired_decisions(
    name: str, title: str, text: str, want: Want
) -> None:
    assert claims(title, text, SLATES) == want, explain(title, text, SLATES)
