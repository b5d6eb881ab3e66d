import type { HTMLElement } from "node-html-parser";
import { memoizedPer } from "../../memoized.js";
import { INDEX_SHARE, inlineParts, isIndexEntry, nonSpaceLength, pointsElsewhere } from "./link-index.js";

// Whether a whole page is an index of other pages (see INDEX_SHARE), and which of its blocks are the index's;
// link-index.ts tells an index's entries.

/** Fewer links than this is a short page of pointers (a redirect stub, "See: …"): what it says is those links. */
const INDEX_LINKS = 20;
/**
 * An index's entries are names and titles ("radians() (in module math)", "PEP 654: Exception Groups and except*");
 * links of more words on average are sentences (a bibliography, a changelog's entries), text of the page's own.
 */
const INDEX_WORDS_PER_LINK = 10;

/** What an element entered counts as (see {@link LinkTally.enter}). */
export type Entered = false | "index" | "purpose";

/** Counts, as a page is read, the links to other pages of the site and the text written inside them. */
export class LinkTally {
  links = 0;
  /** Non-space characters of text written inside links to other pages (and in purpose lines: see `isPurposeEntry`). */
  chars = 0;
  private words = 0;
  private depth = 0;
  private purposes = 0;

  /**
   * Notes an element being entered; "index" when its text counts as the index's (a link to another page, or a term
   * of a back-of-book index: see {@link isIndexEntry}), "purpose" for a table of contents' entry with the linked
   * page's purpose (see {@link isPurposeEntry}), to pass to {@link LinkTally.leave}.
   */
  enter(element: HTMLElement, tag: string): Entered {
    if (tag === "a" && pointsElsewhere(element.getAttribute("href"))) this.links++;
    else if (isPurposeEntry(element, tag)) {
      this.purposes++;
      return "purpose";
    } else if (!isIndexEntry(element, tag)) return false;
    this.depth++;
    return "index";
  }

  leave(entered: Entered): void {
    if (entered === "index") this.depth--;
    if (entered === "purpose") this.purposes--;
  }

  /**
   * Notes text written at this point of the page. A purpose line's words are the linked page's summary, not a
   * link's: they count as the index's text but not as words of its links (which tell names from sentences).
   */
  text(text: string): void {
    if (this.depth === 0 && this.purposes === 0) return;
    this.chars += nonSpaceLength(text);
    if (this.depth > 0) this.words += text.split(/\s+/).filter((word) => word !== "").length;
  }

  /** True when `content`, the text the page gave with these links, is an index of other pages. */
  isIndex(content: string): boolean {
    const named = this.words <= INDEX_WORDS_PER_LINK * this.links;
    return this.links >= INDEX_LINKS && named && this.chars >= INDEX_SHARE * nonSpaceLength(content);
  }
}

/** The numbers {@link isIndexBlock} reads from a block: visible characters, those inside links, and links. */
export interface LinkStats {
  text: number;
  link: number;
  links: number;
  headings: number;
}

/**
 * On an index page, whether a block is a block of the index's links: no heading, two links or more, and 85% link
 * text; not one holding a paragraph of its own text (an introduction beside the list in one wrapper, or deeper in
 * wrappers of its own: DocBook's title page over a book's table of contents), a listing (whose linked names are
 * code), or definition terms that head entries.
 */
export function isIndexBlock(block: HTMLElement, stats: LinkStats, measure: (element: HTMLElement) => LinkStats): boolean {
  if (stats.headings > 0 || stats.links < 2 || stats.link < INDEX_SHARE * stats.text) return false;
  const ownText = block.querySelectorAll("p, blockquote").some((paragraph) => {
    if (paragraph.closest("li, dt, dd, td, th") !== block.closest("li, dt, dd, td, th")) return false;
    const inner = measure(paragraph);
    return inner.link < 0.5 * inner.text;
  });
  return !ownText && block.querySelector("pre") === null && block.querySelectorAll("dt[id]").every((term) => isIndexEntry(term, "dt"));
}

/** The most a table of contents' purpose line may hold, in characters other than spaces. */
const PURPOSE_CHARS = 200;

/**
 * A table of contents' entry that gives the linked page's purpose after its title: a link to another page of the
 * site, a dash, and a line of text with no other link, then nothing but the entries under it (DocBook's `<dt><a>Boxed
 * Types</a> — A mechanism to wrap opaque C structures registered by the type system</dt>`, as gtk-doc and
 * PostgreSQL's reference build them). The line opens the linked page too: on an index, it is the index's text.
 */
export function isPurposeEntry(element: HTMLElement, tag: string): boolean {
  return (tag === "dt" || tag === "li") && purposeEntry(element);
}

/**
 * {@link isPurposeEntry} for a `<dt>` or `<li>`, asked once per element: the link tally and, on an index, the chrome
 * filter's measure both ask of the same entries.
 */
const purposeEntry = memoizedPer((element: HTMLElement): boolean => {
  const parts = inlineParts(element, (a) => a.getAttribute("href") !== undefined, /^(ul|ol|dl)$/);
  const links = parts.filter((part): part is HTMLElement => typeof part !== "string");
  const [link] = links;
  if (links.length !== 1 || link === undefined || !pointsElsewhere(link.getAttribute("href"))) return false;
  const at = parts.indexOf(link);
  const before = parts.slice(0, at).join("");
  const after = parts.slice(at + 1).join("");
  if (before.trim() !== "") return false;
  return /^\s*[—–-]\s+\S/.test(after) && nonSpaceLength(after) <= PURPOSE_CHARS;
});
