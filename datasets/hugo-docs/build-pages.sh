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
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"

git_folder_pages https://github.com/gohugoio/hugoDocs.git 1c613349f4220ae84070df25979d720c43e5cfa6 content/en "$here/pages" "$here/pages.txt" "${1:-}"
