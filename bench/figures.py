"""The one format every benchmark's verdict takes, and the timing helpers they share.

A benchmark prints whatever detail it likes, and one `figure:` line per figure
that has a goal, made by `Figure.line()`:

    figure: ingest.once = 2.31x (goal >= 2x) ok -- once 1.21 s vs feedparser defaults 2.80 s CPU
    figure: cli.help = 0.21s (goal <= 0.3s) MISS -- 6.1x a bare `python -c pass` (0.034 s)

`bench/run_all.py` runs every benchmark, keeps going past a miss or a crash,
collects these lines with `parse()` and prints a summary naming every miss. A
figure is a ratio to a floor timed in the same run wherever the goal is one
(unit "x"); an absolute goal (unit "s", "MiB") still says its floor in the detail.

Timing: `alternate()` runs the contenders in turn, round after round, so a
neighbour's load on this shared machine falls on all of them alike, and each
figure is the median of its rounds. `cpu_of()` times a child process in CPU
seconds (user + system, from `os.wait4`), the fair measure where the machine is
shared; `cpu_seconds()` does the same for work inside this process.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

PREFIX = "figure: "
_LINE = re.compile(
    r"^figure: (?P<name>\S+) = (?P<value>[-+0-9.eE]+)(?P<unit>\S*) "
    r"\(goal (?P<op>>=|<=) (?P<goal>[-+0-9.eE]+)\S*\) (?P<verdict>ok|MISS)(?: -- (?P<detail>.*))?$"
)


@dataclass(frozen=True)
class Figure:
    """One measured figure against its goal: `value` (in `unit`) `op` `goal`."""

    name: str  # dotted, stable across runs: "ingest.once", "cli.help", "deliver.send"
    value: float
    goal: float
    op: Literal[">=", "<="] = ">="
    unit: str = "x"  # "x" for a ratio to the floor; "s", "MiB" for an absolute goal
    detail: str = ""  # what was timed against what, the raw numbers, how many runs

    @property
    def ok(self) -> bool:
        return self.value >= self.goal if self.op == ">=" else self.value <= self.goal

    def line(self) -> str:
        """The `figure:` line run_all.py reads; one line, whatever `detail` holds."""
        detail = " ".join(self.detail.split())
        return (
            f"{PREFIX}{self.name} = {_num(self.value)}{self.unit} "
            f"(goal {self.op} {_num(self.goal)}{self.unit}) {'ok' if self.ok else 'MISS'}"
            + (f" -- {detail}" if detail else "")
        )


def _num(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 10 else f"{x:.1f}"


def report(figure: Figure) -> Figure:
    """Print the figure's line (flushed: run_all reads it as it comes) and return it."""
    print(figure.line(), flush=True)
    return figure


def parse(line: str) -> Figure | None:
    """The figure a `figure:` line states, or None for any other line."""
    m = _LINE.match(line.rstrip("\n"))
    if m is None:
        return None
    op: Literal[">=", "<="] = ">=" if m["op"] == ">=" else "<="
    return Figure(m["name"], float(m["value"]), float(m["goal"]), op, m["unit"],
                  m["detail"] or "")  # fmt: skip


def exit_code(figures: Sequence[Figure]) -> int:
    """0 when every figure meets its goal, else 1 (a benchmark's own exit code)."""
    return 0 if all(f.ok for f in figures) else 1


def cpu_of(cmd: Sequence[str], env: Mapping[str, str] | None = None, **popen: object) -> float:
    """CPU seconds (user + system) that the child `cmd` used; raises if it exits non-zero."""
    proc = subprocess.Popen(cmd, env=dict(env) if env is not None else None, **popen)  # type: ignore[call-overload]
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, list(cmd))
    return usage.ru_utime + usage.ru_stime


def cpu_seconds(work: Callable[[], object]) -> float:
    """CPU seconds of this process (all its threads) that `work()` took."""
    start = time.process_time()
    work()
    return time.process_time() - start


def alternate(contenders: Mapping[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """Each contender's median over `rounds`, run in turn within each round.

    A contender is a function that does its work once and returns the time it took
    (e.g. `lambda: cpu_of([...])`), so it chooses its own clock.
    """
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, run in contenders.items():
            times[name].append(run())
    return {name: statistics.median(t) for name, t in times.items()}
