#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...); and no
question counts a top-level page (index.html, genindex.html, search.html) or a release
note as relevant. Prints the counts (see ../check_questions.py).
Usage: python3 datasets/cmake-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages, refused_answers  # noqa: E402

# pages/ keeps the doc root's folders (command/, variable/, prop_tgt/, module/, manual/, guide/tutorial/, ...):
# pages.txt lists every page by its path under the doc root (command/add_custom_command.html, generator/Unix
# Makefiles.html), and a page is named by that path, in questions.jsonl and in the recursive comparison of pages/
# with the list.
listed, errors = listed_pages(here, flatten=False, tree=True)
NOT_ANSWERS = {"index.html", "genindex.html", "search.html"}
errors += refused_answers(here, lambda page: "a table of contents, index, search page or release note"
                          if page in NOT_ANSWERS or page.startswith("release/") else None)
check_dataset(here, listed, errors, tree=True)
