#!/usr/bin/env bash
# Build datasets/installation-guide/pages/ from a copy of Debian's installation-guide-amd64 package, using the page
# list in pages.txt (one file name a line, relative to a language folder of the doc root; blank lines and text after
# '#' are ignored). The pages are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download installation-guide-amd64 && dpkg-deb -x installation-guide-amd64_*.deb DIR
#   bash datasets/installation-guide/build-pages.sh DIR/usr/share/doc/installation-guide-amd64
# or install the package (as root) and use the default doc root:
#   apt-get install -y installation-guide-amd64
#   bash datasets/installation-guide/build-pages.sh
#
# DOC_ROOT is the first argument, else $INSTALLATION_GUIDE_ROOT, else /usr/share/doc/installation-guide-amd64 (where
# the package puts the guide, one folder per language: en/, de/, ...). Each of the seven languages below is copied
# from DOC_ROOT/<lang>/ into pages/<lang>/, every language with the same file names (ch05s03.html); questions.jsonl
# names a page by its language folder and file name (en/ch05s03.html). Pages are copied byte for byte (a page the
# package has only as NAME.gz would be decompressed; this version has none); then, per language, the page count,
# the HTML bytes and a crude estimate of the visible text are printed, and the totals: the text from DocBook's
# navigation header (<div class="navheader">: the page's title, Prev, the chapter's title, Next) up to the
# navigation footer (<div class="navfooter">), so a chapter page's table of contents is counted.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${INSTALLATION_GUIDE_ROOT:-/usr/share/doc/installation-guide-amd64}}"
list="$here/pages.txt"
out="$here/pages"
# English first, then the six translations; check.py has the same list.
langs=(en de fr ja ru cs vi)

for lang in "${langs[@]}"; do
  need_doc_root "$root" "$lang/ch05s03.html" "Debian Installation Guide for amd64 (HTML, language '$lang')" \
    "Get it with 'apt-get download installation-guide-amd64 && dpkg-deb -x installation-guide-amd64_*.deb DIR' (doc root DIR/usr/share/doc/installation-guide-amd64) or 'apt-get install -y installation-guide-amd64', and pass the doc root as the first argument or in \$INSTALLATION_GUIDE_ROOT."
done

total_pages=0 total_html=0 total_text=0
for lang in "${langs[@]}"; do
  copy_pages "$root/$lang" "$list" "$out/$lang" 0 "installation guide ($lang)"
  # report_pages_between prints "pages: N", "html bytes: N" and "estimated text bytes: N"; one line per language.
  report="$(report_pages_between "$out/$lang" '<div class="navheader">' '<div class="navfooter">')"
  echo "$lang: $(echo "$report" | paste -sd ';' | sed 's/;/; /g')"
  read -r pages html text < <(echo "$report" | awk -F': ' '{printf "%s ", $2} END {print ""}')
  total_pages=$((total_pages + pages)) total_html=$((total_html + html)) total_text=$((total_text + text))
done
echo "pages: $total_pages (${#langs[@]} languages)"
echo "html bytes: $total_html"
echo "estimated text bytes: $total_text"
