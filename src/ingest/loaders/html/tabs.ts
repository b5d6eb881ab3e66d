import { HTMLElement } from "node-html-parser";
import { isListing } from "./chrome-names.js";
import { isHidden } from "./page.js";
import { memoizedPer } from "../../memoized.js";

/**
 * Tabs of code that a script builds when the page loads, none of them shown before it runs: OpenCV's tutorials give
 * each listing in C++, Java and Python, each a `<div class="toggleable_div label_cpp" style="display: none;">`
 * around it, and its tabs are made from hidden labels beside them. Read as hidden, 878 of the 893 listings of its 61
 * tabbed pages were lost. Such a panel is a hidden `<div>` that holds a code listing and shares a class with another
 * hidden `<div>` beside it that holds one, where no `<div>` beside them that is shown has that class: Docusaurus shows
 * one tab of a group, and its others stay hidden. Collapsed blocks of other things (SQLite's syntax diagrams) and
 * hidden lines inside a listing (mdBook's) stay hidden.
 */
export function isUnshownCodeTab(element: HTMLElement): boolean {
  const parent = element.parentNode;
  if (element.tagName !== "DIV" || !(parent instanceof HTMLElement)) return false;
  const shared = tabClasses(parent);
  return shared.size > 0 && [...element.classList.values()].some((name) => shared.has(name));
}

/** A parent's classes of unshown code tabs (see {@link isUnshownCodeTab}), found once a parent. */
const tabClasses = memoizedPer((parent: HTMLElement): Set<string> => {
  const counts = new Map<string, number>();
  const shown = new Set<string>();
  for (const child of parent.childNodes) {
    if (!(child instanceof HTMLElement) || child.tagName !== "DIV") continue;
    const hidden = isHidden(child, false);
    if (hidden && !holdsListing(child)) continue;
    for (const name of child.classList.values()) {
      if (hidden) counts.set(name, (counts.get(name) ?? 0) + 1);
      else shown.add(name);
    }
  }
  return new Set([...counts].filter(([name, count]) => count >= 2 && !shown.has(name)).map(([name]) => name));
});

function holdsListing(element: HTMLElement): boolean {
  return element.querySelector("pre") !== null || element.querySelectorAll("div").some(isListing);
}
