"""Fans who subscribe on the web: pending until confirmed by code, then delivered like any other.

Owns the `fans` table. An active fan becomes a `Subscriber` (named `web-…`) whose
outbox rows are made and sent exactly as a config subscriber's; unsubscribing
forgets the target and cancels the rows still waiting, so nothing more is sent.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from scraper import insert_for

from ..deliver import target_key, target_label
from ..events import Subscriber
from ..tables import deliveries, fans
from ..timing import Timing, parse_clock, parse_quiet
from .signing import Signer, new_code

CODE_LIFETIME = timedelta(hours=24)
"""An unconfirmed subscription expires after this; its code no longer works."""

CODE_TRIES = 5
"""Wrong codes a pending subscription takes before it must be started again."""

EVENTS = ("renewed", "cancelled", "ending", "revived")


@dataclass(frozen=True, slots=True)
class Choice:
    """What a fan follows and when they hear of it (a subscription form's answer)."""

    series: frozenset[str] | None  # series keys; None is all
    events: frozenset[str] = frozenset(EVENTS)
    mode: str = "instant"
    digest_at: str = "08:00"
    timezone: str = "UTC"
    quiet_hours: str | None = None

    def timing(self) -> Timing:
        quiet = parse_quiet(self.quiet_hours) if self.quiet_hours else None
        return Timing(self.mode, parse_clock(self.digest_at), ZoneInfo(self.timezone), quiet)


@dataclass(frozen=True, slots=True)
class Fan:
    """A web subscription as pages show it: never its URL, only the label."""

    id: int
    name: str
    label: str
    choice: Choice
    status: str  # pending | active | unsubscribed
    created_at: datetime
    expires_at: datetime | None
    confirmed_at: datetime | None


class Fans:
    """The `fans` table, read and written with the web face's `Signer`."""

    def __init__(self, engine: Engine, signer: Signer, base_url: str) -> None:
        self.engine = engine
        self.signer = signer
        self.base_url = base_url.rstrip("/")

    def start(self, url: str, choice: Choice, now: datetime) -> tuple[Fan, str]:
        """A pending subscription for `url` and the code to send there."""
        name = f"web-{secrets.token_hex(6)}"
        code = new_code()
        row = {
            "name": name, "target_cipher": self.signer.encrypt(url),
            "target_key": target_key(url), "target_label": target_label(url),
            "status": "pending", "code_hash": self.signer.code_hash(name, code),
            "created_at": now, "expires_at": now + CODE_LIFETIME, **_choice_row(choice),
        }  # fmt: skip
        with self.engine.begin() as conn:
            fan_id = conn.execute(fans.insert().values(row).returning(fans.c.id)).scalar_one()
        fan = self.get(fan_id)
        assert fan is not None
        return fan, code

    def codes_sent(self, url: str, now: datetime) -> int:
        """How many subscriptions were started for `url` in the last day (codes sent there)."""
        query = sa.select(sa.func.count()).where(
            fans.c.target_key == target_key(url), fans.c.created_at > now - CODE_LIFETIME
        )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def drop(self, fan_id: int) -> None:
        """Forget a pending subscription whose code could not be sent."""
        with self.engine.begin() as conn:
            conn.execute(fans.delete().where(fans.c.id == fan_id, fans.c.status == "pending"))

    def get(self, fan_id: int) -> Fan | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(fans).where(fans.c.id == fan_id)).mappings().first()
        return _fan(row) if row else None

    def by_name(self, name: str) -> Fan | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(fans).where(fans.c.name == name)).mappings().first()
        return _fan(row) if row else None

    def confirm(self, fan: Fan, code: str, now: datetime) -> str | None:
        """Start a pending subscription whose code is right; else why not."""
        if fan.status != "pending":
            return None if fan.status == "active" else "this subscription was cancelled"
        if fan.expires_at is None or fan.expires_at <= now:
            return "this code has expired (codes last 24 hours); please subscribe again"
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(fans.c.code_hash, fans.c.code_tries)
                               .where(fans.c.id == fan.id)).one()  # fmt: skip
            if row.code_tries >= CODE_TRIES:
                return "too many wrong codes; please subscribe again"
            if not self.signer.code_ok(fan.name, code, row.code_hash):
                conn.execute(fans.update().where(fans.c.id == fan.id)
                             .values(code_tries=fans.c.code_tries + 1))  # fmt: skip
                return "that code is not right; check the message and try again"
            values = {"status": "active", "confirmed_at": now, "code_hash": None,
                      "expires_at": None}  # fmt: skip
            conn.execute(fans.update().where(fans.c.id == fan.id).values(values))
        return None

    def change(self, fan: Fan, choice: Choice) -> None:
        with self.engine.begin() as conn:
            conn.execute(fans.update().where(fans.c.id == fan.id).values(_choice_row(choice)))

    def unsubscribe(self, fan: Fan, now: datetime, status: str = "unsubscribed") -> int:
        """Stop all to `fan`: forget the URL, cancel the waiting rows; how many were cancelled."""
        values = {"status": status, "target_cipher": None, "code_hash": None,
                  "unsubscribed_at": now}  # fmt: skip
        waiting = deliveries.c.status.in_(("pending", "retrying"))
        with self.engine.begin() as conn:
            conn.execute(fans.update().where(fans.c.id == fan.id).values(values))
            cancel = deliveries.update().where(deliveries.c.subscriber == fan.name, waiting)
            cancel = cancel.values(status="cancelled", last_error="unsubscribed")
            return int(conn.execute(cancel).rowcount)

    def opt_out(self, name: str, now: datetime) -> int:
        """A config subscriber stops their alerts: remembered here, waiting rows cancelled."""
        row = {"name": name, "target_key": "", "target_label": "config.yaml", "events": "",
               "status": "opted-out", "created_at": now, "unsubscribed_at": now}  # fmt: skip
        with self.engine.begin() as conn:
            conn.execute(insert_for(conn, fans).values(row).on_conflict_do_nothing())
        fan = self.by_name(name)
        assert fan is not None
        return self.unsubscribe(fan, now, status="opted-out")

    def opted_out(self) -> set[str]:
        """The config subscribers who stopped their alerts on the web."""
        query = sa.select(fans.c.name).where(fans.c.status == "opted-out")
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def listing(self, statuses: Sequence[str] = ("pending", "active")) -> list[Fan]:
        query = sa.select(fans).where(fans.c.status.in_(statuses)).order_by(fans.c.id)
        with self.engine.connect() as conn:
            return [_fan(row) for row in conn.execute(query).mappings()]

    def purge(self, now: datetime) -> int:
        """Delete subscriptions never confirmed within `CODE_LIFETIME`."""
        expired = (fans.c.status == "pending") & (fans.c.expires_at <= now)
        with self.engine.begin() as conn:
            return int(conn.execute(fans.delete().where(expired)).rowcount)

    def subscribers(self) -> list[Subscriber]:
        """Every active fan as a `Subscriber` the outbox can plan for and send to."""
        query = sa.select(fans).where(fans.c.status == "active").order_by(fans.c.id)
        with self.engine.connect() as conn:
            rows = list(conn.execute(query).mappings())
        found = []
        for row in rows:
            url = self.signer.decrypt(row["target_cipher"] or "")
            if url is None:
                continue  # encrypted under another web.secret: cannot be sent to
            choice = _choice(row)
            found.append(Subscriber(
                name=row["name"], targets=(url,), series=choice.series,
                events=choice.events, timing=choice.timing(),
                manage_url=self.manage_url(row["name"]),
            ))  # fmt: skip
        return found

    def manage_url(self, name: str) -> str:
        return f"{self.base_url}/manage/{self.signer.sign('manage', name)}"

    def confirm_url(self, name: str) -> str:
        return f"{self.base_url}/confirm/{self.signer.sign('confirm', name)}"


def _choice_row(choice: Choice) -> dict[str, Any]:
    series = None if choice.series is None else json.dumps(sorted(choice.series))
    return {
        "series": series, "events": ",".join(e for e in EVENTS if e in choice.events),
        "mode": choice.mode, "digest_at": choice.digest_at, "timezone": choice.timezone,
        "quiet_hours": choice.quiet_hours,
    }  # fmt: skip


def _choice(row: Any) -> Choice:
    series = None if row["series"] is None else frozenset(json.loads(row["series"]))
    return Choice(series, frozenset(row["events"].split(",")), row["mode"], row["digest_at"],
                  row["timezone"], row["quiet_hours"])  # fmt: skip


def _fan(row: Any) -> Fan:
    return Fan(row["id"], row["name"], row["target_label"], _choice(row), row["status"],
               row["created_at"], row["expires_at"], row["confirmed_at"])  # fmt: skip
