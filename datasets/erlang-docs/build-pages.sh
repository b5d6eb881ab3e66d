#!/usr/bin/env bash
# Build datasets/erlang-docs/pages/ from a copy of Debian's erlang-doc package, using the page list in pages.txt (one
# path a line, relative to the doc root; blank lines and text after '#' are ignored). The pages are not committed: run
# this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download erlang-doc && dpkg-deb -x erlang-doc_*.deb DIR
#   bash datasets/erlang-docs/build-pages.sh DIR/usr/share/doc/erlang-doc
# or install the package (as root) and use the default doc root:
#   apt-get install -y erlang-doc
#   bash datasets/erlang-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $ERLANG_DOC_ROOT, else /usr/share/doc/erlang-doc (where the package puts the
# documentation of every OTP application). pages/ keeps the doc root's folders (doc/efficiency_guide/,
# doc/reference_manual/, erts-13.1.5/doc/html/, lib/kernel-8.5.3/doc/html/, lib/stdlib-4.2/doc/html/, ...): a page is
# named by its path under pages/, the one questions.jsonl uses (lib/stdlib-4.2/doc/html/lists.html). The pages are
# copied byte for byte by copy_page_tree (pages-lib.sh); pages/ is emptied first. Then the page count, the HTML bytes
# and a crude estimate of the visible text are printed (each page's <div id="content">, up to the footer: without the
# top bar with its copy of the <h1>, the left navigation with the chapters or the application's modules and their
# functions, the scripts and the copyright line; eight plain pages of doc/ without that chrome are counted whole, and
# doc/index.html, which has no footer, from its <div id="content"> to the end).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${ERLANG_DOC_ROOT:-/usr/share/doc/erlang-doc}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" lib/stdlib-4.2/doc/html/lists.html "Erlang/OTP 25.2.3 documentation" \
  "Get it with 'apt-get download erlang-doc && dpkg-deb -x erlang-doc_*.deb DIR' (doc root DIR/usr/share/doc/erlang-doc) or 'apt-get install -y erlang-doc', and pass the doc root as the first argument or in \$ERLANG_DOC_ROOT."

copy_page_tree "$root" "$list" "$out" "Erlang/OTP documentation"
# erl_docgen's layout: a top bar (<div class="topbar">, with a copy of the page's <h1>), the left navigation (<aside
# id="leftnav">), then the page's text in <div id="content">, which ends with <div class="footer"> (the copyright line).
report_page_tree "$out" '<div id="content">' '<div class="footer">'
