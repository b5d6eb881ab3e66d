import type { HTMLElement } from "node-html-parser";
import { collapseWhitespace, lettersAndDigits } from "../document.js";
import { atPageLevel } from "./page.js";

/**
 * What a page's `<title>` says: which of its parts names the page and which the site ("mod_rewrite - Apache HTTP
 * Server Version 2.4", "HashMap (Java SE 17 & JDK 17)"), and which heading says the page's name. The chrome filter
 * asks it whether a header or an `<h1>` is the site's; the HTML reader, what to title the page.
 */

/**
 * What separates a page title from the site name after it: "json — Python 3.11 documentation", "Intro | Site",
 * Antora's "Install :: Acme Docs", Erlang's "Erlang -- erlang". One of these marks, or a colon, except where a title's
 * first part ends (FIRST_PART_END); "-" is added last in each class.
 */
const SEPARATOR_MARKS = "—–|·»";
const SEPARATOR = String.raw`(?:::|--|[${SEPARATOR_MARKS}:-])`;
const TITLE_SEPARATOR = new RegExp(String.raw`^\s*${SEPARATOR}\s`);
/** A title's two parts, the page's and the site's: "mod_rewrite - Apache HTTP Server Version 2.4". */
const TITLE_PARTS = new RegExp(String.raw`^(.*?)\s${SEPARATOR}\s(.*)$`, "s");
/** Where a lower-cased title is split into the parts weighed against headers (a bare ": " too). */
const PART_BREAK = new RegExp(String.raw`\s${SEPARATOR}\s|:\s`);
/** A title's last part that is a section's number alone: "Manual: Section 10.5", "Guide - Chapter 3". */
const SECTION_NUMBER = new RegExp(String.raw`(?:\s${SEPARATOR}|:)\s+(?:section|chapter|appendix|part)\s+([A-Z]?\d+(?:\.\d+)*)\.?$`, "i");
/** A title that ends in its separator, with no page's name after the site's ("Erlang -- "). */
const DANGLING_SEPARATOR = new RegExp(String.raw`\S\s${SEPARATOR}$`);
/** A site's name in brackets after a page's, which may hold brackets: " (GNU Octave (version 7.3.0))". */
const BRACKETS = String.raw`\s+\(((?:[^()]|\([^()]*\))+)\)$`;
const BRACKETED_SITE = new RegExp(`^${BRACKETS}`);
/** A title's two parts, the page's and the site's in brackets after it. */
const BRACKETED_PARTS = new RegExp(String.raw`^(.*\S)${BRACKETS}`, "s");
/** Where a title's first part, the page's name, ends: at a mark, not at a colon. */
const FIRST_PART_END = new RegExp(String.raw`\s(?:::|--|[${SEPARATOR_MARKS}-])\s`);

/**
 * "json — JSON encoder and decoder — Python 3.11 documentation" with the heading "json — JSON encoder and decoder"
 * gives the heading: a title that is a page heading followed by a separator and the site's name.
 */
export function shortTitle(title: string, heading: string | undefined): string {
  if (heading === undefined) return title;
  // A title that only numbers its section ("SWI-Prolog 9.0.4 Reference Manual: Section 10.5") over a heading that
  // opens with that number ("10.5 Thread support library(threadutil)"): the heading names the page.
  const number = SECTION_NUMBER.exec(title)?.[1];
  if (number !== undefined && heading.startsWith(number) && !/^[\p{L}\p{N}.]/u.test(heading.slice(number.length))) return heading;
  // Case aside: mdBook writes "What is Ownership? - The Rust Programming Language" over an h1 "What Is Ownership?".
  if (title.toLowerCase().startsWith(heading.toLowerCase())) {
    const rest = title.slice(heading.length);
    // texi2any's "16 Options (zsh)" over "16 Options": the manual's name in brackets after it (see below), a name
    // and not a number ("printf (3)" over "printf" is the page's name).
    if (rest === "" || TITLE_SEPARATOR.test(rest) || (BRACKETED_SITE.test(rest) && /\p{L}{2}/u.test(rest))) return heading;
    // Only inside its first word ("Erlang -- erl" over "erl") is it no start of the title: read on.
    if (!/^[\p{L}\p{N}_]/u.test(rest)) return title;
  }
  // The site's name before it, after the "Site: Page" convention: JSDoc's "JSDoc: Module: util/markdown" over an h1
  // "Module: util/markdown", Erlang's "Erlang -- lists". ("API - Acme API Docs" over "Acme API Docs" is the other
  // way round: a single dash follows the page's name.)
  // Erlang's "Erlang -- Drivers" over a chapter's numbered h1 "10 Drivers" too.
  const name = heading.replace(/^\d+(?:\.\d+)*\.?\s+(?=\S)/, "");
  if (name.length >= 3 && title.toLowerCase().endsWith(name.toLowerCase())) {
    const site = title.slice(0, title.length - name.length);
    // A space after the separator: "std::vector" over an h1 "vector" is one name.
    if (/\S\s*(?::|--)\s+$/.test(site)) return heading;
  }
  // "mod_rewrite - Apache HTTP Server Version 2.4" over an h1 "Apache Module mod_rewrite": the heading holds the
  // title's first part as whole words, and says more of the page than the site's name after the separator.
  // Javadoc puts the site's name in brackets instead: "HashMap (Java SE 17 & JDK 17)" over "Class HashMap<K,V>";
  // texinfo too, brackets and all: "Current Working Directory (GNU Octave (version 7.3.0))".
  const parts = TITLE_PARTS.exec(title) ?? BRACKETED_PARTS.exec(title);
  const first = parts?.[1]?.trim().toLowerCase() ?? "";
  if (first.length < 3) return title;
  const at = heading.toLowerCase().indexOf(first);
  const wordAt = (i: number) => i >= 0 && i < heading.length && /[\p{L}\p{N}_]/u.test(heading[i] ?? "");
  // "API - Acme API Docs" over an h1 "Acme API Docs": the h1 is the site's name, the title's later part.
  const later = parts?.[2]?.trim().toLowerCase();
  if (heading.trim().toLowerCase() === later) return title;
  return at >= 0 && !wordAt(at - 1) && !wordAt(at + first.length) ? heading : title;
}

/**
 * A manual page's name line ("Data::Dumper - stringified perl data structures") where the page would be titled by
 * its first section's heading, "NAME": pod2html leaves `<title>` empty when the name holds markup.
 */
export function manPageName(title: string | undefined, content: string, headings: readonly { start: number }[]): string | undefined {
  const [name, next] = headings;
  if (title === undefined || !/^name$/i.test(title) || name === undefined) return title;
  const line =
    content
      .slice(name.start, next?.start ?? content.length)
      .replace(/^\s*name\s*/i, "")
      .split("\n")[0]
      ?.trim() ?? "";
  return /^\S.{0,199}$/.test(line) ? line : title;
}

/** A page's `<title>` in parts, and its first `<h1>`, as the chrome filter weighs headers and headings by them. */
export class PageTitle {
  readonly firstH1: HTMLElement | null;
  /** The `<title>` as written, whitespace collapsed ("" when there is none). */
  readonly written: string;
  /** The `<title>` and its parts between separators ("libfoo: Bar Class Reference"), lower-cased. */
  private readonly parts: string[];
  /** The title's parts between separators, letters and digits only: the first names the page, the others usually the site. */
  private readonly first: string;
  /** The title's first part in words, as {@link words} gives them. */
  private readonly firstWords: string[];
  private readonly others: string[];
  /**
   * The page's first `<h1>` holds the title's first part, or the title begins with it: it, not a header, is where
   * the page says its name.
   */
  private readonly h1SaysTitle: boolean;
  private readonly page: HTMLElement;
  /** The whole `<title>`, whitespace collapsed, lower-cased. */
  private readonly text: string;
  /** Whether the first `<h1>` holds the site's name (see {@link PageTitle.firstH1IsSiteName}), once asked. */
  private siteNameH1: boolean | undefined;
  /** Whether the first `<h1>` is the site's banner (see {@link PageTitle.firstH1IsBanner}), once asked. */
  private bannerH1: boolean | undefined;
  /** Whether a later `<h1>` says what the first says (see {@link PageTitle.firstH1IsCopy}), once asked. */
  private copyH1: boolean | undefined;

  constructor(page: HTMLElement) {
    const written = collapseWhitespace(page.querySelector("title")?.text ?? "");
    // Sphinx titles a document that has no title "<no title> — Site name": it has none, and takes its file's name.
    // A site's name and a separator with nothing after it ("Erlang -- ", erl_docgen's release notes) name no page.
    this.written = /^<no title>(?!\S)/i.test(written) || DANGLING_SEPARATOR.test(written) ? "" : written;
    const title = this.written.toLowerCase();
    this.text = title;
    this.parts = [title, ...title.split(PART_BREAK)].filter((part) => part.length >= 8);
    this.firstH1 = page.querySelector("h1");
    this.page = page;
    // "Name-based Virtual Host Support - Apache HTTP Server Version 2.4": the page, then the site.
    const [firstPart = "", ...others] = title.split(FIRST_PART_END);
    const first = lettersAndDigits(firstPart);
    this.first = first;
    this.firstWords = words(firstPart, 1);
    this.others = others.map(lettersAndDigits).filter((part) => part.length > 0);
    const h1 = this.firstH1 === null ? "" : lettersAndDigits(this.firstH1.text);
    this.h1SaysTitle = h1.length >= 3 && ((first.length >= 3 && h1.includes(first)) || lettersAndDigits(title).startsWith(h1));
  }

  /** Whether the page has no `<title>`, or one that says nothing. */
  get untitled(): boolean {
    return this.text === "";
  }

  /** Whether the `<title>` says `text` (case and whitespace aside): a header's title it holds names nothing new. */
  holds(text: string): boolean {
    return this.text.includes(normalize(text));
  }

  /**
   * A `<header>` that holds the page's first `<h1>`, and that `<h1>` is the `<title>`'s first part, punctuation
   * aside (gi-docgen's "Gtk<span class=sep></span>Widget<span class=sep></span>set_visible" under the title
   * "Gtk.Widget.set_visible"), while no other `<h1>` is another part of it: the page's own heading, where a
   * site's header holds the site's name.
   */
  isHeadedBy(header: HTMLElement): boolean {
    const h1 = header.querySelector("h1");
    if (h1 === null || h1 !== this.firstH1) return false;
    const h1s = this.page.querySelectorAll("h1");
    if (this.first.length < 3 || lettersAndDigits(h1.text) !== this.first) return h1s.length === 1 && this.namedBy(h1);
    // "Acme Docs | Installing" over a header's "Acme Docs" and the text's own "Installing": the header is the site's.
    const others = new Set(this.others);
    return !h1s.some((other) => other !== h1 && others.has(lettersAndDigits(other.text)));
  }

  /**
   * The page's only `<h1>` names what the title names, in other words ("Module CalendarLib.Time_Zone" under
   * "Time_Zone (calendar.CalendarLib.Time_Zone)", odoc's): it shares a name of four letters or more with the title,
   * is not the site's name (a later part of the title) and does not link whole to another page (a site's home).
   */
  private namedBy(h1: HTMLElement): boolean {
    if (this.others.includes(lettersAndDigits(h1.text)) || linksWhole(h1)) return false;
    const site = new Set(this.others);
    const names = new Set(words(this.text).filter((word) => !site.has(word)));
    return words(h1.text).some((word) => names.has(word));
  }

  /**
   * The first `<h1>` says a later part of the title and nothing else, and either links all of it to another page
   * (the site's home, as Django's does) or another `<h1>` holds the title's first part (the page's own name:
   * mdBook's "Identifiers - The Rust Reference"). "Acme | Installing" over `<h1>Installing</h1>` and `<h1>Next
   * steps</h1>` keeps both: there the later part is the page's name.
   */
  firstH1IsSiteName(): boolean {
    this.siteNameH1 ??= this.isSiteName();
    return this.siteNameH1;
  }

  /**
   * The first `<h1>` is the site's banner, which the title does not say, or says as its site's part after the page's
   * ("Install | Acme Docs"): outside any `<article>` or `<main>`, it links whole to the site's home (`/`,
   * `index.html`, `https://host/`), and a later heading says the title's first part in whole words, naming the page
   * (Exim's `<h1 id="header"><a href="http://www.exim.org">Exim Internet Mailer</a></h1>` over an `<h2>` "Chapter
   * 31 - Address rewriting", under the title "31. Address rewriting").
   */
  firstH1IsBanner(): boolean {
    this.bannerH1 ??= this.isBanner();
    return this.bannerH1;
  }

  /**
   * A later `<h1>` says what the first says, word for word: the first may be a bar's copy of the page's heading
   * (erl_docgen's top bar over every page, "10 Drivers" again above the text's "10 Drivers").
   */
  firstH1IsCopy(): boolean {
    this.copyH1 ??= this.isCopy();
    return this.copyH1;
  }

  /**
   * A header's own text (`ownText`, outside its links) is the page's title (Doxygen's header), unless the first
   * `<h1>` says the title's first part (then the header's title words are the site's name: "Apache HTTP Server
   * Version 2.4", the part after the dash), or the header says nothing but a later part of the title.
   */
  namesThePage(ownText: string): boolean {
    if (this.h1SaysTitle || this.others.includes(lettersAndDigits(ownText))) return false;
    const text = normalize(ownText);
    return this.parts.some((part) => text.includes(part));
  }

  private isSiteName(): boolean {
    const h1 = this.firstH1;
    if (h1 === null || !this.others.includes(lettersAndDigits(h1.text))) return false;
    const others = this.page.querySelectorAll("h1").filter((other) => other !== h1);
    if (others.length === 0) return false;
    // Linked whole to another page: the site's home link (Django's), whatever the other h1s say.
    if (linksWhole(h1)) return true;
    return this.first.length >= 3 && others.some((other) => lettersAndDigits(other.text).includes(this.first));
  }

  private isCopy(): boolean {
    const h1 = this.firstH1;
    const text = h1 === null ? "" : normalize(h1.text);
    return text !== "" && this.page.querySelectorAll("h1").some((other) => other !== h1 && normalize(other.text) === text);
  }

  private isBanner(): boolean {
    const h1 = this.firstH1;
    if (h1 === null || !atPageLevel(h1) || !linksWhole(h1, isHomeLink)) return false;
    const name = lettersAndDigits(h1.text);
    // The title may say it as its site's part ("Install | Acme Docs"), not as the page's name (a home page's).
    const saysSite = this.others.includes(name) && this.first !== name;
    if (name.length < 3 || this.firstWords.length === 0 || (lettersAndDigits(this.text).includes(name) && !saysSite)) return false;
    const first = ` ${this.firstWords.join(" ")} `;
    const headings = this.page.querySelectorAll("h1, h2, h3, h4, h5, h6");
    return headings.some((heading) => heading !== h1 && ` ${words(heading.text, 1).join(" ")} `.includes(first));
  }
}

/** A link to the site's home: its root (`/`, `./`, `../`, `index.html`, `../index.html`) or a bare `https://host/`. */
function isHomeLink(href: string): boolean {
  const target = href.trim();
  if (/^([a-z][a-z0-9+.-]*:)?\/\/[^/?#]+\/?(index\.html?)?$/i.test(target)) return true;
  return target !== "" && /^\/?(\.\.?\/)*(index\.html?)?$/i.test(target);
}

/** Whether all of an element's text links to another page (one that `to` accepts, if given). */
function linksWhole(element: HTMLElement, to?: (href: string) => boolean): boolean {
  const links = element.querySelectorAll("a[href]").filter((link) => !(link.getAttribute("href") ?? "").startsWith("#"));
  if (to !== undefined && !links.every((link) => to(link.getAttribute("href") ?? ""))) return false;
  return links.length > 0 && lettersAndDigits(links.map((link) => link.text).join(" ")) === lettersAndDigits(element.text);
}

/**
 * The names of `shortest` letters or more (four unless said) in a text, lower-cased, compacted as the title's parts
 * are.
 */
function words(text: string, shortest = 4): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((word) => word.length >= shortest)
    .map(lettersAndDigits);
}

function normalize(text: string): string {
  return collapseWhitespace(text).toLowerCase();
}

/** "X: X" said once: gtk-doc titles a page "Page: Book", and its book's own page "GTK+ 3 Reference Manual: GTK+ 3 Reference Manual". */
export function onceOnly(title: string): string {
  const half = (title.length - 2) / 2;
  return Number.isInteger(half) && half >= 3 && title.slice(half, half + 2) === ": " && title.slice(0, half) === title.slice(half + 2)
    ? title.slice(0, half)
    : title;
}
