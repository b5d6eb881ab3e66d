import { posix } from "node:path";
import type { HTMLElement } from "node-html-parser";
import { collapseWhitespace } from "../document.js";
import { withoutGzip } from "../extension.js";

/** The most characters a notice of the page elsewhere has. */
const MAX_NOTICE = 300;

/**
 * The blocks of a notice that points at this very page elsewhere: Celery's "This document describes the current
 * stable version of Celery (5.2). For development docs, go here." over all 348 of its pages, the link leading to
 * `https://docs.celeryproject.org/en/master/userguide/tasks.html` from `userguide/tasks.html`; a page's "view this
 * page on the live site" or "this page in the latest version". Such a notice stands before the page's first heading,
 * holds at most 300 characters, and every link in it leads to a page on another site (an absolute URL)
 * whose file has the page's own file name, whatever its extension (the page's source, `tasks.rst`, counts too).
 * `fileName` is the page's own file name (`tasks.html`); without it, or without a heading, there is no notice.
 */
export function elsewhereNotices(body: HTMLElement, fileName: string | undefined): Set<HTMLElement> {
  const found = new Set<HTMLElement>();
  const stem = fileName === undefined ? "" : posix.parse(withoutGzip(fileName)).name;
  const heading = stem === "" ? null : body.querySelector("h1, h2, h3, h4, h5, h6");
  if (heading === null) return found;
  const before = (element: HTMLElement) => element.range[1] <= heading.range[0];
  const leadsHere = (link: HTMLElement) => sameFile(link.getAttribute("href") ?? "", stem);
  for (const link of body.querySelectorAll("a[href]")) {
    if (!before(link) || !leadsHere(link)) continue;
    // The widest block around the link that still stands before the heading, is short, and links only so.
    let notice: HTMLElement | undefined;
    for (let block = link.parentNode; block !== null && block !== body && before(block); block = block.parentNode) {
      if (collapseWhitespace(block.text).length > MAX_NOTICE || !block.querySelectorAll("a[href]").every(leadsHere)) break;
      notice = block;
    }
    if (notice !== undefined) found.add(notice);
  }
  return found;
}

/** Whether `href` is an absolute URL (another site's) whose last path segment is a file of the stem `stem`. */
function sameFile(href: string, stem: string): boolean {
  let path: string;
  try {
    path = decodeURIComponent(new URL(href.trim()).pathname);
  } catch {
    // A relative link (this site's), or none that leads anywhere.
    return false;
  }
  return posix.parse(path.slice(path.lastIndexOf("/") + 1)).name === stem;
}
