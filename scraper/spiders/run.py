"""The parent side of a spider job: run the crawl subprocess under a deadline, read its result.

Scrapy's reactor cannot be restarted in one process, so every crawl is a
fresh `python -m scraper.spiders`. The job (spec and database URL) goes in on
stdin, so no password shows in the process list; one JSON line comes back.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from .spec import CrawlResult, CrawlSpec

log = logging.getLogger(__name__)

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_MAX_LOGGED_LINES = 20


def run_crawl(spec: CrawlSpec, database_url: str, timeout: float = 300.0) -> CrawlResult:
    """Crawl `spec` into the store at `database_url` in a subprocess killed after `timeout` s.

    Two crawls of one site never run at once (each would be polite alone, together twice as
    busy): a crawl waits up to `timeout` s for the one before it, then gives up saying so.
    """
    started = time.monotonic()
    with contextlib.ExitStack() as held:
        for site in sorted(_sites(spec)):  # always in one order: no two crawls wait on each other
            lock = _site_lock(site)
            if not lock.acquire(timeout=timeout):
                return _error(spec, f"another crawl of {site} ran for over {timeout:g}s", started)
            held.callback(lock.release)
        if _STOPPING.is_set():  # it waited for a crawl that `stop_crawls` killed
            return _error(spec, "not started: the daemon is stopping", started)
        return _crawl(spec, database_url, timeout, time.monotonic())  # `elapsed`: the crawl's own


_SITE_LOCKS: dict[str, threading.Lock] = {}
_SITE_LOCKS_LOCK = threading.Lock()


def _site_lock(site: str) -> threading.Lock:
    with _SITE_LOCKS_LOCK:
        return _SITE_LOCKS.setdefault(site, threading.Lock())


def _sites(spec: CrawlSpec) -> set[str]:
    """The hosts (with their ports) a crawl starts from."""
    urls = [spec.sitemap] if spec.sitemap else list(spec.start)
    return {urlsplit(u).netloc.lower() for u in urls if u}


def _crawl(spec: CrawlSpec, database_url: str, timeout: float, started: float) -> CrawlResult:
    job = json.dumps({"spec": json.loads(spec.to_json()), "database": database_url})
    try:
        out, err, code = _run_child(job, timeout)
    except subprocess.TimeoutExpired:
        return _error(spec, f"crawl timed out after {timeout:g}s", started)
    except OSError as e:
        return _error(spec, f"cannot start the crawl: {e}", started)
    _log_stderr(spec.name, err)
    return _result(spec, out, err, code, started)


_RUNNING: set[subprocess.Popen[str]] = set()
_STOPPING = threading.Event()


def stop_crawls() -> None:
    """Kill every crawl this process started that is still running (the daemon is stopping);
    a crawl still waiting for another of its site then starts none."""
    _STOPPING.set()
    for proc in list(_RUNNING):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def _run_child(job: str, timeout: float) -> tuple[str, str, int]:
    """Run the crawl subprocess in its own process group; the whole group dies on timeout."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "scraper.spiders"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=_child_env(),
    )
    _RUNNING.add(proc)
    try:
        out, err = proc.communicate(job, timeout=timeout)
    except BaseException:  # timeout, Ctrl-C, SystemExit: never leave a crawler behind
        _kill_group(proc)
        raise
    finally:
        _RUNNING.discard(proc)
    return out, err, proc.returncode


def _kill_group(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def _child_env() -> dict[str, str]:
    """Our environment, with this checkout importable whatever the working directory."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    return env


def _result(spec: CrawlSpec, out: str, err: str, code: int, started: float) -> CrawlResult:
    summary = _summary(out)
    failed = _last_line(err) or f"crawl exited with code {code}"
    if summary is None:
        return _error(spec, failed, started)
    new, seen = int(summary.get("new", 0)), int(summary.get("seen", 0))
    found, stories = int(summary.get("found", 0)), int(summary.get("stories", 0))
    elapsed = time.monotonic() - started
    error = summary.get("error") or (failed if code else None)
    status: Literal["ok", "error"] = "error" if error else "ok"
    unsent = int(summary.get("unsent", 0))
    return CrawlResult(spec.name, status, new, seen, error and str(error), elapsed, found, stories,
                       unsent)  # fmt: skip


def _summary(out: str) -> dict[str, Any] | None:
    """The child's last stdout line as a JSON object, if it wrote one."""
    lines = [line for line in out.splitlines() if line.strip()]
    try:
        value = json.loads(lines[-1]) if lines else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _error(spec: CrawlSpec, message: str, started: float) -> CrawlResult:
    return CrawlResult(spec.name, "error", error=message, elapsed=time.monotonic() - started)


def _last_line(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else None


def _log_stderr(source: str, err: str) -> None:
    """Pass the crawl's own warnings on to our log, a few lines at most."""
    lines = [line for line in err.splitlines() if line.strip()]
    for line in lines[:_MAX_LOGGED_LINES]:
        log.warning("%s: crawl: %s", source, line)
    if len(lines) > _MAX_LOGGED_LINES:
        log.warning("%s: crawl: ... %d more lines", source, len(lines) - _MAX_LOGGED_LINES)
