"""Delivery through real Apprise to a loopback receiver: success, failures, secrets kept out."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from receivers import Receiver, closed_port

from alerts.deliver import SendResult, check_target, send, target_key, target_label

SECRET = "SECRETTOKEN"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as rx:
        yield rx


def test_send_reaches_the_receiver_with_title_and_markdown_body(receiver: Receiver) -> None:
    body = "**Jessica Jones** renewed\n\n[Read the story](https://deadline.com/x)"

    result = send(receiver.url("/hook"), "Jessica Jones renewed for season 2", body)

    assert result == SendResult(ok=True)
    (request,) = receiver.received
    assert request.method == "POST"
    assert request.path == "/hook"
    payload = request.json()
    assert payload["title"] == "Jessica Jones renewed for season 2"
    assert payload["message"] == body


def test_credentials_in_the_url_reach_the_receiver(receiver: Receiver) -> None:
    assert send(receiver.url("/", auth=f"fan:{SECRET}"), "t", "b").ok

    assert receiver.received[0].headers["Authorization"].startswith("Basic ")


def test_http_500_is_a_failed_result(receiver: Receiver) -> None:
    receiver.answer(500)

    result = send(receiver.url("/hook"), "t", "b")

    assert not result.ok
    assert result.error is not None
    assert "500" in result.error
    assert len(receiver.received) == 1  # Apprise does not retry by default


def test_connection_refused_is_a_failed_result_with_one_line() -> None:
    result = send(f"json://127.0.0.1:{closed_port()}/hook", "t", "b")

    assert not result.ok
    assert result.error is not None
    assert "\n" not in result.error
    assert result.error.startswith("json://127.0.0.1:")


def test_a_hanging_receiver_fails_within_the_timeout(receiver: Receiver) -> None:
    receiver.hang()

    started = time.monotonic()
    result = send(receiver.url("/hook"), "t", "b", timeout=0.5)
    elapsed = time.monotonic() - started

    assert not result.ok
    assert 0.4 < elapsed < 2.0


def test_an_unparseable_url_is_a_failed_result_not_an_exception() -> None:
    result = send(f"nosuchservice://user:{SECRET}@host/", "t", "b")

    assert result == SendResult(ok=False, error="nosuchservice://…: Apprise cannot parse this URL")


@pytest.mark.parametrize("status", [200, 500, None], ids=["sent", "http-500", "refused"])
def test_secrets_never_reach_results_labels_or_logs(
    receiver: Receiver, caplog: pytest.LogCaptureFixture, status: int | None
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: every logger propagates to it
    caplog.set_level(logging.DEBUG, logger="apprise")
    port = receiver.port if status else closed_port()
    receiver.answer(status or 200)
    url = f"json://fan:{SECRET}@127.0.0.1:{port}/hook?+X-Api-Key=HEADER{SECRET}"

    result = send(url, "t", "b")

    assert result.ok is (status == 200)
    assert SECRET not in (result.error or "")
    assert SECRET not in target_label(url)
    assert any(r.name == "apprise" for r in caplog.records)  # Apprise's diagnostics stay
    assert not [r.getMessage() for r in caplog.records if SECRET in _rendered(r)]


def test_secrets_in_unparseable_urls_stay_out_of_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="apprise")
    url = f"garbage://fan:{SECRET}@host/{SECRET}"

    assert check_target(url) is not None
    assert not send(url, "t", "b").ok
    assert target_label(url) == "garbage://…"
    assert not [r.getMessage() for r in caplog.records if SECRET in _rendered(r)]


def test_path_tokens_are_masked_in_request_logs(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="apprise")
    # Mattermost's webhook token is the request path, which urllib3 logs at DEBUG.
    assert send(receiver.url(f"/{SECRET}", scheme="mmost"), "t", "b").ok

    assert receiver.received[0].path == f"/hooks/{SECRET}"
    assert any("POST /hooks/****" in r.getMessage() for r in caplog.records)
    assert not [r.getMessage() for r in caplog.records if SECRET in _rendered(r)]


def test_label_is_apprise_privacy_form() -> None:
    label = target_label(f"json://fan:{SECRET}@127.0.0.1:8080/hook")

    assert label.startswith("json://fan:****@127.0.0.1:8080/hook")


def test_label_masks_custom_header_values_apprise_would_show() -> None:
    label = target_label(f"json://127.0.0.1/hook?+Authorization=Bearer%20{SECRET}&-token={SECRET}")

    assert SECRET not in label
    assert "%2BAuthorization=****" in label  # Apprise writes the + prefix as %2B


def test_label_masks_the_password_where_the_path_repeats_it() -> None:
    label = target_label(f"json://fan:{SECRET}@127.0.0.1/hooks/{SECRET}")

    assert label == "json://fan:****@127.0.0.1/hooks/****?method=POST"


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/hooks/2a7f9c1e", "/hooks/****"),
        ("/hooks/abcdefghijklmnopqrstuvwxyz", "/hooks/****"),
        ("/api/v2/alerts", "/api/v2/alerts"),
        ("/alice", "/alice"),
    ],
)
def test_label_masks_token_like_path_segments_of_generic_webhooks(path: str, shown: str) -> None:
    assert target_label(f"json://127.0.0.1{path}") == f"json://127.0.0.1{shown}?method=POST"
    assert target_label(f"form://127.0.0.1{path}").startswith(f"form://127.0.0.1{shown}?")


def test_a_token_in_a_webhook_path_stays_out_of_the_error(receiver: Receiver) -> None:
    receiver.answer(500)

    result = send(receiver.url(f"/hooks/{SECRET}", auth=f"fan:{SECRET}"), "t", "b")

    assert result.error is not None
    assert SECRET not in result.error
    assert "/hooks/****" in result.error


def test_label_leaves_out_apprise_default_options() -> None:
    label = target_label("json://127.0.0.1/hook")

    assert label == "json://127.0.0.1/hook?method=POST"


def test_target_key_is_a_stable_sha256_of_the_whole_url() -> None:
    key = target_key(f"json://fan:{SECRET}@127.0.0.1/hook")

    assert key == target_key(f"json://fan:{SECRET}@127.0.0.1/hook")
    assert key != target_key("json://fan:other@127.0.0.1/hook")
    assert len(key) == 64
    assert SECRET not in key


@pytest.mark.parametrize(
    "url",
    ["json://127.0.0.1/hook", "discord://1234567890/abcdefghijklmnop", "mailto://bob:pw@gmail.com"],
)
def test_check_target_accepts_urls_apprise_understands(url: str) -> None:
    assert check_target(url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("not a url", "not an Apprise URL"),
        ("", "not an Apprise URL"),
        (f"nosuchservice://{SECRET}@host", "unknown Apprise service nosuchservice://"),
        ("discord://onlyid", "incomplete or malformed"),
        ("json://", "incomplete or malformed"),
    ],
)
def test_check_target_gives_a_reason_without_secrets(url: str, reason: str) -> None:
    message = check_target(url)

    assert message is not None
    assert reason in message
    assert SECRET not in message


def _rendered(record: logging.LogRecord) -> str:
    """Everything a handler could print for a record: message, traceback, stack."""
    return " ".join(filter(None, [record.getMessage(), record.exc_text, record.stack_info]))
