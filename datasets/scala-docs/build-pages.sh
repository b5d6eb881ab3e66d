#!/usr/bin/env bash
# Build datasets/scala-docs/pages/ from a copy of Debian's scala-doc package, using the page list in pages.txt (one
# path a line, relative to the doc root; blank lines and text after '#' are ignored). The pages are not committed: run
# this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download scala-doc && dpkg-deb -x scala-doc_*.deb DIR
#   bash datasets/scala-docs/build-pages.sh DIR/usr/share/doc/scala-2.11/api/library
# or install the package (as root) and use the default doc root (it has no dependencies):
#   apt-get install -y scala-doc
#   bash datasets/scala-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $SCALA_DOC_ROOT, else /usr/share/doc/scala-2.11/api/library (where the package
# puts the Scala 2.11.12 standard library's Scaladoc: the frameset index.html, index.js, deprecated-list.html, the
# root package.html, the letter indexes index/index-*.html, the scripts and images of lib/ and the package folders
# under scala/; /usr/share/doc/scala-doc/html links to it, and the package's copyright file is in
# /usr/share/doc/scala-doc/). The package's other API trees (api/compiler, api/reflect, api/actors, api/scalap) are
# not used. Only part of the library is: the pages directly in scala/ and the folders scala/concurrent/, scala/io/,
# scala/math/, scala/sys/ and scala/util/ whole (with their subfolders). pages/ keeps those folders, and a page is
# named by its path under pages/, the one questions.jsonl uses (scala/util/Try.html, scala/concurrent/Future$.html).
# The pages are copied byte for byte by copy_page_tree (pages-lib.sh); the package ships none of them compressed.
# pages/ is emptied first. Then the page count, the HTML bytes and a crude estimate of the visible text are printed
# (each page's text from Scaladoc's <div id="definition"> on, up to <div id="tooltip">: without the <head> and its
# redirecting script, and without the footer; the member filter box (<div id="mbrsel">: "Ordering Alphabetic By
# Inheritance Inherited ... Hide All Show All Visibility Public All"), the hidden "Linear Supertypes" lists and every
# inherited member with its comment are counted).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${SCALA_DOC_ROOT:-/usr/share/doc/scala-2.11/api/library}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" scala/util/Try.html "Scala 2.11 standard library API documentation" \
  "Get it with 'apt-get download scala-doc && dpkg-deb -x scala-doc_*.deb DIR' (doc root DIR/usr/share/doc/scala-2.11/api/library) or 'apt-get install -y scala-doc', and pass the doc root as the first argument or in \$SCALA_DOC_ROOT."

copy_page_tree "$root" "$list" "$out" "Scala API documentation"
# Scaladoc 2.11's template pages: a <head> whose inline script sends a browser that opens the page by itself to the
# frameset ../../index.html#scala.util.Try; then <body class="type"> (or "value" for an object, "package" for a
# package page), <div id="definition"> (the owner "scala.util", the name as <h1>, "Related Docs: object Try | package
# util"), <h4 id="signature"> ("sealed abstract class Try[+T] extends AnyRef"), <div id="comment"> (the comment, the
# Source and Since attributes, the collapsed "Linear Supertypes" and "Known Subclasses" lists), <div id="mbrsel"> (the
# member filter box), <div id="template"> (Type Members, Abstract/Concrete Value Members, each with its signature, a
# one-line summary and the full comment again, inherited ones included, and the "Inherited from" and "Inherited by
# implicit conversion" groups), <div id="tooltip"></div> and <div id="footer"> (the copyright line).
report_page_tree "$out" '<div id="definition">' '<div id="tooltip">'
