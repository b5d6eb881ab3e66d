#!/usr/bin/env bash
# Build datasets/fastapi-docs/pages/ from FastAPI's Git repository (github.com/fastapi/fastapi) at a pinned commit: the
# English documentation's Markdown, docs/en/docs/ (the MkDocs sources of fastapi.tiangolo.com, written for Material
# for MkDocs with pymdownx blocks such as `/// tip` and code included from docs_src/ by `{* … *}`): its 155 `.md`
# files are copied byte for byte to pages/, folders and file names as they are; its images and scripts are left out,
# as a folder's ingest skips them. The pages are not committed: run this once before using the dataset.
#
# Usage: datasets/fastapi-docs/build-pages.sh [GIT_DIR]
#   GIT_DIR: a clone (or bare mirror) of fastapi/fastapi that holds the pinned commit. Without it the repository is
#   fetched from GitHub into a temporary folder (the one commit; needs network access to GitHub).
# Then the file count and the Markdown bytes are printed, and the files are checked against pages.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
commit=c3f316b7e814667e8ee81e03a7330d00ee61e45c
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git_dir="${1:-}"
if [ -z "$git_dir" ]; then
  git_dir="$work/fastapi.git"
  git init -q --bare "$git_dir"
  git --git-dir="$git_dir" fetch -q --depth 1 https://github.com/fastapi/fastapi.git "$commit"
fi
if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
  git_dir="$git_dir/.git"
  git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null || { echo "error: $1 does not hold commit $commit of fastapi/fastapi" >&2; exit 1; }
fi

# The Markdown only: a folder's ingest reads no image, script or style file.
rm -rf "$here/pages"
git --git-dir="$git_dir" ls-tree -r -z --name-only "$commit" -- docs/en/docs | while IFS= read -r -d '' path; do
  case "$path" in
    *.md)
      mkdir -p "$here/pages/$(dirname "${path#docs/en/docs/}")"
      git --git-dir="$git_dir" cat-file blob "$commit:$path" > "$here/pages/${path#docs/en/docs/}"
      ;;
  esac
done
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
