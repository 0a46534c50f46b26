"""Serves the web face with uvicorn: the only module that imports it."""

from __future__ import annotations

from typing import Any


def make_server(app: Any, listen: str) -> Any:
    """A uvicorn server for `app` on `listen` (`HOST:PORT`, `[::1]:PORT`); `.run()` serves.

    No access log (paths carry signed links) and no proxy headers: `web.behind_proxy`
    decides what a forwarded address counts for.
    """
    import uvicorn

    host, _, port = listen.rpartition(":")
    config = uvicorn.Config(app, host=host.strip("[]") or "127.0.0.1", port=int(port),
                            log_level="warning", access_log=False, server_header=False,
                            proxy_headers=False)  # fmt: skip
    return uvicorn.Server(config)
