#!/usr/bin/env bash
# Build datasets/celery-docs/pages/ from a copy of Debian's python-celery-doc package, using the page list in pages.txt
# (one path a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages are not
# committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download python-celery-doc && dpkg-deb -x python-celery-doc_*.deb DIR
#   bash datasets/celery-docs/build-pages.sh DIR/usr/share/doc/python-celery-doc/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y python-celery-doc
#   bash datasets/celery-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $CELERY_DOC_ROOT, else /usr/share/doc/python-celery-doc/html (where the package
# puts the HTML). pages/ keeps the doc root's folders (userguide/, reference/, internals/reference/, _modules/celery/app/,
# getting-started/backends-and-brokers/, ...): a page is named by its path under pages/, the one questions.jsonl uses
# (userguide/tasks.html). Each folder's pages are copied with copy_pages, byte for byte; the one page the package ships
# compressed, changelog.html (as changelog.html.gz), is decompressed. pages/ is emptied first. Then the page count, the
# HTML bytes and a crude estimate of the visible text are printed (each page's <div class="body" role="main">, up to
# the sidebar: without the navigation bars above and below, the previous/next topic links, the "Show Source" link,
# the search box and the footer; the version banner at the top of the body is counted).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${CELERY_DOC_ROOT:-/usr/share/doc/python-celery-doc/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" userguide/tasks.html "Celery documentation" \
  "Get it with 'apt-get download python-celery-doc && dpkg-deb -x python-celery-doc_*.deb DIR' (doc root DIR/usr/share/doc/python-celery-doc/html) or 'apt-get install -y python-celery-doc', and pass the doc root as the first argument or in \$CELERY_DOC_ROOT."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The listed paths, comments and blank lines removed (leading and trailing blanks too).
sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$list" > "$work/paths"
if [ -n "$(LC_ALL=C sort "$work/paths" | uniq -d)" ]; then
  echo "error: pages.txt lists a page twice: $(LC_ALL=C sort "$work/paths" | uniq -d | head -n 1)" >&2; exit 1
fi
# copy_pages would strip a space from a name; the Celery documentation has none.
if grep -q ' ' "$work/paths"; then
  echo "error: pages.txt lists a name with a space, which copy_pages cannot copy: $(grep ' ' "$work/paths" | head -n 1)" >&2; exit 1
fi

rm -rf "$out"
total=0
# One copy_pages per folder ('.' for the top-level pages), with that folder's plain file names.
while IFS= read -r dir; do
  if [ "$dir" = . ]; then grep -v / "$work/paths" > "$work/names" || true
  else awk -v d="$dir/" 'index($0, d) == 1 && !index(substr($0, length(d) + 1), "/") { print substr($0, length(d) + 1) }' \
    "$work/paths" > "$work/names" || true
  fi
  [ -s "$work/names" ] || continue
  copy_pages "$root/$dir" "$work/names" "$out/$dir" 0 "Celery documentation"
  total=$((total + COPIED))
done < <(awk '{ if (index($0, "/")) { sub("/[^/]*$", ""); print } else print "." }' "$work/paths" | LC_ALL=C sort -u)

mapfile -d '' files < <(find "$out" -type f -name '*.html' -print0 | LC_ALL=C sort -z)
echo "pages: $total"
echo "html bytes: $(cat "${files[@]}" | wc -c)"
# sphinx_celery's theme (Sphinx's classic layout): the page's text is <div class="body" role="main">, followed by
# <div class="sphinxsidebar">.
export PAGE_START='<div class="body" role="main">' PAGE_END='<div class="sphinxsidebar"'
echo "estimated text bytes: $(text_bytes '
  my $i = index($s, $ENV{PAGE_START});
  $s = substr($s, $i) if $i >= 0;
  my $j = index($s, $ENV{PAGE_END});
  $s = substr($s, 0, $j) if $j >= 0;' "${files[@]}")"
