#!/usr/bin/env bash
# Build datasets/imagemagick-docs/pages/ from ImageMagick 6's documentation as Debian ships it (package
# imagemagick-6-doc, the project's website as HTML pages written by hand, in /usr/share/doc/imagemagick-6-common/html/www):
#   apt-get download imagemagick-6-doc && dpkg-deb -x imagemagick-6-doc_*.deb DIR
#   bash datasets/imagemagick-docs/build-pages.sh DIR/usr/share/doc/imagemagick-6-common/html/www
# or, with the package installed (apt-get install -y imagemagick-6-doc), with no argument.
# DOC_ROOT is the first argument, else $IMAGEMAGICK_DOC_ROOT, else /usr/share/doc/imagemagick-6-common/html/www.
# Copies the 66 pages pages.txt lists (the site's top-level pages: the command-line tools, their options, the
# guides; not the API references in its folders) byte for byte into pages/, and prints the page count and sizes.
# The pages are not committed: run this once before using the dataset.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${IMAGEMAGICK_DOC_ROOT:-/usr/share/doc/imagemagick-6-common/html/www}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" command-line-options.html "ImageMagick documentation" \
  "Get it with 'apt-get download imagemagick-6-doc && dpkg-deb -x imagemagick-6-doc_*.deb DIR' (doc root DIR/usr/share/doc/imagemagick-6-common/html/www) or 'apt-get install -y imagemagick-6-doc', and pass the doc root as the first argument or in \$IMAGEMAGICK_DOC_ROOT."

copy_pages "$root" "$list" "$out" 0 "ImageMagick documentation"
report_pages_between "$out" '<main' '</main>'
