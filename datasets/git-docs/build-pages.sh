#!/usr/bin/env bash
# Build datasets/git-docs/pages/ from a copy of Debian's git-doc package, using the page
# list in pages.txt (one path a line, relative to the doc root; blank lines and text after
# '#' are ignored). The pages are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download git-doc && dpkg-deb -x git-doc_*.deb DIR
#   bash datasets/git-docs/build-pages.sh DIR/usr/share/doc/git-doc
# or install the package (as root) and use the default doc root:
#   apt-get install -y git-doc
#   bash datasets/git-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $GIT_DOC_ROOT, else /usr/share/doc/git-doc (where
# the package puts it). Most pages sit in the doc root and keep their name
# (git-rebase.html); the few from howto/ and technical/ are copied into the same flat
# folder with the '/' turned into '-' (howto/revert-a-faulty-merge.html becomes
# howto-revert-a-faulty-merge.html). That flat name is the one questions.jsonl uses.
# Pages are copied byte for byte (HTML only, not the .txt sources next to them). The
# script then prints the page count, the HTML bytes and a crude estimate of the visible
# text (only the page body: the inline stylesheet and script and the "Last updated"
# footer left out).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${GIT_DOC_ROOT:-/usr/share/doc/git-doc}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" git-rebase.html "Git documentation" \
  "Get it with 'apt-get download git-doc && dpkg-deb -x git-doc_*.deb DIR' (doc root DIR/usr/share/doc/git-doc) or 'apt-get install -y git-doc', and pass the doc root as the first argument or in \$GIT_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 Git
# AsciiDoc pages carry their stylesheet and script inline in <head> and end in div#footer ("Last updated
# ..."); the DocBook user manual has neither footer nor inline style.
report_pages_between "$out" '<body' '<div id="footer">'
