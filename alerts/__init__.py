"""Alerting: detection (pure), events, the delivery outbox, and the config it all reads.

This is the package's public face; other code imports only these names.
It may import the public face of `scraper`, never the other way round.

Each name loads its module on first use (PEP 562), so `check-config`, which needs
only `load_config`, imports neither SQLAlchemy nor the detector; `scheduler` asks
for everything and gets it. `_HOMES` says where each name lives; the imports under
TYPE_CHECKING say the same to the type checker (tests/test_faces.py holds them equal).
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .claims import release_orphans
    from .config import EVENTS, Config, ConfigError, SourceConfig, SubscriberConfig, load_config
    from .connections import Connections
    from .deliver import QuietApprise, SendResult, check_target, send, target_label
    from .detect import Claim, Series, Watchlist, detect, explain
    from .events import (
        EventView,
        Recorded,
        Subscriber,
        queue_deliveries,
        recent_events,
        record,
        series_key,
        waiting_lines,
    )
    from .message import Alert, render, with_unsubscribe
    from .operator import delivery_counts, delivery_lines, relabel, requeue_dead
    from .outbox import DeliveryReport, deliver_due, next_due
    from .secrets import mask as hide_secrets
    from .tables import deliveries, events, reports
    from .timing import Timing, parse_quiet

_HOMES: dict[str, tuple[str, str]] = {
    name: (module, attr)
    for module, names in {
        ".claims": ("release_orphans",),
        ".config": ("EVENTS", "Config", "ConfigError", "SourceConfig", "SubscriberConfig",
                    "load_config"),
        ".connections": ("Connections",),
        ".deliver": ("QuietApprise", "SendResult", "check_target", "send", "target_label"),
        ".detect": ("Claim", "Series", "Watchlist", "detect", "explain"),
        ".events": ("EventView", "Recorded", "Subscriber", "queue_deliveries", "recent_events",
                    "record", "series_key", "waiting_lines"),
        ".message": ("Alert", "render", "with_unsubscribe"),
        ".operator": ("delivery_counts", "delivery_lines", "relabel", "requeue_dead"),
        ".outbox": ("DeliveryReport", "deliver_due", "next_due"),
        ".tables": ("deliveries", "events", "reports"),
        ".timing": ("Timing", "parse_quiet"),
    }.items()
    for name, attr in ((n, n) for n in names)
} | {"hide_secrets": (".secrets", "mask")}  # fmt: skip
"""Public name -> (module, its name there)."""


if not TYPE_CHECKING:  # hidden from mypy, which would then accept any name from here

    def __getattr__(name: str) -> Any:
        """Import the module a public name lives in, on first use, and keep the name here."""
        if name not in _HOMES:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        module, attr = _HOMES[name]
        value = getattr(import_module(module, __name__), attr)
        globals()[name] = value
        return value


class _Face(ModuleType):
    """Keeps `detect` and `events` free for the function and the table they name: the import
    system binds every submodule it loads on its package, and two share those names."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _HOMES and isinstance(value, ModuleType) and value.__name__.endswith(f".{name}"):
            return  # `alerts.detect` stays the function, as when this face imported eagerly
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Face


def model_detect(title: str, text: str, watchlist: Watchlist) -> list[Claim]:
    """The learned detector (`alerts.detection.detect`), imported on first use: a service
    configured for the rules never loads it."""
    from .detection import detect

    return detect(title, text, watchlist)


def model_explain(title: str, text: str, watchlist: Watchlist) -> list[str]:
    """`alerts.detection.explain`, imported on first use."""
    from .detection import explain

    return explain(title, text, watchlist)


__all__ = [
    "EVENTS",
    "Alert",
    "Claim",
    "Config",
    "ConfigError",
    "Connections",
    "DeliveryReport",
    "EventView",
    "QuietApprise",
    "Recorded",
    "SendResult",
    "Series",
    "SourceConfig",
    "Subscriber",
    "SubscriberConfig",
    "Timing",
    "Watchlist",
    "check_target",
    "deliver_due",
    "deliveries",
    "delivery_counts",
    "delivery_lines",
    "detect",
    "events",
    "explain",
    "hide_secrets",
    "load_config",
    "model_detect",
    "model_explain",
    "next_due",
    "parse_quiet",
    "queue_deliveries",
    "recent_events",
    "record",
    "relabel",
    "release_orphans",
    "render",
    "reports",
    "requeue_dead",
    "send",
    "series_key",
    "target_label",
    "waiting_lines",
    "with_unsubscribe",
]
