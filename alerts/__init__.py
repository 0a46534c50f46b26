"""Alerting: detection (pure), events, the delivery outbox, and the config it all reads.

This is the package's public face; other code imports only these names.
It may import the public face of `scraper`, never the other way round.
"""

from .claims import release_orphans
from .config import EVENTS, Config, ConfigError, SourceConfig, SubscriberConfig, load_config
from .connections import Connections
from .deliver import QuietApprise, SendResult, check_target, send, target_label
from .detect import Claim, Series, Watchlist, detect, explain
from .events import (
    EventView,
    Recorded,
    Subscriber,
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
