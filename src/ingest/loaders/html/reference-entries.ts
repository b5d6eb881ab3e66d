import type { HTMLElement } from "node-html-parser";
import { collapseWhitespace } from "../document.js";
import { HEADING_TAG } from "./page.js";
import { memoizedPer } from "../../memoized.js";

/**
 * Headings that head nothing though a page sets them as headings: the "Name" over a DocBook reference entry's name
 * line, which heads the entry instead, and a footnote's mark over its note.
 */

/** The longest "name — purpose" line read as a reference entry's heading. */
const MAX_REFERENCE_NAME = 200;
/** How many of DocBook's reference entries a page (its root) holds, once counted. */
const referenceEntries = memoizedPer((root: HTMLElement) => root.querySelectorAll("div.refentry").length);

/**
 * The line naming a DocBook reference entry among others on one page, "ST_Buffer — Computes a geometry covering all
 * points within a given distance from a geometry." in the entry's `div.refnamediv`, under its `<h2>Name</h2>`: a
 * book set as one page (PostGIS's manual, 618 functions) has each function's "Synopsis", "Description" and "Examples"
 * as `<h2>`s beside its "Name", and read by rank, none of them is under the function. The line heads the entry, and
 * the "Name" heading heads nothing (the head is found though the `div.refnamediv` around it, opening with that
 * heading, is a section of its own inside the entry: see `openedSection`). A page of one entry (DocBook's chunked
 * pages: PostgreSQL's `CREATE TABLE`) is titled by it already, and reads as it did.
 */
export function referenceEntryName(div: HTMLElement): HTMLElement | undefined {
  if (!div.classList.contains("refentry")) return undefined;
  const name = div.querySelector("div.refnamediv > p");
  if (name === null || collapseWhitespace(name.text).length > MAX_REFERENCE_NAME) return undefined;
  let root = div;
  while (root.parentNode !== null) root = root.parentNode;
  return referenceEntries(root) >= 2 ? name : undefined;
}

/**
 * Whether a heading heads nothing: a footnote's mark (see {@link isFootnoteMark}), or the "Name" over a reference
 * entry's name line that heads the entry (see {@link referenceEntryName}).
 */
export function headsNothing(element: HTMLElement, text: string): boolean {
  const names = element.parentNode;
  const label = HEADING_TAG.test(element.tagName?.toLowerCase() ?? "") && names?.classList.contains("refnamediv") === true;
  if (label && names?.parentNode && referenceEntryName(names.parentNode) !== undefined) return true;
  return isFootnoteMark(element, text);
}

/**
 * A footnote's mark set as a heading over its note, which heads nothing: texinfo's `<h5>(23)</h5>`, and docutils'
 * `<dt class="label">1</dt>` in its list of footnotes or citations, whose brackets the style sheet draws, with the
 * back-references to where it is cited ("2(1,2)", "R1") or without.
 */
function isFootnoteMark(element: HTMLElement, text: string): boolean {
  const list = element.parentNode?.getAttribute("class") ?? "";
  if (element.classList.contains("label") && /\b(?:footnotes?|citation)\b/.test(list)) return true;
  return /^[([]\d{1,4}[)\]]$/.test(text) || (/^\d{1,3}$/.test(text) && /\bfootnotes?\b/.test(list));
}
