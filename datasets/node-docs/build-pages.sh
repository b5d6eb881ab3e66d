#!/usr/bin/env bash
# Build datasets/node-docs/pages/ from a copy of Debian's nodejs-doc package, using the page list in pages.txt
# (one Markdown file name a line; blank lines and text after '#' are ignored). The pages are not committed: run
# this once before using the dataset.
#
# Get the doc root WITHOUT installing the package (installing nodejs-doc from Debian pulls in Debian's nodejs,
# which replaces the Node.js this project runs on; any directory DIR will do):
#   apt-get download nodejs-doc && dpkg-deb -x nodejs-doc_*.deb DIR
#   bash datasets/node-docs/build-pages.sh DIR/usr/share/doc/nodejs/api
#
# DOC_ROOT is the first argument, else $NODE_DOC_ROOT, else /usr/share/doc/nodejs/api. Debian compresses most of
# the Markdown sources (fs.md.gz); a page is copied from NAME when it is there, else decompressed from NAME.gz.
# Then the page count, the Markdown bytes and the bytes of the HTML comments among them (the `<!-- YAML … -->`
# version history above each function, and `<!--introduced_in=…-->` lines) are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${NODE_DOC_ROOT:-/usr/share/doc/nodejs/api}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" fs.md "Node.js API documentation" \
  "Get it with 'apt-get download nodejs-doc && dpkg-deb -x nodejs-doc_*.deb DIR' (doc root DIR/usr/share/doc/nodejs/api; do not apt-get install it) and pass the doc root as the first argument or in \$NODE_DOC_ROOT."

copy_pages "$root" "$list" "$out" 0 Node.js md

bytes="$(cat "$out"/*.md | wc -c)"
comments="$(perl -0777 -ne '$t += length($1) while m{(<!--.*?-->)}gs; END { print $t + 0 }' "$out"/*.md)"
echo "pages: $COPIED in $out"
echo "Markdown bytes: $bytes, of which HTML comments: $comments"
