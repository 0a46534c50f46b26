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


def _arrivals(server: Loopback, prefix: str, names: list[str]) -> Counter[tuple[str, str]]:
    got: Counter[tuple[str, str]] = Counter()
    for r in server.received(prefix):
        try:
            words = json.dumps(json.loads(r.body))
        except ValueError:
            words = r.body.decode(errors="replace")
        series = next((t for t in names if t in words), "?")
        got[(r.path, series)] += 1
    return got


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
) -> tuple[list[int], Counter[tuple[str, str]], bool]:
    """One burst: the alerts doubled after each kill (the sends it cut short, repeated by the
    next life), arrivals by (target, series), and whether it finished."""
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
    marks: list[int] = []  # alerts doubled so far, at each kill
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
                marks.append(_doubled(_arrivals(server, prefix, names)))
                continue
            finished = _wait_all(server, prefix, names, want, proc)
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            got = _arrivals(server, prefix, names)
            ends = [*marks[1:], _doubled(got)]
            return [b - a for a, b in zip(marks, ends, strict=True)], got, finished


def _doubled(got: Counter[tuple[str, str]]) -> int:
    return sum(c - 1 for c in got.values() if c > 1)


def _wait_all(
    server: Loopback, prefix: str, names: list[str], want: int, proc: subprocess.Popen[bytes]
) -> bool:
    """Wait for every pair to arrive (a minute at most), then 2 s for late doubles."""
    deadline = time.monotonic() + LIFE_LIMIT
    while len(_arrivals(server, prefix, names)) < want and time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        time.sleep(0.1)
    time.sleep(2.0)
    return len(_arrivals(server, prefix, names)) >= want


def kill_bench(radar: list[str], kills: int, events: int, targets: int, seed: int | None) -> bool:
    seed = seed if seed is not None else int(time.time())
    rng = random.Random(seed)
    names = titles(events)
    server = Loopback()
    made = lost = doubled = rounds = worst = 0
    started = time.monotonic()
    print(
        f"\nSIGKILL while delivering: {events} events x {targets} receivers a round, "
        f"{kills} kills (seed {seed})",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="rr-kills-") as tmp:
        while made < kills or rounds == 0:
            per_kill, got, finished = _round(
                radar, server, rounds, kills - made, names, targets, rng, Path(tmp)
            )
            want = {(f"/kill/r{rounds}/t{k}", t) for k in range(targets) for t in names}
            r_lost = len(want - set(got))
            r_doubled, n_kills = _doubled(got), len(per_kill)
            worst = max([worst, *per_kill])
            print(
                f"  round {rounds}: {n_kills} kills, {sum(got.values())} arrivals, "
                f"{r_lost} lost, {r_doubled} doubled" + ("" if finished else " (did not finish)"),
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
        f"{doubled} doubled ({doubled / max(made, 1):.2f} per kill, at most {worst} after one "
        "kill; target: 0 lost, at most 1 doubled per kill)"
    )
    return lost == 0 and worst <= 1
