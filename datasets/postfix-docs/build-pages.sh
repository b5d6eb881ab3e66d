#!/usr/bin/env bash
# Build datasets/postfix-docs/pages/ from a copy of Debian's postfix-doc package, using the page list in pages.txt
# (one file name a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages are not
# committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download postfix-doc && dpkg-deb -x postfix-doc_*.deb DIR
#   bash datasets/postfix-docs/build-pages.sh DIR/usr/share/doc/postfix/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y postfix-doc
#   bash datasets/postfix-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $POSTFIX_DOC_ROOT, else /usr/share/doc/postfix/html (where the package puts
# the HTML; the plain-text READMEs beside it, in /usr/share/doc/postfix/, are not used). The doc root is flat, and so
# is pages/: a page keeps its file name (smtpd.8.html), the one questions.jsonl uses. Pages are copied byte for byte;
# then the page count, the HTML bytes and a crude estimate of the visible text (the page's body: every page is a bare
# <body> with the text of a guide, or a man page in one <pre>, and no navigation) are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${POSTFIX_DOC_ROOT:-/usr/share/doc/postfix/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" postconf.5.html "Postfix documentation" \
  "Get it with 'apt-get download postfix-doc && dpkg-deb -x postfix-doc_*.deb DIR' (doc root DIR/usr/share/doc/postfix/html) or 'apt-get install -y postfix-doc', and pass the doc root as the first argument or in \$POSTFIX_DOC_ROOT."

copy_pages "$root" "$list" "$out" 0 "Postfix documentation"
# The pages have no header, navigation or footer: their text is the whole <body> (CDB_README.html has no </body>).
report_pages_between "$out" '<body>' '</body>'
