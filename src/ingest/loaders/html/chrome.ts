import { HTMLElement, NodeType } from "node-html-parser";
import { collapseWhitespace } from "../document.js";
import { isFooterLine, isLetterBar, isPager, isPagerLinkAlone, ownText, SEPARATORS } from "./bars.js";
import { AMBIGUOUS_NAMES, CHROME_ROLES, chromeName, isButtonLike, isChromeForm, isHoverText, isLineNumbers, isListing, namesContents } from "./chrome-names.js";
import { atPageLevel, controlPanels, DROPPED, decodeFragment, HEADING_TAG, headingTargets, isFlow, isSubstantial } from "./page.js";
import { isIndexBlock, isPurposeEntry } from "./index-page.js";
import { isIndexEntry } from "./link-index.js";
import { isFoldedSummary, isInheritedMembers } from "./repeats.js";
import { announcementBlocks } from "./announcement.js";
import { elsewhereNotices } from "./elsewhere.js";
import { MAX_POINTER_NOTE, pointsOnlyInto } from "./pointers.js";
import type { PageTitle } from "./title.js";
import {
  isClickToggle,
  isCodeAction,
  isHeadingPermalink,
  isPointerLink,
  isHeadingsAndLinks,
  isLanguageLabel,
  isScriptLink,
  isSkipOrPermalink,
  isTrailingPointer,
  TOGGLE_LABEL,
} from "./links.js";

/**
 * Generic recognition of site chrome (navigation, site headers and footers, sidebars, breadcrumbs, search boxes,
 * cookie banners, tables of contents, prev/next bars) on any documentation site, by semantics, by a short list
 * of class and id words, and by link density, in the manner of Readability and boilerpipe. No rule names a site.
 */

/**
 * Blocks a link-density test may drop; a list is judged whole, never item by item. A table is one too: Boost's
 * banner ("Home | Libraries | People | FAQ | More") is a row of links in a layout table.
 */
const LINK_BLOCKS = new Set(["div", "p", "ul", "ol", "dl", "table"]);
/** Blocks that may be a whole navigation column: a site's module list beside the page, in no `<nav>`. */
const COLUMN_BLOCKS = new Set(["div", "ul", "ol"]);
/** Blocks a pager test may drop: texi2html and others lay their "[ << ] [ >> ] [Top] [Contents]" bars out in tables. */
const PAGER_BLOCKS = new Set(["div", "p", "ul", "ol", "table", "center", "span"]);
/** Elements a footer-line test may drop (sqlite.org's misnested <small><i> can land outside its <p>). */
const LINE_BLOCKS = new Set(["div", "p", "small", "i", "em", "span", "address", "center"]);
/** The most letters a toggle label has ("click here to collapse all description" has 33). */
const MAX_TOGGLE_LETTERS = 40;

interface Stats {
  /** Visible characters, whitespace and list separators excluded. */
  text: number;
  /** Of those, the characters inside links. */
  link: number;
  links: number;
  headings: number;
  h1: number;
  /** Links to the page in another language (`hreflang`). */
  translations: number;
  /** Links to a place in this page (`href="#…"`). */
  inPage: number;
}

/** A disclosure's label, not its content: "Show details", Haddock's "Instance details" over each instance's "Defined in" line. */
const isDisclosureLabel = (label: string) => TOGGLE_LABEL.test(label) || /^(?:instances? )?details$/i.test(label);

/** Decides, element by element, what of a parsed page is site chrome. Build one per page. */
export class ChromeFilter {
  private readonly stats = new Map<HTMLElement, Stats>();
  /** Per parent: how many of its children are substantial, and how many are text flow. */
  private readonly substantial = new Map<HTMLElement, number>();
  private readonly flowing = new Map<HTMLElement, number>();
  private readonly lastHeadingAt: number;
  private readonly pageText: number;
  /** What the page's `<title>` says, and which `<h1>` says it. */
  private readonly title: PageTitle;
  private readonly page: HTMLElement;
  /** Per element: whether it is in a code listing (see {@link ChromeFilter.inListing}). */
  private readonly listing = new Map<HTMLElement, boolean>();
  /** The ids and anchor names that lead to a heading, gathered when first needed. */
  private headingTargets: Set<string> | undefined;

  /** The elements that hold the page's name where it has no `<h1>` (see `headerTitle`): never chrome. */
  private readonly holdsTitle = new Set<HTMLElement>();
  /** Blocks of an announcement over the site's header, of a notice of the page elsewhere, or of controls (`controlPanels`). */
  private readonly announcements: Set<HTMLElement>;
  private readonly index: boolean;

  /**
   * `body` is the subtree the text will come from (the content root or the whole page); `title`, what its
   * `<title>` says; `titleElement`, the element read as the page's `<h1>` (see `headerTitle`); `index`, whether the
   * page is an index of other pages (see `link-index.ts`), whose lists of links are then chrome too; `fileName`, the
   * page's own file name, if known.
   */
  constructor(
    page: HTMLElement,
    body: HTMLElement,
    title: PageTitle,
    titleElement?: HTMLElement,
    { index = false, fileName }: { index?: boolean; fileName?: string | undefined } = {},
  ) {
    this.index = index;
    for (let element = titleElement; element instanceof HTMLElement; element = element.parentNode ?? undefined) this.holdsTitle.add(element);
    let last = -1;
    for (const heading of page.querySelectorAll("h1, h2, h3, h4, h5, h6")) last = Math.max(last, heading.range[0]);
    this.lastHeadingAt = last;
    this.pageText = this.measure(body).text;
    this.title = title;
    this.page = page;
    this.announcements = new Set([...announcementBlocks(page), ...elsewhereNotices(body, fileName), ...controlPanels(page)]);
  }

  /**
   * True when `element` is chrome and its whole subtree should be skipped. Inside a heading only permalink,
   * script and pointer anchors are (a docutils heading can be one "toc-backref" link).
   */
  isChrome(element: HTMLElement, tag: string, inHeading: boolean): boolean {
    if (this.isMargin(element, tag) || this.announcements.has(element)) return true;
    // RDoc's "click to toggle source" beside each method's name, in its heading. Its text is read only when short
    // enough (under 40 letters): reading every block's text would take time in the page's size times its depth.
    if ((tag === "span" || tag === "div") && this.measure(element).text <= MAX_TOGGLE_LETTERS && isClickToggle(element)) return true;
    if (this.holdsTitle.has(element)) return false;
    if (inHeading) {
      if (tag !== "a") return false;
      if (isSkipOrPermalink(element) || isHeadingPermalink(element) || isScriptLink(element, true)) return true;
      // Sphinx's "[source]" ends an entry's signature, which heads the entry.
      return (!(element.getAttribute("href") ?? "#").startsWith("#") && isPointerLink(element)) || isTrailingPointer(element);
    }
    const role = element.getAttribute("role");
    if (role !== undefined && CHROME_ROLES.has(role.toLowerCase())) return true;
    if (isButtonLike(element) || isLanguageLabel(element) || isInheritedMembers(element, tag) || isFoldedSummary(element, tag)) return true;
    // A <header>, <footer> or <aside> at page level is site chrome; inside an article it belongs to it. An
    // <aside> amid the text (a docutils footnote or "sidebar" directive) is kept whatever its class says.
    if (tag === "aside") return atPageLevel(element) && !this.inTextFlow(element, true);
    if ((tag === "header" || tag === "footer") && atPageLevel(element)) {
      return tag === "footer" || !this.title.isHeadedBy(element);
    }
    if (tag === "nav" || tag === "menu") return true;
    if (tag === "form") return isChromeForm(element);
    if (tag === "a") {
      // Haddock's "Source" ends an instance's or a method's signature in its table too, as it ends an entry's heading.
      const pointer = isPointerLink(element) || isTrailingPointer(element);
      return isSkipOrPermalink(element) || isScriptLink(element, false) || pointer || isCodeAction(element) || isPagerLinkAlone(element);
    }
    if (tag === "summary") return isDisclosureLabel(collapseWhitespace(element.text));
    if (tag === "html" || tag === "body" || tag === "main" || tag === "article") return false;
    if (this.isSiteNameHeading(element)) return true;
    if (HEADING_TAG.test(tag)) return false;
    const stats = this.measure(element);
    // A listing's lines are code however many of their names link (Doxygen's div.fragment > div.line).
    if (this.inListing(element)) return false;
    // On an index of other pages, every block of links is the index: other pages' titles and names; so is each entry.
    if (this.index && (isIndexEntry(element, tag) || (LINK_BLOCKS.has(tag) && isIndexBlock(element, stats, (inner) => this.measure(inner))))) return true;
    // Whatever holds the page title or most of the text is the page, whatever its class says ("has-sidebar"); but a
    // table of contents by its name, links all but its label, is one however much of the page it is (a DocBook
    // chapter's page: its div.toc of the chapter's sections, then an introduction of a few lines).
    if (stats.h1 === 0 && stats.headings === 0 && stats.links >= 3 && stats.link >= 0.85 * stats.text && namesContents(element)) return true;
    if (stats.h1 > 0 || stats.text > 0.6 * this.pageText) return false;
    if (this.pointsAtChrome(element, stats)) return true;
    // Links without a heading: at least `count` of them, holding at least `share` of the text.
    const links = (count: number, share: number) => stats.headings === 0 && stats.links >= count && stats.link >= share * stats.text;
    const inEntry = () => element.closest("li, dd, td, th") !== null;
    if (LINK_BLOCKS.has(tag) && this.isLanguageBar(element)) return true;
    const name = chromeName(element, links(2, 0.5) && !inEntry());
    if (name !== undefined && !(AMBIGUOUS_NAMES.has(name) && this.isContentAfterAll(element, name, stats))) return true;
    const apart = () => !inEntry() && !this.inTextFlow(element);
    if (LINK_BLOCKS.has(tag) && links(2, 0.8) && stats.text <= 300 && apart()) return true;
    // A list of nothing but links to this page's headings is its table of contents, wherever it stands: a <ul>,
    // an <ol>, or a <dl> whose terms head no entries (man2html's; pod2html's "methods to override" are entries).
    const list = tag === "ul" || tag === "ol" || (tag === "dl" && element.querySelector("dt[id]") === null);
    if (list && stats.inPage === stats.links && links(1, 0.95) && !inEntry() && this.listsHeadings(element)) return true;
    // So is a collapsible index of the page's members, headings over links to them (TypeDoc's details.tsd-index-content).
    if (tag === "details" && stats.links >= 3 && stats.inPage === stats.links && isHeadingsAndLinks(element) && this.listsHeadings(element)) return true;
    // A long column of nothing but links beside the page (Node.js's module list, 60 links in a plain div): too
    // long for the test above, yet a small share of the page and standing apart from its text.
    if (COLUMN_BLOCKS.has(tag) && links(10, 0.95) && stats.text <= 0.15 * this.pageText && apart()) return true;
    if (PAGER_BLOCKS.has(tag) && stats.headings === 0 && stats.links >= 2 && stats.text <= 200 && isPager(element)) return true;
    // (Five links at least, counted already, before the letter bar's own walk over them.)
    if (PAGER_BLOCKS.has(tag) && stats.headings === 0 && stats.links >= 5 && isLetterBar(element)) return true;
    if (!LINE_BLOCKS.has(tag) || element.range[0] <= this.lastHeadingAt || stats.text > 250) return false;
    return isFooterLine(collapseWhitespace(element.text), stats.links > 0);
  }

  /**
   * A tooltip's hover text or a listing's line numbers: what is left out even inside a listing, where nothing else
   * is chrome.
   */
  isMargin(element: HTMLElement, tag: string): boolean {
    return isHoverText(element) || isLineNumbers(element, tag);
  }

  /**
   * Whether `element` is a code listing or inside one: `<pre>`, `<code>`, or a block whose class says so. A block
   * with a heading in it is no listing, whatever its class says (`<body class="lang-en">`), and so neither is what
   * holds it.
   */
  private inListing(element: HTMLElement): boolean {
    let known = this.listing.get(element);
    if (known === undefined) {
      const parent = element.parentNode;
      known = (isListing(element) && this.measure(element).headings === 0) || (parent instanceof HTMLElement && this.inListing(parent));
      this.listing.set(element, known);
    }
    return known;
  }

  /**
   * The page's first `<h1>`, or a block holding it and no other heading, when that `<h1>` says nothing but a later
   * part of the title (the site's name: Django's "Django 3.2.25 documentation" over every page) and another `<h1>`
   * names the page, or when a later `<h1>` says it again and the block is chrome by its name; or that `<h1>` alone,
   * when it is a banner linking home that the title does not say.
   */
  private isSiteNameHeading(element: HTMLElement): boolean {
    const h1 = this.title.firstH1;
    if (h1 === null) return false;
    if (element === h1) return this.title.firstH1IsSiteName() || this.title.firstH1IsBanner();
    // Or a bar by its name over the page whose heading the text says again (erl_docgen's div.topbar).
    if (!this.title.firstH1IsSiteName() && !(this.title.firstH1IsCopy() && chromeName(element, false) !== undefined)) return false;
    const stats = this.measure(element);
    if (stats.h1 !== 1 || stats.headings !== 1 || element.range[0] > h1.range[0] || element.range[1] < h1.range[1]) return false;
    // A header with a few links beside the name, not a section of text under it.
    return stats.text - this.measure(h1).text <= 300;
  }

  /**
   * Every link of `list` points at a heading of this page: its id, an anchor in it or just before it, or a
   * section it opens. Links to entries (`#abs` for a function's paragraph or definition term) do not count.
   */
  private listsHeadings(list: HTMLElement): boolean {
    this.headingTargets ??= headingTargets(this.page);
    const targets = this.headingTargets;
    return list.querySelectorAll("a[href]").every((link) => targets.has(decodeFragment((link.getAttribute("href") ?? "").slice(1))));
  }

  /** A short note whose every link leads into a block named chrome (sphinx-gallery's "Click here to download…"). */
  private pointsAtChrome(element: HTMLElement, stats: Stats): boolean {
    if (stats.headings > 0 || stats.links === 0 || stats.inPage < stats.links || stats.text > MAX_POINTER_NOTE) return false;
    // The climb from a target stops at what holds a heading or most of the page: the page, whatever its class says.
    const holdsText = (node: HTMLElement) => this.measure(node).headings > 0 || this.measure(node).text > 0.6 * this.pageText;
    return pointsOnlyInto(element, this.page, (node) => this.isNamedChrome(node), holdsText);
  }

  /**
   * A bar of links to this page in other languages ("Available Languages: en | fr"): two links or more, each
   * naming its language (`hreflang`, as HTML marks a translation) but for one (the page itself), and at most a
   * short label.
   */
  private isLanguageBar(element: HTMLElement): boolean {
    const stats = this.measure(element);
    const named = stats.translations > 0 && stats.translations >= stats.links - 1;
    return stats.headings === 0 && stats.links >= 2 && named && stats.text - stats.link <= 40;
  }

  /**
   * A block beside paragraphs or headings is part of the text (a list of functions, a "See also" list), however
   * many links it holds; link bars sit apart, in wrappers of their own. A sibling that is chrome by its name (a
   * footer, or a language bar wrapped like a paragraph) does not count; with `besides`, nor does the block itself (an
   * <aside> around one paragraph). Each parent's children are read once: 10,000 sibling link blocks take linear time.
   */
  private inTextFlow(element: HTMLElement, besides = false): boolean {
    const block = this.standing(element);
    const parent = block.parentNode;
    if (parent === null) return false;
    const isText = (node: HTMLElement) => isFlow(node) && !this.isNamedChrome(node);
    let flowing = this.flowing.get(parent);
    if (flowing === undefined) {
      flowing = parent.childNodes.filter((node) => node instanceof HTMLElement && isText(node)).length;
      this.flowing.set(parent, flowing);
    }
    return flowing > (besides && isText(block) ? 1 : 0);
  }

  /**
   * Whether `element` (or the wrapper around nothing but it) stands in a section's text: after a heading of its
   * parent's (a sibling heading, or a wrapper around nothing but one), as DocBook's and docutils' sidebars follow
   * their section's title. A site's sidebar before the page's title, or beside the column that holds the page, is
   * not.
   */
  private afterHeading(element: HTMLElement): boolean {
    const block = this.standing(element);
    for (const node of block.parentNode?.childNodes ?? []) {
      if (node === block) return false;
      if (node instanceof HTMLElement && isFlow(node) && this.measure(node).headings > 0) return true;
    }
    return false;
  }

  /** The outermost wrapper around nothing but `element` (a multi-column div around a list): where it stands. */
  private standing(element: HTMLElement): HTMLElement {
    let block = element;
    while (block.parentNode !== null && this.substantialChildren(block.parentNode) === 1) block = block.parentNode;
    return block;
  }

  private substantialChildren(parent: HTMLElement): number {
    let count = this.substantial.get(parent);
    if (count === undefined) {
      count = parent.childNodes.filter(isSubstantial).length;
      this.substantial.set(parent, count);
    }
    return count;
  }

  /**
   * A language bar, or a block whose class or id names chrome unambiguously ("footer"): no text beside a block.
   * Never a heading, whatever its id says (`<h2 id="related">Related</h2>`): headings are text.
   */
  private isNamedChrome(element: HTMLElement): boolean {
    if (HEADING_TAG.test(element.tagName?.toLowerCase() ?? "")) return false;
    if (this.isLanguageBar(element)) return true;
    const name = chromeName(element, false);
    return name !== undefined && !AMBIGUOUS_NAMES.has(name);
  }

  private isContentAfterAll(element: HTMLElement, name: string, stats: Stats): boolean {
    if (name === "contents") return stats.link < 0.5 * stats.text;
    if (name === "banner") return stats.headings > 0;
    if (name === "sidebar") return stats.link < 0.5 * stats.text && this.afterHeading(element);
    if (stats.headings > 0) return true;
    return this.title.namesThePage(ownText(element));
  }

  private measure(element: HTMLElement): Stats {
    const known = this.stats.get(element);
    if (known) return known;
    const tag = element.tagName?.toLowerCase() ?? "";
    const stats: Stats = {
      text: 0,
      link: 0,
      links: tag === "a" ? 1 : 0,
      headings: HEADING_TAG.test(tag) ? 1 : 0,
      h1: tag === "h1" ? 1 : 0,
      translations: tag === "a" && element.getAttribute("hreflang") !== undefined ? 1 : 0,
      inPage: tag === "a" && (element.getAttribute("href") ?? "").startsWith("#") ? 1 : 0,
    };
    for (const child of element.childNodes) {
      if (child.nodeType === NodeType.TEXT_NODE) stats.text += child.text.replace(SEPARATORS, "").length;
      if (!(child instanceof HTMLElement) || DROPPED.has(child.tagName?.toLowerCase() ?? "")) continue;
      const inner = this.measure(child);
      stats.text += inner.text;
      stats.link += inner.link;
      stats.links += inner.links;
      stats.headings += inner.headings;
      stats.h1 += inner.h1;
      stats.translations += inner.translations;
      stats.inPage += inner.inPage;
    }
    // On an index, a back-of-book index's terms are what its links are: the names of other pages' places; so are a
    // table of contents' purpose lines, the other pages' summaries.
    if (tag === "a" || (this.index && (isIndexEntry(element, tag) || isPurposeEntry(element, tag)))) stats.link = stats.text;
    this.stats.set(element, stats);
    return stats;
  }
}
