"""The board's pages: every watched series with its status, one series' timeline, recent events."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from . import board
from .app import HERE, Site

router = APIRouter(include_in_schema=False)

EVENT_FILTERS = ("renewed", "cancelled", "ending", "revived", "none")


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def watched_title(site: Site, slug: str) -> tuple[str, str | None]:
    """The watched series whose slug is `slug`, or a 404."""
    for title, network in site.watched:
        if board.slug_of(title) == slug:
            return title, network
    raise HTTPException(404, "no such series on the watchlist")


@router.get("/", response_class=HTMLResponse)
def status_board(request: Request, q: str = "", status: str = "") -> HTMLResponse:
    site = site_of(request)
    rows = board.board(site.face.engine, site.watched)
    if q.strip():
        needle = q.strip().casefold()
        rows = [r for r in rows if needle in r.title.casefold()]
    if status in EVENT_FILTERS:
        rows = [r for r in rows if (r.latest.event if r.latest else "none") == status]
    recent = board.recent(site.face.engine, limit=5)
    context = {"rows": rows, "q": q, "status": status, "filters": EVENT_FILTERS,
               "recent": recent}  # fmt: skip
    return site.page(request, "board.html", context)


@router.get("/series/{slug}", response_class=HTMLResponse)
def series_page(request: Request, slug: str) -> HTMLResponse:
    site = site_of(request)
    title, network = watched_title(site, slug)
    events = board.timeline(site.face.engine, title)
    watched = board.Watched(title, network, events[0] if events else None)
    return site.page(request, "series.html", {"series": watched, "events": events})


@router.get("/events", response_class=HTMLResponse)
def recent_events(request: Request) -> HTMLResponse:
    site = site_of(request)
    events = board.recent(site.face.engine, limit=50)
    return site.page(request, "events.html", {"events": events})


@router.get("/static/style.css")
def style() -> Response:
    css = (HERE / "static" / "style.css").read_text(encoding="utf-8")
    headers = {"Cache-Control": "public, max-age=3600"}
    return Response(css, media_type="text/css", headers=headers)
