import { getDocumentProxy, getMeta, getResolvedPDFJS } from "unpdf";
import { limitError, DEFAULT_LIMITS } from "../limits.js";
import { loadError, type LoadContext, type LoadedDocument, type Section } from "./document.js";

/** Text extracted from a PDF: pages joined by blank lines, one section per page with text. */
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
 * pages and can cite theirs. The title comes from the PDF's document info.
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
    return { content, ...(title === undefined ? {} : { title }), pages: totalPages, sections };
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
