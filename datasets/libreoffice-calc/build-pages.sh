#!/usr/bin/env bash
# Build datasets/libreoffice-calc/pages/ from a copy of Debian's libreoffice-help-en-us package, using the page list
# in pages.txt (one path a line, relative to the Calc help's folder; blank lines and text after '#' are ignored). The
# pages are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download libreoffice-help-en-us && dpkg-deb -x libreoffice-help-en-us_*.deb DIR
#   bash datasets/libreoffice-calc/build-pages.sh DIR/usr/share/libreoffice/help/en-US/text/scalc
# or install the package (as root) and use the default doc root:
#   apt-get install -y --no-install-recommends libreoffice-help-en-us
#   bash datasets/libreoffice-calc/build-pages.sh
#
# DOC_ROOT is the first argument, else $LIBREOFFICE_CALC_HELP, else /usr/share/libreoffice/help/en-US/text/scalc.
# Pages are copied byte for byte with their paths flattened (01/04060109.html becomes 01-04060109.html, the name
# questions.jsonl uses); then the page count, the HTML bytes and a crude estimate of the visible text are printed
# (each page's <div id="DisplayArea">, the help text, without the search bar, the module list and the footer).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${LIBREOFFICE_CALC_HELP:-/usr/share/libreoffice/help/en-US/text/scalc}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" guide/line_fix.html "LibreOffice Calc help" \
  "Get it with 'apt-get download libreoffice-help-en-us && dpkg-deb -x libreoffice-help-en-us_*.deb DIR' (doc root DIR/usr/share/libreoffice/help/en-US/text/scalc) or 'apt-get install -y --no-install-recommends libreoffice-help-en-us', and pass the doc root as the first argument or in \$LIBREOFFICE_CALC_HELP."

copy_pages "$root" "$list" "$out" 1 "LibreOffice Calc help"
report_pages_between "$out" '<div id="DisplayArea"' '<footer'
