"""Query expansion from the corpus's own word co-occurrence (opt-in, not a test; numpy and scipy).

    python3 bench/corpus-expansion.py DIR sqlite,python,...

DIR holds bench/vector-dump.ts's files (the chunks' texts and pages, and the questions). For each corpus it
builds, from the chunks alone, a BM25 index (bench/bm25_index.py) and word vectors: positive PMI of words within 4
of each other (words in at least 3 chunks; context counts smoothed by the power 0.75), reduced to 200 dimensions by
SVD, the classic count-based stand-in for word2vec. A question's words each add their m nearest words of cosine at
least τ to the query, weighted w × the cosine. Each setting (m, τ, w) is measured as keyword search, pages in order of their best chunk, page-level R@5
and MRR@10, paired against the same BM25 without expansion ((0, 0, 0)), per corpus and pooled.
"""
import json
import sys

import numpy as np
import scipy.sparse as sp
from bm25_index import STOP, BM25Index
from ranking_metrics import page_ranking, paired, recall, reciprocal_rank
from scipy.sparse.linalg import svds


def run(folder, name, settings):
    m = json.load(open(f"{folder}/{name}.meta.json"))
    texts, paths, qs = m["texts"], np.array(m["pages"]), m["questions"]
    names = np.array([p.split("/")[-1] for p in paths])
    index = BM25Index(texts)
    docs, vocab, df = index.docs, index.vocab, index.df
    bm = index.weights()
    # PPMI co-occurrence, window 4, words with df >= 3
    keep = np.where(df >= 3)[0]; kidx = {v: i for i, v in enumerate(keep)}
    cr, cc = [], []
    for d in docs:
        ids = [kidx.get(vocab[x], -1) for x in d]
        for i, a in enumerate(ids):
            if a < 0: continue
            for j in range(max(0, i - 4), min(len(ids), i + 5)):
                if j != i and ids[j] >= 0:
                    cr.append(a); cc.append(ids[j])
    C = sp.csr_matrix((np.ones(len(cr)), (cr, cc)), shape=(len(keep), len(keep)))
    C.sum_duplicates()
    tot = C.sum(); rs = np.asarray(C.sum(1)).ravel(); cs = np.asarray(C.sum(0)).ravel() ** 0.75; cs = cs / cs.sum()
    Cc = C.tocoo()
    pmi = np.log(Cc.data * 1.0 / tot / (rs[Cc.row] / tot) / cs[Cc.col])
    pos = pmi > 0
    P = sp.csr_matrix((pmi[pos], (Cc.row[pos], Cc.col[pos])), shape=C.shape)
    u, s, _ = svds(P, k=min(200, P.shape[0] - 2))
    E = u * np.sqrt(s); E /= np.linalg.norm(E, axis=1, keepdims=True) + 1e-12
    inv = {i: w for w, i in vocab.items()}
    results = {k: ([], []) for k in settings}
    for q in qs:
        rel = q["relevant"]; pages = paths if any("/" in r for r in rel) else names
        qt = index.query_terms(q["question"])
        base = index.score(bm, qt)
        for key in settings:
            count, tau, weight = key
            score = base.copy()
            if count > 0:
                for t in qt:
                    k = kidx.get(vocab[t])
                    if k is None: continue
                    sims = E @ E[k]; sims[k] = -1
                    for n in np.argsort(-sims)[:count]:
                        if sims[n] < tau: break
                        word = inv[keep[n]]
                        if word in qt or word in STOP: continue
                        score += weight * sims[n] * bm[:, vocab[word]].toarray().ravel()
            rk = page_ranking(score, pages)
            results[key][0].append(recall(rk, rel, 5)); results[key][1].append(reciprocal_rank(rk, rel, 10))
    return results

settings = [(0, 0, 0), (2, 0.5, 0.3), (3, 0.4, 0.3), (2, 0.5, 0.6), (5, 0.3, 0.2)]
rng = np.random.default_rng(3)
pool = {k: ([], []) for k in settings}
for name in sys.argv[2].split(","):
    r = run(sys.argv[1], name, settings)
    line = [f"{name}: base {np.mean(r[settings[0]][0]):.3f}/{np.mean(r[settings[0]][1]):.3f}"]
    for k in settings:
        pool[k][0].extend(r[k][0]); pool[k][1].extend(r[k][1])
        if k != settings[0]:
            line.append(f"{k} {np.mean(r[k][0]) - np.mean(r[settings[0]][0]):+.3f}/{np.mean(r[k][1]) - np.mean(r[settings[0]][1]):+.3f}")
    print(" | ".join(line), flush=True)
for k in settings[1:]:
    print(k, "R@5", paired(pool[settings[0]][0], pool[k][0], rng), "MRR", paired(pool[settings[0]][1], pool[k][1], rng))
