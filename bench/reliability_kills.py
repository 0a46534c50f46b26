"""The reliability bench's SIGKILL part: the daemon killed at random moments while it delivers.

A round serves a feed of `events` renewals of distinct watched series to a fresh database,
with one subscriber on `targets` loopback json:// receivers (each answering in 30 ms, so a
burst takes a few seconds). The daemon (`renewal-radar run`) is started; once an alert of
this life has arrived it is SIGKILLed after a random wait of up to 0.4 s, and started again,
until every (series, target) pair has arrived; then it is stopped with SIGTERM. Rounds go
on until `kills` kills were made. Lost: a pair that never arrived; doubled: each arrival of
a pair beyond its first.
"""

from __future__ import annotations

import bisect
import json
import os
import random
import signal
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import BinaryIO

from loopback import Loopback, feed_route, receiver_route

ADJECTIVES = ("Amber", "Broken", "Silent", "Golden", "Hidden", "Northern")
NOUNS = ("Harbor", "Orchard", "Meridian", "Causeway", "Lantern", "Quarry")
LIFE_LIMIT = 60.0  # a life that delivers nothing in this long ends the round as stuck


def titles(n: int) -> list[str]:
    names = [f"{a} {b}" for a in ADJECTIVES for b in NOUNS]
    if n > len(names):
        raise SystemExit(f"--events at most {len(names)}")
    return names[:n]


def _config(db: Path, server: Loopback, feed: str, names: list[str], hooks: list[str]) -> str:
    series = "".join(f"  - title: {t}\n" for t in names)
    targets = ", ".join(f'"json://127.0.0.1:{server.port}{h}"' for h in hooks)
    return (
        f"version: 1\ndatabase: sqlite:///{db}\nsources:\n  - name: burst\n    feed: {feed}\n"
        f"    every: 1h\nseries:\n{series}subscribers:\n  - name: fan\n    notify: [{targets}]\n"
        "    series: all\ndelivery:\n  retry: [1s, 1s, 1s, 1s, 1s]\n"
    )


def _in_order(server: Loopback, prefix: str, names: list[str]) -> list[tuple[str, str]]:
    """Every alert received, as (target, series), in the order they arrived."""
    out = []
    for r in server.received(prefix):
        try:
            words = json.dumps(json.loads(r.body))
        except ValueError:
            words = r.body.decode(errors="replace")
        out.append((r.path, next((t for t in names if t in words), "?")))
    return out


def _arrivals(server: Loopback, prefix: str, names: list[str]) -> Counter[tuple[str, str]]:
    return Counter(_in_order(server, prefix, names))


def _doubled_by_life(order: list[tuple[str, str]], kills_at: list[int]) -> list[int]:
    """Alerts doubled, by the life that sent the copy before (a kill can double only what its
    life had sent but not yet recorded, a first send or a re-send); one entry a kill, then
    the last life's (no kill)."""
    last: dict[tuple[str, str], int] = {}
    out = [0] * (len(kills_at) + 1)
    for i, pair in enumerate(order):
        life = bisect.bisect_right(kills_at, i)
        if pair in last:
            out[last[pair]] += 1
        last[pair] = life
    return out


def _start(radar: list[str], config: Path, log: BinaryIO) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [*radar, "-c", str(config), "run"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )


def _round(
    radar: list[str],
    server: Loopback,
    n: int,
    kills_left: int,
    names: list[str],
    targets: int,
    rng: random.Random,
    work: Path,
) -> tuple[list[int], Counter[tuple[str, str]], str]:
    """One burst: the alerts each kill doubled (and, last, those doubled with no kill),
    arrivals by (target, series), and why it did not finish (or "")."""
    prefix = f"/kill/r{n}/"
    hooks = [f"{prefix}t{k}" for k in range(targets)]
    for h in hooks:
        server.route(h, receiver_route(0.03))
    feed = f"/feed/burst{n}"
    items = [
        (
            f"NBC renews {t} for season 2",
            f"{server.base}/story/r{n}-{i}",
            f"NBC has renewed {t} for a second season, the network said.",
        )
        for i, t in enumerate(names)
    ]
    server.route(feed, feed_route(items))
    config = work / f"round{n}.yaml"
    config.write_text(_config(work / f"round{n}.db", server, server.base + feed, names, hooks))
    want = len(names) * targets
    marks: list[int] = []  # alerts received so far, at each kill
    with open(work / f"round{n}.log", "ab") as log:
        while True:
            before = len(server.received(prefix))
            proc = _start(radar, config, log)
            started = time.monotonic()
            while len(server.received(prefix)) == before and proc.poll() is None:
                if time.monotonic() - started > LIFE_LIMIT:
                    break
                time.sleep(0.01)
            done = len(_arrivals(server, prefix, names)) >= want
            if len(marks) < kills_left and not done and proc.poll() is None:
                time.sleep(rng.uniform(0, 0.4))
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                marks.append(_settled(server, prefix))
                continue
            unfinished = _wait_all(server, prefix, names, want, proc)
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            got = _arrivals(server, prefix, names)
            if unfinished:
                log.flush()
                tail = (work / f"round{n}.log").read_text(errors="replace").splitlines()[-1:]
                unfinished += f"; its log ends: {tail[0][:160] if tail else '(empty)'}"
            return _doubled_by_life(_in_order(server, prefix, names), marks), got, unfinished


def _doubled(got: Counter[tuple[str, str]]) -> int:
    return sum(c - 1 for c in got.values() if c > 1)


def _settled(server: Loopback, prefix: str) -> int:
    """Alerts received once those written before a kill are read: the count holds for 0.5 s
    (on a loaded machine the server's thread may read a request some time after it came)."""
    count, since, start = len(server.received(prefix)), time.monotonic(), time.monotonic()
    while time.monotonic() - since < 0.5 and time.monotonic() - start < 5:
        time.sleep(0.05)
        if (now := len(server.received(prefix))) != count:
            count, since = now, time.monotonic()
    return count


def _wait_all(
    server: Loopback, prefix: str, names: list[str], want: int, proc: subprocess.Popen[bytes]
) -> str:
    """Wait for every pair to arrive (a minute at most), then 2 s for late doubles; why the
    round did not finish, or ""."""
    deadline = time.monotonic() + LIFE_LIMIT
    while len(_arrivals(server, prefix, names)) < want and time.monotonic() < deadline:
        if proc.poll() is not None:
            return f"the daemon exited by itself (code {proc.returncode})"
        time.sleep(0.1)
    time.sleep(2.0)
    if len(_arrivals(server, prefix, names)) >= want:
        return ""
    return f"not every alert arrived within {LIFE_LIMIT:.0f}s"


def kill_bench(radar: list[str], kills: int, events: int, targets: int, seed: int | None) -> bool:
    seed = seed if seed is not None else int(time.time())
    rng = random.Random(seed)
    names = titles(events)
    server = Loopback()
    made = lost = doubled = rounds = worst = unprovoked = 0
    started = time.monotonic()
    print(
        f"\nSIGKILL while delivering: {events} events x {targets} receivers a round, "
        f"{kills} kills (seed {seed})",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="rr-kills-") as tmp:
        while made < kills or rounds == 0:
            per_kill, got, unfinished = _round(
                radar, server, rounds, kills - made, names, targets, rng, Path(tmp)
            )
            want = {(f"/kill/r{rounds}/t{k}", t) for k in range(targets) for t in names}
            r_lost = len(want - set(got))
            r_doubled, n_kills = _doubled(got), len(per_kill) - 1
            worst = max([worst, *per_kill[:-1]])
            unprovoked += per_kill[-1]
            print(
                f"  round {rounds}: {n_kills} kills, {sum(got.values())} arrivals, "
                f"{r_lost} lost, {r_doubled} doubled"
                + (f" (did not finish: {unfinished})" if unfinished else ""),
                flush=True,
            )
            made, lost, doubled, rounds = (
                made + n_kills,
                lost + r_lost,
                doubled + r_doubled,
                rounds + 1,
            )
    server.close()
    took = time.monotonic() - started
    print(
        f"SIGKILL: {made} kills in {rounds} rounds ({took:.0f}s): {lost} alerts lost, "
        f"{doubled} doubled ({doubled / max(made, 1):.2f} per kill, at most {worst} by one kill, "
        f"{unprovoked} with no kill; target: 0 lost, at most 1 doubled per kill)"
    )
    return lost == 0 and worst <= 1 and unprovoked == 0
