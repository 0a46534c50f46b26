"""Dates in test fixtures, relative to today: `{DAY-N}` in a saved page is the UTC date N days ago.

Fixtures carry no fixed dates, so a test never rots as the calendar moves on (stories older than
`detection.max_age` never alert).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from scraper import utcnow

_DAY = re.compile(r"\{DAY-(\d+)\}")


def day(n: int) -> date:
    """The UTC date `n` days before today."""
    return utcnow().date() - timedelta(days=n)


def at(n: int, hour: int = 0, minute: int = 0) -> datetime:
    """`hour:minute` UTC on the day `n` days before today."""
    d = day(n)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=UTC)


def fill_days(text: str) -> str:
    """Replaces each `{DAY-N}` with the ISO date N days ago."""
    return _DAY.sub(lambda m: day(int(m.group(1))).isoformat(), text)
