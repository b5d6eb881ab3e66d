#!/usr/bin/env bash
# Build datasets/zsh-docs/pages/ from a copy of Debian's zsh-doc package, using the page list in pages.txt (one file
# name a line; blank lines and text after '#' are ignored). The pages are not committed: run this once before using
# the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download zsh-doc && dpkg-deb -x zsh-doc_*.deb DIR
#   bash datasets/zsh-docs/build-pages.sh DIR/usr/share/doc/zsh-common/html
# or install the package (as root) and use the default doc root (it depends on zsh-common):
#   apt-get install -y zsh-doc
#   bash datasets/zsh-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $ZSH_DOC_ROOT, else /usr/share/doc/zsh-common/html (where the package puts
# the HTML manual; /usr/share/doc/zsh-doc is a symbolic link to /usr/share/doc/zsh-common). The doc root is flat, and
# so is pages/: a page keeps its file name (Expansion.html, Jobs-_0026-Signals.html), the one questions.jsonl uses.
# Every file of the folder is listed: the manual as texi2any 6.8 wrote it from zsh.texi (Yodl's output), split by
# chapter (26 chapter pages, 6 index pages, the title page index.html, the table of contents zsh_toc.html and the
# "About This Document" page zsh_abt.html), 144 redirect stubs (a node file for each section or module below chapter
# level: "The node you are looking for is at ...", with a <meta http-equiv="Refresh"> to the chapter page's anchor),
# and the Zsh FAQ, which Yodl wrote as HTML itself (FAQ.html, its table of contents, and FAQ01.html ... FAQ06.html).
# Pages are copied byte for byte (none is compressed in the package); then the page count, the HTML bytes and a crude
# estimate of the visible text are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${ZSH_DOC_ROOT:-/usr/share/doc/zsh-common/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" Expansion.html "Z Shell Manual (HTML)" \
  "Get it with 'apt-get download zsh-doc && dpkg-deb -x zsh-doc_*.deb DIR' (doc root DIR/usr/share/doc/zsh-common/html) or 'apt-get install -y zsh-doc', and pass the doc root as the first argument or in \$ZSH_DOC_ROOT."

copy_pages "$root" "$list" "$out" 0 "Z Shell Manual"
# A texi2any page is <body lang="en">, then for each chapter, section and subsection a navigation table
# (<table class="header">: "[ << ] [ < ] [ Up ] [ > ] [ >> ] [Top] [Contents] [Index] [ ? ]", 363 of them in all)
# before its heading, a menu table of the subsections (<table class="menu">) after a section's introduction, the
# navigation table once more at the bottom, then the footer (<p><font size="-1"> "This document was generated on
# February 5, 2023 using texi2any." and "Zsh version 5.9, released on May 14, 2022."). The text is counted from
# <body on, up to that footer, without the navigation tables and menus. A FAQ page has neither: from <body on to
# its end, its "Table of Contents / Next Chapter" links above and below the chapter counted. A redirect stub is
# counted whole (one sentence).
report_pages "$out" '
  my $i = index($s, "<body");
  $s = substr($s, $i) if $i >= 0;
  my $j = index($s, q{<p><font size="-1">});
  $s = substr($s, 0, $j) if $j >= 0;
  $s =~ s{<table class="(?:header|menu)".*?</table>}{ }gs;'
