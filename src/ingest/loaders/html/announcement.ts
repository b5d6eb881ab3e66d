import { HTMLElement } from "node-html-parser";
import { collapseWhitespace } from "../document.js";
import { atPageLevel, DROPPED, HEADING_TAG, PAGE_CONTENT } from "./page.js";

/** What an announcement holds none of: a heading, or the page's content marked as such. */
const HEADED = `h1, h2, h3, h4, h5, h6, ${PAGE_CONTENT}`;
/** The most characters an announcement over a site's header has. */
const MAX_ANNOUNCEMENT = 400;
/** Ids and whole class names of a site's header: its banner, Doxygen's title area, a masthead, a top bar. */
const HEADER_NAMES = new Set(["header", "site-header", "banner", "titlearea", "masthead", "navbar", "topbar"]);

/**
 * The blocks of an announcement over every page of a site: text before the site's header, above every heading
 * (Eigen's "Please, help us to better know about our user community by answering the following short survey" in a
 * styled `<div>` over Doxygen's title area, on all 275 pages; a release notice; a cookie notice). The header is a
 * `<header>` or a `[role=banner]` outside any `<article>` or `<main>`, or an element whose id or whole class name
 * says it is one ("header", "banner", "titlearea", "masthead", "navbar", "topbar"). What stands before it, at most
 * 400 characters in blocks of their own, is left out. A page whose text begins before its header with a heading, its
 * `<main>` or `<article>`, at length, or in a text of its own is read as it is.
 */
export function announcementBlocks(page: HTMLElement): Set<HTMLElement> {
  const none = new Set<HTMLElement>();
  const body = page.querySelector("body");
  const header = body === null ? undefined : siteHeader(body);
  if (body === null || header === undefined) return none;
  const found = new Set<HTMLElement>();
  let text = 0;
  // The blocks before the header: the earlier children of each element that holds it, outermost first.
  for (let holder: HTMLElement | undefined = body; holder !== header; ) {
    const inside: HTMLElement = holder;
    holder = undefined;
    for (const child of inside.childNodes) {
      if (child.range[0] <= header.range[0] && child.range[1] >= header.range[1]) {
        holder = child as HTMLElement;
        break;
      }
      if (child instanceof HTMLElement && DROPPED.has(child.tagName?.toLowerCase() ?? "")) continue;
      const said = collapseWhitespace(child.text).length;
      if (said === 0) continue;
      if (!(child instanceof HTMLElement) || child.querySelector(HEADED) !== null || child.matches(PAGE_CONTENT)) return none;
      text += said;
      found.add(child);
    }
    if (holder === undefined || text > MAX_ANNOUNCEMENT) return none;
  }
  return found;
}

/** The page's first site header (see {@link announcementBlocks}), unless a heading comes first. */
function siteHeader(body: HTMLElement): HTMLElement | undefined {
  // Depth first, in document order, without recursion: a hostile page nests thousands of elements deep.
  const stack: HTMLElement[] = [body];
  for (let element = stack.pop(); element !== undefined; element = stack.pop()) {
    const tag = element.tagName?.toLowerCase() ?? "";
    if (HEADING_TAG.test(tag)) return undefined;
    if (element !== body && isSiteHeader(element, tag)) return element;
    if (DROPPED.has(tag)) continue;
    for (let i = element.childNodes.length - 1; i >= 0; i--) {
      const child = element.childNodes[i];
      if (child instanceof HTMLElement) stack.push(child);
    }
  }
  return undefined;
}

function isSiteHeader(element: HTMLElement, tag: string): boolean {
  const named =
    tag === "header" ||
    element.getAttribute("role")?.toLowerCase() === "banner" ||
    HEADER_NAMES.has(element.getAttribute("id")?.toLowerCase() ?? "") ||
    [...element.classList.values()].some((name) => HEADER_NAMES.has(name.toLowerCase()));
  return named && atPageLevel(element);
}
