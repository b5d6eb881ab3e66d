#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...); and no
question counts a redirect stub, the title page, a table of contents, an index or the
"About This Document" page as relevant. With pages/ built, also checks that the pages
pages.txt marks as redirect stubs are exactly the built pages that are texi2any redirects,
each to the page and anchor pages.txt names (and that the anchor is there), that every
other manual page is texi2any's (its generator comment and navigation tables), that the
FAQ pages are Yodl's, and that the pages named below as indexes and tables of contents are
exactly those the built pages show to be. Prints the counts (see ../check_questions.py).
Usage: python3 datasets/zsh-docs/check.py"""
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import built_texts, check_dataset, first_group, listed_pages, named_as_built, refused_answers, unlisted  # noqa: E402

# The doc root is flat, and so is pages/: pages.txt lists every page by its file name (Expansion.html,
# Jobs-_0026-Signals.html), the name questions.jsonl uses.
listed, errors = listed_pages(here, flatten=False)

# Redirect stubs: texi2any writes a node file for every node below chapter level (Local-Parameters.html,
# The-zsh_002fdatetime-Module.html, Glob-Qualifiers.html, ...), a page whose only text is "The node you are looking
# for is at Local Parameters." and whose <meta http-equiv="Refresh"> sends the reader to the anchor in the chapter
# page (Parameters.html#Local-Parameters). pages.txt names each stub's target after "# ->". Never an answer: the
# chapter page is.
targets = {}
for line in open(os.path.join(here, "pages.txt"), encoding="utf-8"):
    path, _, comment = line.partition("#")
    if path.strip() and comment.strip().startswith("->"):
        targets[path.strip()] = comment.strip()[2:].strip()
STUBS = set(targets)
errors += [f"pages.txt: {page} redirects to {target}, which pages.txt does not list"
           for page, target in sorted(targets.items()) if target.split("#", 1)[0] not in listed]

# The title page (index.html: the title, the manual's permission notice and, as menu tables, its whole node
# listing), texi2any's table of contents (zsh_toc.html) and the FAQ's (FAQ.html: the title, author, date and the
# list of every question). Never an answer.
CONTENTS = {"index.html", "zsh_toc.html", "FAQ.html"}
# The six indexes: each a table of entries (an option, variable, function, widget, style or concept) linking to the
# section that has it. Never an answer.
INDEXES = {f"{name}-Index.html" for name in (
    "Concept", "Variables", "Options", "Functions", "Editor-Functions", "Style-and-Tag")}
# texi2any's "About This Document": what the buttons of the navigation tables mean. Never an answer.
ABOUT = {"zsh_abt.html"}
NEVER = STUBS | CONTENTS | INDEXES | ABOUT
errors += unlisted(CONTENTS | INDEXES | ABOUT, listed)
FAQ = {"FAQ.html"} | {f"FAQ0{n}.html" for n in range(1, 7)}
errors += unlisted(FAQ, listed)

# With pages/ built: what each page is, from its HTML.
REFRESH = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)">')
pages_dir = os.path.join(here, "pages")
if os.path.isdir(pages_dir):
    found_stubs, found_indexes, found_tocs = set(), set(), set()
    texts = dict(built_texts(here, listed))
    for page, s in texts.items():
        m = REFRESH.search(s)
        if m:
            found_stubs.add(page)
            if "The node you are looking for is at" not in s:
                errors.append(f"{page}: a redirect without texi2any's 'The node you are looking for is at' line")
            if m.group(1) != targets.get(page):
                errors.append(f"{page}: redirects to {m.group(1)}, not to the target pages.txt names")
            target, _, anchor = m.group(1).partition("#")
            if target in texts and anchor and f'id="{anchor}"' not in texts[target]:
                errors.append(f"{page}: redirects to {m.group(1)}, but {target} has no id \"{anchor}\"")
            continue
        if page in FAQ:
            # Yodl's own HTML: no generator comment, the chapter between "Table of Contents / Next Chapter" lists.
            if "Created by GNU Texinfo" in s or "Z-Shell Frequently-Asked Questions" not in s:
                errors.append(f"{page}: not a page of the Yodl-made Zsh FAQ")
            if "<h1>Table of Contents</h1>" in s:
                found_tocs.add(page)
            continue
        if "<!-- Created by GNU Texinfo 6.8" not in s or '<meta name="Generator" content="texi2any">' not in s:
            errors.append(f"{page}: not a texi2any 6.8 page (no generator comment or meta)")
        if page != "zsh_abt.html" and '<table class="header"' not in s:
            errors.append(f"{page}: no texi2any navigation table (<table class=\"header\">)")
        if re.search(r'<table class="index-[a-z]+"', s):
            found_indexes.add(page)
        if '<div class="contents">' in s or (page == "index.html" and '<table class="menu"' in s):
            found_tocs.add(page)
    errors += [f"{page}: a redirect stub, but pages.txt names no '# ->' target for it"
               for page in sorted(found_stubs - STUBS)]
    errors += [f"{page}: pages.txt marks it as a redirect stub, but the page is not one"
               for page in sorted(STUBS - found_stubs)]
    errors += named_as_built(found_indexes, INDEXES, "an index page")
    errors += named_as_built(found_tocs, CONTENTS, "a table of contents")


errors += refused_answers(here, first_group([
    ("a redirect stub", STUBS), ("the title page or a table of contents", CONTENTS), ("an index page", INDEXES),
    ("the page on the navigation buttons", ABOUT)]))
answerable = len(listed - NEVER)
print(f"redirect stubs: {len(STUBS)}; title and table-of-contents pages: {len(CONTENTS)}; index pages: "
      f"{len(INDEXES)}; about page: {len(ABOUT)}; pages that may be an answer: {answerable} "
      f"({answerable - len(FAQ - CONTENTS)} manual chapters, {len(FAQ - CONTENTS)} FAQ chapters)")
check_dataset(here, listed, errors)
