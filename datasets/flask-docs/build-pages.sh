#!/usr/bin/env bash
# Build datasets/flask-docs/pages/ from Flask's Git repository (github.com/pallets/flask) at a pinned commit: the
# documentation's reStructuredText, docs/ (the Sphinx sources of flask.palletsprojects.com, with roles such as :meth:,
# directives such as .. code-block:: and .. versionchanged::, and autodoc directives in api.rst): its 76 `.rst` files
# are copied byte for byte to pages/, folders and file names as they are; its images and Sphinx configuration are
# left out. The pages are not committed: run this once before using the dataset.
#
# Usage: datasets/flask-docs/build-pages.sh [GIT_DIR]
#   GIT_DIR: a clone (or bare mirror) of pallets/flask that holds the pinned commit. Without it the repository is
#   fetched from GitHub into a temporary folder (the one commit; needs network access to GitHub).
# Then the file count and the reStructuredText bytes are printed, and the files are checked against pages.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"

git_folder_pages https://github.com/pallets/flask.git 2ac89889f4cc330eabd50f295dcef02828522c69 docs "$here/pages" "$here/pages.txt" "${1:-}" rst
