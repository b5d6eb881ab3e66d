#!/usr/bin/env bash
# Build datasets/pytest-docs/pages/ from pytest's Git repository (github.com/pytest-dev/pytest) at a pinned commit: the
# documentation's reStructuredText, doc/en/ (the Sphinx sources of docs.pytest.org, with roles such as :func:,
# directives such as .. code-block:: and .. note::, 186 release announcements under announce/ and a 1.4 MB plugin
# list): its 259 `.rst` files are copied byte for byte to pages/, folders and file names as they are; its images,
# examples' Python files and Sphinx configuration are left out. The pages are not committed: run this once before
# using the dataset.
#
# Usage: datasets/pytest-docs/build-pages.sh [GIT_DIR]
#   GIT_DIR: a clone (or bare mirror) of pytest-dev/pytest that holds the pinned commit. Without it the repository is
#   fetched from GitHub into a temporary folder (the one commit; needs network access to GitHub).
# Then the file count and the reStructuredText bytes are printed, and the files are checked against pages.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"

git_folder_pages https://github.com/pytest-dev/pytest.git df87db7b0462fb764ef73fa00561adf8ad047572 doc/en "$here/pages" "$here/pages.txt" "${1:-}" rst
