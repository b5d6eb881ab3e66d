#!/usr/bin/env bash
# Build datasets/pandas-docs/pages/ from a copy of Debian's python-pandas-doc package, using the page list in
# pages.txt (one path a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages
# are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download python-pandas-doc && dpkg-deb -x python-pandas-doc_*.deb DIR
#   bash datasets/pandas-docs/build-pages.sh DIR/usr/share/doc/python-pandas-doc/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y python-pandas-doc
#   bash datasets/pandas-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $PANDAS_DOC_ROOT, else /usr/share/doc/python-pandas-doc/html (where the
# package puts it). Pages in sub-folders are copied into one flat folder with the '/' turned into '-'
# (user_guide/merging.html becomes user_guide-merging.html); that flat name is the one questions.jsonl uses.
# Pages are copied byte for byte; then the page count, the HTML bytes and a crude estimate of the visible text
# (the <main> element only: the navigation bars, sidebars and footer left out) are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${PANDAS_DOC_ROOT:-/usr/share/doc/python-pandas-doc/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" reference/api/pandas.merge.html "pandas documentation" \
  "Get it with 'apt-get download python-pandas-doc && dpkg-deb -x python-pandas-doc_*.deb DIR' (doc root DIR/usr/share/doc/python-pandas-doc/html) or 'apt-get install -y python-pandas-doc', and pass the doc root as the first argument or in \$PANDAS_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 "pandas documentation"
# pydata-sphinx-theme puts the page's text in <main ... role="main">, between the sidebars, before the footer.
report_pages_between "$out" '<main ' '</main>'
