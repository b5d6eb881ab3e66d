#!/usr/bin/env bash
# Build datasets/cpp-docs/pages/ from a copy of Debian's cppreference-doc-en-html package, using the page list in
# pages.txt (one path a line, relative to the English reference; blank lines and text after '#' are ignored).
# The pages are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download cppreference-doc-en-html && dpkg-deb -x cppreference-doc-en-html_*.deb DIR
#   bash datasets/cpp-docs/build-pages.sh DIR/usr/share/cppreference/doc/html/en
# or install the package (as root) and use the default doc root:
#   apt-get install -y cppreference-doc-en-html
#   bash datasets/cpp-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $CPP_DOC_ROOT, else /usr/share/cppreference/doc/html/en (where the
# package puts the English reference). Pages are copied into one flat folder with the '/' turned into '-'
# (cpp/container/vector/push_back.html becomes cpp-container-vector-push_back.html); that flat name is the one
# questions.jsonl uses. Pages are copied byte for byte; then the page count, the HTML bytes and a crude
# estimate of the visible text (the article only: MediaWiki's head, side columns and footer left out) are
# printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${CPP_DOC_ROOT:-/usr/share/cppreference/doc/html/en}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" cpp/container/vector/push_back.html "cppreference documentation" \
  "Get it with 'apt-get download cppreference-doc-en-html && dpkg-deb -x cppreference-doc-en-html_*.deb DIR' (doc root DIR/usr/share/cppreference/doc/html/en) or 'apt-get install -y cppreference-doc-en-html', and pass the doc root as the first argument or in \$CPP_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 cppreference
# MediaWiki puts the article in div#mw-content-text and ends it at div.printfooter ("Retrieved from ...").
report_pages_between "$out" '<div id="mw-content-text"' '<div class="printfooter">'
