"""Page-ranking metrics and the paired bootstrap that bench/learned-fusion.py, bench/query-adapter.py and
bench/vector-transforms.py share: pages in order of their best chunk, recall@k and the reciprocal rank within the
first k pages, and a paired difference with its 95% interval; and, for the scripts over bench/vector-dump.ts's files,
a corpus's dump and the page-level R@5 and MRR@10 of a chunks × questions score matrix."""
import json

import numpy as np


def page_ranking(scores, pages, k=10):
    """The first k distinct pages, in order of their best-scoring chunk."""
    out = []
    for i in np.argsort(-scores):
        if pages[i] not in out:
            out.append(pages[i])
            if len(out) == k:
                break
    return out


def recall(ranking, relevant, k=5):
    """The share of `relevant` pages among the first k of `ranking`."""
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranking, relevant, k=10):
    """1 / the rank of the first relevant page among the first k, or 0."""
    return next((1 / (i + 1) for i, p in enumerate(ranking[:k]) if p in relevant), 0.0)


def paired_interval(d, rng, n=2000):
    """The mean of per-question differences `d` and its 95% bootstrap interval (n resamples drawn from `rng`)."""
    d = np.asarray(d, dtype=float)
    means = d[rng.integers(0, len(d), (n, len(d)))].mean(1)
    return d.mean(), np.percentile(means, 2.5), np.percentile(means, 97.5)


def paired(a, b, rng, n=2000):
    """b - a, paired per question: its mean and a 95% bootstrap interval, printed."""
    mean, low, high = paired_interval(np.array(b) - np.array(a), rng, n)
    return f"{mean:+.3f} [{low:+.3f}, {high:+.3f}]"


def unit(x):
    """Rows scaled to length 1."""
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def load_dump(folder, name):
    """bench/vector-dump.ts's files for one corpus: chunk, question and question-sentence vectors, and each chunk's page
    (by path, and by file name)."""
    meta = json.load(open(f"{folder}/{name}.meta.json"))
    d = meta["dimensions"]

    def rows(kind):
        return np.fromfile(f"{folder}/{name}.{kind}.f32", dtype=np.float32).reshape(-1, d).astype(np.float64)

    paths = np.array(meta["pages"])
    return {"X": rows("chunks"), "Q": rows("questions"), "S": unit(rows("sentences")), "sentenceOf": np.array(meta["sentenceOf"]),
            "paths": paths, "names": np.array([p.split("/")[-1] for p in paths]), "questions": meta["questions"]}


def dump_metrics(c, scores):
    """R@5 and MRR@10 per question, from a chunks × questions score matrix over a corpus `load_dump` read (a relevant
    page named with a "/" is matched by path, else by file name)."""
    r5, mrr = [], []
    for j, q in enumerate(c["questions"]):
        pages = c["paths"] if any("/" in r for r in q["relevant"]) else c["names"]
        ranking = page_ranking(scores[:, j], pages)
        r5.append(recall(ranking, q["relevant"], 5))
        mrr.append(reciprocal_rank(ranking, q["relevant"], 10))
    return np.array(r5), np.array(mrr)


def add_pooled(pooled, key, r5, mrr):
    """Appends one corpus's per-question R@5 and MRR to the questions pooled under `key`."""
    pooled.setdefault(key, ([], []))
    pooled[key][0].extend(r5)
    pooled[key][1].extend(mrr)


def print_pooled(pooled, rng, width=20):
    """Each variant's pooled R@5 and MRR, paired against those pooled under "base" (the plain cosine)."""
    base5, base_mrr = pooled.pop("base")
    print(f"pooled over {len(base5)} questions, paired against the plain cosine:")
    for key, (r5, mrr) in pooled.items():
        print(f"  {key:{width}s} R@5 {paired(base5, r5, rng)}  MRR {paired(base_mrr, mrr, rng)}")
