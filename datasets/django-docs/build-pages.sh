#!/usr/bin/env bash
# Build datasets/django-docs/pages/ from a copy of Debian's python-django-doc package, using the page list in
# pages.txt (one path a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages
# are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download python-django-doc && dpkg-deb -x python-django-doc_*.deb DIR
#   bash datasets/django-docs/build-pages.sh DIR/usr/share/doc/python-django-doc/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y python-django-doc
#   bash datasets/django-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $DJANGO_DOC_ROOT, else /usr/share/doc/python-django-doc/html (where the
# package puts it). Pages in sub-folders are copied into one flat folder with the '/' turned into '-'
# (topics/db/queries.html becomes topics-db-queries.html); that flat name is the one questions.jsonl uses.
# Pages are copied byte for byte; then the page count, the HTML bytes and a crude estimate of the visible text
# (the body div only: the site header and its links, the sidebar and the footer left out) are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${DJANGO_DOC_ROOT:-/usr/share/doc/python-django-doc/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" topics/db/queries.html "Django documentation" \
  "Get it with 'apt-get download python-django-doc && dpkg-deb -x python-django-doc_*.deb DIR' (doc root DIR/usr/share/doc/python-django-doc/html) or 'apt-get install -y python-django-doc', and pass the doc root as the first argument or in \$DJANGO_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 "Django documentation"
# Django's theme puts the page's text in div#bd, after the header (div#hd) and before the sidebar (div#sidebar).
report_pages_between "$out" '<div id="bd">' '<div class="yui-b" id="sidebar">'
