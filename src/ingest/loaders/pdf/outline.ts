import type { getDocumentProxy } from "unpdf";
import { collapseWhitespace, MAX_HEADING_LENGTH, type Section } from "../document.js";

/**
 * A PDF's outline (bookmarks) as headings: the entries that point at a page, and the sections of the page text
 * split where each entry's title is found on its page.
 */

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

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
export async function readOutline(pdf: PdfDocument): Promise<Bookmark[]> {
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
 * the heading path of the last heading before it, and of bookmarks starting at one place, the last listed. No
 * heading starts at a line of a table of contents or an index: `entries` holds where each starts in `content`.
 */
export function withHeadings(content: string, pages: readonly Section[], bookmarks: readonly Bookmark[], entries: ReadonlySet<number> = new Set()): Section[] {
  if (bookmarks.length === 0) return [...pages];
  const marks: { offset: number; path: string[] }[] = [];
  const indexes = new Map<Section, PageLines>();
  // Bookmarks in page order, so the first page with text at or after each one is found by walking forward.
  let at = 0;
  for (const bookmark of [...bookmarks].sort((a, b) => a.page - b.page)) {
    while (at < pages.length && (pages[at]?.page ?? 0) < bookmark.page) at++;
    const page = pages[at];
    if (page === undefined) break;
    const lines = indexes.get(page) ?? new PageLines(content, page, entries);
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

  /** `entries`: where the lines of a table of contents or an index start in `content`, which no heading starts at. */
  constructor(content: string, page: Section, entries: ReadonlySet<number>) {
    const lines: { offset: number; raw: string }[] = [];
    let offset = page.start;
    for (const raw of content.slice(page.start, page.end).split("\n")) {
      lines.push({ offset, raw });
      offset += raw.length + 1;
    }
    lines.forEach(({ offset: at, raw }, i) => {
      if (entries.has(at)) return;
      const trimmed = raw.trim();
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
