#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...).
Prints the counts (see ../check_questions.py). Usage: python3 datasets/git-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset  # noqa: E402

errors = []
listed = set()
for line in open(os.path.join(here, "pages.txt"), encoding="utf-8"):
    path = line.split("#", 1)[0].strip()
    if path:
        # pages/ is flat: howto/revert-a-faulty-merge.html is copied to howto-revert-a-faulty-merge.html.
        if path.startswith("/") or ".." in path:
            errors.append(f"pages.txt: {path} is not a path relative to the doc root")
        name = path.replace("/", "-")
        if name in listed:
            errors.append(f"pages.txt: {path} is listed twice (or clashes with another entry as {name})")
        listed.add(name)
check_dataset(here, listed, errors)
