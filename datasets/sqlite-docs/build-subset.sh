#!/usr/bin/env bash
# Regenerate datasets/sqlite-docs/pages/ from an installed copy of Debian's
# sqlite3-doc package, using the page list in pages.txt (one file name a line;
# blank lines and lines starting with '#' are ignored).
#
#   apt-get install -y sqlite3-doc        # once, as root
#   bash datasets/sqlite-docs/build-subset.sh [DOC_ROOT]
#
# DOC_ROOT defaults to $SQLITE_DOC_ROOT, then /usr/share/doc/sqlite3.
# Pages are copied byte for byte (HTML only, no images or CSS). The script then
# prints the page count, the HTML bytes and a crude estimate of the visible
# text (site menu, scripts, styles and tags removed; whitespace collapsed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${SQLITE_DOC_ROOT:-/usr/share/doc/sqlite3}}"
list="$here/pages.txt"
out="$here/pages"

if [ ! -f "$root/wal.html" ]; then
  echo "error: no SQLite documentation at $root (apt-get install sqlite3-doc)" >&2
  exit 1
fi

copy_pages "$root" "$list" "$out" 0 SQLite
n=$COPIED

html_bytes=$(cat "$out"/*.html | wc -c)
text_bytes=$(perl -0777 -ne '
  my $s = $_;
  my $i = index($s, "</script>");            # site header + menu end at the first </script>
  $s = substr($s, $i + 9) if $i >= 0;
  $s =~ s{<(script|style)\b.*?</\1>}{ }gis;
  $s =~ s{<!--.*?-->}{ }gs;
  $s =~ s{<[^>]+>}{ }gs;
  $s =~ s{&#x([0-9a-f]+);}{chr(hex $1)}gie;
  $s =~ s{&#(\d+);}{chr $1}ge;
  my %e = (amp=>"&", lt=>"<", gt=>">", quot=>"\"", nbsp=>" ", apos=>"\x27");
  $s =~ s{&(\w+);}{exists $e{$1} ? $e{$1} : "&$1;"}ge;
  $s =~ s{\s+}{ }g; $s =~ s{^ | $}{}g;
  { use bytes; $t += length($s); }
  END { print $t }' "$out"/*.html)

echo "pages: $n"
echo "html bytes: $html_bytes"
echo "estimated text bytes: $text_bytes"
