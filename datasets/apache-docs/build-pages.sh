#!/usr/bin/env bash
# Build datasets/apache-docs/pages/ from a copy of Debian's apache2-doc package, using the page list in
# pages.txt (one path a line, relative to the English manual; blank lines and text after '#' are ignored).
# The pages are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download apache2-doc && dpkg-deb -x apache2-doc_*.deb DIR
#   bash datasets/apache-docs/build-pages.sh DIR/usr/share/doc/apache2-doc/manual/en
# or install the package (as root) and use the default doc root:
#   apt-get install -y apache2-doc
#   bash datasets/apache-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $APACHE_DOC_ROOT, else /usr/share/doc/apache2-doc/manual/en (where the
# package puts the English manual). Pages in sub-folders are copied into one flat folder with the '/' turned
# into '-' (mod/mod_rewrite.html becomes mod-mod_rewrite.html); that flat name is the one questions.jsonl uses.
# Pages are copied byte for byte; then the page count, the HTML bytes and a crude estimate of the visible text
# (the page content only: the header, breadcrumb and footer left out) are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${APACHE_DOC_ROOT:-/usr/share/doc/apache2-doc/manual/en}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" mod/mod_rewrite.html "Apache HTTP Server documentation" \
  "Get it with 'apt-get download apache2-doc && dpkg-deb -x apache2-doc_*.deb DIR' (doc root DIR/usr/share/doc/apache2-doc/manual/en) or 'apt-get install -y apache2-doc', and pass the doc root as the first argument or in \$APACHE_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 "Apache HTTP Server"
# Every page puts its text in div#page-content, after the header and breadcrumb, and ends in div#footer.
report_pages_between "$out" '<div id="page-content">' '<div id="footer">'
