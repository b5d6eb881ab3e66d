// The headings of a plain-text document, where it has them. reStructuredText, AsciiDoc, Markdown's setext form and
// many hand-written manuals mark a section title by underlining it (and sometimes overlining it) with a line of one
// repeated punctuation character; the documentation sources Debian ships (Python's `_sources/*.rst.txt`, Git's
// AsciiDoc `*.txt`) are written this way. Without the headings a chunk has no context header and the keyword index
// no title or heading column: on the Python documentation's reStructuredText sources, vector R@5 was 0.48 without
// them against 0.63 for the same pages as HTML (docs/retrieval.md).

import { collapseWhitespace, HeadingTrail, MAX_HEADING_LENGTH, sectionsFromHeadings, type Section, type TrailPosition } from "../document.js";
import { type OutlineHeading, outlineHeadings } from "./outline.js";
import { emacsOutlineSections } from "./emacs-outline.js";
import { vimHelpSections } from "./vim-help.js";

/** A plain-text document's title (its first heading) and heading sections. */
export interface ParsedText {
  title?: string;
  sections: Section[];
}

/** How to read the text's markup. */
export interface TextSyntax {
  /**
   * Read it as AsciiDoc: `== Section` titles, fixed levels for underlined titles (`=` `-` `~` `^` `+`), block
   * anchors and attributes before a title, and no headings inside delimited blocks (`----`, `....`, `====`, …).
   * Undefined: AsciiDoc when the text has AsciiDoc's block attributes (`[verse]`, `[source,sh]`), preprocessor
   * lines (`include::`, `ifdef::`) or `== Section` titles between blank lines, otherwise reStructuredText's rules.
   */
  asciidoc?: boolean;
}

/** Underlined titles beside which numbered and capitalised lines are still looked for as headings. */
const MAX_UNDERLINED_FOR_OUTLINE = 2;
/** RST's adornment characters: ASCII punctuation. */
const ADORNMENT_CHAR = /^[!-/:-@[-`{-~]$/;
/** A title line: not indented, not too long, with a letter or digit in it. */
const TITLE = /^\S.{0,199}$/;
// Capped, and trimmed after the match: a lazy `.*?` before `[ \t]*$` backtracks quadratically.
const ASCIIDOC_TITLE = /^(={1,6})[ \t]+(\S.{0,199})$/;
/**
 * What may stand between a blank line and an AsciiDoc title: block anchors and attributes (`[[install]]`, `[#usage]`,
 * `[source,sh]`), and comment lines (`// REVIEW …`), which AsciiDoc skips; not a comment block's `////`.
 */
const ASCIIDOC_BLOCK_LINE = /^\[[^\]\n]{0,200}\]\]?[ \t]*$/;
const ASCIIDOC_COMMENT_LINE = /^\/\/(?!\/\/+[ \t]*$)/;
/** AsciiDoc's delimited blocks: listing, literal, example, sidebar, passthrough, comment and quote. */
const ASCIIDOC_DELIMITER = /^(-{4,}|\.{4,}|={4,}|\*{4,}|\+{4,}|\/{4,}|_{4,})[ \t]*$/;
/**
 * Lines only AsciiDoc writes: a block style alone on its line (`[verse]`, `[source,sh]`; not `[WARNING] …` pasted
 * from a build log, nor a Markdown link definition `[source]: https://…`), or a preprocessor directive.
 */
const ASCIIDOC_SIGNS =
  /^(?:\[(?:verse|source|listing|literal|quote|example|sidebar|subs)\b[^\]\n]{0,200}\][ \t]*$|(?:include|ifdef|ifndef|ifeval|endif)::\S*\[)/m;
/** An AsciiDoc section title standing alone between blank lines (`== Setting Up`); a sentence may wrap onto `==`. */
const ASCIIDOC_TITLE_SIGN = /(?:^|\n)[ \t]*\n={2,6}[ \t]+\S[^\n]{0,200}\n[ \t]*(?:\n|$)/;
/** An AsciiDoc block title (`.Example`): a label above a block, never a section title. */
const ASCIIDOC_BLOCK_TITLE = /^\.[^\s.]/;
/** AsciiDoc's two-line title levels by underline character (`=` is the document title). */
const ASCIIDOC_UNDERLINES: Readonly<Record<string, number>> = { "=": 1, "-": 2, "~": 3, "^": 4, "+": 5 };

/**
 * A reStructuredText object description (`.. function:: os.path.join(path, *paths)`, `.. py:class:: Thread`,
 * `.. envvar:: PYTHONPATH`): the name of one entry of a reference, like an HTML definition term with an id. Sphinx's
 * standard domains' directives; others (`note`, `code-block`, `toctree`) are not entries.
 */
const OBJECT_DIRECTIVE =
  /^( *)\.\.[ \t]+(?:[a-z]+:)?(function|class|method|classmethod|staticmethod|attribute|property|data|exception|decorator|decoratormethod|describe|object|option|cmdoption|envvar|macro|member|type|var|struct|union|enum|enumerator|concept|namespace)::[ \t]+(\S.*)$/;
/** `.. module:: os.path` and `.. currentmodule:: os.path`: the module that unqualified entries belong to. */
const MODULE_DIRECTIVE = /^\.\.[ \t]+(?:py:)?(?:module|currentmodule)::[ \t]+(\S+)[ \t]*$/;
/**
 * How deep object descriptions nest as headings (a class's methods are 2). Every heading path is a copy of the
 * open ones, so hostile nesting a thousand deep would make a thousand paths a thousand long.
 */
const MAX_NESTED_ENTRIES = 8;
/** Module-level entries, which Sphinx shows with their module's name (`os.path.join`). */
const MODULE_LEVEL = new Set(["function", "class", "data", "exception", "decorator"]);

/**
 * Finds the headings of plain text. A heading is a line after a blank line (or at the start), not indented, that
 * is underlined by a line of one repeated punctuation character at least as long as the title less two (RST asks
 * for at least its length, AsciiDoc for its length ± 2). reStructuredText also over- and underlines titles: such a
 * title must begin with a letter, digit or quote and its adornment be from its length to 6 characters
 * longer, so that a one-line code block between two rules is not taken for one. As in reStructuredText, each
 * adornment style (its character, and whether it also overlines) is one level, in the order the styles first
 * appear. A reStructuredText object description (`.. function:: name(args)`) heads its indented block one level
 * below the section, as an HTML definition term with an id does; the text after the block goes back to the
 * section. AsciiDoc is read by its own rules (see {@link TextSyntax}). The title is the first heading.
 *
 * @example
 * parsePlainText("Pragmas\n=======\n\njournal_mode\n------------\n\nSets the journal mode.\n").sections
 * // [{ headings: ["Pragmas"], start: 0, end: 17 }, { headings: ["Pragmas", "journal_mode"], start: 17, end: 56 }]
 */
export function parsePlainText(text: string, syntax: TextSyntax = {}): ParsedText {
  // A Vim help file underlines nothing: its sections follow lines of `=`, and its entries end in tags.
  const vimHelp = syntax.asciidoc === undefined ? vimHelpSections(text) : undefined;
  if (vimHelp !== undefined) return vimHelp;
  // A text in Emacs' outline mode (a GNU NEWS file) says so, and its headings are lines of stars.
  const emacsOutline = syntax.asciidoc === undefined ? emacsOutlineSections(text) : undefined;
  if (emacsOutline !== undefined) return emacsOutline;
  const asciidoc = syntax.asciidoc ?? (ASCIIDOC_SIGNS.test(text) || ASCIIDOC_TITLE_SIGN.test(text));
  const lines = text.split("\n");
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const styles = new Map<string, number>();
  const levelOf = (style: string) => {
    const level = styles.get(style) ?? styles.size + 1;
    styles.set(style, level);
    return level;
  };
  const trail = new HeadingTrail();
  const headings: { start: number; path: string[]; resumes?: boolean; level?: number }[] = [];
  // The lines that underlined titles take (the title's and its adornments').
  const taken = new Set<number>();
  // Open object descriptions, innermost last: their indentation and the trail to go back to when they end.
  const entries: { indent: number; outer: TrailPosition }[] = [];
  let module: string | undefined;
  let title: string | undefined;
  const heading = (line: number, level: number, raw: string) => {
    const name = headingText(raw);
    if (name === "") return false;
    entries.length = 0;
    headings.push({ start: starts[line] ?? 0, path: trail.enter(level, name), level });
    for (let taking = line - 1; taking <= line + 1; taking++) taken.add(taking);
    title ??= name;
    return true;
  };
  // A title follows a blank line, or (AsciiDoc) its anchors, attributes and comment lines after a blank line.
  const blankBefore = (i: number) => {
    let j = i - 1;
    if (asciidoc) while (j >= 0 && (ASCIIDOC_BLOCK_LINE.test(lines[j] ?? "") || ASCIIDOC_COMMENT_LINE.test(lines[j] ?? ""))) j -= 1;
    return j < 0 || (lines[j] ?? "").trim() === "";
  };
  let block: string | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (block !== undefined) {
      if (line.trimEnd() === block) block = undefined;
      continue;
    }
    if (line.trim() === "") continue;
    const indent = line.length - line.trimStart().length;
    // An object description ends at the first line indented no deeper than its directive.
    let closed: TrailPosition | undefined;
    while (entries.length > 0 && (entries[entries.length - 1]?.indent ?? 0) >= indent) closed = entries.pop()?.outer;
    if (closed !== undefined) {
      trail.restore(closed);
      headings.push({ start: starts[i] ?? 0, path: trail.path, resumes: true });
    }
    const next = lines[i + 1] ?? "";
    const over = asciidoc ? undefined : adornment(line);
    if (over !== undefined && blankBefore(i) && isOverTitle(line, next, lines[i + 2] ?? "")) {
      if (heading(i, levelOf(`${over}/over`), next)) {
        i += 2;
        continue;
      }
    }
    const under = adornment(next);
    if (
      under !== undefined &&
      indent === 0 &&
      blankBefore(i) &&
      TITLE.test(line) &&
      adornment(line) === undefined &&
      fits(next, line, asciidoc) &&
      !(asciidoc && (ASCIIDOC_BLOCK_LINE.test(line) || ASCIIDOC_BLOCK_TITLE.test(line)))
    ) {
      const level = asciidoc ? ASCIIDOC_UNDERLINES[under] : levelOf(under);
      if (level !== undefined && heading(i, level, line)) {
        i += 1;
        continue;
      }
    }
    if (asciidoc) {
      const oneLine = ASCIIDOC_TITLE.exec(line);
      // `== Install ==`: the closing marks are optional.
      if (oneLine !== null && blankBefore(i) && heading(i, oneLine[1]?.length ?? 1, (oneLine[2] ?? "").replace(/[ \t]+=+[ \t]*$/, ""))) continue;
      if (ASCIIDOC_DELIMITER.test(line)) {
        block = line.trimEnd();
        continue;
      }
    }
    const moduleName = MODULE_DIRECTIVE.exec(line);
    if (moduleName !== null) {
      module = moduleName[1];
      continue;
    }
    const entry = entries.length < MAX_NESTED_ENTRIES ? OBJECT_DIRECTIVE.exec(line) : null;
    if (entry !== null) {
      const [, spaces = "", kind = ""] = entry;
      const start = starts[i] ?? 0;
      // A signature continued on the next line ends with a backslash (lines kept apart: checking the end of
      // one growing string would flatten it again on every line).
      const parts = [(entry[3] ?? "").trimEnd()];
      while ((parts[parts.length - 1] ?? "").endsWith("\\") && i + 1 < lines.length) {
        parts[parts.length - 1] = (parts[parts.length - 1] ?? "").slice(0, -1);
        i += 1;
        parts.push((lines[i] ?? "").trim());
      }
      const signature = collapseWhitespace(parts.join(" "));
      const qualified =
        spaces === "" && module !== undefined && MODULE_LEVEL.has(kind) && !signature.startsWith(`${module}.`) ? `${module}.${signature}` : signature;
      entries.push({ indent: spaces.length, outer: trail.save() });
      // Deeper than any section heading, nested by indentation.
      headings.push({ start, path: trail.enter(1000 + spaces.length, qualified.slice(0, MAX_HEADING_LENGTH)) });
    }
  }
  // Plain text that marks few or no headings by underlining may mark them by numbers or capitals.
  const plain = syntax.asciidoc === undefined && !asciidoc && headings.length <= MAX_UNDERLINED_FOR_OUTLINE && headings.every((h) => h.level !== undefined);
  const outline = plain ? outlineHeadings(lines, starts, taken) : [];
  const all = outline.length >= 2 ? mergeOutline(headings, outline) : headings;
  return { ...(title === undefined ? {} : { title }), sections: sectionsFromHeadings(text, all) };
}

/**
 * Underlined titles and an outline's headings in one heading list, the outline's levels below the underlined
 * titles' (a FAQ's "Frequently Asked Questions" underlined over its numbered questions).
 */
function mergeOutline(
  underlined: readonly { start: number; path: string[]; level?: number }[],
  outline: readonly OutlineHeading[],
): { start: number; path: string[] }[] {
  const deepest = Math.max(0, ...underlined.map((h) => h.level ?? 0));
  const all = [
    ...underlined.map((h) => ({ start: h.start, level: h.level ?? 1, text: h.path[h.path.length - 1] ?? "" })),
    ...outline.map((h) => ({ ...h, level: h.level + deepest })),
  ].sort((a, b) => a.start - b.start);
  const trail = new HeadingTrail();
  return all.map((h) => ({ start: h.start, path: trail.enter(h.level, h.text) }));
}

/**
 * Whether an adornment fits its title: at least three characters and the title's length less two, and in AsciiDoc
 * at most its length plus two (a longer line under a short one is a delimited block opening).
 */
function fits(adornment: string, title: string, asciidoc: boolean): boolean {
  const length = adornment.trimEnd().length;
  return length >= Math.max(3, title.length - 2) && (!asciidoc || length <= title.length + 2);
}

/**
 * Whether `title` between the adornment lines `over` and `under` is a reStructuredText over-and-underlined title:
 * the same adornment twice (not backticks or tildes: a Markdown fence), from the title's length to 6 longer, or
 * longer still around a title inset from the rules' start (Celery's and Kombu's sources centre their titles
 * between long rules, or indent them by a space), around a title that starts like words do, or with a role,
 * literal or emphasis (not `$ git init` or `* text=auto` between two rules).
 */
function isOverTitle(over: string, title: string, under: string): boolean {
  const length = over.trimEnd().length;
  const text = title.trim();
  return (
    under.trimEnd() === over.trimEnd() &&
    // Backticks and tildes around a line are a Markdown code fence.
    !/^[`~]/.test(over) &&
    TITLE.test(text) &&
    /^(?:["'“‘(`\p{L}\p{N}]|:[\w+.-]+:`|\*\S)/u.test(text) &&
    length >= text.length &&
    (length <= title.trimEnd().length + 6 || /^[ \t]/.test(title))
  );
}

/**
 * A title's text without reStructuredText inline markup: roles (`` :mod:`os.path` `` → `os.path`, a link's
 * `text <target>` → `text`), inline literals and emphasis marks. Titles are at most 200 characters (the callers'
 * patterns), so the patterns here cannot be made to backtrack for long.
 */
function headingText(raw: string): string {
  const text = raw
    .replace(/:[\w+.-]+(?::[\w+.-]+)*:`([^`]*)`/g, (_, inner: string) => inner.replace(/\s*<[^>]*>$/, "").replace(/^[~!]/, ""))
    .replace(/``([^`]+)``/g, "$1")
    .replace(/`([^`]+)`_{0,2}/g, (_, inner: string) => inner.replace(/\s*<[^>]*>$/, ""))
    .replace(/\*\*([^*]+)\*\*|\*([^*]+)\*/g, (_, strong?: string, emphasis?: string) => strong ?? emphasis ?? "");
  const name = collapseWhitespace(text).slice(0, MAX_HEADING_LENGTH);
  return /[\p{L}\p{N}]/u.test(name) ? name : "";
}

/**
 * The character of a line of one ASCII punctuation character repeated at least three times, then spaces or tabs
 * (RST's adornment), or undefined. A loop, not `/^(.)\1{2,}/`: a repeated backreference recurses once per character,
 * and a line of five million "[" overflowed the stack.
 */
function adornment(line: string): string | undefined {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  const char = line[0];
  if (end < 3 || char === undefined || !ADORNMENT_CHAR.test(char)) return undefined;
  for (let i = 1; i < end; i++) if (line[i] !== char) return undefined;
  return char;
}
