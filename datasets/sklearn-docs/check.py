#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...).
Prints the counts (see ../check_questions.py). Usage: python3 datasets/sklearn-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages  # noqa: E402

# pages/ is flat: sub-folders' '/' is turned into '-'.
check_dataset(here, *listed_pages(here, flatten=True))
