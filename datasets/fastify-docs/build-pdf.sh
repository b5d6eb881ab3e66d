#!/usr/bin/env bash
# build-pdf.sh OUT: the Fastify pages as a word processor exports them to PDF, for measuring what the PDF path
# loses against the Markdown it came from (docs/retrieval.md, "The same pages as PDF"). Each Markdown page of
# pages/ (run build-pages.sh first) goes through pandoc to a .docx (Word's heading, list, table and code styles)
# and LibreOffice Writer exports that to PDF, with bookmarks from the headings as Word and Writer make by default;
# `--no-bookmarks` exports without them, as a printed web page has none. OUT gets pages/ with the same folders and
# names (.md becomes .pdf) and questions.jsonl, this set's questions with their relevant pages renamed, so that
# `libsql-rag eval OUT --match path` runs as on the Markdown. Needs pandoc and LibreOffice
# (`apt-get install --no-install-recommends pandoc libreoffice-writer-nogui`); about 15 s.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build-pdf.sh OUT [--no-bookmarks]}"
bookmarks=true
[ "${2:-}" = "--no-bookmarks" ] && bookmarks=false
[ -d "$here/pages" ] || { echo "run build-pages.sh first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$out/pages"
cd "$here/pages"
find . -name '*.md' | sort | while read -r page; do
  folder="$(dirname "$page")"
  mkdir -p "$work/$folder" "$out/pages/$folder"
  # --resource-path: the pages' images are not in the npm tarball, and pandoc puts their alt text in their place.
  pandoc --from gfm --to docx --resource-path "$here/pages/$folder" "$page" -o "$work/$folder/$(basename "$page" .md).docx" 2>/dev/null
done
filter="pdf:writer_pdf_Export:{\"ExportBookmarks\":{\"type\":\"boolean\",\"value\":\"$bookmarks\"}}"
(cd "$work" && find . -name '*.docx' -printf '%h\n' | sort -u) | while read -r folder; do
  soffice --headless --convert-to "$filter" --outdir "$out/pages/$folder" "$work/$folder"/*.docx >/dev/null 2>&1
done
sed 's/\.md"/.pdf"/g' "$here/questions.jsonl" > "$out/questions.jsonl"
echo "$(find "$out/pages" -name '*.pdf' | wc -l) PDFs in $out/pages (bookmarks: $bookmarks)"
