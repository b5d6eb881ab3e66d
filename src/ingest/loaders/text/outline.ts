// The headings of plain text that marks them by numbering or capitals instead of underlining: RFCs and FAQs
// ("1.  Introduction", "  1.1 What is cURL?", "2.2) Why does the compiler report an error?"), manual-page-like
// READMEs ("USAGE:", "SECTION 1 - GENERAL INFORMATION") and banner lines ("--- What's in the box ---"). Much of
// what Debian ships beside its documentation (README, FAQ, INSTALL) is written so. Without them a FAQ is one
// section, and its chunks carry no question as their context header.

import { collapseWhitespace, MAX_HEADING_LENGTH } from "../document.js";

/** A heading found in plain text: where its line starts, its level (1 outermost) and its text. */
export interface OutlineHeading {
  start: number;
  level: number;
  text: string;
}

/** "1.", "1.2", "1.2.", "2)", "2.1)", indented at most four spaces, then the title. */
const NUMBERED = /^ {0,4}(\d{1,3}(?:\.\d{1,3}){0,5})(\.|\))?[ \t]+(\S.{0,200})$/;
/** A line in capitals, ending in a colon or not ("USAGE:", "FILES AND THEIR CONTENTS:", "SECTION 2 - RESOURCES"). */
const CAPITALS = /^(\p{Lu}[\p{Lu}\p{N} ,/&'()-]{1,78}[\p{Lu}\p{N})]):?[ \t]*$/u;
/** A banner line: a title between the same run of dashes, equals signs, asterisks or hashes ("--- Licencing ---"). */
const BANNER = /^ {0,4}([-=*#~])\1{1,}[ \t]+(\S.{0,150}?)[ \t]+\1{2,}[ \t]*$/;
/** A line of one punctuation character repeated, perhaps indented (an underline, or a rule between parts). */
const RULE = /^[ \t]*([-=~*_^#+.])\1{2,}[ \t]*$/;
/** A numbered heading's title that wraps: at most this many lines in all. */
const MAX_TITLE_LINES = 3;
/** Fewer numbered headings than this, with no sub-number among them, are a numbered list, not an outline. */
const MIN_TOP_LEVEL = 3;

/**
 * Finds the numbered, capitalised and banner headings of plain text. A numbered heading stands after a blank line
 * (or a rule) and before one (or an underline), so that the lines of a table of contents, one under another, are
 * none; its title may wrap onto two more lines indented under it, starts with a letter, a digit or a quote, and
 * does not end a sentence with a full stop (a FAQ's question mark is fine). Its level is its number's depth ("1.2"
 * is 2). Numbered headings count only as an outline: three top-level ones at least, or one with a sub-number, and
 * numbers that follow each other (the next at the same depth, the first one deeper, or any one shallower), since
 * a numbered list restarts where an outline never does (see {@link follows}); and at least half of them with text
 * of their own before the next, as a list's steps have not. A line in capitals stands after a blank line, before a
 * blank line, or, ending in a colon, before lines indented under it; it and a banner line are level 1, numbered
 * headings below them. `taken` holds the lines already read as headings (underlined titles).
 */
export function outlineHeadings(lines: readonly string[], starts: readonly number[], taken: ReadonlySet<number>): OutlineHeading[] {
  const blank = (i: number) => i < 0 || i >= lines.length || (lines[i] ?? "").trim() === "" || RULE.test(lines[i] ?? "");
  // Each with its number, its first line and its title's last line.
  const numbered: (OutlineHeading & { number: number[]; line: number; end: number })[] = [];
  const others: OutlineHeading[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (taken.has(i) || line.trim() === "" || !blank(i - 1)) continue;
    const numberedLine = NUMBERED.exec(line);
    if (numberedLine !== null) {
      const [, digits = "", mark, first = ""] = numberedLine;
      // A bare "1 Title" is too often a line of a table or a listing; a sub-number ("1.2 Title") is not.
      if (mark === undefined && !digits.includes(".")) continue;
      // The title's column: where its continuation lines start.
      const column = line.length - first.length;
      const parts = [first];
      let end = i;
      while (parts.length < MAX_TITLE_LINES && !blank(end + 1) && indentOf(lines[end + 1] ?? "") >= column) {
        end += 1;
        parts.push((lines[end] ?? "").trim());
      }
      const text = collapseWhitespace(parts.join(" "));
      if (blank(end + 1) && isTitle(text)) {
        numbered.push({ start: starts[i] ?? 0, level: 0, text: text.slice(0, MAX_HEADING_LENGTH), number: digits.split(".").map(Number), line: i, end });
        i = end;
      }
      continue;
    }
    const banner = BANNER.exec(line);
    if (banner !== null && blank(i + 1)) {
      others.push({ start: starts[i] ?? 0, level: 1, text: collapseWhitespace(banner[2] ?? "").slice(0, MAX_HEADING_LENGTH) });
      continue;
    }
    const capitals = CAPITALS.exec(line);
    if (capitals === null || /^\d/.test(line) || (capitals[1] ?? "").replace(/[^\p{L}]/gu, "").length < 3) continue;
    const next = lines[i + 1] ?? "";
    if (blank(i + 1) || (line.trimEnd().endsWith(":") && indentOf(next) >= 2)) {
      others.push({ start: starts[i] ?? 0, level: 1, text: collapseWhitespace(capitals[1] ?? "").slice(0, MAX_HEADING_LENGTH) });
    }
  }
  // A section has text of its own; the steps of a numbered list ("1. Download", "2. Unpack") mostly do not.
  const withText = numbered.filter((h, i) => hasText(lines, h.end + 1, numbered[i + 1]?.line ?? lines.length)).length;
  const outline = isOutline(numbered.map((h) => h.number)) && withText * 2 >= numbered.length ? numbered : [];
  // Below the capitals and banners, where there are any.
  const offset = others.length > 0 ? 1 : 0;
  return [...others, ...outline.map(({ start, number, text }) => ({ start, level: number.length + offset, text }))].sort((a, b) => a.start - b.start);
}

/** A title, not a sentence: a letter, digit or quote first, a letter in it, no full stop, comma or semicolon last. */
function isTitle(text: string): boolean {
  return /^["'“‘(\p{L}\p{N}]/u.test(text) && /\p{L}/u.test(text) && !/[.,;]$/.test(text) && text.length <= 200;
}

/** Whether the numbers go as an outline's do (see {@link outlineHeadings}). */
function isOutline(numbers: readonly number[][]): boolean {
  // An outline opens with a first section ("1", "1.1", "0"); "1.5 million downloads" opens none.
  const last = numbers[0]?.[numbers[0].length - 1];
  if (numbers.length < 2 || last === undefined || last > 1) return false;
  if (!numbers.some((n) => n.length > 1) && numbers.length < MIN_TOP_LEVEL) return false;
  let previous: number[] | undefined;
  let breaks = 0;
  for (const number of numbers) {
    if (previous !== undefined && !follows(previous, number)) breaks += 1;
    previous = number;
  }
  // A slip or two in a long document (a skipped number, a renumbered section) is still an outline.
  return breaks <= Math.floor(numbers.length / 10);
}

/**
 * `next` comes right after `previous` in an outline: one level deeper at 1 (1.2 → 1.2.1), or one level counted on
 * with the deeper ones starting again at 1 (1.2 → 1.3, 1.2.3 → 2, and 1.5 → 2.1 where the outline's top level is
 * headed by unnumbered lines: a FAQ's "SECTION 2 - RESOURCES").
 */
function follows(previous: readonly number[], next: readonly number[]): boolean {
  if (next.length === previous.length + 1 && previous.every((n, i) => n === next[i]) && next[next.length - 1] === 1) return true;
  for (let depth = 0; depth < Math.min(previous.length, next.length); depth++) {
    if (next[depth] !== previous[depth]) return next[depth] === (previous[depth] ?? 0) + 1 && next.slice(depth + 1).every((n) => n === 1);
  }
  return false;
}

/** Whether lines `from` to `to` (not included) hold text: a line that is neither blank nor a rule. */
function hasText(lines: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((lines[i] ?? "").trim() !== "" && !RULE.test(lines[i] ?? "")) return true;
  return false;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
