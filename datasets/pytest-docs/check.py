#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; pages/ holds exactly the listed files; ids are unique;
kinds and splits are balanced and the split follows the rule (per kind, in id order: tune,
heldout, tune, ...). Prints the counts (see ../check_questions.py).
Usage: python3 datasets/pytest-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages  # noqa: E402

# pages/ is the reStructuredText of pytest's doc/en/ tree as it is (how-to/, reference/, explanation/, example/,
# announce/, ...): pages.txt lists every page by its path under doc/en/ (how-to/fixtures.rst, reference/reference.rst),
# and a page is named by that path, in questions.jsonl and in the recursive comparison of pages/ with the list.
check_dataset(here, *listed_pages(here, flatten=False, tree=True), tree=True)
