#!/usr/bin/env bash
# Build datasets/command-man-pages/pages/ from the man pages of common command-line packages as Debian 12 installs
# them (coreutils, util-linux, findutils, grep, sed, tar, openssh-client, procps, psmisc, less, diffutils, gzip,
# bsdutils, mount, curl), using the page list in pages.txt (one path a line under the man root, man1/ls.1, as the
# packages name them without their ".gz"; blank lines and text after '#' are ignored). Only the packages' files are
# listed, not their aliases (symbolic links or pages of one `.so` line). The pages are not committed: run this once.
#
# Install the packages (most systems have them) and run the script without an argument, or pass a man root:
#   apt-get install -y coreutils util-linux findutils grep sed tar openssh-client procps psmisc less diffutils \
#     gzip bsdutils mount curl
#   bash datasets/command-man-pages/build-pages.sh [MAN_ROOT]
#
# MAN_ROOT is the first argument, else $COMMAND_MAN_ROOT, else /usr/share/man. pages/ is flat: a page keeps its file
# name without the ".gz" (ls.1, fdisk.8), the one questions.jsonl uses, and is decompressed byte for byte. Then the
# page count, the roff bytes and a crude estimate of the text are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${COMMAND_MAN_ROOT:-/usr/share/man}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" man1/ls.1 "command man pages" \
  "Install coreutils and the other packages listed above, or pass a man root holding man1/ and man8/ as the first argument or in \$COMMAND_MAN_ROOT."

copy_man_pages "$root" "$list" "$out" 'man[18]' "package"
