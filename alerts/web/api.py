"""What other tools read: the JSON API (with its OpenAPI document), Atom feeds, /healthz."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from ..message import safe_link
from . import board, health
from .pages import site_of, watched_title

router = APIRouter()

MAX_ID = 2**31 - 1


class EventOut(BaseModel):
    id: int
    series: str
    slug: str
    event: str
    season: int | None
    network: str | None
    status: str
    headline: str
    url: str
    first_seen_at: datetime
    last_seen_at: datetime
    outlets: int
    reports: list[board.Report]


class SeriesOut(BaseModel):
    title: str
    slug: str
    network: str | None
    status: str
    latest: EventOut | None


class SeriesDetail(SeriesOut):
    events: list[EventOut]


class EventsPage(BaseModel):
    events: list[EventOut]
    next_since: int  # pass as `since` for the next page; equal to `since` when nothing is new


class HealthOut(BaseModel):
    status: str
    database: str
    scheduler_heartbeat_age_seconds: float | None
    last_fetch_age_seconds: float | None
    problems: list[str]


def event_out(e: board.Event) -> EventOut:
    return EventOut(id=e.id, series=e.series, slug=e.slug, event=e.event, season=e.season,
                    network=e.network, status=e.status, headline=e.headline, url=e.url,
                    first_seen_at=e.first_seen_at, last_seen_at=e.last_seen_at,
                    outlets=e.outlets, reports=list(e.reports))  # fmt: skip


def series_out(w: board.Watched) -> SeriesOut:
    latest = event_out(w.latest) if w.latest else None
    return SeriesOut(title=w.title, slug=w.slug, network=w.network, status=w.words(),
                     latest=latest)  # fmt: skip


@router.get("/api/v1/series", response_model=list[SeriesOut], tags=["series"])
def api_series(request: Request) -> list[SeriesOut]:
    """Every watched series with its current status in words and its latest event."""
    site = site_of(request)
    return [series_out(w) for w in board.board(site.face.engine, site.watched)]


@router.get("/api/v1/series/{slug}", response_model=SeriesDetail, tags=["series"],
            responses={404: {"description": "no such series on the watchlist"}})  # fmt: skip
def api_one_series(request: Request, slug: str) -> SeriesDetail:
    """One series: its status and its timeline of events, newest first, with their reports."""
    site = site_of(request)
    title, network = watched_title(site, slug)
    events = board.timeline(site.face.engine, title)
    w = series_out(board.Watched(title, network, events[0] if events else None))
    return SeriesDetail(**w.model_dump(), events=[event_out(e) for e in events])


@router.get("/api/v1/events", response_model=EventsPage, tags=["events"])
def api_events(
    request: Request,
    since: Annotated[
        int, Query(ge=0, le=MAX_ID, description="the last id seen; 0: from the start")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> EventsPage:
    """Events oldest first with ids above `since`; page on with `next_since`."""
    site = site_of(request)
    events = board.since(site.face.engine, since, limit)
    return EventsPage(events=[event_out(e) for e in events],
                      next_since=events[-1].id if events else since)  # fmt: skip


STALE: dict[int | str, dict[str, Any]] = {
    503: {"model": HealthOut, "description": "something is stale or down"}
}


@router.get("/healthz", response_model=HealthOut, tags=["health"], responses=STALE)
def healthz(request: Request) -> JSONResponse:
    """The database, the scheduler's last heartbeat and the last successful fetch."""
    site = site_of(request)
    web = site.web
    found = health.check(site.face.engine, site.now(), web.stale_heartbeat, web.stale_fetch)
    headers = {"Cache-Control": "no-store"}
    return JSONResponse(found.as_json(), status_code=200 if found.ok else 503, headers=headers)


ATOM = "application/atom+xml; charset=utf-8"


@router.get("/feed.atom", include_in_schema=False)
def feed_all(request: Request) -> Response:
    site = site_of(request)
    events = board.recent(site.face.engine, limit=50)
    return _atom(request, "All series", "/feed.atom", events)


@router.get("/series/{slug}/feed.atom", include_in_schema=False)
def feed_series(request: Request, slug: str) -> Response:
    site = site_of(request)
    title, _ = watched_title(site, slug)
    events = board.timeline(site.face.engine, title)[:50]
    return _atom(request, title, f"/series/{slug}/feed.atom", events)


def _atom(request: Request, title: str, path: str, events: list[board.Event]) -> Response:
    site = site_of(request)
    base = str(site.web.base_url).rstrip("/")
    updated = max((e.last_seen_at for e in events), default=site.now())
    entries = [(e, entry_html(e)) for e in events]
    context = {"title": title, "self": base + path, "base": base, "entries": entries,
               "updated": updated}  # fmt: skip
    body = site.templates.env.get_template("feed.xml").render(context)
    return Response(body, media_type=ATOM, headers={"Cache-Control": "public, max-age=300"})


def entry_html(e: board.Event) -> str:
    """An entry's HTML content as plain text: the template escapes it once more for XML."""
    items = "".join(
        f'<li><a href="{escape(safe_link(r.url))}">{escape(r.title or r.url)}</a>'
        f" ({escape(r.outlet)})</li>"
        for r in e.reports
    )
    return (
        f"<p>{escape(e.words())}</p><blockquote>{escape(e.evidence)}</blockquote><ul>{items}</ul>"
    )
