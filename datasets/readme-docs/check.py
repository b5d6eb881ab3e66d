#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...).
Prints the counts (see ../check_questions.py). Usage: python3 datasets/readme-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, pages_entries  # noqa: E402

# pages.txt lists packages (name@version); each gives pages/NAME.md, '@' dropped and '/' turned into '__'.
listed, errors = set(), []
for spec, _comment in pages_entries(here):
    name = spec.rsplit("@", 1)[0]
    if not name or "@" not in spec[1:]:
        errors.append(f"pages.txt: {spec} is not name@version")
        continue
    page = name.lstrip("@").replace("/", "__") + ".md"
    if page in listed:
        errors.append(f"pages.txt: {spec} is listed twice")
    listed.add(page)
check_dataset(here, listed, errors)
