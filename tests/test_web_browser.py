"""A fan in a real browser (headless Chromium): subscribe, confirm by code, get an alert,
unsubscribe from its link, and hear nothing after the next renewal.

Drives Debian's `chromium` with Playwright's Python API (`executable_path`): Playwright's
own browser downloads cannot be reached here. Skips with a reason where the browser is
missing, unless services are required (CI), where `.ci/run` installs it.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from receivers import Receiver
from stories import JESSICA_JONES_TEXT, JESSICA_JONES_TITLE
from webface import SEASON_3, app_for, free_port, growing_feed, once, serving, write_config

CHROMIUM = os.environ.get("RENEWAL_RADAR_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
pytestmark = pytest.mark.browser


@pytest.fixture
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        reason = (
            f"no Chromium at {CHROMIUM}: apt-get install chromium (or set RENEWAL_RADAR_CHROMIUM)"
        )
        if os.environ.get("RENEWAL_RADAR_REQUIRE_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def test_a_fan_subscribes_confirms_gets_an_alert_and_unsubscribes(
    browser: Any, httpserver: HTTPServer, tmp_path: Path
) -> None:
    feed = growing_feed(httpserver)
    port = free_port()
    config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'radar.db'}",
                          httpserver.url_for("/tv/feed/"), f"http://127.0.0.1:{port}",
                          allowed_schemes=["json"], allow_loopback=True)  # fmt: skip
    once(config)  # an empty feed: the schema is there, nothing to say yet
    app = app_for(config)
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    with serving(app, port) as base, Receiver() as rx:
        page.goto(f"{base}/series/jessica-jones")
        page.click("text=Get alerts for Jessica Jones")
        page.fill("input[name=url]", rx.url("/fan-hook-0123456789abcdef"))
        page.uncheck("input[value=cancelled]")
        page.click("button:has-text('Send me a code')")
        page.wait_for_selector("text=Enter your code")
        assert "0123456789abcdef" not in page.content()  # the URL is never shown back
        [message] = rx.received
        code = re.search(r"\b(\d{8})\b", message.json()["message"]).group(1)  # type: ignore[union-attr]
        page.fill("input[name=code]", code)
        page.click("button:has-text('Confirm')")
        page.wait_for_selector("text=You're subscribed")

        feed.append((JESSICA_JONES_TITLE, "https://tv.example.com/2016/01/jj/", JESSICA_JONES_TEXT))
        once(config)
        assert len(rx.received) == 2
        alert = rx.received[1].json()
        assert "Jessica Jones" in alert["title"] and "season 2" in alert["title"]
        link = re.search(rf"{re.escape(base)}/manage/[\w.-]+", alert["message"])
        assert link, alert["message"]

        page.goto(link.group(0))
        page.click("button:has-text('Unsubscribe')")
        page.wait_for_selector("text=Nothing more will be sent")

        feed.append(SEASON_3)
        once(config)
        assert len(rx.received) == 2  # nothing after unsubscribing
        page.goto(f"{base}/series/jessica-jones")
        assert "Renewed for season 3" in page.inner_text("main")
        if shot := os.environ.get("RENEWAL_RADAR_SCREENSHOT"):
            page.set_viewport_size({"width": 900, "height": 640})
            page.goto(base + "/")
            page.screenshot(path=shot)
    page.close()
    app.state.site.face.engine.dispose()
