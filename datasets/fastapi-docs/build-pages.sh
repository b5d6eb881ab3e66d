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
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"

git_folder_pages https://github.com/fastapi/fastapi.git c3f316b7e814667e8ee81e03a7330d00ee61e45c docs/en/docs "$here/pages" "$here/pages.txt" "${1:-}" md
