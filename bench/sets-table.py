"""Each set's held-out figures from one run of bench/eval-sets.sh, as the README's and docs/retrieval.md's tables give them.

    python3 bench/sets-table.py RUN_DIR [readme|docs]

RUN_DIR holds <set>.json per set (`libsql-rag eval --save` with the modes vector, keyword and hybrid). For each set,
on its `heldout` half (all its questions when it has no split, as SQLite's), the questions counted, then R@5 per
mode, hybrid's R@1 and MRR@10, and hybrid − keyword R@5 paired, each with a 95% bootstrap interval; the documents
and chunks are the run's ingest counts (documents added, updated and unchanged; chunks written, so a run into an
empty database). `readme` (the default) prints the README's rows, two decimals; `docs` the rows of docs/retrieval.md's
held-out table, three decimals. Last, the held-out halves pooled (the sets with a split), with hybrid − keyword
paired over them.
"""
import glob
import json
import os
import sys
import zlib

import numpy as np

from ranking_metrics import paired_interval


def held_out(mode):
    """A mode's questions of the held-out half, or all of them for a set without a split: {id: scores}."""
    questions = mode["perQuestion"]
    half = [q for q in questions if q.get("split") == "heldout"]
    return {q["id"]: q["scores"] for q in (half or questions)}, bool(half)


def main(run, style="readme"):
    digits = 2 if style == "readme" else 3
    fmt = lambda m, lo, hi: f"{m:.{digits}f} [{lo:.2f}, {hi:.2f}]"  # noqa: E731
    signed = lambda m, lo, hi: f"{m:+.3f} [{lo:+.3f}, {hi:+.3f}]".replace("+0.000", "0.000").replace("-0.000", "0.000").replace("-", "−")  # noqa: E731
    pooled = {"vector": [], "keyword": [], "hybrid": [], "hybrid R@1": [], "hybrid MRR": [], "diff R@5": [], "diff R@1": [], "diff MRR": []}
    for path in sorted(glob.glob(os.path.join(run, "*.json"))):
        name = os.path.basename(path)[:-5]
        # Each set's own resamples, so that a set added to the run leaves the others' intervals as they were.
        rng = np.random.default_rng([7, zlib.crc32(name.encode())])
        with open(path) as f:
            saved = json.load(f)
        modes = {m["mode"]: m for m in saved["modes"]}
        if not {"vector", "keyword", "hybrid"} <= modes.keys():
            print(f"{name}: skipped, the run lacks a mode", file=sys.stderr)
            continue
        per = {}
        split = False
        for mode in ("vector", "keyword", "hybrid"):
            per[mode], split = held_out(modes[mode])
        ids = sorted(per["hybrid"])
        column = lambda mode, metric: np.array([per[mode][i][metric] for i in ids])  # noqa: E731
        diff = column("hybrid", "recallAt5") - column("keyword", "recallAt5")
        _, diff_lo, diff_hi = paired_interval(diff, rng)
        docs = saved["ingest"]["documents"]
        chunks = saved["ingest"]["chunks"]
        held = docs["added"] + docs["updated"] + docs["unchanged"]
        if style == "readme":
            cells = [
                f"{held:,}",
                f"{chunks['written']:,}",
                f"{len(ids)}" + ("" if split else " (all)"),
                fmt(*paired_interval(column("vector", "recallAt5"), rng)),
                fmt(*paired_interval(column("keyword", "recallAt5"), rng)),
                f"**{fmt(*paired_interval(column('hybrid', 'recallAt5'), rng))}**",
                fmt(*paired_interval(column("hybrid", "recallAt1"), rng)),
                fmt(*paired_interval(column("hybrid", "mrrAtK"), rng)),
            ]
        else:
            cells = [
                f"{len(ids)}" + ("" if split else ", all (no split)"),
                fmt(*paired_interval(column("hybrid", "recallAt5"), rng)),
                fmt(*paired_interval(column("hybrid", "mrrAtK"), rng)),
                signed(diff.mean(), diff_lo, diff_hi),
                fmt(*paired_interval(column("vector", "recallAt5"), rng)),
            ]
        print(f"| {name} | " + " | ".join(cells) + " |")
        if split:
            pooled["vector"] += list(column("vector", "recallAt5"))
            pooled["keyword"] += list(column("keyword", "recallAt5"))
            pooled["hybrid"] += list(column("hybrid", "recallAt5"))
            pooled["hybrid R@1"] += list(column("hybrid", "recallAt1"))
            pooled["hybrid MRR"] += list(column("hybrid", "mrrAtK"))
            pooled["diff R@5"] += list(diff)
            pooled["diff R@1"] += list(column("hybrid", "recallAt1") - column("keyword", "recallAt1"))
            pooled["diff MRR"] += list(column("hybrid", "mrrAtK") - column("keyword", "mrrAtK"))
    n = len(pooled["hybrid"])
    rng = np.random.default_rng(7)
    print(f"\npooled held-out halves, {n} questions:")
    for key, values in pooled.items():
        mean, lo, hi = paired_interval(np.array(values), rng)
        if key.startswith("diff"):
            print(f"  hybrid - keyword {key[5:]}: {signed(mean, lo, hi)}")
        else:
            print(f"  {key}: {mean:.3f} [{lo:.3f}, {hi:.3f}]")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[2:3] not in ([], ["readme"], ["docs"]):
        sys.exit(__doc__)
    main(*sys.argv[1:3])
