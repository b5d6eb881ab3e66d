#!/usr/bin/env bash
# Build datasets/kernel-docs/pages/ from a copy of Debian's linux-doc-6.1 package, using the page list in pages.txt
# (one path a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages are not
# committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download linux-doc-6.1 && dpkg-deb -x linux-doc-6.1_*.deb DIR
#   bash datasets/kernel-docs/build-pages.sh DIR/usr/share/doc/linux-doc-6.1/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y linux-doc-6.1
#   bash datasets/kernel-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $KERNEL_DOC_ROOT, else /usr/share/doc/linux-doc-6.1/html (where the package
# puts the Sphinx HTML; the reStructuredText sources beside it, in /usr/share/doc/linux-doc-6.1/Documentation/, are
# not used). Pages are copied byte for byte (HTML only, no images, CSS or JavaScript) into one flat folder: the path's
# '/' becomes '-', so core-api/kref.html is copied to pages/core-api-kref.html, the name questions.jsonl uses. The
# script then prints the page count, the HTML bytes and a crude estimate of the visible text: only the article body
# (the Read the Docs theme's <div itemprop="articleBody"> up to the <footer> with the Previous/Next buttons), so the
# navigation sidebar with the whole documentation's table of contents, the breadcrumbs and the footer are left out.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${KERNEL_DOC_ROOT:-/usr/share/doc/linux-doc-6.1/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" core-api/kref.html "Linux kernel documentation (HTML)" \
  "Get it with 'apt-get download linux-doc-6.1 && dpkg-deb -x linux-doc-6.1_*.deb DIR' (doc root DIR/usr/share/doc/linux-doc-6.1/html) or 'apt-get install -y linux-doc-6.1', and pass the doc root as the first argument or in \$KERNEL_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 "Linux kernel documentation"
# sphinx_rtd_theme puts the page text in <div itemprop="articleBody">, inside div[role=main]; the footer follows it.
report_pages_between "$out" 'itemprop="articleBody"' '<footer>'
