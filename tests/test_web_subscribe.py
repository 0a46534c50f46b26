"""Fans subscribing on the web: double opt-in, CSRF, rate limits, and URLs that must not be used."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from receivers import Receiver
from webface import app_for, connections, csrf_of, write_config

from alerts import send
from alerts.tables import deliveries, events, fans
from alerts.web import Face, Guard, system_resolve

BASE = "http://radar.test"
CLOCK = [datetime(2026, 3, 1, 12, 0, tzinfo=UTC)]


NAMES = {"evil.example": ["10.0.0.1"], "news.example": ["93.184.216.34"]}


def resolve(host: str) -> list[str]:
    """Our own seam: names the tests use as a DNS server might answer them; others as the system."""
    return NAMES[host] if host in NAMES else system_resolve(host)


Site = Callable[..., TestClient]


@pytest.fixture
def site(tmp_path: Path, db_url: str) -> Iterator[Site]:
    """Makes the web face over `db_url` with these `web:` settings; closes it afterwards."""
    made: list[TestClient] = []

    def make(**web: Any) -> TestClient:
        config = write_config(tmp_path / "c.yaml", db_url, "http://127.0.0.1:9/feed", BASE, **web)
        made.append(TestClient(app_for(config, resolve, now=lambda: CLOCK[0]), base_url=BASE))
        return made[-1]

    yield make
    for client in made:
        client.app.state.site.face.engine.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def client(site: Site) -> TestClient:
    return site(allowed_schemes=["json", "discord", "ntfy"], allow_loopback=True)


def subscribe(
    client: TestClient, url: str, headers: dict[str, str] | None = None, **fields: Any
) -> Any:
    csrf = csrf_of(client.get("/subscribe").text)
    data = {"csrf": csrf, "url": url, "scope": "some", "series": ["Jessica Jones"],
            "events": ["renewed", "cancelled"], "mode": "instant", **fields}  # fmt: skip
    return client.post("/subscribe", data=data, headers=headers, follow_redirects=False)


def code_in(received: Any) -> str:
    found = re.search(r"\b(\d{8})\b", received.json()["message"])
    assert found, received.json()
    return found.group(1)


def confirm(client: TestClient, location: str, code: str) -> Any:
    csrf = csrf_of(client.get(location).text)
    return client.post(location, data={"csrf": csrf, "code": code}, follow_redirects=False)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("json://127.0.0.1/x", "its host is a loopback address"),
        ("discord://evil.example/webhooktoken", "resolves to a private address"),
        ("json://169.254.169.254/latest", "is a cloud metadata address"),
        ("json://[::ffff:10.1.2.3]/x", "is a private address"),
        ("ntfy://224.0.0.1/topic", "is a multicast address"),
        ("json://2130706433/x", "loopback"),  # 127.0.0.1 written as one number
    ],
)
def test_urls_into_the_operators_network_are_refused_without_a_connection(
    site: Site, url: str, says: str
) -> None:
    client = site(allowed_schemes=["json", "discord", "ntfy"])
    with connections() as attempted:
        response = subscribe(client, url)
    assert response.status_code == 400
    assert says in response.text
    assert attempted == []
    assert url not in response.text  # never shown back
    with client.app.state.site.face.engine.connect() as conn:  # type: ignore[attr-defined]
        assert conn.execute(sa.select(sa.func.count()).select_from(fans)).scalar() == 0


def test_a_name_that_now_points_into_the_network_is_refused_when_connecting(
    site: Site,
) -> None:
    """DNS said a public address when the URL was checked; the connection goes to loopback."""
    client = site(allowed_schemes=["json"])
    NAMES["2130706433"] = ["93.184.216.34"]  # 127.0.0.1 as one number, answered as public
    try:
        with Receiver() as rx:
            response = subscribe(client, f"json://2130706433:{rx.port}/x")
            assert rx.received == []
    finally:
        del NAMES["2130706433"]
    assert response.status_code == 502
    assert "refused to connect" in response.text or "could not be sent" in response.text


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://169.254.169.254/", "http:// is not accepted here"),
        ("json://news.example/hook", "json:// is not accepted here"),
        ("form://news.example/hook", "form:// is not accepted here"),
    ],
)
def test_schemes_off_the_allow_list_are_refused(site: Site, url: str, says: str) -> None:
    client = site()
    with connections() as attempted:
        response = subscribe(client, url)
    assert response.status_code == 400 and says in response.text
    assert "discord://" in response.text  # the message names what is accepted
    assert attempted == []


def test_a_form_without_its_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/subscribe")
    data = {"url": "json://127.0.0.1:9/x", "scope": "all", "events": ["renewed"]}
    assert client.post("/subscribe", data=data).status_code == 403
    assert client.post("/subscribe", data={**data, "csrf": "forged"}).status_code == 403
    other = TestClient(client.app, base_url=BASE)  # another browser's token
    stolen = csrf_of(other.get("/subscribe").text)
    assert client.post("/subscribe", data={**data, "csrf": stolen}).status_code == 403


def test_double_opt_in_starts_alerts_only_with_the_right_code(client: TestClient) -> None:
    with Receiver() as rx:
        url = rx.url("/fan-hook-secret-token-0123456789")
        response = subscribe(client, url)
        assert response.status_code == 303, response.text
        location = response.headers["location"].removeprefix(BASE)
        [message] = rx.received
    code = code_in(message)
    assert BASE + location in message.json()["message"]
    face = client.app.state.site.face  # type: ignore[attr-defined]
    assert face.subscribers() == []  # not before the code
    wrong = "00000000" if code != "00000000" else "11111111"
    assert confirm(client, location, wrong).status_code == 400
    done = confirm(client, location, code)
    assert done.status_code == 303 and "/manage/" in done.headers["location"]
    [fan] = face.subscribers()
    assert fan.targets == (url,) and fan.series == frozenset({"jessica jones"})
    assert fan.events == frozenset({"renewed", "cancelled"})
    manage = client.get(done.headers["location"].removeprefix(BASE)).text
    assert "fan-hook-secret-token" not in manage  # the privacy form only
    with face.engine.connect() as conn:
        row = conn.execute(sa.select(fans)).mappings().one()
    assert not any("fan-hook-secret-token" in str(v) for v in row.values())


def test_an_unconfirmed_code_expires_after_a_day(client: TestClient) -> None:
    with Receiver() as rx:
        location = subscribe(client, rx.url("/x")).headers["location"].removeprefix(BASE)
        code = code_in(rx.received[0])
    CLOCK[0] += timedelta(hours=24, minutes=1)
    try:
        response = confirm(client, location, code)
    finally:
        CLOCK[0] -= timedelta(hours=24, minutes=1)
    assert response.status_code == 400 and "expired" in response.text


def test_rate_limits_per_target_and_per_client(site: Site) -> None:
    client = site(allowed_schemes=["json"], allow_loopback=True,
                  codes_per_day=2, subscribe_per_hour=3)  # fmt: skip
    with Receiver() as rx:
        assert subscribe(client, rx.url("/a")).status_code == 303
        assert subscribe(client, rx.url("/a")).status_code == 303
        third = subscribe(client, rx.url("/a"))
        assert third.status_code == 429 and "2 times today" in third.text
        assert len(rx.received) == 2  # the third code was not sent
        assert subscribe(client, rx.url("/b")).status_code == 429  # 4th from this client
        assert len(rx.received) == 2


def test_unsubscribing_cancels_waiting_alerts_and_forgets_the_url(client: TestClient) -> None:
    face = client.app.state.site.face  # type: ignore[attr-defined]
    with Receiver() as rx:
        location = subscribe(client, rx.url("/x"), mode="digest").headers["location"]
        manage = confirm(client, location.removeprefix(BASE), code_in(rx.received[0]))
    [fan] = face.subscribers()
    with face.engine.begin() as conn:  # an event already queued for the fan's digest
        event_id = conn.execute(
            events.insert()
            .values(
                series="Jessica Jones",
                series_key="jessica jones",
                event="renewed",
                season=2,
                headline="h",
                url="https://tv.example.com/x",
                source="s",
                confidence=1.0,
                first_seen_at=CLOCK[0],
                last_seen_at=CLOCK[0],
            )
            .returning(events.c.id)
        ).scalar_one()
        conn.execute(deliveries.insert().values(
            event_id=event_id, subscriber=fan.name, target_key="k", target_label="json://",
            status="pending", next_attempt_at=CLOCK[0], created_at=CLOCK[0]))  # fmt: skip
    page = manage.headers["location"].removeprefix(BASE)
    csrf = csrf_of(client.get(page).text)
    gone = client.post(page.split("?")[0] + "/unsubscribe", data={"csrf": csrf})
    assert gone.status_code == 200 and "Unsubscribed" in gone.text
    assert face.subscribers() == []
    with face.engine.connect() as conn:
        assert conn.execute(sa.select(deliveries.c.status)).scalars().all() == ["cancelled"]
        assert conn.execute(sa.select(fans.c.target_cipher)).scalar() is None


def test_a_forged_manage_link_is_not_found(client: TestClient) -> None:
    assert client.get("/manage/web-0123456789ab.AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert client.get("/confirm/anything").status_code == 404


def test_the_operator_page_lists_and_removes_web_fans(client: TestClient) -> None:
    with Receiver() as rx:
        location = subscribe(client, rx.url("/x")).headers["location"].removeprefix(BASE)
        confirm(client, location, code_in(rx.received[0]))
    assert client.get("/admin").status_code == 401
    csrf = csrf_of(client.get("/admin").text)
    wrong = client.post("/admin/login", data={"csrf": csrf, "token": "nope"})
    assert wrong.status_code == 401
    client.post("/admin/login", data={"csrf": csrf, "token": "operator-token-123"})
    page = client.get("/admin").text
    name = re.search(r"<td>(web-[0-9a-f]+)</td>", page)
    assert name and "active" in page
    client.post("/admin/remove", data={"csrf": csrf, "name": name.group(1)})
    face = client.app.state.site.face  # type: ignore[attr-defined]
    assert face.subscribers() == []


def test_a_submitted_url_is_never_logged_in_full(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "Zq8fan0secret0token0Lm3x9"
    with Receiver() as rx:
        location = subscribe(client, rx.url(f"/hooks/{secret}")).headers["location"]
        confirm(client, location.removeprefix(BASE), code_in(rx.received[0]))
        subscribe(client, f"json://evil.example/hooks/{secret}")  # refused
        rx.answer(500)
        subscribe(client, rx.url(f"/other/{secret}"))  # the code cannot be sent
    assert "web: " in caplog.text  # the web face logged what it did
    assert secret not in caplog.text


def test_a_fans_url_is_checked_again_when_an_alert_is_sent(client: TestClient) -> None:
    face = client.app.state.site.face  # type: ignore[attr-defined]
    strict = Face(face.engine, face.web.model_copy(update={"allow_loopback": False}))
    with Receiver() as rx:
        result = strict.guarded(lambda url, title, body: send(url, title, body, timeout=5))(
            rx.url("/x"), "title", "body"
        )
        assert rx.received == []
    assert not result.ok and "loopback" in (result.error or "")


def test_the_connection_guard_refuses_a_loopback_socket_in_a_fans_send() -> None:
    guard = Guard(["json"])
    with Receiver() as rx, guard.connections(), pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", rx.port), timeout=5)
    with Receiver() as rx, socket.create_connection(("127.0.0.1", rx.port), timeout=5):
        pass  # outside a fan's send, nothing is checked


def test_forwarded_for_counts_only_behind_a_proxy(site: Site) -> None:
    direct = site(subscribe_per_hour=1)
    spoofed = [subscribe(direct, "json://x/y", headers={"X-Forwarded-For": ip})
               for ip in ("1.1.1.1", "2.2.2.2")]  # fmt: skip
    assert [r.status_code for r in spoofed] == [400, 429]  # one client, whatever it claims
    proxied = site(subscribe_per_hour=1, behind_proxy=True)
    fans = [subscribe(proxied, "json://x/y", headers={"X-Forwarded-For": f"9.9.9.9, {ip}"})
            for ip in ("1.1.1.1", "2.2.2.2", "1.1.1.1")]  # fmt: skip
    assert [r.status_code for r in fans] == [400, 400, 429]


def test_a_fan_changes_what_they_follow_on_their_page(client: TestClient) -> None:
    face = client.app.state.site.face  # type: ignore[attr-defined]
    with Receiver() as rx:
        location = subscribe(client, rx.url("/x")).headers["location"]
        done = confirm(client, location.removeprefix(BASE), code_in(rx.received[0]))
    page = done.headers["location"].removeprefix(BASE).split("?")[0]
    form = client.get(page).text
    assert 'value="Daredevil"' in form  # every watched series can be picked
    change = {"csrf": csrf_of(form), "scope": "some", "series": ["Daredevil", "Luke Cage"],
              "events": ["cancelled"], "mode": "digest", "digest_at": "19:30",
              "timezone": "Europe/Berlin", "quiet_from": "22:00", "quiet_to": "07:00"}  # fmt: skip
    saved = client.post(page, data=change, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=1")
    [fan] = face.subscribers()
    assert fan.series == frozenset({"daredevil", "luke cage"})
    assert fan.events == frozenset({"cancelled"})
    assert (fan.timing.mode, str(fan.timing.zone), fan.timing.digest_at.hour) == (
        "digest",
        "Europe/Berlin",
        19,
    )
    assert fan.timing.quiet is not None
    bad = client.post(page, data={**change, "events": [], "timezone": "Mars/Olympus"})
    assert bad.status_code == 400
    assert "pick at least one kind of news" in bad.text and "unknown time zone" in bad.text


def test_slips_in_the_form_do_not_use_up_the_hourly_limit_but_refused_addresses_do(
    site: Site,
) -> None:
    client = site(subscribe_per_hour=2)
    slips = [subscribe(client, "") for _ in range(4)]  # no address entered: nothing looked up
    slips += [subscribe(client, "", events=[]) for _ in range(2)]  # nor an event chosen
    assert [r.status_code for r in slips] == [400] * 6
    probes = [subscribe(client, "json://127.0.0.1:9/y") for _ in range(3)]  # the guard refuses
    assert [r.status_code for r in probes] == [400, 400, 429]
