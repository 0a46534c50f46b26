"""Benchmark: the idle daemon's memory, as a ratio to importing the five core libraries.

  python bench/bench_memory.py [--settle SECONDS]

The daemon (`renewal-radar run`) watches bench/wpfeeds.py's 40 feeds on loopback with
its 100 titles: it polls them all, stores and detects 1,347 stories, then idles. It is
started as a deployment starts it, on a database that `renewal-radar db upgrade` has
brought to the current schema (a daemon that migrates a database itself also holds
Alembic afterwards: that start, on a new database file, is shown beside the figure). Once
every source has been polled and the log has been quiet for `--settle` seconds, its
resident memory (VmRSS) is read. The floor, in the same run: a process that imports
scrapy, feedparser, apscheduler, sqlalchemy and apprise and nothing else. Figure
`daemon.idle-memory`: daemon / floor, goal at most 1.5x.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_once import Server, config
from figures import Figure, exit_code, report
from wpfeeds import write

BIN = Path(sys.executable).parent
CORE = "import scrapy, feedparser, apscheduler, sqlalchemy, apprise, sys; sys.stdin.read()"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def floor() -> float:
    proc = subprocess.Popen([sys.executable, "-c", CORE], stdin=subprocess.PIPE)
    try:
        time.sleep(3.0)  # the imports are done well before
        return rss_mib(proc.pid)
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(10)


def daemon(
    work: Path, server: Server, names: list[str], settle: float, migrated: bool
) -> tuple[float, int]:
    """The daemon's resident MiB once idle, and how many stories it had stored."""
    path = work / "config.yaml"
    watchlist = (work / "feeds" / "watchlist.yaml").read_text()
    db = work / f"daemon-{migrated}.db"
    path.write_text(config(server, names, db, watchlist))
    if migrated:
        subprocess.run([str(BIN / "renewal-radar"), "-c", str(path), "db", "upgrade"], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    log = (work / "daemon.log").open("w+")
    proc = subprocess.Popen([str(BIN / "renewal-radar"), "-c", str(path), "run"],
                            stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline, quiet_since, size = time.monotonic() + 300, time.monotonic(), 0
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now_size = os.path.getsize(log.name)
            if now_size != size:
                size, quiet_since = now_size, time.monotonic()
            text = Path(log.name).read_text()
            polled = sum(f"tv{k:02d}: " in text for k in range(len(names)))
            if polled == len(names) and time.monotonic() - quiet_since >= settle:
                break
        else:
            raise RuntimeError("the daemon did not settle within 300 s")
        stored = sum(int(line.split(": ")[-1].split()[0]) for line in text.splitlines()
                     if " new of " in line)  # fmt: skip
        return rss_mib(proc.pid), stored
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--settle", type=float, default=5.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        work = Path(tmp)
        paths = write(work / "feeds", datetime.now(UTC))
        server = Server(work / "feeds")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = floor()
        names = [p.name for p in paths]
        cold, _ = daemon(work, server, names, args.settle, migrated=False)
        idle, stored = daemon(work, server, names, args.settle, migrated=True)
        server.shutdown()
    print(f"five core libraries imported: {base:.0f} MiB; idle daemon after storing "
          f"{stored} stories: {idle:.0f} MiB ({cold:.0f} MiB when it migrated a new "
          f"database itself, {cold / base:.2f}x)")  # fmt: skip
    figures = [report(Figure(
        "daemon.idle-memory", idle / base, 1.5, "<=",
        detail=f"idle daemon {idle:.0f} MiB RSS vs the five core libraries' import "
        f"{base:.0f} MiB, after 40 feeds and {stored} stories; {cold / base:.2f}x "
        "when the daemon migrated a new database itself",
    ))]  # fmt: skip
    return exit_code(figures)


if __name__ == "__main__":
    sys.exit(main())
