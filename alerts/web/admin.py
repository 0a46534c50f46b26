"""The operator's page behind `web.admin_token`: every subscriber, and removing a web fan."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .app import Site
from .forms import posted, text
from .pages import site_of

router = APIRouter(include_in_schema=False)

COOKIE = "rr_admin"


def _token_ok(site: Site, given: str) -> bool:
    wanted = site.web.admin_token
    return bool(wanted) and hmac.compare_digest(given.encode(), str(wanted).encode())


def _admitted(request: Request, site: Site) -> bool:
    """A Bearer token, or the cookie a login with the token set."""
    if not site.web.admin_token:
        raise HTTPException(404, "no admin page: web.admin_token is not set")
    bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if bearer and _token_ok(site, bearer):
        return True
    cookie = request.cookies.get(COOKIE, "")
    return cookie != "" and site.face.signer.unsign("admin", cookie) == _holder(site)


def _holder(site: Site) -> str:
    """What the admin cookie signs: changes with the token, so a new token logs everyone out."""
    return hashlib.sha256(str(site.web.admin_token).encode()).hexdigest()[:16]


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request) -> HTMLResponse:
    site = site_of(request)
    if not _admitted(request, site):
        return site.page(request, "login.html", {"problems": []}, 401)
    context = {"fans": site.face.fans.listing(), "config_subscribers": site.config.subscribers,
               "opted_out": site.face.fans.opted_out()}  # fmt: skip
    return site.page(request, "admin.html", context)


@router.post("/admin/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    site = site_of(request)
    form = await posted(request, site)
    if not site.limiter.allow(f"admin:{site.client(request)}", 10, 3600.0) or not _token_ok(
        site, text(form, "token")
    ):
        return site.page(request, "login.html", {"problems": ["wrong token"]}, 401)
    response = RedirectResponse(f"{site.prefix}/admin", status_code=303)
    secure = str(site.web.base_url).startswith("https://")
    response.set_cookie(COOKIE, site.face.signer.sign("admin", _holder(site)), httponly=True,
                        samesite="strict", secure=secure, path=f"{site.prefix}/admin")  # fmt: skip
    return response


@router.post("/admin/remove", response_class=HTMLResponse)
async def remove(request: Request) -> Response:
    site = site_of(request)
    form = await posted(request, site)
    if not _admitted(request, site):
        raise HTTPException(401, "log in first")
    fan = site.face.fans.by_name(text(form, "name"))
    if fan is None:
        raise HTTPException(404, "no such web subscriber")
    site.face.fans.unsubscribe(fan, site.now())
    return RedirectResponse(f"{site.prefix}/admin", status_code=303)
