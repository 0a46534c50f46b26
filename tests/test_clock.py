"""The service's clock: one place reads the time, and CI can move it a year ahead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scraper import clock


@pytest.fixture(autouse=True)
def _fresh_skew() -> object:
    clock.skew.cache_clear()
    yield
    clock.skew.cache_clear()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", timedelta(0)),
        ("365d", timedelta(days=365)),
        ("-2h", timedelta(hours=-2)),
        (" 90m ", timedelta(minutes=90)),
        ("+30s", timedelta(seconds=30)),
    ],
)
def test_the_skew_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: timedelta
) -> None:
    monkeypatch.setenv(clock.SKEW_VARIABLE, raw)
    assert clock.skew() == expected


def test_now_is_moved_by_the_skew(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.SKEW_VARIABLE, "365d")
    moved = clock.utcnow() - datetime.now(UTC)
    assert timedelta(days=365) - timedelta(seconds=5) < moved <= timedelta(days=365)
    assert clock.utcnow().tzinfo is UTC


def test_a_malformed_skew_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.SKEW_VARIABLE, "a year")
    with pytest.raises(ValueError, match="RENEWAL_RADAR_CLOCK_SKEW: not a duration: 'a year'"):
        clock.utcnow()


def test_the_wall_clock_is_never_skewed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.SKEW_VARIABLE, "365d")
    assert abs(clock.wallclock() - datetime.now(UTC)) < timedelta(seconds=5)
    due = clock.utcnow() + timedelta(minutes=5)
    ahead = clock.on_wallclock(due) - datetime.now(UTC)
    assert timedelta(minutes=4) < ahead <= timedelta(minutes=5)
