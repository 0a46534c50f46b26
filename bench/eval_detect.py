"""Detection quality on the labelled stories: `make eval` runs this.

  python bench/eval_detect.py [--eval ../shared/eval] [--config build/eval-config.yaml]

Scores `dev`, `dev-headlines`, `validation` and `validation-headlines` with the shared scorer
(`score.py`, imported from the eval folder, never copied), through the same path as
`renewal-radar detect` (the config's watchlist and `detection.min_confidence`), and prints
precision, recall, F1, season accuracy, per kind and per event, and how many no-news stories
alert. Also the candidates' recall: how many true claims have at least one candidate. Only
figures are printed: validation's stories and errors stay unread.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alerts.config import load_config
from alerts.detect import Series, Watchlist
from alerts.detect import detect as rules_detect
from alerts.detection import detect as model_detect
from alerts.detection.candidates import candidates, read_story
from alerts.layout import sentences

SETS = ("dev", "dev-headlines", "validation", "validation-headlines")


def scorer(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", folder / "score.py")
    if spec is None or spec.loader is None:
        sys.exit(f"eval_detect: no scorer at {folder / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(
    stories: list[dict[str, Any]], wl: Watchlist, threshold: float, detector: str = "model"
) -> list[Any]:
    detect = model_detect if detector == "model" else rules_detect
    out = []
    for s in stories:
        claims = detect(s.get("title") or "", s.get("text") or "", wl)
        events = [
            {"series": c.series, "event": c.event, "season": c.season}
            for c in claims
            if c.confidence >= threshold
        ]
        out.append({"id": s["id"], "events": events})
    return out


def candidate_recall(stories: list[dict[str, Any]], wl: Watchlist, norm: Any) -> float:
    hit = total = 0
    for s in stories:
        story = read_story(sentences(s.get("title") or "", s.get("text") or "", wl))
        have = {(norm(c.series.title), c.event) for c in candidates(story)}
        for e in s.get("events") or []:
            total += 1
            hit += (norm(e["series"]), e["event"]) in have
    return hit / total if total else 1.0


def report(name: str, r: dict[str, Any], recall_of_candidates: float) -> None:
    print(f"== {name}")
    for k in ("per_event", "per_kind"):
        for label, c in r[k].items():
            print(f"  {k[4:]:5} {label:13} tp={c.get('tp', 0):3} fp={c.get('fp', 0):3} "
                  f"fn={c.get('fn', 0):3}")  # fmt: skip
    neg, alerts = r["negative_stories"], r["negative_stories_with_alerts"]
    rate = alerts / neg if neg else 0.0
    print(f"  stories={r['stories']} no-news alerting={alerts}/{neg} ({rate:.1%}) "
          f"season={r['season_accuracy']} candidate recall={recall_of_candidates:.3f}")  # fmt: skip
    print(f"  precision={r['precision']:.3f} recall={r['recall']:.3f} f1={r['f1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", default="../shared/eval", type=Path)
    ap.add_argument("--config", default="build/eval-config.yaml")
    ap.add_argument("--detector", choices=("model", "rules"), default="model")
    ap.add_argument("--json", type=Path, help="also write every figure to this file")
    ap.add_argument("--sets", default=",".join(SETS), help="which sets, comma-separated")
    a = ap.parse_args(argv)
    score = scorer(a.eval)
    config = load_config(a.config)
    wl = Watchlist(Series(s.title, tuple(s.aliases), s.network) for s in config.series)
    results = {}
    for name in a.sets.split(","):
        gold = score.read_jsonl(str(a.eval / f"{name}.jsonl"))
        r = score.score(gold, predict(gold, wl, config.detection.min_confidence, a.detector))
        r.pop("errors")  # validation's errors are not to be read; dev's: `score.py --errors`
        r["candidate_recall"] = round(candidate_recall(gold, wl, score.norm), 4)
        report(name, r, r["candidate_recall"])
        results[name] = r
    if "dev" in results and "validation" in results:
        dev, val = results["dev"]["f1"], results["validation"]["f1"]
        print(f"dev F1 - validation F1 = {dev - val:+.3f}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
