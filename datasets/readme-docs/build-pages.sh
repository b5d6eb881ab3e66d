#!/usr/bin/env bash
# Build datasets/readme-docs/pages/ from the npm registry: for each package pages.txt lists (name@version, one a
# line; blank lines and text after '#' are ignored), `npm pack` fetches the published tarball and its README
# (README.md, readme.md, Readme.markdown, ...) is copied byte for byte to pages/NAME.md, where NAME is the package's
# name without a leading '@' and with '/' turned into '__' (@ai-sdk/openai becomes ai-sdk__openai.md); that is the
# name questions.jsonl uses. The pages are not committed: run this once before using the dataset. It needs the npm
# registry (or a mirror npm is configured for) and about a minute; four packs run at a time. Then the page count,
# the Markdown bytes and the bytes outside code fences are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="$here/pages.txt"
out="$here/pages"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$out"
rm -f "$out"/*.md
grep -v '^[[:space:]]*\(#\|$\)' "$list" | sed 's/[[:space:]]*#.*//' > "$work/specs"

fetch() {
  local spec="$1" dir name tarball readme
  dir="$(mktemp -d "$work/p.XXXXXX")"
  tarball="$(cd "$dir" && npm pack "$spec" --silent 2>/dev/null | tail -n 1)"
  if [ -z "$tarball" ] || [ ! -f "$dir/$tarball" ]; then echo "error: npm pack $spec failed" >&2; return 1; fi
  tar -xzf "$dir/$tarball" -C "$dir"
  readme="$(find "$dir/package" -maxdepth 1 -type f -iregex '.*/readme\.\(md\|markdown\)' | sort | head -n 1)"
  if [ -z "$readme" ]; then echo "error: $spec has no README.md" >&2; return 1; fi
  name="${spec%@*}"; name="${name#@}"; name="${name//\//__}"
  cp "$readme" "$OUT/$name.md"
  rm -rf "$dir"
}
export -f fetch
export work OUT="$out"
xargs -P 4 -I{} bash -c 'fetch "$@"' _ {} < "$work/specs"

count="$(find "$out" -name '*.md' | wc -l)"
expected="$(wc -l < "$work/specs")"
echo "pages: $count"
if [ "$count" != "$expected" ]; then echo "error: $expected packages listed, $count READMEs written" >&2; exit 1; fi
echo "markdown bytes: $(cat "$out"/*.md | wc -c)"
echo "bytes outside code fences: $(awk '/^[[:space:]]*(```|~~~)/{fence=!fence; next} !fence' "$out"/*.md | wc -c)"
