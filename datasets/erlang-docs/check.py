#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...); and no
question counts a table of contents, index or cover page, a release note, a stub that
only points elsewhere, or a page without real text as relevant. Prints the counts (see
../check_questions.py).
Usage: python3 datasets/erlang-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, listed_pages, refused_answers  # noqa: E402

# pages/ keeps the doc root's folders (doc/efficiency_guide/, erts-13.1.5/doc/html/, lib/kernel-8.5.3/doc/html/,
# lib/stdlib-4.2/doc/html/, ...): pages.txt lists every page by its path under the doc root
# (doc/reference_manual/records.html, lib/stdlib-4.2/doc/html/lists.html), and a page is named by that path, in
# questions.jsonl and in the recursive comparison of pages/ with the list.
listed, errors = listed_pages(here, flatten=False, tree=True)
# Never an answer: the top-level start page, application table, manual page index and "not yet generated" page; the
# bare benchmark table of the efficiency guide; the four "This page has moved" redirects; the one-sentence C nodes
# chapter of the tutorial (a pointer to erl_interface); Kernel's stubs of modules moved to ERTS (erlang, init,
# erl_prim_loader, zlib) and its near-empty user page; and, in every folder, the index.html and users_guide.html
# cover pages (a title, a version and a date, the chapters or modules in the left navigation only), ERTS's
# internal_docs.html cover page, the release_notes.html cover pages and the notes.html release notes.
NOT_ANSWERS = {
    "doc/index.html", "doc/applications.html", "doc/man_index.html", "doc/nyi.html",
    "doc/efficiency_guide/call_result.html", "doc/tutorial/cnode.html",
    "erts-13.1.5/doc/html/internal_docs.html",
    "lib/kernel-8.5.3/doc/html/erlang.html", "lib/kernel-8.5.3/doc/html/init.html",
    "lib/kernel-8.5.3/doc/html/erl_prim_loader.html", "lib/kernel-8.5.3/doc/html/zlib.html",
    "lib/kernel-8.5.3/doc/html/user.html",
}
COVER_NAMES = {"index.html", "users_guide.html", "release_notes.html", "notes.html"}
errors += refused_answers(
    here,
    lambda page: "a table of contents, cover page, index, release note, stub or empty page"
    if page in NOT_ANSWERS or page.rsplit("/", 1)[-1] in COVER_NAMES or page.startswith("doc/installation_guide/source/")
    else None,
)
check_dataset(here, listed, errors, tree=True)
