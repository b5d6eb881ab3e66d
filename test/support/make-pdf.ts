/**
 * Writes small, valid PDF files by hand: one Helvetica text page per entry, so tests need no PDF tool.
 * `test/fixtures/docs/sample.pdf` was made with `makePdf(SAMPLE_PDF_PAGES, { title: SAMPLE_PDF_TITLE })`.
 */
export const SAMPLE_PDF_TITLE = "Write-Ahead Logging";
export const SAMPLE_PDF_PAGES: string[][] = [
  ["Write-Ahead Logging", "The default method by which SQLite implements atomic commit", "is a rollback journal."],
  ["Checkpointing", "A checkpoint moves the WAL content back into the database file."],
];

export function makePdf(pages: readonly (readonly string[])[], options: { title?: string } = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add("");
  const pageTree = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const pageIds = pages.map((lines) => {
    const stream = lines.length === 0 ? "" : `BT /F1 12 Tf 72 720 Td 14 TL ${lines.map((line) => `(${escape(line)}) '`).join(" ")} ET`;
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    return add(`<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`);
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pageTree} 0 R >>`;
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
  return new TextEncoder().encode(pdf);
}

function escape(text: string): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}
