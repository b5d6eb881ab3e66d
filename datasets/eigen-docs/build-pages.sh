#!/usr/bin/env bash
# Build datasets/eigen-docs/pages/ from a copy of Debian's libeigen3-doc package, using the page list in pages.txt
# (one path a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages are not
# committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download libeigen3-doc && dpkg-deb -x libeigen3-doc_*.deb DIR
#   bash datasets/eigen-docs/build-pages.sh DIR/usr/share/doc/libeigen3-dev/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y libeigen3-doc
#   bash datasets/eigen-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $EIGEN_DOC_ROOT, else /usr/share/doc/libeigen3-dev/html (where the package
# puts it: under libeigen3-dev, not libeigen3-doc, whose own html/ folder holds only links). Pages in sub-folders
# are copied into one flat folder with the '/' turned into '-' (unsupported/eigen_tensors.html becomes
# unsupported-eigen_tensors.html); that flat name is the one questions.jsonl uses. Pages are copied byte for byte;
# then the page count, the HTML bytes and a crude estimate of the visible text (the page's header and contents
# only: the survey banner, the project's title bar, the navigation tree and the footer left out) are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${EIGEN_DOC_ROOT:-/usr/share/doc/libeigen3-dev/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" classEigen_1_1Matrix.html "Eigen documentation" \
  "Get it with 'apt-get download libeigen3-doc && dpkg-deb -x libeigen3-doc_*.deb DIR' (doc root DIR/usr/share/doc/libeigen3-dev/html) or 'apt-get install -y libeigen3-doc', and pass the doc root as the first argument or in \$EIGEN_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 "Eigen documentation"
# Doxygen puts the page's title in <div class="header"> and its text in <div class="contents"> after it, before
# the footer.
report_pages_between "$out" '<div class="header">' '<!-- start footer part -->'
