"""The title finder's shortcuts against the plain searches they stand for."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from alerts.layout import sentences
from alerts.mentions import (
    _DETERMINER_BEFORE,
    _QUOTES,
    Series,
    Watchlist,
    _determiner_before,
    _has_upper,
    quoted,
)
from alerts.rules_base import isearch

BEFORE = st.text(alphabet="theirsaoTHEIRSAO ſK\n\t\u00a0.,'", max_size=30)


@settings(max_examples=2000, deadline=None)
@given(BEFORE, st.integers(0, 40))
@example("lost in their  \n", 16)
@example("xthe ", 5)
def test_a_determiner_is_sought_where_it_can_begin(text: str, start: int) -> None:
    start = min(start, len(text))
    want = isearch(_DETERMINER_BEFORE, text, 0, start) is not None
    assert _determiner_before(text, start) == want


@given(st.text(max_size=30))
def test_upper_case_is_found_as_char_by_char(text: str) -> None:
    assert _has_upper(text) == any(c.isupper() for c in text)


@given(st.text(alphabet="ab\"'“”‘’«»„‚*_ ", max_size=12), st.integers(0, 12), st.integers(0, 12))
def test_quotes_are_found_as_char_by_char(text: str, start: int, end: int) -> None:
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    want = any(c in _QUOTES for c in before) and any(c in _QUOTES for c in after)
    assert quoted(text, start, end) == want


def test_the_particle_of_picked_up_is_no_show_called_up() -> None:
    from alerts.mentions import Series, Watchlist

    wl = Watchlist([Series("Up"), Series("Manifest")])
    found = [m.series.title for m in wl.find("Manifest Has Been Picked Up By Netflix for Season 4")]
    assert found == ["Manifest"]
    assert [m.series.title for m in wl.find("Netflix Renews Up For Season 2")] == ["Up"]


# `Watchlist.may_name` lets a detector skip a story: it must say yes wherever the layout's
# line-by-line search finds a title, whatever stands around the title and across lines.
NAMES = (
    "Grey's Anatomy",
    "The Real Housewives of Potomac",
    "The Real Housewives of Miami",
    "9-1-1",
)
MAY_WATCHLIST = Watchlist(Series(t) for t in NAMES)
PIECES = st.sampled_from(
    [*NAMES, "Potomac", "Greys", "grey’s anatomy", "real housewives", "Miami", "9 1 1", "A'S'S",
     "the", "and", "\n", "\n\n", ". ", "’s", "'", "&", "é", "İ", " ", ",", "“", "”", "-",
     "′", "‛", "„", "″"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=14), st.lists(PIECES, max_size=4))
def test_a_story_a_line_of_which_names_a_title_may_name_one(
    body: list[str], head: list[str]
) -> None:
    title, text = "".join(head), "".join(body)
    found = any(s.mentions for s in sentences(title, text, MAY_WATCHLIST))
    if found:
        assert MAY_WATCHLIST.may_name(title, text)


def test_a_story_naming_no_watched_title_is_told_so() -> None:
    assert not MAY_WATCHLIST.may_name("Ratings were steady for the medical drama this spring.")
    assert MAY_WATCHLIST.may_name("ABC renewed Grey’s Anatomy.\nIt is\nthe longest.")
    assert MAY_WATCHLIST.may_name("Bravo said the Real Housewives shows, Potomac among them")


def test_a_title_written_with_a_prime_or_reversed_apostrophe_is_read_by_both_detectors() -> None:
    # sentences straighten these quotes; the cheap check before them must see them the same way
    from alerts.detect import detect as rules_detect
    from alerts.detection import detect as model_detect

    for mark in "′‛":
        headline = f"ABC renews Grey{mark}s Anatomy for season 23"
        assert MAY_WATCHLIST.may_name(headline, "")
        for detect in (rules_detect, model_detect):
            claims = detect(headline, "", MAY_WATCHLIST)
            assert [(c.series, c.event) for c in claims] == [("Grey's Anatomy", "renewed")], detect


LIST_WATCHLIST = Watchlist(
    Series(t)
    for t in ("Invasion", "Freddie", "Sons & Daughters", "Less Than Perfect", "Rodney",
              "Commander in Chief", "Survivor", "Survivors", "Law & Order: Special Victims Unit",
              "Lost")
)  # fmt: skip


def _named(text: str) -> list[str]:
    return [m.series.title for m in LIST_WATCHLIST.find(text)]


def test_a_common_word_that_opens_a_list_of_titles_is_one() -> None:
    assert _named("Out: Invasion, Sons & Daughters, Less Than Perfect, Rodney.") == [
        "Invasion", "Sons & Daughters", "Less Than Perfect", "Rodney"
    ]  # fmt: skip
    # only where it opens the list: after a word, a capitalised common word stays a word
    assert _named("We saw Invasion, Sons & Daughters and Less Than Perfect.") == [
        "Sons & Daughters", "Less Than Perfect"
    ]  # fmt: skip


def test_a_list_goes_on_past_a_long_aside() -> None:
    text = ("Out: Rodney, Commander-In-Chief (although that may return as a two-hour movie), "
            "Freddie, Lost.")  # fmt: skip
    assert _named(text) == ["Rodney", "Commander in Chief", "Freddie", "Lost"]


def test_a_subtitle_is_named_by_its_initials() -> None:
    assert _named("Law & Order: SVU (Renewed 2/27)") == ["Law & Order: Special Victims Unit"]


def test_a_title_beats_another_titles_possessive_of_the_same_words() -> None:
    assert _named("Survivors falls under BBC axe") == ["Survivors"]
    assert _named("Survivor's host returns") == ["Survivor"]
