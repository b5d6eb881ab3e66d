import { HTMLElement } from "node-html-parser";
import { INDEX_SHARE, isIndexEntry, nonSpaceLength, pointsElsewhere } from "./link-index.js";

// Whether a whole page is an index of other pages (see INDEX_SHARE), and which of its blocks are the index's;
// link-index.ts tells an index's entries.

/** Fewer links than this is a short page of pointers (a redirect stub, "See: …"): what it says is those links. */
const INDEX_LINKS = 20;
/**
 * An index's entries are names and titles ("radians() (in module math)", "PEP 654: Exception Groups and except*");
 * links of more words on average are sentences (a bibliography, a changelog's entries), text of the page's own.
 */
const INDEX_WORDS_PER_LINK = 10;

/** Counts, as a page is read, the links to other pages of the site and the text written inside them. */
export class LinkTally {
  links = 0;
  /** Non-space characters of text written inside links to other pages. */
  chars = 0;
  private words = 0;
  private depth = 0;

  /**
   * Notes an element being entered; true when its text counts as the index's (a link to another page, or a term of
   * a back-of-book index: see {@link isIndexEntry}), to pass to {@link LinkTally.leave}.
   */
  enter(element: HTMLElement, tag: string): boolean {
    if (tag === "a" && pointsElsewhere(element.getAttribute("href"))) this.links++;
    else if (!isIndexEntry(element, tag)) return false;
    this.depth++;
    return true;
  }

  leave(entered: boolean): void {
    if (entered) this.depth--;
  }

  /** Notes text written at this point of the page. */
  text(text: string): void {
    if (this.depth === 0) return;
    this.chars += nonSpaceLength(text);
    this.words += text.split(/\s+/).filter((word) => word !== "").length;
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
 * text; not one holding a paragraph of its own text (an introduction beside the list in one wrapper), a listing
 * (whose linked names are code), or definition terms that head entries.
 */
export function isIndexBlock(block: HTMLElement, stats: LinkStats, measure: (element: HTMLElement) => LinkStats): boolean {
  if (stats.headings > 0 || stats.links < 2 || stats.link < INDEX_SHARE * stats.text) return false;
  const ownText = block.childNodes.some((child) => {
    if (!(child instanceof HTMLElement) || !/^(p|blockquote)$/i.test(child.tagName)) return false;
    const inner = measure(child);
    return inner.link < 0.5 * inner.text;
  });
  return !ownText && block.querySelector("pre") === null && block.querySelectorAll("dt[id]").every((term) => isIndexEntry(term, "dt"));
}
