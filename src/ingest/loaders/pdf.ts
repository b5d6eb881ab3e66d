import { getDocumentProxy, getMeta, getResolvedPDFJS } from "unpdf";
import { limitError, DEFAULT_LIMITS } from "../limits.js";
import { collapseWhitespace, loadError, type LoadContext, type LoadedDocument, type Section } from "./document.js";

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
 * heading path in force there. The title comes from the PDF's document info.
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
    let content = "";
    const sections: Section[] = [];
    for (let i = 0; i < totalPages; i++) {
      const pageText = await readPageText(pdf, i + 1, maxChars - content.length);
      if (pageText === undefined) throw limitError(source, "maxDocumentChars", maxChars, `more than ${maxChars}`, "the extracted text length in characters");
      const clean = pageText
        .replace(/\r\n?/g, "\n")
        .replace(/[ \t]+\n/g, "\n")
        .trim();
      if (clean === "") continue;
      if (content !== "") content += PAGE_SEPARATOR;
      sections.push({ headings: [], start: content.length, end: content.length + clean.length, page: i + 1 });
      content += clean;
    }
    if (content === "") {
      throw loadError(source, `none of its ${totalPages} page(s) has extractable text: expected a PDF with a text layer. Run OCR on scanned PDFs first.`, {
        details: { reason: "empty", pages: totalPages },
      });
    }
    const title = typeof info.Title === "string" && info.Title.trim() !== "" ? info.Title.trim() : undefined;
    const headed = withHeadings(content, sections, await readOutline(pdf));
    return { content, ...(title === undefined ? {} : { title }), pages: totalPages, sections: headed };
  } finally {
    await pdf.destroy();
  }
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/**
 * One page's text, or undefined once it passes `budget` characters. Whole pages, not a cancelled text stream:
 * PDF.js rejects an internal promise nobody handles when its text stream is cancelled, which would take the
 * process down.
 */
async function readPageText(pdf: PdfDocument, pageNumber: number, budget: number): Promise<string | undefined> {
  const page = await pdf.getPage(pageNumber);
  try {
    const content = await page.getTextContent();
    let text = "";
    for (const item of content.items) {
      if (!("str" in item)) continue;
      text += item.str + (item.hasEOL ? "\n" : "");
      if (text.length > budget) return undefined;
    }
    return text;
  } finally {
    page.cleanup();
  }
}

/** One outline entry: the 1-based page it points at and its heading path. */
interface Bookmark {
  page: number;
  path: string[];
}

/** The most outline entries read, and how deep: an outline is a tree of any size a file cares to hold. */
const MAX_BOOKMARKS = 10_000;
const MAX_BOOKMARK_DEPTH = 16;

/**
 * The outline's entries that point at a page, depth first (the order they are listed in), each with its path.
 * A damaged outline or destination is skipped: bookmarks only add headings, and text without them loads as before.
 */
async function readOutline(pdf: PdfDocument): Promise<Bookmark[]> {
  let outline: Awaited<ReturnType<PdfDocument["getOutline"]>> | null;
  try {
    outline = await pdf.getOutline();
  } catch {
    return [];
  }
  const bookmarks: Bookmark[] = [];
  const walk = async (items: readonly { title?: unknown; dest?: unknown; items?: unknown }[], parents: string[]): Promise<void> => {
    for (const item of items) {
      if (bookmarks.length >= MAX_BOOKMARKS) return;
      const title = collapseWhitespace(typeof item.title === "string" ? item.title : "").slice(0, 300);
      if (title === "") continue;
      const path = [...parents, title];
      const page = await destinationPage(pdf, item.dest);
      if (page !== undefined) bookmarks.push({ page, path });
      if (Array.isArray(item.items) && path.length < MAX_BOOKMARK_DEPTH) await walk(item.items, path);
    }
  };
  await walk(outline ?? [], []);
  return bookmarks;
}

/** The 1-based page a destination (a name, or an explicit `[page, /XYZ …]` array) points at. */
async function destinationPage(pdf: PdfDocument, dest: unknown): Promise<number | undefined> {
  try {
    const explicit: unknown = typeof dest === "string" ? await pdf.getDestination(dest) : dest;
    const target: unknown = Array.isArray(explicit) ? explicit[0] : undefined;
    if (typeof target === "number" && Number.isInteger(target) && target >= 0) return target + 1;
    if (target !== null && typeof target === "object" && "num" in target) return (await pdf.getPageIndex(target as { num: number; gen: number })) + 1;
  } catch {
    // A destination that names no page gives no heading.
  }
  return undefined;
}

/**
 * Splits the page sections where the bookmarks' headings start. A bookmark starts at its title on its page
 * (its words in order, case and punctuation aside, searched after the previous heading on that page), or at the
 * page's top when the title is not in the text; a bookmark pointing at a page without text starts at the next
 * page with text. Each piece carries the heading path of the last heading before it.
 */
function withHeadings(content: string, pages: readonly Section[], bookmarks: readonly Bookmark[]): Section[] {
  if (bookmarks.length === 0) return [...pages];
  const marks: { offset: number; path: string[] }[] = [];
  let floor = 0;
  for (const bookmark of [...bookmarks].sort((a, b) => a.page - b.page)) {
    const page = pages.find((p) => (p.page ?? 0) >= bookmark.page);
    if (page === undefined) break;
    const from = Math.max(page.start, floor);
    const found = page.page === bookmark.page ? findTitle(content, bookmark.path[bookmark.path.length - 1] ?? "", from, page.end) : -1;
    floor = found === -1 ? from : found;
    marks.push({ offset: floor, path: bookmark.path });
  }
  const sections: Section[] = [];
  let next = 0;
  let path: string[] = [];
  for (const page of pages) {
    let start = page.start;
    while (next < marks.length && (marks[next]?.offset ?? Infinity) <= start) path = marks[next++]?.path ?? path;
    while (next < marks.length && (marks[next]?.offset ?? Infinity) < page.end) {
      const mark = marks[next++] as { offset: number; path: string[] };
      if (mark.offset > start) sections.push({ ...page, headings: path, start, end: mark.offset });
      start = Math.max(start, mark.offset);
      path = mark.path;
    }
    sections.push({ ...page, headings: path, start });
  }
  return sections;
}

/** Where a title's words occur as whole words, in order, in `content[from, to)`, whatever lies between them, or -1. */
function findTitle(content: string, title: string, from: number, to: number): number {
  const words = (title.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 24);
  if (words.length === 0) return -1;
  // Words are letters and digits only, so they need no escaping.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${words.join("[^\\p{L}\\p{N}]+")}(?![\\p{L}\\p{N}])`, "iu");
  const match = pattern.exec(content.slice(from, to));
  if (match === null) return -1;
  // A section number before the title on its line ("1.1 The R environment" for "The R environment") goes with it.
  const at = from + match.index;
  const line = content.lastIndexOf("\n", at - 1) + 1;
  return line >= from && /^[\d.]+[ \t]+$/.test(content.slice(line, at)) ? line : at;
}

/** Loads a `.pdf` file; `metadata.pages` is its page count. */
export async function loadPdfFile(file: LoadContext): Promise<LoadedDocument[]> {
  const parsed = await parsePdf(file.bytes, file.source, file.limits.maxDocumentChars);
  return [
    {
      id: file.source,
      content: parsed.content,
      ...(parsed.title === undefined ? {} : { title: parsed.title }),
      metadata: { source: file.source, format: "pdf", pages: parsed.pages },
      sections: parsed.sections,
    },
  ];
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
