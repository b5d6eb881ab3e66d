#!/usr/bin/env bash
# Build datasets/ant-docs/pages/ from a copy of Debian's ant-doc package, using the page list in
# pages.txt (one path a line, relative to the doc root; blank lines and text after '#' are ignored).
# The pages are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download ant-doc && dpkg-deb -x ant-doc_*.deb DIR
#   bash datasets/ant-docs/build-pages.sh DIR/usr/share/doc/ant/manual
# or install the package (as root) and use the default doc root:
#   apt-get install -y ant-doc
#   bash datasets/ant-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $ANT_DOC_ROOT, else /usr/share/doc/ant/manual (where the
# package puts the manual; the Javadoc API next to it, in ../api/, is not used). The pages come from
# the manual's root and its Tasks/, Types/ and Integration/ folders; they are copied into one flat
# folder with every '/' turned into '-' (Tasks/exec.html becomes Tasks-exec.html, Types/fileset.html
# becomes Types-fileset.html, using.html stays using.html). That flat name is the one questions.jsonl
# uses. Pages are copied byte for byte (HTML only: no stylesheet or image). The script then prints the
# page count, the HTML bytes and a crude estimate of the visible text (only <body>: the page's
# <title> and the Apache license comment at the top of every file left out).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${ANT_DOC_ROOT:-/usr/share/doc/ant/manual}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" Tasks/exec.html "Apache Ant manual" \
  "Get it with 'apt-get download ant-doc && dpkg-deb -x ant-doc_*.deb DIR' (doc root DIR/usr/share/doc/ant/manual) or 'apt-get install -y ant-doc', and pass the doc root as the first argument or in \$ANT_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 Ant
# The manual's pages have almost no chrome: no header, sidebar, navigation or footer, only a <head> with
# the stylesheet link and the <title>, after the Apache license comment that opens every file. The page's
# own text is the whole <body>.
report_pages "$out" '
  my $i = index($s, q{<body});
  $s = substr($s, $i) if $i >= 0;
  my $j = rindex($s, q{</body>});
  $s = substr($s, 0, $j) if $j >= 0;'
