#!/usr/bin/env bash
# Build datasets/ai-sdk-docs/pages/ from the documentation that the npm package `ai` (the Vercel AI SDK) ships
# in its docs/ folder, using the page list in pages.txt (one path a line relative to docs/; blank lines and text
# after '#' are ignored). The pages are not committed: run this once before using the dataset.
#
#   bash datasets/ai-sdk-docs/build-pages.sh            # downloads ai@6.0.333 with 'npm pack' (registry only)
#   bash datasets/ai-sdk-docs/build-pages.sh DOC_ROOT   # or a docs/ folder you have (node_modules/ai/docs)
#
# DOC_ROOT is the first argument, else $AI_SDK_DOC_ROOT; without either, 'npm pack ai@6.0.333' fetches the
# package's tarball into a temporary folder and its package/docs is used. A DOC_ROOT of another version is
# refused (its package.json, one level up, must say 6.0.333): pages move between versions. Each listed page is
# copied byte for byte, its path flattened ('04-ai-sdk-ui/02-chatbot.mdx' becomes '04-ai-sdk-ui-02-chatbot.mdx');
# then the page count and the MDX bytes are printed.
set -euo pipefail

version="6.0.333"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
list="$here/pages.txt"
out="$here/pages"
root="${1:-${AI_SDK_DOC_ROOT:-}}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$root" ]; then
  (cd "$work" && npm pack "ai@$version" --silent > /dev/null)
  tar -xzf "$work"/ai-*.tgz -C "$work"
  root="$work/package/docs"
fi
if [ ! -f "$root/../package.json" ] || ! grep -q "\"version\": \"$version\"" "$root/../package.json"; then
  echo "error: $root is not the docs/ folder of ai@$version (expected $root/../package.json to say version $version)." >&2
  exit 1
fi

copy_pages "$root" "$list" "$out" 1 "AI SDK" mdx
echo "pages: $COPIED in $out"
echo "MDX bytes: $(cat "$out"/*.mdx | wc -c)"
