import { HTMLElement, type Node, NodeType } from "node-html-parser";
import { collapseWhitespace } from "../document.js";
import { memoizedPer } from "../../memoized.js";

/**
 * Links that are page furniture rather than text, recognised by what they say and where they stand: permalinks,
 * skip links, script controls, pointers to more or to the source, and code-block actions and labels. No rule names
 * a site.
 */

/** Elements that end a sentence: a link beside one stands apart from the text around it. */
const BREAKS = /^(address|blockquote|br|dd|details|div|dl|dt|figure|h[1-6]|hr|li|ol|p|pre|section|table|ul)$/i;
/** A permalink anchor's whole text, as Sphinx, MkDocs and others add to each heading. */
const PERMALINK = /^[¶#§🔗]$/u;
/** Inside a heading any lone symbol linking to the heading itself is one (Doxygen's "◆"). */
const HEADING_PERMALINK = /^[^\p{L}\p{N}]$/u;
/**
 * Links that stand apart from any sentence and only point elsewhere: for the rest of the text ("More...",
 * "Read more": Doxygen, rustdoc, blogs), to the item's source listing (rustdoc's "source", Sphinx's and
 * Haddock's "[source]", "Source", "[src]") or to the page's own source for editing ("Edit this page",
 * "View page source").
 */
const POINTER_LINK =
  /^(read more\s*(\.\.\.|…|»|›|→)?|more\s*(\.\.\.|…|»|›|→)|\[?(source|src|view source|view page source|show source|edit this page|edit on (github|gitlab|bitbucket)|suggest an edit|improve this (page|doc))\]?)$/i;
/** A repository's URL for editing a file (GitHub's `…/edit/main/x.md`, GitLab's `…/-/edit/…`). */
const EDIT_URL = /^https?:\/\/[^/]+\/.*\/edit\//i;
/** Entries whose whole text a link may be, naming a thing rather than pointing at more ("source" in a list of commands). */
const ENTRY_TAGS = new Set(["li", "td", "th", "dt", "dd"]);
/** What a link beside a code block may say and be the block's control (rustdoc's "Run" to a playground). */
const CODE_ACTION = /^(run|copy|try it|play|edit|share|format|open in playground|run code|copy code)$/i;
/** The label of a disclosure widget that says only what it does (rustdoc's "Expand description"). */
export const TOGGLE_LABEL =
  /^(click (here )?to )?(expand|collapse|show|hide|toggle)( all)?( (description|details|docs|more|less|contents?|code|source|section))?$/i;

/**
 * A link that runs a script instead of going anywhere is a control ("[−]" collapsing a page, a menu toggle, a
 * "show all" switch), and so is one to a bare "#" (nowhere, or the top), unless a sentence runs through it:
 * Doxygen hides e-mail addresses ("by <a href="#" onclick=…>Dimitri van Heesch</a>.") that way. A script link
 * that names something is a cross-reference drawn by script (Erlang's `javascript:erlhref(…)` to `term()`), and
 * stays wherever it stands, unless its words are a control's ("Menu", "Print"). In a heading a "#" link names the
 * page itself (rustdoc's "Struct std::vec::<a href="#">Vec</a>"), unless it says "collapse".
 */
export function isScriptLink(anchor: HTMLElement, inHeading: boolean): boolean {
  const href = anchor.getAttribute("href")?.trim();
  const script = href === undefined ? anchor.hasAttribute("onclick") : /^javascript:/i.test(href) || href === "#";
  if (!script) return false;
  const label = collapseWhitespace(anchor.text.replace(/[[\]()]/g, " "));
  if (TOGGLE_LABEL.test(label)) return true;
  if (inHeading && href === "#") return false;
  // A link that is its heading's whole text names it (gi-docgen's `<h6><a href="javascript:void(0)">GObject::notify</a></h6>`).
  const heading = inHeading ? anchor.closest("h1, h2, h3, h4, h5, h6, dt") : null;
  if (heading !== null && /[\p{L}\p{N}]/u.test(label) && collapseWhitespace(heading.text) === collapseWhitespace(anchor.text)) return false;
  // A call without arguments (`javascript:closeAllFlips()`, `void(0)`) acts on the page; one with a target
  // (`erlhref('../../', 'erts', …)`) goes somewhere.
  // Blanks collapsed first: NO_TARGET's runs of `\s*` would take cubic time on a long run of them.
  const acts = href === undefined || href === "#" || NO_TARGET.test(href.replace(/\s+/g, " "));
  if (!acts && /[\p{L}\p{N}]/u.test(label) && !CONTROL_LABEL.test(label)) return false;
  return standsApart(anchor);
}

/** A `javascript:` URL that names no target: `void(0)`, `;`, or a call without arguments. */
const NO_TARGET = /^javascript:\s*(?:;|void\s*\(?\s*0\s*\)?|[\w$.]+\s*\(\s*\))?\s*;?\s*$/i;

/** What a script control may say: the words of a menu, a print button, a dialog's close. */
const CONTROL_LABEL = /^(menu|main menu|navigation|print( this page)?|close|search|settings|back( to top)?|top|up|home|next|prev(ious)?|help)$/i;

/** A lone symbol linking into the page at the start or the end of a heading, not an operator amid its words. */
export function isHeadingPermalink(anchor: HTMLElement): boolean {
  const symbol = collapseWhitespace(anchor.text);
  if (!(anchor.getAttribute("href") ?? "").startsWith("#") || !HEADING_PERMALINK.test(symbol)) return false;
  // Or an entry's term, read as its heading (Sphinx's signatures: Furo's "Permalink to this definition").
  const heading = collapseWhitespace(anchor.closest("h1, h2, h3, h4, h5, h6, dt")?.text ?? "");
  // A term that is the symbol alone names it (an operator's entry).
  return heading !== symbol && (heading.startsWith(symbol) || heading.endsWith(symbol));
}

export function isPointerLink(anchor: HTMLElement): boolean {
  const text = collapseWhitespace(anchor.text);
  const href = anchor.getAttribute("href");
  // "Edit", "Edit page", "Edit this page on Codeberg": a pointer where it leads to the repository's editor (Nim's
  // beside each page and entry, Starlight's in the page's own footer).
  const editor = /^\[?edit\b[^[\]]{0,40}\]?$/i.test(text) && EDIT_URL.test(href ?? "");
  if (!(POINTER_LINK.test(text) || editor) || href === undefined) return false;
  // An index's or a page's own link to "source" the identifier (Bash's builtin) is code or a fragment.
  if (/source|src/i.test(text) && (href.startsWith("#") || anchor.querySelector("code") !== null)) return false;
  // A link that is a list item's or a table cell's whole text, through any inline wrappers (the JDK's
  // "<dd><code><a>Source</a></code></dd>"), names a thing.
  const entry = wrapperOf(anchor).parentNode;
  if (entry !== null && ENTRY_TAGS.has(entry.tagName?.toLowerCase() ?? "") && collapseWhitespace(entry.text) === text) return false;
  // A bracketed label is an annotation wherever it stands ("class requests.Session[source]").
  return /^\[.*\]$/.test(text) || standsApart(anchor);
}

/**
 * A pointer link that ends a heading, after its words and before other links and nothing else: Haddock's "Source" in
 * `data Parser a Source #`, which {@link isPointerLink} keeps because a type variable's letter stands before it.
 */
export function isTrailingPointer(anchor: HTMLElement): boolean {
  const href = anchor.getAttribute("href");
  if (href === undefined || href.startsWith("#") || anchor.querySelector("code") !== null || !POINTER_LINK.test(collapseWhitespace(anchor.text))) return false;
  // A page's own source listing is on the same site ("src/Data.Aeson.Types.html#Parser"), not another's.
  if (/^[a-z][a-z\d+.-]*:/i.test(href)) return false;
  const node = wrapperOf(anchor);
  const siblings = node.parentNode?.childNodes ?? [];
  const at = siblings.indexOf(node);
  const isLink = (sibling: Node) => sibling instanceof HTMLElement && sibling.tagName?.toLowerCase() === "a";
  const after = siblings.slice(at + 1);
  // Another link follows it (Haddock's "#" self-link): a heading that ends "from source" ends in a word.
  return (
    siblings.slice(0, at).some((sibling) => sibling.text.trim() !== "") &&
    after.some(isLink) &&
    after.every((sibling) => sibling.text.trim() === "" || isLink(sibling))
  );
}

/** A link that says only "Run", "Copy" or such, standing beside a `<pre>` as its sibling: a control of that code. */
export function isCodeAction(anchor: HTMLElement): boolean {
  if (!CODE_ACTION.test(collapseWhitespace(anchor.text))) return false;
  return (anchor.parentNode?.childNodes ?? []).some((node) => node instanceof HTMLElement && node.tagName?.toLowerCase() === "pre");
}

/** Inline elements that may wrap a link alone (Erlang's `<span class="bold_code"><a …>…</a></span>`). */
const INLINE_WRAPPERS = /^(abbr|b|cite|code|em|font|i|kbd|samp|small|span|strong|sub|sup|tt|u|var)$/i;

/** The outermost inline element that holds `anchor` and nothing else, or the anchor itself. */
function wrapperOf(anchor: HTMLElement): HTMLElement {
  let node: HTMLElement = anchor;
  const text = anchor.text.trim();
  while (node.parentNode instanceof HTMLElement && INLINE_WRAPPERS.test(node.parentNode.tagName ?? "") && node.parentNode.text.trim() === text) {
    node = node.parentNode;
  }
  return node;
}

/**
 * No sentence runs through `anchor`: no word or comma just before it, no word just after it. A link alone in an
 * inline wrapper is judged by the wrapper's neighbours.
 */
function standsApart(anchor: HTMLElement): boolean {
  const node = wrapperOf(anchor);
  const siblings = node.parentNode?.childNodes ?? [];
  const at = siblings.indexOf(node);
  const inline = (node: Node | undefined): string => (node === undefined || (node instanceof HTMLElement && BREAKS.test(node.tagName ?? "")) ? "" : node.text);
  const before = inline(siblings[at - 1]);
  const after = inline(siblings[at + 1]);
  return !/[\p{L}\p{N},]\s*$/u.test(before) && !/^\s*[\p{L}\p{N}]/u.test(after);
}

/** A heading permalink ("¶") or a "skip to content" link, both to a place on the page. */
export function isSkipOrPermalink(anchor: HTMLElement): boolean {
  if (!(anchor.getAttribute("href") ?? "").startsWith("#")) return false;
  const text = anchor.text.trim();
  return PERMALINK.test(text) || /^skip (to|navigation)\b/i.test(text);
}

/** Whether an element's text is all in its links, headings and summary (an index: "Properties" over its members' names). */
export function isHeadingsAndLinks(element: HTMLElement): boolean {
  let outside = 0;
  const walk = (node: Node): void => {
    if (!(node instanceof HTMLElement)) {
      outside += node.text.trim().length;
      return;
    }
    if (/^(?:a|h[1-6]|summary|svg)$/i.test(node.tagName ?? "")) return;
    for (const child of node.childNodes) walk(child);
  };
  for (const child of element.childNodes) walk(child);
  return outside === 0;
}

/** A class that names a listing's language: "language-sh", "lang-js", "highlight-console". */
const LANGUAGE_CLASS = /(?:^|\s)(?:language|lang|highlight)-([\w+#.-]+)/i;

/**
 * A label beside a listing that only names its language (VitePress's `<span class="lang">sh</span>` before each
 * `<pre>` in a `div.language-sh`): its one text is the language its wrapper names by class. The wrapper's class is
 * read first, and the label's own text only, so that no element's whole subtree is read on the way.
 */
export function isLanguageLabel(element: HTMLElement): boolean {
  const tag = element.tagName?.toLowerCase();
  const wrapper = element.parentNode;
  if ((tag !== "span" && tag !== "div") || !(wrapper instanceof HTMLElement)) return false;
  const language = LANGUAGE_CLASS.exec(wrapper.getAttribute("class") ?? "")?.[1]?.toLowerCase();
  const [only, ...more] = element.childNodes;
  if (language === undefined || more.length > 0 || only?.nodeType !== NodeType.TEXT_NODE) return false;
  if (collapseWhitespace(only.text).toLowerCase() !== language) return false;
  return holdsListing(wrapper);
}

/** Per wrapper, whether a `<pre>` is among its children: read once, however many labels the wrapper holds. */
const holdsListing = memoizedPer((wrapper: HTMLElement) =>
  wrapper.childNodes.some((node) => node instanceof HTMLElement && node.tagName?.toLowerCase() === "pre"),
);

/** A "click to …" toggle label standing alone (RDoc's "click to toggle source"). */
export function isClickToggle(element: HTMLElement): boolean {
  return /^click /i.test(element.text.trim()) && TOGGLE_LABEL.test(collapseWhitespace(element.text));
}
