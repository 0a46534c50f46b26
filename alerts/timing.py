"""When a fan may be messaged: instant or daily digest, in their time zone, outside quiet hours.

Pure: every function takes the time it reasons about; nothing here reads a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

UTC_ZONE = ZoneInfo("UTC")


@dataclass(frozen=True, slots=True)
class Timing:
    """A fan's delivery schedule. `quiet` is (start, end) local times; it may wrap midnight."""

    mode: str = "instant"  # or "digest"
    digest_at: time = time(8, 0)
    zone: tzinfo = UTC_ZONE
    quiet: tuple[time, time] | None = None

    def release_at(self, t: datetime) -> datetime:
        """The earliest moment at or after `t` when a message may go to this fan."""
        if self.mode == "digest":
            return self.next_digest(t)
        return self.after_quiet(t)

    def retry_at(self, t: datetime) -> datetime:
        """When a failed send may be tried again, `t` at the earliest: outside quiet hours.

        A failed digest is retried along the ladder too, not held until the next digest.
        """
        return self.after_quiet(t)

    def next_digest(self, t: datetime) -> datetime:
        local = t.astimezone(self.zone)
        slot = _at(local, self.digest_at)
        if slot < local:
            slot = _at(local + timedelta(days=1), self.digest_at)
        return slot.astimezone(t.tzinfo)

    def after_quiet(self, t: datetime) -> datetime:
        if self.quiet is None:
            return t
        local = t.astimezone(self.zone)
        start, end = self.quiet
        now = local.time()
        inside = start <= now < end if start <= end else (now >= start or now < end)
        if not inside:
            return t
        day = local if now < end else local + timedelta(days=1)
        return _at(day, end).astimezone(t.tzinfo)


def _at(day: datetime, clock: time) -> datetime:
    """`day`'s date at local `clock` in `day`'s zone (a DST gap resolves forward)."""
    naive = datetime.combine(day.date(), clock)
    return naive.replace(tzinfo=day.tzinfo)


def parse_clock(value: str) -> time:
    """`HH:MM` (24-hour) as a `time`."""
    try:
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"not a time of day: {value!r} (use HH:MM, as in 08:00)") from None


def parse_quiet(value: str) -> tuple[time, time]:
    """`22:00-07:00` as (start, end)."""
    start, sep, end = value.partition("-")
    if not sep:
        raise ValueError(f"not a range of times: {value!r} (use HH:MM-HH:MM, as in 22:00-07:00)")
    return parse_clock(start), parse_clock(end)


INSTANT = Timing()
"""Alerts as soon as they are found, at any hour."""
