#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built, is not an `_common/` fragment and has text after its
front matter; pages/ holds exactly the listed files; ids are unique; kinds and splits are
balanced and the split follows the rule (per kind, in id order: tune, heldout, tune, ...).
Prints the counts (see ../check_questions.py).
Usage: python3 datasets/hugo-docs/check.py"""
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages, page_body, relevant_pages  # noqa: E402

# pages/ is hugoDocs' content/en/ tree as it is (functions/, methods/, configuration/, ..., _common/, images):
# pages.txt lists every file by its path under content/en/ (functions/strings/Replace.md,
# host-and-deploy/host-on-netlify/index.md), and a page is named by that path, in questions.jsonl and in the
# recursive comparison of pages/ with the list.
listed, errors = listed_pages(here, flatten=False, tree=True)

# The _common/ files are fragments that other pages pull in with {{% include %}}; the site does not publish them as
# pages, so one is never relevant. Nor is a page with nothing but front matter and HTML comments (63 of the 64
# _index.md files, documentation.md): checked once pages/ is built.
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)

pages_dir = os.path.join(here, "pages")
for qid, page in relevant_pages(here):
    if page.startswith("_common/"):
        errors.append(f"{qid}: {page} is an _common/ fragment, not a page")
    path = os.path.join(pages_dir, page)
    if page in listed and os.path.isfile(path) and not page_body(path, HTML_COMMENT):
        errors.append(f"{qid}: {page} has no text after its front matter")
check_dataset(here, listed, errors, tree=True)
