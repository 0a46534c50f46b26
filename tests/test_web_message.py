"""Alerts and digests to a fan with a signed page end with its link, not 'ask the operator'."""

from __future__ import annotations

from dataclasses import replace

from alerts import Alert, render
from alerts.message import render_digest

LINK = "https://radar.example.org/manage/web-0a1b2c3d4e5f.abcDEF123_-xyz"
ALERT = Alert("Severance", "renewed", 3, "Apple TV+", "Severance Renewed", "https://x.example/s",
              subscriber="web-0a1b2c3d4e5f", manage_url=LINK)  # fmt: skip


def test_an_alert_ends_with_the_fans_signed_link() -> None:
    _, body = render(ALERT)
    last = body.strip().splitlines()[-1]
    assert last == f"_Change what you follow or unsubscribe in one click: <{LINK}>_"
    assert "operator to remove you" not in body


def test_a_custom_template_without_the_line_still_gets_the_link() -> None:
    _, body = render(ALERT, None, "{{ summary }}")
    assert body.strip().endswith(f"<{LINK}>_")


def test_a_digest_ends_with_the_link() -> None:
    _, body = render_digest([ALERT, ALERT], ALERT.subscriber, None, LINK)
    assert body.count(LINK) == 1 and body.strip().endswith(f"<{LINK}>_")


def test_a_link_that_is_not_http_is_left_out() -> None:
    _, body = render(replace(ALERT, manage_url="javascript:alert(1)"))
    assert "javascript" not in body and "operator to remove you" in body
