#!/usr/bin/env bash
# Build datasets/celery-docs/pages/ from a copy of Debian's python-celery-doc package, using the page list in pages.txt
# (one path a line, relative to the HTML root; blank lines and text after '#' are ignored). The pages are not
# committed: run this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download python-celery-doc && dpkg-deb -x python-celery-doc_*.deb DIR
#   bash datasets/celery-docs/build-pages.sh DIR/usr/share/doc/python-celery-doc/html
# or install the package (as root) and use the default doc root:
#   apt-get install -y python-celery-doc
#   bash datasets/celery-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $CELERY_DOC_ROOT, else /usr/share/doc/python-celery-doc/html (where the package
# puts the HTML). pages/ keeps the doc root's folders (userguide/, reference/, internals/reference/, _modules/celery/app/,
# getting-started/backends-and-brokers/, ...): a page is named by its path under pages/, the one questions.jsonl uses
# (userguide/tasks.html). The pages are copied byte for byte by copy_page_tree (pages-lib.sh); the one page the package ships
# compressed, changelog.html (as changelog.html.gz), is decompressed. pages/ is emptied first. Then the page count, the
# HTML bytes and a crude estimate of the visible text are printed (each page's <div class="body" role="main">, up to
# the sidebar: without the navigation bars above and below, the previous/next topic links, the "Show Source" link,
# the search box and the footer; the version banner at the top of the body is counted).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${CELERY_DOC_ROOT:-/usr/share/doc/python-celery-doc/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" userguide/tasks.html "Celery documentation" \
  "Get it with 'apt-get download python-celery-doc && dpkg-deb -x python-celery-doc_*.deb DIR' (doc root DIR/usr/share/doc/python-celery-doc/html) or 'apt-get install -y python-celery-doc', and pass the doc root as the first argument or in \$CELERY_DOC_ROOT."

copy_page_tree "$root" "$list" "$out" "Celery documentation"
# sphinx_celery's theme (Sphinx's classic layout): the page's text is <div class="body" role="main">, followed by
# <div class="sphinxsidebar">.
report_page_tree "$out" '<div class="body" role="main">' '<div class="sphinxsidebar"'
