import { HTMLElement, NodeType, type Node } from "node-html-parser";
import { collapseWhitespace } from "./document.js";

/**
 * The parts of a parsed page that its text is read by: the elements that are never text, the element that holds
 * the page's own content, the places its headings can be linked at, and the elements that head it or its entries
 * without being headings by their tag (a header's title, a term that is a link target, a "…-heading" block).
 */

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
/** A heading element's tag name. */
export const HEADING_TAG = /^h[1-6]$/;

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
  return candidates.filter((c) => c.length >= 0.5 * largest).sort((a, b) => a.length - b.length)[0]?.element;
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
 * anchor just before it (`<a name="x"></a><h2>`), and the id of a wrapper it opens (`<section id="x"><h2>`, up
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
 * The element of class `title` in a page's header that names the page where its `<title>` does not: Doxygen's
 * `<div class="header"> … <div class="title">TestCase Class Reference</div>` under a project's own header, whose
 * `<title>` is the site's name on every page, or is missing. The reader heads the page with it, above any `<h1>`
 * (Doxygen's pages written in Markdown make their sections `<h1>`s), and keeps the header that holds it. Where the
 * `<title>` names the page already ("Eigen: The Matrix class"), a heading saying it again would only repeat it in
 * every chunk's context header. A site's name in a header is in its `<title>` too. Only a short element inside an
 * element classed or tagged as a header; its blocks (Doxygen's "ingroups" trail of modules) are not its text.
 * DocBook's `<p class="title">` under a figure or table names the figure.
 */
export function headerTitle(page: HTMLElement): HTMLElement | undefined {
  const title = normalText(page.querySelector("title")?.text ?? "");
  const candidates = page.querySelectorAll(".title").filter((element) => {
    // The cheap tests first: most elements of class "title" are in no header.
    if (HEADING_TAG.test(element.tagName?.toLowerCase() ?? "") || !element.classList.contains("title")) return false;
    // In a page-level header: a blog's <article><header> holds one post's title, not the page's.
    if (element.closest("header, .header, .page-header") === null || element.closest("article, main, section, li, td") !== null) return false;
    if (element.querySelector("p, ul, ol, dl, table, pre, blockquote, h1, h2, h3, h4, h5, h6") !== null) return false;
    const name = normalText(inlineText(element));
    return name.length >= 3 && name.length <= 300 && !title.includes(name);
  });
  // One name for the page, or none.
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** An element's text outside its block children (a title's, without the trail of links under it). */
function inlineText(element: HTMLElement): string {
  let text = "";
  for (const child of element.childNodes) {
    if (child instanceof HTMLElement && isTitleBlock(child)) continue;
    text += child instanceof HTMLElement ? inlineText(child) : child.text;
  }
  return text;
}

const BLOCK_IN_TITLE = new Set(["div", "p", "ul", "ol", "dl", "table", "nav"]);

/** A block inside a header's title element: not part of its name (see {@link inlineText}). */
export function isTitleBlock(element: HTMLElement): boolean {
  return BLOCK_IN_TITLE.has(element.tagName?.toLowerCase() ?? "");
}

function normalText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * An element styled as a heading by its class, not its tag: a class whose last part is "heading" ("method-heading",
 * "panel-heading"), on a short `<div>` or `<p>` of nothing but inline content that holds no heading.
 */
export function isStyledHeading(element: HTMLElement, tag: string): boolean {
  // Blocks only: a span of class "sub-heading" inside a sentence is a label in it.
  if (tag !== "div" && tag !== "p") return false;
  if (![...element.classList.values()].some((name) => /(?:^|[-_])heading$/i.test(name))) return false;
  const text = collapseWhitespace(element.text);
  return text !== "" && text.length <= 200 && element.querySelector("div, p, ul, ol, dl, table, pre, blockquote, h1, h2, h3, h4, h5, h6") === null;
}

/**
 * Whether a definition term is a link target: it has an id, or it is the only term of a list that has one or that
 * is the only element of a block that has one (Asciidoctor gives each option its own `<div id="config_base_dir"
 * class="dlist"><dl><dt>`).
 */
export function isLinkTarget(term: HTMLElement): boolean {
  if (term.id !== "") return true;
  const list = term.parentNode;
  if (!(list instanceof HTMLElement) || list.tagName?.toLowerCase() !== "dl") return false;
  if (!onlyOne(list.childNodes, (child) => child instanceof HTMLElement && child.tagName?.toLowerCase() === "dt")) return false;
  if (list.id !== "") return true;
  const wrapper = list.parentNode;
  return wrapper instanceof HTMLElement && wrapper.id !== "" && onlyOne(wrapper.childNodes, (child) => child instanceof HTMLElement);
}

/**
 * Whether exactly one of `nodes` passes `test`, stopping at the second: a list of 20,000 terms is asked once per
 * term, so counting them all would be quadratic.
 */
function onlyOne(nodes: readonly Node[], test: (node: Node) => boolean): boolean {
  let found = 0;
  for (const node of nodes) if (test(node) && ++found > 1) return false;
  return found === 1;
}

/**
 * A function's signature laid out as a table (Doxygen's `table.memname`: the name, "(", each parameter's type and
 * name, ")"): a cell of nothing but "(" and one of nothing but ")", and no cell longer than a parameter.
 */
export function isSignatureTable(table: HTMLElement): boolean {
  // Not a table around one (Doxygen's table.mlabels sets the signature beside its "inline" labels).
  if (table.querySelector("table") !== null) return false;
  const cells = table.querySelectorAll("td, th").map((cell) => cell.text.trim());
  return cells.length <= 200 && cells.includes("(") && cells.includes(")") && cells.every((cell) => cell.length <= 200);
}

/** A signature table's text as one line: "LLT(Index size)", "setFromTriplets(const It & begin, const It & end)". */
export function signatureText(table: HTMLElement): string {
  return collapseWhitespace(table.text.replace(/\u00a0/g, " "))
    .replace(/\s*\(\s*/g, "(")
    .replace(/\s+\)/g, ")")
    .replace(/\s+,/g, ",");
}

/**
 * A `<pre>` that opens a list item as its entry's signature: it holds a link target (`<a name>` or `<a id>`, where
 * the page's synopsis links to) and more of the item follows it (BoostBook's "Effects:", "Throws:" paragraphs).
 */
export function isEntrySignature(pre: HTMLElement): boolean {
  const item = pre.parentNode;
  if (!(item instanceof HTMLElement) || item.tagName?.toLowerCase() !== "li") return false;
  // The item's first element, found without listing them all: an item of 20,000 <pre>s is asked once per <pre>.
  const first = item.childNodes.find((child) => child instanceof HTMLElement);
  if (first !== pre || collapseWhitespace(pre.text).length > MAX_SIGNATURE || pre.querySelector("a[name], a[id]") === null) return false;
  let after = pre.nextElementSibling;
  while (after !== null && after.text.trim() === "") after = after.nextElementSibling;
  return after !== null;
}

/** The longest signature read as an entry's heading. */
const MAX_SIGNATURE = 300;
