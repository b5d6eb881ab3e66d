import { HTMLElement } from "node-html-parser";
import { memoizedPer } from "../../memoized.js";
import { decodeFragment } from "./page.js";

/** The most letters a note that points at chrome has: "Note Click here to download the full example code" has 43. */
export const MAX_POINTER_NOTE = 120;

/**
 * Whether every link of `note` leads to an element of `page`, outside the note, that `leftOut` says is chrome by its
 * name, or into one: sphinx-gallery's "Click here to download the full example code" over each example, a link to
 * the download buttons in its `div.sphx-glr-footer`. A link into a block left out for its links alone (Doxygen's
 * "Classes" over a table of linked names) does not count: such a block can be the page's text after all. Nor does a
 * block that `holdsText` (a heading, or most of the page: Read the Docs' `wy-nav-content-wrap` around the page).
 */
export function pointsOnlyInto(
  note: HTMLElement,
  page: HTMLElement,
  leftOut: (element: HTMLElement) => boolean,
  holdsText: (element: HTMLElement) => boolean,
): boolean {
  const [start, end] = note.range;
  return note.querySelectorAll("a[href]").every((link) => {
    const id = decodeFragment((link.getAttribute("href") ?? "").slice(1));
    // A bare "#" finds what getElementById finds for "": the first element without an id.
    const target = id === "" ? page.getElementById(id) : elementsById(page).get(id);
    if (!(target instanceof HTMLElement) || (target.range[0] < end && target.range[1] > start)) return false;
    for (let node: HTMLElement | null = target; node !== null && node !== page && !holdsText(node); node = node.parentNode) {
      if (leftOut(node)) return true;
    }
    return false;
  });
}

/**
 * The elements under `page` by their ids, the first in document order for an id that repeats, as `getElementById`
 * finds them: found in one query, where each `getElementById` walks the page again (Scribble's `pairs.html`, 695 KB,
 * asks for 2,000 links' targets).
 */
const elementsById = memoizedPer((page: HTMLElement): Map<string, HTMLElement> => {
  const byId = new Map<string, HTMLElement>();
  for (const element of page.querySelectorAll("[id]")) if (element.id !== "" && !byId.has(element.id)) byId.set(element.id, element);
  return byId;
});
