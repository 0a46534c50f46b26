"""The fans' web face: status board, subscriptions, Atom feeds, JSON API and /healthz.

This face stays light: the daemon imports `Face` (web fans as subscribers, the
guarded sender, the heartbeat) without FastAPI. The web stack itself loads only
through `make_app` and `make_server`, for `renewal-radar web` and a `run` with `web:`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .face import Face
from .guard import Guard, system_resolve
from .health import beat

if TYPE_CHECKING:
    from fastapi import FastAPI


def make_app(*args: Any, **kwargs: Any) -> FastAPI:
    """The ASGI app (see `alerts.web.app.make_app`)."""
    from .app import make_app as make

    return make(*args, **kwargs)


def make_server(app: Any, listen: str) -> Any:
    """A uvicorn server for `app` on `listen` (see `alerts.web.serve.make_server`)."""
    from .serve import make_server as make

    return make(app, listen)


__all__ = ["Face", "Guard", "beat", "make_app", "make_server", "system_resolve"]
