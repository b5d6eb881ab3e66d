"""Anchor text: the words of the links that point at a page, as evidence for re-ordering hybrid's pages (opt-in, not a
test; numpy and scipy; measured, not built).

    python3 bench/anchor-text.py OUT_DIR

OUT_DIR holds bench/eval-sets.sh's <set>.json files (each question's first ten hybrid pages). For every HTML set
whose pages/ is built, each page's anchor text is the distinct texts of the links to it from the set's other pages
(a link counted once per page it stands on; links to the page itself, to other sites and to fragments alone left
out); a set built flat (pages.txt's `library/json.html` copied as `library-json.html`) is linked through pages.txt's
paths. A question's hybrid pages are then ordered by 1 / (rank + 1) + w / 10 × the page's BM25 over the anchor texts
(bench/bm25_index.py), scaled by the best of the ten, and paired against hybrid's order on page-level R@5 and
MRR@10, on the tune and held-out halves apart, for w in 0.5 … 5 (at 0.5 a page can rise one place at the head of
the list, at 5 several).
"""
import collections
import glob
import html.parser
import json
import os
import posixpath
import re
import sys

import numpy as np
from bm25_index import BM25Index
from ranking_metrics import paired, recall, reciprocal_rank

DATASETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "datasets")
WEIGHTS = (0.5, 1, 2, 3, 5)


class Links(html.parser.HTMLParser):
    """A page's links: each `<a href>` with its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            self.open = (href, []) if href else None

    def handle_endtag(self, tag):
        if tag == "a" and self.open:
            self.links.append((self.open[0], " ".join(" ".join(self.open[1]).split())))
            self.open = None

    def handle_data(self, data):
        if self.open is not None:
            self.open[1].append(data)


def anchor_texts(set_dir, key):
    """Each linked page's anchor texts, joined, under `key` of its path in the set (as questions.jsonl names it)."""
    root = os.path.join(set_dir, "pages")
    built = {os.path.relpath(f, root).replace(os.sep, "/") for f in glob.glob(root + "/**/*", recursive=True) if re.search(r"\.x?html?$", f)}
    # A flat set's pages by their paths under the doc root, which its links are relative to.
    original = {}
    for line in open(os.path.join(set_dir, "pages.txt"), encoding="utf-8"):
        path = line.split("#", 1)[0].strip()
        if "/" in path and path not in built and path.replace("/", "-") in built:
            original[path.replace("/", "-")] = path
    paths = {original.get(page, page): page for page in built}
    texts = collections.defaultdict(set)
    for path, page in paths.items():
        parser = Links()
        parser.feed(open(os.path.join(root, page), encoding="utf-8", errors="replace").read())
        for href, text in parser.links:
            target = href.split("#", 1)[0].split("?", 1)[0]
            if not text or not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if target in paths and target != path:
                texts[key(paths[target])].add((path, text))
    return {page: " ".join(text for _source, text in pairs) for page, pairs in texts.items()}, len(paths)


def main(out_dir):
    rows = []  # (split, kind, base R@5, base RR, {w: (R@5, RR)})
    for saved in sorted(glob.glob(os.path.join(out_dir, "*.json"))):
        name = os.path.basename(saved)[: -len(".json")]
        set_dir = os.path.join(DATASETS, name)
        if not os.path.isdir(os.path.join(set_dir, "pages")):
            continue
        by_path = "--match path" in open(os.path.join(set_dir, "README.md"), encoding="utf-8").read()
        texts, pages = anchor_texts(set_dir, (lambda p: p) if by_path else (lambda p: p.rsplit("/", 1)[-1]))
        if len(texts) < 10:
            continue
        linked = sorted(texts)
        index = BM25Index([texts[p] for p in linked])
        weights, row = index.weights(), {p: i for i, p in enumerate(linked)}
        questions = {q["id"]: q for q in map(json.loads, open(os.path.join(set_dir, "questions.jsonl"), encoding="utf-8"))}
        hybrid = next(m for m in json.load(open(saved))["modes"] if m["mode"] == "hybrid")
        for result in hybrid["perQuestion"]:
            q, top = questions[result["id"]], result["top"]
            scores = index.score(weights, index.query_terms(q["question"]))
            anchor = np.array([scores[row[p]] if p in row else 0.0 for p in top])
            anchor = anchor / anchor.max() if anchor.max() > 0 else anchor
            ordered = {}
            for w in WEIGHTS:
                order = [top[i] for i in np.argsort(-(1 / (np.arange(len(top)) + 2) + w / 10 * anchor), kind="stable")]
                ordered[w] = (recall(order, q["relevant"]), reciprocal_rank(order, q["relevant"]))
            rows.append((q.get("split", "tune"), q["kind"], recall(top, q["relevant"]), reciprocal_rank(top, q["relevant"]), ordered))
        print(f"{name}: {pages} pages, {len(texts)} linked to", file=sys.stderr)
    rng = np.random.default_rng(1)
    for split in ("tune", "heldout"):
        part = [r for r in rows if r[0] == split]
        paraphrased = [r for r in part if r[1] == "paraphrase"]
        print(f"{split} ({len(part)} questions, {len(paraphrased)} paraphrased), anchor text against hybrid's order:")
        for w in WEIGHTS:
            print(f"  w {w}: R@5 {paired([r[2] for r in part], [r[4][w][0] for r in part], rng)}, "
                  f"MRR@10 {paired([r[3] for r in part], [r[4][w][1] for r in part], rng)}, "
                  f"paraphrased R@5 {paired([r[2] for r in paraphrased], [r[4][w][0] for r in paraphrased], rng)}")


if __name__ == "__main__":
    main(sys.argv[1])
