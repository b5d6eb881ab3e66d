#!/usr/bin/env bash
# Build datasets/racket-docs/pages/ from a copy of Debian's racket-doc package, using the page list in pages.txt (one
# path a line, relative to the doc root; blank lines and text after '#' are ignored). The pages are not committed: run
# this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download racket-doc && dpkg-deb -x racket-doc_*.deb DIR
#   bash datasets/racket-docs/build-pages.sh DIR/usr/share/doc/racket
# or install the package (as root) and use the default doc root (it has no dependencies and only recommends racket):
#   apt-get install -y racket-doc
#   bash datasets/racket-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $RACKET_DOC_ROOT, else /usr/share/doc/racket (where the package puts Racket
# 8.7's documentation, one folder per manual, and the documentation's top page index.html; the package's copyright
# file and README are in /usr/share/doc/racket-doc/). Only four manuals are used, each folder whole: guide/ (the
# Racket Guide), reference/ (the Racket Reference), raco/ (raco: Racket Command-Line Tools) and gui/ (the Racket
# Graphical Interface Toolkit). pages/ keeps those folders, and a page is named by its path under pages/, the one
# questions.jsonl uses (guide/define-struct.html, reference/hashtables.html, gui/button_.html). The pages are copied
# byte for byte by copy_page_tree (pages-lib.sh); the package ships none of them compressed. pages/ is emptied first.
# Then the page count, the HTML bytes and a crude estimate of the visible text are printed (each page's text from
# Scribble's <div class="maincolumn"> on, up to <div class="navsetbottom">: without the <head> and the table of
# contents on the left (<div class="tocset">: the manual's chapters with the current one opened, and the page's own
# sections and, on a gui class page, its inherited methods), and without the navigation bar and search box repeated
# under the page; the "8.7" version box of 14 pages and the top navigation bar ("top contents ← prev up next →") are
# counted, a few dozen bytes a page).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${RACKET_DOC_ROOT:-/usr/share/doc/racket}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" guide/define-struct.html "Racket 8.7 documentation" \
  "Get it with 'apt-get download racket-doc && dpkg-deb -x racket-doc_*.deb DIR' (doc root DIR/usr/share/doc/racket) or 'apt-get install -y racket-doc', and pass the doc root as the first argument or in \$RACKET_DOC_ROOT."

copy_page_tree "$root" "$list" "$out" "Racket documentation"
# Scribble's pages (Racket 8.7, the manual style): <div class="tocset"> (the table of contents on the left: the
# manual's chapters, the current chapter's sections, and "On this page" with the page's own sections), then
# <div class="maincolumn"><div class="main">: on 14 pages a <div class="versionbox"> ("8.7"), the top navigation bar
# <div class="navsettop"> (the "...search manuals..." box, "top", "contents", "← prev", "up", "next →"), the page
# itself (the numbered heading, margin notes, definitions in boxes, examples, the list of subsection pages), then
# <div class="navsetbottom"> (the same bar again), </div></div> and <div id="contextindicator">.
report_page_tree "$out" '<div class="maincolumn">' '<div class="navsetbottom">'
