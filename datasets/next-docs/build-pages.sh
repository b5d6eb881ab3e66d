#!/usr/bin/env bash
# Build datasets/next-docs/pages/ from the npm registry: `npm pack next@16.5.0` fetches the published tarball,
# whose dist/docs/ folder (the Next.js documentation as the package ships it for coding agents: Markdown with MDX
# components and comments, App Router, Pages Router and error-message pages) is copied byte for byte to pages/.
# Every file is kept, since a user ingests the folder as it comes. The pages are not committed: run this once before
# using the dataset. It needs the npm registry (or a mirror npm is configured for) and a few seconds. Then the file
# count and the Markdown bytes are printed, and the files are checked against pages.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"

npm_folder_pages "next@16.5.0" "dist/docs" "$here/pages" "$here/pages.txt"
