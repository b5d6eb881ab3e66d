"""Paired differences between two runs of bench/eval-sets.sh, per set and pooled over every set's questions.

    python3 bench/pooled-diff.py BASE_DIR RUN_DIR [MODE]

For MODE (default hybrid): each set's mean difference (run − base) in R@1, R@5 and MRR@10 beside the base's R@5 and
MRR, then the questions of all sets pooled, split by each question's `split` (held out: `split: "heldout"`; tune:
the rest, among them SQLite's questions, which have no split and were the first rounds' tune set), each mean with a 95% bootstrap interval over the pooled questions and the count of
questions that got better and worse. A pooled difference of 0.005 is visible over the 2,548 questions of the 29
sets, where one set's 80 questions cannot tell 0.02 from noise.
"""
import glob
import json
import os
import sys

import numpy as np

from ranking_metrics import paired_interval

METRICS = ["recallAt1", "recallAt5", "mrrAtK"]


def modes(path):
    with open(path) as f:
        return {m["mode"]: m for m in json.load(f)["modes"]}


def main(base, run, mode="hybrid"):
    pooled = {"tune": [], "held out": [], "all": []}
    print(f"{'set':20s} {'n':>4s} " + " ".join(f"{m:>9s}" for m in METRICS) + "   base R@5 / MRR")
    for path in sorted(glob.glob(os.path.join(run, "*.json"))):
        name = os.path.basename(path)[:-5]
        base_path = os.path.join(base, name + ".json")
        before = modes(base_path).get(mode) if os.path.exists(base_path) else None
        after = modes(path).get(mode)
        if before is None or after is None:
            print(f"{name:20s} skipped: {mode} is not in both runs")
            continue
        old = {q["id"]: q["scores"] for q in before["perQuestion"]}
        diffs = []
        for q in after["perQuestion"]:
            if q["id"] not in old:
                continue
            d = [q["scores"][m] - old[q["id"]][m] for m in METRICS]
            diffs.append(d)
            pooled["held out" if q.get("split") == "heldout" else "tune"].append(d)
            pooled["all"].append(d)
        if not diffs:
            continue
        means = " ".join(f"{sum(d[i] for d in diffs) / len(diffs):+9.3f}" for i in range(len(METRICS)))
        print(f"{name:20s} {len(diffs):4d} {means}   {before['recallAt5']:.3f} / {before['mrrAtK']:.3f}")
    rng = np.random.default_rng(1)
    for split, rows in pooled.items():
        if not rows:
            continue
        parts = []
        for i, metric in enumerate(METRICS):
            xs = [r[i] for r in rows]
            mean, low, high = paired_interval(xs, rng)
            better, worse = sum(x > 0 for x in xs), sum(x < 0 for x in xs)
            parts.append(f"{metric} {mean:+.4f} [{low:+.4f}, {high:+.4f}] {better}↑ {worse}↓")
        print(f"pooled {split:8s} n={len(rows)}: " + " | ".join(parts))


if __name__ == "__main__":
    if not 3 <= len(sys.argv) <= 4:
        sys.exit("usage: python3 bench/pooled-diff.py BASE_DIR RUN_DIR [MODE]")
    main(*sys.argv[1:])
