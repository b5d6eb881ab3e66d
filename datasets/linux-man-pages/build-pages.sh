#!/usr/bin/env bash
# Build datasets/linux-man-pages/pages/ from Debian's manpages-dev package (the Linux man-pages project's sections 2
# and 3: system calls and C library functions), using the page list in pages.txt (one path a line under the man root,
# man2/open.2, as the package names it without its ".gz"; blank lines and text after '#' are ignored). Only the
# package's files are listed: its aliases are symbolic links to them (fstat.2 to stat.2) and are left out. The pages
# are not committed: run this once before using the dataset.
#
# Get the man pages without installing anything (any directory DIR will do):
#   apt-get download manpages-dev && dpkg-deb -x manpages-dev_*.deb DIR
#   bash datasets/linux-man-pages/build-pages.sh DIR/usr/share/man
# or install the package (as root) and use the default root:
#   apt-get install -y manpages-dev
#   bash datasets/linux-man-pages/build-pages.sh
#
# MAN_ROOT is the first argument, else $LINUX_MAN_ROOT, else /usr/share/man. pages/ is flat: a page keeps its file
# name without the ".gz" (open.2, printf.3; no name is in both sections), the one questions.jsonl uses, and is
# decompressed byte for byte. Then the page count, the roff bytes and a crude estimate of the text are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${LINUX_MAN_ROOT:-/usr/share/man}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" man2/open.2 "Linux man pages" \
  "Get them with 'apt-get download manpages-dev && dpkg-deb -x manpages-dev_*.deb DIR' (root DIR/usr/share/man) or 'apt-get install -y manpages-dev', and pass the root as the first argument or in \$LINUX_MAN_ROOT."

copy_man_pages "$root" "$list" "$out" 'man[23]' "man-pages"
