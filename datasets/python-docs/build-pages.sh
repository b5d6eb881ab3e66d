#!/usr/bin/env bash
# Build datasets/python-docs/pages/ from an installed copy of Debian's python3-doc
# package, using the page list in pages.txt (one path a line, relative to the doc
# root; blank lines and text after '#' are ignored). The pages are not committed:
# run this once before using the dataset.
#
#   apt-get install -y python3-doc        # once, as root; this script installs nothing
#   bash datasets/python-docs/build-pages.sh [DOC_ROOT]
#
# DOC_ROOT defaults to $PYTHON_DOC_ROOT, then /usr/share/doc/python3/html (where
# python3-doc puts it; `dpkg -L python3-doc` shows the symlinks to python3.11's docs).
# Pages are copied byte for byte (HTML only, no images, CSS or JavaScript) into one
# flat folder: the path's '/' becomes '-', so library/sqlite3.html is copied to
# pages/library-sqlite3.html. That flat name is the one questions.jsonl uses. The
# script then prints the page count, the HTML bytes and a crude estimate of the
# visible text (only the page body: navigation, sidebar and footer left out).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${1:-${PYTHON_DOC_ROOT:-/usr/share/doc/python3/html}}"
list="$here/pages.txt"
out="$here/pages"

if [ ! -f "$root/library/sqlite3.html" ]; then
  echo "error: no Python documentation at $root (expected $root/library/sqlite3.html)." >&2
  echo "Install it with 'apt-get install -y python3-doc', or pass the doc root as the first argument or in \$PYTHON_DOC_ROOT." >&2
  exit 1
fi

mkdir -p "$out"
rm -f "$out"/*.html
n=0
while IFS= read -r path || [ -n "$path" ]; do
  path="${path%%#*}"; path="$(echo "$path" | tr -d '[:space:]')"
  [ -z "$path" ] && continue
  case "$path" in /*|*..*) echo "error: $path: expected a path relative to the doc root" >&2; exit 1;; esac
  if [ ! -f "$root/$path" ]; then echo "error: $root/$path not found (is pages.txt for another Python version?)" >&2; exit 1; fi
  flat="${path//\//-}"
  # Two paths flattening to one name would silently overwrite a page.
  if [ -e "$out/$flat" ]; then echo "error: $path: $flat is already in pages/ (duplicate or clashing entry in pages.txt)" >&2; exit 1; fi
  cp "$root/$path" "$out/$flat"
  n=$((n + 1))
done < "$list"

html_bytes=$(cat "$out"/*.html | wc -c)
text_bytes=$(perl -MEncode -0777 -ne '
  my $s = decode("UTF-8", $_);
  # Sphinx puts the page text in <div class="body" role="main">; the sidebar follows it.
  my $i = index($s, q{role="main"});
  $s = substr($s, $i) if $i >= 0;
  my $j = index($s, q{class="sphinxsidebar"});
  $s = substr($s, 0, $j) if $j >= 0;
  $s =~ s{<(script|style)\b.*?</\1>}{ }gis;
  $s =~ s{<!--.*?-->}{ }gs;
  $s =~ s{<[^>]+>}{ }gs;
  $s =~ s{&#x([0-9a-f]+);}{chr(hex $1)}gie;
  $s =~ s{&#(\d+);}{chr $1}ge;
  my %e = (amp=>"&", lt=>"<", gt=>">", quot=>"\"", nbsp=>" ", apos=>"\x27");
  $s =~ s{&(\w+);}{exists $e{$1} ? $e{$1} : "&$1;"}ge;
  $s =~ s{\x{b6}}{}g;                         # the headerlink pilcrows
  $s =~ s{\s+}{ }g; $s =~ s{^ | $}{}g;
  $t += length(encode("UTF-8", $s));
  END { print $t }' "$out"/*.html)

echo "pages: $n"
echo "html bytes: $html_bytes"
echo "estimated text bytes: $text_bytes"
