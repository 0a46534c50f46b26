"""Benchmark: detector stories/second at watchlists of 100, 10,000 and 50,000 titles.

  python bench/bench_detect.py [--rounds N] [--labelled PATH] [--detector rules|model]

The synthetic stories are fixed and written for this benchmark; the watchlist is
the stories' own series plus synthetic titles, so only its size changes. They are
light, so the benchmark also times the real labelled stories when they are there
(`../shared/eval/dev.jsonl`, read at run time and never copied), with the labels'
series as the watchlist, alone and with 50,000 synthetic titles added.

Rates are stories per CPU second of this process (`time.process_time`): the target is "on one
core", and on a shared machine wall-clock time also counts other programs' turns on the CPU.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from figures import Figure, report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alerts.detect import Series, Watchlist
from alerts.detect import detect as rules_detect
from alerts.detection import detect as model_detect

DETECTORS = {"rules": rules_detect, "model": model_detect}
detect = rules_detect  # the detector timed; --detector picks it

REAL = (
    "Harbor Lights",
    "Copper Canyon",
    "Night Desk",
    "Glass Orchard",
    "Pelican Bay",
    "You",
    "Salt Flats",
    "Brick Lane Blues",
    "The Long Road Home",
    "Lost",
)
PARAGRAPH = (
    "Viewers praised the writing, and the cast includes several newcomers. Production begins "
    "in Vancouver next spring, with the showrunner returning to direct two episodes. Ratings "
    "were steady across the season, especially among younger viewers on the streaming service. "
)
STORIES = [
    (
        "Harbor Lights Renewed For Season 4 At NBC",
        "NBC has renewed Harbor Lights for a fourth season, the network said Tuesday. The drama, "
        "from the producers of Night Desk, joins Copper Canyon on the fall schedule. "
        + PARAGRAPH
        * 3,
    ),
    (
        "NBC renews Copper Canyon, cancels Night Desk",
        "In a busy week, NBC renewed Copper Canyon and pulled the plug on Night Desk after two "
        "seasons. The network could still order more episodes of Salt Flats, insiders say, while "
        "Brick Lane Blues remains on the bubble. " + PARAGRAPH * 3,
    ),
    (
        "",
        "Fans hope the streamer could save Glass Orchard, though no decision has been made. "
        "Its star previously appeared in Lost and The Long Road Home. " + PARAGRAPH * 3,
    ),
    (
        "Pelican Bay to end with season 5",
        "The drama will end with its fifth and final season, which premieres in the fall. "
        "Pelican Bay, which ABC cancelled in 2015 before Peacock revived it, has since become a "
        "hit. " + PARAGRAPH * 3,
    ),
    ("Ten things we learned this week", PARAGRAPH * 4),
    (
        "You returns",
        "The thriller You has been renewed for a fifth season by Netflix. " + PARAGRAPH * 3,
    ),
    (
        "",
        "Here are the shows that were cancelled after a single season:\n1. Glass Orchard\n"
        "A moody mystery that never found its audience.\n2. Brick Lane Blues\nA musical drama. "
        "\n3. Salt Flats\n" + PARAGRAPH * 2,
    ),
    (
        "Renewal scorecard",
        "Harbor Lights: Officially renewed\nNight Desk: A long shot. Officially cancelled\n"
        "Copper Canyon: Could go either way\nThe Long Road Home: Renewed for Season 3\n"
        + PARAGRAPH
        * 2,
    ),
]
_SYLLABLES = ("ka", "lo", "mir", "den", "sha", "vel", "tor", "ine", "bra", "quo", "zu", "pel")
_WORDS = ("Dark", "River", "Hollow", "Crown", "Signal", "Empire", "Harbor", "Station", "Lane")


def synthetic_titles(n: int, seed: int = 7) -> list[Series]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        made_up = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).title()
        out.append(Series(f"{made_up} {rng.choice(_WORDS)} {i}"))
    return out


LABELLED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
Story = tuple[str, str]


def rate(watchlist: Watchlist, rounds: int, stories: list[Story] = STORIES) -> float:
    start = time.process_time()
    for _ in range(rounds):
        for title, text in stories:
            detect(title, text, watchlist)
    return rounds * len(stories) / (time.process_time() - start)


def labelled(path: Path) -> tuple[list[Story], list[Series]]:
    """The labelled stories and every series their labels name (events and bystanders)."""
    stories: list[Story] = []
    series: dict[str, Series] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        stories.append((item.get("title") or "", item.get("text") or ""))
        for event in item.get("events", []):
            series.setdefault(event["series"], Series(event["series"], (), event.get("network")))
        for name in item.get("mentions", []):
            series.setdefault(name, Series(name))
    return stories, list(series.values())


def real_rates(path: Path, rounds: int) -> list[float]:
    """Stories/s on the real labelled stories: the labels' watchlist, then 50,000 titles more."""
    stories, series = labelled(path)
    out = []
    for extra in (0, 50_000):
        watchlist = Watchlist(series + synthetic_titles(extra))
        rate(watchlist, 1, stories)  # warm up
        out.append(rate(watchlist, rounds, stories))
        print(
            f"real stories ({len(stories)} from {path.name}), {len(watchlist):>6} titles: "
            f"{out[-1]:8.0f} stories/s"
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--labelled", type=Path, default=LABELLED, help="labelled stories (JSONL)")
    ap.add_argument("--detector", choices=sorted(DETECTORS), default="rules")
    args = ap.parse_args()
    global detect
    detect = DETECTORS[args.detector]
    print(f"detector: {args.detector}")
    rounds = args.rounds
    rates = {}
    for size in (100, 10_000, 50_000):
        series = [Series(t) for t in REAL] + synthetic_titles(size - len(REAL))
        built = time.perf_counter()
        watchlist = Watchlist(series)
        built = time.perf_counter() - built
        rate(watchlist, max(1, rounds // 10))  # warm up
        rates[size] = rate(watchlist, rounds)
        print(f"{size:>6} titles: {rates[size]:8.0f} stories/s (automaton built in {built:.2f}s)")
    ratio = rates[100] / rates[50_000]
    print(f"cost at 50,000 titles vs 100: {ratio:.2f}x (limit 1.5x)")
    name = f"detect.{args.detector}"
    report(Figure(f"{name}.titles-50000-vs-100", ratio, 1.5, "<=",
                  detail=f"stories/s at 100 titles / at 50,000; {rounds} rounds"))  # fmt: skip
    report(Figure(f"{name}.stories-per-s", min(rates.values()), 1000, unit="/s",
                  detail="slowest of 100, 10,000 and 50,000 titles (absolute)"))  # fmt: skip
    ok = ratio <= 1.5 and min(rates.values()) >= 1000
    if args.labelled.is_file():
        real = real_rates(args.labelled, max(1, rounds // 30))
        report(Figure(f"{name}.real-stories-per-s", min(real), 1000, unit="/s",
                      detail=f"slowest over the labelled stories at {args.labelled}"))  # fmt: skip
        ok = ok and min(real) >= 1000
    else:
        print(f"no labelled stories at {args.labelled}: real-story figures skipped")
    print("ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
