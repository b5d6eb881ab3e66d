"""A chunk's vector with its page neighbours' (opt-in, not a test; numpy only), on bench/vector-dump.ts's files.

    python3 bench/neighbour-vectors.py DIR sqlite,python,git,postgres 0.1,0.2,0.35,0.5

For each β: "vec" scores the chunk's unit vector plus β times its neighbours' on the same page (the chunks before and
after it in storage order), renormalised; "score" adds β times the better neighbour's cosine to the chunk's own.
Exact vector search, pages in order of their best chunk, page-level R@5 and MRR@10, paired against the plain cosine
per corpus and pooled over all questions.
"""
import sys

import numpy as np
from ranking_metrics import dump_metrics, load_dump, paired, unit

rng = np.random.default_rng(3)
names = sys.argv[2].split(",")
betas = [float(b) for b in sys.argv[3].split(",")]
pooled = {}
for name in names:
    c = load_dump(sys.argv[1], name)
    X, Q = unit(c["X"]), unit(c["Q"])
    # Each chunk's neighbour before and after it on its page, or zeros at the page's ends.
    before = np.vstack([X[:1], X[:-1]]) * np.r_[False, c["paths"][1:] == c["paths"][:-1]][:, None]
    after = np.vstack([X[1:], X[-1:]]) * np.r_[c["paths"][:-1] == c["paths"][1:], False][:, None]
    plain = X @ Q.T
    base5, baseM = dump_metrics(c, plain)
    pooled.setdefault("base", ([], []))
    pooled["base"][0].extend(base5)
    pooled["base"][1].extend(baseM)
    line = [f"{name}: R@5 {base5.mean():.3f} MRR {baseM.mean():.3f}"]
    for beta in betas:
        variants = {"vec": unit(X + beta * (before + after)) @ Q.T, "score": plain + beta * np.maximum(before @ Q.T, after @ Q.T)}
        for how, scores in variants.items():
            r5, mrr = dump_metrics(c, scores)
            pooled.setdefault(f"{how} {beta}", ([], []))
            pooled[f"{how} {beta}"][0].extend(r5)
            pooled[f"{how} {beta}"][1].extend(mrr)
            line.append(f"{how} {beta} {r5.mean() - base5.mean():+.3f}/{mrr.mean() - baseM.mean():+.3f}")
    print(" | ".join(line), flush=True)
base5, baseM = pooled.pop("base")
print(f"pooled over {len(base5)} questions, paired against the plain cosine:")
for key, (r5, mrr) in pooled.items():
    print(f"  {key:12s} R@5 {paired(base5, r5, rng)}  MRR {paired(baseM, mrr, rng)}")
