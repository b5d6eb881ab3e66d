#!/usr/bin/env bash
# Build datasets/java-docs/pages/ from a copy of Debian's openjdk-17-doc package, using the page list in
# pages.txt (one path a line, relative to the java.base module's folder of the API documentation; blank lines
# and text after '#' are ignored). The pages are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download openjdk-17-doc && dpkg-deb -x openjdk-17-doc_*.deb DIR
#   bash datasets/java-docs/build-pages.sh DIR/usr/share/doc/openjdk-17-jre-headless/api/java.base
# or install the package (as root) and use the default doc root:
#   apt-get install -y openjdk-17-doc
#   bash datasets/java-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $JAVA_DOC_ROOT, else
# /usr/share/doc/openjdk-17-jre-headless/api/java.base (where the package puts the module's pages). Pages in
# sub-folders are copied into one flat folder with the '/' turned into '-' (java/util/HashMap.html becomes
# java-util-HashMap.html); that flat name is the one questions.jsonl uses. Pages are copied byte for byte; then
# the page count, the HTML bytes and a crude estimate of the visible text (the <main> element only) are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${JAVA_DOC_ROOT:-/usr/share/doc/openjdk-17-jre-headless/api/java.base}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" java/util/HashMap.html "OpenJDK 17 API documentation (java.base)" \
  "Get it with 'apt-get download openjdk-17-doc && dpkg-deb -x openjdk-17-doc_*.deb DIR' (doc root DIR/usr/share/doc/openjdk-17-jre-headless/api/java.base) or 'apt-get install -y openjdk-17-doc', and pass the doc root as the first argument or in \$JAVA_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 "OpenJDK API documentation"
# Javadoc puts the page's text in <main role="main">, after the navigation bars and before the footer.
report_pages_between "$out" '<main role="main">' '</main>'
