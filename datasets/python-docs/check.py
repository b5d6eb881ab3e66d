#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule. Prints the counts (see ../check_questions.py).
Usage: python3 datasets/python-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset  # noqa: E402

listed = set()
for line in open(os.path.join(here, "pages.txt"), encoding="utf-8"):
    path = line.split("#", 1)[0].strip()
    if path:
        # pages/ is flat: library/sqlite3.html is copied to library-sqlite3.html.
        listed.add(path.replace("/", "-"))
check_dataset(here, listed, [])
