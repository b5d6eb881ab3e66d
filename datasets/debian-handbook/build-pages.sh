#!/usr/bin/env bash
# Build datasets/debian-handbook/pages/ from a copy of Debian's debian-handbook package, using the page list in
# pages.txt (one file name a line, relative to the English HTML root; blank lines and text after '#' are ignored).
# The pages are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download debian-handbook && dpkg-deb -x debian-handbook_*.deb DIR
#   bash datasets/debian-handbook/build-pages.sh DIR/usr/share/doc/debian-handbook/html/en-US
# or install the package (as root) and use the default doc root:
#   apt-get install -y debian-handbook
#   bash datasets/debian-handbook/build-pages.sh
#
# DOC_ROOT is the first argument, else $DEBIAN_HANDBOOK_ROOT, else /usr/share/doc/debian-handbook/html/en-US (where
# the package puts the English HTML edition; the 25 translations beside it are not used). The doc root is flat, and
# so is pages/: a page keeps its file name (sect.apt-cache.html), the one questions.jsonl uses. Pages are copied byte
# for byte; then the page count, the HTML bytes and a crude estimate of the visible text are printed: the text from
# Publican's top navigation bar (<ul class="docnav top">: Prev, the book's name, Next) up to the bottom one
# (<ul class="docnav">), so the "Download the ebook" banner and the logos before it, and the footer links, are left
# out; a chapter page's table of contents is counted.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${DEBIAN_HANDBOOK_ROOT:-/usr/share/doc/debian-handbook/html/en-US}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" sect.apt-cache.html "Debian Administrator's Handbook (English HTML)" \
  "Get it with 'apt-get download debian-handbook && dpkg-deb -x debian-handbook_*.deb DIR' (doc root DIR/usr/share/doc/debian-handbook/html/en-US) or 'apt-get install -y debian-handbook', and pass the doc root as the first argument or in \$DEBIAN_HANDBOOK_ROOT."

copy_pages "$root" "$list" "$out" 0 "Debian Administrator's Handbook"
report_pages_between "$out" '<ul class="docnav top">' '<ul class="docnav">'
