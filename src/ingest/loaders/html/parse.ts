import { HTMLElement, NodeType, parse, type Node } from "node-html-parser";
import { ChromeFilter } from "./chrome.js";
import { isBadge, isListing } from "./chrome-names.js";
import {
  entryHead,
  entryRunsOn,
  headerTitle,
  isEntrySignature,
  headingText,
  headsEntry,
  isSignatureTable,
  isStyledHeading,
  isTitleBlock,
  signatureText,
} from "./headings.js";
import { LinkTally } from "./index-page.js";
import { headsNothing } from "./reference-entries.js";
import { levelInSection, openedSection, type OpenSection } from "./sections.js";
import { isUnshownCodeTab } from "./tabs.js";
import { isInlineNote, isSuperscriptNumber, readInlineNote } from "./superscripts.js";
import { pageFacts } from "./listing-page.js";
import { gridPart, isCellText, isPictureCell, OpenRows } from "./cells.js";
import { iconLabel } from "./icons.js";
import { imageTex, mathTex } from "./math.js";
import { normaliseHtml, TREE_OPTIONS } from "./normalise.js";
import { alternativeIndex, DROPPED, findContentRoot, isHidden } from "./page.js";
import { manPageName, onceOnly, PageTitle, shortTitle } from "./title.js";
import { TextWriter } from "./text-writer.js";
import { HeadingTrail, sectionsFromHeadings, type TrailPosition, type Section } from "../document.js";

/** HTML reduced to readable text, with heading sections whose offsets point into that text. */
export interface ParsedHtml {
  content: string;
  title?: string;
  sections: Section[];
  /** The `lang` attribute of `<html>`, when present. */
  lang?: string;
  /** The page is a program's source file, line by line (`isSourceListing` in listing-page.ts). */
  sourceListing?: true;
}

/** Block elements that end a paragraph (a blank line) or a line. */
const PARAGRAPH = new Set(["p", "pre", "blockquote", "table", "ul", "ol", "dl", "figure", "hr", "address", "details", "fieldset"]);
const LINE = new Set(
  "div section article main aside header footer li tr dt dd figcaption caption summary body html center form legend thead tbody tfoot".split(" "),
);
/** Headings by tag; ocamldoc writes its deepest level, `{6 …}`, as a non-standard `<h7>`, read as an `<h6>`. */
const HEADING = /^h([1-9])$/;

/**
 * Turns HTML into readable plain text: block elements become lines and paragraphs, `h1`–`h6` become sections
 * with heading paths, and entities are decoded. Scripts, styles, SVG, forms and hidden elements are dropped, and
 * so is site chrome, recognised generically (see chrome.ts): navigation, page-level header, footer and
 * aside, ARIA landmarks other than main, sidebars, breadcrumbs, search boxes, tables of contents, link-dense
 * bars and heading permalinks. When the page marks its content with `<main>`, `[role=main]` or a lone
 * `<article>`, only that is read. A title of the form "first h1 — Site name" is shortened to the h1. Terms of
 * definition lists that carry an `id` (the functions, classes and settings of Sphinx, DocBook and most API
 * reference pages) head their entries as sub-headings, and so do the non-standard `<h>` elements with which
 * sqlite.org names each pragma or function. `fileName`, the page's own file name, lets a notice of the page elsewhere go.
 *
 * @example
 * parseHtml("<title>T</title><h1>Intro</h1><p>Hello&nbsp;world</p>").content // "Intro\n\nHello world"
 */
export function parseHtml(html: string, { fileName }: { fileName?: string } = {}): ParsedHtml {
  const root = parse(normaliseHtml(html), TREE_OPTIONS);
  const contentRoot = findContentRoot(root);
  const pageTitle = new PageTitle(root);
  const pageName = headerTitle(root, pageTitle);
  const body = contentRoot ?? root;
  let extracted = extract(body, new ChromeFilter(root, body, pageTitle, pageName, { fileName }), pageName);
  // A page that is nothing but chrome (a redirect stub, a link hub) is better read whole than not at all.
  if (extracted.content.trim() === "") extracted = extract(root, undefined, pageName);
  // An index of other pages is read without its lists of links: its headings and any text of its own remain.
  if (extracted.links.isIndex(extracted.content)) {
    const own = extract(body, new ChromeFilter(root, body, pageTitle, pageName, { index: true, fileName }), pageName);
    if (/[\p{L}\p{N}]/u.test(own.content)) extracted = own;
  }
  const { content, headings, firstH1, firstHeading } = extracted;
  const fullTitle = onceOnly(pageTitle.written);
  // Some generators head the page with an h2 and keep the h1 for the site's name (mdBook's menu bar).
  // Without a <title> or an <h1>, a heading the page opens with names it (Go's pages title themselves in a comment).
  const opening = headings[0]?.start === 0 ? firstHeading : undefined;
  const title = manPageName(shortTitle(shortTitle(fullTitle, firstH1), firstHeading) || firstH1 || opening, content, headings);
  return { content, ...(title ? { title } : {}), sections: sectionsFromHeadings(content, headings), ...pageFacts(root, body, content) };
}

interface Extracted {
  content: string;
  headings: { start: number; path: string[]; resumes?: boolean }[];
  firstH1: string | undefined;
  /** The first heading of the page's own, of any level (not a definition term). */
  firstHeading: string | undefined;
  links: LinkTally;
}

/**
 * Writes the text of `start`'s subtree, skipping what `chrome` calls chrome (nothing but hidden parts without it);
 * `pageName` is read as an `<h1>` (see {@link headerTitle}).
 */
function extract(start: HTMLElement, chrome: ChromeFilter | undefined, pageName: HTMLElement | undefined): Extracted {
  const writer = new TextWriter();
  const links = new LinkTally();
  const trail = new HeadingTrail();
  const headings: Extracted["headings"] = [];
  let firstH1: string | undefined;
  let firstHeading: string | undefined;
  let lastRealLevel = 0;
  // Counting as we go: asking node-html-parser for an element's index is linear, quadratic over a long list.
  const lists: { ordered: boolean; next: number }[] = [];
  const rows = new OpenRows();
  // Open lists (<dl>, <ol>, <ul>): the headings where each began, and whether an entry of it became a heading.
  const entryLists: { outer: TrailPosition; headed: boolean }[] = [];
  // An entry whose parts follow its list (kernel-doc's "Parameters", "Description") runs on to the next heading,
  // entry or the end of the list's parent; then the text is its section's again.
  let runsOn: { outer: TrailPosition; parent: HTMLElement | null } | undefined;
  /** Heads an entry of the innermost open list, one level below the section the list is in. */
  const visitEntry = (element: HTMLElement): void => {
    const list = entryLists[entryLists.length - 1]!;
    list.headed = true;
    visitHeading(element, Math.min((list.outer.at(-1)?.level ?? 0) + 1, 6), false);
  };

  /** Returns the text that follows to the section an entry or a list of entries stands in. */
  const resume = (outer: TrailPosition): void => {
    writer.block(2);
    trail.restore(outer);
    headings.push({ start: writer.length, path: trail.path, resumes: true });
  };

  let inHeading = false;
  // Open <article>s, <section>s and entries (see entryHead), each with the level of the heading that opens it.
  const sectioning: OpenSection[] = [];

  const visitHeading = (element: HTMLElement, given: number, real: boolean): void => {
    const level = real ? levelInSection(sectioning[sectioning.length - 1], element, given) : given;
    // A heading opening a list item takes no bullet (Javadoc's members, an <li> each, open with an <h3>): written
    // before the heading's text, it would be a stray "-" at the end of the section before.
    if (!lists.at(-1)?.ordered) writer.clearPrefix();
    writer.block(2);
    writer.startMark();
    inHeading = true;
    // The header's title without the blocks under it (Doxygen's "ingroups" trail of modules).
    if (element === pageName) {
      for (const child of element.childNodes) if (!(child instanceof HTMLElement && isTitleBlock(child))) walk(child, false);
    } else walkChildren(element, false);
    inHeading = false;
    const mark = writer.endMark();
    writer.block(2);
    const text = headingText(element, mark?.text ?? "");
    if (mark === undefined || text === "" || headsNothing(element, text)) return;
    // A "Table of Contents" heading left over its list ends the sections above it and heads nothing (SWI-Prolog's).
    if (/^table of contents$/i.test(text)) return void headings.push({ start: writer.length, path: trail.close(level), resumes: true });
    headings.push({ start: mark.start, path: trail.enter(level, text) });
    if (real) runsOn = undefined;
    if (real) lastRealLevel = level;
    if (real) firstHeading ??= text;
    if (real && level <= 1) firstH1 ??= text;
  };

  /**
   * Walks an element's children. Two sibling spans of one kind (the same classes) with nothing between them are
   * items a style sheet sets apart, and an empty span after an element separates it from what follows; spans of
   * different classes are runs of style within a word ("bold" then "er"), and an empty span between two runs of
   * text is a break opportunity (`<span class="wbr">`). Not in code.
   */
  const walkChildren = (node: HTMLElement, inPre: boolean): void => {
    let previous: Node | undefined;
    let inCode: boolean | undefined;
    const apart = (): boolean => {
      inCode ??= node.closest("code") !== null;
      return !inCode;
    };
    for (const child of node.childNodes) {
      const empty = child.childNodes.length === 0;
      const setApart =
        !inPre &&
        isSpan(child) &&
        (empty ? previous instanceof HTMLElement : isSpan(previous) && previous.getAttribute("class") === child.getAttribute("class")) &&
        apart();
      if (setApart) writer.wordBreak();
      walk(child, inPre);
      // An empty span's break waits for what follows it; a span's own, if it wrote nothing, is forgotten.
      if (setApart && !empty) writer.clearBreak();
      previous = child;
    }
  };

  const walk = (node: Node, inPre: boolean): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      // node-html-parser hands <!DOCTYPE html> and <?xml ...?> over as text; escaped text reads "&lt;!".
      if (/^\s*<[!?]/.test(node.rawText)) return;
      if (inPre) writer.preformatted(node.text);
      else writer.inline(node.text);
      links.text(node.text);
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = node.tagName?.toLowerCase() ?? "";
    if (tag === "h" && !inHeading) {
      // sqlite.org names each pragma, function or option in a hidden, non-standard <h> for its search engine.
      visitHeading(node, Math.min(lastRealLevel + 1, 6), false);
      return;
    }
    // A formula reads as its TeX: KaTeX's MathML, an image of one (see math.ts); not one hidden by its style,
    // but one hidden from screen readers only (MediaWiki's fallback image, beside MathML for them). Icon glyphs
    // read as their label (see icons.ts), but for chrome's (MkDocs' heading permalinks: "Permanent link").
    const tex = tag === "math" ? mathTex(node) : tag === "img" ? imageTex(node) : inPre ? undefined : iconLabel(node);
    if (tex !== undefined && !isHidden(node, false)) {
      if (tag === "math" || tag === "img" || !chrome?.isChrome(node, tag, inHeading)) writer.inline(` ${tex} `);
      return;
    }
    // Text a script shows one of by the reader's system ("Command" or "Ctrl") is read whole, each told apart.
    const alternative = alternativeIndex(node);
    if (DROPPED.has(tag) || (alternative === undefined && isHidden(node, true) && !isUnshownCodeTab(node))) return;
    if (alternative !== undefined && alternative > 0) writer.inline(" / ");
    // Inside a listing only its line numbers (Pygments' inline "linenos" spans) and hover texts are left out.
    if (inPre ? chrome?.isMargin(node, tag) : chrome?.isChrome(node, tag, inHeading)) return;
    if (tag === "q") {
      // A browser sets a quotation in quotation marks, which its text does not hold ("defaults to <q></q>": “”).
      writer.inline("“");
      walkChildren(node, inPre);
      writer.inline("”");
      return;
    }
    if (!inHeading && !inPre && isStyledHeading(node, tag)) {
      // RDoc's method names: <div class="method-heading"><span class="method-name">write</span>…</div>.
      visitHeading(node, Math.min(lastRealLevel + 1, 6), false);
      return;
    }
    if (node === pageName) {
      // The header's title heads the page, above its own <h1>s.
      visitHeading(node, 0, true);
      return;
    }
    const open = sectioning.findLast((section) => section.head === node);
    if (open !== undefined) {
      visitHeading(node, open.level ?? 1, false);
      return;
    }
    const heading = HEADING.exec(tag);
    if (heading) {
      visitHeading(node, Math.min(Number(heading[1]), 6), true);
      return;
    }
    if (tag === "dt" && !inHeading && entryLists.length > 0 && headsEntry(node)) {
      // A definition term that is a link target, or a term of a list where some are, names an entry of a reference
      // page: a function, a class, a setting, a glossary term (Sphinx, DocBook and most API generators give them
      // ids; texinfo only those an index points at). It heads its entry. (A back-of-book index's term counts as its
      // links do: DocBook gives those ids too.)
      const term = links.enter(node, tag);
      visitEntry(node);
      links.leave(term);
      return;
    }
    if (tag === "pre" && !inPre && !inHeading && entryLists.length > 0 && isEntrySignature(node)) {
      // BoostBook's member functions: each list item opens with the signature, a link target, then its text.
      visitEntry(node);
      return;
    }
    if (tag === "br") {
      // libxml2's and the Apache manual's listings break their lines with <br> inside <pre> too.
      if (inPre) writer.preformatted("\n");
      else writer.block(1);
      return;
    }
    if (!inPre && tag === "table" && isSignatureTable(node)) {
      // A function's signature laid out in cells (Doxygen's table.memname), read as the one line it is.
      writer.inline(signatureText(node));
      return;
    }
    if (!inPre && tag === "sup" && isInlineNote(node)) {
      readInlineNote(node, writer, (child) => walk(child, false));
      return;
    }
    const superscript = !inPre && tag === "sup" && isSuperscriptNumber(node);
    // A badge (TypeDoc's `<code class="tsd-tag">Readonly</code><span>id</span>`) stands apart by its style sheet.
    const badge = !inPre && isBadge(node);
    if (badge) writer.wordBreak();
    if (superscript) writer.superscript();
    // A listing drawn in blocks, one a line with its spaces kept by its style sheet (Doxygen's div.fragment >
    // div.line), reads as a <pre> does: its indentation is code.
    if (tag === "pre" || (!inPre && tag === "div" && isListing(node) && node.querySelector("pre, h1, h2, h3, h4, h5, h6") === null)) {
      writer.block(2);
      writer.startPre();
      for (const child of node.childNodes) walk(child, true);
      writer.endPre();
      writer.block(2);
      return;
    }
    // A table's row is a line, its cells a "|" apart, Javadoc's grids of <div>s too (see cells.ts).
    const grid = tag === "div" && !inPre ? gridPart(node) : undefined;
    const cell = tag === "td" || tag === "th" || grid === "cell" || grid === "last";
    const cellText = isCellText(node, tag);
    const level = cell || cellText ? 0 : PARAGRAPH.has(tag) ? 2 : LINE.has(tag) ? 1 : 0;
    if (level > 0) writer.block(level);
    if (tag === "li") {
      const list = lists[lists.length - 1];
      writer.prefix(list?.ordered ? `${list.next++}. ` : "- ");
    }
    if (tag === "span" && node.classList.contains("classifier")) writer.delimiter(":");
    if (cell && !isPictureCell(node) && rows.enterCell()) writer.prefix("| ");
    if (tag === "ol" || tag === "ul") lists.push({ ordered: tag === "ol", next: startNumber(node) });
    if (tag === "tr" || grid === "table") rows.open();
    const entryList = !inHeading && (tag === "dl" || tag === "ol" || tag === "ul");
    if (entryList) entryLists.push({ outer: runsOn?.parent === node.parentNode ? runsOn.outer : trail.save(), headed: false });
    // An entry's <div> (Haddock's div.top): its head names it, one level below the section it is in, and the
    // text after it belongs to that section again.
    const head = tag === "div" && !inHeading && !inPre ? entryHead(node) : undefined;
    const outer = head === undefined ? undefined : trail.save();
    const entry = head === undefined ? undefined : { head, level: (outer?.at(-1)?.level ?? 0) + 1 };
    const section = openedSection(node, tag, entry, sectioning.at(-1), !inHeading && !inPre);
    if (section) sectioning.push(section);
    const link = links.enter(node, tag);
    walkChildren(node, inPre);
    links.leave(link);
    if (section) sectioning.pop();
    if (outer !== undefined) resume(outer);
    if (superscript) writer.clearBreak();
    if (badge) writer.wordBreak();
    const ended = entryList ? entryLists.pop() : undefined;
    // The text after the list belongs to the section the list is in again, not to its last entry.
    if (ended?.headed && entryRunsOn(node, tag)) runsOn = { outer: ended.outer, parent: node.parentNode };
    else if (ended?.headed) resume(ended.outer);
    if (runsOn?.parent === node) {
      resume(runsOn.outer);
      runsOn = undefined;
    }
    if (tag === "ol" || tag === "ul") lists.pop();
    if (tag === "tr" || grid === "table") rows.close();
    if (tag === "li" || cell) writer.clearPrefix(cell);
    if (level > 0) writer.block(level);
    else if (cell || cellText) writer.space();
    if (grid === "last") {
      rows.endRow();
      writer.block(1);
    }
  };

  for (const child of start.childNodes) walk(child, false);
  return { content: writer.toString(), headings, firstH1, firstHeading, links };
}

function isSpan(node: Node | undefined): node is HTMLElement {
  return node instanceof HTMLElement && node.tagName?.toLowerCase() === "span";
}

function startNumber(list: HTMLElement): number {
  const start = Number(list.getAttribute("start") ?? "1");
  return Number.isSafeInteger(start) ? start : 1;
}
