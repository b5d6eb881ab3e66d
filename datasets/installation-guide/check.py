#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is an English page, listed and, if pages/ exists, built in every language; ids are unique;
kinds and splits are balanced and the split follows the rule (per kind, in id order: tune,
heldout, tune, ...). Prints the counts (see ../check_questions.py).
Usage: python3 datasets/installation-guide/check.py"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages  # noqa: E402

# The list is flat (plain file names: ch05s03.html, as in each language folder of the doc root) and pages/ is a tree,
# one folder per language, each with every listed page: the same languages as build-pages.sh, English first. A page
# is named by its folder (en/ch05s03.html). Only the English pages are relevant: the translations are there to be
# searched past.
LANGS = ["en", "de", "fr", "ja", "ru", "cs", "vi"]
listed, errors = listed_pages(here, flatten=False)
for line in open(os.path.join(here, "questions.jsonl"), encoding="utf-8"):
    if line.strip():
        q = json.loads(line)
        errors += [f"{q['id']}: {page} is not an English page (en/...)" for page in q["relevant"] if not page.startswith("en/")]
check_dataset(here, listed, errors, folders=LANGS)
