#!/usr/bin/env bash
# Build datasets/asciidoc-docs/pages/ from the AsciiDoc language documentation's Git repository
# (github.com/asciidoctor/asciidoc-docs) at a pinned commit: its Antora component, docs/modules/ (the AsciiDoc sources
# of docs.asciidoctor.org/asciidoc/latest/, one folder a module, each with pages/ and the examples/ and partials/
# that the pages include with `include::example$…[]`): its 298 `.adoc` files are copied byte for byte to pages/,
# folders and file names as they are; its images are left out. The pages are not committed: run this once before
# using the dataset.
#
# Usage: datasets/asciidoc-docs/build-pages.sh [GIT_DIR]
#   GIT_DIR: a clone (or bare mirror) of asciidoctor/asciidoc-docs that holds the pinned commit. Without it the
#   repository is fetched from GitHub into a temporary folder (the one commit; needs network access to GitHub).
# Then the file count and the AsciiDoc bytes are printed, and the files are checked against pages.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"

git_folder_pages https://github.com/asciidoctor/asciidoc-docs.git 45b7693d7327c8850e7f486049c125fb61e666db docs/modules "$here/pages" "$here/pages.txt" "${1:-}" adoc
