"""The title finder's shortcuts against the plain searches they stand for."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from alerts.mentions import _DETERMINER_BEFORE, _QUOTES, _determiner_before, _has_upper, quoted
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
