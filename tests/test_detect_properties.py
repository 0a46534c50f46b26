"""Property tests for the detector: case, unrelated text and absent titles change nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from alerts.detect import Series, Watchlist, detect

TITLES = ("Harbor Lights", "Copper Canyon", "Night Desk", "Glass Orchard", "Pelican Bay")
WATCHLIST = Watchlist(Series(t, network="NBC") for t in TITLES)
TEMPLATES = (
    "NBC has renewed {t} for a {o} season.",
    "{t} has been cancelled after {n} seasons.",
    "NBC renews {t} and {u}, cancels {v}.",
    "{t} will end with season {d}, the network said.",
    "The streamer has picked up {t} for season {d} after NBC cancelled it.",
    "NBC could renew {t} soon, though no decision has been made.",
    "{t} fans are still waiting for news about a {o} season.",
    "{t} is on the bubble at NBC.",
)
ORDINALS = ("second", "third", "fourth", "fifth")
NUMBERS = ("two", "three", "four", "five")
FILLER = (
    "Production begins in Vancouver next spring.",
    "The cast includes several newcomers and a returning guest star.",
    "Ratings were steady across the season.",
    "Viewers praised the writing on social media.",
)


@st.composite
def stories(draw: st.DrawFn) -> tuple[str, str]:
    t, u, v = draw(st.permutations(TITLES))[:3]
    parts = draw(st.lists(st.sampled_from(TEMPLATES), min_size=1, max_size=3))
    fill = {"t": t, "u": u, "v": v, "o": draw(st.sampled_from(ORDINALS))}
    fill |= {"n": draw(st.sampled_from(NUMBERS)), "d": str(draw(st.integers(2, 12)))}
    text = " ".join(p.format(**fill) for p in parts)
    title = draw(st.sampled_from(("", f"{t} renewed for season {fill['d']}", f"{t} news")))
    return title, text


def key(title: str, text: str) -> set[tuple[str, str, int | None]]:
    return {(c.series, c.event, c.season) for c in detect(title, text, WATCHLIST)}


@settings(max_examples=150, deadline=None)
@given(stories())
def test_case_does_not_matter(story: tuple[str, str]) -> None:
    title, text = story
    expected = key(title, text)
    assert key(title.upper(), text.upper()) == expected
    assert key(title.lower(), text.lower()) == expected


@settings(max_examples=150, deadline=None)
@given(stories(), st.lists(st.sampled_from(FILLER), min_size=1, max_size=4))
def test_an_unrelated_paragraph_changes_nothing(story: tuple[str, str], extra: list[str]) -> None:
    title, text = story
    assert key(title, text + "\n\n" + " ".join(extra)) == key(title, text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.text(max_size=300))
def test_no_claim_without_a_watchlist_mention(title: str, text: str) -> None:
    named = {m.series.title for m in WATCHLIST.find(title)} | {
        m.series.title for m in WATCHLIST.find(text)
    }
    assert {c.series for c in detect(title, text, WATCHLIST)} <= named


@settings(max_examples=100, deadline=None)
@given(stories())
def test_an_empty_watchlist_never_claims(story: tuple[str, str]) -> None:
    assert detect(*story, Watchlist([])) == []


@settings(max_examples=100, deadline=None)
@given(stories())
def test_claims_are_unique_per_series_and_event(story: tuple[str, str]) -> None:
    found = detect(*story, WATCHLIST)
    assert len({(c.series, c.event) for c in found}) == len(found)
    assert all(0 <= c.confidence <= 1 and c.evidence and c.rule for c in found)
