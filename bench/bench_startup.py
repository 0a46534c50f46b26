"""Benchmark: how long the command line takes to start, against Python and its libraries.

  python bench/bench_startup.py [--rounds N]

Alternated rounds, each a new process, in CPU seconds of the child (user + system)
and wall seconds; medians. Floors timed in the same run: a bare `python -c pass`, and
importing the five core libraries (scrapy, feedparser, apscheduler, sqlalchemy,
apprise). Figures: `cli.help`, `renewal-radar --help` in seconds (goal 0.3 s, its
ratio to the bare interpreter in the detail), and `cli.check-config` in CPU seconds
(the issue's goal of 0.3 s; its ratio to the five libraries' import in the detail).

The project's own modules are byte-compiled first, as `pip install` compiles an installed
package and as the libraries' are: a shell with PYTHONDONTWRITEBYTECODE set (as some
sandboxes do) would otherwise compile them from source in every round.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from figures import Figure, cpu_of, exit_code, report

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["alerts", "scraper", "cluster", "scheduler.py", "radar_cli.py"]
CORE = "import scrapy, feedparser, apscheduler, sqlalchemy, apprise"
CONFIG = """version: 1
database: sqlite:///{db}
sources:
  - name: tv
    feed: http://127.0.0.1:9/feed/
    every: 10m
series:
  - title: Harbor Lights
    network: NBC
subscribers:
  - name: fan
    notify: ['json://127.0.0.1:9/']
    series: all
"""


def timed(cmd: list[str]) -> Callable[[], tuple[float, float]]:
    def run() -> tuple[float, float]:
        start = time.perf_counter()
        cpu = cpu_of(cmd, stdout=subprocess.DEVNULL)
        return cpu, time.perf_counter() - start

    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", *SOURCES], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        config = Path(tmp) / "config.yaml"
        config.write_text(CONFIG.format(db=Path(tmp) / "r.db"))
        radar = str(BIN / "renewal-radar")
        runs = {
            "python": timed([sys.executable, "-c", "pass"]),
            "core": timed([sys.executable, "-c", CORE]),
            "help": timed([radar, "--help"]),
            "check-config": timed([radar, "-c", str(config), "check-config"]),
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, run in runs.items():
                times[name].append(run())
    cpu = {n: statistics.median(c for c, _ in t) for n, t in times.items()}
    wall = {n: statistics.median(w for _, w in t) for n, t in times.items()}
    for name in runs:
        print(f"{name:<14} {cpu[name]:6.3f} s CPU  {wall[name]:6.3f} s wall  "
              f"({cpu[name] / cpu['python']:.1f}x python -c pass)")  # fmt: skip
    figures = [
        report(Figure("cli.help", max(cpu["help"], wall["help"]), 0.3, "<=", "s",
                      f"CPU {cpu['help']:.3f} s, wall {wall['help']:.3f} s (the larger is the "
                      f"figure); {cpu['help'] / cpu['python']:.1f}x a bare `python -c pass` "
                      f"({cpu['python']:.3f} s); median of {args.rounds}")),
        report(Figure("cli.check-config", cpu["check-config"], 0.3, "<=", "s",
                      f"CPU; {cpu['check-config'] / cpu['core']:.2f}x importing the five core "
                      f"libraries ({cpu['core']:.3f} s); median of {args.rounds}")),
    ]  # fmt: skip
    return exit_code(figures)


if __name__ == "__main__":
    sys.exit(main())
