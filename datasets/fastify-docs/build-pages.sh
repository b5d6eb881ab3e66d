#!/usr/bin/env bash
# Build datasets/fastify-docs/pages/ from the npm registry: `npm pack fastify@5.12.8` fetches the published tarball,
# whose docs/ folder (the Fastify documentation site's Markdown sources, as fastify.dev renders them) is copied
# byte for byte to pages/, folders and file names as they are. Every file of docs/ is
# kept, Markdown or not, since a user ingests the folder as it comes. The pages are not committed: run this once
# before using the dataset. It needs the npm registry (or a mirror npm is configured for) and a few seconds. Then
# the file count and the Markdown bytes are printed, and the files are checked against pages.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"

npm_folder_pages "fastify@5.12.8" "docs" "$here/pages" "$here/pages.txt"
