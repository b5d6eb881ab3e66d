#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...); and no
question counts a table of contents, index or search page, a change history or release
note, a page without text, or a highlighted source page (_modules/) as relevant. Prints
the counts (see ../check_questions.py).
Usage: python3 datasets/celery-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages, refused_answers  # noqa: E402

# pages/ keeps the doc root's folders (userguide/, reference/, internals/reference/, _modules/celery/app/, ...):
# pages.txt lists every page by its path under the doc root (userguide/tasks.html,
# getting-started/backends-and-brokers/redis.html), and a page is named by that path, in questions.jsonl and in the
# recursive comparison of pages/ with the list.
listed, errors = listed_pages(here, flatten=False, tree=True)
# The table of contents, the two indexes, the search page, the release notes and change histories, and
# contributing.html (only the version banner in Debian's build) are never an answer.
NOT_ANSWERS = {"index.html", "genindex.html", "py-modindex.html", "search.html", "changelog.html",
               "whatsnew-5.2.html", "contributing.html"}
errors += refused_answers(
    here,
    lambda page: "a table of contents, index, search page, release note or empty page"
    if page in NOT_ANSWERS or page.startswith("history/")
    else "a highlighted source page" if page.startswith("_modules/") else None,
)
check_dataset(here, listed, errors, tree=True)
