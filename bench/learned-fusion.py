"""Learned fusion: a linear ranking of each question's candidate pages, trained on some corpora and measured on
another (opt-in, not a test; numpy only).

    python3 bench/learned-fusion.py DIR sqlite,python,postgres,git [loco|split]

DIR holds bench/learned-dump.ts's NAME.candidates.json files. The model scores a page w . x over standardised
features (see learned-dump.ts) and is trained listwise: a softmax over the question's candidate pages, whose
cross-entropy against the relevant pages (spread evenly) is minimised with Adam and an L2 penalty, from the
default's own weights (`base` 1, the rest 0) where `base` is a feature.

- loco: leave one corpus out. Trained on every question of the other corpora, measured on all of that one, and
  pooled over the four: what a setting learned here would do on a documentation set it has never seen.
- split: trained on every `tune` question, measured on each corpus's `heldout` split.

Measured page-level, R@5 and MRR@10 of the model's page order against the default hybrid's pages as
`rag.search(q, { topK: 10 })` returns them, with paired 95% bootstrap intervals (2,000 resamples, seeded).
"""
import json
import sys

import numpy as np
from ranking_metrics import paired, recall, reciprocal_rank as rr

FEATURES = ["base", "vS", "kS", "vIn", "kIn", "vCos", "vGap", "kRatio", "vRR", "kRR", "vN", "kN",
            "cov", "bestCov", "titleCov", "headCov", "logSize"]
FEATURE_SETS = {
    "default alone (sanity: equals the default)": ["base"],
    "default + ranks and counts": ["base", "vRR", "kRR", "vN", "kN"],
    "default + query-term coverage": ["base", "cov", "bestCov", "titleCov", "headCov"],
    "default + raw scores": ["base", "vCos", "vGap", "kRatio"],
    "all 17": FEATURES,
    "all but the default": FEATURES[1:],
}
rng = np.random.default_rng(7)


def train(questions, feats, l2=1e-2, iters=1500, lr=0.05):
    lists = [(np.array([[c["f"][f] for f in feats] for c in q["candidates"]]), np.array([c["rel"] for c in q["candidates"]], float))
             for q in questions]
    every = np.vstack([x for x, _ in lists])
    mu, sd = every.mean(0), every.std(0) + 1e-9
    lists = [((x - mu) / sd, y / y.sum()) for x, y in lists if y.sum() > 0]
    w = np.zeros(len(feats))
    if feats[0] == "base":
        w[0] = 1.0
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, iters + 1):
        g = l2 * w
        for x, target in lists:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            g += x.T @ (p - target) / len(lists)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w, mu, sd


def ranked(q, feats, model):
    w, mu, sd = model
    x = np.array([[c["f"][f] for f in feats] for c in q["candidates"]])
    return [q["candidates"][i]["page"] for i in np.argsort(-(((x - mu) / sd) @ w), kind="stable")]


def measure(label, questions, feats, model, pooled):
    b5 = [recall(q["baseRanking"], q["relevant"]) for q in questions]
    bm = [rr(q["baseRanking"], q["relevant"]) for q in questions]
    rankings = [ranked(q, feats, model) for q in questions]
    m5 = [recall(r, q["relevant"]) for r, q in zip(rankings, questions)]
    mm = [rr(r, q["relevant"]) for r, q in zip(rankings, questions)]
    print(f"  {label:18s} n={len(questions):3d}  default R@5 {np.mean(b5):.3f} MRR {np.mean(bm):.3f}  learned R@5 {np.mean(m5):.3f}"
          f" MRR {np.mean(mm):.3f}  difference R@5 {paired(b5, m5, rng)} MRR {paired(bm, mm, rng)}")
    for key, values in zip(("b5", "m5", "bm", "mm"), (b5, m5, bm, mm)):
        pooled.setdefault(key, []).extend(values)


def main():
    folder, names = sys.argv[1], sys.argv[2].split(",")
    mode = sys.argv[3] if len(sys.argv) > 3 else "loco"
    data = [q for n in names for q in json.load(open(f"{folder}/{n}.candidates.json"))]
    for name, feats in FEATURE_SETS.items():
        print(name)
        pooled = {}
        if mode == "loco":
            for held in names:
                model = train([q for q in data if q["corpus"] != held], feats)
                measure(f"on {held}", [q for q in data if q["corpus"] == held], feats, model, pooled)
        else:
            model = train([q for q in data if q["split"] == "tune"], feats)
            print("  weights:", ", ".join(f"{f} {w:+.2f}" for f, w in zip(feats, model[0])))
            for held in names:
                test = [q for q in data if q["corpus"] == held and q["split"] == "heldout"]
                if test:
                    measure(f"{held} heldout", test, feats, model, pooled)
        print(f"  pooled             n={len(pooled['b5'])}  difference R@5 {paired(pooled['b5'], pooled['m5'], rng)} MRR {paired(pooled['bm'], pooled['mm'], rng)}")


main()
