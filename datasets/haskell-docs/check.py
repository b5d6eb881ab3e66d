#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...); and no
question counts a highlighted source page (src/), a package's contents page (index.html),
an identifier index page (doc-index*.html) or a module page without text of its own as
relevant. Prints the counts (see ../check_questions.py).
Usage: python3 datasets/haskell-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages, refused_answers, unlisted  # noqa: E402

# pages/ keeps the doc root's two package folders and their src/ subfolders (base-4.15.1.0/, containers-0.6.4.1/):
# pages.txt lists every page by its path under the doc root (base-4.15.1.0/Data-List.html,
# base-4.15.1.0/src/Data-OldList.html, containers-0.6.4.1/Data-Map-Strict.html), and a page is named by that path, in
# questions.jsonl and in the recursive comparison of pages/ with the list.
listed, errors = listed_pages(here, flatten=False, tree=True)
PACKAGES = ("base-4.15.1.0", "containers-0.6.4.1")
# Each package's contents page (the module tree, with no text but the package's one-paragraph description) is never
# an answer, nor are its identifier index pages (doc-index.html, only the alphabet; doc-index-A.html ...,
# doc-index-NN.html for the operators, doc-index-All.html: names and links) or the HsColour source pages in src/.
CONTENTS = {f"{pkg}/index.html" for pkg in PACKAGES}
# Module pages without text of their own: no declarations at all (GHC.Constants, GHC.IO.Encoding.CodePage, and
# GHC.ConsoleHandler, whose contents exist only on Windows), a single undocumented signature (GHC.Conc.Signal), or
# a one-line description and a list of re-exported modules (Foreign, Foreign.C, Foreign.Marshal, the deprecated
# *.Safe variants, Control.Monad.ST.Strict, Data.STRef.Strict). Never an answer.
TEXTLESS = {f"base-4.15.1.0/{name}.html" for name in (
    "GHC-Constants", "GHC-IO-Encoding-CodePage", "GHC-ConsoleHandler", "GHC-Conc-Signal", "Foreign", "Foreign-Safe",
    "Foreign-C", "Foreign-Marshal", "Foreign-Marshal-Safe", "Control-Monad-ST-Strict", "Data-STRef-Strict")}
errors += unlisted(CONTENTS | TEXTLESS, listed)


def not_an_answer(page):
    pkg, _, rest = page.partition("/")
    if rest.startswith("src/"):
        return "a highlighted source page (src/)"
    if page in CONTENTS:
        return "a package's contents page"
    if rest.startswith("doc-index"):
        return "an identifier index page"
    if page in TEXTLESS:
        return "a module page without text of its own"
    return None


errors += refused_answers(here, not_an_answer)
check_dataset(here, listed, errors, tree=True)
