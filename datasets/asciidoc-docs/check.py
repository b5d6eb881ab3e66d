#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; pages/ holds exactly the listed files; ids are unique;
kinds and splits are balanced and the split follows the rule (per kind, in id order: tune,
heldout, tune, ...); every relevant page is one of a module's pages. Prints the counts (see
../check_questions.py).
Usage: python3 datasets/asciidoc-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages, relevant_pages  # noqa: E402

# pages/ is the Antora component's docs/modules/ tree as it is (ROOT/, attributes/, blocks/, macros/, ...; each
# module with pages/, and examples/ and partials/ that its pages include): pages.txt lists every file by its path
# under docs/modules/ (macros/pages/links.adoc), and a page is named by that path, in questions.jsonl and in the
# recursive comparison of pages/ with the list. The site publishes a module's pages/ only: an example, a partial or a
# nav file is never relevant.
listed, errors = listed_pages(here, flatten=False, tree=True)
for qid, page in relevant_pages(here):
    if "/pages/" not in page:
        errors.append(f"{qid}: {page} is not one of a module's pages")
check_dataset(here, listed, errors, tree=True)
