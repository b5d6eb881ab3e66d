#!/usr/bin/env bash
# Build datasets/rust-std-docs/pages/ from a copy of Debian's rust-doc package, using the page list in pages.txt (one
# path a line, relative to the doc root; blank lines and text after '#' are ignored). The pages are not committed: run
# this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download rust-doc && dpkg-deb -x rust-doc_*.deb DIR
#   bash datasets/rust-std-docs/build-pages.sh DIR/usr/share/doc/rust-doc/html
# or install the package (as root) and use the default doc root (it depends on libjs-jquery, libjs-highlight.js,
# libjs-mathjax, fonts-open-sans and fonts-font-awesome):
#   apt-get install -y rust-doc
#   bash datasets/rust-std-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $RUST_STD_DOC_ROOT, else /usr/share/doc/rust-doc/html (where the package puts
# the rustdoc API documentation of std, core, alloc, proc_macro and test, and the mdBook books). Only twelve module
# folders of std/ are used, each whole with its subfolders: collections/, env/, ffi/, fs/, io/, net/, os/, path/,
# process/, sync/, thread/ and time/. pages/ keeps the doc root's folders, and a page is named by its path under
# pages/, the one questions.jsonl uses (std/collections/hash_map/struct.HashMap.html, std/sync/mpsc/fn.channel.html).
# The pages are copied byte for byte by copy_page_tree (pages-lib.sh); the package ships none of them compressed.
# pages/ is emptied first. Then the page count, the HTML bytes and a crude estimate of the visible text are printed
# (each page's text from rustdoc's <section id="main-content" on, up to </main>: without the <head>, the sidebar
# (<nav class="sidebar">: the item's methods and trait implementations as links, the module's items), the mobile top
# bar and the search form above the page, and without the <div id="rustdoc-vars"> after it; the "Trait
# Implementations", "Auto Trait Implementations" and "Blanket Implementations" sections at the end of every type
# page are counted. The 144 redirect stubs have neither marker and are counted whole: a title and one sentence).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${RUST_STD_DOC_ROOT:-/usr/share/doc/rust-doc/html}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" std/collections/hash_map/struct.HashMap.html "Rust standard library API documentation" \
  "Get it with 'apt-get download rust-doc && dpkg-deb -x rust-doc_*.deb DIR' (doc root DIR/usr/share/doc/rust-doc/html) or 'apt-get install -y rust-doc', and pass the doc root as the first argument or in \$RUST_STD_DOC_ROOT."

copy_page_tree "$root" "$list" "$out" "Rust standard library documentation"
# rustdoc 1.63's pages: <nav class="mobile-topbar"> and <nav class="sidebar"> (the logo, the item's name, its
# methods, trait implementations or the module's items as links), then <main>: the search form (<nav class="sub">,
# "Click or press 'S' to search"), then <section id="main-content" class="content"> with the page itself (the
# "Struct std::sync::Mutex" heading, the since-version, "source" and "[−]" links, the declaration, the collapsible
# "Expand description" docs, the methods and the implementation sections), then </main> and <div id="rustdoc-vars">.
report_page_tree "$out" '<section id="main-content"' '</main>'
