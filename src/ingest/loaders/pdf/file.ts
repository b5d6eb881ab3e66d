import { getDocumentProxy, getMeta, getResolvedPDFJS } from "unpdf";
import { limitError, DEFAULT_LIMITS } from "../../limits.js";
import { fileDocument, collapseWhitespace, loadError, type LoadContext, type LoadedDocument, type Section } from "../document.js";
import { readOutline, withHeadings } from "./outline.js";
import { withoutLeaders } from "./leaders.js";
import { cleanPageText, dehyphenated, largest, type PageText, titleOf, withAccentsOnLetters, withoutRunningLines } from "./text.js";

/** Text extracted from a PDF: pages joined by blank lines, sections by page and by the outline's headings. */
interface ParsedPdf {
  content: string;
  title?: string;
  pages: number;
  sections: Section[];
}

const PAGE_SEPARATOR = "\n\n";

/**
 * Extracts the text of each page with unpdf (a serverless build of PDF.js), joins the pages with blank lines
 * and gives each page with text a section carrying its 1-based `page`, so that chunks never straddle two
 * pages and can cite theirs. When the PDF has an outline (bookmarks), its entries are the headings: each starts
 * where its title is found on the page it points at (or at that page's top), so a page's sections carry the
 * heading path in force there. The title comes from the PDF's document info, else from the first line (see
 * {@link titleOf}). Running heads and feet (a chapter title or the document's name with the page number,
 * repeated at the top or bottom of every page) are left out (see {@link withoutRunningLines}), and so are the dot
 * leaders of its tables of contents and indexes with their page numbers (see {@link withoutLeaders}); words
 * hyphenated at a line's end are joined again (see {@link dehyphenated}).
 *
 * Pages are read one at a time (unpdf's extractText reads them all at once), so that extraction stops (with
 * `LIMIT_EXCEEDED`) at the first page that takes the text past `maxChars`: a small compressed PDF can inflate
 * to gigabytes. One page's own content stream is still inflated whole by PDF.js.
 *
 * @throws {RagError} `LOAD_FAILED` when the file is not a readable PDF or has no extractable text (a scan
 * without OCR, for example); `LIMIT_EXCEEDED` when its text is longer than `maxChars`.
 */
async function parsePdf(bytes: Uint8Array, source: string, maxChars: number = DEFAULT_LIMITS.maxDocumentChars): Promise<ParsedPdf> {
  await loadPdfJsQuietly();
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js may take ownership of (detach) the buffer it is given, so it gets a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (cause) {
    throw loadError(source, `the file is not a readable PDF (${(cause as Error).message}). Check that it is not damaged or password-protected.`, {
      cause,
      details: { reason: "unreadable" },
    });
  }
  try {
    const totalPages = pdf.numPages;
    const info = await getMeta(pdf).then(
      (meta) => meta.info,
      () => ({}) as Record<string, unknown>,
    );
    const pageTexts: PageText[] = [];
    let read = 0;
    // The line the first page with text sets in display type: the title, where the document info has none.
    let display: string | undefined;
    for (let i = 0; i < totalPages; i++) {
      const typeset = await readPageLines(pdf, i + 1, maxChars - read);
      if (typeset === undefined) throw limitError(source, "maxDocumentChars", maxChars, `more than ${maxChars}`, "the extracted text length in characters");
      const clean = cleanPageText(typeset.lines.map((line) => line.text).join("\n"));
      read += clean.length;
      if (clean === "") continue;
      if (pageTexts.length === 0) display = displayLine(typeset);
      pageTexts.push({ page: i + 1, text: clean });
    }
    let content = "";
    const sections: Section[] = [];
    // Where each line of a table of contents or an index starts in `content`.
    const entries = new Set<number>();
    for (const { page, text, entries: lines } of withoutLeaders(dehyphenated(withoutRunningLines(pageTexts)))) {
      if (text === "") continue;
      if (content !== "") content += PAGE_SEPARATOR;
      sections.push({ headings: [], start: content.length, end: content.length + text.length, page });
      for (const offset of lineOffsets(text, lines)) entries.add(content.length + offset);
      content += text;
    }
    if (content === "") {
      throw loadError(source, `none of its ${totalPages} page(s) has extractable text: expected a PDF with a text layer. Run OCR on scanned PDFs first.`, {
        details: { reason: "empty", pages: totalPages },
      });
    }
    const title = titleOf(info.Title, content, display);
    const headed = withHeadings(content, sections, await readOutline(pdf), entries);
    return { content, ...(title === undefined ? {} : { title }), pages: totalPages, sections: headed };
  } finally {
    await pdf.destroy();
  }
}

/** Where each of `lines` (0-based line numbers) starts in `text`. */
function lineOffsets(text: string, lines: readonly number[]): number[] {
  if (lines.length === 0) return [];
  const wanted = new Set(lines);
  const offsets: number[] = [];
  let at = 0;
  text.split("\n").forEach((line, i) => {
    if (wanted.has(i)) offsets.push(at);
    at += line.length + 1;
  });
  return offsets;
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** A page's lines as typeset: each line's text and its largest type size, and how many characters each size sets. */
interface TypesetPage {
  lines: { text: string; size: number }[];
  characters: Map<number, number>;
}

/**
 * One page's lines, or undefined once they pass `budget` characters. Whole pages, not a cancelled text stream:
 * PDF.js rejects an internal promise nobody handles when its text stream is cancelled, which would take the
 * process down.
 */
async function readPageLines(pdf: PdfDocument, pageNumber: number, budget: number): Promise<TypesetPage | undefined> {
  const page = await pdf.getPage(pageNumber);
  try {
    const content = await page.getTextContent();
    const lines: { text: string; size: number }[] = [];
    const characters = new Map<number, number>();
    let line = { text: "", size: 0 };
    let length = 0;
    // Where the last piece of text ended on its line: a piece that starts well to its right, or back to its left,
    // on the same line is another word (a margin note beside the line, a table's next cell), not the same word's
    // continuation.
    let end: { x: number; y: number } | undefined;
    for (const item of content.items) {
      if (!("str" in item)) continue;
      const [a = 0, b = 0, , , x = 0, y = 0] = item.transform as number[];
      const size = Math.hypot(a, b) || 1;
      // Backwards too: LaTeX's documentation sets a command's name in the left margin after its line.
      const apart = end !== undefined && Math.abs(y - end.y) < size / 2 && (x - end.x > WORD_GAP * size || end.x - x > size);
      // What the text so far ends with: this line's last character, else the line break before it.
      const before = line.text !== "" ? line.text : lines.length > 0 ? "\n" : "";
      const piece = apart && item.str !== "" && !/\s$/.test(before) && !/^\s/.test(item.str) ? ` ${item.str}` : item.str;
      line.text += piece;
      length += piece.length + (item.hasEOL ? 1 : 0);
      if (length > budget) return undefined;
      end = item.hasEOL ? undefined : { x: x + item.width, y };
      const rounded = Math.round(size * 10) / 10;
      if (item.str.trim() !== "") {
        line.size = Math.max(line.size, rounded);
        characters.set(rounded, (characters.get(rounded) ?? 0) + item.str.length);
      }
      if (item.hasEOL) {
        lines.push(line);
        line = { text: "", size: 0 };
      }
    }
    lines.push(line);
    return { lines, characters };
  } finally {
    page.cleanup();
  }
}

/** How much larger than the body's a title's type is, at the least. */
const DISPLAY_RATIO = 1.25;

/**
 * The first line set in the page's largest type, with the next one when it is set as large (a title wrapped onto
 * two lines), if that type is at least a quarter larger than the body's: the commonest size, by characters. Its
 * accents are put on their letters, as the page's text's are.
 */
function displayLine({ lines, characters }: TypesetPage): string | undefined {
  let body = 0;
  let most = 0;
  for (const [size, count] of characters) if (count > most) [body, most] = [size, count];
  const top = largest(lines.map((line) => line.size));
  if (body === 0 || top < DISPLAY_RATIO * body) return undefined;
  const at = lines.findIndex((line) => line.size === top);
  const next = lines[at + 1];
  const parts = [lines[at]?.text ?? "", ...(next !== undefined && next.size >= 0.95 * top ? [next.text] : [])];
  return withAccentsOnLetters(collapseWhitespace(parts.join(" ")));
}

/** The gap between two pieces of text on a line, in font sizes, past which they are two words (TeX's space is 0.33). */
const WORD_GAP = 0.2;

/** Loads a `.pdf` file; `metadata.pages` is its page count. */
export async function loadPdfFile(file: LoadContext): Promise<LoadedDocument[]> {
  const parsed = await parsePdf(file.bytes, file.source, file.limits.maxDocumentChars);
  return [fileDocument(file, { content: parsed.content, format: "pdf", title: parsed.title, sections: parsed.sections, details: { pages: parsed.pages } })];
}

let pdfJsReady: Promise<unknown> | undefined;

/**
 * The serverless PDF.js build prints "Please use the `legacy` build in Node.js environments." when it is
 * first imported, before any verbosity option can apply. It works in Node all the same, so that one line is
 * filtered out while the module loads.
 */
function loadPdfJsQuietly(): Promise<unknown> {
  pdfJsReady ??= (async () => {
    const log = console.log;
    console.log = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes("Please use the `legacy` build")) return;
      log(...args);
    };
    try {
      return await getResolvedPDFJS();
    } finally {
      console.log = log;
    }
  })();
  return pdfJsReady;
}
