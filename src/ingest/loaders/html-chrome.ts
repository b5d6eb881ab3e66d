import { HTMLElement, NodeType, type Node } from "node-html-parser";

/**
 * Generic recognition of site chrome (navigation, site headers and footers, sidebars, breadcrumbs, search boxes,
 * cookie banners, tables of contents, prev/next bars) on any documentation site, by semantics, by a short list
 * of class and id words, and by link density, in the manner of Readability and boilerpipe. No rule names a site.
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
/** ARIA landmarks and widgets that are page furniture, wherever they are. */
const CHROME_ROLES = new Set(["navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar", "toolbar", "dialog", "alertdialog"]);
/**
 * Words that mark chrome as one part of a class name split at `-` and `_` ("site-footer", "fancy_toc",
 * "md-sidebar"), or as a whole id. Kept short and generic on purpose: each word costs content on some site.
 */
const CHROME_WORDS = new Set([
  "nav",
  "navbar",
  "navigation",
  "menu",
  "sidebar",
  "breadcrumb",
  "breadcrumbs",
  "footer",
  "toc",
  "related",
  "search",
  "searchbox",
  "skip",
  "cookie",
  "cookies",
  "consent",
  "masthead",
  "tagline",
  "pagination",
  "pager",
  "topbar",
]);
/** Run-together class names that end in a chrome word: "mainmenu", "sphinxsidebar", "topnav", "pagefooter". */
const CHROME_ENDINGS = ["menu", "nav", "navbar", "sidebar", "footer"];
/** Run-together names of navigation parts: DocBook's "navheader" (prev / up / next) and "navfooter", "navlinks". */
const NAV_PARTS = /^nav(header|footer|links|bar|box|block)$/;
/** Whole class names or ids only, since as parts they also name content ("card-header", "contents-list"). */
const CHROME_NAMES = new Set(["header", "site-header", "contents", "table-of-contents", "localtoc"]);
/** Blocks a link-density test may drop; a list is judged whole, never item by item. */
const LINK_BLOCKS = new Set(["div", "p", "ul", "ol", "dl"]);
/** Elements a footer-line test may drop (sqlite.org's misnested <small><i> can land outside its <p>). */
const LINE_BLOCKS = new Set(["div", "p", "small", "i", "em", "span", "address", "center"]);
const HEADING_TAG = /^h[1-6]$/;
const FLOW = /^(h[1-6]|p|pre|blockquote)$/;
/** A copyright or "last modified" line; dropped only after the page's last heading, where site footers are. */
const FOOTER_LINE = /^(this page (was )?)?(last (modified|updated|edited|reviewed)\b|©|copyright\s*(©|\(c\)|\d{4}))/i;
/** A permalink anchor's whole text, as Sphinx, MkDocs and others add to each heading. */
const PERMALINK = /^[¶#§🔗]$/u;
/** Not counted as text: whitespace and the separators of "previous | next" and breadcrumb bars. */
const SEPARATORS = /[\s\u00a0|·•»›/>]+/g;

interface Stats {
  /** Visible characters, whitespace and list separators excluded. */
  text: number;
  /** Of those, the characters inside links. */
  link: number;
  links: number;
  headings: number;
  h1: number;
}

/** Decides, element by element, what of a parsed page is site chrome. Build one per page. */
export class ChromeFilter {
  private readonly stats = new Map<HTMLElement, Stats>();
  private readonly lastHeadingAt: number;
  private readonly pageText: number;

  /** `body` is the subtree the text will come from (the content root or the whole page). */
  constructor(page: HTMLElement, body: HTMLElement) {
    let last = -1;
    for (const heading of page.querySelectorAll("h1, h2, h3, h4, h5, h6")) last = Math.max(last, heading.range[0]);
    this.lastHeadingAt = last;
    this.pageText = this.measure(body).text;
  }

  /**
   * True when `element` is chrome and its whole subtree should be skipped. Inside a heading only permalink
   * anchors are (a docutils heading can be one "toc-backref" link).
   */
  isChrome(element: HTMLElement, tag: string, inHeading: boolean): boolean {
    if (inHeading) return tag === "a" && isSkipOrPermalink(element);
    const role = element.getAttribute("role");
    if (role !== undefined && CHROME_ROLES.has(role.toLowerCase())) return true;
    // A <header>, <footer> or <aside> at page level is site chrome; inside an article it belongs to it. An
    // <aside> amid the text (a docutils footnote or "sidebar" directive) is kept whatever its class says.
    if (tag === "aside") return element.closest("article, main, [role=main]") === null && !inTextFlow(element);
    if ((tag === "header" || tag === "footer") && element.closest("article, main, [role=main]") === null) return true;
    if (tag === "nav" || tag === "menu") return true;
    if (tag === "form") return isChromeForm(element);
    if (tag === "a") return isSkipOrPermalink(element);
    if (tag === "html" || tag === "body" || tag === "main" || tag === "article" || HEADING_TAG.test(tag)) return false;
    const stats = this.measure(element);
    // Whatever holds the page title or most of the text is the page, whatever its class says ("has-sidebar").
    if (stats.h1 > 0 || stats.text > 0.6 * this.pageText) return false;
    if (hasChromeName(element)) return true;
    if (LINK_BLOCKS.has(tag) && stats.headings === 0 && stats.links >= 2 && stats.text <= 300 && stats.link >= 0.8 * stats.text) {
      if (element.closest("li, dd, td, th") === null && !inTextFlow(element)) return true;
    }
    return LINE_BLOCKS.has(tag) && element.range[0] > this.lastHeadingAt && stats.text <= 250 && FOOTER_LINE.test(element.text.trim());
  }

  private measure(element: HTMLElement): Stats {
    const known = this.stats.get(element);
    if (known) return known;
    const tag = element.tagName?.toLowerCase() ?? "";
    const stats: Stats = { text: 0, link: 0, links: tag === "a" ? 1 : 0, headings: HEADING_TAG.test(tag) ? 1 : 0, h1: tag === "h1" ? 1 : 0 };
    for (const child of element.childNodes) {
      if (child.nodeType === NodeType.TEXT_NODE) stats.text += child.text.replace(SEPARATORS, "").length;
      if (!(child instanceof HTMLElement) || DROPPED.has(child.tagName?.toLowerCase() ?? "")) continue;
      const inner = this.measure(child);
      stats.text += inner.text;
      stats.link += inner.link;
      stats.links += inner.links;
      stats.headings += inner.headings;
      stats.h1 += inner.h1;
    }
    if (tag === "a") stats.link = stats.text;
    this.stats.set(element, stats);
    return stats;
  }
}

/**
 * The element holding the page's own content: the smallest `<main>`, `[role=main]` or lone `<article>` that
 * still holds a substantial share of the text, or undefined when the page marks none.
 */
export function findContentRoot(page: HTMLElement): HTMLElement | undefined {
  const body = page.querySelector("body") ?? page;
  const total = visibleLength(body);
  const articles = page.querySelectorAll("article");
  const candidates = [...page.querySelectorAll("main, [role=main]"), ...(articles.length === 1 ? articles : [])]
    .map((element) => ({ element, length: visibleLength(element) }))
    .filter((candidate) => candidate.length >= 0.25 * total && candidate.length > 0);
  if (candidates.length === 0) return undefined;
  const largest = Math.max(...candidates.map((c) => c.length));
  // A <main> that also wraps the sidebars holds an <article> with the text proper: take the innermost.
  return candidates.filter((c) => c.length >= 0.5 * largest).sort((a, b) => a.length - b.length)[0]?.element;
}

function visibleLength(element: HTMLElement): number {
  let length = 0;
  for (const child of element.childNodes) {
    if (child.nodeType === NodeType.TEXT_NODE) length += child.text.replace(/\s+/g, "").length;
    else if (child instanceof HTMLElement && !DROPPED.has(child.tagName?.toLowerCase() ?? "")) length += visibleLength(child);
  }
  return length;
}

/**
 * A block beside paragraphs or headings is part of the text (a list of functions, a "See also" list), however
 * many links it holds; link bars sit apart, in wrappers of their own.
 */
function inTextFlow(element: HTMLElement): boolean {
  let block = element;
  // A wrapper around nothing but the list (a multi-column div) stands where the list stands.
  while (block.parentNode !== null && block.parentNode.childNodes.filter(isSubstantial).length === 1) block = block.parentNode;
  const siblings = block.parentNode?.childNodes ?? [];
  return siblings.some((node) => node instanceof HTMLElement && FLOW.test(node.tagName?.toLowerCase() ?? ""));
}

function isSubstantial(node: Node): boolean {
  return node instanceof HTMLElement ? !DROPPED.has(node.tagName?.toLowerCase() ?? "") : node.text.trim() !== "";
}

function hasChromeName(element: HTMLElement): boolean {
  const id = element.getAttribute("id")?.toLowerCase();
  // A section whose id is made from its own heading (<section id="search"><h2>Search</h2>) is content.
  if (id !== undefined && (CHROME_WORDS.has(id) || CHROME_NAMES.has(id)) && !startsWithHeading(element)) return true;
  for (const name of element.classList.values()) {
    const lower = name.toLowerCase();
    if (CHROME_NAMES.has(lower) || lower.replace(/[-_]/g, "").startsWith("tableofcontents")) return true;
    if (CHROME_ENDINGS.some((word) => lower.endsWith(word)) || NAV_PARTS.test(lower)) return true;
    if (lower.split(/[-_]+/).some((part) => CHROME_WORDS.has(part))) return true;
  }
  return false;
}

function startsWithHeading(element: HTMLElement): boolean {
  const first = element.childNodes.find((child): child is HTMLElement => child instanceof HTMLElement);
  return first !== undefined && HEADING_TAG.test(first.tagName?.toLowerCase() ?? "");
}

function isChromeForm(form: HTMLElement): boolean {
  // Some frameworks wrap a whole page in a form; only a form without prose is a form.
  if (form.querySelector("p, h1, h2, h3, h4, h5, h6, article, main") === null) return true;
  return /search/i.test(form.getAttribute("action") ?? "") || form.querySelector('input[type="search"]') !== null;
}

function isSkipOrPermalink(anchor: HTMLElement): boolean {
  if (!(anchor.getAttribute("href") ?? "").startsWith("#")) return false;
  const text = anchor.text.trim();
  return PERMALINK.test(text) || /^skip (to|navigation)\b/i.test(text);
}
