#!/usr/bin/env bash
# Build datasets/vim-docs/pages/ from a copy of Debian's vim-doc package, using the page list in pages.txt (one file
# name a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages are not committed:
# run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download vim-doc && dpkg-deb -x vim-doc_*.deb DIR
#   bash datasets/vim-docs/build-pages.sh DIR/usr/share/doc/vim/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y vim-doc
#   bash datasets/vim-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $VIM_DOC_ROOT, else /usr/share/doc/vim/html (where the package puts the help
# files converted to HTML). The doc root is flat, and so is pages/: a page keeps its file name (autocmd.html), the
# one questions.jsonl uses. Pages are copied byte for byte; then the page count, the HTML bytes and a crude estimate
# of the visible text are printed (each page's <PRE>, where the whole help file is).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${VIM_DOC_ROOT:-/usr/share/doc/vim/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" autocmd.html "Vim documentation" \
  "Get it with 'apt-get download vim-doc && dpkg-deb -x vim-doc_*.deb DIR' (doc root DIR/usr/share/doc/vim/html) or 'apt-get install -y vim-doc', and pass the doc root as the first argument or in \$VIM_DOC_ROOT."

copy_pages "$root" "$list" "$out" 0 "Vim documentation"
# Every page is the same: an <H1> "Vim documentation: NAME", a link to the main help file, then the help file in one
# <PRE>, and after it the generator's footer.
report_pages_between "$out" '<PRE>' '</PRE>'
