/**
 * Writes small, valid PDF files by hand: one Helvetica text page per entry, so tests need no PDF tool.
 * `test/fixtures/docs/sample.pdf` was made with `makePdf(SAMPLE_PDF_PAGES, { title: SAMPLE_PDF_TITLE })`.
 */
export const SAMPLE_PDF_TITLE = "Write-Ahead Logging";
export const SAMPLE_PDF_PAGES: string[][] = [
  ["Write-Ahead Logging", "The default method by which SQLite implements atomic commit", "is a rollback journal."],
  ["Checkpointing", "A checkpoint moves the WAL content back into the database file."],
];

/** A bookmark of the PDF's outline: its title, the 0-based page it points at, and the bookmarks under it. */
export interface PdfBookmark {
  title: string;
  page: number;
  items?: readonly PdfBookmark[];
}

/**
 * `winAnsi`: the font uses WinAnsiEncoding and the file is written one byte a character (Latin-1), so a line can
 * hold "¨", "´" or a control character as one glyph, as a TeX-made PDF does; otherwise text should be ASCII.
 * `streams`: each page's content stream as written (PDF operators, font `/F1`), instead of one line after another.
 */
export function makePdf(
  pages: readonly (readonly string[])[],
  options: { title?: string; outline?: readonly PdfBookmark[]; winAnsi?: boolean; streams?: readonly string[] } = {},
): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add("");
  const pageTree = add("");
  const font = add(`<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica${options.winAnsi ? " /Encoding /WinAnsiEncoding" : ""} >>`);
  const pageIds = (options.streams ?? pages).map((page) => {
    const lines = typeof page === "string" ? [] : page;
    const stream =
      typeof page === "string" ? page : lines.length === 0 ? "" : `BT /F1 12 Tf 72 720 Td 14 TL ${lines.map((line) => `(${escape(line)}) '`).join(" ")} ET`;
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    return add(`<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`);
  });
  const outlines = options.outline === undefined ? undefined : addOutline(options.outline, pageIds, add, (id, body) => (objects[id - 1] = body));
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pageTree} 0 R${outlines === undefined ? "" : ` /Outlines ${outlines} 0 R`} >>`;
  objects[pageTree - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`;
  const info = options.title === undefined ? undefined : add(`<< /Title (${escape(options.title)}) >>`);

  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${info === undefined ? "" : ` /Info ${info} 0 R`} >>\nstartxref\n${xref}\n%%EOF\n`;
  if (!options.winAnsi) return new TextEncoder().encode(pdf);
  return Uint8Array.from(pdf, (c) => {
    const code = c.charCodeAt(0);
    if (code > 0xff) throw new Error(`makePdf: ${c} is not a Latin-1 character`);
    return code;
  });
}

function escape(text: string): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}

/** Writes an outline tree (PDF 1.4, 12.3.3): each item linked to its parent, siblings and children, with a page destination. */
function addOutline(
  bookmarks: readonly PdfBookmark[],
  pageIds: readonly number[],
  add: (body: string) => number,
  set: (id: number, body: string) => void,
): number {
  const root = add("");
  const level = (items: readonly PdfBookmark[], parent: number): { first: number; last: number; count: number } => {
    const ids = items.map(() => add(""));
    let count = ids.length;
    items.forEach((item, i) => {
      const children = item.items !== undefined && item.items.length > 0 ? level(item.items, ids[i]!) : undefined;
      if (children !== undefined) count += children.count;
      const links = [
        `/Parent ${parent} 0 R`,
        i > 0 ? `/Prev ${ids[i - 1]} 0 R` : "",
        i < ids.length - 1 ? `/Next ${ids[i + 1]} 0 R` : "",
        children === undefined ? "" : `/First ${children.first} 0 R /Last ${children.last} 0 R /Count ${children.count}`,
      ];
      set(ids[i]!, `<< /Title (${escape(item.title)}) ${links.join(" ")} /Dest [${pageIds[item.page]} 0 R /XYZ null null null] >>`);
    });
    return { first: ids[0]!, last: ids[ids.length - 1]!, count };
  };
  const top = level(bookmarks, root);
  set(root, `<< /Type /Outlines /First ${top.first} 0 R /Last ${top.last} 0 R /Count ${top.count} >>`);
  return root;
}
