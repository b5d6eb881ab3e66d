#!/usr/bin/env bash
# Build datasets/exim-docs/pages/ from a copy of Debian's exim4-doc-html package, using the page list in pages.txt
# (one file name a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages are not
# committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download exim4-doc-html && dpkg-deb -x exim4-doc-html_*.deb DIR
#   bash datasets/exim-docs/build-pages.sh DIR/usr/share/doc/exim4-doc-html/spec_html
# or install the package (as root) and use the default doc root:
#   apt-get install -y exim4-doc-html
#   bash datasets/exim-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $EXIM_DOC_ROOT, else /usr/share/doc/exim4-doc-html/spec_html (where the
# package puts the HTML of the specification and of the filtering guide). The doc root is flat, and so is pages/: a
# page keeps its file name (ch-access_control_lists.html), the one questions.jsonl uses. The chNN.html and
# filter_chNN.html symlinks beside the pages are second names for the same chapters and are not listed. Pages are
# copied byte for byte; then the page count, the HTML bytes and a crude estimate of the visible text are printed
# (each page's <div id="content">, up to the footer: the chapter with its previous/next links, without the site
# header, the navigation list and the search form that every page repeats).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${EXIM_DOC_ROOT:-/usr/share/doc/exim4-doc-html/spec_html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" ch-main_configuration.html "Exim documentation" \
  "Get it with 'apt-get download exim4-doc-html && dpkg-deb -x exim4-doc-html_*.deb DIR' (doc root DIR/usr/share/doc/exim4-doc-html/spec_html) or 'apt-get install -y exim4-doc-html', and pass the doc root as the first argument or in \$EXIM_DOC_ROOT."

copy_pages "$root" "$list" "$out" 0 "Exim documentation"
# Every page has the same chrome: <h1 id="header"> with the site name, the nav list and search form, then
# <div id="content"> with the text, then <div id="footer">.
report_pages_between "$out" '<div id="content">' '<div id="footer">'
