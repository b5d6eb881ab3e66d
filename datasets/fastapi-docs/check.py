#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; pages/ holds exactly the listed files; ids are unique;
kinds and splits are balanced and the split follows the rule (per kind, in id order: tune,
heldout, tune, ...). Prints the counts (see ../check_questions.py).
Usage: python3 datasets/fastapi-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages  # noqa: E402

# pages/ is the Markdown of FastAPI's docs/en/docs/ tree as it is (tutorial/, tutorial/dependencies/,
# advanced/security/, how-to/, deployment/, reference/, ...): pages.txt lists every page by its path under
# docs/en/docs/ (tutorial/body.md, advanced/security/oauth2-scopes.md), and a page is named by that path, in
# questions.jsonl and in the recursive comparison of pages/ with the list (index.md is in 14 folders,
# middleware.md in 3).
check_dataset(here, *listed_pages(here, flatten=False, tree=True), tree=True)
