#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...); and no
question counts a book's table of contents, symbol index, annotation glossary or object
hierarchy, or a part or chapter page that only lists the pages under it, as relevant.
Prints the counts (see ../check_questions.py).
Usage: python3 datasets/glib-docs/check.py"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import check_dataset, first_group, listed_pages, refused_answers, unlisted  # noqa: E402

# pages/ keeps the doc root's three book folders (glib/, gobject/, gio/): pages.txt lists every page by its path under
# the doc root (glib/glib-The-Main-Event-Loop.html, gio/GTask.html), and a page is named by that path, in
# questions.jsonl and in the recursive comparison of pages/ with the list.
listed, errors = listed_pages(here, flatten=False, tree=True)
# In every book: the table of contents, the index of every symbol and the glossary of the (nullable), (transfer full)
# ... annotations; in gio/ the object hierarchy too. Never an answer.
INDEXES = {f"{book}/{name}" for book in ("glib", "gobject", "gio")
           for name in ("index.html", "api-index-full.html", "annotation-glossary.html")} | {"gio/gio-hierarchy.html"}
# The part and chapter pages that list the pages under them (with at most a short introduction: glib.html's four
# sentences, pt02.html's and pt03.html's one or two in gobject/; gio/unix-support.html is empty). Never an answer.
TOC_PAGES = {f"glib/{name}" for name in (
    "glib.html", "glib-fundamentals.html", "glib-core.html", "glib-utilities.html", "glib-data-types.html",
    "deprecated.html", "tools.html", "deprecated-tools.html")} | {f"gobject/{name}" for name in (
    "pt01.html", "pt02.html", "pt03.html", "rn01.html", "rn02.html")} | {f"gio/{name}" for name in (
    "pt01.html", "pt02.html", "migrating.html", "application.html", "async.html", "conversion.html",
    "data-models.html", "extending.html", "failable_initialization.html", "file_mon.html", "file_ops.html",
    "gdbus-convenience.html", "gdbus-lowlevel.html", "highlevel-socket.html", "icons.html", "networking.html",
    "permissions.html", "resolver.html", "resources.html", "settings.html", "streaming.html", "subprocesses.html",
    "testing.html", "tls.html", "tools.html", "types.html", "unix-support.html", "utils.html", "volume_mon.html")}
errors += unlisted(INDEXES | TOC_PAGES, listed)
errors += refused_answers(here, first_group([
    ("a table of contents, symbol index, annotation glossary or object hierarchy", INDEXES),
    ("a part or chapter page that only lists the pages under it", TOC_PAGES)]))
check_dataset(here, listed, errors, tree=True)
