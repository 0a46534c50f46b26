"""The fans' forms: subscribe (double opt-in), confirm by code, manage or unsubscribe, admin.

Every POST carries the CSRF token of its browser's cookie; subscriptions and
codes are rate limited per client and per target. A submitted URL is never
shown back: pages name a target only by its privacy label.
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from ..config import SubscriberConfig
from ..deliver import target_label
from ..events import series_key
from ..timing import parse_clock, parse_quiet
from .app import CSRF_COOKIE, Site
from .board import slug_of
from .fans import EVENTS, Choice, Fan
from .pages import site_of

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)

HOUR = 3600.0


async def posted(request: Request, site: Site) -> FormData:
    """The form, once its CSRF token matches the browser's cookie; else 403."""
    form = await request.form()
    token = form.get("csrf")
    cookie = request.cookies.get(CSRF_COOKIE)
    if not site.face.signer.csrf_ok(cookie, token if isinstance(token, str) else None):
        raise HTTPException(403, "this form has expired; reload the page and send it again")
    return form


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def choice_of(form: FormData, site: Site) -> tuple[Choice | None, list[str]]:
    """The fan's choice from a subscribe or manage form, or the problems with it."""
    problems = []
    keys = {series_key(title) for title, _ in site.watched}
    picked = [v for v in form.getlist("series") if isinstance(v, str)]
    series = None if text(form, "scope") != "some" else frozenset(series_key(p) for p in picked)
    if series is not None and (not series or not series <= keys):
        problems.append("pick at least one series from the list, or all series")
    events = frozenset(e for e in form.getlist("events") if e in EVENTS)
    if not events:
        problems.append("pick at least one kind of news")
    mode = text(form, "mode") or "instant"
    if mode not in ("instant", "digest") or (mode == "digest" and not site.web.digests):
        problems.append(
            "choose instant alerts" + (" or a daily digest" if site.web.digests else "")
        )
    digest_at, zone = text(form, "digest_at") or "08:00", text(form, "timezone") or "UTC"
    quiet = "-".join(t for t in (text(form, "quiet_from"), text(form, "quiet_to")) if t) or None
    problems += _when_problems(digest_at, zone, quiet)
    if problems:
        return None, problems
    return Choice(series, events, mode, digest_at, zone, quiet), []


def _when_problems(digest_at: str, zone: str, quiet: str | None) -> list[str]:
    problems = []
    for check in (lambda: parse_clock(digest_at), lambda: parse_quiet(quiet) if quiet else None):
        try:
            check()
        except ValueError as e:
            problems.append(str(e))
    try:
        ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        problems.append(f"unknown time zone {zone!r} (use a name such as Europe/Berlin)")
    return problems


def _form_page(request: Request, site: Site, problems: list[str], status: int,
               form: FormData | None = None) -> HTMLResponse:  # fmt: skip
    """The subscribe form, filled again as sent (but for the URL, never shown back)."""
    slugs = request.query_params.getlist("series")
    picked = form.getlist("series") if form else [t for t, _ in site.watched
                                                   if slug_of(t) in slugs]  # fmt: skip
    context = {"problems": problems, "web": site.web, "form": form or {}, "series_picked": picked,
               "events_picked": form.getlist("events") if form else list(EVENTS),
               "watched": site.watched}  # fmt: skip
    return site.page(request, "subscribe.html", context, status)


@router.get("/subscribe", response_class=HTMLResponse)
def subscribe_form(request: Request) -> HTMLResponse:
    return _form_page(request, site_of(request), [], 200)


@router.post("/subscribe", response_class=HTMLResponse)
async def subscribe(request: Request) -> Response:
    site = site_of(request)
    form = await posted(request, site)
    key = f"subscribe:{site.client(request)}"
    if not site.limiter.allow(key, site.web.subscribe_per_hour, HOUR):
        return _form_page(request, site, ["too many subscriptions from your address; "
                                          "try again in an hour"], 429, form)  # fmt: skip
    site.face.fans.purge(site.now())  # codes never entered expire, daemon or not
    url = text(form, "url")
    choice, problems = choice_of(form, site)
    guarded = await run_in_threadpool(site.face.guard.check, url) if url else None
    refused = guarded if url else "enter an address"
    if refused:
        problems.insert(0, f"that address cannot be used: {refused}")
    if problems or choice is None:
        if not guarded:  # a slip in the form costs nothing; probing addresses keeps counting
            site.limiter.refund(key)
        return _form_page(request, site, problems, 400, form)
    if site.face.fans.codes_sent(url, site.now()) >= site.web.codes_per_day:
        return _form_page(request, site, [f"{target_label(url)} was sent a code "
                                          f"{site.web.codes_per_day} times today; try again "
                                          "tomorrow"], 429, form)  # fmt: skip
    fan, code = site.face.fans.start(url, choice, site.now())
    result = await run_in_threadpool(site.send, url, *_code_message(site, fan, code))
    if not result.ok:
        site.face.fans.drop(fan.id)
        reason = (result.error or "").removeprefix(f"{fan.label}: ")
        return _form_page(request, site, [f"the code could not be sent to {fan.label}: "
                                          f"{reason}"], 502, form)  # fmt: skip
    log.info("web: %s started a subscription; code sent to %s", fan.name, fan.label)
    return RedirectResponse(site.face.fans.confirm_url(fan.name), status_code=303)


def _code_message(site: Site, fan: Fan, code: str) -> tuple[str, str]:
    title = f"Renewal Radar: your code is {code}"
    body = (f"Your code is **{code}**. Enter it at <{site.face.fans.confirm_url(fan.name)}> "
            "within 24 hours to start your alerts.\n\nIf you did not ask for this, ignore this "
            "message: nothing more will be sent here.\n")  # fmt: skip
    return title, body


def _fan_for(site: Site, purpose: str, token: str) -> Fan:
    name = site.face.signer.unsign(purpose, token)
    fan = site.face.fans.by_name(name) if name else None
    if fan is None:
        raise HTTPException(404, "this link is not valid (or the subscription was removed)")
    return fan


@router.get("/confirm/{token}", response_class=HTMLResponse)
def confirm_form(request: Request, token: str) -> HTMLResponse:
    site = site_of(request)
    fan = _fan_for(site, "confirm", token)
    return site.page(request, "confirm.html", {"fan": fan, "token": token, "problems": []})


@router.post("/confirm/{token}", response_class=HTMLResponse)
async def confirm(request: Request, token: str) -> Response:
    site = site_of(request)
    form = await posted(request, site)
    fan = _fan_for(site, "confirm", token)
    problem: str | None = None
    if not site.limiter.allow(f"confirm:{site.client(request)}", 30, HOUR):
        problem = "too many attempts from your address; try again in an hour"
    else:
        problem = site.face.fans.confirm(fan, text(form, "code"), site.now())
    if problem:
        context = {"fan": fan, "token": token, "problems": [problem]}
        return site.page(request, "confirm.html", context, 400)
    log.info("web: %s confirmed (%s)", fan.name, fan.label)
    url = site.face.fans.manage_url(fan.name) + "?welcome=1"
    return RedirectResponse(url, status_code=303)


def _config_subscriber(site: Site, token: str) -> SubscriberConfig | None:
    """The config subscriber a signed manage link names, if it names one."""
    name = site.face.signer.unsign("manage", token)
    return next((s for s in site.config.subscribers if s.name == name), None)


@router.get("/manage/{token}", response_class=HTMLResponse)
def manage_page(request: Request, token: str, welcome: str = "", saved: str = "") -> HTMLResponse:
    site = site_of(request)
    if (sub := _config_subscriber(site, token)) is not None:
        stopped = sub.name in site.face.fans.opted_out()
        context = {"sub": sub, "token": token, "stopped": stopped}
        return site.page(request, "config_manage.html", context)
    fan = _fan_for(site, "manage", token)
    return site.page(request, "manage.html", _manage_context(site, fan, token, welcome, saved))


def _manage_context(site: Site, fan: Fan, token: str, welcome: str = "", saved: str = "",
                    problems: list[str] | None = None) -> dict[str, Any]:  # fmt: skip
    keys = fan.choice.series
    titles = [t for t, _ in site.watched if keys is None or series_key(t) in keys]
    return {"fan": fan, "token": token, "welcome": bool(welcome), "saved": bool(saved),
            "titles": titles, "web": site.web, "problems": problems or [],
            "watched": site.watched,
            "config_subscribers": site.config.subscribers}  # fmt: skip


@router.post("/manage/{token}", response_class=HTMLResponse)
async def change(request: Request, token: str) -> Response:
    site = site_of(request)
    form = await posted(request, site)
    fan = _fan_for(site, "manage", token)
    if fan.status != "active":
        raise HTTPException(409, "this subscription is not active")
    choice, problems = choice_of(form, site)
    if choice is None:
        context = _manage_context(site, fan, token, problems=problems)
        return site.page(request, "manage.html", context, 400)
    site.face.fans.change(fan, choice)
    return RedirectResponse(site.face.fans.manage_url(fan.name) + "?saved=1", status_code=303)


@router.post("/manage/{token}/unsubscribe", response_class=HTMLResponse)
async def unsubscribe(request: Request, token: str) -> HTMLResponse:
    site = site_of(request)
    await posted(request, site)
    if (sub := _config_subscriber(site, token)) is not None:
        site.face.fans.opt_out(sub.name, site.now())
        log.info("web: config subscriber %s stopped their alerts", sub.name)
        return site.page(request, "unsubscribed.html", {"label": "you"})
    fan = _fan_for(site, "manage", token)
    if fan.status != "unsubscribed":
        site.face.fans.unsubscribe(fan, site.now())
        log.info("web: %s unsubscribed (%s)", fan.name, fan.label)
    return site.page(request, "unsubscribed.html", {"label": fan.label})
