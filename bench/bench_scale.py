"""Benchmark: detection time per KB of story text, from 1 KB to 1 MB, as a ratio to 1 KB.

  python bench/bench_scale.py [--rounds N] [--sizes 1,10,100,1000] [--detector rules|model]

Two kinds of story, each naming a watched title over and over and repeating renewal and
cancellation phrases: news paragraphs, and one run-on line with no full stop at all (a
page whose markup was lost). Each size is timed on the same text cut to length; small sizes
are run as many times as it takes to read as much text as the largest once, so every figure
covers the same amount of work. Sizes alternate within a round and each figure is the median
over the rounds, in CPU seconds of this process (`time.process_time`). Cost linear in the
text means the same time per KB at every size: a ratio to the 1 KB figure above `--flat`
(2.0x) is named as a miss and the exit code is 1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_detect import DETECTORS
from figures import Figure, report

from alerts.detect import Series, Watchlist

detect = DETECTORS["rules"]  # the detector timed; --detector picks it

WATCHLIST = Watchlist(
    [
        Series("Harbor Lights", (), "NBC"),
        Series("Night Desk"),
        Series("Copper Canyon"),
        Series("You"),
    ]
)
HEADLINE = "Harbor Lights Renewed For Season 4 At NBC"
PARAGRAPHS = (
    "NBC has renewed Harbor Lights for a fourth season, the network said Tuesday. The drama "
    "could still be cancelled next year, insiders say, while Night Desk remains on the bubble. "
    "Fans of Harbor Lights cheered the renewal; Copper Canyon was cancelled after two seasons. "
    "The shows include Night Desk, which was renewed. Night Desk 2 will arrive next year.\n\n"
)
RUN_ON = (
    "NBC has renewed Harbor Lights for a fourth season and Night Desk could be cancelled, "
    "while Copper Canyon, which was axed, returns for season 3 and "
)
KINDS = {"paragraphs": PARAGRAPHS, "run-on": RUN_ON}


def story(unit: str, kb: int) -> str:
    size = kb * 1024
    return (unit * (size // len(unit) + 1))[:size]


def per_kb(text: str, repeats: int) -> float:
    """CPU milliseconds of detection per KB of text."""
    start = time.process_time()
    for _ in range(repeats):
        detect(HEADLINE, text, WATCHLIST)
    return (time.process_time() - start) * 1000 / (repeats * len(text) / 1024)


def measure(unit: str, sizes: list[int], rounds: int) -> dict[int, float]:
    texts = {kb: story(unit, kb) for kb in sizes}
    largest = max(sizes)
    samples: dict[int, list[float]] = {kb: [] for kb in sizes}
    per_kb(texts[min(sizes)], 3)  # warm up (compiled patterns, caches)
    for n in range(rounds):
        order = sizes if n % 2 == 0 else sizes[::-1]  # alternate: no size always goes first
        for kb in order:
            samples[kb].append(per_kb(texts[kb], max(1, largest // kb)))
    return {kb: statistics.median(s) for kb, s in samples.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sizes", default="1,10,100,1000", help="story sizes in KB, smallest first")
    ap.add_argument("--flat", type=float, default=2.0, help="largest ratio to 1 KB called flat")
    ap.add_argument("--detector", choices=sorted(DETECTORS), default="rules")
    args = ap.parse_args()
    global detect
    detect = DETECTORS[args.detector]
    print(f"detector: {args.detector}")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    misses = []
    for kind, unit in KINDS.items():
        figures = measure(unit, sizes, args.rounds)
        base = figures[sizes[0]]
        worst = max(figures, key=lambda kb: figures[kb])
        print(f"{kind}: detection CPU time per KB (median of {args.rounds} alternated rounds)")
        for kb, ms in figures.items():
            ratio = ms / base
            miss = ratio > args.flat
            print(
                f"  {kb:>5} KB: {ms:7.2f} ms/KB  {ratio:5.2f}x of {sizes[0]} KB"
                + ("  NOT FLAT" if miss else "")
            )
            if miss:
                misses.append(f"{kind} at {kb} KB: {ratio:.2f}x")
        report(Figure(f"detect.{args.detector}.per-kb.{kind}", figures[worst] / base, args.flat,
                      "<=", detail=f"CPU per KB at {worst} KB vs {sizes[0]} KB (the worst size); "
                      f"median of {args.rounds} alternated rounds"))  # fmt: skip
    print(
        f"flat (every size within {args.flat:.1f}x of {sizes[0]} KB)"
        if not misses
        else "NOT FLAT: " + "; ".join(misses)
    )
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
