#!/usr/bin/env bash
# Build datasets/obsidian-help/pages/ from the Obsidian Help vault's Git repository (github.com/obsidianmd/obsidian-help)
# at a pinned commit: its en/ folder (the English help, an Obsidian vault of Markdown notes with wiki links, embeds and
# callouts, as Obsidian Publish renders it at obsidian.md/help): its 173 notes (`.md`) are copied byte for byte to
# pages/, folders and file names as they are; its images, videos and styles are left out, as a folder's ingest skips
# them. The pages are not committed: run this once before using the dataset.
#
# Usage: datasets/obsidian-help/build-pages.sh [GIT_DIR]
#   GIT_DIR: a clone (or bare mirror) of obsidianmd/obsidian-help that holds the pinned commit. Without it the
#   repository is fetched from GitHub into a temporary folder (the one commit; needs network access to GitHub).
# Then the file count and the Markdown bytes are printed, and the files are checked against pages.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
commit=fa179e91e86eaff5859226cc045c81000d64e3cd
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git_dir="${1:-}"
if [ -z "$git_dir" ]; then
  git_dir="$work/obsidian-help.git"
  git init -q --bare "$git_dir"
  git --git-dir="$git_dir" fetch -q --depth 1 https://github.com/obsidianmd/obsidian-help.git "$commit"
fi
if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
  git_dir="$git_dir/.git"
  git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null || { echo "error: $1 does not hold commit $commit of obsidianmd/obsidian-help" >&2; exit 1; }
fi

# The notes only: a folder's ingest reads no image, video or style file, and some of the vault's videos are large.
rm -rf "$here/pages"
git --git-dir="$git_dir" ls-tree -r -z --name-only "$commit" -- en | while IFS= read -r -d '' path; do
  case "$path" in
    *.md)
      mkdir -p "$here/pages/$(dirname "${path#en/}")"
      git --git-dir="$git_dir" cat-file blob "$commit:$path" > "$here/pages/${path#en/}"
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
