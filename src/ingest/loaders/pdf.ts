import { getDocumentProxy, getMeta, getResolvedPDFJS } from "unpdf";
import { limitError, DEFAULT_LIMITS } from "../limits.js";
import { collapseWhitespace, loadError, MAX_HEADING_LENGTH, type LoadContext, type LoadedDocument, type Section } from "./document.js";

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
 * repeated at the top or bottom of every page) are left out (see {@link withoutRunningLines}), and words
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
    const pageTexts: { page: number; text: string }[] = [];
    let read = 0;
    // The line the first page with text sets in display type: the title, where the document info has none.
    let display: string | undefined;
    for (let i = 0; i < totalPages; i++) {
      const pageText = await readPageText(pdf, i + 1, maxChars - read);
      if (pageText === undefined) throw limitError(source, "maxDocumentChars", maxChars, `more than ${maxChars}`, "the extracted text length in characters");
      const clean = withAccentsOnLetters(pageText.text)
        .replace(/\r\n?/g, "\n")
        // Control characters (a font's ESC, ^P or NUL codes) are no text, and NUL has no place in a SQL string.
        .replace(/(?![\n\t])\p{Cc}/gu, "")
        // From the first blank of a run only: retried from every blank, a long run would take quadratic time.
        .replace(/(?<![ \t])[ \t]+\n/g, "\n")
        .trim();
      read += clean.length;
      if (clean !== "" && pageTexts.length === 0 && pageText.display !== undefined) display = withAccentsOnLetters(pageText.display);
      if (clean !== "") pageTexts.push({ page: i + 1, text: clean });
    }
    let content = "";
    const sections: Section[] = [];
    for (const { page, text } of dehyphenated(withoutRunningLines(pageTexts))) {
      if (text === "") continue;
      if (content !== "") content += PAGE_SEPARATOR;
      sections.push({ headings: [], start: content.length, end: content.length + text.length, page });
      content += text;
    }
    if (content === "") {
      throw loadError(source, `none of its ${totalPages} page(s) has extractable text: expected a PDF with a text layer. Run OCR on scanned PDFs first.`, {
        details: { reason: "empty", pages: totalPages },
      });
    }
    const title = titleOf(info.Title, content, display);
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
async function readPageText(pdf: PdfDocument, pageNumber: number, budget: number): Promise<PageText | undefined> {
  const page = await pdf.getPage(pageNumber);
  try {
    const content = await page.getTextContent();
    let text = "";
    // Each line's text and largest type, and how many characters each type size sets: the body's is the commonest.
    const lines: { text: string; size: number }[] = [];
    let line = { text: "", size: 0 };
    const characters = new Map<number, number>();
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
      if (apart && item.str !== "" && !/\s$/.test(text) && !/^\s/.test(item.str)) {
        text += " ";
        line.text += " ";
      }
      text += item.str + (item.hasEOL ? "\n" : "");
      end = item.hasEOL ? undefined : { x: x + item.width, y };
      if (text.length > budget) return undefined;
      const rounded = Math.round(size * 10) / 10;
      if (item.str.trim() !== "") {
        line.size = Math.max(line.size, rounded);
        characters.set(rounded, (characters.get(rounded) ?? 0) + item.str.length);
      }
      line.text += item.str;
      if (item.hasEOL) {
        lines.push(line);
        line = { text: "", size: 0 };
      }
    }
    lines.push(line);
    return { text, display: displayLine(lines, characters) };
  } finally {
    page.cleanup();
  }
}

/** A page's text, and the line set in its largest type when that is clearly larger than the body's (a title). */
interface PageText {
  text: string;
  display: string | undefined;
}

/** How much larger than the body's a title's type is, at the least. */
const DISPLAY_RATIO = 1.25;

/**
 * The first line set in the page's largest type, with the next one when it is set as large (a title wrapped onto
 * two lines), if that type is at least a quarter larger than the body's: the commonest size, by characters.
 */
function displayLine(lines: readonly { text: string; size: number }[], characters: ReadonlyMap<number, number>): string | undefined {
  let body = 0;
  let most = 0;
  for (const [size, count] of characters) if (count > most) [body, most] = [size, count];
  const largest = Math.max(0, ...lines.map((line) => line.size));
  if (body === 0 || largest < DISPLAY_RATIO * body) return undefined;
  const at = lines.findIndex((line) => line.size === largest);
  const next = lines[at + 1];
  const parts = [lines[at]?.text ?? "", ...(next !== undefined && next.size >= 0.95 * largest ? [next.text] : [])];
  return collapseWhitespace(parts.join(" "));
}

/** The gap between two pieces of text on a line, in font sizes, past which they are two words (TeX's space is 0.33). */
const WORD_GAP = 0.2;

/** How many lines at the top and at the bottom of a page may be a running head or foot. */
const RUNNING_ZONE = 2;
/** The longest line taken for a running head or foot. */
const MAX_RUNNING_LENGTH = 120;
/** A page number alone, or with its label: "4", "- 4 -", "Page 4", "4 of 10", "Page 4 of 10". */
const PAGE_NUMBER = /^(?:page\s+)?[-–—([]?\s*(\d{1,5})\s*[-–—)\]]?(?:\s*(?:of|\/)\s*\d+)?$/i;
/** A front-matter page number: a lower-case roman numeral alone ("iv"); "CLI" or "MIDI" is a word. */
const ROMAN_PAGE_NUMBER = /^[-–—([]?\s*[ivxlc]+\s*[-–—)\]]?$/;
type Zone = "top" | "bottom";

/**
 * The pages without their running heads and feet: the lines a typesetter repeats at the top or the bottom of
 * every page ("Chapter 1: Introduction and preliminaries 4", "RFC 9110  HTTP Semantics  June 2022", "Page 4 of
 * 10"). Only a page's first or last two lines are looked at, and one of them counts as a head or foot when
 * - it is the page's printed number alone: a number that, in that place, follows the PDF's page order at one
 *   offset on at least three pages and a fifth of them; or a lower-case roman numeral alone;
 * - it begins or ends with that printed number and, that number aside, stands in that place on another page too
 *   ("par 412" and "413 par" over one topic of a reference manual whose heads change with every topic);
 * - it has words and, digits aside, stands in the same place on at least three pages, with a number that moves
 *   with the page (a page number) or on half the pages or more;
 * - or it is a top line with a number, or in capitals, that comes back every second page four times in a row (a
 *   book's chapter head over its left-hand pages, "10. FLOATS AND CAPTIONS", and its section head over the
 *   right-hand ones).
 * A row of numbers is never a head (it has no words), nor is a numbered title that stands on one page only
 * ("1. Introduction" on a slide). Lines in the body of a page are never touched, and a page keeps its text if
 * nothing else is left.
 */
function withoutRunningLines(pages: readonly { page: number; text: string }[]): { page: number; text: string }[] {
  const keyOf = (line: string) => {
    const trimmed = collapseWhitespace(line).toLowerCase();
    return trimmed.length === 0 || trimmed.length > MAX_RUNNING_LENGTH ? undefined : trimmed.replace(/\d+/g, "#");
  };
  const hasWords = (key: string) => (key.match(/\p{L}/gu) ?? []).length >= 3;
  const numbersOf = (line: string) => (line.length > MAX_RUNNING_LENGTH ? [] : (line.match(/\d{1,5}/g) ?? []).map(Number));
  const edgeNumber = (line: string): number | undefined => {
    const match = /^\s*(\d{1,5})\b|\b(\d{1,5})\s*$/.exec(line.length > MAX_RUNNING_LENGTH ? "" : line);
    return match === null ? undefined : Number(match[1] ?? match[2]);
  };
  const split = pages.map(({ text }) => text.split("\n"));
  const zonesOf = (lines: readonly string[]): [Zone, string[]][] => [
    ["top", lines.slice(0, RUNNING_ZONE)],
    ["bottom", lines.slice(-RUNNING_ZONE)],
  ];
  // Per zone and line key: on how many pages it stands there, and, per offset between the page and a number of
  // the line, on how many pages that offset holds (a page number's is the same on every page).
  const keys = new Map<string, { pages: number; steps: Map<number, number> }>();
  // Per zone, on how many pages each line stands with its first or last number left out ("par" for both "par 412"
  // and "413 par").
  const bareKeys = new Map<string, number>();
  const bareOf = (key: string) => key.replace(/^#\s*|\s*#$/, "").trim();
  // Per zone, the same offsets for the number a line begins or ends with: the zone's printed page numbering.
  const offsets = new Map<string, number>();
  // Per top line key: the page it last stood on, the run of returns two pages later, and the longest run.
  const alternating = new Map<string, { last: number; run: number; best: number }>();
  pages.forEach(({ page }, i) => {
    const lines = split[i] ?? [];
    const seenKeys = new Set<string>();
    const seenOffsets = new Set<string>();
    for (const [zone, zoneLines] of zonesOf(lines)) {
      for (const line of zoneLines) {
        const key = keyOf(line);
        if (key === undefined) continue;
        const edge = edgeNumber(line);
        if (edge !== undefined) seenOffsets.add(`${zone} ${page - edge}`);
        if (!seenKeys.has(`${zone} bare ${bareOf(key)}`)) {
          seenKeys.add(`${zone} bare ${bareOf(key)}`);
          bareKeys.set(`${zone} ${bareOf(key)}`, (bareKeys.get(`${zone} ${bareOf(key)}`) ?? 0) + 1);
        }
        if (seenKeys.has(`${zone} ${key}`)) continue;
        seenKeys.add(`${zone} ${key}`);
        const entry = keys.get(`${zone} ${key}`) ?? { pages: 0, steps: new Map<number, number>() };
        entry.pages++;
        for (const step of new Set(numbersOf(line).map((n) => page - n))) entry.steps.set(step, (entry.steps.get(step) ?? 0) + 1);
        keys.set(`${zone} ${key}`, entry);
        if (zone === "top") {
          const seen = alternating.get(key);
          const run = seen !== undefined && page - seen.last === 2 ? seen.run + 1 : 0;
          alternating.set(key, { last: page, run, best: Math.max(run, seen?.best ?? 0) });
        }
      }
    }
    for (const offset of seenOffsets) offsets.set(offset, (offsets.get(offset) ?? 0) + 1);
  });
  const numbering = new Map<Zone, number>();
  for (const zone of ["top", "bottom"] as const) {
    let best: [number, number] | undefined;
    for (const [key, n] of offsets) if (key.startsWith(`${zone} `) && (best === undefined || n > best[1])) best = [Number(key.slice(zone.length + 1)), n];
    if (best !== undefined && best[1] >= 3 && best[1] >= pages.length / 5) numbering.set(zone, best[0]);
  }
  const running = (zone: Zone, line: string, page: number): boolean => {
    const key = keyOf(line);
    if (key === undefined) return false;
    const trimmed = line.trim();
    const entry = keys.get(`${zone} ${key}`);
    const offset = numbering.get(zone);
    const printed = offset !== undefined && edgeNumber(line) === page - offset;
    if (PAGE_NUMBER.test(trimmed)) return printed;
    if (pages.length >= 2 && ROMAN_PAGE_NUMBER.test(trimmed)) return true;
    if (printed && (bareKeys.get(`${zone} ${bareOf(key)}`) ?? 0) >= 2) return true;
    if (!hasWords(key) || entry === undefined) return false;
    const alternate = zone === "top" && (alternating.get(key)?.best ?? 0) >= 3 && (/\d/.test(line) || !/\p{Ll}/u.test(line));
    if (alternate) return true;
    const withPage = Math.max(0, ...entry.steps.values()) >= 3;
    return entry.pages >= 3 && (withPage || entry.pages > pages.length / 2);
  };
  return pages.map(({ page, text }, i) => {
    const lines = split[i] ?? [];
    let top = 0;
    while (top < Math.min(RUNNING_ZONE, lines.length) && running("top", lines[top] ?? "", page)) top++;
    let bottom = lines.length;
    while (bottom > Math.max(top, lines.length - RUNNING_ZONE) && running("bottom", lines[bottom - 1] ?? "", page)) bottom--;
    const kept = lines.slice(top, bottom).join("\n").trim();
    return { page, text: kept === "" ? text : kept };
  });
}

/** Spacing accents (not the ASCII `, ^ and ~) and the combining marks they stand for. */
const SPACING_ACCENTS: Record<string, string> = {
  "\u00a8": "\u0308", // ¨ diaeresis
  "\u00b4": "\u0301", // ´ acute
  "\u02c6": "\u0302", // ˆ circumflex
  "\u02dc": "\u0303", // ˜ tilde
  "\u00b8": "\u0327", // ¸ cedilla
  "\u02c7": "\u030c", // ˇ caron
  "\u02d8": "\u0306", // ˘ breve
  "\u02d9": "\u0307", // ˙ dot above
  "\u02da": "\u030a", // ˚ ring above
  "\u02dd": "\u030b", // ˝ double acute
  "\u00af": "\u0304", // ¯ macron
};
const SPLIT_ACCENT = /([\u00a8\u00b4\u02c6\u02dc\u00b8\u02c7\u02d8\u02d9\u02da\u02dd\u00af])(\p{L})/gu;

/**
 * TeX's Type 1 fonts draw an accent as a glyph of its own before the letter, and PDF.js extracts it as a spacing
 * accent: "Schr¨oder", "B¨ottcher". Each such accent before a letter is put on the letter ("Schröder"), so the
 * word is found as written elsewhere.
 */
function withAccentsOnLetters(text: string): string {
  return text.replace(SPLIT_ACCENT, (match: string, accent: string, letter: string, at: number, whole: string) => {
    // "Don´t", "Peter´s": an acute used as an apostrophe; "~/˜user": a URL's tilde.
    if (accent === "\u00b4" && /^[st]$/i.test(letter) && !/\p{L}/u.test(whole[at + 2] ?? "")) return match;
    if (accent === "\u02dc" && /[/:]/.test(whole[at - 1] ?? "")) return match;
    // TeX accents a dotless i or j ("D´ıaz"): the accented letter is the dotted one's.
    const base = letter === "\u0131" ? "i" : letter === "\u0237" ? "j" : letter;
    return `${base}${SPACING_ACCENTS[accent] ?? ""}`.normalize("NFC");
  });
}

/**
 * A word broken at the end of a line by a hyphen, and its rest at the start of the next: "com-\nmand is",
 * "state-of-\nthe-art". It starts where a word does, so that a long run of letters is read once, not once per letter.
 */
const BROKEN_WORD = /(?<![\p{L}-])(\p{L}+(?:-\p{L}+)*)-\n(\p{Ll}+(?:-\p{L}+)*)(\S*)[^\S\n]*/gu;
/** The words after a suspended hyphen ("pre- and post-processing"), which is no broken word. */
const SUSPENDED = new Set(["and", "or", "nor", "to", "und", "oder", "et", "ou"]);

/**
 * The pages with the words a typesetter hyphenated at a line's end joined again ("com-" + "mand" gives
 * "command", the line break moved after it), so that the keyword index and the embedder see the word. A break
 * keeps its hyphen when the document writes the word with one elsewhere and never without ("well-known"); a
 * break only joins a lower-case rest, so "Jean-\nPierre" and a dash before a capital stay as they are. A compound
 * broken at one of its hyphens keeps it ("end-to-end"), and a suspended hyphen ("pre- and post-") stays.
 */
function dehyphenated(pages: readonly { page: number; text: string }[]): { page: number; text: string }[] {
  const words = new Set<string>();
  for (const { text } of pages) for (const word of text.toLowerCase().match(/\p{L}+(?:-\p{L}+)*/gu) ?? []) words.add(word);
  return pages.map(({ page, text }) => ({
    page,
    text: text.replace(BROKEN_WORD, (match: string, head: string, rest: string, tail: string, at: number, whole: string) => {
      if (SUSPENDED.has(rest)) return match;
      const joined = `${head}${rest}`;
      const hyphened = `${head}-${rest}`;
      // A compound broken at one of its hyphens ("end-" "to-end") keeps it, as does a word the document writes
      // with a hyphen elsewhere and never without.
      const compound = head.includes("-") || rest.includes("-");
      const keep = compound || (!words.has(joined.toLowerCase()) && words.has(hyphened.toLowerCase()));
      // The line break moves after the word and what sticks to it ("ment."), unless the line ended there.
      const next = whole[at + match.length];
      return `${keep ? hyphened : joined}${tail}${next === undefined || next === "\n" ? "" : "\n"}`;
    }),
  }));
}

/** A document title that is only its file's name, as dvips and office suites write it ("float.dvi", "Microsoft Word - report.docx"). */
const FILE_NAME_TITLE = /^(?:microsoft (?:word|powerpoint|excel) - .*|.*\.(?:dvi|tex|ps|eps|pdf|docx?|odt|rtf|txt|pptx?|xlsx?|md|html?|indd))$/i;
/** The longest first line taken as a title, in characters and in words. */
const MAX_TITLE_LINE = 100;
const MAX_TITLE_WORDS = 12;

/**
 * The PDF's title: its document info's, unless that is empty or only a file name; else the line its first page
 * sets in display type, clearly larger than the body's (a paper's title, not the "Published as a conference paper
 * at ICLR" above it); else the first line of the text with three letters or more, within its first three lines,
 * when it is short enough to be a title and holds no sentence break (the "The float package" a LaTeX manual starts
 * with). Footnote marks are dropped.
 */
function titleOf(infoTitle: unknown, content: string, display?: string): string | undefined {
  const given = typeof infoTitle === "string" ? collapseWhitespace(infoTitle) : "";
  if (given !== "" && !FILE_NAME_TITLE.test(given)) return given;
  const shown =
    display === undefined || display.length > 2 * MAX_TITLE_LINE ? undefined : display.replace(/(?<=\p{L})[∗†‡]+/gu, "").replace(/[\s∗*†‡§:—–-]+$/u, "");
  const words = shown?.split(" ").length ?? 0;
  if (shown !== undefined && (shown.match(/\p{L}/gu) ?? []).length >= 3 && shown.length <= 2 * MAX_TITLE_LINE && words <= 2 * MAX_TITLE_WORDS) return shown;
  const lines = content.split("\n", 4);
  for (const [i, line] of lines.slice(0, 3).entries()) {
    // A line too long to be a title is not read further (a first line of 100,000 dashes).
    if (line.length > 4 * MAX_TITLE_LINE) {
      if (/\p{L}/u.test(line)) return undefined;
      continue;
    }
    const text = collapseWhitespace(line)
      .replace(/(?<=\p{L})[∗†‡]+/gu, "")
      .replace(/[\s∗*†‡§:—–-]+$/u, "");
    if ((text.match(/\p{L}/gu) ?? []).length < 3) continue;
    // A sentence, or the start of one, is text: a title is a few words without a full stop inside.
    // A line the next one carries on in lower case is the start of a sentence.
    const continued = /^\s*\p{Ll}/u.test(lines[i + 1] ?? "");
    const titleLike = text.length <= MAX_TITLE_LINE && text.split(" ").length <= MAX_TITLE_WORDS && !/[.!?]\s+\S/u.test(text) && !continued;
    return titleLike ? text : undefined;
  }
  return undefined;
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
      const title = collapseWhitespace(typeof item.title === "string" ? item.title : "").slice(0, MAX_HEADING_LENGTH);
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
 * Splits the page sections where the bookmarks' headings start. A bookmark starts at the line that begins with
 * its title on the page it points at (words compared without case or punctuation, a section number such as
 * "2.1", "IV." or "Chapter 3" allowed before it, a title wrapped onto the next line allowed): the first such line
 * after the page's previous heading, else the first on the page. A title found on no line starts at the page's
 * top unless a heading was found on the page before it (then it is left out: placed at the top it would take
 * that heading's text); a bookmark to a page without text starts at the next page with text. Each piece carries
 * the heading path of the last heading before it, and of bookmarks starting at one place, the last listed.
 */
function withHeadings(content: string, pages: readonly Section[], bookmarks: readonly Bookmark[]): Section[] {
  if (bookmarks.length === 0) return [...pages];
  const marks: { offset: number; path: string[] }[] = [];
  const indexes = new Map<Section, PageLines>();
  // Bookmarks in page order, so the first page with text at or after each one is found by walking forward.
  let at = 0;
  for (const bookmark of [...bookmarks].sort((a, b) => a.page - b.page)) {
    while (at < pages.length && (pages[at]?.page ?? 0) < bookmark.page) at++;
    const page = pages[at];
    if (page === undefined) break;
    const lines = indexes.get(page) ?? new PageLines(content, page);
    indexes.set(page, lines);
    const offset = page.page === bookmark.page ? lines.find(bookmark.path[bookmark.path.length - 1] ?? "") : undefined;
    if (offset !== undefined) {
      marks.push({ offset, path: bookmark.path });
      lines.found = true;
    } else if (!lines.found) marks.push({ offset: page.start, path: bookmark.path });
  }
  // Stable: bookmarks that start at one place keep their outline order, and the last one's path wins.
  marks.sort((a, b) => a.offset - b.offset);
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

/** A heading's number before its title: "2.1", "A.1", "IV.", "B)", "§ 3", "Chapter 3", "Appendix B.2:". */
const SECTION_NUMBER =
  /^(?:(?:chapter|part|section|appendix)\s+(?:\d+|[ivxlcdm]+|[a-z])(?:\.\d+)*[.):]?|§+\s*\d+(?:\.\d+)*[.):]?|\d+(?:\.\d+)*[.):]?|[a-z](?:\.\d+)+[.):]?|[ivxlcdm]+[.):]|[a-z][.):])\s+/iu;
/** A table of contents line: leader dots, then a page number. */
const CONTENTS_LINE = /(?:\.\s*){3,}\d+\s*$/;
/** How many lines starting with a title's first word are compared with it: a bound on hostile pages. */
const MAX_CANDIDATES = 256;

/** Words without case or punctuation, space-separated: how titles and line starts are compared. */
function wordsOf(text: string, limit = 24): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, limit).join(" ");
}

/** A line that may begin with a title: its words (a section number left out, or not) and the next line's. */
interface LineStart {
  line: number;
  offset: number;
  own: string;
  following: string;
}

/** One page's lines, indexed by their first word (with and without a section number before it). */
class PageLines {
  /** Whether a heading was found on this page's lines. */
  found = false;
  private readonly byFirstWord = new Map<string, LineStart[]>();
  private readonly used = new Set<number>();
  private after = -1;

  constructor(content: string, page: Section) {
    const lines: { offset: number; raw: string }[] = [];
    let offset = page.start;
    for (const raw of content.slice(page.start, page.end).split("\n")) {
      lines.push({ offset, raw });
      offset += raw.length + 1;
    }
    lines.forEach(({ offset: at, raw }, i) => {
      const trimmed = raw.trim();
      if (CONTENTS_LINE.test(trimmed)) return;
      const following = wordsOf(lines[i + 1]?.raw ?? "");
      const unnumbered = trimmed.replace(SECTION_NUMBER, "");
      for (const start of unnumbered === trimmed ? [trimmed] : [trimmed, unnumbered]) {
        const own = wordsOf(start);
        if (own === "") continue;
        const first = own.split(" ", 1)[0] ?? "";
        const list = this.byFirstWord.get(first) ?? [];
        this.byFirstWord.set(first, list);
        list.push({ line: i, offset: at, own, following });
      }
    });
  }

  /**
   * Where the line that begins with `title` starts (see {@link withHeadings}), or undefined. A line that is the
   * title is preferred to one that is its start wrapped onto the next line, and both to a line that only begins
   * with it (a run-in heading, or a sentence).
   */
  find(title: string): number | undefined {
    const words = wordsOf(title);
    if (words === "") return undefined;
    const best: (LineStart | undefined)[] = [];
    let examined = 0;
    for (const c of this.byFirstWord.get(words.split(" ", 1)[0] ?? "") ?? []) {
      if (this.used.has(c.line)) continue;
      if (++examined > MAX_CANDIDATES) break;
      const joined = c.following === "" ? c.own : `${c.own} ${c.following}`;
      const rank =
        c.own === words
          ? 0
          : words.startsWith(`${c.own} `) && (joined === words || joined.startsWith(`${words} `))
            ? 1
            : c.own.startsWith(`${words} `)
              ? 2
              : -1;
      if (rank < 0) continue;
      // Within a rank, the first line after the page's previous heading, else the first on the page.
      const held = best[rank];
      if (held === undefined || (held.line <= this.after && c.line > this.after)) best[rank] = c;
    }
    const chosen = best.find((c) => c !== undefined);
    if (chosen === undefined) return undefined;
    this.used.add(chosen.line);
    this.after = chosen.line;
    return chosen.offset;
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
