#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built, and has text (not a stub); pages/ holds exactly the
listed files; ids are unique; kinds and splits are balanced and the split follows the rule
(per kind, in id order: tune, heldout, tune, ...). Prints the counts (see ../check_questions.py).
Usage: python3 datasets/next-docs/check.py"""
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages, page_body, relevant_pages  # noqa: E402

# pages/ is the package's dist/docs/ tree as it is (app/, pages/, messages/, architecture/, community/): pages.txt
# lists every file by its path under dist/docs/ (app/api-reference/functions/cookies.md), and a page is named by
# that path, in questions.jsonl and in the recursive comparison of pages/ with the list.
listed, errors = listed_pages(here, flatten=False, tree=True)

# A page with nothing but front matter and {/* ... */} comments answers nothing: the ~110 Pages Router stubs
# ("DO NOT EDIT. The content of this doc is generated from the source above", front matter `source: app/...`) and
# the index.md files that hold only front matter. Such a page must never be relevant (checked once pages/ is built).
MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.S)

pages_dir = os.path.join(here, "pages")
if os.path.isdir(pages_dir):
    for qid, page in relevant_pages(here):
        path = os.path.join(pages_dir, page)
        if page in listed and os.path.isfile(path) and not page_body(path, MDX_COMMENT):
            errors.append(f"{qid}: {page} is a stub (no text after the front matter and comments)")
check_dataset(here, listed, errors, tree=True)
