import { isRagError, type RagError } from "../../errors.js";
import { type DecodedText, decodeText } from "./decode.js";
import {
  collapseWhitespace,
  ensureNotEmpty,
  fileDocument,
  HeadingTrail,
  type LoadContext,
  type LoadedDocument,
  loadError,
  notOfItsFormat,
  MAX_HEADING_LENGTH,
  type Section,
  sectionsFromHeadings,
} from "./document.js";

/**
 * GNU Info files, the manuals makeinfo builds from Texinfo (`/usr/share/info/coreutils.info.gz`): nodes, each opened
 * by the control character 0x1F and a header line (`File: sed.info,  Node: Overview,  Next: …,  Up: …`), then the
 * node's text as a terminal shows it, its heading underlined (`*` a chapter, `=` a section, `-` a subsection, `.` a
 * subsubsection) and its menu last. A large manual is split: `find.info` holds only the table of where its nodes
 * are (`Indirect:`), and `find.info-1`, `find.info-2` hold the nodes.
 */

/** What opens an Info file's parts: a node's header, a split manual's table of parts, the tag table. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Info's markup is a control character.
const INFO_SIGN = /\x1f\n(?:File:|Indirect:|Tag Table:)/;
/** A node's header line: the file it is in and the node's name. */
const NODE_HEADER = /^File:[ \t]*([^,\n]*?)[ \t]*,[ \t]*Node:[ \t]*(\x7f[^\x7f\n]*\x7f|[^,\n]*)/;
/** The node a node is under, in its header line (`Up: Invoking sed`). */
const UP = /,[ \t]*Up:[ \t]*(\x7f[^\x7f\n]*\x7f|[^,\n]*)/;
/** The underline of a heading, by its character: a chapter (and the manual's top), a section, a subsection, below. */
const UNDERLINE_LEVELS: Readonly<Record<string, number>> = { "*": 1, "=": 2, "-": 3, ".": 4 };
const UNDERLINE = /^([*=.-])\1*$/;
/** A node with no heading of its own goes under the last heading, as deep as no heading goes. */
const NODE_LEVEL = 5;
/** Where a node's menu opens: Texinfo puts it last in the node, and it lists nodes, which are read where they are. */
const MENU = /^\* Menu:[ \t]*$/m;
/**
 * A cross-reference, as the page a manual's HTML shows it: `*note Exit status::` reads "Exit status", `*Note the
 * manual: (grep)Usage.` (Texinfo's `@xref`, which opens a sentence) reads "See the manual.". A name runs over one
 * line break at most, and is at most 200 characters. Sphinx's Info names an anchor, a hexadecimal number, and puts
 * a period after it that is no sentence's (`*note os.wait: a65. family`), which is left out.
 */
const NOTE_NAME = String.raw`((?:(?!\*[Nn]ote)[^:\n]){1,200}(?:\n(?:(?!\*[Nn]ote)[^:\n]){1,200})?)`;
const NAMED_NOTE = new RegExp(String.raw`\*([Nn])ote([ \t]*\n?[ \t]*)(?:\([^()\n]{1,100}\))?${NOTE_NAME}::`, "g");
const LABELLED_NOTE = new RegExp(
  String.raw`\*([Nn])ote([ \t]*\n?[ \t]*)${NOTE_NAME}:[ \t\n]+(\x7f[^\x7f]{0,300}\x7f|(?:\([^()\n]{1,100}\))?[^.,\t\n]{0,200}(?:\n[^.,\t\n]{0,200})?)([.,])`,
  "g",
);
/** The node of a cross-reference Sphinx wrote: an anchor's number. */
const ANCHOR = /^[0-9a-f]+$/;
/** An index node's mark, its NUL and backspace taken out (see `withoutMarks`). */
const INDEX_MARK = /^\[index\][ \t]*$/gm;
/**
 * The line that sets a node's footnotes apart, and an image's place: a terminal shows its text (`text="…"`, quotes
 * escaped with a backslash), else its `alt`. Each part is bounded, so that a line of unclosed images is read in linear time.
 */
const FOOTNOTES_RULE = /^[ \t]*-{5,} Footnotes -{5,}[ \t]*$/gm;
const IMAGE = /\[image src="(?:[^"\\\n]|\\.){0,1000}"(?: alt="((?:[^"\\]|\\.){0,2000})")?(?: text="((?:[^"\\]|\\.){0,20000})")?[^\]\n]{0,1000}\]/g;

/** Whether a text is an Info file: a node's header, or a split manual's table, after the control character 0x1F. */
function isInfoText(text: string): boolean {
  return INFO_SIGN.test(text);
}

/** An Info manual read as its reader shows it: the nodes' text in order, and its sections (see {@link readInfo}). */
export interface InfoManual {
  content: string;
  title?: string;
  sections: Section[];
  /** Whether the file is a split manual's table of its parts (`Indirect:`), holding no text. */
  indirect: boolean;
}

/**
 * Reads an Info file: each node's text in order, without its header line, its menu (the nodes it lists are read
 * where they stand) or its headings' underlines; cross-references as the manual's HTML shows them ("Exit status",
 * "See Exit status" for `@xref`); an index's entries (a menu too) left out. Each node's heading opens a section under the headings above it, by its
 * underline; a node without one is a section named by the node. The title is the top node's heading ("GNU ‘sed’"), or,
 * in a part of a split manual, the manual's name ("find").
 */
export function readInfo(text: string): InfoManual {
  const trail = new HeadingTrail();
  const headings: { start: number; path: string[] }[] = [];
  let content = "";
  let title: string | undefined;
  let manual: string | undefined;
  let indirect = false;
  for (const part of text.split("\x1f\n").slice(1)) {
    if (part.startsWith("Indirect:")) indirect = true;
    const header = NODE_HEADER.exec(part);
    if (header === null) continue;
    manual ??= header[1]?.replace(/\.info$/i, "");
    const node = collapseWhitespace(header[2]!.replace(/\x7f/g, "")).slice(0, MAX_HEADING_LENGTH);
    const up = UP.exec(part.slice(0, part.indexOf("\n")))?.[1]
      ?.replace(/\x7f/g, "")
      .trim()
      .slice(0, MAX_HEADING_LENGTH);
    const lines = nodeText(part.slice(part.indexOf("\n") + 1)).split("\n");
    while (lines.length > 0 && lines[0]!.trim() === "") lines.shift();
    while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
    if (lines.length === 0) continue;
    const start = content === "" ? 0 : content.length + 2;
    const kept: string[] = [];
    let offset = start;
    let headed = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const level = headingLevel(line, lines[i + 1]);
      if (level !== undefined) {
        const heading = collapseWhitespace(line).slice(0, MAX_HEADING_LENGTH);
        if (node === "Top" && title === undefined) title = heading;
        if (!headed && kept.length > 0) headings.push({ start, path: trail.enter(NODE_LEVEL, node) });
        // A part of a split manual may open inside a chapter whose node is in an earlier part: the node it is under
        // (its header's Up:) stands above it, so that "6.6.2.3 Real and Rational Numbers" reads under "Numbers".
        if (level > 1 && trail.path.length === 0 && up !== undefined && up !== "Top" && !/^\(/.test(up)) trail.enter(level - 1, up);
        headings.push({ start: offset, path: trail.enter(level, heading) });
        headed = true;
        i++;
      }
      kept.push(line);
      offset += line.length + 1;
    }
    if (!headed) headings.push({ start, path: trail.enter(NODE_LEVEL, node) });
    content += (content === "" ? "" : "\n\n") + kept.join("\n");
  }
  title ??= manual === "" ? undefined : manual;
  return { content, ...(title === undefined ? {} : { title }), sections: sectionsFromHeadings(content, headings), indirect };
}

/** A node's text without its menu, with its cross-references and images as a reader shows them. */
function nodeText(text: string): string {
  const menu = MENU.exec(text);
  return (menu === null ? text : text.slice(0, menu.index))
    .replace(NAMED_NOTE, (_, n: string, space: string, name: string) => (n === "N" ? `See${space}${name}` : name))
    .replace(LABELLED_NOTE, (_, n: string, space: string, label: string, node: string, end: string) => {
      const shown = n === "N" ? `See${space}${label}` : label;
      return ANCHOR.test(node) ? shown : `${shown}${end}`;
    })
    .replace(FOOTNOTES_RULE, "")
    .replace(INDEX_MARK, "")
    .replace(IMAGE, (_, alt: string | undefined, shown: string | undefined) => (shown ?? alt ?? "").replace(/\\(.)/g, "$1"))
    .replace(/\n{3,}/g, "\n\n");
}

/** The level of the heading `line` is, when `next` underlines it (as long as it, give or take, or twice as long when wide). */
function headingLevel(line: string, next: string | undefined): number | undefined {
  if (next === undefined || /^\s/.test(line) || line.trim() === "") return undefined;
  const underline = UNDERLINE.exec(next);
  if (underline === null || UNDERLINE.test(line.trim())) return undefined;
  const width = [...line.trimEnd()].length;
  if (next.length < width - 2 || next.length > 2 * width + 2) return undefined;
  return UNDERLINE_LEVELS[underline[1]!];
}

/**
 * Loads a GNU Info file (`sed.info.gz`, a split manual's `find.info-1.gz`), read as {@link readInfo} reads it. A file
 * named `.info` that is no Info file (a program's settings) fails with reason "unsupported" and
 * `details.notOfFormat`, which ingest leaves out as a file of no format it reads; a split manual's table of parts
 * fails with reason "navigation", which ingest leaves out and lists: its parts hold the text.
 */
export function loadInfoFile(file: LoadContext, decoded?: DecodedText): LoadedDocument[] {
  let read: DecodedText;
  try {
    read = decoded ?? decodeText(withoutMarks(file.bytes), { source: file.source, markup: "\x1f\x7f" });
  } catch (error) {
    // A program's data named so is no manual.
    throw isRagError(error) ? notInfo(file.source, "it is binary") : error;
  }
  const { text, encoding } = read;
  ensureNotEmpty(file.source, text);
  if (!isInfoText(text)) throw notInfo(file.source, "no node's header (the control character 0x1F, then File:) is in it");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the marks of an index node and an image are control characters.
  const manual = readInfo(text.replace(/\0?\x08/g, ""));
  if (manual.indirect && manual.content === "") {
    throw loadError(file.source, "it is a split Info manual's table of its parts (Indirect:), whose text is in the parts beside it.", {
      details: { reason: "navigation" },
    });
  }
  ensureNotEmpty(file.source, manual.content, "the manual's text");
  const sections = manual.sections.length > 0 ? manual.sections : undefined;
  return [fileDocument(file, { content: manual.content, format: "info", title: manual.title, encoding, sections })];
}

/** The failure of a file named as an Info manual that is not one, by which ingest leaves it out as a file of no format it reads. */
function notInfo(source: string, why: string): RagError {
  return notOfItsFormat(source, "an Info manual's, but it is not one", why);
}

/** The bytes without the NUL and backspace pairs that mark an index node and an image, which no text holds. */
function withoutMarks(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(0)) return bytes;
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 8) i++;
    else out[n++] = bytes[i]!;
  }
  return out.subarray(0, n);
}
