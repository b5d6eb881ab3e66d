"""A chunk's vector with its page neighbours' (opt-in, not a test; numpy only), on bench/vector-dump.ts's files.

    python3 bench/neighbour-vectors.py DIR sqlite,python,git,postgres 0.1,0.2,0.35,0.5

For each β: "vec" scores the chunk's unit vector plus β times its neighbours' on the same page (the chunks before and
after it in storage order), renormalised; "score" adds β times the better neighbour's cosine to the chunk's own.
Exact vector search, pages in order of their best chunk, page-level R@5 and MRR@10, paired against the plain cosine
per corpus and pooled over all questions.
"""
import sys

import numpy as np
from ranking_metrics import add_pooled, dump_metrics, load_dump, print_pooled, unit

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
    add_pooled(pooled, "base", base5, baseM)
    line = [f"{name}: R@5 {base5.mean():.3f} MRR {baseM.mean():.3f}"]
    for beta in betas:
        variants = {"vec": unit(X + beta * (before + after)) @ Q.T, "score": plain + beta * np.maximum(before @ Q.T, after @ Q.T)}
        for how, scores in variants.items():
            r5, mrr = dump_metrics(c, scores)
            add_pooled(pooled, f"{how} {beta}", r5, mrr)
            line.append(f"{how} {beta} {r5.mean() - base5.mean():+.3f}/{mrr.mean() - baseM.mean():+.3f}")
    print(" | ".join(line), flush=True)
print_pooled(pooled, rng, width=12)
