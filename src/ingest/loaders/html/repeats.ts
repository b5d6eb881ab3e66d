import { HTMLElement, type Node, NodeType } from "node-html-parser";
import { collapseWhitespace } from "../document.js";
import { memoizedPer } from "../../memoized.js";
import { HEADING_TAG, placeOf } from "./page.js";

/**
 * Text a page says again: what a class inherits, and a summary over the full text it opens.
 *
 * Members that a class inherits, listed again on its page from their own class's pages: gi-docgen's "Methods
 * inherited from GObject (43)" with each one's summary, collapsed until the reader opens it, and Doxygen's rows
 * under "Public Member Functions inherited from Eigen::DenseBase< Derived >", hidden until their header row is
 * clicked (Eigen's `Matrix` page lists 383 such members beside its own 22). They are those pages' text: read on
 * every subclass's page, a question about a member finds each of them before the class that documents it.
 * Scaladoc's "Inherited from AnyRef" and "Inherited by implicit conversion …" groups, each a heading alone that a
 * script fills when the reader orders members by their origin, are such wrappers too.
 */
const INHERITED = /^[\p{L}\s]{0,60}\binherited (?:from|by)\b/iu;
/** The most elements a wrapper of inherited members holds: its heading, their list, and a note. */
const WRAPPER_PARTS = 3;
/** Whether a table has a header row of inherited members (Doxygen's `tr.inherit_header`), once asked. */
const inherits = memoizedPer((table: HTMLElement) => table.querySelectorAll("tr.inherit_header").some((row) => INHERITED.test(collapseWhitespace(row.text))));

/**
 * Whether `element` lists inherited members (see {@link INHERITED}): a wrapper that opens with a heading saying so
 * and holds little else, or a Doxygen table's row of them (`tr.inherit_header` saying so, or `tr.inherit` in a table
 * that has one).
 */
export function isInheritedMembers(element: HTMLElement, tag: string): boolean {
  if (tag === "tr") {
    if (element.classList.contains("inherit_header")) return INHERITED.test(collapseWhitespace(element.text));
    if (!element.classList.contains("inherit")) return false;
    const table = element.closest("table");
    return table !== null && inherits(table);
  }
  // Doxygen's "Additional Inherited Members": a table of nothing else under its heading row.
  if (tag === "table") {
    const own = (row: HTMLElement) => row.classList.contains("inherit") || row.classList.contains("inherit_header") || isHeadingRow(row);
    return inherits(element) && element.querySelectorAll("tr").every(own);
  }
  if (tag !== "div" && tag !== "section") return false;
  const parts = element.childNodes.filter((child): child is HTMLElement => child instanceof HTMLElement);
  const heading = parts[0];
  if (heading === undefined || parts.length > WRAPPER_PARTS || !HEADING_TAG.test(heading.tagName?.toLowerCase() ?? "")) return false;
  return INHERITED.test(collapseWhitespace(heading.text));
}

/** A table row that is a heading over the rows below it and nothing else (Doxygen's `tr.heading`). */
function isHeadingRow(row: HTMLElement): boolean {
  const heading = row.querySelector("h1, h2, h3, h4, h5, h6");
  return heading !== null && collapseWhitespace(heading.text) === collapseWhitespace(row.text);
}

/** The fewest and most characters, and the fewest words, of a summary said again (see {@link isFoldedSummary}). */
const SUMMARY_CHARACTERS = [20, 600] as const;
const SUMMARY_WORDS = 3;

/**
 * Whether `element` is a summary that the block right after it says again in full: Scaladoc's `<p
 * class="shortcomment">` over each member's `<div class="fullcomment">`, the first shown until the reader opens the
 * member, then the second, whose text opens with the same sentences. Read, every member's summary was said twice. A
 * paragraph or `<div>` of three words or more that ends a sentence, followed by a paragraph or `<div>` without
 * headings whose text begins with it. A short line that the next paragraph opens with (a paragraph set as a heading,
 * "The STARTING section") ends no sentence, and stays.
 */
export function isFoldedSummary(element: HTMLElement, tag: string): boolean {
  if (tag !== "p" && tag !== "div") return false;
  const next = nextBlock(element);
  const nextTag = next?.tagName?.toLowerCase();
  if (next === undefined || (nextTag !== "p" && nextTag !== "div")) return false;
  const [fewest, most] = SUMMARY_CHARACTERS;
  const text = textStart(element, most + 1);
  if (text.length < fewest || text.length > most || text.split(" ").length < SUMMARY_WORDS || !/[.!?]$/.test(text)) return false;
  const start = textStart(next, text.length + 1);
  return (start === text || start.startsWith(`${text} `)) && next.querySelector("h1, h2, h3, h4, h5, h6") === null;
}

/** The element right after `element`, when only white space stands between them (found by `placeOf`, not a scan). */
function nextBlock(element: HTMLElement): HTMLElement | undefined {
  const parent = element.parentNode;
  if (!parent) return undefined;
  const siblings = parent.childNodes;
  for (let place = placeOf(element) + 1; place < siblings.length; place++) {
    const node = siblings[place];
    if (node instanceof HTMLElement) return node;
    if (node?.text.trim() !== "") return undefined;
  }
  return undefined;
}

/** Elements whose text stands apart from the text before them, as a browser sets a block on a line of its own. */
const BLOCK = /^(?:p|div|section|blockquote|pre|ul|ol|li|dl|dt|dd|table|tr|td|th|br|h[1-6])$/i;

/**
 * The first `length` characters of `element`'s text, whitespace collapsed and its blocks a space apart ("Returns x."
 * then "Note" in the next paragraph: "Returns x. Note"), read no further than that.
 */
function textStart(element: HTMLElement, length: number): string {
  let raw = "";
  const read = (node: Node): boolean => {
    if (node.nodeType === NodeType.TEXT_NODE) raw += node.text;
    else {
      if (node !== element && node instanceof HTMLElement && BLOCK.test(node.tagName ?? "")) raw += " ";
      for (const child of node.childNodes) if (read(child)) return true;
    }
    return collapseWhitespace(raw).length > length;
  };
  read(element);
  return collapseWhitespace(raw).slice(0, length);
}
