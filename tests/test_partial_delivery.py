"""One fan, three real channels (JSON, e-mail, MQTT): a partial success retries only the failures.

The e-mail server and the MQTT broker are down at first (connection refused) and
come back on the same port; the JSON receiver answers HTTP 500 twice. Every
channel gets the alert exactly once. Needs Mosquitto on 127.0.0.1:1883.
"""

from __future__ import annotations

import json
import queue
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from proxy import Proxy
from pytest_httpserver import HTTPServer
from receivers import Receiver, closed_port
from smtp_receiver import SmtpReceiver
from test_channels import BROKER, Subscriber, _mqtt_url
from test_channels import subscriber as mqtt_subscriber  # noqa: F401  (a fixture)
from test_delivery_policy import Clock, radar_for, renewals_feed
from test_end_to_end import write_config

from alerts import deliveries

TITLE = "Severance renewed for season 4"


@pytest.fixture
def forwarded_port() -> Iterator[tuple[int, list[Proxy]]]:
    started: list[Proxy] = []
    yield closed_port(), started
    for forwarder in started:
        forwarder.cut()


@pytest.mark.mqtt
def test_a_partial_success_retries_only_the_failed_targets_until_each_has_it_once(
    httpserver: HTTPServer,
    tmp_path: Path,
    db_url: str,
    mqtt_subscriber: Subscriber,  # noqa: F811  (the fixture imported above)
    forwarded_port: tuple[int, list[Proxy]],
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        renewals_feed("https://tv.example.com", "Severance"), content_type="application/rss+xml"
    )
    mqtt_port, forwarders = forwarded_port
    smtp_port = closed_port()
    clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    with Receiver() as rx:
        rx.fail_first(2)
        targets = [
            rx.url("/fan", auth="fan:JSONTOKEN4711"),
            f"mailto://127.0.0.1:{smtp_port}?from=radar@example.com&to=fan@example.com",
            _mqtt_url(mqtt_subscriber.topic, "?qos=1", port=mqtt_port),
        ]
        config = write_config(tmp_path / "c.yaml", db_url, httpserver.url_for("/feed"),
                              [{"name": "fan", "notify": targets}],
                              delivery={"retry": ["1m"] * 5, "timeout": "3s"},
                              detection={"max_age": "100000d"})  # fmt: skip
        data = json.loads(config.read_text())
        data["series"] = [{"title": "Severance"}]
        config.write_text(json.dumps(data))
        radar = radar_for(config, clock)

        first = radar.once().delivery
        assert (first.sent, first.retrying) == (0, 3)  # 500, refused, refused
        clock.at += timedelta(minutes=1)
        second = radar.once().delivery
        assert (second.sent, second.retrying) == (0, 3)  # 500 again; still down
        with SmtpReceiver(port=smtp_port) as smtp:
            forwarders.append(Proxy(BROKER, mqtt_port).restore())  # the broker comes back
            clock.at += timedelta(minutes=1)
            third = radar.once().delivery
            assert (third.sent, third.retrying) == (3, 0)
            for _ in range(3):
                clock.at += timedelta(minutes=1)
                assert radar.once().delivery.sent == 0  # nothing is sent twice
            mails = list(smtp.messages)
        with radar.store.engine.connect() as conn:
            states = conn.execute(sa.select(deliveries.c.status, deliveries.c.attempts)).all()
        radar.close()
        posts = list(rx.received)
    assert sorted(tuple(s) for s in states) == [("sent", 3)] * 3
    assert [p.json()["title"] for p in posts] == [TITLE] * 3  # two 500s, then the delivery
    assert [m["Subject"] for m in mails] == [TITLE]
    message = mqtt_subscriber.next()
    assert message.payload.decode().startswith(f"{TITLE}\r\n")
    with pytest.raises(queue.Empty):
        mqtt_subscriber.next(timeout=0.3)  # exactly once
