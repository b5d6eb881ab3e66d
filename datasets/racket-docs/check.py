#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...); and no
question counts a manual's title page (index.html), its index (doc-index.html), its
bibliography, a page that is only a table of contents of its subsections or a page
without text of its own as relevant. With pages/ built, also checks that every page has
Scribble's main column and bottom navigation bar, and that the pages named below as
tables of contents or as pages without text are exactly those the built pages show to
be. Prints the counts (see ../check_questions.py).
Usage: python3 datasets/racket-docs/check.py"""
import html
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import built_texts, check_dataset, first_group, listed_pages, named_as_built, refused_answers, unlisted  # noqa: E402

# pages/ keeps the doc root's four manual folders (guide/, reference/, raco/, gui/; none has subfolders): pages.txt
# lists every page by its path under the doc root (guide/define-struct.html, gui/button_.html), and a page is named by
# that path, in questions.jsonl and in the recursive comparison of pages/ with the list.
listed, errors = listed_pages(here, flatten=False, tree=True)
MANUALS = ("guide", "reference", "raco", "gui")

# Each manual's title page: the title, the authors, a paragraph or two and the manual's whole table of contents.
# Never an answer: the chapters are.
CONTENTS = {f"{manual}/index.html" for manual in MANUALS}
# The manual's index (raco has none), every index entry with its links on one page, and the bibliographies of the
# Guide and the Reference, a list of citations. Never an answer.
INDEXES = {f"{manual}/doc-index.html" for manual in ("guide", "reference", "gui")} | {
    f"{manual}/doc-bibliography.html" for manual in ("guide", "reference")}
# Chapter and section pages that are only their heading, at most a sentence or two of introduction and the list of
# their subsections' pages (Scribble's in-page table of contents, <a class="toclink">): "10 Exceptions and Control"
# (guide/control.html), "16 Memory Management" (reference/memory.html, no text at all), "12 raco ctool" ... The
# subsections' pages hold the text. Never an answer. (Chapter pages with a real paragraph over their list, such as
# guide/i_o.html, guide/regexp.html, reference/all-sync.html or raco/make.html, are not in this list.)
TOC_ONLY = {f"guide/{name}.html" for name in (
    "contracts", "control", "datatypes", "modules", "other-editors", "reflection", "running", "scheme-forms",
    "to-scheme")} | {f"reference/{name}.html" for name in (
        "Macros", "concurrency", "control", "data", "input-and-output", "memory", "model", "networking", "os",
        "running", "security", "thread-local-storage")} | {"raco/ctool.html"}
# Pages without text of their own (under 200 bytes besides the heading): a pointer to another manual that is not in
# the set (raco pkg, raco scribble and raco planet have their own manuals; guide/exe.html points to raco exe), one
# sentence naming an editor package (Sublime Text, Visual Studio Code) or an interface that "Combines two
# interfaces." (gui/area-container-window___.html). Never an answer.
TEXTLESS = {"guide/exe.html", "guide/Sublime_Text.html", "guide/Visual_Studio_Code.html", "raco/pkg.html",
            "raco/planet.html", "raco/scribble.html", "gui/area-container-window___.html"}
NEVER = CONTENTS | INDEXES | TOC_ONLY | TEXTLESS
errors += unlisted(NEVER, listed)

# With pages/ built: the page's own text is what lies between <div class="maincolumn"> and <div class="navsetbottom">,
# without the top navigation bar, the version box, the first heading and the rows of the in-page table of contents.
MAIN = re.compile(r'<div class="maincolumn">(.*?)<div class="navsetbottom">', re.S)
TOC_ROW = re.compile(r'<tr><td><p><span class="hspace">[^<]*</span><a href="[^"]*" class="(?:top)?toclink".*?</tr>',
                     re.S)


def own_text(main):
    main = re.sub(r'<div class="navsettop">.*?</div>', "", main, count=1, flags=re.S)
    main = re.sub(r'<div class="versionbox">.*?</div>', "", main, count=1, flags=re.S)
    body = re.sub(r"<h\d[^>]*>.*?</h\d>", "", TOC_ROW.sub("", main), count=1, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


pages_dir = os.path.join(here, "pages")
if os.path.isdir(pages_dir):
    toc_only, textless = set(), set()
    for page, text in built_texts(here, listed):
        m = MAIN.search(text)
        if m is None:
            errors.append(f"{page}: no Scribble main column "
                          '(<div class="maincolumn"> ... <div class="navsetbottom">)')
            continue
        if page in CONTENTS | INDEXES:
            continue
        main, text = m.group(1), own_text(m.group(1))
        tocs = main.count('class="toclink"') + main.count('class="toptoclink"')
        headings, boxed = len(re.findall(r"<h\d", main)), 'class="boxed RBoxed"' in main
        if tocs and headings <= 1 and not boxed and len(text.encode()) < 320:
            toc_only.add(page)
        elif len(text.encode()) < 200:
            textless.add(page)
    errors += named_as_built(toc_only, TOC_ONLY, "only a table of contents")
    errors += named_as_built(textless, TEXTLESS, "a page without text of its own")


errors += refused_answers(here, first_group([
    ("a manual's title page", CONTENTS), ("an index or bibliography page", INDEXES),
    ("only a table of contents", TOC_ONLY), ("a page without text of its own", TEXTLESS)]))
print(f"title pages: {len(CONTENTS)}; index and bibliography pages: {len(INDEXES)}; "
      f"pages that are only a table of contents: {len(TOC_ONLY)}; pages without text of their own: {len(TEXTLESS)}")
check_dataset(here, listed, errors, tree=True)
