#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...); and no
question counts a package page that is only the list of the package's members or a page
without text of its own as relevant. With pages/ built, also checks that every page has
Scaladoc's definition block, comment area and member list, and that the pages pages.txt
marks "# package list" and "# no text" are exactly those the built pages show to be.
Prints the counts (see ../check_questions.py).
Usage: python3 datasets/scala-docs/check.py"""
import html
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import built_texts, check_dataset, first_group, listed_pages, named_as_built, pages_entries, refused_answers, unlisted  # noqa: E402

# pages/ keeps the doc root's folders (scala/, scala/concurrent/duration/, scala/util/matching/, ...): pages.txt lists
# every page by its path under the doc root (scala/util/Try.html, scala/concurrent/Future$.html), and a page is named
# by that path, in questions.jsonl and in the recursive comparison of pages/ with the list.
listed, errors = listed_pages(here, flatten=False, tree=True)
marks = {path: comment for path, comment in pages_entries(here) if comment}

# Package pages (package.html) whose own text is under 200 bytes: a line of package comment at most, then the list of
# the package's classes, traits and objects with each one's one-line summary (the summaries are the first sentence
# of those pages' comments) and the package object's undocumented vals and type aliases (scala/package.html: "Core
# Scala types. They are always available without an explicit import." over 41 type aliases and 27 vals). Never an
# answer: the member's own page is. (The package pages with text of their own, the overviews of scala.concurrent and
# scala.sys.process and the documented functions of the scala.math and scala.sys package objects, can be.)
PACKAGE_LISTS = {path for path, comment in marks.items() if comment == "package list"}
# Class, trait and object pages whose own text is under 100 bytes: no comment or a line, and no documented member of
# their own; everything else on the page is the signature, the inherited members (from Any, AnyRef and the implicit
# conversions of Predef at least, each with its full comment again) and the filter box. The companion objects of
# Product1-22 (scala/Product1$.html: "unapply"), the implicit wrappers of Predef (Predef$$ArrowAssoc.html), the
# languageFeature markers, Some.html and None$.html ("This case object represents non-existent values.") ... Never an
# answer.
TEXTLESS = {path for path, comment in marks.items() if comment == "no text"}
errors += [f"pages.txt: {path}: unknown mark '# {comment}'" for path, comment in sorted(marks.items())
           if comment not in ("package list", "no text")]
errors += [f"pages.txt: {path} is marked as a package list but is not a package.html"
           for path in sorted(PACKAGE_LISTS) if not path.endswith("/package.html")]
errors += unlisted(PACKAGE_LISTS | TEXTLESS, listed)

# With pages/ built: a page's own text is its comment (<div id="comment" class="fullcommenttop"> up to the filter
# box <div id="mbrsel">, without the collapsed "Linear Supertypes" and "Known Subclasses" lists and the
# Source/Since/Deprecated attributes) and the comments of the members it defines itself (the full comment, without
# its parameter and attribute lists, or else the one-line summary; a member whose full comment says "Definition
# Classes" is inherited or overrides one, and is left out); on a package page, the
# package object's defs, vals and types count, not the listed classes, traits, objects and subpackages.
TEMPLATE_KINDS = {"class", "case class", "object", "case object", "trait", "package"}
COMMENT = re.compile(r'<div id="comment" class="fullcommenttop">(.*?)<div id="mbrsel">', re.S)
KIND = re.compile(r'<span class="kind">([^<]*)</span>')
SHORT = re.compile(r'<p class="shortcomment cmt">(.*?)</p>', re.S)
FULL = re.compile(r'<div class="fullcomment"><div class="comment cmt">(.*?)</div>', re.S)


def text(fragment):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def own_text(page_html, package):
    m = COMMENT.search(page_html)
    top = m.group(1) if m else ""
    top = re.sub(r'<div class="toggleContainer block">.*', "", top, flags=re.S)
    top = re.sub(r'<dl class="attributes block">.*?</dl>', "", top, flags=re.S)
    parts = [text(top)]
    for member in page_html.split('<li name="')[1:]:
        if "Definition Classes" in member:
            continue
        kind = KIND.search(member)
        if package and kind and kind.group(1).strip() in TEMPLATE_KINDS:
            continue
        comment = FULL.search(member) or SHORT.search(member)
        if comment:
            parts.append(text(comment.group(1)))
    return " ".join(part for part in parts if part)


pages_dir = os.path.join(here, "pages")
if os.path.isdir(pages_dir):
    package_lists, textless = set(), set()
    for page, s in built_texts(here, listed):
        if not all(marker in s for marker in ('<div id="definition">', '<div id="mbrsel">', '<div id="template">',
                                              '<div id="tooltip">')):
            errors.append(f"{page}: not a Scaladoc 2.11 template page (no definition block, filter box, member list "
                          "or tooltip div)")
            continue
        package = page.endswith("/package.html")
        size = len(own_text(s, package).encode())
        if package and size < 200:
            package_lists.add(page)
        elif not package and size < 100:
            textless.add(page)
    errors += named_as_built(package_lists, PACKAGE_LISTS, "only a package list", "pages.txt")
    errors += named_as_built(textless, TEXTLESS, "a page without text of its own", "pages.txt")

errors += refused_answers(here, first_group([
    ("only a package's list of members", PACKAGE_LISTS), ("a page without text of its own", TEXTLESS)]))
print(f"package pages that are only a list of members: {len(PACKAGE_LISTS)}; "
      f"pages without text of their own: {len(TEXTLESS)}")
check_dataset(here, listed, errors, tree=True)
