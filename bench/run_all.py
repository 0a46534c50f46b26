"""`make bench`: every benchmark in turn, past misses and crashes, then one summary of figures.

  python bench/run_all.py [--only NAME[,NAME...]] [--skip NAME[,NAME...]]

Each benchmark is a script under bench/ run as its own process, its output shown
as it comes; its `figure:` lines (bench/figures.py) are collected. A benchmark
that exits non-zero without a figure explaining it (a crash, a missing service)
is named too. The summary lists every figure with its verdict and ends with the
misses; the exit code is 1 if anything missed or failed, so CI can tell.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from figures import PREFIX, Figure, parse

HERE = Path(__file__).resolve().parent

# (name, arguments): the order is cheapest first, so a broken tree shows up soon.
BENCHMARKS: list[tuple[str, list[str]]] = [
    ("startup", ["bench_startup.py"]),
    ("ingest", ["bench_ingest.py"]),
    ("once", ["bench_once.py"]),
    ("memory", ["bench_memory.py"]),
    ("deliver", ["bench_deliver.py"]),
    ("detect-rules", ["bench_detect.py", "--detector", "rules"]),
    ("detect-model", ["bench_detect.py", "--detector", "model"]),
    ("scale", ["bench_scale.py"]),
    ("cluster", ["bench_cluster.py"]),  # needs PostgreSQL and Redis
]


def run(name: str, args: list[str]) -> tuple[list[Figure], int, float]:
    """Run one benchmark, echoing its output; its figures, exit code and wall seconds."""
    print(f"##### {name}: {' '.join(args)}", flush=True)
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-u", str(HERE / args[0]), *args[1:]],
                            stdout=subprocess.PIPE, text=True, cwd=HERE.parent)  # fmt: skip
    figures = []
    assert proc.stdout is not None
    for line in proc.stdout:
        print(line, end="", flush=True)
        if line.startswith(PREFIX) and (figure := parse(line)) is not None:
            figures.append(figure)
    return figures, proc.wait(), time.monotonic() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated benchmark names")
    ap.add_argument("--skip", default="", help="comma-separated benchmark names")
    opts = ap.parse_args()
    only, skip = set(filter(None, opts.only.split(","))), set(filter(None, opts.skip.split(",")))
    results: list[tuple[str, list[Figure], int, float]] = []
    for name, args in BENCHMARKS:
        if (only and name not in only) or name in skip:
            continue
        if not (HERE / args[0]).exists():
            print(f"##### {name}: {args[0]} not found, skipped", flush=True)
            results.append((name, [], -1, 0.0))
            continue
        results.append((name, *run(name, args)))
    return summary(results)


def summary(results: list[tuple[str, list[Figure], int, float]]) -> int:
    print("\n##### summary")
    misses, failures = [], []
    for name, figures, code, seconds in results:
        if code == -1:
            print(f"{name}: not in this tree, skipped")
            continue
        print(f"{name} ({seconds:.0f} s):")
        for f in figures:
            print(f"  {'ok  ' if f.ok else 'MISS'} {f.line().removeprefix(PREFIX)}")
        misses += [f.name for f in figures if not f.ok]
        if code != 0 and all(f.ok for f in figures):
            failures.append(f"{name}: exit {code}")
        elif not figures:
            print("  (no figure with a goal)")
    for failure in failures:
        print(f"FAILED {failure}")
    print(f"MISSED {', '.join(misses)}" if misses else "every figure meets its goal")
    return 1 if misses or failures else 0


if __name__ == "__main__":
    sys.exit(main())
