#!/usr/bin/env bash
# Build datasets/next-docs/pages/ from the npm registry: `npm pack next@16.5.0` fetches the published tarball,
# whose dist/docs/ folder (the Next.js documentation as the package ships it for coding agents: Markdown with MDX
# components and comments, App Router, Pages Router and error-message pages) is copied byte for byte to pages/.
# Every file is kept, since a user ingests the folder as it comes. The pages are not committed: run this once before
# using the dataset. It needs the npm registry (or a mirror npm is configured for) and a few seconds. Then the file
# count and the Markdown bytes are printed, and the files are checked against pages.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/pages"
version="16.5.0"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarball="$(cd "$work" && npm pack "next@$version" --silent 2>/dev/null | tail -n 1)"
if [ -z "$tarball" ] || [ ! -f "$work/$tarball" ]; then echo "error: npm pack next@$version failed" >&2; exit 1; fi
tar -xzf "$work/$tarball" -C "$work"
rm -rf "$out"
cp -R "$work/package/dist/docs" "$out"

echo "files: $(find "$out" -type f | wc -l)"
echo "markdown files: $(find "$out" -type f -name '*.md' | wc -l)"
echo "markdown bytes: $(find "$out" -type f -name '*.md' -print0 | xargs -0 cat | wc -c)"
if [ -f "$here/pages.txt" ]; then
  (cd "$out" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > "$work/built"
  if ! diff -q <(LC_ALL=C sort "$here/pages.txt") "$work/built" >/dev/null; then
    echo "error: pages/ differs from pages.txt:" >&2
    diff <(LC_ALL=C sort "$here/pages.txt") "$work/built" >&2 || true
    exit 1
  fi
  echo "pages.txt: every listed file built"
fi
