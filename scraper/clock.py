"""The service's clock: the one place that reads the time of day.

`RENEWAL_RADAR_CLOCK_SKEW` (`365d`, `-2h`, `90m`) moves it: CI runs the whole suite a second
time a year ahead, so a test fixture with a fixed date fails there, not on a user's machine
months later. Leave it unset in production.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from functools import cache

SKEW_VARIABLE = "RENEWAL_RADAR_CLOCK_SKEW"
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_SKEW = re.compile(r"\s*([+-]?\d+)\s*([smhd])\s*")


@cache
def skew() -> timedelta:
    """The offset from the environment (zero when unset); a malformed value is an error."""
    raw = os.environ.get(SKEW_VARIABLE, "").strip()
    if not raw:
        return timedelta(0)
    match = _SKEW.fullmatch(raw)
    if match is None:
        raise ValueError(
            f"{SKEW_VARIABLE}: not a duration: {raw!r} (use a number and s, m, h or d)"
        )
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def utcnow() -> datetime:
    """Now, in UTC, moved by the skew: the time of stories, events and deliveries."""
    return datetime.now(UTC) + skew()


def wallclock() -> datetime:
    """The real time, never skewed: for timers kept outside the service (APScheduler's)."""
    return datetime.now(UTC)


def on_wallclock(when: datetime) -> datetime:
    """A service-clock time as the wall clock reads it (to schedule a timer for it)."""
    return when - skew()
