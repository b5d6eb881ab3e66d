#!/usr/bin/env bash
# Build datasets/python-docs/pages/ from an installed copy of Debian's python3-doc
# package, using the page list in pages.txt (one path a line, relative to the doc
# root; blank lines and text after '#' are ignored). The pages are not committed:
# run this once before using the dataset.
#
#   apt-get install -y python3-doc        # once, as root; this script installs nothing
#   bash datasets/python-docs/build-pages.sh [DOC_ROOT]
#
# DOC_ROOT defaults to $PYTHON_DOC_ROOT, then /usr/share/doc/python3/html (where
# python3-doc puts it; `dpkg -L python3-doc` shows the symlinks to python3.11's docs).
# Pages are copied byte for byte (HTML only, no images, CSS or JavaScript) into one
# flat folder: the path's '/' becomes '-', so library/sqlite3.html is copied to
# pages/library-sqlite3.html. That flat name is the one questions.jsonl uses. The
# script then prints the page count, the HTML bytes and a crude estimate of the
# visible text (only the page body: navigation, sidebar and footer left out).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${PYTHON_DOC_ROOT:-/usr/share/doc/python3/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" library/sqlite3.html "Python documentation" \
  "Install it with 'apt-get install -y python3-doc', or pass the doc root as the first argument or in \$PYTHON_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 Python
# Sphinx puts the page text in <div class="body" role="main">; the sidebar follows it.
report_pages_between "$out" 'role="main"' 'class="sphinxsidebar"'
