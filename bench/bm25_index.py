"""A BM25 index over one corpus's chunks, in numpy and scipy, for the keyword-side experiments of
bench/corpus-expansion.py and bench/keyword-variants.py. It is a stand-in for the product's keyword mode, for
comparing variants against each other, not the product's figures: lower-cased words, a light suffix stripper instead
of the porter stemmer, a short stop list, one column (no title or heading weights), k1 1.2 and b 0.75. On the
thirteen corpora of bench/vector-dump.ts its R@5 and MRR@10 are up to 0.05 below the product's keyword mode."""
import re

import numpy as np
import scipy.sparse as sp

STOP = set("""a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves also get got want need way make use using used one like""".split())
WORD = re.compile(r"[a-z][a-z0-9_]+")
K1, B = 1.2, 0.75


def stem(w):
    for suf in ("ing", "ed", "es", "s", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def toks(text):
    return [stem(w) for w in WORD.findall(text.lower())]


class BM25Index:
    """The chunks' words (`docs`), the vocabulary, term frequencies (`tf`, chunks × words), chunk lengths and
    document frequencies, with the BM25 matrix of `weights(idf)` for the standard IDF or another one."""

    def __init__(self, texts):
        self.docs = [toks(t) for t in texts]
        self.vocab = {}
        for d in self.docs:
            for w in d:
                self.vocab.setdefault(w, len(self.vocab))
        rows, cols, vals = [], [], []
        for i, d in enumerate(self.docs):
            c = {}
            for w in d:
                c[self.vocab[w]] = c.get(self.vocab[w], 0) + 1
            rows += [i] * len(c)
            cols += list(c.keys())
            vals += list(c.values())
        self.n = len(self.docs)
        self.tf = sp.csr_matrix((vals, (rows, cols)), shape=(self.n, len(self.vocab)), dtype=np.float64)
        self.dl = np.array([len(d) for d in self.docs], dtype=np.float64)
        self.avg = self.dl.mean()
        self.df = np.asarray((self.tf > 0).sum(0)).ravel()
        self.idf = np.log((self.n - self.df + 0.5) / (self.df + 0.5) + 1)

    def saturation(self, tf, length):
        """BM25's term-frequency part for a count `tf` in a chunk of `length` words."""
        return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.avg))

    def weights(self, idf=None):
        """The BM25 weight of each word in each chunk (chunks × words, by column), with `idf` (default: the standard one)."""
        idf = self.idf if idf is None else idf
        c = self.tf.tocoo()
        return sp.csc_matrix((self.saturation(c.data, self.dl[c.row]) * idf[c.col], (c.row, c.col)), shape=self.tf.shape)

    def query_terms(self, question):
        """A question's distinct indexed words without stopwords (or its first three indexed words, if that leaves none)."""
        terms = list(dict.fromkeys(t for t in toks(question) if t not in STOP and t in self.vocab))
        return terms or [t for t in toks(question) if t in self.vocab][:3]

    def score(self, weights, terms):
        """Each chunk's BM25 score for `terms` under a `weights` matrix."""
        if not terms:
            return np.zeros(self.n)
        return np.asarray(weights[:, [self.vocab[t] for t in terms]].sum(1)).ravel()
