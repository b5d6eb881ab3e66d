import { HTMLElement } from "node-html-parser";
import { collapseWhitespace } from "../document.js";
import { memoizedPer } from "../../memoized.js";
import { HEADING_TAG } from "./page.js";

/**
 * Members that a class inherits, listed again on its page from their own class's pages: gi-docgen's "Methods
 * inherited from GObject (43)" with each one's summary, collapsed until the reader opens it, and Doxygen's rows
 * under "Public Member Functions inherited from Eigen::DenseBase< Derived >", hidden until their header row is
 * clicked (Eigen's `Matrix` page lists 383 such members beside its own 22). They are those pages' text: read on
 * every subclass's page, a question about a member finds each of them before the class that documents it.
 */
const INHERITED = /^[\p{L}\s]{1,60}\binherited from\b/iu;
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
