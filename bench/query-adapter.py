"""A linear query adapter for the embedder, learned from questions of other corpora (opt-in, not a test; numpy
only).

    python3 bench/query-adapter.py DIR sqlite,python,postgres,git [loco|split] [full|diag] [λ,...] [iterations]

DIR holds bench/learned-dump.ts's chunk and question vectors. The question's vector q becomes (I + A) q before
the vector search, and A is learned so that a question's relevant pages come first: over the question's 300
nearest chunks plus its relevant pages' 20 nearest, a softmax of 20 × the dot products, whose probability of the
relevant chunks is maximised (Adam, L2 penalty λ on A). `full` learns a 512 × 512 A; `diag` a diagonal one (a
weight per dimension).

- loco: leave one corpus out (trained on every question of the others, measured on all of that one).
- split: trained on every `tune` question, measured on each corpus's `heldout` split.

Measured as vector mode, page-level (pages in order of their best chunk): R@5 and MRR@10 with and without the
adapter, with paired 95% bootstrap intervals.
"""
import json
import sys

import numpy as np
from ranking_metrics import page_ranking, paired, recall, reciprocal_rank

rng = np.random.default_rng(3)


def load(folder, name):
    meta = json.load(open(f"{folder}/{name}.meta.json"))
    dims = meta["dimensions"]

    def unit(path):
        x = np.fromfile(path, dtype=np.float32).reshape(-1, dims).astype(np.float64)
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    pages = np.array(meta["pages"])
    questions = meta["questions"]
    return {"X": unit(f"{folder}/{name}.chunks.f32"), "Q": unit(f"{folder}/{name}.questions.f32"), "pages": pages,
            "questions": questions, "relevant": [np.isin(pages, q["relevant"]) for q in questions]}


def measure(corpus, which, W):
    r5, mrr = [], []
    for i in which:
        q = corpus["Q"][i] if W is None else W @ corpus["Q"][i]
        ranking = page_ranking(corpus["X"] @ q, corpus["pages"])
        relevant = corpus["questions"][i]["relevant"]
        r5.append(recall(ranking, relevant, 5))
        mrr.append(reciprocal_rank(ranking, relevant, 10))
    return np.array(r5), np.array(mrr)


def train(items, kind, lam, iters, tau=20.0, lr=0.01):
    lists = []
    for corpus, i in items:
        q = corpus["Q"][i]
        s = corpus["X"] @ q
        rel = np.where(corpus["relevant"][i])[0]
        if len(rel) == 0:
            continue
        rel = rel[np.argsort(-s[rel])[:20]]
        pool = np.unique(np.concatenate([np.argsort(-s)[:300], rel]))
        lists.append((corpus["X"][pool], q, np.isin(pool, rel)))
    dims = lists[0][1].shape[0]
    A = np.zeros((dims, dims)) if kind == "full" else np.zeros(dims)
    m, v = np.zeros_like(A), np.zeros_like(A)
    for t in range(1, iters + 1):
        G = lam * A
        for x, q, target in lists:
            qq = q + (A @ q if kind == "full" else A * q)
            s = tau * (x @ qq)
            p = np.exp(s - s.max())
            p /= p.sum()
            pt = p[target].sum()
            g = tau * (x.T @ (p - np.where(target, p / pt, 0)))
            G += (np.outer(g, q) if kind == "full" else g * q) / len(lists)
        m = 0.9 * m + 0.1 * G
        v = 0.999 * v + 0.001 * G * G
        A -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return np.eye(dims) + (A if kind == "full" else np.diag(A))


def main():
    folder, names = sys.argv[1], sys.argv[2].split(",")
    mode = sys.argv[3] if len(sys.argv) > 3 else "loco"
    kind = sys.argv[4] if len(sys.argv) > 4 else "full"
    lams = [float(x) for x in (sys.argv[5] if len(sys.argv) > 5 else "10").split(",")]
    iters = int(sys.argv[6]) if len(sys.argv) > 6 else 100
    data = {n: load(folder, n) for n in names}
    for lam in lams:
        print(f"{kind} adapter, λ {lam}, {iters} iterations")
        pooled = [[], [], [], []]
        for held in names:
            if mode == "loco":
                items = [(data[n], i) for n in names if n != held for i in range(len(data[n]["questions"]))]
                which = range(len(data[held]["questions"]))
            else:
                items = [(data[n], i) for n in names for i, q in enumerate(data[n]["questions"]) if q.get("split", "tune") == "tune"]
                which = [i for i, q in enumerate(data[held]["questions"]) if q.get("split") == "heldout"]
                if not which:
                    continue
            W = train(items, kind, lam, iters)
            a5, am = measure(data[held], which, None)
            b5, bm = measure(data[held], which, W)
            print(f"  {held:9s} n={len(a5):3d} R@5 {a5.mean():.3f} -> {b5.mean():.3f} {paired(a5, b5, rng)}  MRR {am.mean():.3f} -> {bm.mean():.3f} {paired(am, bm, rng)}", flush=True)
            for acc, x in zip(pooled, (a5, b5, am, bm)):
                acc.extend(x)
        a5, b5, am, bm = (np.array(x) for x in pooled)
        print(f"  pooled    n={len(a5)} R@5 {paired(a5, b5, rng)}  MRR {paired(am, bm, rng)}")


main()
