#!/usr/bin/env bash
# Build datasets/postgres-docs/pages/ from a copy of Debian's postgresql-doc-15 package,
# using the page list in pages.txt (one file name a line, relative to the doc root;
# blank lines and text after '#' are ignored). The pages are not committed: run this
# once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download postgresql-doc-15 && dpkg-deb -x postgresql-doc-15_*.deb DIR
#   bash datasets/postgres-docs/build-pages.sh DIR/usr/share/doc/postgresql-doc-15/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y postgresql-doc-15
#   bash datasets/postgres-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $POSTGRES_DOC_ROOT, else
# /usr/share/doc/postgresql-doc-15/html (where the package puts it). The PostgreSQL
# HTML is already one flat folder, so each page keeps its name (sql-copy.html); that
# name is the one questions.jsonl uses. Pages are copied byte for byte (HTML only, no
# stylesheet or images). The script then prints the page count, the HTML bytes and a
# crude estimate of the visible text (only the page body: the navigation header and
# footer left out).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${POSTGRES_DOC_ROOT:-/usr/share/doc/postgresql-doc-15/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" sql-copy.html "PostgreSQL 15 documentation" \
  "Get it with 'apt-get download postgresql-doc-15 && dpkg-deb -x postgresql-doc-15_*.deb DIR' (doc root DIR/usr/share/doc/postgresql-doc-15/html) or 'apt-get install -y postgresql-doc-15', and pass the doc root as the first argument or in \$POSTGRES_DOC_ROOT."

copy_pages "$root" "$list" "$out" 0 PostgreSQL
# DocBook puts a navigation table (div.navheader, ending in <hr />) before the text and another
# (div.navfooter) after it.
report_pages "$out" '
  my $i = index($s, q{class="navheader"});
  if ($i >= 0) { my $k = index($s, q{<hr /></div>}, $i); $s = substr($s, $k + 12) if $k >= 0; }
  my $j = index($s, q{class="navfooter"});
  $s = substr($s, 0, $j) if $j >= 0;'
