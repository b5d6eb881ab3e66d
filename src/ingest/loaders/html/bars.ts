import { HTMLElement, NodeType } from "node-html-parser";
import { collapseWhitespace } from "../document.js";

/**
 * Bars of links that lead elsewhere in a document: a pager's "[ << ] [ Up ] [ Next ]" and an index's letters, which
 * the chrome filter drops wherever they stand.
 */

/** Not counted as text: whitespace and the separators of "previous | next", "[Top] [Contents]" and breadcrumb bars. */
export const SEPARATORS = /[\s\u00a0|·•◦»›«‹/<>[\]←→↑]+/g;
/** An arrow, drawn or typed ("→", "<<", "<-", "->"). */
const ARROW = "[-<>«»‹›←→↑]*[<>«»‹›←→↑][-<>«»‹›←→↑]*";
/**
 * What a pager's link says, brackets aside: a direction or a fixed place in the document, perhaps with an arrow
 * before or after it ("← prev", "next →", "<-previous", "[Top of Book]", "Table of Contents"), or an arrow alone.
 */
const PAGER_LINK = new RegExp(
  `^(?:${ARROW} ?)?(next|prev|previous|up|top|home|start|contents|table of contents|index|first|last)` +
    `( (page|chapter|section|topic)| of (the )?(book|page|document|manual))?(?: ?${ARROW})?$|^(${ARROW}|\\?)$`,
  "i",
);
/** The `rel` values of HTML's link types for sequences and fixed places. */
const PAGER_REL = new Set(["next", "prev", "previous", "up", "start", "first", "last", "contents", "index", "home"]);
/**
 * A bar of nothing but links to the next, previous, enclosing or first page, the contents and the index, with
 * at most labels such as "Next:" between them. Its links may sit amid the text, unlike a link bar's.
 */
export function isPager(element: HTMLElement): boolean {
  const links = element.querySelectorAll("a[href]");
  if (links.length < 2 || !links.every((link) => saysPager(link) || markedPager(link))) return false;
  const labels = ownText(element).replace(/\b(next|prev|previous|up|top|home|contents|index)\b/gi, "");
  return labels.replace(SEPARATORS, "").replace(/[:,;()]/g, "") === "";
}

/**
 * A link that is a pager's by both its words and its markup, wherever it stands: "<-previous" classed
 * "previous_page", "Next" with `rel="next"` (Exim's links stand loose in the page, in no bar to drop).
 */
export function isPagerLinkAlone(link: HTMLElement): boolean {
  return saysPager(link) && markedPager(link);
}

/** A link whose words, brackets aside, are a pager's (see {@link PAGER_LINK}). */
function saysPager(link: HTMLElement): boolean {
  const words = collapseWhitespace(link.text.replace(/[[\]]/g, " "));
  // A pager says a few words; on a long run of arrows the pattern would take quadratic time.
  return words.length <= MAX_PAGER_WORDS && PAGER_LINK.test(words);
}

/** The longest link text taken for a pager's: "‹ Previous chapter of the manual ›" and arrows around it. */
const MAX_PAGER_WORDS = 80;

/** A link whose `rel` or class says it leads along the document (see {@link isPagerClass}). */
function markedPager(link: HTMLElement): boolean {
  return PAGER_REL.has((link.getAttribute("rel") ?? "").toLowerCase()) || [...link.classList.values()].some(isPagerClass);
}

/**
 * A link's class that says it leads to the next or previous page or the contents (qdoc's "prevPage" and "nextPage",
 * "prev-link", Exim's "toc_page"),
 * whatever its text says (qdoc's is the other page's title).
 */
function isPagerClass(name: string): boolean {
  return name
    .replace(/([a-z])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .split(/[-_]+/)
    .some((part) => part === "prev" || part === "previous" || part === "next" || part === "toc");
}

/**
 * A bar of links to the letters of an index ("A B C … Z", "Jump to: ! % & A B", R's "A B … Z misc"): five links or
 * more, nearly all of one character, none over two but one short word, and nothing else but separators and a "Jump
 * to" label.
 */
export function isLetterBar(element: HTMLElement): boolean {
  const links = element.querySelectorAll("a[href]");
  if (links.length < 5) return false;
  const lengths = links.map((link) => collapseWhitespace(link.text).length);
  // Mostly single characters: a list of languages ("C Go R D JS Rust") or symbols ("H He Li Be B C") is content.
  const singles = lengths.filter((length) => length === 1).length;
  if (singles < 5 || singles < 0.8 * lengths.length || lengths.filter((length) => length > 2).length > 1 || lengths.some((length) => length > 12)) return false;
  return (
    ownText(element)
      .replace(/\bjump to\b:?/gi, "")
      .replace(SEPARATORS, "") === ""
  );
}

/** The text of `element` outside its links. */
export function ownText(element: HTMLElement): string {
  let text = "";
  for (const child of element.childNodes) {
    if (child.nodeType === NodeType.TEXT_NODE) text += child.text;
    else if (child instanceof HTMLElement && child.tagName?.toLowerCase() !== "a") text += ` ${ownText(child)} `;
  }
  return text;
}
