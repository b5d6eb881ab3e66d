"""BM25's own parameters, measured on the product's FTS5 index (opt-in, not a test; numpy).

    npx tsx bench/question-words.ts WORDS.json
    python3 bench/bm25-parameters.py WORDS.json DB...

Each DB is a database `libsql-rag eval` (or bench/eval-sets.sh) built for one set, holding its `eval-<set>`
collection. From the FTS5 index itself (an `fts5vocab` table of every token's row and column) this recomputes FTS5's
`bm25()` as the product calls it (column weights 3 : 2 : 1, k1 1.2, b 0.75: the weighted counts of a word in a row's
columns saturate together, against the row's whole length), checks that it ranks each question's first ten rows as
FTS5 does, and then scores variants the product cannot ask FTS5 for:
- **k1 and b**, on a grid (FTS5 fixes them at 1.2 and 0.75);
- **each column's length normalised apart** (BM25F as Robertson and Zaragoza give it): a count is divided by
  1 - b_c + b_c × column length / the column's mean length before the weighted sum saturates;
- **a coordination factor**: the score times (query words matched / query words)^p, p 0.25–2;
- **one phrase a stem**: the product's OR query has one phrase a word, so two words with one stem ("stream",
  "streams") count twice; here they count once.
Keyword search alone, pages in order of their best chunk (no page-aware ranking), R@5 and MRR@10 paired against the
default on all the questions, and apart on the `tune` and `heldout` halves.
"""
import json
import math
import sqlite3
import sys
from collections import defaultdict

import numpy as np
from ranking_metrics import page_ranking, paired_interval, recall, reciprocal_rank

WEIGHTS = np.array([3.0, 2.0, 1.0])
COLUMNS = {"title": 0, "headings": 1, "content": 2}


class Corpus:
    """One set's FTS rows: each word's rows and per-column counts, each row's column lengths, and its page."""

    def __init__(self, path, sets):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        name, table = self.db.execute("SELECT name, table_name FROM rag_collections WHERE name LIKE 'eval-%'").fetchone()
        self.set = name[len("eval-"):]
        self.fts = f"{table}_fts"
        by_path = sets[self.set]["match"] == "path"
        page = {}
        for rid, source in self.db.execute(f"SELECT rid, json_extract(metadata, '$.source') FROM \"{table}\""):
            source = (source or "").removeprefix("pages/")
            page[rid] = source if by_path else source.split("/")[-1]
        self.db.execute(f"CREATE VIRTUAL TABLE temp.instances USING fts5vocab(main, '{self.fts}', 'instance')")
        counts = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
        lengths = defaultdict(lambda: [0, 0, 0])
        for term, row, column, _ in self.db.execute("SELECT term, doc, col, offset FROM temp.instances"):
            counts[term][row][COLUMNS[column]] += 1
            lengths[row][COLUMNS[column]] += 1
        self.rows = sorted(lengths)
        at = {row: i for i, row in enumerate(self.rows)}
        self.n = len(self.rows)
        self.lengths = np.array([lengths[r] for r in self.rows], dtype=float)
        self.pages = [page.get(r, "") for r in self.rows]
        self.postings = {t: (np.array([at[r] for r in rows]), np.array(list(rows.values()), dtype=float)) for t, rows in counts.items()}
        self.db.execute("CREATE VIRTUAL TABLE temp.stems USING fts5(x, tokenize='porter unicode61 remove_diacritics 2')")
        self.db.execute("CREATE VIRTUAL TABLE temp.stem_vocab USING fts5vocab(temp, 'stems', 'row')")
        self.stems = {}

    def stem(self, word):
        """The terms FTS5's tokenizer makes of a query word."""
        if word not in self.stems:
            self.db.execute("DELETE FROM temp.stems")
            self.db.execute("INSERT INTO temp.stems(x) VALUES (?)", (word,))
            self.stems[word] = [r[0] for r in self.db.execute("SELECT term FROM temp.stem_vocab")]
        return self.stems[word]

    def query(self, words, one_per_stem=False):
        """The postings and IDF (FTS5's: log((N - n + 0.5) / (n + 0.5)), at least 1e-6) of each indexed query term."""
        # One phrase a word, as the product's OR query has: two words with one stem ("stream", "streams") count twice.
        terms = [t for w in words for t in self.stem(w)]
        if one_per_stem:
            terms = list(dict.fromkeys(terms))
        out = []
        for t in terms:
            if t in self.postings:
                rows, counts = self.postings[t]
                out.append((rows, counts, max(math.log((self.n - len(rows) + 0.5) / (len(rows) + 0.5)), 1e-6)))
        return out

    def score(self, query, k1=1.2, b=0.75, field_b=None, coordination=0.0):
        """Each row's score for a query, under the variant the arguments name."""
        s = np.zeros(self.n)
        matched = np.zeros(self.n)
        total = self.lengths.sum(1)
        for rows, counts, idf in query:
            if field_b is None:
                f = counts @ WEIGHTS
                s[rows] += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * total[rows] / total.mean()))
            else:
                fb = np.array(field_b)
                norm = 1 - fb + fb * self.lengths[rows] / np.maximum(self.lengths.mean(0), 1e-9)
                f = (counts / np.maximum(norm, 1e-9)) @ WEIGHTS
                s[rows] += idf * f * (k1 + 1) / (f + k1)
            matched[rows] += 1
        if coordination and query:
            s *= (matched / len(query)) ** coordination
        return s

    def fts_first_ten(self, words):
        match = " OR ".join(f'"{w}"' for w in words)
        sql = f'SELECT rowid FROM "{self.fts}" WHERE "{self.fts}" MATCH ? ORDER BY bm25("{self.fts}", 3, 2, 1) LIMIT 10'
        return [r[0] for r in self.db.execute(sql, (match,))]


def variants():
    out = {"default (k1 1.2, b 0.75)": {}}
    for k1 in (0.6, 0.9, 1.2, 1.6, 2.0, 3.0):
        for b in (0.3, 0.5, 0.75, 0.9, 1.0):
            if (k1, b) != (1.2, 0.75):
                out[f"k1 {k1}, b {b}"] = {"k1": k1, "b": b}
    for k1 in (1.2, 2.0):
        for field_b in ((0, 0, 0.75), (0.75, 0.75, 0.75), (0.5, 0.5, 0.75), (0, 0.5, 0.75), (0, 0, 0.5)):
            out[f"columns apart, k1 {k1}, b {field_b}"] = {"k1": k1, "field_b": field_b}
    for p in (0.25, 0.5, 1.0, 2.0):
        out[f"coordination ^{p}"] = {"coordination": p}
    out["one phrase a stem"] = {"one_per_stem": True}
    return out


def main():
    sets = json.load(open(sys.argv[1]))
    corpora = [Corpus(path, sets) for path in sys.argv[2:]]
    runs = variants()
    scores = {name: [] for name in runs}
    splits = []
    for c in corpora:
        off = 0
        for q in sets[c.set]["questions"]:
            query = c.query(q["words"])
            deduplicated = c.query(q["words"], one_per_stem=True)
            if q["words"]:
                base = c.score(query)
                mine = [c.rows[i] for i in sorted(np.nonzero(base)[0], key=lambda i: (-base[i], c.rows[i]))[:10]]
                off += len(set(mine) ^ set(c.fts_first_ten(q["words"]))) > 0
            splits.append(q.get("split", "all"))
            for name, args in runs.items():
                args = dict(args)
                asked = deduplicated if args.pop("one_per_stem", False) else query
                ranking = page_ranking(c.score(asked, **args), c.pages)
                scores[name].append((recall(ranking, q["relevant"], 5), reciprocal_rank(ranking, q["relevant"], 10)))
        print(f"{c.set}: {c.n} rows, {len(sets[c.set]['questions'])} questions; first ten rows as FTS5's for all but {off}")
    base = np.array(scores["default (k1 1.2, b 0.75)"])
    rng = np.random.default_rng(1)
    splits = np.array(splits)
    print(f"\n{len(base)} questions; default R@5 {base[:, 0].mean():.3f}, MRR@10 {base[:, 1].mean():.3f}")
    for name, rows in scores.items():
        d = np.array(rows) - base
        r5, mrr = paired_interval(d[:, 0], rng), paired_interval(d[:, 1], rng)
        halves = "  ".join(f"{h} R@5 {d[splits == h, 0].mean():+.3f} MRR {d[splits == h, 1].mean():+.3f}" for h in ("tune", "heldout"))
        print(f"{name:38s} R@5 {r5[0]:+.3f} [{r5[1]:+.3f}, {r5[2]:+.3f}]  MRR {mrr[0]:+.3f} [{mrr[1]:+.3f}, {mrr[2]:+.3f}]  {halves}")


if __name__ == "__main__":
    main()
