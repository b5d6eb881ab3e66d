import { collapseWhitespace } from "../document.js";

/**
 * The clean-up of a PDF's extracted text, page by page and across pages: control characters and trailing blanks,
 * accents TeX draws apart from their letters, running heads and feet, words hyphenated at a line's end, and the
 * title where the document info gives none. Dot leaders are `leaders.ts`'s.
 */

/** One page's text and its 1-based page number. */
export interface PageText {
  page: number;
  text: string;
}

/**
 * One page's text as extracted, cleaned: accents put on their letters, line ends made "\n", control characters
 * (a font's ESC, ^P or NUL codes: no text, and NUL has no place in a SQL string) and blanks before a line's end
 * dropped, and the whole trimmed.
 */
export function cleanPageText(text: string): string {
  return (
    withAccentsOnLetters(text)
      .replace(/\r\n?/g, "\n")
      .replace(/(?![\n\t])\p{Cc}/gu, "")
      // From the first blank of a run only: retried from every blank, a long run would take quadratic time.
      .replace(/(?<![ \t])[ \t]+\n/g, "\n")
      .trim()
  );
}

/** The largest of `values`, or 0; a loop, as spreading a page's many lines into Math.max overflows the stack. */
export function largest(values: Iterable<number>): number {
  let most = 0;
  for (const value of values) if (value > most) most = value;
  return most;
}

/** How many lines at the top and at the bottom of a page may be a running head or foot. */
const RUNNING_ZONE = 2;
/** The longest line taken for a running head or foot. */
const MAX_RUNNING_LENGTH = 120;
/** A page number alone, or with its label: "4", "- 4 -", "Page 4", "4 of 10", "Page 4 of 10". */
const PAGE_NUMBER = /^(?:page\s+)?[-–—([]?\s*(\d{1,5})\s*[-–—)\]]?(?:\s*(?:of|\/)\s*\d+)?$/i;
/** A front-matter page number: a lower-case roman numeral alone ("iv"); "CLI" or "MIDI" is a word. */
const ROMAN_PAGE_NUMBER = /^[-–—([]?\s*[ivxlc]+\s*[-–—)\]]?$/;
type Zone = "top" | "bottom";

/**
 * The pages without their running heads and feet: the lines a typesetter repeats at the top or the bottom of
 * every page ("Chapter 1: Introduction and preliminaries 4", "RFC 9110  HTTP Semantics  June 2022", "Page 4 of
 * 10"). Only a page's first or last two lines are looked at, and one of them counts as a head or foot when
 * - it is the page's printed number alone: a number that, in that place, follows the PDF's page order at one
 *   offset on at least three pages and a fifth of them; or a lower-case roman numeral alone;
 * - it begins or ends with that printed number and, that number aside, stands in that place on another page too
 *   ("par 412" and "413 par" over one topic of a reference manual whose heads change with every topic);
 * - it has words and, digits aside, stands in the same place on at least three pages, with a number that moves
 *   with the page (a page number) or on half the pages or more;
 * - or it is a top line with a number, or in capitals, that comes back every second page four times in a row (a
 *   book's chapter head over its left-hand pages, "10. FLOATS AND CAPTIONS", and its section head over the
 *   right-hand ones).
 * A row of numbers is never a head (it has no words), nor is a numbered title that stands on one page only
 * ("1. Introduction" on a slide). Lines in the body of a page are never touched, and a page keeps its text if
 * nothing else is left.
 */
export function withoutRunningLines(pages: readonly PageText[]): PageText[] {
  const keyOf = (line: string) => {
    const trimmed = collapseWhitespace(line).toLowerCase();
    return trimmed.length === 0 || trimmed.length > MAX_RUNNING_LENGTH ? undefined : trimmed.replace(/\d+/g, "#");
  };
  const hasWords = (key: string) => (key.match(/\p{L}/gu) ?? []).length >= 3;
  // A line too long for a running line, blanks and all, as no text: the number patterns would take quadratic time
  // on a long run of blanks.
  const capped = (line: string) => (line.length > MAX_RUNNING_LENGTH ? "" : line);
  const numbersOf = (line: string) => (capped(line).match(/\d{1,5}/g) ?? []).map(Number);
  // The number a line begins or ends with; a page number's own ("Page 4 of 10" says 4, "- 4 -" says 4).
  const edgeNumber = (line: string): number | undefined => {
    const short = capped(line);
    const match = PAGE_NUMBER.exec(short.trim()) ?? /^\s*(\d{1,5})\b|\b(\d{1,5})\s*$/.exec(short);
    return match === null ? undefined : Number(match[1] ?? match[2]);
  };
  const split = pages.map(({ text }) => text.split("\n"));
  const zonesOf = (lines: readonly string[]): [Zone, string[]][] => [
    ["top", lines.slice(0, RUNNING_ZONE)],
    ["bottom", lines.slice(-RUNNING_ZONE)],
  ];
  // Per zone and line key: on how many pages it stands there, and, per offset between the page and a number of
  // the line, on how many pages that offset holds (a page number's is the same on every page).
  const keys = new Map<string, { pages: number; steps: Map<number, number> }>();
  // Per zone, on how many pages each line stands with its first or last number left out ("par" for both "par 412"
  // and "413 par").
  const bareKeys = new Map<string, number>();
  const bareOf = (key: string) => key.replace(/^#\s*|\s*#$/, "").trim();
  // Per zone, the same offsets for the number a line begins or ends with: the zone's printed page numbering.
  const offsets = new Map<string, number>();
  // Per top line key: the page it last stood on, the run of returns two pages later, and the longest run.
  const alternating = new Map<string, { last: number; run: number; best: number }>();
  pages.forEach(({ page }, i) => {
    const lines = split[i] ?? [];
    const seenKeys = new Set<string>();
    const seenOffsets = new Set<string>();
    for (const [zone, zoneLines] of zonesOf(lines)) {
      for (const line of zoneLines) {
        const key = keyOf(line);
        if (key === undefined) continue;
        const edge = edgeNumber(line);
        if (edge !== undefined) seenOffsets.add(`${zone} ${page - edge}`);
        if (!seenKeys.has(`${zone} bare ${bareOf(key)}`)) {
          seenKeys.add(`${zone} bare ${bareOf(key)}`);
          bareKeys.set(`${zone} ${bareOf(key)}`, (bareKeys.get(`${zone} ${bareOf(key)}`) ?? 0) + 1);
        }
        if (seenKeys.has(`${zone} ${key}`)) continue;
        seenKeys.add(`${zone} ${key}`);
        const entry = keys.get(`${zone} ${key}`) ?? { pages: 0, steps: new Map<number, number>() };
        entry.pages++;
        for (const step of new Set(numbersOf(line).map((n) => page - n))) entry.steps.set(step, (entry.steps.get(step) ?? 0) + 1);
        keys.set(`${zone} ${key}`, entry);
        if (zone === "top") {
          const seen = alternating.get(key);
          const run = seen !== undefined && page - seen.last === 2 ? seen.run + 1 : 0;
          alternating.set(key, { last: page, run, best: Math.max(run, seen?.best ?? 0) });
        }
      }
    }
    for (const offset of seenOffsets) offsets.set(offset, (offsets.get(offset) ?? 0) + 1);
  });
  const numbering = new Map<Zone, number>();
  for (const zone of ["top", "bottom"] as const) {
    let best: [number, number] | undefined;
    for (const [key, n] of offsets) if (key.startsWith(`${zone} `) && (best === undefined || n > best[1])) best = [Number(key.slice(zone.length + 1)), n];
    if (best !== undefined && best[1] >= 3 && best[1] >= pages.length / 5) numbering.set(zone, best[0]);
  }
  const running = (zone: Zone, line: string, page: number): boolean => {
    const key = keyOf(line);
    if (key === undefined) return false;
    const trimmed = capped(line).trim();
    const entry = keys.get(`${zone} ${key}`);
    const offset = numbering.get(zone);
    const printed = offset !== undefined && edgeNumber(line) === page - offset;
    if (PAGE_NUMBER.test(trimmed)) return printed;
    if (pages.length >= 2 && ROMAN_PAGE_NUMBER.test(trimmed)) return true;
    if (printed && (bareKeys.get(`${zone} ${bareOf(key)}`) ?? 0) >= 2) return true;
    if (!hasWords(key) || entry === undefined) return false;
    const alternate = zone === "top" && (alternating.get(key)?.best ?? 0) >= 3 && (/\d/.test(line) || !/\p{Ll}/u.test(line));
    if (alternate) return true;
    const withPage = largest(entry.steps.values()) >= 3;
    return entry.pages >= 3 && (withPage || entry.pages > pages.length / 2);
  };
  return pages.map(({ page, text }, i) => {
    const lines = split[i] ?? [];
    let top = 0;
    while (top < Math.min(RUNNING_ZONE, lines.length) && running("top", lines[top] ?? "", page)) top++;
    let bottom = lines.length;
    while (bottom > Math.max(top, lines.length - RUNNING_ZONE) && running("bottom", lines[bottom - 1] ?? "", page)) bottom--;
    const kept = lines.slice(top, bottom).join("\n").trim();
    return { page, text: kept === "" ? text : kept };
  });
}

/** Spacing accents (not the ASCII `, ^ and ~) and the combining marks they stand for. */
const SPACING_ACCENTS: Record<string, string> = {
  "\u00a8": "\u0308", // ¨ diaeresis
  "\u00b4": "\u0301", // ´ acute
  "\u02c6": "\u0302", // ˆ circumflex
  "\u02dc": "\u0303", // ˜ tilde
  "\u00b8": "\u0327", // ¸ cedilla
  "\u02c7": "\u030c", // ˇ caron
  "\u02d8": "\u0306", // ˘ breve
  "\u02d9": "\u0307", // ˙ dot above
  "\u02da": "\u030a", // ˚ ring above
  "\u02dd": "\u030b", // ˝ double acute
  "\u00af": "\u0304", // ¯ macron
};
const SPLIT_ACCENT = /([\u00a8\u00b4\u02c6\u02dc\u00b8\u02c7\u02d8\u02d9\u02da\u02dd\u00af])(\p{L})/gu;

/**
 * TeX's Type 1 fonts draw an accent as a glyph of its own before the letter, and PDF.js extracts it as a spacing
 * accent: "Schr¨oder", "B¨ottcher". Each such accent before a letter is put on the letter ("Schröder"), so the
 * word is found as written elsewhere.
 */
export function withAccentsOnLetters(text: string): string {
  return text.replace(SPLIT_ACCENT, (match: string, accent: string, letter: string, at: number, whole: string) => {
    // "Don´t", "Peter´s": an acute used as an apostrophe; "~/˜user": a URL's tilde.
    if (accent === "\u00b4" && /^[st]$/i.test(letter) && !/\p{L}/u.test(whole[at + 2] ?? "")) return match;
    if (accent === "\u02dc" && /[/:]/.test(whole[at - 1] ?? "")) return match;
    // TeX accents a dotless i or j ("D´ıaz"): the accented letter is the dotted one's.
    const base = letter === "\u0131" ? "i" : letter === "\u0237" ? "j" : letter;
    return `${base}${SPACING_ACCENTS[accent] ?? ""}`.normalize("NFC");
  });
}

/**
 * A word broken at the end of a line by a hyphen, and its rest at the start of the next: "com-\nmand is",
 * "state-of-\nthe-art". It starts where a word does, so that a long run of letters is read once, not once per letter.
 */
const BROKEN_WORD = /(?<![\p{L}-])(\p{L}+(?:-\p{L}+)*)-\n(\p{Ll}+(?:-\p{L}+)*)(\S*)[^\S\n]*/gu;
/** The words after a suspended hyphen ("pre- and post-processing"), which is no broken word. */
const SUSPENDED = new Set(["and", "or", "nor", "to", "und", "oder", "et", "ou"]);

/**
 * The pages with the words a typesetter hyphenated at a line's end joined again ("com-" + "mand" gives
 * "command", the line break moved after it), so that the keyword index and the embedder see the word. A break
 * keeps its hyphen when the document writes the word with one elsewhere and never without ("well-known"); a
 * break only joins a lower-case rest, so "Jean-\nPierre" and a dash before a capital stay as they are. A compound
 * broken at one of its hyphens keeps it ("end-to-end"), and a suspended hyphen ("pre- and post-") stays.
 */
export function dehyphenated(pages: readonly PageText[]): PageText[] {
  const words = new Set<string>();
  for (const { text } of pages) for (const word of text.toLowerCase().match(/\p{L}+(?:-\p{L}+)*/gu) ?? []) words.add(word);
  return pages.map(({ page, text }) => ({
    page,
    text: text.replace(BROKEN_WORD, (match: string, head: string, rest: string, tail: string, at: number, whole: string) => {
      if (SUSPENDED.has(rest)) return match;
      const joined = `${head}${rest}`;
      const hyphened = `${head}-${rest}`;
      // A compound broken at one of its hyphens ("end-" "to-end") keeps it, as does a word the document writes
      // with a hyphen elsewhere and never without.
      const compound = head.includes("-") || rest.includes("-");
      const keep = compound || (!words.has(joined.toLowerCase()) && words.has(hyphened.toLowerCase()));
      // The line break moves after the word and what sticks to it ("ment."), unless the line ended there.
      const next = whole[at + match.length];
      return `${keep ? hyphened : joined}${tail}${next === undefined || next === "\n" ? "" : "\n"}`;
    }),
  }));
}

/** A document title that is only its file's name, as dvips and office suites write it ("float.dvi", "Microsoft Word - report.docx"). */
const FILE_NAME_TITLE = /^(?:microsoft (?:word|powerpoint|excel) - .*|.*\.(?:dvi|tex|ps|eps|pdf|docx?|odt|rtf|txt|pptx?|xlsx?|md|html?|indd))$/i;
/** The longest first line taken as a title, in characters and in words. */
const MAX_TITLE_LINE = 100;
const MAX_TITLE_WORDS = 12;

/**
 * The PDF's title: its document info's, unless that is empty or only a file name; else the line its first page
 * sets in display type, clearly larger than the body's (a paper's title, not the "Published as a conference paper
 * at ICLR" above it); else the first line of the text with three letters or more, within its first three lines,
 * when it is short enough to be a title and holds no sentence break (the "The float package" a LaTeX manual starts
 * with). Footnote marks are dropped.
 */
export function titleOf(infoTitle: unknown, content: string, display?: string): string | undefined {
  const given = typeof infoTitle === "string" ? collapseWhitespace(infoTitle) : "";
  if (given !== "" && !FILE_NAME_TITLE.test(given)) return given;
  const shown = display === undefined || display.length > 2 * MAX_TITLE_LINE ? undefined : withoutMarks(display);
  const words = shown?.split(" ").length ?? 0;
  if (shown !== undefined && (shown.match(/\p{L}/gu) ?? []).length >= 3 && shown.length <= 2 * MAX_TITLE_LINE && words <= 2 * MAX_TITLE_WORDS) return shown;
  const lines = content.split("\n", 4);
  for (const [i, line] of lines.slice(0, 3).entries()) {
    // A line too long to be a title is not read further (a first line of 100,000 dashes).
    if (line.length > 4 * MAX_TITLE_LINE) {
      if (/\p{L}/u.test(line)) return undefined;
      continue;
    }
    const text = withoutMarks(collapseWhitespace(line));
    if ((text.match(/\p{L}/gu) ?? []).length < 3) continue;
    // A sentence, or the start of one, is text: a title is a few words without a full stop inside.
    // A line the next one carries on in lower case is the start of a sentence.
    const continued = /^\s*\p{Ll}/u.test(lines[i + 1] ?? "");
    const titleLike = text.length <= MAX_TITLE_LINE && text.split(" ").length <= MAX_TITLE_WORDS && !/[.!?]\s+\S/u.test(text) && !continued;
    return titleLike ? text : undefined;
  }
  return undefined;
}

/** A title line without its footnote marks ("The float∗ package") and what trails it (":", a dash, "§"). */
function withoutMarks(line: string): string {
  return line.replace(/(?<=\p{L})[∗†‡]+/gu, "").replace(/[\s∗*†‡§:—–-]+$/u, "");
}
