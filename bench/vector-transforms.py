"""Transforms of the vector space that need no model and no labels, measured on vector search (opt-in, not a
test; numpy only).

    python3 bench/vector-transforms.py DIR sqlite,python,...

DIR holds bench/vector-dump.ts's files for each named corpus. Each variant is exact vector search over every
chunk, pages in order of their best chunk, page-level R@5 and MRR@10 (a relevant page named with a "/" is
matched by path, else by file name), paired against the plain cosine per corpus and pooled over all questions:

- whiten p: chunks and questions centred on the chunks' mean and multiplied by C^-p, C the chunks' covariance
  (p 0.5 is full whitening; smaller p whitens in part), then cosine;
- pages r: the same with the within-page covariance, ridge r × its mean eigenvalue, power 0.5: a linear map
  that makes pages easier to tell apart (as linear discriminant analysis does);
- shift b: the question vector less b × (the mean question of the other corpora − the mean chunk of this one),
  to take out what all questions share and passages do not;
- sentences: a chunk's cosine to the question plus γ × its mean (or best) cosine to the question's sentences.
"""
import sys

import numpy as np
from ranking_metrics import add_pooled, dump_metrics as measure, load_dump as load, print_pooled, unit

rng = np.random.default_rng(3)


def power(matrix, p, ridge=0.0):
    s, u = np.linalg.eigh(matrix)
    s = np.maximum(s, 1e-9) + ridge * max(s.mean(), 1e-9)
    return u @ np.diag(s ** -p) @ u.T


def variants(c, others_mean_question):
    X, Q = c["X"], c["Q"]
    mu = X.mean(0)
    Xc = X - mu
    out = {}
    cov = Xc.T @ Xc / len(X)
    for p in (0.1, 0.15, 0.2, 0.25, 0.3, 0.5):
        W = power(cov, p)
        out[f"whiten {p}"] = unit(Xc @ W) @ unit((Q - mu) @ W).T
    uniq, inv = np.unique(c["paths"], return_inverse=True)
    means = np.zeros((len(uniq), X.shape[1]))
    np.add.at(means, inv, X)
    means /= np.bincount(inv)[:, None]
    within = (X - means[inv]).T @ (X - means[inv]) / len(X)
    for r in (0.1, 0.3, 1.0):
        W = power(within, 0.5, r)
        out[f"pages {r}"] = unit(Xc @ W) @ unit((Q - mu) @ W).T
    Xu, Qu = unit(X), unit(Q)
    for b in (0.5, 1.0):
        out[f"shift {b}"] = Xu @ unit(Qu - b * (others_mean_question - Xu.mean(0))).T
    base = Xu @ Qu.T
    per_sentence = Xu @ c["S"].T
    for how in ("mean", "max"):
        agg = np.stack([getattr(per_sentence[:, c["sentenceOf"] == j], how)(1) for j in range(len(Q))], 1)
        for g in (0.5, 1.0):
            out[f"sentences {how} {g}"] = base + g * agg
    return base, out


names = sys.argv[2].split(",")
corpora = {n: load(sys.argv[1], n) for n in names}
pooled = {}
for n, c in corpora.items():
    others = unit(np.vstack([unit(corpora[m]["Q"]) for m in names if m != n])).mean(0)
    base, scores = variants(c, others)
    b5, bm = measure(c, base)
    add_pooled(pooled, "base", b5, bm)
    line = [f"{n}: R@5 {b5.mean():.3f} MRR {bm.mean():.3f}"]
    for name, s in scores.items():
        r5, mrr = measure(c, s)
        add_pooled(pooled, name, r5, mrr)
        line.append(f"{name} {r5.mean() - b5.mean():+.3f}/{mrr.mean() - bm.mean():+.3f}")
    print(" | ".join(line), flush=True)
print_pooled(pooled, rng)
