#!/usr/bin/env bash
# Build datasets/hugo-docs/pages/ from the Hugo documentation's Git repository (github.com/gohugoio/hugoDocs) at a
# pinned commit: its content/en/ folder (the Markdown sources of gohugo.io, with Hugo's shortcodes, as Hugo renders
# them) is copied byte for byte to pages/, folders and file names as they are, images included, since a user ingests
# the folder as it comes. The pages are not committed: run this once before using the dataset.
#
# Usage: datasets/hugo-docs/build-pages.sh [GIT_DIR]
#   GIT_DIR: a clone (or bare mirror) of gohugoio/hugoDocs that holds the pinned commit. Without it the repository is
#   cloned from GitHub into a temporary folder (a few MB of blobs for the one commit; needs network access to GitHub).
# Then the file count and the Markdown bytes are printed, and the files are checked against pages.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
commit=1c613349f4220ae84070df25979d720c43e5cfa6
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git_dir="${1:-}"
if [ -z "$git_dir" ]; then
  git_dir="$work/hugoDocs.git"
  git init -q --bare "$git_dir"
  git --git-dir="$git_dir" fetch -q --depth 1 https://github.com/gohugoio/hugoDocs.git "$commit"
fi
if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
  git_dir="$git_dir/.git"
  git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null || { echo "error: $1 does not hold commit $commit of gohugoio/hugoDocs" >&2; exit 1; }
fi

git --git-dir="$git_dir" archive "$commit" content/en | tar -x -C "$work"
rm -rf "$here/pages"
mv "$work/content/en" "$here/pages"
echo "files: $(find "$here/pages" -type f | wc -l)"
echo "markdown files: $(find "$here/pages" -type f -name '*.md' | wc -l)"
echo "markdown bytes: $(find "$here/pages" -type f -name '*.md' -print0 | xargs -0 cat | wc -c)"
if [ -f "$here/pages.txt" ]; then
  if ! diff -q <(LC_ALL=C sort "$here/pages.txt") <(cd "$here/pages" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) >/dev/null; then
    echo "error: pages/ differs from pages.txt:" >&2
    diff <(LC_ALL=C sort "$here/pages.txt") <(cd "$here/pages" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) >&2 || true
    exit 1
  fi
  echo "pages.txt: every listed file built"
fi
