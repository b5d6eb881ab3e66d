#!/usr/bin/env bash
# Build datasets/cmake-docs/pages/ from a copy of Debian's cmake-doc package, using the page list in pages.txt (one
# path a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages are not committed:
# run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download cmake-doc && dpkg-deb -x cmake-doc_*.deb DIR
#   bash datasets/cmake-docs/build-pages.sh DIR/usr/share/doc/cmake-data/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y cmake-doc
#   bash datasets/cmake-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $CMAKE_DOC_ROOT, else /usr/share/doc/cmake-data/html (where the package puts
# the HTML; /usr/share/doc/cmake-doc is a symlink to cmake-data, so /usr/share/doc/cmake-doc/html works too).
# pages/ keeps the doc root's folders (command/, variable/, prop_tgt/, module/, manual/, guide/tutorial/, ...): a
# page is named by its path under pages/, the one questions.jsonl uses (command/add_custom_command.html). The pages
# are copied byte for byte by copy_page_tree (pages-lib.sh), the 35 whose names hold spaces too (generator/Unix
# Makefiles.html, guide/tutorial/Adding a Library.html). pages/ is emptied first. Then the page count, the HTML bytes and a crude estimate of the visible text are
# printed (each page's <div class="body" role="main">, up to the sidebar: without the navigation bars above and
# below, the previous/next topic links, the "Show Source" link, the search box and the footer).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${CMAKE_DOC_ROOT:-/usr/share/doc/cmake-data/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" command/add_custom_command.html "CMake documentation" \
  "Get it with 'apt-get download cmake-doc && dpkg-deb -x cmake-doc_*.deb DIR' (doc root DIR/usr/share/doc/cmake-data/html) or 'apt-get install -y cmake-doc', and pass the doc root as the first argument or in \$CMAKE_DOC_ROOT."

copy_page_tree "$root" "$list" "$out" "CMake documentation"
# Sphinx's classic theme: the page's text is <div class="body" role="main">, followed by <div class="sphinxsidebar">.
report_page_tree "$out" '<div class="body" role="main">' '<div class="sphinxsidebar"'
