import { HTMLElement } from "node-html-parser";
import { isLineNumbers, isListing } from "./chrome-names.js";

/** What `parseHtml` says of a page besides its text: its `<html lang>`, and whether it is a source listing. */
export function pageFacts(root: HTMLElement, body: HTMLElement, content: string): { lang?: string; sourceListing?: true } {
  const lang = root.querySelector("html")?.getAttribute("lang");
  return { ...(lang ? { lang } : {}), ...(isSourceListing(body, content) ? { sourceListing: true as const } : {}) };
}

/** Lines a page's listings must have, in all, for it to be a program's source file. */
const MIN_LINES = 50;
/** The share of the page's text that its listings must hold (their line numbers are not text). */
const MIN_SHARE = 0.9;
/** For listings without line numbers: the share of their text in highlighting's tokens, and the kinds of token. */
const MIN_HIGHLIGHTED = 0.9;
const MIN_TOKEN_KINDS = 5;

/**
 * Whether a page is a program's source file shown whole: its listings hold at least 90% of its text (`content`, the
 * page read without its chrome), over 50 lines or more, and either
 * - the lines are numbered: Doxygen writes one such page for each file (`Matrix_8h_source.html`: a `.fragment` of
 *   `.line`s each with its `.lineno`), as rustdoc does (`src/alloc/alloc.rs.html`: a `pre.line-numbers` beside the
 *   code); or
 * - one listing holds the 90%, highlighted (90% of its text in tokens of five kinds or more), and links to other
 *   pages of the site:
 *   Sphinx's module listings (`_modules/django/forms/forms.html`, each definition linking to its documentation by
 *   "[docs]"), Haddock's `src/` pages (each name linking to its definition); or whose lines are each an anchor, as a
 *   source browser's are (HsColour's `src/Data-Maybe.html`, `<a name="line-12">` on every line, which the
 *   reference pages' "Source" links point at).
 * Such a page repeats the code and comments that the reference pages built from them say, in a worse form to answer
 * from; the generators' own search leaves them out. A page of examples has prose around its listings, or fewer
 * lines; a manual page or help file set in one `<pre>` is not highlighted; a page of one long example program is
 * kept unless its lines are numbered or its code links to the site's pages.
 */
function isSourceListing(body: HTMLElement, content: string): boolean {
  const total = letterCount(content);
  if (total === 0) return false;
  let numbered = 0;
  let inListings = 0;
  let cited = false;
  const visit = (element: HTMLElement): void => {
    const tag = element.tagName?.toLowerCase() ?? "";
    // Line numbers are not in `content` (they are chrome): they are counted as lines, not as text.
    if (isLineNumbers(element, tag)) {
      numbered += element.text.match(/\d+/g)?.length ?? 0;
      return;
    }
    if (isListing(element)) {
      let numbers = 0;
      for (const inner of element.querySelectorAll("*")) {
        if (!isLineNumbers(inner, inner.tagName.toLowerCase())) continue;
        numbered += inner.text.match(/\d+/g)?.length ?? 0;
        numbers += letterCount(inner.text);
      }
      const letters = letterCount(element.text) - numbers;
      inListings += letters;
      if (numbers === 0 && letters >= MIN_SHARE * total && isCitedCode(element, letters)) cited = true;
      return;
    }
    for (const child of element.childNodes) if (child instanceof HTMLElement) visit(child);
  };
  visit(body);
  if (inListings < MIN_SHARE * total) return false;
  return numbered >= MIN_LINES || cited;
}

/**
 * Whether a listing (of `letters` letters and digits) is highlighted code of 50 lines or more that links to other
 * pages, or whose lines are each an anchor that the site's pages link to: 90% of its text in highlighting's tokens, of
 * five kinds or more.
 */
function isCitedCode(listing: HTMLElement, letters: number): boolean {
  const lines = listing.text.split("\n").length;
  if (lines < MIN_LINES) return false;
  let highlighted = 0;
  let linksOut = 0;
  let lineAnchors = 0;
  const kinds = new Set<string>();
  // A token: a classed element holding no classed element (Pygments' `<span class="nf">`, `hs-keyword`). Returns
  // whether `element` or anything in it is classed, in one walk of the listing.
  const walk = (element: HTMLElement): boolean => {
    let classedInside = false;
    for (const child of element.childNodes) if (child instanceof HTMLElement && walk(child)) classedInside = true;
    if (element.tagName.toLowerCase() === "a" && linksToPage(element.getAttribute("href"))) linksOut++;
    if (LINE_ANCHOR.test(element.getAttribute("name") ?? element.getAttribute("id") ?? "")) lineAnchors++;
    const kind = element.getAttribute("class");
    if (kind && !classedInside) {
      highlighted += letterCount(element.text);
      kinds.add(kind);
    }
    return classedInside || Boolean(kind);
  };
  for (const child of listing.childNodes) if (child instanceof HTMLElement) walk(child);
  const addressed = linksOut > 0 || lineAnchors >= lines / 2;
  return addressed && kinds.size >= MIN_TOKEN_KINDS && highlighted >= MIN_HIGHLIGHTED * letters;
}

/** A line's own anchor in a source browser's listing (HsColour's `<a name="line-12">`, `id="L12"`). */
const LINE_ANCHOR = /^(?:line-?|l)\d+$/i;

/** Whether a link leads to another page of the site: a relative address with a path, not a fragment or a URL. */
function linksToPage(href: string | undefined): boolean {
  return href !== undefined && href !== "" && !href.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith("//");
}

/** Letters and digits: what a reader reads, without the spaces and line breaks a listing is made of. */
function letterCount(text: string): number {
  return text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}
