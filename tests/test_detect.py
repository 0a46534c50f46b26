"""Table-driven tests for the pure detector, over phrasing written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from alerts.detect import Claim, Series, Watchlist, analyse, detect, explain
from alerts.detection import detect as model_detect
from alerts.rules import EVENT_RULES

WATCHLIST = Watchlist(
    [
        Series("Jessica Jones", ("Marvel's Jessica Jones",), "Netflix"),
        Series("Daredevil", network="Netflix"),
        Series("Luke Cage", network="Netflix"),
        Series("Iron Fist", network="Netflix"),
        Series("The Defenders", network="Netflix"),
        Series("Harbor Lights", network="NBC"),
        Series("Copper Canyon", network="NBC"),
        Series("Night Desk", network="CBS"),
        Series("Glass Orchard", network="Netflix"),
        Series("The Long Road Home", network="ABC"),
        Series("Roadkill"),
        Series("Roadkill Garage"),
        Series("You"),
        Series("Lost"),
        Series("Evil"),
        Series("Time"),
        Series("Salt Flats", network="AMC"),
        Series("Brick Lane Blues"),
        Series("Pelican Bay"),
        Series("Grey Harbour's Daughters"),
    ]
)


def claims(title: str, text: str = "") -> set[tuple[str, str, int | None]]:
    return {(c.series, c.event, c.season) for c in detect(title, text, WATCHLIST)}


@pytest.mark.parametrize("detector", [detect, model_detect], ids=["rules", "model"])
def test_the_founding_story_gives_exactly_one_claim(
    detector: Callable[[str, str, Watchlist], list[Claim]],
) -> None:
    title = "Jessica Jones Renewed For Season 2 By Netflix"
    text = (
        "Netflix has handed Marvel's Jessica Jones a second season. Daredevil is back in "
        "production, Luke Cage gets a series of his own this fall, and Iron Fist and The "
        "Defenders follow next year."
    )
    found = detector(title, text, WATCHLIST)
    assert [(c.series, c.event, c.season, c.network) for c in found] == [
        ("Jessica Jones", "renewed", 2, "Netflix")
    ]


# One example per rule in the table: every named rule must fire on its own phrasing.
RULE_EXAMPLES = {
    "renews": "NBC renews Harbor Lights for a fourth season",
    "renewed": "Harbor Lights Renewed For Season 4 At NBC",
    "renewal": "Harbor Lights scored its renewal on Friday.",
    "season-order": "Glass Orchard gets a season 3 order from the streamer.",
    "orders-season": "Netflix orders a second season of Glass Orchard",
    "picks-up": "Glass Orchard has been picked up by Netflix for season 3.",
    "picked-up-for": "Glass Orchard was picked up for a second season.",
    "gets-season": "Night Desk lands a fifth season at CBS.",
    "giving-season": "CBS is giving Night Desk a sixth season.",
    "greenlit": "Netflix has greenlit season 2 of Glass Orchard.",
    "season-confirmed": "Glass Orchard season 2 is officially confirmed.",
    "coming-back-for": "Pelican Bay will return for a third season.",
    "to-return-for": "Pelican Bay is set to return for a third season.",
    "is-to-return": "Pelican Bay is to return next year, NBC said.",
    "back-next-season": "Night Desk will be back next season.",
    "renewal-deal": "Night Desk closes a renewal deal at CBS.",
    "brings-back": "CBS is bringing back Night Desk for a fourth season.",
    "canned": "Night Desk has been canned after one season.",
    "done-at": "Night Desk is done at CBS after two seasons.",
    "commissions": "The BBC commissions a second series of Pelican Bay.",
    "cancels": "CBS cancels Night Desk after two seasons",
    "cancelled": "Night Desk Canceled After Two Seasons",
    "cancellation": "Fans mourned the cancellation of Night Desk.",
    "decides-to-end": "CBS has opted to end Night Desk after three seasons.",
    "kibosh": "CBS put the kibosh on Night Desk.",
    "pulls-plug": "CBS pulled the plug on Night Desk.",
    "plug-pulled": "The plug has been pulled on Night Desk.",
    "axe-on": "CBS brought the axe down hard: the axe on Night Desk fell on Friday.",
    "gets-axe": "Night Desk gets the axe at CBS",
    "gives-axe": "CBS gave the drama the axe on Friday, ending Night Desk.",
    "calls-it-quits-on": "CBS calls it quits on Night Desk",
    "ends-run-of": "AMC is ending the run of Salt Flats after four seasons.",
    "wont-return": "Night Desk won't return for a third season.",
    "not-moving-forward": "CBS is not moving forward with Night Desk.",
    "not-renewing": "CBS has decided not to renew Night Desk.",
    "not-renewed-future": "Night Desk will not be renewed for a third season.",
    "wont-get-season": "Night Desk won't get a season 3.",
    "final-season": "Salt Flats will begin its final season in June.",
    "to-end": "Salt Flats to end with season 5",
    "next-season-last": "Salt Flats' upcoming fifth season will be its last.",
    "is-ending": "Salt Flats is ending after five seasons.",
    "season-of-will-be-last": "Season 5 of Glass Orchard will be its last.",
    "revived": "Peacock has revived Pelican Bay for a fourth season.",
    "revival-order": "Peacock issued a revival order for Pelican Bay.",
    "lifeline": "Peacock gives Pelican Bay a second life after its cancellation.",
    "saved": "Peacock saved Pelican Bay a month after NBC let it go.",
    "renewed-intl": "Netflix renovó Glass Orchard para una segunda temporada.",
    "cancelled-intl": "Glass Orchard fue cancelada por Netflix tras dos temporadas.",
    "final-season-intl": "Glass Orchard terminará con una cuarta y última temporada.",
    "new-home": "Pelican Bay lands at Peacock after its cancellation",
    "moves-to": "Pelican Bay moves to Peacock for season 4.",
    "comes-to-end": "CBS confirmed that Night Desk will come to an end.",
    "season-on-way": "Glass Orchard has announced a third season is on the way.",
    "there-will-be-season": "There will be a fourth season of Glass Orchard, the streamer said.",
    "return-of": "The network confirmed the return of Night Desk for a fifth season.",
    "confirms-season-of": "The streamer has confirmed a third season of Glass Orchard.",
    "spared": "Night Desk has been spared by CBS and returns for season 5.",
    "the-axe": "CBS has handed Night Desk the chop after two seasons.",
    "not-bringing-back": "CBS will not be bringing Night Desk back for a third season.",
    "passes-on-season": "CBS has passed on a third season of Night Desk.",
    "reverses-cancellation": "CBS has reversed its cancellation of Night Desk.",
    "ends-run": "CBS has ended Night Desk's run after five seasons.",
    "keeps-for-season": "CBS is keeping Night Desk around for another season.",
    "was-saved": "Night Desk Saved by Peacock",
    "back-from-dead": "Night Desk is back from the dead at Peacock",
    "green-light-to": "CBS has given the green light to a fourth season of Night Desk.",
    "drops-after": "CBS has dropped Night Desk after three seasons.",
    "has-come-to-end": "Night Desk has come to an end at CBS.",
    "no-season": "There will be no fourth season of Night Desk.",
    "cuts-loose": "CBS has cut Night Desk loose.",
    "ends-title": "CBS ends 'Night Desk' after four seasons",
    "to-end-run": "Night Desk will end its run this spring, CBS said.",
    "ends-with-its": "Night Desk ends with its sixth season, CBS said.",
    "revival-of": "NBC orders a revival of the old sitcom Copper Canyon.",
    "to-return-with": "Night Desk will return with a fourth season, CBS said.",
    "returning-include": "Returning dramas include Night Desk and Pelican Bay.",
    "order-will-be-last": "CBS renewed Night Desk for a fifth season, and it will be the last.",
    "revival-confirmed": "Night Desk Revival Confirmed at CBS",
}


def test_every_rule_in_the_table_has_an_example() -> None:
    assert {rule.name for rule in EVENT_RULES} == set(RULE_EXAMPLES)


@pytest.mark.parametrize(("rule", "phrase"), sorted(RULE_EXAMPLES.items()))
def test_each_named_rule_fires_on_its_own_phrasing(rule: str, phrase: str) -> None:
    title, text = (phrase, "") if not phrase.endswith(".") else ("", phrase)
    findings = analyse(title, text, WATCHLIST).findings
    fired = {f.trigger.rule.name for f in findings if f.claim is not None}
    assert rule in fired, explain(title, text, WATCHLIST)


RENEWALS = [
    ("headline_renewed_at_network", "Harbor Lights Renewed For Season 4 At NBC", "", 4),
    ("network_renews_quoted_title", "NBC renews 'Harbor Lights' for a fourth season", "", 4),
    ("picked_up_for_second_season", "", "Glass Orchard has been picked up for a second season.", 2),
    ("season_order", "", "Glass Orchard gets a season 3 order from the streamer.", 3),
    ("ordinal_in_digits", "", "NBC has renewed Harbor Lights for a 10th season.", 10),
    ("short_season_form", "Harbor Lights renewed for S3", "", 3),
    ("passive_with_aside", "", "Night Desk, the CBS procedural, has been renewed for season 6.", 6),
    ("scores_early_renewal", "Night Desk scores early renewal", "", None),
    ("returning_next_season", "", "Night Desk will return next season on CBS.", None),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "season"), RENEWALS, ids=[r[0] for r in RENEWALS]
)
def test_renewal_phrasings_are_detected(
    name: str, title: str, text: str, season: int | None
) -> None:
    assert ("renewed", season) in {(e, s) for _, e, s in claims(title, text)}


CANCELLATIONS = [
    ("axed", "", "ABC has axed The Long Road Home after two seasons.", 2),
    ("pulls_the_plug", "", "NBC pulled the plug on Night Desk after three seasons.", 3),
    ("headline_canceled_after", "Night Desk Canceled After Three Seasons", "", 3),
    ("wont_return_for_next_season", "", "Glass Orchard won't return for a third season.", 2),
    ("not_moving_forward", "", "The streamer is not moving forward with Glass Orchard.", None),
    ("decided_not_to_renew", "", "Netflix decided not to renew Glass Orchard.", None),
    ("one_season_run", "Glass Orchard canceled at Netflix after one season", "", 1),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "season"), CANCELLATIONS, ids=[r[0] for r in CANCELLATIONS]
)
def test_cancellation_phrasings_are_detected(
    name: str, title: str, text: str, season: int | None
) -> None:
    assert ("cancelled", season) in {(e, s) for _, e, s in claims(title, text)}


def test_renewal_for_final_season_is_renewed_and_ending() -> None:
    found = claims("", "AMC has renewed Salt Flats for a fifth and final season.")
    assert found == {("Salt Flats", "renewed", 5), ("Salt Flats", "ending", 5)}


def test_to_end_with_season_is_ending() -> None:
    assert claims("Pelican Bay to End With Season 5") == {("Pelican Bay", "ending", 5)}


def test_saved_by_another_network_is_revived() -> None:
    found = claims("", "Pelican Bay has been saved by Netflix, which ordered a fourth season.")
    assert ("Pelican Bay", "revived", 4) in found


def test_uncancelled_is_revived_only() -> None:
    assert {e for _, e, _ in claims("NBC un-cancels Night Desk")} == {"revived"}


def test_cancelled_then_renewed_in_one_story_is_a_revival() -> None:
    title = "Night Desk Renewed!"
    text = "CBS cancelled Night Desk earlier this week, then reversed course after a fan outcry."
    assert {(s, e) for s, e, _ in claims(title, text)} == {("Night Desk", "revived")}


def test_renewed_then_cancelled_in_one_sentence_is_a_cancellation() -> None:
    text = "Netflix greenlit a second season of Glass Orchard, only to pull the plug a month later."
    assert {e for _, e, _ in claims("", text)} == {"cancelled"}


def test_roundup_gives_each_series_its_own_outcome() -> None:
    found = claims("NBC renews Harbor Lights and Copper Canyon, cancels Night Desk")
    assert {(s, e) for s, e, _ in found} == {
        ("Harbor Lights", "renewed"),
        ("Copper Canyon", "renewed"),
        ("Night Desk", "cancelled"),
    }


def test_roundup_list_with_seasons_in_parentheses() -> None:
    text = (
        "Harbor Lights (Season 5), Copper Canyon (Season 2) and Pelican Bay (Season 8) "
        "were renewed on Monday."
    )
    assert claims("", text) == {
        ("Harbor Lights", "renewed", 5),
        ("Copper Canyon", "renewed", 2),
        ("Pelican Bay", "renewed", 8),
    }


def test_scorecard_lines_belong_to_their_titles() -> None:
    text = "Harbor Lights: Officially renewed\nNight Desk: A long shot. Officially cancelled\n"
    assert {(s, e) for s, e, _ in claims("", text)} == {
        ("Harbor Lights", "renewed"),
        ("Night Desk", "cancelled"),
    }


def test_list_items_take_the_news_of_the_list_intro() -> None:
    text = (
        "Here are the shows that were cancelled after a single season:\n"
        "1. Glass Orchard\nA moody mystery that never found its audience.\n"
        "2. Brick Lane Blues\nA musical drama set in London.\n"
    )
    assert claims("", text) == {
        ("Glass Orchard", "cancelled", 1),
        ("Brick Lane Blues", "cancelled", 1),
    }


HEDGES = [
    ("could", "", "NBC could renew Harbor Lights as soon as next week."),
    ("in_talks", "", "NBC is in talks to renew Harbor Lights."),
    ("question", "Will NBC cancel Night Desk?", ""),
    ("bubble", "", "Night Desk remains on the bubble, and its fate is undecided."),
    ("not_renewed", "", "Harbor Lights has not been renewed yet."),
    ("petition", "", "Fans launched a petition to get Glass Orchard renewed."),
    ("no_word_yet", "", "There is no word yet on a Glass Orchard renewal."),
    ("reportedly_close", "", "Netflix is reportedly close to renewing Glass Orchard."),
    ("expected", "", "Glass Orchard is expected to be renewed."),
    ("yet_to", "", "Netflix has yet to renew Glass Orchard."),
    ("weighing", "", "NBC is weighing a renewal of Harbor Lights."),
    ("in_the_works", "", "A second season of Glass Orchard is in the works."),
    ("generic_habit", "", "Shows like Night Desk often end up getting cancelled."),
]


@pytest.mark.parametrize(("name", "title", "text"), HEDGES, ids=[h[0] for h in HEDGES])
def test_hedges_give_no_claim(name: str, title: str, text: str) -> None:
    assert claims(title, text) == set()


OTHER_SENSES = [
    ("vows", "", "The Pelican Bay stars renewed their vows in Maui."),
    ("contract", "", "NBC renewed its contract with the host of Night Desk through 2027."),
    ("flight", "", "My flight was cancelled, so I watched Glass Orchard at the airport."),
    ("premiere_event", "", "The Harbor Lights premiere was cancelled because of the storm."),
    ("one_episode", "", "NBC cancelled tonight's episode of Harbor Lights for a news special."),
    ("renewed_interest", "", "There is renewed interest in Harbor Lights after the finale."),
    ("film_sequel", "", "The Harbor Lights movie sequel has been cancelled."),
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


def test_background_cancellation_in_a_revival_story_is_not_news() -> None:
    text = (
        "Peacock has revived Pelican Bay for a fourth season. The drama, which NBC cancelled "
        "in 2019, joins Harbor Lights, which CBS cancelled in 2021, on the service."
    )
    assert claims("", text) == {("Pelican Bay", "revived", 4)}


def test_an_aside_in_parentheses_is_not_the_subject() -> None:
    text = "Glass Orchard (a spinoff of Night Desk) was renewed for a second season."
    assert claims("", text) == {("Glass Orchard", "renewed", 2)}


def test_common_word_title_needs_to_be_treated_as_a_title() -> None:
    assert claims("", "We got lost on the way, and the plan was cancelled.") == set()
    assert claims("", "ABC has cancelled Lost after six seasons.") == {("Lost", "cancelled", 6)}


def test_common_word_title_in_a_title_case_headline_needs_more_than_capitals() -> None:
    assert claims("Canceled Too Soon: Shows That Deserved More Time To Grow") == set()
    assert claims("NBC Renews 'Time' For Season 2") == {("Time", "renewed", 2)}


def test_longest_title_wins() -> None:
    assert claims("Roadkill Garage renewed for season 9") == {("Roadkill Garage", "renewed", 9)}


def test_matching_ignores_case_accents_curly_quotes_and_possessives() -> None:
    assert claims("NBC Renews ‘HARBOR LIGHTS’") == {("Harbor Lights", "renewed", None)}
    assert claims("", "Harbor Lights’ seventh season will be its last.") == {
        ("Harbor Lights", "ending", 7)
    }
    assert claims("Grey Harbours Daughters renewed for season 2") == {
        ("Grey Harbour's Daughters", "renewed", 2)
    }


def test_a_brand_possessive_alias_matches() -> None:
    (claim,) = detect("Netflix renews Marvel’s Jessica Jones", "", WATCHLIST)
    assert claim.series == "Jessica Jones"


def test_network_is_the_stated_one_else_the_watchlist_one() -> None:
    (stated,) = detect("Glass Orchard moves to Peacock for season 4", "", WATCHLIST)
    (default,) = detect("Glass Orchard renewed for season 2", "", WATCHLIST)
    assert (stated.network, default.network) == ("Peacock", "Netflix")


def test_every_claim_carries_evidence_and_rule() -> None:
    (claim,) = detect("NBC renews Harbor Lights", "", WATCHLIST)
    assert isinstance(claim, Claim)
    assert claim.evidence == "NBC renews Harbor Lights"
    assert claim.rule == "renews"
    assert 0 < claim.confidence <= 1


def test_evidence_is_quoted_as_printed() -> None:
    (claim,) = detect("", "NBC has renewed “Harbor Lights” for a fourth season.", WATCHLIST)
    assert claim.evidence == "NBC has renewed “Harbor Lights” for a fourth season."


def test_empty_inputs_give_no_claims() -> None:
    assert detect("", "", WATCHLIST) == []
    assert detect("", "", Watchlist([])) == []
    assert len(Watchlist([])) == 0


def test_explain_says_why_a_hedge_did_not_fire() -> None:
    lines = explain("", "NBC could renew Harbor Lights.", WATCHLIST)
    assert "mention: 'Harbor Lights' as 'Harbor Lights' (text)" in lines
    assert any("Harbor Lights" in line and "hedge" in line for line in lines)
    assert lines[-1] == "no claims"


def test_explain_names_the_rule_behind_each_claim() -> None:
    lines = explain("Night Desk Canceled After Two Seasons", "", WATCHLIST)
    assert lines[-1].startswith("claim: Night Desk cancelled season=2")
    assert "(rule cancelled)" in lines[-1]


def test_a_list_after_the_news_takes_the_news() -> None:
    text = (
        "NBC renewed three of its dramas on Friday. They include Harbor Lights and Copper Canyon."
    )
    assert {(s, e) for s, e, _ in claims("", text)} == {
        ("Harbor Lights", "renewed"),
        ("Copper Canyon", "renewed"),
    }


def test_status_first_list_headings_label_their_items() -> None:
    text = (
        "RENEWED: 'Harbor Lights'\nThe drama keeps growing.\n"
        "CANCELLED: 'Night Desk'\nThe procedural will not continue after four seasons.\n"
    )
    assert claims("", text) == {("Harbor Lights", "renewed", None), ("Night Desk", "cancelled", 4)}


def test_revival_season_follows_the_seasons_it_ran() -> None:
    text = "Peacock has picked up Pelican Bay, which NBC cancelled last spring after six seasons."
    assert claims("Pelican Bay lands at Peacock", text) == {("Pelican Bay", "revived", 7)}


def test_a_multi_season_renewal_reports_the_furthest_season() -> None:
    assert claims("", "NBC has renewed Harbor Lights for seasons 8 and 9.") == {
        ("Harbor Lights", "renewed", 9)
    }


NOT_THE_SERIES = [
    ("subordinate_past", "", "After Night Desk was cancelled, its star joined Harbor Lights."),
    ("earlier_fact", "", "Harbor Lights, which was renewed last month, returns tonight."),
    ("creator_of", "", "The Night Desk creator's new show was cancelled."),
    ("reaction", "", "Night Desk fans are furious about the cancellation."),
    ("status_headline", "Night Desk Season 3: Release Date, Cast, Renewal Status", ""),
    ("spinoff_plans", "", "CBS canceled its plans for a Night Desk spinoff."),
    ("airing_not_news", "", "Night Desk returns for its third season on Monday."),
    ("revival_in_development", "", "The Night Desk revival is in development at Peacock."),
]


@pytest.mark.parametrize(
    ("name", "title", "text"), NOT_THE_SERIES, ids=[n[0] for n in NOT_THE_SERIES]
)
def test_stories_that_state_no_decision_give_no_claim(name: str, title: str, text: str) -> None:
    assert claims(title, text) == set()


HEADLINES = [
    (
        "season_pickup",
        "'Harbor Lights' Gets Season 5 Pickup at NBC",
        {("Harbor Lights", "renewed", 5)},
    ),
    ("not_returning", "'Night Desk' Not Returning for Season 4", {("Night Desk", "cancelled", 3)}),
    ("un_renews", "CBS Un-Renews Night Desk", {("Night Desk", "cancelled", None)}),
    (
        "officially_happening",
        "Pelican Bay Season 2 Is Officially Happening",
        {("Pelican Bay", "renewed", 2)},
    ),
    (
        "season_will_be_last",
        "Pelican Bay Season 4 Will Be Its Last",
        {("Pelican Bay", "ending", 4)},
    ),
    (
        "saves_from_cancellation",
        "Peacock Saves Night Desk From Cancellation",
        {("Night Desk", "revived", None)},
    ),
    (
        "picks_up_canceled",
        "Netflix Picks Up Canceled CBS Drama Night Desk",
        {("Night Desk", "revived", None)},
    ),
    ("question_then_more", "Glass Orchard Cancelled? Here's What We Know", set()),
    ("odds", "Glass Orchard Renewal Odds", set()),
    ("full_season_order", "NBC Gives Harbor Lights a Full-Season Order", set()),
]


@pytest.mark.parametrize(("name", "title", "want"), HEADLINES, ids=[h[0] for h in HEADLINES])
def test_bare_headlines(name: str, title: str, want: set[tuple[str, str, int | None]]) -> None:
    assert claims(title) == want


COMMON_WORDS = Watchlist(
    Series(t) for t in ("Lost", "You", "Evil", "House", "Girls", "Friends", "Time", "Ghosts")
)
COMMON_WORD_TRAPS = [
    "You Won't Believe Which Shows Got Cancelled This Year",
    "You can renew your subscription at any time.",
    "Lost luggage caused the cancellation of the band's tour.",
    "The House voted to renew the program for another year.",
    "Friends of the show were saddened by its cancellation.",
    "Girls' soccer season was cancelled because of the weather.",
    "Evil never wins, the showrunner said, before the series was renewed.",
    "Time To Say Goodbye: Netflix Cancels Three Shows",
    "Ghosts of the past: NBC cancels its newest drama.",
]


@pytest.mark.parametrize("text", COMMON_WORD_TRAPS)
def test_titles_that_are_common_words_do_not_fire_in_ordinary_prose(text: str) -> None:
    title, body = ("", text) if text.endswith(".") else (text, "")
    assert detect(title, body, COMMON_WORDS) == []


# Phrasing rules added for the trade press's habits; each row is (name, title, text, wanted).
PHRASINGS = [
    (
        "possessive_subject_before_the_phrase",
        "",
        "Based on the novels, Pelican Bay's seventh season will be its last.",
        {("Pelican Bay", "ending", 7)},
    ),
    (
        "reported_would_states_the_news",
        "",
        "In a statement, CBS said that Night Desk and Salt Flats would come to an end.",
        {("Night Desk", "cancelled", None), ("Salt Flats", "cancelled", None)},
    ),
    ("unreported_would_is_a_hedge", "", "Fans fear Night Desk would come to an end.", set()),
    (
        "come_to_an_end_with_a_season_is_ending",
        "",
        "Salt Flats will come to an end with its sixth season.",
        {("Salt Flats", "ending", 6)},
    ),
    (
        "recently_announced_is_news_not_background",
        "",
        "Glass Orchard has recently announced a third season is on the way for next year.",
        {("Glass Orchard", "renewed", 3)},
    ),
    (
        "there_will_be_a_season_of",
        "",
        "There will be a fourth season of Glass Orchard, the streamer said on Monday.",
        {("Glass Orchard", "renewed", 4)},
    ),
    (
        "title_then_reporting_clause",
        "",
        "The site of the anime Glass Orchard at Studio Nine revealed this week that a second "
        "season is on the way.",
        {("Glass Orchard", "renewed", 2)},
    ),
    (
        "spanish_there_will_be_a_season",
        "",
        "El sitio del anime Glass Orchard confirmó el lunes que habrá una segunda temporada.",
        {("Glass Orchard", "renewed", 2)},
    ),
    (
        "numbered_sequels_after_a_renewal_roundup",
        "",
        "The streamer has renewed five dramas for next year. Night Desk 2 and Salt Flats 3 are "
        "on the list, while Harbor Lights 2 will arrive in the fall. Copper Canyon 2 was a hit "
        "last year.",
        {
            ("Night Desk", "renewed", 2),
            ("Salt Flats", "renewed", 3),
            ("Harbor Lights", "renewed", 2),
        },
    ),
    ("numbered_sequel_alone_is_no_renewal", "", "Night Desk 2 will arrive in the fall.", set()),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want"), PHRASINGS, ids=[r[0] for r in PHRASINGS]
)
def test_trade_press_phrasings(
    name: str, title: str, text: str, want: set[tuple[str, str, int | None]]
) -> None:
    assert claims(title, text) == want, explain(title, text, WATCHLIST)


SHORT_FORMS = Watchlist(
    [
        Series("The Legend of Copper Hollow"),
        Series("CSI: Crime Scene Investigation"),
        Series("NCIS: Los Angeles"),
    ]
)


@pytest.mark.parametrize(
    ("headline", "want"),
    [
        ("Copper Hollow renewed for season 4", {("The Legend of Copper Hollow", "renewed", 4)}),
        ("CSI renewed for season 9", {("CSI: Crime Scene Investigation", "renewed", 9)}),
        ("NCIS renewed for season 9", set()),  # the letters do not spell "Los Angeles"
    ],
)
def test_the_press_short_forms_of_long_titles(
    headline: str, want: set[tuple[str, str, int | None]]
) -> None:
    found = {(c.series, c.event, c.season) for c in detect(headline, "", SHORT_FORMS)}
    assert found == want


STORY_RULES = [
    (
        "a_one_word_title_closing_a_list_is_a_title",
        "",
        "CBS cancelled three dramas: Night Desk, Salt Flats, and Evil Variety reports.",
        {("Night Desk", "cancelled", None), ("Salt Flats", "cancelled", None)},
        {("Evil", "cancelled", None)},
    ),
    (
        "a_list_late_in_the_story_takes_the_opening_news",
        "",
        "CBS has cancelled several shows this year. Ratings were down across the board. Critics "
        "were unimpressed. Advertisers grew nervous. Some on CBS have included Night Desk and "
        "Salt Flats.",
        {("Night Desk", "cancelled", None), ("Salt Flats", "cancelled", None)},
        set(),
    ),
    (
        "the_series_in_the_next_sentence_states_the_season",
        "",
        "CBS has cancelled Night Desk. Night Desk is a remake of an older procedural. The series "
        "is currently in its fourth season.",
        {("Night Desk", "cancelled", 4)},
        set(),
    ),
    (
        "an_aside_does_not_hide_the_season_after_it",
        "",
        "CBS cancelled Night Desk on Friday. Night Desk, which was a spinoff of Salt Flats, will "
        "close out its third - and now final - season in May.",
        {("Night Desk", "cancelled", 3)},
        set(),
    ),
    (
        "the_return_of_without_a_season_is_no_renewal",
        "",
        "Fans hailed the return of Night Desk.",
        set(),
        set(),
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "want", "also"), STORY_RULES, ids=[r[0] for r in STORY_RULES]
)
def test_story_level_rules(
    name: str,
    title: str,
    text: str,
    want: set[tuple[str, str, int | None]],
    also: set[tuple[str, str, int | None]],
) -> None:
    """`want` must be exactly the claims but for `also`, which may be there too."""
    found = claims(title, text)
    assert want <= found and found - want <= also, explain(title, text, WATCHLIST)


FRANCHISE = Watchlist(
    [
        Series("The Night Court of Boston"),
        Series("The Night Court of Denver"),
        Series("Boston Harbor"),
    ]
)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Bravo confirmed the return of its Night Court editions, including Boston (Season 4) "
            "and Denver (Season 2).",
            {
                ("The Night Court of Boston", "renewed", 4),
                ("The Night Court of Denver", "renewed", 2),
            },
        ),
        ("Bravo renewed Boston for a fourth season.", set()),  # no franchise named first
    ],
)
def test_franchise_entries_named_by_their_own_part(
    text: str, want: set[tuple[str, str, int | None]]
) -> None:
    found = {(c.series, c.event, c.season) for c in detect("", text, FRANCHISE)}
    assert found == want, explain("", text, FRANCHISE)
