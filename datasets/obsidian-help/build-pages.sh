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
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"

git_folder_pages https://github.com/obsidianmd/obsidian-help.git fa179e91e86eaff5859226cc045c81000d64e3cd en "$here/pages" "$here/pages.txt" "${1:-}" md
