import { countAtMost } from "../chunking/line-openings.js";
import type { DecodedText } from "./decode.js";
import { collapseWhitespace, HeadingTrail, type LoadContext, type LoadedDocument, MAX_HEADING_LENGTH, sectionsFromHeadings } from "./document.js";
import { loadReadText, type TextReading } from "./text-reading.js";

/**
 * Org mode (`.org`: Emacs' outlines and notes, Org's own manual, many Emacs packages' READMEs), read as Org's export
 * shows it, by the Org syntax's rules (orgmode.org/worg/org-syntax): headlines (`** TODO [#A] Title :tag:`) head the
 * sections, their keyword, priority and tags aside; a headline marked `COMMENT` or tagged `:noexport:` is left out
 * with its subtree, as export leaves it out; so are drawers (`:PROPERTIES:` … `:END:`), planning lines
 * (`SCHEDULED:`), comments (`# …`), comment and export blocks, and settings (`#+OPTIONS:`). Links read as their
 * description (`[[https://orgmode.org][Org]]` reads "Org"), emphasis without its marks (`*bold*`, `=verbatim=`,
 * `~code~`), tables without their rules. `#+TITLE:` titles the document, else its first headline. The npm packages
 * that parse Org are GPL (uniorg) or bring date libraries that break module resolution (orga), so the reader is ours.
 */

/** The TODO keywords Org knows without a `#+TODO:` line. */
const DEFAULT_KEYWORDS = ["TODO", "DONE"];
const HEADLINE = /^(\*+)[ \t]+(.*)$/;
const TAGS = /[ \t]+(:(?:[\p{L}\p{N}_@#%]+:)+)[ \t]*$/u;
const PRIORITY = /^\[#[A-Za-z0-9]\][ \t]*/;
const KEYWORD_LINE = /^[ \t]*#\+([A-Za-z_-]+):[ \t]*(.*)$/;
const BLOCK_BEGIN = /^[ \t]*#\+begin_(\w+)\b/i;
const DRAWER_BEGIN = /^[ \t]*:([\w-]+):[ \t]*$/;
const DRAWER_END = /^[ \t]*:end:[ \t]*$/i;
const PLANNING = /^[ \t]*(?:(?:SCHEDULED|DEADLINE|CLOSED):[ \t]*[<[][^>\]\n]*[>\]][ \t]*)+$/;
const COMMENT_LINE = /^[ \t]*#(?:[ \t].*)?$/;
const TABLE_RULE = /^[ \t]*\|[-+|: \t]*-[-+|: \t]*$/;
/** The blocks whose text export shows; comment blocks and other formats' export blocks are left out. */
const SHOWN_BLOCKS = new Set(["src", "example", "quote", "verse", "center"]);
/** A link: `[[target][description]]` or `[[target]]`, each part bounded (a line of unclosed links stays fast). */
const LINK = /\[\[((?:[^[\]\\]|\\.){1,1000})\](?:\[((?:[^\]]|\](?!\])){0,1000})\])?\]/g;
/** Emphasis: a mark, text that neither starts nor ends with white space, the same mark, by Org's border rules. */
const EMPHASIS = /(^|[\s\-({'"])([*/_=~+])([^\s*/_=~+]|[^\s][^\n]{0,500}?[^\s])\2(?=[\s\-.,;:!?'")}\\[]|$)/gm;
/** A footnote's reference in the text (`[fn:1]`, `[fn:name]`), which export shows as a number. */
const FOOTNOTE_REFERENCE = /\[fn:[\w-]*\]/g;
/** A footnote's definition opens with its label, which export shows as its number. */
const FOOTNOTE_DEFINITION = /^\[fn:[\w-]+\][ \t]*/;

/** Reads Org mode text as its export shows it (see the module's comment). */
export function readOrg(text: string): TextReading {
  const lines = text.split("\n");
  const keywords = new Set(DEFAULT_KEYWORDS);
  for (const line of lines) {
    const setting = KEYWORD_LINE.exec(line);
    if (setting && /^(?:todo|seq_todo|typ_todo)$/i.test(setting[1]!)) {
      for (const word of setting[2]!.split(/[\s|]+/)) if (/^[A-Z][A-Z0-9_-]*/.test(word)) keywords.add(word.replace(/\(.*$/, ""));
    }
  }
  const ends = new BlockEnds(lines);
  const trail = new HeadingTrail();
  const headings: { start: number; path: string[] }[] = [];
  const out: string[] = [];
  let length = 0;
  const emit = (line: string) => {
    out.push(line);
    length += line.length + 1;
  };
  /** The lines of the paragraph being read: a link or emphasis may run over a line break. */
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) for (const line of inline(paragraph.join("\n")).split("\n")) emit(line);
    paragraph = [];
  };
  let title: string | undefined;
  let firstHeadline: string | undefined;
  /** The level of a headline whose subtree is left out (`COMMENT`, `:noexport:`), while inside it. */
  let skipBelow: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const headline = HEADLINE.exec(line);
    if (headline !== null || line.trim() === "" || /^[ \t]*[#:|]/.test(line)) flush();
    if (headline !== null) {
      const level = headline[1]!.length;
      if (skipBelow !== undefined && level > skipBelow) continue;
      skipBelow = undefined;
      let rest = headline[2]!;
      const tags = TAGS.exec(rest);
      if (tags !== null) rest = rest.slice(0, tags.index);
      const word = /^(\S+)[ \t]+/.exec(rest);
      if (word !== null && keywords.has(word[1]!)) rest = rest.slice(word[0].length);
      else if (keywords.has(rest.trim())) rest = "";
      rest = rest.replace(PRIORITY, "");
      if (/^COMMENT(?:\s|$)/.test(rest) || tags?.[1]?.split(":").includes("noexport")) {
        skipBelow = level;
        continue;
      }
      const heading = collapseWhitespace(inline(rest)).slice(0, MAX_HEADING_LENGTH);
      if (heading === "") continue;
      firstHeadline ??= heading;
      if (out.length > 0 && out[out.length - 1] !== "") emit("");
      headings.push({ start: length, path: trail.enter(level, heading) });
      emit(heading);
      emit("");
      continue;
    }
    if (skipBelow !== undefined) continue;
    const block = BLOCK_BEGIN.exec(line);
    const name = block?.[1]?.toLowerCase();
    const end = name === undefined ? undefined : ends.next(name, i);
    // A block is one only with its end; without it, its first line is a paragraph's, as Org reads it.
    if (name !== undefined && end !== undefined) {
      if (SHOWN_BLOCKS.has(name)) {
        const body = lines.slice(i + 1, end).map((l) => l.replace(/^([ \t]*),(\*|#\+)/, "$1$2"));
        for (const l of name === "src" || name === "example" ? body : inline(body.join("\n")).split("\n")) emit(l);
      }
      i = end;
      continue;
    }
    const drawer = DRAWER_BEGIN.exec(line);
    if (drawer !== null && !/^end$/i.test(drawer[1]!)) {
      const close = ends.next("drawer", i);
      // A drawer ends before the next headline, or it is no drawer.
      if (close !== undefined && close < (ends.next("headline", i) ?? lines.length)) {
        i = close;
        continue;
      }
    }
    const setting = KEYWORD_LINE.exec(line);
    if (setting !== null) {
      if (/^title$/i.test(setting[1]!) && setting[2]!.trim() !== "") title = collapseWhitespace(`${title ?? ""} ${inline(setting[2]!)}`);
      continue;
    }
    if (PLANNING.test(line) || COMMENT_LINE.test(line) || TABLE_RULE.test(line)) continue;
    if (line.trim() !== "") paragraph.push(line.trimEnd());
    else if (out.length > 0 && out[out.length - 1] !== "") emit("");
  }
  flush();
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  const content = out.join("\n");
  title ??= firstHeadline;
  return {
    content,
    ...(title === undefined || title === "" ? {} : { title: title.slice(0, MAX_HEADING_LENGTH) }),
    sections: sectionsFromHeadings(content, headings),
  };
}

/**
 * Where blocks and drawers end: the lines of `#+end_<name>` by name, of `:end:` as "drawer" and of headlines as
 * "headline", each in order, so
 * that finding the end after a line takes a binary search, not a scan (a text of many unclosed blocks stays linear).
 */
class BlockEnds {
  private readonly byName = new Map<string, number[]>();

  constructor(lines: readonly string[]) {
    lines.forEach((line, at) => {
      const name = HEADLINE.test(line) ? "headline" : DRAWER_END.test(line) ? "drawer" : /^[ \t]*#\+end_(\w+)\b/i.exec(line)?.[1]?.toLowerCase();
      if (name === undefined) return;
      const found = this.byName.get(name) ?? [];
      found.push(at);
      this.byName.set(name, found);
    });
  }

  /** The first end of `name` after line `after`, if any. */
  next(name: string, after: number): number | undefined {
    const found = this.byName.get(name);
    return found?.[countAtMost(found, after, (line) => line)];
  }
}

/** A line's links read as their descriptions, its emphasis without marks, its footnote references left out. */
function inline(text: string): string {
  return text
    .replace(LINK, (_, target: string, description: string | undefined) => description ?? linkTarget(target.replace(/\\(.)/g, "$1")))
    .replace(EMPHASIS, (_, before: string, _mark: string, body: string) => `${before}${body}`)
    .replace(FOOTNOTE_DEFINITION, "")
    .replace(FOOTNOTE_REFERENCE, "");
}

/**
 * What export shows of a link without a description: a URL as it is, a file's name without `file:`, a heading's
 * or a custom id's name without its `*` or `#`, nothing for an `id:` (a generated id).
 */
function linkTarget(target: string): string {
  if (/^id:/i.test(target)) return "";
  return target.replace(/^file:/i, "").replace(/^[*#]/, "");
}

/** Loads an Org file (`notes.org`), read as {@link readOrg} reads it. */
export function loadOrgFile(file: LoadContext, decoded?: DecodedText): LoadedDocument[] {
  return loadReadText(
    file,
    { format: "org", name: "Org", read: readOrg, advice: "Its text may all be in comments, drawers or subtrees left out of export." },
    decoded,
  );
}
