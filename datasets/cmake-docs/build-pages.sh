#!/usr/bin/env bash
# Build datasets/cmake-docs/pages/ from a copy of Debian's cmake-doc package, using the page list in pages.txt (one
# path a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages are not committed:
# run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download cmake-doc && dpkg-deb -x cmake-doc_*.deb DIR
#   bash datasets/cmake-docs/build-pages.sh DIR/usr/share/doc/cmake-data/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y cmake-doc
#   bash datasets/cmake-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $CMAKE_DOC_ROOT, else /usr/share/doc/cmake-data/html (where the package puts
# the HTML; /usr/share/doc/cmake-doc is a symlink to cmake-data, so /usr/share/doc/cmake-doc/html works too).
# pages/ keeps the doc root's folders (command/, variable/, prop_tgt/, module/, manual/, guide/tutorial/, ...): a
# page is named by its path under pages/, the one questions.jsonl uses (command/add_custom_command.html). Each
# folder's pages are copied with copy_pages, except the 35 whose names hold spaces (generator/Unix Makefiles.html,
# guide/tutorial/Adding a Library.html), which copy_pages cannot name and which are copied here, byte for byte
# too. pages/ is emptied first. Then the page count, the HTML bytes and a crude estimate of the visible text are
# printed (each page's <div class="body" role="main">, up to the sidebar: without the navigation bars above and
# below, the previous/next topic links, the "Show Source" link, the search box and the footer).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${CMAKE_DOC_ROOT:-/usr/share/doc/cmake-data/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" command/add_custom_command.html "CMake documentation" \
  "Get it with 'apt-get download cmake-doc && dpkg-deb -x cmake-doc_*.deb DIR' (doc root DIR/usr/share/doc/cmake-data/html) or 'apt-get install -y cmake-doc', and pass the doc root as the first argument or in \$CMAKE_DOC_ROOT."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The listed paths, comments and blank lines removed (leading and trailing blanks too; inner spaces kept).
sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$list" > "$work/paths"
if [ -n "$(LC_ALL=C sort "$work/paths" | uniq -d)" ]; then
  echo "error: pages.txt lists a page twice: $(LC_ALL=C sort "$work/paths" | uniq -d | head -n 1)" >&2; exit 1
fi

rm -rf "$out"
total=0
# One copy_pages per folder ('.' for the top-level pages), with that folder's plain file names.
while IFS= read -r dir; do
  if [ "$dir" = . ]; then grep -v / "$work/paths" | grep -v ' ' > "$work/names" || true
  else awk -v d="$dir/" 'index($0, d) == 1 && !index(substr($0, length(d) + 1), "/") { print substr($0, length(d) + 1) }' \
    "$work/paths" | grep -v ' ' > "$work/names" || true
  fi
  [ -s "$work/names" ] || continue
  copy_pages "$root/$dir" "$work/names" "$out/$dir" 0 "CMake documentation"
  total=$((total + COPIED))
done < <(awk '{ if (index($0, "/")) { sub("/[^/]*$", ""); print } else print "." }' "$work/paths" | LC_ALL=C sort -u)
# The names with spaces, which copy_pages would strip.
while IFS= read -r path; do
  case "$path" in /*|*..*) echo "error: $path: expected a path relative to the doc root" >&2; exit 1;; esac
  [ -f "$root/$path" ] || { echo "error: $root/$path not found (is pages.txt for another CMake documentation version?)" >&2; exit 1; }
  mkdir -p "$out/$(dirname "$path")"
  cp "$root/$path" "$out/$path"
  total=$((total + 1))
done < <(grep ' ' "$work/paths" || true)

mapfile -d '' files < <(find "$out" -type f -name '*.html' -print0 | LC_ALL=C sort -z)
echo "pages: $total"
echo "html bytes: $(cat "${files[@]}" | wc -c)"
# Sphinx's classic theme: the page's text is <div class="body" role="main">, followed by <div class="sphinxsidebar">.
export PAGE_START='<div class="body" role="main">' PAGE_END='<div class="sphinxsidebar"'
echo "estimated text bytes: $(text_bytes '
  my $i = index($s, $ENV{PAGE_START});
  $s = substr($s, $i) if $i >= 0;
  my $j = index($s, $ENV{PAGE_END});
  $s = substr($s, 0, $j) if $j >= 0;' "${files[@]}")"
