#!/usr/bin/env bash
# Build datasets/latex-docs/pages/ from a copy of Debian's texlive-latex-recommended-doc package, using the page
# list in pages.txt (one PDF a line, relative to the package's LaTeX documentation folder; blank lines and text
# after '#' are ignored). The PDFs are not committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download texlive-latex-recommended-doc && dpkg-deb -x texlive-latex-recommended-doc_*.deb DIR
#   bash datasets/latex-docs/build-pages.sh DIR/usr/share/doc/texlive-doc/latex
# or install the package (as root) and use the default doc root:
#   apt-get install -y texlive-latex-recommended-doc
#   bash datasets/latex-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $LATEX_DOC_ROOT, else /usr/share/doc/texlive-doc/latex (where the package
# puts it). Each package's manuals are copied into one flat folder with the '/' turned into '-'
# (float/float.pdf becomes float-float.pdf); that flat name is the one questions.jsonl uses. The PDFs are copied
# byte for byte; then their count and bytes are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${LATEX_DOC_ROOT:-/usr/share/doc/texlive-doc/latex}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" float/float.pdf "LaTeX package documentation" \
  "Get it with 'apt-get download texlive-latex-recommended-doc && dpkg-deb -x texlive-latex-recommended-doc_*.deb DIR' (doc root DIR/usr/share/doc/texlive-doc/latex) or 'apt-get install -y texlive-latex-recommended-doc', and pass the doc root as the first argument or in \$LATEX_DOC_ROOT."

copy_pages "$root" "$list" "$out" 1 "LaTeX documentation" pdf
echo "PDFs: $COPIED in $out"
echo "PDF bytes: $(cat "$out"/*.pdf | wc -c)"
