// The headings of a Vim help file: Vim's own manual, Neovim's, and the `doc/*.txt` every Vim plugin ships, as text
// or as the HTML that vim2html and Debian's vim-doc make of them (the whole file in one <pre>). Such a file marks
// no heading by underlining: a line of `=` starts a section, whose title is the next line ("1. Fold methods
// *fold-methods*"); a line in capitals is a subsection ("MANUAL  *fold-manual*"); and a command, option or
// function is an entry line with its tags at the right (`:nm[ap] {lhs} {rhs}  *:nmap*`), or a line of tags above
// its signature (`*'autoindent'* *'ai'*`, then `'autoindent' 'ai'  boolean (default off)`). Without them the
// chunks of a 400 KB options file all carried one context header (see docs/retrieval.md).

import { collapseWhitespace, HeadingTrail, MAX_HEADING_LENGTH, type Section, sectionsFromHeadings } from "../document.js";
import type { OutlineHeading } from "./outline.js";

/** The help file's own tag opening its first line, then its description (`*fold.txt*  For Vim version 9.0`). */
const FILE_TAG = /^\*[\w.+-]{1,100}\.txt\*[ \t]+\S/;
/** How far into the text the file tag may stand: after an HTML page's heading and its "main help file" link. */
const HEAD_LINES = 12;
/**
 * A line of `=` from the first column: a section separator. `-` separates subsections in some plugins' files. Not
 * `(.)\1{19,}`: a repeated backreference recurses once per character.
 */
const SEPARATOR = /^(?:={20,}|-{20,})[ \t]*$/;
/** A line of dashes, which under a line of text underlines it. */
const DASHES = /^-{3,}[ \t]*$/;
/** How a line that is no title ends: a sentence, a lead-in to what follows. */
const NOT_TITLE_END = /[.:,;]$/;
/** A subsection's title is no longer: a longer line after dashes is a paragraph's first line. */
const MAX_SUBSECTION_TITLE = 60;
/** Vim's modeline, the help file's last line (`vim:tw=78:ts=8:noet:ft=help:norl:`). */
const MODELINE = /^vim:/;
/** Help tags, `*name*`: no spaces, no `*` inside (`*'ai'*`, `*:nmap*`, `*abs()*`). */
const TAGS = /\*[^*\s|]{1,100}\*/g;
/** One help tag, all of a string. */
const ONE_TAG = /^\*[^*\s|]{1,100}\*$/;
/** No heading line is longer: longer lines are not looked at, so no pattern runs on much text. */
const MAX_LINE = 300;
/** Vim's `helpHeadline`: capitals, digits, spaces and a few signs, then tags or the line's end. */
const CAPITALS = /^[A-Z][-A-Z0-9 .()_]{2,60}$/;
/** A link to a tag, `|name|`, read as its name. */
const LINK = /\|([^|\s]{1,100})\|/g;
/** A section title's number ("1.", "10.", "05.1" after its tag is gone). */
const NUMBER = /^\d{1,3}(?:\.\d{1,3})*\.?[ \t]+/;
/** A signature under a line of tags: short, or with its description after a tab (`'ai'\tboolean`). */
const MAX_BARE_SIGNATURE = 40;
/** A tag that names a variable, option, command or function (`*g:html_no_progress*`, `*:noautocmd*`, `*abs()*`). */
const NAME_TAG = /^\*((?=[^*\s]*[:'_(])[^*\s]{2,100})\*/;
/** Vim's fold markers, which plugins' help files put in their titles (`Browsing {{{1`). */
const FOLD_MARKER = /(?:\{\{\{|\}\}\})\d?/g;

/** The levels of a help file's headings: sections, subsections in capitals, and entries. */
const Level = { Section: 1, Subsection: 2, Entry: 3 } as const;
type Level = (typeof Level)[keyof typeof Level];

/**
 * A Vim help file's sections (see {@link vimHelpHeadings}), each heading path under `outer` (an HTML page's own
 * heading, and where it starts), and its title (its first heading); undefined for text that is no Vim help file.
 */
export function vimHelpSections(text: string, outer?: { start: number; path: readonly string[] }): { title?: string; sections: Section[] } | undefined {
  const tagLine = fileTagLine(text);
  if (tagLine === undefined) return undefined;
  const lines = text.split("\n");
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const found = vimHelpHeadings(lines, starts);
  const trail = new HeadingTrail();
  const headings = found.map((h) => ({ start: h.start, path: [...(outer?.path ?? []), ...trail.enter(h.level, h.text)] }));
  // The page's heading heads what comes before the help file's first heading (its tag line, a "main help file" link).
  if (outer !== undefined && (headings[0]?.start ?? text.length) > outer.start) headings.unshift({ start: outer.start, path: [...outer.path] });
  const title = description(tagLine) ?? found[0]?.text;
  return { ...(title === undefined ? {} : { title }), sections: sectionsFromHeadings(text, headings) };
}

/**
 * What the file's first line says it is about, after its tag (`*fugitive.txt*  A Git wrapper so awesome…`); not
 * the version line of Vim's own files (`*fold.txt*  For Vim version 9.0.  Last change: 2023 Jan 29`).
 */
function description(tagLine: string): string | undefined {
  const text = collapseWhitespace(tagLine.replace(/^\*[^*]*\*/, ""));
  return text === "" || /^for vim version\b/i.test(text) ? undefined : text.slice(0, MAX_HEADING_LENGTH);
}

/** Whether a text is a Vim help file: one of its first lines is the file's own tag (`*fold.txt*`). */
export function isVimHelp(text: string): boolean {
  return fileTagLine(text) !== undefined;
}

/**
 * The line of the file's own tag, when one of the text's first non-blank lines is one; read a line at a time from
 * the start, since most texts asked (every HTML page with no heading but its own) are no help file and need no split.
 */
function fileTagLine(text: string): string | undefined {
  let seen = 0;
  for (let start = 0; ; ) {
    const newline = text.indexOf("\n", start);
    const line = text.slice(start, newline === -1 ? text.length : newline);
    if (line.trim() !== "") {
      if (FILE_TAG.test(line)) return line;
      if (++seen >= HEAD_LINES) return undefined;
    }
    if (newline === -1) return undefined;
    start = newline + 1;
  }
}

/**
 * The headings of a Vim help file (see {@link isVimHelp}), each where its line starts (`starts[i]` is line i's
 * offset): a section's title is the first line after a separator (its tags, links and number dropped); a line in
 * capitals is a subsection; an entry line ending in tags, or the first line under a line of tags that starts in
 * the first column and is a signature, heads the entry by its text before the tags (`:nm[ap] {lhs} {rhs}`), at a
 * level below both. Entry lines in a row (the eight forms of `:map`, between blank lines) are one entry, the first
 * one's.
 */
function vimHelpHeadings(lines: readonly string[], starts: readonly number[]): OutlineHeading[] {
  const headings: OutlineHeading[] = [];
  let afterSeparator: Level | undefined;
  // The entry whose lines are still in a row: no description line since it began.
  let inEntry = false;
  let tagsAbove: number | undefined;
  let lastText = lines.length - 1;
  while (lastText > 0 && (lines[lastText] ?? "").trim() === "") lastText--;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (raw.trim() === "") continue;
    if (raw.length > MAX_LINE) {
      afterSeparator = undefined;
      inEntry = false;
      tagsAbove = undefined;
      continue;
    }
    const line = asShown(raw);
    // A line of dashes right under a line, as long as it, underlines it (vim2html drops such lines): a subsection's
    // title. A separator (78 dashes) under a table's last row does not.
    if (DASHES.test(lines[i + 1] ?? "") && /^[^\s|]/.test(line) && Math.abs((lines[i + 1] ?? "").trimEnd().length - line.trimEnd().length) <= 2) {
      const title = headingText(line, beforeTrailingTags(line));
      if (/\p{L}/u.test(title) && isShortTitle(title)) {
        headings.push({ start: starts[i] ?? 0, level: Level.Subsection, text: title });
        afterSeparator = undefined;
        inEntry = false;
        tagsAbove = undefined;
        i += 1;
        continue;
      }
    }
    if (SEPARATOR.test(line)) {
      afterSeparator = line.startsWith("=") ? Level.Section : Level.Subsection;
      inEntry = false;
      tagsAbove = undefined;
      continue;
    }
    const start = starts[tagsAbove ?? i] ?? 0;
    if (afterSeparator !== undefined) {
      const level = afterSeparator;
      afterSeparator = undefined;
      const title = headingText(line, beforeTrailingTags(line)).replace(NUMBER, "");
      // A title heads text: an HTML page's footer after the last separator ("top - main help file") heads none. Nor,
      // after dashes, which also stand between paragraphs, is a sentence or a lead-in ("It differs by window.").
      if (!/^[ \t]/.test(line) && /\p{L}/u.test(title) && i < lastText && !MODELINE.test(title) && !(level === Level.Subsection && !isShortTitle(title))) {
        headings.push({ start, level, text: title });
        inEntry = false;
        tagsAbove = undefined;
        continue;
      }
    }
    const before = beforeTrailingTags(line);
    if (before !== undefined && before.trim() === "") {
      tagsAbove ??= i;
      continue;
    }
    const text = headingText(line, before);
    if (/^\S/.test(line) && CAPITALS.test(text) && (before !== undefined || text === line.trimEnd())) {
      headings.push({ start, level: Level.Subsection, text });
      inEntry = false;
    } else if (/^[^\s|]/.test(line) && (before !== undefined ? text !== "" : tagsAbove !== undefined && isSignature(line))) {
      if (!inEntry) headings.push({ start, level: Level.Entry, text: text.split("\t")[0]?.trim() ?? text });
      inEntry = true;
    } else {
      // Prose under a tag that names a variable or command: the tag heads it (`*g:html_diff_one_file*`).
      const name = tagsAbove === undefined ? null : NAME_TAG.exec((lines[tagsAbove] ?? "").trim());
      if (name !== null) headings.push({ start, level: Level.Entry, text: name[1] ?? "" });
      inEntry = false;
    }
    tagsAbove = undefined;
  }
  return headings.map((h) => ({ ...h, text: collapseWhitespace(h.text).slice(0, MAX_HEADING_LENGTH) }));
}

/**
 * A line's text without its tags and with its links as their names (tabs kept, for the signature's end); `before`
 * is {@link beforeTrailingTags} of the line, which the caller may have already.
 */
function headingText(line: string, before: string | undefined): string {
  return (before ?? line).replace(TAGS, "").replace(LINK, "$1").replace(FOLD_MARKER, "").trim();
}

/**
 * The line before the tags that end it, when it ends in tags set apart by a tab or two spaces (`MANUAL\t*fold-manual*`;
 * "" for a line of tags alone), else undefined. Read word by word from the end, not by one pattern: a pattern of
 * repeated tags and spaces backtracks over a long run of spaces.
 */
function beforeTrailingTags(line: string): string | undefined {
  const words = line.trimEnd().split(/([ \t]+)/);
  let end = words.length;
  while (end > 0 && ONE_TAG.test(words[end - 1] ?? "")) end -= 2;
  if (end === words.length) return undefined;
  // `end` is now the index after the last word that is no tag; the gap after it must be a tab or two spaces.
  if (end <= 0) return "";
  const gap = words[end] ?? "";
  return gap.includes("\t") || gap.length >= 2 ? words.slice(0, end).join("") : undefined;
}

/** A title where dashes stand, which also stand between paragraphs: short, and no sentence or lead-in. */
function isShortTitle(title: string): boolean {
  return title.length <= MAX_SUBSECTION_TITLE && !NOT_TITLE_END.test(title);
}

/**
 * A line as Vim shows it, without the marks vim2html leaves out too: a `>` ending a line that leads in an example,
 * the `<` opening the line that ends one (`<\t\t*{{{* *}}}*`; a blank in its place), and the `~` of a column heading.
 */
function asShown(line: string): string {
  let shown = line.trimEnd();
  if (shown.endsWith("~") || shown === ">" || shown.endsWith(" >") || shown.endsWith("\t>")) shown = shown.slice(0, -1).trimEnd();
  return shown.startsWith("<") && (shown.length === 1 || shown[1] === " " || shown[1] === "\t") ? ` ${shown.slice(1)}` : shown;
}

/** An entry's first line under its tags: `'autoindent' 'ai'\tboolean (default off)`, `["x]d{motion}\tDelete …`. */
function isSignature(line: string): boolean {
  return line.includes("\t") || (line.trimEnd().length <= MAX_BARE_SIGNATURE && !/[.:]$/.test(line.trimEnd()));
}
