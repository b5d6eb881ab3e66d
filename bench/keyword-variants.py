"""Two changes to the keyword side's scoring, measured on BM25 alone (opt-in, not a test; numpy and scipy).

    python3 bench/keyword-variants.py DIR sqlite,python,... [WINDOW]

DIR holds bench/vector-dump.ts's files. For each corpus, over a BM25 index of its chunks (bench/bm25_index.py):
- **page-level IDF**: a word's IDF from the number of pages that hold it rather than chunks (a word spread over
  the many chunks of one long page is rare among pages), alone, and as the arithmetic and geometric mean of the two;
- **term proximity**: each pair of query words that occur within WINDOW words of each other (default 8) in a chunk
  adds the pair's mean IDF × the BM25 saturation of the number of such occurrences, times λ (0.1–1), over the 300
  best chunks by BM25.
Keyword search, pages in order of their best chunk, page-level R@5 and MRR@10, each variant paired against the
standard BM25, per corpus and pooled.
"""
import itertools
import json
import sys

import numpy as np
import scipy.sparse as sp
from bm25_index import BM25Index
from ranking_metrics import add_pooled, page_ranking, paired, recall, reciprocal_rank

LAMBDAS = [0.1, 0.25, 0.5, 1.0]


def page_idfs(index, paths):
    """The standard IDF and the IDF over pages, by word."""
    page_of = {p: i for i, p in enumerate(dict.fromkeys(paths))}
    members = sp.csr_matrix((np.ones(index.n), ([page_of[p] for p in paths], np.arange(index.n))), shape=(len(page_of), index.n))
    pages_with = np.asarray(((members @ (index.tf > 0).astype(float)) > 0).sum(0)).ravel()
    return index.idf, np.log((len(page_of) - pages_with + 0.5) / (pages_with + 0.5) + 1)


def proximity(index, terms, candidates, window):
    """Each candidate chunk's proximity score for `terms` (see the module's text)."""
    out = np.zeros(index.n)
    wanted = set(terms)
    for c in candidates:
        at = {}
        for i, t in enumerate(index.docs[c]):
            if t in wanted:
                at.setdefault(t, []).append(i)
        for a, b in itertools.combinations(at, 2):
            near = sum(1 for i in at[a] if any(abs(i - j) <= window for j in at[b]))
            if near:
                idf = (index.idf[index.vocab[a]] + index.idf[index.vocab[b]]) / 2
                out[c] += idf * index.saturation(near, index.dl[c])
    return out


def run(folder, name, window):
    m = json.load(open(f"{folder}/{name}.meta.json"))
    paths, qs = np.array(m["pages"]), m["questions"]
    names = np.array([p.split("/")[-1] for p in paths])
    index = BM25Index(m["texts"])
    chunk_idf, page_idf = page_idfs(index, paths)
    weights = {"base": index.weights(), "page IDF": index.weights(page_idf), "mean IDF": index.weights((chunk_idf + page_idf) / 2),
               "geometric IDF": index.weights(np.sqrt(chunk_idf * page_idf))}
    results = {}
    for q in qs:
        pages = paths if any("/" in r for r in q["relevant"]) else names
        terms = index.query_terms(q["question"])
        scores = {key: index.score(w, terms) for key, w in weights.items()}
        base = scores["base"]
        near = proximity(index, terms, [c for c in np.argsort(-base)[:300] if base[c] > 0], window)
        scores.update({f"proximity λ {lam}": base + lam * near for lam in LAMBDAS})
        for key, score in scores.items():
            ranking = page_ranking(score, pages)
            add_pooled(results, key, [recall(ranking, q["relevant"], 5)], [reciprocal_rank(ranking, q["relevant"], 10)])
    return results


window = int(sys.argv[3]) if len(sys.argv) > 3 else 8
rng = np.random.default_rng(3)
pooled = {}
for name in sys.argv[2].split(","):
    r = run(sys.argv[1], name, window)
    base5, base_mrr = r["base"]
    print(f"{name}: base {np.mean(base5):.3f}/{np.mean(base_mrr):.3f} | " + " | ".join(
        f"{key} {np.mean(r5) - np.mean(base5):+.3f}/{np.mean(mrr) - np.mean(base_mrr):+.3f}" for key, (r5, mrr) in r.items() if key != "base"), flush=True)
    for key, (r5, mrr) in r.items():
        add_pooled(pooled, key, r5, mrr)
base5, base_mrr = pooled.pop("base")
print(f"pooled over {len(base5)} questions, paired against the standard BM25:")
for key, (r5, mrr) in pooled.items():
    print(f"  {key:20s} R@5 {paired(base5, r5, rng)}  MRR {paired(base_mrr, mrr, rng)}")
