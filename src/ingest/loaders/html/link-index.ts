import { HTMLElement, type Node } from "node-html-parser";
import { memoizedPer } from "../../memoized.js";
import { isLinkTarget } from "./headings.js";

/**
 * An index or a table of contents for a whole site: a page whose text is almost all the text of its links to
 * other pages of the site (Sphinx's `genindex.html` and `contents.html`, Texinfo's index nodes). Its words are
 * other pages' titles and names, so it matches many questions and answers none. Measured on 17,009 pages of 70
 * generators: the indexes stand at 0.85 and above, pages of text below 0.80 but for a few tables of contents.
 */
export const INDEX_SHARE = 0.85;
/** A scheme (`https:`, `mailto:`) or `//`: a link that may lead off the site. */
const OFF_SITE = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

/** Terms a list must hold to be an index's (an index split by letter may have two under "J"; a sub-entry's list, one). */
const INDEX_TERMS = 2;
/** The share of a list's terms that must lead to other pages for it to be an index's (Exim's "see …" entries do not). */
const LOCATED_TERMS = 0.9;
/** An index term's own text, outside its links, in non-space characters: a name, not a signature or a sentence. */
const TERM_CHARS = 100;
/** Text besides separators, between an entry's links to its places, but a "see also" before a cross-reference. */
const NOT_BETWEEN_PLACES = /[^\s,;:|()[\]]/;
const SEE_ALSO = /\bsee(?:\s+also)?\b/gi;
/** Whether a list is a back-of-book index's (see {@link isIndexEntry}), once asked. */
const isIndexList = memoizedPer((list: HTMLElement) => holdsIndex(list));

/**
 * Whether a definition term (`<dt>`), a list item (`<li>`, see `holdsIndexItems`) or a table's row (`<tr>`, see
 * `locateRow`) is an entry of a back-of-book index. A definition term is when its list (a `<dl>`, or whatever holds
 * it: gtk-doc sets its terms in a `<div>`) holds two terms or more, and 90% of them are short names whose places
 * are links to other pages of the site: after the name and a separator in the term itself (DocBook's `<dt>ALTER
 * TABLE, <a>ALTER TABLE</a></dt>`, LaTeX2HTML's "term : 1 | 2"), a linked name's kind and page (see `described`),
 * or, for a term that is no link target, in the definition after it, which holds nothing else (Exim's
 * `<dt>+caseful</dt><dd><a>Domain, host, address, and local part lists [Address lists]</a></dd>`) but an index of
 * sub-entries (a `<dl>` in it, of one such term or more). Such a term names what its links lead to, as an index's
 * linked names do. A reference's entries (Sphinx's `<dt id="json.dumps">`, even with a "[source]" link; an option's
 * type linked before its default) stand one to a list or say more after their links, a glossary's definitions are
 * text, and a table of contents' entries are their links.
 */
export function isIndexEntry(element: HTMLElement, tag: string): boolean {
  if (tag !== "dt" && tag !== "li" && tag !== "tr") return false;
  const list = element.parentNode;
  return list instanceof HTMLElement && isIndexList(list);
}

function holdsIndex(list: HTMLElement): boolean {
  const tag = list.tagName?.toLowerCase();
  const sub = /^(dd|li)$/.test(list.parentNode?.tagName?.toLowerCase() ?? "");
  if (tag === "table" || tag === "tbody") return holdsIndexRows(list);
  if (tag === "ul" || tag === "ol") return holdsIndexItems(list, sub);
  // Terms outside a <dl> (gtk-doc sets its indexes' in a <div>) are read as browsers show them, as a list's.
  return holdsIndexTerms(list, sub);
}

/**
 * A list of an index in nested lists (Sphinx's genindex, for a name with several places: `<li>--build<ul><li><a>cmake
 * command line option</a></li></ul></li>`): two items or more, 90% of them either all links, or a short name
 * followed by its places, in the item ("term, <a>12</a>") or in a list under it; at least one of the latter, so a
 * plain list of links (which counts as links already) is no index of names. A sub-list, of one item or more, is
 * its places. An index's places are spots in pages (`page.html#anchor`), as Sphinx's and Doxygen's are, where a
 * changelog's issue links, a parameter's type, a person's profile or a download lead to whole pages.
 */
function holdsIndexItems(list: HTMLElement, sub: boolean): boolean {
  const found = locatedEntries(list, "li", sub, locateItem);
  return found !== undefined && (sub || found.named > 0);
}

function holdsIndexTerms(list: HTMLElement, sub: boolean): boolean {
  return locatedEntries(list, "dt", sub, locateTerm) !== undefined;
}

/**
 * How an entry of a list leads to other pages: not at all, by its links alone, or as a name with its places; `null`
 * for an entry that only names what the entries under it place (Haddock's row of a name defined twice).
 */
type Located = false | "places" | "named" | null;

/**
 * How many of a list's entries (its `tag` children) are named ones, when 90% of them lead to other pages as `locate`
 * tells (given each entry and the element after it); undefined otherwise, or when the list has fewer than two entries
 * (one, for a sub-list) or no link. Most lists are text or plain links: told by their first entries, without
 * reading the rest.
 */
function locatedEntries(
  list: HTMLElement,
  tag: "dt" | "li" | "tr",
  sub: boolean,
  locate: (entry: HTMLElement, next: HTMLElement | undefined) => Located,
): { named: number; counted: number } | undefined {
  const children = list.childNodes.filter((child): child is HTMLElement => child instanceof HTMLElement);
  const entries = children.filter((child) => child.tagName?.toLowerCase() === tag).length;
  if (entries < (sub ? 1 : INDEX_TERMS) || tallyOf(list).links === 0) return undefined;
  const misses = (1 - LOCATED_TERMS) * entries;
  let seen = 0;
  let located = 0;
  let named = 0;
  let counted = 0;
  for (const [i, child] of children.entries()) {
    if (child.tagName?.toLowerCase() !== tag) continue;
    if (seen++ - located > misses) return undefined;
    const how = locate(child, children[i + 1]);
    if (how === null) {
      located++;
      continue;
    }
    counted++;
    if (how !== false) located++;
    if (how === "named") named++;
  }
  return counted >= (sub ? 1 : INDEX_TERMS) && located >= LOCATED_TERMS * entries ? { named, counted } : undefined;
}

/** An item of links alone, or a name followed by its places, in the item or in a list under it. */
function locateItem(item: HTMLElement): Located {
  const tally = tallyOf(item);
  if (placed(item, false) || (tally.links > 0 && tally.chars - tally.linked <= (1 - INDEX_SHARE) * tally.chars)) return "places";
  // A name and its places in one item, as DocBook's terms have them ("term, <a>12</a>, <a>34</a>").
  if (placed(item, true) && tally.chars - tally.linked <= TERM_CHARS && pointsIntoPages(item)) return "named";
  const places = item.childNodes.filter((child): child is HTMLElement => child instanceof HTMLElement && /^(ul|ol)$/i.test(child.tagName));
  const name = places.reduce<{ chars: number; links: number }>(
    (left, place) => ({ chars: left.chars - tallyOf(place).chars, links: left.links - tallyOf(place).links }),
    tally,
  );
  if (places.length === 0 || name.links > 0 || name.chars === 0 || name.chars > TERM_CHARS) return false;
  return places.every((place) => isIndexList(place) && pointsIntoPages(place)) ? "named" : false;
}

/** A term with its places after its name, or in the definition after it (`next`). */
function locateTerm(term: HTMLElement, next: HTMLElement | undefined): Located {
  const tally = tallyOf(term);
  if (tally.chars - tally.linked > TERM_CHARS) return false;
  // A term that is a link target heads an entry of the page, whose definition is its text, links or not; an
  // index's term with an id (DocBook's) holds its places, or its definition holds its sub-entries.
  const places = next?.tagName?.toLowerCase() === "dd" && (!isLinkTarget(term) || next.querySelector("dl") !== null);
  return placed(term, true) || described(term) || (places && isLocators(next)) ? "named" : false;
}

/** What may stand between an index's linked name and its page: a few words of what the name is ("macro in"). */
const KIND = { words: 5, chars: 40 };

/**
 * A linked name, a few words of what it is, and the page it is in, with nothing after but separators: gtk-doc's
 * `<a>g_access</a>, function in <a>File Utilities</a>` and Javadoc's "foo() - Method in class java.lang.String". The
 * name leads to its spot in the page (`page.html#anchor`).
 */
function described(term: HTMLElement): boolean {
  const parts = inlineParts(term, () => true).filter((part) => typeof part !== "string" || part.trim() !== "");
  const [name, kind, page, after, ...more] = parts;
  const isPage = (part: HTMLElement | string | undefined): part is HTMLElement => part instanceof HTMLElement && pointsElsewhere(part.getAttribute("href"));
  if (!isPage(name) || !intoPage(name) || typeof kind !== "string" || !isPage(page) || more.length > 0) return false;
  const saysKind = kind.trim().split(/\s+/).length <= KIND.words && nonSpaceLength(kind) <= KIND.chars && /\p{L}/u.test(kind);
  return saysKind && (after === undefined || (typeof after === "string" && !NOT_BETWEEN_PLACES.test(after)));
}

/** The share of an index table's rows of places that must link to them, at the least (Haddock's link a module it documents). */
const LINKED_ROWS = 0.25;

/** A table of an index's rows (see `locateRow`), at least a quarter of which link to their places. */
function holdsIndexRows(table: HTMLElement): boolean {
  const found = locatedEntries(table, "tr", false, locateRow);
  return found !== undefined && found.named >= Math.max(INDEX_TERMS, LINKED_ROWS * found.counted);
}

/**
 * A row of an index in a table (Haddock's `doc-index.html`: `<td>absentSumFieldError</td><td><a>GHC.Prim.Panic</a></td>`):
 * a short name with no link in its first cell, and in the others lists of places, links into pages and single words
 * between separators (a module documented elsewhere, whose row has no link). A name whose other cells are empty is
 * defined in the rows under it ("1 (Function)", "2 (Function)").
 */
function locateRow(row: HTMLElement): Located {
  const cells = row.childNodes.filter((child): child is HTMLElement => child instanceof HTMLElement && /^t[dh]$/i.test(child.tagName));
  const [name, ...rest] = cells;
  if (name === undefined || rest.length === 0) return false;
  const named = tallyOf(name);
  if (named.links > 0 || named.chars === 0 || named.chars > TERM_CHARS) return false;
  const places = rest.filter((cell) => tallyOf(cell).chars > 0);
  if (places.length === 0) return null;
  if (!places.every((cell) => pointsIntoPages(cell) && listsWords(cell))) return false;
  return places.some((cell) => tallyOf(cell).links > 0) ? "named" : "places";
}

/** Whether an element's text outside its links to other pages is single words between separators ("A.B, C.D"). */
function listsWords(element: HTMLElement): boolean {
  return element.childNodes.every((node) => {
    if (!(node instanceof HTMLElement)) return node.text.split(/[,;|]/).every((piece) => !/\S\s+\S/.test(piece));
    return (node.tagName?.toLowerCase() === "a" && pointsElsewhere(node.getAttribute("href"))) || listsWords(node);
  });
}

/**
 * An entry of links to other pages with nothing but separators between and after them ("command, [1], [2]"), after
 * a name and a separator if `named` (DocBook's "ALTER TABLE, <a>…</a>", LaTeX2HTML's "term : <a>1</a>"), or alone.
 */
function placed(entry: HTMLElement, named: boolean): boolean {
  let name = "";
  let linked = false;
  // False as soon as the entry cannot be one: a name where none may be or too long for one, words between places.
  const walk = (node: Node): boolean => {
    if (!(node instanceof HTMLElement)) {
      if (linked) return !NOT_BETWEEN_PLACES.test(node.text.replace(SEE_ALSO, ""));
      name += node.text;
      return nonSpaceLength(name) <= (named ? TERM_CHARS : 0);
    }
    // A place, or after the first place a cross-reference ("see also <a href=#…>").
    if (node.tagName?.toLowerCase() === "a" && (linked || pointsElsewhere(node.getAttribute("href")))) {
      linked = true;
      return true;
    }
    return node.childNodes.every(walk);
  };
  if (!walk(entry) || !linked) return false;
  // A name is set off from its places by a separator ("term, ", "term : "), not by a sentence ("starting in Section ").
  const said = name.trim();
  return !named || (said.length > 1 && /[,:;|]$/.test(said));
}

/** Whether every link of an element to another page leads to a spot in it (`page.html#anchor`). */
function pointsIntoPages(element: HTMLElement): boolean {
  return element.querySelectorAll("a[href]").every((link) => !pointsElsewhere(link.getAttribute("href")) || intoPage(link));
}

/** Whether a link names a spot in its page (`page.html#anchor`), not the whole page. */
function intoPage(link: HTMLElement): boolean {
  return /#./.test(link.getAttribute("href") ?? "");
}

/**
 * A definition that holds nothing but an index term's places: links to other pages, and the terms of its
 * sub-entries (DocBook's `<dd><dl><dt>of the server, <a>…</a></dt></dl></dd>` under "configuration").
 */
function isLocators(definition: HTMLElement): boolean {
  const { chars, linked, links, termText } = tallyOf(definition);
  if (links === 0 || chars - linked - termText > (1 - INDEX_SHARE) * chars) return false;
  // Sub-entries, not a table of contents' nested entries (PostgreSQL's "I. SQL Commands" over "ABORT — abort …").
  return definition.childNodes.every((child) => !(child instanceof HTMLElement) || child.tagName?.toLowerCase() !== "dl" || isIndexList(child));
}

/**
 * An element's non-space characters, those inside links to other pages, how many such links it holds, and the
 * characters of the definition terms in it outside their links.
 */
interface TermTally {
  chars: number;
  linked: number;
  links: number;
  termText: number;
}
/** Each element's tally, summed from its children's: one walk of a nested index, however deep. */
const tallies = new WeakMap<HTMLElement, TermTally>();

function tallyOf(element: HTMLElement): TermTally {
  const known = tallies.get(element);
  if (known) return known;
  const tally: TermTally = { chars: 0, linked: 0, links: 0, termText: 0 };
  for (const child of element.childNodes) {
    if (!(child instanceof HTMLElement)) {
      tally.chars += nonSpaceLength(child.text);
      continue;
    }
    const inner = tallyOf(child);
    tally.chars += inner.chars;
    tally.linked += inner.linked;
    tally.links += inner.links;
    tally.termText += inner.termText;
  }
  const tag = element.tagName?.toLowerCase();
  if (tag === "a" && pointsElsewhere(element.getAttribute("href"))) {
    tally.linked = tally.chars;
    tally.links++;
  }
  if (tag === "dt") tally.termText = tally.chars - tally.linked;
  tallies.set(element, tally);
  return tally;
}

/**
 * An element's text and links in reading order: each text node as a string, each `<a>` that `isLink` takes as its
 * element, not read into (another `<a>` is read as text); the elements `skip` names are passed over whole.
 */
export function inlineParts(element: HTMLElement, isLink: (a: HTMLElement) => boolean, skip?: RegExp): Array<HTMLElement | string> {
  const parts: Array<HTMLElement | string> = [];
  const walk = (node: Node): void => {
    if (!(node instanceof HTMLElement)) {
      parts.push(node.text);
      return;
    }
    const name = node.tagName?.toLowerCase() ?? "";
    if (name === "a" && isLink(node)) parts.push(node);
    else if (skip === undefined || !skip.test(name)) node.childNodes.forEach(walk);
  };
  walk(element);
  return parts;
}

/** A link to another page of the site: not to a place on this one (`#…`), not a script, not off the site. */
export function pointsElsewhere(href: string | undefined): boolean {
  if (href === undefined) return false;
  const target = href.trim();
  return target !== "" && !target.startsWith("#") && !OFF_SITE.test(target);
}

export function nonSpaceLength(text: string): number {
  return text.replace(/\s+/g, "").length;
}
