import { RagError, isRagError } from "../../errors.js";
import { limitError, type IngestLimits, type ResolvedLimits } from "../limits.js";

/**
 * A part of a document under one heading path. Sections do not overlap and are in document order; text
 * outside every section (rare) has no heading.
 */
export interface Section {
  /** The heading path, outermost first, e.g. `["PRAGMA Statements", "PRAGMA journal_mode"]`. Empty for text before the first heading. */
  headings: string[];
  /**
   * Offset in `content` (UTF-16 code units) where the section starts: at its heading, or where the text of an
   * outer section resumes after an HTML definition list whose entries had their own headings.
   */
  start: number;
  /** Offset in `content` where the section ends (exclusive). */
  end: number;
  /** The 1-based page the section is on, for PDF documents. */
  page?: number;
}

/** One document read from a source, as clean plain text plus what is known about it. */
export interface LoadedDocument {
  /**
   * A stable id: the file's path relative to the load root with `/` separators, plus `#<id>` (the record's
   * `id` field) or `#<n>` (its 0-based position) for each record of a `.json` or `.jsonl` file.
   */
  id: string;
  /** Clean plain text. For Markdown, the Markdown source without its front matter. */
  content: string;
  /** From `<title>`, front matter, a first `# heading`, a text's first underlined heading, a record's `title` field or the PDF's info. */
  title?: string;
  /**
   * Always has `source` (the relative path) and `format` (`text`, `rst`, `asciidoc`, `markdown`, `mdx`, `html`,
   * `json`, `jsonl`, `pdf`, `notebook`, `man`, `info`, `pod`, `org`); also
   * `encoding` for text formats, `pages` for PDF, front-matter fields for Markdown and the other fields of
   * a JSON record.
   */
  metadata: Record<string, unknown>;
  /** Heading or page sections with offsets into `content`. */
  sections?: Section[];
  /** An HTML page that shows a program's source file line by line (Doxygen's `*_source.html`); ingest leaves it out. */
  sourceListing?: true;
  /**
   * `content` is still to be read in this format (a JSON record's `format` field, or its text under a `markdown` or
   * `html` key; a document given in memory with a `format`). Ingest reads it (`readInFormat`) when it plans the
   * document, so that one that cannot be read fails alone.
   */
  readAs?: TextFormat;
}

/** What a loader read of a file (see {@link fileDocument}). */
export interface FileReading {
  content: string;
  format: string;
  title?: string | undefined;
  sections?: Section[] | undefined;
  encoding?: string;
  /** Fields the file states about itself (Markdown's front matter): kept, but never over `source`, `format` or `encoding`. */
  fields?: Record<string, unknown>;
  /** What the format tells besides (a page's `lang`, a notebook's `language`, a PDF's `pages`), after `encoding`. */
  details?: Record<string, unknown>;
  sourceListing?: boolean | undefined;
}

/**
 * The one document a file holds, as every loader of a file of one document builds it: its id and `metadata.source`
 * the file's source, then the format and what the loader read.
 */
export function fileDocument(file: Pick<LoadContext, "source">, read: FileReading): LoadedDocument {
  const { content, format, title, sections, encoding, fields, details, sourceListing } = read;
  return {
    id: file.source,
    content,
    ...(title === undefined ? {} : { title }),
    metadata: { ...fields, source: file.source, format, ...(encoding === undefined ? {} : { encoding }), ...details },
    ...(sections === undefined ? {} : { sections }),
    ...(sourceListing === true ? { sourceListing: true as const } : {}),
  };
}

/** The formats a text can be read in apart from its file (`InMemoryDocument.format`, a JSON record's `format`). */
export const TEXT_FORMATS = ["text", "markdown", "mdx", "html", "rst", "asciidoc", "man", "info", "pod", "org"] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

/** Options for {@link loadFile}. */
export interface LoadOptions {
  /**
   * The folder that document ids and `metadata.source` are relative to.
   * @default process.cwd()
   */
  root?: string;
  /**
   * The field (or fields, first present wins) that holds a JSON record's text.
   * @default ["content", "text", "pageContent", "body", "markdown", "html"]
   */
  contentKey?: string | readonly string[];
  /** Input bounds (file size, nesting depth, extracted characters); see {@link IngestLimits}. */
  limits?: IngestLimits;
}

/** What a format loader gets: the file's bytes and its resolved names. */
export interface LoadContext {
  /** The path as given. */
  path: string;
  /** The path relative to the root, with `/` separators: the base of document ids. */
  source: string;
  bytes: Uint8Array;
  contentKeys: readonly string[];
  limits: ResolvedLimits;
}

/** Throws `LIMIT_EXCEEDED` when `text` nests deeper than `limits.maxDepth` by `measure`. */
export function ensureDepth(file: LoadContext, text: string, measure: (text: string, max: number) => number, what: string): void {
  const max = file.limits.maxDepth;
  const depth = measure(text, max);
  if (depth > max) throw limitError(file.source, "maxDepth", max, `more than ${max}`, `the nesting depth of ${what}`);
}

/** The `LOAD_FAILED` error for one source, with the message pattern shared by all loaders. */
export function loadError(source: string, problem: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}): RagError {
  return new RagError("LOAD_FAILED", `Could not load ${source}: ${problem}`, {
    cause: options.cause,
    path: source,
    details: { source, ...options.details },
  });
}

/**
 * Throws `LOAD_FAILED` "empty" unless `content` has some non-whitespace text; `advice` ends the message. With
 * `frontMatterAlone`, the text is a page's after its front matter, and `details.frontMatterAlone` says so: a site
 * generator's section page, which ingest leaves out rather than fails (see {@link isFrontMatterAlone}).
 */
export function ensureNotEmpty(source: string, content: string, what = "the file", advice = "Remove the file or add content.", frontMatterAlone = false): void {
  if (content.trim() === "") {
    throw loadError(source, `${what} is empty: expected some text, found none (or only whitespace). ${advice}`, {
      details: { reason: "empty", ...(frontMatterAlone ? { frontMatterAlone } : {}) },
    });
  }
}

/**
 * The page an alias names, when `error` is its load failure: a man page's (`.so man2/stat.2`), as `man` shows the
 * page it names, or an HTML page's that only sends its reader on (`<meta http-equiv="refresh">`, texinfo's page of a
 * node's other name). Ingest leaves the alias out and lists it.
 */
export function aliasOf(error: unknown): string | undefined {
  const aliasOf = loadFailure(error)?.aliasOf;
  return typeof aliasOf === "string" ? aliasOf : undefined;
}

/** The details of a `LOAD_FAILED` error (by which ingest tells a file it leaves out from one that failed), else undefined. */
function loadFailure(error: unknown): Record<string, unknown> | undefined {
  return isRagError(error) && error.code === "LOAD_FAILED" ? ((error.details as Record<string, unknown> | undefined) ?? {}) : undefined;
}

/**
 * Whether `error` is the load failure of a file named as a format it is not in: a man page's name on what is not roff
 * (a rotated `syslog.1`, a program's `python3.9`), an Info manual's on a program's settings (`Debian.info`). Ingest
 * leaves such a file out, as it does a file of a format it does not read.
 */
export function isNotOfItsFormat(error: unknown): boolean {
  return loadFailure(error)?.notOfFormat === true;
}

/**
 * The failure of a file whose name says a format its content is not in (see {@link isNotOfItsFormat}): reason
 * "unsupported", with `details.notOfFormat`. `named` says what the name claims and what the file is not ("a man
 * page's, but it is not roff"), `why` how that shows.
 */
export function notOfItsFormat(source: string, named: string, why: string): RagError {
  return loadError(source, `its name is ${named}: ${why}. Rename it or leave it out.`, { details: { reason: "unsupported", notOfFormat: true } });
}

/**
 * Whether `error` is the load failure of a file that only lists where a document's text is: a split Info manual's
 * table of its parts (`find.info`, beside `find.info-1` and `find.info-2`). Ingest leaves it out and lists it with
 * the navigation files.
 */
export function isTableOfParts(error: unknown): boolean {
  return loadFailure(error)?.reason === "navigation";
}

/** Whether `error` is the load failure of a page of front matter alone (see {@link ensureNotEmpty}). */
export function isFrontMatterAlone(error: unknown): boolean {
  return loadFailure(error)?.frontMatterAlone === true;
}

/** The character of a Unicode scalar value, or "" for a number that is none (a surrogate's, or above U+10FFFF). */
export function scalarText(point: number): string {
  return point >= 0 && point <= 0x10ffff && (point < 0xd800 || point > 0xdfff) ? String.fromCodePoint(point) : "";
}

/** A saved {@link HeadingTrail}: its open headings, outermost first. */
export type TrailPosition = readonly { level: number; text: string }[];

/** The heading path stack shared by the Markdown and HTML loaders: a new heading closes deeper or equal ones. */
export class HeadingTrail {
  private readonly stack: { level: number; text: string }[] = [];

  enter(level: number, text: string): string[] {
    this.close(level);
    this.stack.push({ level, text });
    return this.path;
  }

  /** Closes the open headings of `level` and deeper (as a heading of that level that heads nothing does); the path left. */
  close(level: number): string[] {
    while (this.stack.length > 0 && (this.stack[this.stack.length - 1]?.level ?? 0) >= level) this.stack.pop();
    return this.path;
  }

  /** The open headings' texts, outermost first. */
  get path(): string[] {
    return this.stack.map((h) => h.text);
  }

  /** The headings as they stand, to come back to with {@link restore}. */
  save(): TrailPosition {
    return [...this.stack];
  }

  restore(position: TrailPosition): void {
    this.stack.splice(0, this.stack.length, ...position);
  }
}

/**
 * Builds non-overlapping sections from heading starts; text before the first heading gets no heading. A start
 * that `resumes` an outer path (after an HTML definition list) makes a section only when words follow it before
 * the next start; otherwise what little text there is stays with the section before.
 */
export function sectionsFromHeadings(content: string, headings: readonly { start: number; path: string[]; resumes?: boolean }[]): Section[] {
  const starts = headings.filter(
    (heading, i) => heading.resumes !== true || /[\p{L}\p{N}]/u.test(content.slice(heading.start, headings[i + 1]?.start ?? content.length)),
  );
  const sections: Section[] = [];
  const first = starts[0];
  if (first === undefined) return content.trim() === "" ? [] : [{ headings: [], start: 0, end: content.length }];
  if (content.slice(0, first.start).trim() !== "") sections.push({ headings: [], start: 0, end: first.start });
  starts.forEach((heading, i) => {
    const end = starts[i + 1]?.start ?? content.length;
    if (end > heading.start) sections.push({ headings: heading.path, start: heading.start, end });
  });
  return sections;
}

/** The longest heading a loader keeps: every chunk of a section carries its heading path, in its metadata and the index. */
export const MAX_HEADING_LENGTH = 300;

/** Letters and digits only, lower-cased: a heading as it reads whatever its markup, for comparing headings. */
export function lettersAndDigits(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Collapses runs of whitespace, for headings and titles. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}
