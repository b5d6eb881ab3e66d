#!/usr/bin/env bash
# Build datasets/rust-docs/pages/ from a copy of Debian's rust-doc package, using the page
# list in pages.txt (one path a line, relative to the doc root; blank lines and text after
# '#' are ignored). The pages are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download rust-doc && dpkg-deb -x rust-doc_*.deb DIR
#   bash datasets/rust-docs/build-pages.sh DIR/usr/share/doc/rust-doc/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y rust-doc
#   bash datasets/rust-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $RUST_DOC_ROOT, else /usr/share/doc/rust-doc/html
# (where the package puts it). The pages come from two mdBook books, book/ (The Rust
# Programming Language) and reference/ (The Rust Reference); they are copied into one flat
# folder with every '/' turned into '-' (book/ch04-01-what-is-ownership.html becomes
# book-ch04-01-what-is-ownership.html, reference/expressions/match-expr.html becomes
# reference-expressions-match-expr.html). That flat name is the one questions.jsonl uses.
# Pages are copied byte for byte (HTML only: no stylesheet, script, font or image). The
# script then prints the page count, the HTML bytes and a crude estimate of the visible
# text (only mdBook's <main> element: the sidebar's table of contents, the menu bar and the
# previous/next buttons left out).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${RUST_DOC_ROOT:-/usr/share/doc/rust-doc/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" book/ch04-01-what-is-ownership.html "Rust documentation" \
  "Get it with 'apt-get download rust-doc && dpkg-deb -x rust-doc_*.deb DIR' (doc root DIR/usr/share/doc/rust-doc/html) or 'apt-get install -y rust-doc', and pass the doc root as the first argument or in \$RUST_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 Rust
# Every mdBook page repeats the book's whole table of contents (nav#sidebar), a menu bar (theme list, search
# box, print and repository buttons) and previous/next buttons; the page's own text is the one <main>.
report_pages_between "$out" '<main>' '</main>'
