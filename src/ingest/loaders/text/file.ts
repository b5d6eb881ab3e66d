import { type DecodedText, decodeText } from "../decode.js";
import { fileDocument, ensureNotEmpty, type LoadContext, type LoadedDocument } from "../document.js";
import { loadMarkdownFile } from "../markdown.js";
import { parsePlainText } from "./structure.js";

/**
 * Loads a file read as text by its name alone ("README", "NEWS.gz"; see `isDocumentationName`): as Markdown when
 * it is written in Markdown (see {@link looksLikeMarkdown}), else as plain text.
 */
export function loadUndeclaredTextFile(file: LoadContext): LoadedDocument[] {
  const decoded = decodeText(file.bytes, { source: file.source });
  return looksLikeMarkdown(decoded.text) ? loadMarkdownFile(file, "markdown", decoded) : loadTextFile(file, "text", decoded);
}

/**
 * Loads a plain-text, reStructuredText or AsciiDoc file (`format`, from its extension): detects its encoding and
 * keeps the text as it is (with `\n` line endings); its headings (underlined titles, AsciiDoc's `== Section`
 * lines, reStructuredText object descriptions) make its title and sections (see {@link parsePlainText}). `decoded`
 * is its text where a caller has decoded it already.
 */
export function loadTextFile(file: LoadContext, format: "text" | "rst" | "asciidoc", decoded?: DecodedText): LoadedDocument[] {
  const { text, encoding } = decoded ?? decodeText(file.bytes, { source: file.source });
  ensureNotEmpty(file.source, text);
  // A `.txt` file may be either (Git's manual pages are AsciiDoc in `.txt` files): the text decides.
  const { title, sections } = parsePlainText(text, format === "text" ? {} : { asciidoc: format === "asciidoc" });
  return [fileDocument(file, { content: text, format, title, encoding, sections: sections.some((s) => s.headings.length > 0) ? sections : undefined })];
}

const HEAD_LINES = 200;
/** The head's bound in characters too: a file may be one long line. */
const HEAD_CHARS = 64 * 1024;
const ATX_HEADING = /^#{1,6}[ \t]+\S/;
const FENCE = /^ {0,3}```/;
/** A root shell's prompt before a command (`# make install`), which a plain INSTALL file shows between blank lines. */
const ROOT_PROMPT = /^#[ \t]+[a-z./$~]/;
const INLINE_LINK = /\[[^[\]\n]{1,300}\]\([^()\s]{1,1000}\)/g;

/**
 * Whether text whose format no extension declares (a "README", a "changelog.gz" that Debian renamed from
 * CHANGELOG.md) is Markdown: two `# Heading` lines standing between blank lines, three `[text](target)` links, or
 * two code fences beside a heading, in its first 200 lines. A plain-text file has none of these (a shell comment opens a line of code, not a
 * paragraph of its own, and a root prompt's `# make install` is no heading; an indented fence in a commit message
 * comes without headings).
 */
function looksLikeMarkdown(text: string): boolean {
  // A file's head says what it is written in (a plain NEWS file may end in an old release's Markdown notes).
  const lines = text.slice(0, HEAD_CHARS).split("\n", HEAD_LINES);
  const head = lines.join("\n");
  let headings = 0;
  let fences = 0;
  const blank = (i: number) => i < 0 || i >= lines.length || (lines[i] ?? "").trim() === "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (FENCE.test(line)) fences++;
    else if (ATX_HEADING.test(line) && !ROOT_PROMPT.test(line) && blank(i - 1) && blank(i + 1) && ++headings >= 2) return true;
  }
  if (fences >= 2 && headings >= 1) return true;
  let links = 0;
  for (const _ of head.matchAll(INLINE_LINK)) if (++links >= 3) return true;
  return false;
}
