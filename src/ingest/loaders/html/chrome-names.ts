import { HTMLElement } from "node-html-parser";
import { collapseWhitespace } from "../document.js";
import { HEADING_TAG } from "./page.js";

/**
 * What an element's role, class names and id say of it: the short, generic lists of words that mark site chrome
 * ("nav", "sidebar", "footer"), the names that also name content, and the elements that are controls by their
 * markup (a tooltip's hover text, a button-styled word, a search form).
 */

/** ARIA landmarks and widgets that are page furniture, wherever they are. */
export const CHROME_ROLES = new Set(["navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar", "toolbar", "dialog", "alertdialog"]);
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
/**
 * Run-together class names that end in a chrome word: "mainmenu", "sphinxsidebar", "topnav", "pagefooter", and
 * qdoc's breadcrumb bar "navigationbar".
 */
const CHROME_ENDINGS = ["menu", "nav", "navbar", "navigationbar", "sidebar", "footer"];
/**
 * Run-together names of navigation parts: DocBook's "navheader" (prev / up / next) and "navfooter", "navlinks",
 * Doxygen's "navpath" (the footer's trail of the page's namespaces and classes, beside its generator credit).
 */
const NAV_PARTS = /^nav(header|footer|links|bar|box|block|path)$/;
/**
 * Whole class names or ids only, since as parts they also name content ("card-header", "contents-list").
 * "sitesub" and "contentsub" are MediaWiki's tagline and subtitle under the title ("From cppreference.com", "From
 * Wikipedia, the free encyclopedia"; "(Redirected from …)", the "< cpp | io" trail of a subpage); "catlinks" is its
 * box of the page's categories ("Hidden category: Pages with unreviewed CWG DR marker"). An element with the id
 * "banner", like ARIA's banner landmark, is the page's head (Publican's "Download the ebook" link over every page of
 * a book), unless it holds a heading.
 */
const CHROME_NAMES = new Set(["header", "page-header", "site-header", "contents", "table-of-contents", "localtoc", "sitesub", "contentsub", "catlinks"]);
/**
 * Whole ids only: a class "banner" also marks content (a deprecation notice). Doxygen's "titlearea" is the project's
 * logo, name and version over every page ("Eigen 3.4.0"), the page's own title being in its "header".
 */
const CHROME_IDS = new Set(["banner", "titlearea"]);
/**
 * Names that some generators give to the content itself: Doxygen's text is in "contents" (texinfo's and
 * docutils' table of contents also is), Doxygen's and Javadoc's page title sits in a "header" (texinfo's next /
 * previous / up line also does), and Bootstrap's "page-header" wraps the page's `<h1>` (the Apache manual's
 * holds the site's name). DocBook and docutils set a sidebar box amid the text in a "sidebar" (a "VOCABULARY" note
 * between a section's paragraphs). Such a "contents" is chrome only when made of links, such a header only when it
 * holds neither a heading nor the page title, such a sidebar only when made of links or before any heading of its
 * section, and a banner only when it holds no heading.
 */
export const AMBIGUOUS_NAMES = new Set(["contents", "header", "page-header", "sidebar", "banner"]);
/**
 * The class name or id that marks `element` as chrome, lower-cased, if any (`linkBlock`: it holds no heading,
 * two links or more, and at least half its text is theirs, and stands in no list item or table cell).
 */
export function chromeName(element: HTMLElement, linkBlock: boolean): string | undefined {
  const id = element.getAttribute("id")?.toLowerCase();
  // A section whose id is made from its own heading (<section id="search"><h2>Search</h2>) is content. The
  // parts of an id ("global-nav") mark chrome only on a block of links: reference pages name entries by ids made
  // of identifiers ("guc-search-path", "index-menu_002dcomplete"), and sections by their headings' words. A
  // definition term's id names its entry (pod2html's <dt id="banner">banner()</dt>).
  if (id !== undefined && !startsWithHeading(element) && element.tagName?.toLowerCase() !== "dt") {
    if (CHROME_WORDS.has(id) || CHROME_NAMES.has(id) || CHROME_IDS.has(id) || (linkBlock && isChromeClass(id))) return id;
    // A page's header by another name, standing right in its <body> (Haddock's "package-header": the package's name
    // and links over every page), is read as a "header" is.
    if (id.endsWith("-header") && element.parentNode?.tagName === "BODY") return "header";
  }
  // A run-together name marks a block, not a phrase of the text: DocBook's GUI markup names a program's menus
  // ("Filters → Artistic" in `<span class="guimenu">` and `<span class="guisubmenu">`).
  const phrase = PHRASE_TAGS.has(element.tagName?.toLowerCase() ?? "");
  for (const name of element.classList.values()) {
    const lower = name.toLowerCase();
    if (CHROME_NAMES.has(lower) || isChromeClass(lower, !phrase)) return lower;
  }
  return undefined;
}

/** Elements that mark a phrase inside a line of text. */
const PHRASE_TAGS = new Set(["span", "b", "i", "em", "strong", "code", "kbd", "samp", "var", "cite", "abbr"]);

/** Run-together names of a table of contents' parts: Scribble's (Racket's docs) "tocset" column, "tocview" and "tocsub". */
const TOC_PARTS = /^toc(?:set|view|sub)$/;

/**
 * Whether a class name or the id of `element` says it is a table of contents: "toc" as a part ("toc", "page-toc",
 * "fancy_toc"), "table-of-contents", "localtoc" or Scribble's "tocset", "tocview" and "tocsub".
 */
export function namesContents(element: HTMLElement): boolean {
  return [...element.classList.values(), element.getAttribute("id") ?? ""].some((name) => isContentsName(name.toLowerCase()));
}

/** A lower-case class name or id of a table of contents (see {@link namesContents}). */
function isContentsName(lower: string): boolean {
  return lower === "localtoc" || TOC_PARTS.test(lower) || lower.replace(/[-_]/g, "").startsWith("tableofcontents") || lower.split(/[-_]+/).includes("toc");
}

/**
 * A class name (or id) of chrome: a table of contents', a chrome word as a part ("md-sidebar") or an ending
 * ("sphinxsidebar").
 */
function isChromeClass(lower: string, endings = true): boolean {
  if (isContentsName(lower)) return true;
  if ((endings && CHROME_ENDINGS.some((word) => lower.endsWith(word))) || NAV_PARTS.test(lower)) return true;
  return lower.split(/[-_]+/).some((part) => CHROME_WORDS.has(part));
}

function startsWithHeading(element: HTMLElement): boolean {
  // An empty anchor before the heading (Sphinx's <span id="api-cookies"></span>) does not count.
  const first = element.childNodes.find((child): child is HTMLElement => child instanceof HTMLElement && child.text.trim() !== "");
  return first !== undefined && HEADING_TAG.test(first.tagName?.toLowerCase() ?? "");
}

/**
 * Whole class names of code listings (Doxygen's "fragment", Pandoc's "sourceCode", Pygments' "highlight"), and the
 * prefixes of a listing's language ("highlight-python", Prism's "language-js"). Whole names only: a MediaWiki body's
 * class is made from the page's name ("page-cpp_error_error_code").
 */
const LISTING_NAMES = new Set(["code", "fragment", "listing", "highlight", "sourcecode", "programlisting", "codehilite", "hljs"]);
const LISTING_PREFIX = /^(highlight|language)-/;

/** A `<pre>` or `<code>`, or an element whose class names a code listing. */
export function isListing(element: HTMLElement): boolean {
  const tag = element.tagName?.toLowerCase();
  if (tag === "pre" || tag === "code") return true;
  for (const name of element.classList.values()) {
    const lower = name.toLowerCase();
    if (LISTING_NAMES.has(lower) || LISTING_PREFIX.test(lower)) return true;
  }
  return false;
}

/**
 * The text a tooltip shows on hover (`role="tooltip"`, a class part "tooltiptext" as the common CSS pattern names
 * it, or Doxygen's "ttc", the box of a symbol's declaration and "Definition: value.h:193" under each code
 * fragment): not part of the text it hovers over, even in a heading. The element it hovers over stays.
 */
export function isHoverText(element: HTMLElement): boolean {
  if (element.getAttribute("role")?.toLowerCase() === "tooltip") return true;
  for (const name of element.classList.values()) {
    const lower = name.toLowerCase();
    if (lower === "ttc" || lower.split(/[-_]+/).includes("tooltiptext")) return true;
  }
  return false;
}

/** Class names of a listing's line numbers (Pygments' "linenos", Doxygen's "lineno", highlight.js plugins'). */
const LINE_NUMBER_NAMES = new Set(["lineno", "linenos", "linenodiv", "linenumber", "linenumbers", "line-number", "line-numbers", "src-line-numbers"]);

/**
 * A code listing's line numbers, beside or inside it: an element of a line-number class, or a `<pre>` of nothing
 * but numbers counting up by one in a table cell beside a cell with a listing, or that cell (gtk-doc's and Pygments' gutter
 * column, `td.listing_lines > pre`), which a reader sees as a margin, not as text. A `<pre>` of numbers elsewhere is
 * a program's output or a diagram.
 */
export function isLineNumbers(element: HTMLElement, tag: string): boolean {
  for (const name of element.classList.values()) if (LINE_NUMBER_NAMES.has(name.toLowerCase())) return true;
  if (tag !== "pre" && tag !== "td") return false;
  const text = element.text.trim();
  if (!/^\d{1,6}(?:\s+\d{1,6})+$/.test(text)) return false;
  const numbers = text.split(/\s+/).map(Number);
  // Counting up by one from a line number, not a year ("2019 2020" beside a listing).
  if ((numbers[0] ?? 0) >= 1000 || !numbers.every((n, i) => i === 0 || n === (numbers[i - 1] ?? 0) + 1)) return false;
  // The gutter's cell itself, so that the listing beside it is the row's first cell.
  const cell = tag === "td" ? element : element.closest("td");
  return cell?.parentNode?.childNodes.some((other) => other !== cell && other instanceof HTMLElement && other.querySelector("pre") !== null) ?? false;
}

/**
 * An element styled as a button by the common "btn" class ("btn btn-primary", cppreference's "coliru-btn" on
 * "Run this code"), with a few words at most: a control, or a call to action, not text.
 */
export function isButtonLike(element: HTMLElement): boolean {
  const names = [...element.classList.values()].map((name) => name.toLowerCase());
  // Bootstrap's "btn-link" is a link styled as one, read as a link.
  if (names.includes("btn-link") || !names.some((name) => name.split(/[-_]+/).includes("btn"))) return false;
  const text = collapseWhitespace(element.text);
  if (text.length > 40) return false;
  // A label in a sentence ("Click <span class=btn>Save</span> to keep it") is text.
  const around = element.parentNode instanceof HTMLElement ? collapseWhitespace(element.parentNode.text) : text;
  return around.length <= text.length + 2;
}

export function isChromeForm(form: HTMLElement): boolean {
  // Some frameworks wrap a whole page in a form; only a form without prose is a form.
  if (form.querySelector("p, h1, h2, h3, h4, h5, h6, article, main") === null) return true;
  return /search/i.test(form.getAttribute("action") ?? "") || form.querySelector('input[type="search"]') !== null;
}

/**
 * An element classed as a tag, badge, pill or chip, or as Doxygen's member labels ("mlabel": "abstract", "inline"
 * after a class's or member's name): a label its style sheet draws apart from the words around it.
 */
export function isBadge(element: HTMLElement): boolean {
  return [...element.classList.values()].some((name) => /(?:^|[-_])(?:tag|badge|pill|chip)$|^mlabels?$/i.test(name));
}
