"""What both detectors say about every story we have, as one file to compare across commits.

  python bench/detect_snapshot.py OUT [--eval DIR] [--validation]

For speed work that must not change a claim: run it on the commit before and after, then
`cmp` the two files. It writes, for each story, the rules' claims (`alerts.detect`), their
`explain` lines and the learned detector's claims (`alerts.detection`), over the labelled
stories of `--eval` (`dev.jsonl`, `dev-headlines.jsonl`; with `--validation` the validation
files too, run and compared, never read by a person) with the labels' series as the
watchlist, and over the 1,347 stories of the benchmark's feeds (`wpfeeds.py`, read by
`parse_feed` as `once` stores them) with its 100 titles. The stories are read at run time
and never copied; the output holds their claims' evidence, so keep it out of the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wpfeeds import feeds, watchlist_yaml

from alerts.detect import Series, Watchlist, detect, explain
from alerts.detection import detect as model_detect
from scraper.feeds import parse_feed


def labelled(path: Path) -> tuple[list[dict[str, Any]], Watchlist]:
    """A labelled file's stories and, as the watchlist, every series its labels name."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    titles: dict[str, str | None] = {}
    for row in rows:
        for event in row.get("events") or []:
            if event.get("series"):
                titles[event["series"]] = titles.get(event["series"]) or event.get("network")
        for name in row.get("mentions") or []:
            titles.setdefault(name, None)
    return rows, Watchlist(Series(t, (), n) for t, n in sorted(titles.items()))


def benchmark() -> tuple[list[dict[str, Any]], Watchlist]:
    """The benchmark feeds' stories, as `once` stores them, and its watchlist."""
    rows = []
    headers = {"content-type": "application/rss+xml; charset=UTF-8"}
    for k, body in enumerate(feeds(datetime.now(UTC))):
        articles, _ = parse_feed(body, headers, f"http://127.0.0.1/feed-{k:02d}.xml", f"tv{k:02d}")
        rows += [{"id": a.url, "title": a.title, "text": a.text} for a in articles]
    series = yaml.safe_load(watchlist_yaml())["series"]
    watched = (Series(s["title"], tuple(s.get("aliases") or ()), s.get("network")) for s in series)
    return rows, Watchlist(watched)


def lines(name: str, rows: list[dict[str, Any]], watchlist: Watchlist) -> Iterator[str]:
    for row in rows:
        title, text = row.get("title") or "", row.get("text") or ""
        for kind, said in (
            ("rules", [repr(c) for c in detect(title, text, watchlist)]),
            ("explain", explain(title, text, watchlist)),
            ("model", [repr(c) for c in model_detect(title, text, watchlist)]),
        ):
            yield json.dumps([name, row["id"], kind, said]) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--eval", type=Path, default=Path(__file__).parent.parent / "../shared/eval")
    ap.add_argument("--validation", action="store_true")
    args = ap.parse_args()
    names = ["dev.jsonl", "dev-headlines.jsonl"]
    names += ["validation.jsonl", "validation-headlines.jsonl"] if args.validation else []
    sets = [(name, *labelled(args.eval / name)) for name in names if (args.eval / name).exists()]
    sets.append(("bench", *benchmark()))
    with args.out.open("w", encoding="utf-8") as out:
        for name, rows, watchlist in sets:
            out.writelines(lines(name, rows, watchlist))
    print(f"{args.out}: {', '.join(f'{n} {len(r)} stories' for n, r, _ in sets)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
