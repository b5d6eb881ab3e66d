#!/usr/bin/env bash
# Build datasets/sklearn-docs/pages/ from a copy of Debian's python-sklearn-doc package, using the page list in
# pages.txt (one path a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages
# are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download python-sklearn-doc && dpkg-deb -x python-sklearn-doc_*.deb DIR
#   bash datasets/sklearn-docs/build-pages.sh DIR/usr/share/doc/python-sklearn-doc/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y python-sklearn-doc
#   bash datasets/sklearn-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $SKLEARN_DOC_ROOT, else /usr/share/doc/python-sklearn-doc/html (where the
# package puts it). Pages in sub-folders are copied into one flat folder with the '/' turned into '-'
# (modules/generated/sklearn.svm.SVC.html becomes modules-generated-sklearn.svm.SVC.html); that flat name is the
# one questions.jsonl uses. Pages are copied byte for byte; then the page count, the HTML bytes and a crude
# estimate of the visible text (the role="main" element only: the navigation bar, sidebar and footer left out)
# are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${SKLEARN_DOC_ROOT:-/usr/share/doc/python-sklearn-doc/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" modules/generated/sklearn.svm.SVC.html "scikit-learn documentation" \
  "Get it with 'apt-get download python-sklearn-doc && dpkg-deb -x python-sklearn-doc_*.deb DIR' (doc root DIR/usr/share/doc/python-sklearn-doc/html) or 'apt-get install -y python-sklearn-doc', and pass the doc root as the first argument or in \$SKLEARN_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 "scikit-learn documentation"
# The scikit-learn-modern theme puts the page's text in <div ... role="main">, after the sidebar, before the footer.
report_pages_between "$out" 'role="main"' '<footer'
