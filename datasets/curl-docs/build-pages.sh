#!/usr/bin/env bash
# Build datasets/curl-docs/pages/ from Debian's libcurl4-doc package, using the page list in pages.txt (one man
# page's file name a line, as the package names it without its ".gz"; blank lines and text after '#' are ignored).
# The pages are not committed: run this once before using the dataset.
#
# Get the man pages without installing anything (any directory DIR will do):
#   apt-get download libcurl4-doc && dpkg-deb -x libcurl4-doc_*.deb DIR
#   bash datasets/curl-docs/build-pages.sh DIR/usr/share/man/man3
# or install the package (as root) and use the default root:
#   apt-get install -y libcurl4-doc
#   bash datasets/curl-docs/build-pages.sh
#
# MAN_ROOT is the first argument, else $CURL_MAN_ROOT, else /usr/share/man/man3 (where the package puts libcurl's
# man pages, each gzip-compressed). pages/ is flat: a page keeps its name without the ".gz" (CURLOPT_TIMEOUT.3), the
# one questions.jsonl uses, and is decompressed byte for byte. Then the page count, the roff bytes and a crude
# estimate of the text (comment lines and requests' names left out, font escapes removed) are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${CURL_MAN_ROOT:-/usr/share/man/man3}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" CURLOPT_TIMEOUT.3 "libcurl man pages" \
  "Get them with 'apt-get download libcurl4-doc && dpkg-deb -x libcurl4-doc_*.deb DIR' (root DIR/usr/share/man/man3) or 'apt-get install -y libcurl4-doc', and pass the root as the first argument or in \$CURL_MAN_ROOT."

copy_pages "$root" "$list" "$out" 0 "libcurl" 3
echo "pages: $COPIED"
echo "roff bytes: $(cat "$out"/*.3 | wc -c)"
# The text: comment lines dropped, a request's name dropped from its line, font escapes and \- read.
echo "estimated text bytes: $(perl -ne 'next if /^[.\x27]\\"/; s/^[.\x27]\s*[A-Za-z]+\s?//; s/\\f[BIRP]//g; s/\\-/-/g; print' "$out"/*.3 | tr -s '[:space:]' ' ' | wc -c)"
