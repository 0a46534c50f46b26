"""Reliability bench: hostile sources and receivers, SIGKILLs and a locked database, on loopback.

  python bench/reliability.py [--only NAME,...] [--kills 100] [--events 30] [--targets 3]
                              [--seed N] [--no-cases] [--no-kills]

Each case runs the real `renewal-radar once` in a subprocess on a fresh SQLite database, with
a healthy feed (a watched renewal, a subscriber on a loopback json:// receiver) beside the
hostile source or receiver. A run is killed 10 s after its case's deadline and the case then
FAILs. The table gives the outcome, the time and peak RSS of the runs, the line the run
logged about the trouble, and whether the healthy alert arrived exactly once. Then the
daemon (`renewal-radar run`) is killed with SIGKILL at random moments while it delivers a
burst of alerts, restarted each time, and the alerts lost and doubled are counted (the
target: none lost, at most one doubled per kill). The database outages are in
`reliability_outage.py` (PostgreSQL's is skipped when it is not on 127.0.0.1:5432).
Everything listens on 127.0.0.1 only.
Exit code 1 when any case fails or an alert is lost or doubled beyond the target.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback import Loopback, Request, closed_port, drip, feed_route, receiver_route, respond
from reliability_kills import kill_bench
from reliability_outage import HOLD, postgres_database, sqlite_lock

ROOT = Path(__file__).resolve().parent.parent
RADAR = [str(Path(sys.executable).with_name("renewal-radar"))]
GRACE = 10.0  # a run still going this long after its deadline is killed: the case fails
HEALTHY = (
    "Harbor Lights Renewed For Season 4 At NBC",
    "NBC has renewed Harbor Lights for a fourth season, the network said on Tuesday.",
)


@dataclass
class Case:
    name: str
    hostile: Callable[[Loopback], object] | None = None  # routes /hostile, returns what it made
    deadline: float = 60.0  # seconds each run may take
    runs: int = 1
    gap: float = 0.0  # seconds between runs
    receiver_delay: float = 0.0
    dead_target: bool = False
    outage: str | None = None  # "sqlite" or "postgresql": the database goes away during a send
    config: str = ""  # more top-level config
    check: Callable[[Run], str | None] = lambda run: None  # why it failed, or None
    note: str = ""


@dataclass
class Run:
    case: Case
    server: Loopback
    db: Path
    hook: str
    seconds: float = 0.0
    rss_mib: float = 0.0
    killed: bool = False
    lines: list[str] = field(default_factory=list)
    database: str = ""
    skipped: str = ""

    def healthy(self) -> int:
        return sum(b"Harbor Lights" in r.body for r in self.server.received(self.hook))

    def query(self, sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db) as conn:
            return list(conn.execute(sql))


# --- hostile sources ---------------------------------------------------------------------

LAUGHS = (
    b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol">
"""
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b"""]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>
<link>http://127.0.0.1/laughs</link><description>&lol9;</description></item></channel></rss>"""
)
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>Harbor Lights news &xxe;</title>
<link>http://127.0.0.1/xxe</link><description>Leak: &xxe;</description></item></channel></rss>"""
STORY_5MB = "Night Desk has been renewed for a third season by NBC, and Night Desk fans cheer. "


def _fixed(body: bytes, kind: str = "application/rss+xml") -> Callable[[Loopback], object]:
    def make(server: Loopback) -> object:
        server.route("/hostile", lambda req, out: respond(out, body, kind=kind))
        return None

    return make


def _bomb(server: Loopback) -> object:
    body = gzip.compress(b"<rss>" + bytes(256 << 20), compresslevel=6)  # 256 MiB of zeros
    server.route("/hostile", lambda r, out: respond(out, body, extra="Content-Encoding: gzip\r\n"))
    return None


def _huge(server: Loopback) -> object:
    def serve(req: Request, out: BinaryIO) -> None:
        out.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n"
        )
        out.write(b"<rss><channel>")
        chunk = b" " * 65536
        for _ in range((200 << 20) // len(chunk)):  # 200 MiB, no Content-Length to refuse
            out.write(chunk)

    server.route("/hostile", serve)
    return None


def _lying(server: Loopback) -> object:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>short'
    server.route("/hostile", lambda req, out: respond(out, body, length=50_000))
    return None


def _loop(server: Loopback) -> object:
    head = "Location: /hostile/again\r\n"
    server.route("/hostile", lambda req, out: respond(out, b"", "302 Found", "text/plain", head))
    return None


def _drip_body(server: Loopback) -> object:
    def serve(req: Request, out: BinaryIO) -> None:
        out.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n"
        )
        out.flush()
        drip(out, b"<rss version='2.0'><channel>" + b" " * 100_000, 1.0, server.stopping)

    server.route("/hostile", serve)
    return None


def _drip_headers(server: Loopback) -> object:
    def serve(req: Request, out: BinaryIO) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Slow: " + b"a" * 100_000
        drip(out, head, 1.0, server.stopping)

    server.route("/hostile", serve)
    return None


def _big_story(server: Loopback) -> object:
    text = STORY_5MB * ((5 << 20) // len(STORY_5MB))
    link = server.base + "/story/big"
    server.route("/hostile", feed_route([("Night Desk renewed for season 3", link, text)]))
    return None


def _retry_after(server: Loopback) -> object:
    extra = "Retry-After: 3600\r\n"
    server.route(
        "/hostile",
        lambda r, out: respond(out, b"slow down", "429 Too Many Requests", "text/plain", extra),
    )
    return None


# --- checks ------------------------------------------------------------------------------


def _no_leak(run: Run) -> str | None:
    leaked = run.query(
        "SELECT count(*) FROM articles WHERE text LIKE '%root:%' OR title LIKE '%root:%'"
    )
    return "the file's contents were stored" if leaked[0][0] else None


def _capped(run: Run) -> str | None:
    rows = run.query("SELECT length(text) FROM articles WHERE url LIKE '%/story/big%'")
    if not rows:
        return "the big story was not stored"
    return None if int(str(rows[0][0])) <= 200_000 else f"stored {rows[0][0]} characters"


def _polled_once(run: Run) -> str | None:
    polls = sum(n for path, n in run.server.hits.items() if path.startswith("/hostile"))
    return (
        None
        if polls == 1
        else f"polled {polls} times in {run.case.runs} runs despite Retry-After: 3600"
    )


def _sent(run: Run) -> str | None:
    rows = run.query("SELECT status, count(*) FROM deliveries GROUP BY status")
    states = {str(s): n for s, n in rows}
    return None if set(states) == {"sent"} else f"deliveries: {states}"


CASES = [
    Case("billion laughs", _fixed(LAUGHS)),
    Case("external entity", _fixed(XXE), check=_no_leak),
    Case("gzip bomb (256 MiB)", _bomb),
    Case("200 MB body", _huge),
    Case("lying Content-Length", _lying),
    Case("redirect loop", _loop),
    Case(
        "HTML served as a feed", _fixed(b"<html><body><p>Hello</p></body></html>", kind="text/html")
    ),
    Case("drip: body 1 byte/s", _drip_body, deadline=90.0),
    Case("drip: headers 1 byte/s", _drip_headers, deadline=90.0),
    Case("5 MB story naming a title", _big_story, check=_capped),
    Case("429 Retry-After: 3600", _retry_after, runs=3, gap=2.0, check=_polled_once),
    Case("slow receiver (6 s), timeout 15s", receiver_delay=6.0, runs=3, gap=2.0, check=_sent),
    Case("dead receiver", dead_target=True),
    Case("database outage during a send: SQLite locked", outage="sqlite", runs=2, gap=HOLD + 2),
    Case(
        "database outage during a send: PostgreSQL cut off",
        outage="postgresql",
        runs=2,
        gap=HOLD + 2,
    ),
]


# --- running a case ------------------------------------------------------------------------


def config_text(run: Run, server: Loopback, extra_targets: list[str]) -> str:
    path = "/hostile/" + re.sub(r"\W+", "-", run.case.name.split()[0]).strip("-")
    hostile = f"  - name: hostile\n    feed: {server.base}{path}\n    every: 1s\n"
    targets = ", ".join(
        f'"{t}"' for t in [f"json://127.0.0.1:{server.port}{run.hook}", *extra_targets]
    )
    return (
        f"version: 1\ndatabase: {run.database}\nsources:\n"
        f"  - name: healthy\n    feed: {server.base}/feed/healthy\n    every: 1m\n"
        + (hostile if run.case.hostile else "")
        + "series:\n  - title: Harbor Lights\n    network: NBC\n  - title: Night Desk\n"
        f"subscribers:\n  - name: fan\n    notify: [{targets}]\n    series: all\n"
        "delivery:\n  timeout: 15s\n  retry: [1s, 1s, 1s]\n" + run.case.config
    )


def spawn(args: list[str], log: BinaryIO) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        RADAR + args, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )


def wait_bounded(proc: subprocess.Popen[bytes], limit: float) -> tuple[float, float, bool]:
    """Seconds taken, peak RSS (MiB), and whether it was killed at `limit` seconds.

    The peak is the child's own high-water mark (`VmHWM`), read while it runs: the rusage a
    wait returns starts from the parent's peak at the fork, which is this bench's."""
    start = time.monotonic()
    killed = False
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _high_water_kib(proc.pid))
        if time.monotonic() - start > limit and not killed:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
        time.sleep(0.02)
    return time.monotonic() - start, peak / 1024, killed


def _high_water_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1])


def run_case(case: Case, server: Loopback, work: Path) -> Run:
    run = Run(case, server, work / "radar.db", f"/hook/{abs(hash(case.name))}/")
    run.database = f"sqlite:///{run.db}"
    server.route(run.hook, receiver_route(case.receiver_delay))
    if case.outage == "sqlite":
        server.route(run.hook, sqlite_lock(run.db))
    with postgres_database() if case.outage == "postgresql" else nullcontext() as pg:
        if case.outage == "postgresql":
            if pg is None:
                run.skipped = "PostgreSQL is not reachable on 127.0.0.1:5432"
                return run
            run.database = pg[0]
            server.route(run.hook, pg[1])
        _runs(run, server, work)
    return run


def _runs(run: Run, server: Loopback, work: Path) -> None:
    case = run.case
    server.hits.clear()
    if case.hostile:
        case.hostile(server)
    extra = [f"json://127.0.0.1:{closed_port()}/dead"] if case.dead_target else []
    config = work / "config.yaml"
    config.write_text(config_text(run, server, extra))
    for n in range(case.runs):
        time.sleep(case.gap if n else 0)
        with open(work / f"run{n}.log", "wb") as log:
            proc = spawn(["-c", str(config), "once"], log)
            seconds, rss, killed = wait_bounded(proc, case.deadline + GRACE)
        run.seconds += seconds
        run.rss_mib = max(run.rss_mib, rss)
        run.killed |= killed
        run.lines += (work / f"run{n}.log").read_text(errors="replace").splitlines()


def error_line(run: Run) -> str:
    """What the run said about the trouble: the hostile source's line, else a warning."""

    def message(line: str) -> str:
        return line.split(": ", 1)[1] if ": " in line and line[:2] == "20" else line

    wanted: list[Callable[[str], bool]] = [
        lambda s: "hostile" in s and ("WARNING" in s or "ERROR" in s),
        lambda s: s.startswith("renewal-radar:"),  # the command's own error
        lambda s: "WARNING" in s or "ERROR" in s,
        lambda s: "source" in s and "sent" in s,
    ]
    for test in wanted:
        found = [s for s in run.lines if test(s)]
        if found:
            return message(found[0]).replace(run.server.base, "")[:110]
    last = message(run.lines[-1]) if run.lines else "nothing"
    return f"(none; last line: {last})"[:110]


def verdict(run: Run) -> str:
    if run.skipped:
        return f"skipped: {run.skipped}"
    if run.killed:
        return f"FAIL: still running at deadline+{GRACE:.0f}s"
    healthy = run.healthy()
    if healthy != 1:
        return f"FAIL: healthy alert delivered {healthy} times"
    problem = run.case.check(run)
    return f"FAIL: {problem}" if problem else "ok"


def fetch_timeout_supported(work: Path) -> bool:
    """Whether the config takes a `fetch_timeout` (then the drip cases get 10 s)."""
    path = work / "probe.yaml"
    path.write_text("version: 1\nfetch_timeout: 10s\n")
    probe = subprocess.run([*RADAR, "-c", str(path), "check-config"], capture_output=True)
    return probe.returncode == 0


def run_cases(cases: list[Case]) -> bool:
    server = Loopback()
    server.route(
        "/feed/healthy", feed_route([(*HEALTHY[:1], server.base + "/story/healthy", HEALTHY[1])])
    )
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="rr-reliability-") as tmp:
        if fetch_timeout_supported(Path(tmp)):
            for c in cases:
                if c.name.startswith("drip"):
                    c.deadline, c.config = 40.0, "fetch_timeout: 10s\n"
        for case in cases:
            work = Path(tmp) / str(len(rows))
            work.mkdir()
            run = run_case(case, server, work)
            rows.append(
                (
                    case.name,
                    verdict(run),
                    f"{run.seconds:.1f}",
                    f"{run.rss_mib:.0f}",
                    "yes" if run.healthy() == 1 else f"no ({run.healthy()})",
                    error_line(run),
                )
            )
            print(" | ".join(rows[-1]), flush=True)
            shutil.rmtree(work, ignore_errors=True)
    server.close()
    print_table(rows)
    return all(r[1] == "ok" or r[1].startswith("skipped") for r in rows)


def print_table(rows: list[tuple[str, ...]]) -> None:
    head = ("case", "outcome", "time s", "peak RSS MiB", "healthy once", "error line")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    print()
    for r in [head, *rows]:
        print(" | ".join(c.ljust(w) for c, w in zip(r[:5], widths, strict=False)) + " | " + r[5])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated case names (prefixes)")
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--events", type=int, default=30)
    ap.add_argument("--targets", type=int, default=3)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--no-cases", action="store_true")
    ap.add_argument("--no-kills", action="store_true")
    args = ap.parse_args()
    cases = CASES
    if args.only:
        wanted = [w.strip() for w in args.only.split(",")]
        cases = [c for c in CASES if any(c.name.startswith(w) for w in wanted)]
    ok = True
    if not args.no_cases:
        ok = run_cases(cases) and ok
    if not args.no_kills and args.kills > 0:
        ok = kill_bench(RADAR, args.kills, args.events, args.targets, args.seed) and ok
    print("ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
