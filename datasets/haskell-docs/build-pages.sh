#!/usr/bin/env bash
# Build datasets/haskell-docs/pages/ from a copy of Debian's ghc-doc package, using the page list in pages.txt (one
# path a line, relative to the HTML root of the library documentation; blank lines and text after '#' are ignored).
# The pages are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download ghc-doc && dpkg-deb -x ghc-doc_*.deb DIR
#   bash datasets/haskell-docs/build-pages.sh DIR/usr/share/doc/ghc-doc/html/libraries
# or install the package (as root) and use the default doc root (it depends on haddock-interface-38, which only the
# ghc package provides, so this installs the whole compiler too):
#   apt-get install -y ghc-doc
#   bash datasets/haskell-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $HASKELL_DOC_ROOT, else /usr/share/doc/ghc-doc/html/libraries (where the package
# puts the Haddock documentation of GHC's libraries, one folder per package and version). Only two of its 34 package
# folders are used, base-4.15.1.0/ and containers-0.6.4.1/, each whole with its src/ subfolder: pages/ keeps those
# folders, and a page is named by its path under pages/, the one questions.jsonl uses (base-4.15.1.0/Data-List.html,
# base-4.15.1.0/src/Data-OldList.html, containers-0.6.4.1/Data-Map-Strict.html). The pages are copied byte for byte by
# copy_page_tree (pages-lib.sh); the package ships none compressed. pages/ is emptied first. Then the page count, the
# HTML bytes and a crude estimate of the visible text are printed (each page's text from Haddock's <div id="content">
# on, up to <div id="footer">: without the package header and its Source / Contents / Index menu above, and without
# the "Produced by Haddock" footer; the module header table, the Contents list, the collapsed Synopsis and the
# instance lists are counted. The src/ pages have neither marker and are counted whole).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${HASKELL_DOC_ROOT:-/usr/share/doc/ghc-doc/html/libraries}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" base-4.15.1.0/Data-List.html "Haddock documentation of GHC 9.0.2's libraries" \
  "Get it with 'apt-get download ghc-doc && dpkg-deb -x ghc-doc_*.deb DIR' (doc root DIR/usr/share/doc/ghc-doc/html/libraries) or 'apt-get install -y ghc-doc', and pass the doc root as the first argument or in \$HASKELL_DOC_ROOT."

copy_page_tree "$root" "$list" "$out" "GHC library documentation"
# Haddock 2.25's pages: <div id="package-header"> (the package's name and the Source / Contents / Index menu), then
# <div id="content"> (the module header table, the Contents list, the description, the collapsed <details id="syn">
# Synopsis and the interface; on index.html the module tree, on doc-index*.html the alphabet and the entries), then
# <div id="footer"> ("Produced by Haddock version 2.25.1"). The HsColour pages in src/ are one <pre> with neither.
report_page_tree "$out" '<div id="content">' '<div id="footer">'
