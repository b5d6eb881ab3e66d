import { HTMLElement, type Node } from "node-html-parser";
import { collapseWhitespace } from "../document.js";
import { referenceEntryName } from "./reference-entries.js";
import { HEADING_TAG, placeOf } from "./page.js";
import { memoizedPer } from "../../memoized.js";
import type { PageTitle } from "./title.js";

/**
 * The elements that head a page or its entries without being headings by their tag: a header's title element, a
 * definition term that is a link target, a block classed "…-heading", a list item's signature, a paragraph that
 * opens an entry's `<div>`; the signatures laid out as tables, read as one line; and the level of a heading inside
 * an `<article>`, `<section>` or entry.
 */

/** The blocks that a name, which is inline text, does not hold (besides `<div>`s, which some titles nest). */
const BLOCKS = "p, ul, ol, dl, table, pre, blockquote, h1, h2, h3, h4, h5, h6";

/**
 * The element of class `title` in a page's header that names the page where its `<title>` does not: Doxygen's
 * `<div class="header"> … <div class="title">TestCase Class Reference</div>` under a project's own header, whose
 * `<title>` is the site's name on every page, or is missing. The reader heads the page with it, above any `<h1>`
 * (Doxygen's pages written in Markdown make their sections `<h1>`s), and keeps the header that holds it. Where the
 * `<title>` names the page already ("Eigen: The Matrix class"), a heading saying it again would only repeat it in
 * every chunk's context header. A site's name in a header is in its `<title>` too. Only a short element inside an
 * element classed or tagged as a header; its blocks (Doxygen's "ingroups" trail of modules) are not its text.
 * DocBook's `<p class="title">` under a figure or table names the figure. In a page without a `<title>`, so does the
 * block of class `title` that the body opens with, as Google Docs writes its Title style.
 */
export function headerTitle(page: HTMLElement, title: PageTitle): HTMLElement | undefined {
  const candidates = page.querySelectorAll(".title").filter((element) => {
    // The cheap tests first: most elements of class "title" are in no header.
    if (HEADING_TAG.test(element.tagName?.toLowerCase() ?? "") || !element.classList.contains("title")) return false;
    // In a page-level header: a blog's <article><header> holds one post's title, not the page's.
    const body = element.parentNode;
    const opensBody = title.untitled && body?.tagName === "BODY" && body.childNodes.find((node) => node instanceof HTMLElement) === element;
    const inHeader = element.closest("header, .header, .page-header") !== null && element.closest("article, main, section, li, td") === null;
    if (!opensBody && !inHeader) return false;
    // Its own blocks but a trail of links (a `<div>`) make it no title.
    if (element.querySelector(BLOCKS) !== null) return false;
    const name = collapseWhitespace(inlineText(element)).toLowerCase();
    return name.length >= 3 && name.length <= 300 && !title.holds(name);
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

/**
 * An element styled as a heading by its class, not its tag: a class whose last part is "heading" ("method-heading",
 * "panel-heading"), on a short `<div>` or `<p>` of nothing but inline content that holds no heading.
 */
export function isStyledHeading(element: HTMLElement, tag: string): boolean {
  // Blocks only: a span of class "sub-heading" inside a sentence is a label in it.
  if (tag !== "div" && tag !== "p") return false;
  if (![...element.classList.values()].some((name) => /(?:^|[-_])heading$/i.test(name))) return false;
  const text = collapseWhitespace(element.text);
  return text !== "" && text.length <= 200 && element.querySelector(`div, ${BLOCKS}`) === null;
}

/**
 * Whether a definition term heads its entry: it is a link target (see {@link isLinkTarget}), or another term of its
 * list has an id or opens with a named anchor, which makes the list one of entries, each term its entry's name
 * (texinfo's tables give an id to a term only where an index entry points: zsh's builtins have one for `autoload`,
 * none for `bg` or `cd`, which then fell under `autoload`). A term right after another term, anchored or not, is
 * that entry's other form, not an entry, and one that opens with a link names another page.
 */
export function headsEntry(term: HTMLElement): boolean {
  const list = term.parentNode;
  const inList = list instanceof HTMLElement && list.tagName?.toLowerCase() === "dl";
  // A term right after another is the same entry's other form (Python's `dir()` and `dir(object)`, zsh's `bg [ job
  // ... ]` and `job ... &`, texinfo's `@deffnx` lines: Octave's "cd dir", "cd", "old_dir = cd"), even with an id of
  // its own: the first heads the entry.
  if (inList && term.previousElementSibling?.tagName?.toLowerCase() === "dt") return false;
  if (isLinkTarget(term)) return true;
  if (!inList) return false;
  // A term that opens with a link names another page, not an entry of this one.
  if (openingAnchor(term)?.hasAttribute("href") === true) return false;
  return anchoredLists(list);
}

/** Whether a list has a term with an id or a named anchor (a list of entries), so that its terms ask once. */
const anchoredLists = memoizedPer((list: HTMLElement) =>
  list.childNodes.some((child) => child instanceof HTMLElement && child.tagName?.toLowerCase() === "dt" && (child.id !== "" || opensWithAnchor(child))),
);

/**
 * Whether a definition term is a link target: it has an id or opens with a named anchor, its group in the list (a
 * `<div>` around a term and its definition) has an id (Nim's procs), or it is the only term of a list that has one
 * or that is the only element of a block that has one (Asciidoctor gives each option its own `<div
 * id="config_base_dir" class="dlist"><dl><dt>`).
 */
export function isLinkTarget(term: HTMLElement): boolean {
  if (term.id !== "" || opensWithAnchor(term)) return true;
  const list = term.parentNode;
  if (!(list instanceof HTMLElement)) return false;
  // HTML groups a term with its definition in a <div> inside the list; the group's id names the entry (Nim's).
  if (list.tagName?.toLowerCase() === "div" && list.id !== "" && list.parentNode?.tagName?.toLowerCase() === "dl") return true;
  if (list.tagName?.toLowerCase() !== "dl") return false;
  if (!onlyOne(list.childNodes, (child) => child instanceof HTMLElement && child.tagName?.toLowerCase() === "dt")) return false;
  if (list.id !== "") return true;
  const wrapper = list.parentNode;
  return wrapper instanceof HTMLElement && wrapper.id !== "" && onlyOne(wrapper.childNodes, (child) => child instanceof HTMLElement);
}

/**
 * Whether an element's text opens with a named anchor, through the elements its first text is in: Postfix's
 * `<dt><b><a name="2bounce_notice_recipient">2bounce_notice_recipient</a> (default: postmaster)</b></dt>`, or an
 * empty `<a name>` before a term. An anchor with an `href` is a link, not a target.
 */
function opensWithAnchor(element: HTMLElement): boolean {
  const anchor = openingAnchor(element);
  return anchor !== undefined && !anchor.hasAttribute("href") && (anchor.id !== "" || anchor.hasAttribute("name"));
}

/** The `<a>` an element opens with, through the first elements inside it (up to 8 deep), if any. */
function openingAnchor(element: HTMLElement): HTMLElement | undefined {
  let node: Node | undefined = element;
  for (let depth = 0; node instanceof HTMLElement && depth < 8; depth++) {
    const tag = node.tagName?.toLowerCase();
    if (tag === "a" && node !== element) return node;
    const children: Node[] = node.childNodes.filter((child) => child instanceof HTMLElement || child.text.trim() !== "");
    // A bracketed label before the name is no part of it (SWI-Prolog's "[semidet]" before a predicate's anchor).
    node = children.length > 1 && children[0] instanceof HTMLElement && BRACKETED_LABEL.test(collapseWhitespace(children[0].text)) ? children[1] : children[0];
  }
  return undefined;
}

/** A short label in brackets: "[semidet]", "[det]", "[ISO]". */
const BRACKETED_LABEL = /^\[[^\]]{1,20}\]$/;

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
  return collapseWhitespace(table.text)
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
  const { first, rest } = opening(item);
  if (first !== pre || collapseWhitespace(pre.text).length > MAX_SIGNATURE || pre.querySelector("a[name], a[id]") === null) return false;
  return hasElementText(rest);
}

/**
 * An element's first element child and the nodes after it, found without listing its elements (an item of 20,000
 * `<pre>`s is asked once per `<pre>`) and without node-html-parser's `nextElementSibling`, which scans from the start.
 */
export function opening(parent: HTMLElement): { first: HTMLElement | undefined; rest: readonly Node[] } {
  const children = parent.childNodes;
  const at = children.findIndex((child) => child instanceof HTMLElement);
  return at < 0 ? { first: undefined, rest: [] } : { first: children[at] as HTMLElement, rest: children.slice(at + 1) };
}

/** Whether one of `nodes` is an element with text: more of an entry after its head. */
function hasElementText(nodes: readonly Node[]): boolean {
  return nodes.some((node) => node instanceof HTMLElement && node.text.trim() !== "");
}

/** The longest signature read as an entry's heading. */
const MAX_SIGNATURE = 300;

/**
 * The block that opens a `<div>` describing one thing, with that thing's name: Haddock's `<div class="top"><p
 * class="src"><span class="keyword">data</span> <a id="t:Value" class="def">Value</a> …</p><div class="doc">…`.
 * It is a `<p>`, the div's first element, no sentence and no longer than a signature, holding a link target (an
 * anchor with an id or name and no href) that has text of its own; more of the div follows it, and no other such
 * paragraph. Or a heading that opens a callout box, a div of role "alert" or "note" or of a box's class (Docsy's
 * `<div class="alert" role="alert"><h4 class="alert-heading">Note</h4>…`, DocBook's `<div class="note"><h3
 * class="title">Note</h3>…`, the Apache manual's `<div class="example"><h3>Example</h3>…`): it heads the box alone,
 * and the text after the box is its section's again.
 */
export function entryHead(div: HTMLElement): HTMLElement | undefined {
  const reference = referenceEntryName(div);
  if (reference !== undefined) return reference;
  const { first: head, rest } = opening(div);
  if (head === undefined) return undefined;
  if (HEADING_TAG.test(head.tagName?.toLowerCase() ?? "") && isCallout(div)) return rest.some((node) => node.text.trim() !== "") ? head : undefined;
  if (!isNamingParagraph(head)) return undefined;
  // Several such paragraphs in one div are a list of them (a FAQ's questions, footnotes), not one entry's head.
  if (rest.some((child) => child instanceof HTMLElement && isNamingParagraph(child))) return undefined;
  return hasElementText(rest) ? head : undefined;
}

/**
 * The classes of a callout box: Bootstrap's and Docsy's "alert", DocBook's admonitions and sidebar, the Apache
 * manual's "example" (see {@link entryHead}).
 */
const CALLOUT_CLASS = /(?:^|\s)(?:alert|admonition|callout|note|tip|hint|warning|caution|important|danger|example|sidebar)(?:\s|$)/i;

function isCallout(div: HTMLElement): boolean {
  const role = div.getAttribute("role")?.toLowerCase();
  return role === "alert" || role === "note" || CALLOUT_CLASS.test(div.getAttribute("class") ?? "");
}

/** The parts of an API entry, as a label names them ("Parameters", "Return value:"). */
const ENTRY_PART = /^(parameters|arguments|returns?|return values?|description|context|definition|members|methods|attributes|raises)\s*:?$/i;

/**
 * Whether a definition list of one entry goes on after its end: the Linux kernel's kernel-doc closes each function's
 * `<dl>` after its one-line summary (a macro's after its name, then gives the call and summary) and writes
 * "Parameters", "Description" and "Return" after it, each a paragraph of nothing but a bold label. Such a label
 * naming a part of an entry, before any other list or heading, says the entry's parts follow; a label of
 * anything else after an entry ("Unary operations") is the section's own.
 */
export function entryRunsOn(list: HTMLElement, tag: string): boolean {
  if (tag !== "dl" || list.childNodes.filter((node) => node instanceof HTMLElement && node.tagName === "DT").length !== 1) return false;
  const siblings = list.parentNode?.childNodes ?? [];
  let seen = 0;
  for (let i = placeOf(list) + 1; i < siblings.length && seen < 3; i++) {
    const next = siblings[i];
    if (!(next instanceof HTMLElement)) continue;
    seen++;
    const label = labelOf(next);
    if (label !== undefined) return ENTRY_PART.test(label);
    if (!/^(P|BLOCKQUOTE|PRE)$/.test(next.tagName)) return false;
  }
  return false;
}

/** The text of a paragraph that is nothing but one bold label, short and no sentence. */
function labelOf(block: HTMLElement): string | undefined {
  if (block.tagName !== "P") return undefined;
  const parts = block.childNodes.filter((node) => node instanceof HTMLElement || node.text.trim() !== "");
  const label = parts[0];
  if (parts.length !== 1 || !(label instanceof HTMLElement) || !/^(STRONG|B)$/.test(label.tagName)) return undefined;
  const text = collapseWhitespace(label.text);
  return text !== "" && text.length <= 40 && !/[.!?]$/.test(text) ? text : undefined;
}

/** A `<p>`, no sentence and no longer than a signature, holding a link target with text (see {@link entryHead}). */
function isNamingParagraph(block: HTMLElement): boolean {
  if (block.tagName?.toLowerCase() !== "p") return false;
  const text = collapseWhitespace(block.text);
  if (text === "" || text.length > MAX_SIGNATURE || /[.!?:;]$/.test(text)) return false;
  return block.querySelectorAll("a[id], a[name]").some((anchor) => !anchor.hasAttribute("href") && anchor.text.trim() !== "");
}

/** A heading's text, without the separator of an empty label (texinfo's category of a definition with none: ": cd dir"). */
export function headingText(element: HTMLElement, written: string): string {
  const text = collapseWhitespace(written);
  return element.querySelector("span.category")?.text.trim() === ":" ? text.replace(/^:\s+/, "") : text;
}
