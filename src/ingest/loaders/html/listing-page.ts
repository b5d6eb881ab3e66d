import { HTMLElement } from "node-html-parser";
import { isLineNumbers, isListing } from "./chrome-names.js";

/** What `parseHtml` says of a page besides its text: its `<html lang>`, and whether it is a source listing. */
export function pageFacts(root: HTMLElement, body: HTMLElement, content: string): { lang?: string; sourceListing?: true } {
  const lang = root.querySelector("html")?.getAttribute("lang");
  return { ...(lang ? { lang } : {}), ...(isSourceListing(body, content) ? { sourceListing: true as const } : {}) };
}

/** Numbered lines a page's listings must have, in all, for it to be a program's source file. */
const MIN_LINES = 50;
/** The share of the page's text that its numbered listings must hold (their line numbers are not text). */
const MIN_SHARE = 0.9;

/**
 * Whether a page is a program's source file shown line by line: listings with line numbers hold at least 90% of its
 * text (`content`, the page read without its chrome), over 50 numbered lines or more. Doxygen writes one for each
 * file (`Matrix_8h_source.html`: a `.fragment` of `.line`s each with its `.lineno`), as rustdoc does
 * (`src/alloc/alloc.rs.html`: a `pre.line-numbers` beside the code). Such a page repeats the code and comments that the reference pages built from them say, in a worse form
 * to answer from; the generators' own search leaves them out. A page of examples has prose around its listings, or
 * fewer lines; listings without line numbers (Sphinx's highlighted modules, pandas' user guide) are not counted.
 */
function isSourceListing(body: HTMLElement, content: string): boolean {
  const total = letterCount(content);
  if (total === 0) return false;
  let lines = 0;
  let inListings = 0;
  const visit = (element: HTMLElement): void => {
    const tag = element.tagName?.toLowerCase() ?? "";
    // Line numbers are not in `content` (they are chrome): they are counted as lines, not as text.
    if (isLineNumbers(element, tag)) {
      lines += element.text.match(/\d+/g)?.length ?? 0;
      return;
    }
    if (isListing(element)) {
      let numbers = 0;
      for (const inner of element.querySelectorAll("*")) {
        if (!isLineNumbers(inner, inner.tagName.toLowerCase())) continue;
        lines += inner.text.match(/\d+/g)?.length ?? 0;
        numbers += letterCount(inner.text);
      }
      inListings += letterCount(element.text) - numbers;
      return;
    }
    for (const child of element.childNodes) if (child instanceof HTMLElement) visit(child);
  };
  visit(body);
  return lines >= MIN_LINES && inListings >= MIN_SHARE * total;
}

/** Letters and digits: what a reader reads, without the spaces and line breaks a listing is made of. */
function letterCount(text: string): number {
  return text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}
