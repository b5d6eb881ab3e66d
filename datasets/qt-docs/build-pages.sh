#!/usr/bin/env bash
# Build datasets/qt-docs/pages/ from a copy of Debian's qtbase5-doc-html package, using the page list in pages.txt
# (one path a line, relative to the Qt documentation root; blank lines and text after '#' are ignored). The pages are
# not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download qtbase5-doc-html && dpkg-deb -x qtbase5-doc-html_*.deb DIR
#   bash datasets/qt-docs/build-pages.sh DIR/usr/share/qt5/doc
# or install the package (as root) and use the default doc root:
#   apt-get install -y qtbase5-doc-html
#   bash datasets/qt-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $QT_DOC_ROOT, else /usr/share/qt5/doc (where the package puts one folder per
# module; /usr/share/doc/qtbase5-doc-html/html is a link to it). Pages in the module folders are copied into one flat
# folder with the '/' turned into '-' (qtcore/qobject.html becomes qtcore-qobject.html); that flat name is the one
# questions.jsonl uses. Pages are copied byte for byte; then the page count, the HTML bytes and a crude estimate of the
# visible text (the page's title and body only: the navigation bar, the table of contents and the footer left out)
# are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${QT_DOC_ROOT:-/usr/share/qt5/doc}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" qtcore/qobject.html "Qt 5 documentation (qtbase)" \
  "Get it with 'apt-get download qtbase5-doc-html && dpkg-deb -x qtbase5-doc-html_*.deb DIR' (doc root DIR/usr/share/qt5/doc) or 'apt-get install -y qtbase5-doc-html', and pass the doc root as the first argument or in \$QT_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 "Qt documentation"
# qdoc puts the page's title in <h1 class="title"> after the navigation bar and the table of contents, and its text
# after it, up to the footer.
report_pages_between "$out" '<h1 class="title">' '<div class="footer">'
