import { HTMLElement, type Node, NodeType } from "node-html-parser";
import { memoizedPer } from "../../memoized.js";
import { collapseWhitespace } from "../document.js";

/**
 * The parts of a parsed page that its text is read by: the elements that are never text, the element that holds
 * the page's own content, and the places its headings can be linked at.
 */

/** The most words a panel of controls holds (see {@link controlPanels}). */
const MAX_CONTROL_WORDS = 80;

/**
 * The page's panels of controls outside any form: a box to type a filter or a search into, with the buttons and
 * labels around it and no sentence among them, each the largest block that holds no more (Scaladoc's member filter
 * on every page: "Ordering Alphabetic By Inheritance Inherited … Hide All Show All Visibility Public All"). A form's
 * own controls are the form's (see `isChromeForm`).
 */
export function controlPanels(page: HTMLElement): HTMLElement[] {
  const panels: HTMLElement[] = [];
  for (const input of page.querySelectorAll("input")) {
    if (!/^(?:text|search)?$/i.test(input.getAttribute("type") ?? "") || input.closest("form") !== null) continue;
    let panel: HTMLElement | undefined;
    for (let block = input.parentNode; block instanceof HTMLElement && !/^(?:body|html)$/i.test(block.tagName ?? ""); block = block.parentNode) {
      if (!holdsLabelsOnly(block)) break;
      panel = block;
    }
    if (panel !== undefined) panels.push(panel);
  }
  return panels;
}

/** Whether a block's text, its blocks apart, is labels only: no sentence's end, at most MAX_CONTROL_WORDS words. Once a block. */
const holdsLabelsOnly = memoizedPer((block: HTMLElement): boolean => {
  const text = collapseWhitespace(block.structuredText);
  return !/[.!?](?:\s|$)/.test(text) && text.split(" ").length <= MAX_CONTROL_WORDS;
});

/** A parent's children by place, listed once per parent (see {@link placeOf}). */
const places = memoizedPer((parent: HTMLElement) => new Map<Node, number>(parent.childNodes.map((node, i) => [node, i])));

/**
 * An element's place among its parent's children. node-html-parser's `nextElementSibling` scans them from the start
 * on every call, quadratic over a page of 30,000 entries side by side (the kernel's API pages have 800).
 */
export function placeOf(element: HTMLElement): number {
  const parent = element.parentNode;
  if (parent === null) return 0;
  return places(parent).get(element) ?? parent.childNodes.length;
}

/** Elements whose content is never document text (`nav` and `menu` are chrome, read when nothing else is). */
export const DROPPED = new Set([
  "head",
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "canvas",
  "iframe",
  "object",
  "embed",
  "img",
  "picture",
  "video",
  "audio",
  "map",
  "button",
  "select",
  "option",
  "datalist",
  "input",
  "textarea",
  "dialog",
]);
/**
 * Hidden by the `hidden` attribute or a `display: none` style, or (`aria`) from screen readers too; or a line of
 * code that mdBook hides until the reader asks for it (`<span class="boring">fn main() {</span>` around a Rust
 * book's example).
 */
export function isHidden(element: HTMLElement, aria: boolean): boolean {
  if (element.hasAttribute("hidden") || (aria && element.getAttribute("aria-hidden") === "true")) return true;
  if (element.tagName === "SPAN" && element.classList.contains("boring") && element.closest("code") !== null) return true;
  return /display\s*:\s*none/i.test(element.getAttribute("style") ?? "");
}

/**
 * Where a hidden `<span>` stands among its alternatives, 0 for the first: the spans of a `<span>` that holds nothing
 * else, all of them hidden, of which a script shows the one for the reader's system. LibreOffice's help writes a
 * menu path or a key so (`<span class="switchinline"><span hidden class="MAC">Command</span><span hidden>Ctrl</span>
 * </span>+Enter`), and read as hidden, "Ctrl+Enter" was "+Enter". Undefined for any other element.
 */
export function alternativeIndex(element: HTMLElement): number | undefined {
  if (element.tagName !== "SPAN" || !element.hasAttribute("hidden")) return undefined;
  const parent = element.parentNode;
  if (!(parent instanceof HTMLElement) || parent.tagName !== "SPAN" || parent.hasAttribute("hidden")) return undefined;
  // Each alternative asks about its parent's children: read once a parent, or a span of many would take their square.
  return alternativesOf(parent)?.get(element);
}

/** A parent's alternatives by position, or null for a parent whose children are not such alternatives; once a parent. */
const alternativesOf = memoizedPer((parent: HTMLElement): Map<HTMLElement, number> | null => {
  const positions = new Map<HTMLElement, number>();
  for (const child of parent.childNodes) {
    if (child instanceof HTMLElement) {
      if (child.tagName !== "SPAN" || !child.hasAttribute("hidden")) return null;
      positions.set(child, positions.size);
    } else if (child.text.trim() !== "") return null;
  }
  return positions.size >= 2 ? positions : null;
});

/** A heading element's tag name. */
export const HEADING_TAG = /^h[1-6]$/;
const FLOW = /^(h[1-6]|p|pre|blockquote)$/;

/** The elements that mark a page's own content. */
export const PAGE_CONTENT = "article, main, [role=main]";

/** Whether `element` stands outside the page's marked content (see {@link PAGE_CONTENT}): a site's, at page level. */
export function atPageLevel(element: HTMLElement): boolean {
  return element.closest(PAGE_CONTENT) === null;
}

/**
 * The element holding the page's own content: the smallest `<main>`, `[role=main]` or lone `<article>` that
 * still holds a substantial share of the text, or undefined when the page marks none.
 */
export function findContentRoot(page: HTMLElement): HTMLElement | undefined {
  const body = page.querySelector("body") ?? page;
  // The share is of the text outside navigation: a long menu beside a short page must not hide its <main>.
  const total = visibleLength(body, true);
  const articles = page.querySelectorAll("article");
  const candidates = [...page.querySelectorAll("main, [role=main]"), ...(articles.length === 1 ? articles : [])]
    .map((element) => ({ element, length: visibleLength(element) }))
    .filter((candidate) => candidate.length >= 0.25 * total && candidate.length > 0);
  if (candidates.length === 0) return undefined;
  const largest = Math.max(...candidates.map((c) => c.length));
  // A <main> that also wraps the sidebars holds an <article> with the text proper: take the innermost.
  const root = candidates.filter((c) => c.length >= 0.5 * largest).sort((a, b) => a.length - b.length)[0]?.element;
  return root === undefined ? undefined : withPageHeading(page, root);
}

/** Whether `block` has a link outside `article` and `heading` (a blog's bar of links beside its logo's `<h1>`). */
function linksOutside(block: HTMLElement, article: HTMLElement, heading: HTMLElement | undefined): boolean {
  return block.querySelectorAll("a[href]").some((link) => link.closest("article") !== article && link.closest("h1") !== heading);
}

/**
 * A lone `<article>` taken for the content, widened to the block that also holds the page's only `<h1>` where that
 * stands outside it: JSDoc's `<div id="main"><h1 class="page-title">Module: util</h1><section><article>…`. The
 * block must hold no navigation and no links but the article's and the heading's.
 */
function withPageHeading(page: HTMLElement, root: HTMLElement): HTMLElement {
  if (root.tagName?.toLowerCase() !== "article" || root.querySelector("h1") !== null) return root;
  const h1s = page.querySelectorAll("h1");
  if (h1s.length !== 1) return root;
  const holdsHeading = new Set<HTMLElement>();
  for (let node = h1s[0]?.parentNode; node instanceof HTMLElement; node = node.parentNode) holdsHeading.add(node);
  for (let node = root.parentNode; node instanceof HTMLElement; node = node.parentNode) {
    const tag = node.tagName?.toLowerCase();
    if (tag === "body" || tag === "html" || node.querySelector("nav, menu, [role=navigation]") !== null) return root;
    if (holdsHeading.has(node)) return linksOutside(node, root, h1s[0]) ? root : node;
  }
  return root;
}

function visibleLength(element: HTMLElement, skipNavigation = false): number {
  let length = 0;
  for (const child of element.childNodes) {
    if (child.nodeType === NodeType.TEXT_NODE) length += child.text.replace(/\s+/g, "").length;
    else if (child instanceof HTMLElement && !DROPPED.has(child.tagName?.toLowerCase() ?? "")) {
      if (skipNavigation && isNavigation(child)) continue;
      length += visibleLength(child, skipNavigation);
    }
  }
  return length;
}

function isNavigation(element: HTMLElement): boolean {
  const tag = element.tagName?.toLowerCase();
  return tag === "nav" || tag === "menu" || element.getAttribute("role")?.toLowerCase() === "navigation";
}

/**
 * The fragment names that lead to a heading: its own id, the id or name of an anchor inside it or of an empty
 * anchor just before it (`<a name="x"></a><h2>`, or closing the block before it), and the id of a wrapper it opens (`<section id="x"><h2>`, up
 * to three deep).
 */
export function headingTargets(page: HTMLElement): Set<string> {
  const targets = new Set<string>();
  const add = (element: HTMLElement | undefined) => {
    for (const name of [element?.getAttribute("id"), element?.getAttribute("name")]) if (name) targets.add(name);
  };
  // One walk, each element's children read once: node-html-parser's previousElementSibling and firstElementChild
  // scan the siblings on every call, quadratic over a page of 20,000 sibling headings.
  const firstChild = new Map<HTMLElement, HTMLElement>();
  const headings: HTMLElement[] = [];
  const walk = (element: HTMLElement): void => {
    let before: HTMLElement | undefined;
    for (const child of element.childNodes) {
      if (!(child instanceof HTMLElement)) continue;
      if (before === undefined) firstChild.set(element, child);
      if (HEADING_TAG.test(child.tagName?.toLowerCase() ?? "")) {
        headings.push(child);
        if (before?.tagName?.toLowerCase() === "a" && before.text.trim() === "") add(before);
        // Or the last thing in the block before it (man2html's anchor, left inside an unclosed <p>).
        const last = before?.childNodes.filter((node) => node instanceof HTMLElement || node.text.trim() !== "").at(-1);
        if (last instanceof HTMLElement && last.tagName?.toLowerCase() === "a" && last.text.trim() === "") add(last);
      }
      walk(child);
      before = child;
    }
  };
  walk(page);
  for (const heading of headings) {
    add(heading);
    for (const anchor of heading.querySelectorAll("a[id], a[name]")) add(anchor);
    let opened: HTMLElement = heading;
    for (let depth = 0; depth < 3 && opened.parentNode instanceof HTMLElement && firstChild.get(opened.parentNode) === opened; depth++) {
      opened = opened.parentNode;
      add(opened);
    }
  }
  return targets;
}

export function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * A heading, paragraph, listing or quote, or a wrapper around nothing but one: DocBook sets a section's `<h3>`
 * three `<div>`s deep (`div.titlepage > div > div > h3`). The unwrapping stops at the first of them, never
 * looking inside a paragraph.
 */
export function isFlow(element: HTMLElement, depth = 0): boolean {
  if (FLOW.test(element.tagName?.toLowerCase() ?? "")) return true;
  if (depth >= 6) return false;
  const inner = element.childNodes.filter(isSubstantial);
  return inner.length === 1 && inner[0] instanceof HTMLElement && isFlow(inner[0], depth + 1);
}

/** An element the text is read from (not a `<script>` or the like), or text that is not only whitespace. */
export function isSubstantial(node: Node): boolean {
  return node instanceof HTMLElement ? !DROPPED.has(node.tagName?.toLowerCase() ?? "") : node.text.trim() !== "";
}
