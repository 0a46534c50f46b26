"""Delivery over real channels with failures injected: MQTT (Mosquitto), e-mail (aiosmtpd), JSON.

Every send goes through `alerts.deliver.send` and real Apprise to a real server on
loopback. The MQTT tests need Mosquitto on 127.0.0.1:1883: they skip with how to
start it, or fail when RENEWAL_RADAR_REQUIRE_SERVICES is set (CI).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import paho.mqtt.client as mqtt
import pytest
from receivers import Receiver, closed_port
from smtp_receiver import RECIPIENT, SENDER, SmtpReceiver

from alerts.deliver import SendResult, check_target, send, target_label

BROKER = ("127.0.0.1", 1883)
MQTT_HOWTO = (
    "Mosquitto is not reachable at 127.0.0.1:1883; start it with "
    "`mosquitto -d -c /etc/mosquitto/mosquitto.conf`"
)
TITLE = "Jessica Jones renewed for season 2"
BODY = "**Jessica Jones** renewed\n\n[Read the story](https://deadline.com/x)"
TOKEN = "JSONTOKEN4711"
MQTT_PASSWORD = "MQTTPASS4711"
SMTP_PASSWORD = "SECRETPASS4711"
SECRETS = (TOKEN, MQTT_PASSWORD, SMTP_PASSWORD)


# --- helpers ---------------------------------------------------------------------------------


def _rendered(record: logging.LogRecord) -> str:
    """Everything a handler could write for a record: message and exception text."""
    text = record.getMessage()
    if record.exc_info:
        text += logging.Formatter().formatException(record.exc_info)
    return text + (record.exc_text or "")


def _leaks(caplog: pytest.LogCaptureFixture, *secrets: str) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if any(s in _rendered(r) for s in secrets)
    ]


def _capture_everything(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: every logger propagates to it
    caplog.set_level(logging.DEBUG, logger="apprise")


def _timed_send(url: str, timeout: float) -> tuple[SendResult, float]:
    started = time.monotonic()
    result = send(url, TITLE, BODY, timeout=timeout)
    return result, time.monotonic() - started


def _assert_one_line_failure(result: SendResult, *secrets: str) -> str:
    assert not result.ok
    assert result.error is not None
    assert "\n" not in result.error and "\r" not in result.error
    assert not [s for s in secrets if s in result.error]
    return result.error


class _Listener:
    """A loopback TCP port that accepts and then says nothing (or, full, never accepts)."""

    def __init__(self, accept: bool) -> None:
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._held: list[socket.socket] = []
        if accept:
            self._server.listen()
            self._thread: threading.Thread | None = threading.Thread(
                target=self._accept, daemon=True
            )
            self._thread.start()
        else:  # Linux drops SYNs to a full accept queue: connecting hangs, like a firewall
            self._server.listen(0)
            self._thread = None
            for _ in range(3):
                filler = socket.socket()
                filler.setblocking(False)
                filler.connect_ex(self._server.getsockname())
                self._held.append(filler)
            time.sleep(0.05)

    @property
    def port(self) -> int:
        return int(self._server.getsockname()[1])

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            self._held.append(conn)

    def close(self) -> None:
        # shutdown() wakes the accept() blocked in the thread; close() alone may not
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)
        self._server.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        for conn in self._held:
            conn.close()


@pytest.fixture
def silent_server() -> Iterator[_Listener]:
    listener = _Listener(accept=True)
    yield listener
    listener.close()


@pytest.fixture
def unanswered_port() -> Iterator[_Listener]:
    listener = _Listener(accept=False)
    yield listener
    listener.close()


# --- MQTT ------------------------------------------------------------------------------------


def _broker_or_skip() -> None:
    try:
        socket.create_connection(BROKER, timeout=1).close()
    except OSError as e:
        if os.environ.get("RENEWAL_RADAR_REQUIRE_SERVICES"):
            pytest.fail(f"{MQTT_HOWTO}: {e}")
        pytest.skip(MQTT_HOWTO)


@dataclass
class Subscriber:
    """A paho client subscribed (QoS 2) to one fresh topic under renewal-radar/alerts."""

    topic: str
    messages: queue.Queue[mqtt.MQTTMessage]

    def next(self, timeout: float = 3.0) -> mqtt.MQTTMessage:
        return self.messages.get(timeout=timeout)


@pytest.fixture
def subscriber() -> Iterator[Subscriber]:
    _broker_or_skip()
    topic = f"renewal-radar/alerts/test-{uuid.uuid4().hex[:12]}"
    subscribed = threading.Event()
    sub = Subscriber(topic, queue.Queue())
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"rr-sub-{uuid.uuid4().hex}")
    client.on_connect = lambda c, userdata, flags, rc, props: c.subscribe(topic, qos=2)
    client.on_subscribe = lambda c, userdata, mid, codes, props: subscribed.set()
    client.on_message = lambda c, userdata, message: sub.messages.put(message)
    client.connect(*BROKER)
    client.loop_start()
    try:
        assert subscribed.wait(5), "Mosquitto did not confirm the subscription"
        yield sub
    finally:
        client.disconnect()
        client.loop_stop()


def _mqtt_url(topic: str, options: str = "", auth: str = "", port: int = 1883) -> str:
    return f"mqtt://{auth + '@' if auth else ''}127.0.0.1:{port}/{topic}{options}"


@pytest.mark.mqtt
@pytest.mark.parametrize(
    ("options", "qos"),
    [
        ("", 0),
        ("?qos=1", 1),
        ("?qos=2&version=v3.1.1&retain=no", 2),
        ("?qos=1&version=v3.1&client_id=renewal-radar-test", 1),
    ],
    ids=["defaults", "qos1", "qos2", "qos1-v3.1-client-id"],
)
def test_mqtt_alert_reaches_a_subscriber_with_title_and_body(
    subscriber: Subscriber, options: str, qos: int
) -> None:
    url = _mqtt_url(subscriber.topic, options)
    assert check_target(url) is None

    result = send(url, TITLE, BODY, timeout=5)

    assert result == SendResult(ok=True)
    message = subscriber.next()
    assert message.topic == subscriber.topic
    assert message.qos == qos
    # MQTT has no title field: Apprise sends "title\r\nbody" as one payload, Markdown as is
    assert message.payload.decode() == f"{TITLE}\r\n{BODY}"
    with pytest.raises(queue.Empty):
        subscriber.next(timeout=0.3)  # exactly once


def test_mqtt_version_5_is_refused_up_front_by_check_target() -> None:
    # Apprise 2.3 passes clean_session to paho 2.x, which refuses it for MQTT 5: the URL
    # never instantiates, so config checks report it instead of every send failing.
    url = _mqtt_url("renewal-radar/alerts", "?version=v5.0")

    assert check_target(url) == (
        "mqtt:// URL is incomplete or malformed for that service (see the Apprise wiki)"
    )
    assert send(url, TITLE, BODY, timeout=1) == SendResult(
        ok=False, error="mqtt://…: Apprise cannot parse this URL"
    )


@pytest.mark.mqtt
def test_mqtt_with_credentials_reaches_the_subscriber_and_hides_the_password(
    subscriber: Subscriber,
) -> None:
    # Mosquitto here allows anonymous clients, so it accepts any credentials
    url = _mqtt_url(subscriber.topic, "?qos=1", auth=f"radar:{MQTT_PASSWORD}")

    assert send(url, TITLE, BODY, timeout=5).ok

    assert subscriber.next().payload.decode().endswith(BODY)
    assert MQTT_PASSWORD not in target_label(url)
    assert target_label(url).startswith("mqtt://radar:****@127.0.0.1/")


def test_mqtt_to_a_closed_port_fails_quickly_with_one_line() -> None:
    url = _mqtt_url("renewal-radar/alerts", auth=f"radar:{MQTT_PASSWORD}", port=closed_port())

    result, elapsed = _timed_send(url, timeout=10)

    error = _assert_one_line_failure(result, MQTT_PASSWORD)
    assert error.startswith("mqtt://radar:****@127.0.0.1:")
    assert "Connection Error" in error
    assert elapsed < 5  # refused at once, not after the timeout (with room for a busy machine)


def test_mqtt_qos1_to_a_broker_that_never_acknowledges_fails_within_the_timeout(
    silent_server: _Listener,
) -> None:
    url = _mqtt_url("renewal-radar/alerts", "?qos=1", port=silent_server.port)

    result, elapsed = _timed_send(url, timeout=1)

    assert "could not be delivered" in _assert_one_line_failure(result)
    assert elapsed < 2.5


def test_mqtt_qos0_cannot_tell_a_silent_broker_from_a_real_one(
    silent_server: _Listener,
) -> None:
    # Known limit, pinned so it is not forgotten: QoS 0 is fire and forget, so Apprise
    # reports success once the bytes are written. Targets that matter should use ?qos=1.
    url = _mqtt_url("renewal-radar/alerts", port=silent_server.port)

    assert send(url, TITLE, BODY, timeout=1).ok


def test_mqtt_connect_that_hangs_gives_up_within_the_timeout(
    unanswered_port: _Listener, caplog: pytest.LogCaptureFixture
) -> None:
    _capture_everything(caplog)
    url = _mqtt_url("renewal-radar/alerts", "?qos=1", port=unanswered_port.port)

    result, elapsed = _timed_send(url, timeout=1)

    _assert_one_line_failure(result)
    assert elapsed < 2.0
    # paho's own connect timeout (5 s) is capped too, so Apprise's worker really stops
    # instead of being abandoned and logging (unscrubbed) after send() returned
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and not _socket_error_logged(caplog):
        time.sleep(0.05)
    assert _socket_error_logged(caplog)


def _socket_error_logged(caplog: pytest.LogCaptureFixture) -> bool:
    return any("MQTT Socket Error" in r.getMessage() for r in caplog.records)


# --- e-mail ----------------------------------------------------------------------------------


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    with SmtpReceiver() as receiver:
        yield receiver


@pytest.fixture
def smtp_auth() -> Iterator[SmtpReceiver]:
    with SmtpReceiver(user="radar", password=SMTP_PASSWORD) as receiver:
        yield receiver


def test_mail_arrives_over_plain_smtp_with_our_subject_and_body(smtp: SmtpReceiver) -> None:
    url = smtp.url()
    assert check_target(url) is None

    result = send(url, TITLE, BODY, timeout=5)

    assert result == SendResult(ok=True)
    (message,) = smtp.messages
    assert message["Subject"] == TITLE
    assert message["From"] == SENDER
    assert message["To"] == RECIPIENT
    assert smtp.envelopes[0].rcpt_tos == [RECIPIENT]
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert "Jessica Jones renewed" in text.get_content()
    assert "<strong>Jessica Jones</strong>" in html.get_content()
    assert 'href="https://deadline.com/x"' in html.get_content()


def test_mail_with_login_arrives_and_the_password_is_never_shown(
    smtp_auth: SmtpReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    _capture_everything(caplog)
    url = smtp_auth.url(auth=f"radar:{SMTP_PASSWORD}")

    result = send(url, TITLE, BODY, timeout=5)

    assert result == SendResult(ok=True)
    assert smtp_auth.messages[0]["Subject"] == TITLE
    assert SMTP_PASSWORD not in target_label(url)
    assert target_label(url).startswith("mailto://radar:****@127.0.0.1:")
    assert any(r.name == "apprise" for r in caplog.records)
    assert not _leaks(caplog, SMTP_PASSWORD)


def test_mail_with_a_wrong_password_fails_at_once_without_showing_it(
    smtp_auth: SmtpReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    _capture_everything(caplog)
    wrong = "WRONGPASS4711"

    result, elapsed = _timed_send(smtp_auth.url(auth=f"radar:{wrong}"), timeout=10)

    error = _assert_one_line_failure(result, wrong)
    assert f"to={RECIPIENT}" not in error  # Apprise puts the recipient in the path instead
    assert "fan%40example.com" in error  # addresses stay readable in the error line
    assert elapsed < 5  # a 535 answer, not a timeout
    assert not smtp_auth.messages
    assert not _leaks(caplog, wrong)


def test_mail_to_a_closed_port_fails_quickly_with_one_line(smtp: SmtpReceiver) -> None:
    result, elapsed = _timed_send(smtp.url(port=closed_port()), timeout=10)

    assert "Connection error" in _assert_one_line_failure(result)
    assert elapsed < 5  # refused at once, not after the timeout (with room for a busy machine)


def test_mail_to_a_server_that_never_answers_fails_within_the_timeout(
    silent_server: _Listener,
) -> None:
    url = f"mailto://127.0.0.1:{silent_server.port}?from={SENDER}&to={RECIPIENT}"

    result, elapsed = _timed_send(url, timeout=1)

    _assert_one_line_failure(result)
    assert elapsed < 2.5


# --- JSON ------------------------------------------------------------------------------------


class _RecoveringReceiver(Receiver):
    """A Receiver that can stop hanging, so a retry against the same endpoint can succeed."""

    def recover(self) -> None:
        self._hang = False
        self.answer(200)


@pytest.fixture
def receiver() -> Iterator[_RecoveringReceiver]:
    with _RecoveringReceiver() as rx:
        yield rx


def test_json_http_500_fails_then_the_retry_succeeds(receiver: _RecoveringReceiver) -> None:
    receiver.answer(500)
    url = receiver.url("/hook", auth=f"radar:{TOKEN}")

    assert "500" in _assert_one_line_failure(send(url, TITLE, BODY, timeout=2), TOKEN)
    receiver.answer(200)
    assert send(url, TITLE, BODY, timeout=2) == SendResult(ok=True)

    assert [r.json()["message"] for r in receiver.received] == [BODY, BODY]


def test_json_connection_refused_fails_quickly() -> None:
    result, elapsed = _timed_send(f"json://127.0.0.1:{closed_port()}/hook", timeout=10)

    assert _assert_one_line_failure(result).startswith("json://127.0.0.1:")
    assert elapsed < 5  # refused at once, not after the timeout (with room for a busy machine)


def test_json_hanging_receiver_fails_within_the_timeout_then_the_retry_succeeds(
    receiver: _RecoveringReceiver,
) -> None:
    receiver.hang()
    url = receiver.url("/hook")

    result, elapsed = _timed_send(url, timeout=1)

    _assert_one_line_failure(result)
    assert 0.9 < elapsed < 3.0
    receiver.recover()
    assert send(url, TITLE, BODY, timeout=2) == SendResult(ok=True)
    assert len(receiver.received) == 2


def test_json_connect_that_hangs_fails_within_the_timeout(unanswered_port: _Listener) -> None:
    result, elapsed = _timed_send(f"json://127.0.0.1:{unanswered_port.port}/hook", timeout=1)

    _assert_one_line_failure(result)
    assert elapsed < 2.5


# --- secrets across every channel ------------------------------------------------------------


@pytest.mark.mqtt
def test_no_token_or_password_reaches_any_log_record_over_a_run_of_sends(
    caplog: pytest.LogCaptureFixture,
    receiver: _RecoveringReceiver,
    subscriber: Subscriber,
    smtp_auth: SmtpReceiver,
) -> None:
    _capture_everything(caplog)
    json_url = receiver.url("/hook", auth=f"radar:{TOKEN}")
    mqtt_url = _mqtt_url(subscriber.topic, "?qos=1", auth=f"radar:{MQTT_PASSWORD}")
    mail_url = smtp_auth.url(auth=f"radar:{SMTP_PASSWORD}")
    gone = closed_port()
    runs = [
        (json_url, True),
        (receiver.url("/hook?+X-Api-Key=" + TOKEN, auth=f"radar:{TOKEN}"), True),
        (json_url.replace(str(receiver.port), str(gone)), False),
        (mqtt_url, True),
        (_mqtt_url("renewal-radar/alerts", auth=f"radar:{MQTT_PASSWORD}", port=gone), False),
        (mail_url, True),
        (smtp_auth.url(auth=f"radar:{SMTP_PASSWORD}", port=gone), False),
        (smtp_auth.url(auth=f"nobody:{SMTP_PASSWORD}"), False),  # refused login
    ]

    results = [send(url, TITLE, BODY, timeout=2) for url, _ in runs]
    receiver.answer(500)
    results.append(send(json_url, TITLE, BODY, timeout=2))

    assert [r.ok for r in results] == [ok for _, ok in runs] + [False]
    for (url, _), result in zip(runs, results, strict=False):
        for text in (result.error or "", target_label(url), check_target(url) or ""):
            assert not [s for s in SECRETS if s in text], text
    assert {r.name.split(".")[0] for r in caplog.records} >= {"apprise", "alerts"}
    assert not _leaks(caplog, *SECRETS)
