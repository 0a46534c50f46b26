"""The FastAPI app: wiring, security headers, the CSRF cookie, templates, rate limits.

Routes live in `pages` (the board), `forms` (subscribe, confirm, manage, admin)
and `api` (JSON, Atom, /healthz). Every page is rendered on the server and works
without JavaScript; the Content-Security-Policy allows no script at all.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from scraper import utcnow

from ..config import Config, WebConfig
from ..deliver import send as apprise_send
from ..message import safe_link
from .face import Face, Sender
from .guard import Resolver, system_resolve

CSRF_COOKIE = "rr_csrf"
HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # signed links in the path never leak to a story's site
}


class Limiter:
    """Sliding-window counts per key, in this process (one web process per database)."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    MAX_KEYS = 10_000  # beyond this, keys with no hit left in their window are dropped

    def allow(self, key: str, limit: int, window: float) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._hits) > self.MAX_KEYS:
                self._forget(now - window)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= limit:
                return False
            hits.append(now)
            return True

    def refund(self, key: str) -> None:
        """Take back the latest hit of `key` (a request that turned out to cost nothing)."""
        with self._lock:
            hits = self._hits.get(key)
            if hits:
                hits.pop()

    def _forget(self, before: float) -> None:
        stale = [k for k, hits in self._hits.items() if not hits or hits[-1] <= before]
        for key in stale:
            del self._hits[key]


@dataclass
class Site:
    """Everything a route needs, on `app.state.site`.

    `current` gives the config in force: a daemon that reloads its file shows the new
    watchlist and subscribers; the `web:` section itself (`face`) holds until a restart.
    """

    current: Callable[[], Config]
    face: Face
    now: Callable[[], datetime]
    send: Sender
    templates: Jinja2Templates
    limiter: Limiter = field(default_factory=Limiter)

    @property
    def config(self) -> Config:
        return self.current()

    @property
    def web(self) -> WebConfig:
        return self.face.web

    @property
    def watched(self) -> list[tuple[str, str | None]]:
        return [(s.title, s.network) for s in self.config.series]

    @property
    def prefix(self) -> str:
        """The path `base_url` puts before every page (`/radar`, or "" at the root)."""
        return urlsplit(str(self.web.base_url)).path.rstrip("/")

    def client(self, request: Request) -> str:
        """The client's address: the socket's, or the proxy's last hop with `behind_proxy`."""
        forwarded = request.headers.get("x-forwarded-for", "")
        if self.web.behind_proxy and forwarded:
            return forwarded.split(",")[-1].strip()
        return request.client.host if request.client else "unknown"

    def page(
        self, request: Request, name: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        cookie = getattr(request.state, "csrf_cookie", "")
        context = {"csrf": self.face.signer.csrf(cookie), "prefix": self.prefix} | context
        return self.templates.TemplateResponse(request, name, context, status_code=status)


def make_app(
    config: Config,
    engine: Engine,
    now: Callable[[], datetime] = utcnow,
    resolve: Resolver = system_resolve,
    send: Sender | None = None,
    current: Callable[[], Config] | None = None,
) -> FastAPI:
    """The web face for `config` (which must have `web:`) over an upgraded database;
    `current`, if given, tells the config in force later (a reloading daemon's)."""
    from . import admin, api, forms, pages

    if config.web is None:
        raise ValueError("the config has no web: section")
    timeout = config.delivery.timeout.total_seconds()
    face = Face(engine, config.web, resolve)
    base_send: Sender = send or (lambda url, t, b: apprise_send(url, t, b, timeout=timeout))
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["link"] = safe_link  # a story's link: http(s) only
    templates = Jinja2Templates(env=env)
    site = Site(current or (lambda: config), face, now, face.guarded(base_send), templates)
    app = FastAPI(
        title="Renewal Radar",
        version="1",
        description="Renewals, cancellations, final seasons and revivals of watched TV series.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.site = site
    app.exception_handler(StarletteHTTPException)(_error_page(site))
    app.middleware("http")(_guard_responses(site))
    for module in (pages, forms, admin, api):
        app.include_router(module.router)
    return app


def _guard_responses(
    site: Site,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    secure = urlsplit(str(site.web.base_url)).scheme == "https"

    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        cookie = request.cookies.get(CSRF_COOKIE)
        request.state.csrf_cookie = cookie or secrets.token_urlsafe(24)
        head = request.method == "HEAD"  # monitors and link checkers: a GET without its body
        if head:
            request.scope["method"] = "GET"
        response = await call_next(request)
        if head:
            response = Response(status_code=response.status_code, headers=response.headers)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not cookie:
            response.set_cookie(CSRF_COOKIE, request.state.csrf_cookie, httponly=True,
                                samesite="lax", secure=secure, path="/")  # fmt: skip
        return response

    return middleware


HEADINGS = {403: "Form expired", 404: "Not found", 405: "Not allowed", 409: "Not possible"}


def _error_page(site: Site) -> Callable[[Request, Any], Awaitable[Response]]:
    """Errors as JSON under /api, as a page elsewhere."""

    async def handler(request: Request, exc: Any) -> Response:
        headers = getattr(exc, "headers", None)
        if request.url.path.startswith(("/api/", "/healthz", "/openapi")):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=headers)
        heading = HEADINGS.get(exc.status_code, "Something went wrong")
        context = {"status": exc.status_code, "heading": heading, "detail": exc.detail}
        return site.page(request, "error.html", context, exc.status_code)

    return handler
