import { scanJsxTag, type JsxTag } from "./jsx-tag.js";

/**
 * The prose of a Markdown passage, as an embedder should read it: links and images keep their text and lose
 * their targets, HTML comments go, and markup that is not words goes (heading and list markers stay as plain
 * text; code stays as written). A link's target is often a third of a documentation line's characters, and far
 * more of a sentence encoder's tokens, so that without this a chunk's embedding spends its window on URLs; a
 * comment is not shown to readers at all, yet generated docs carry many (Node.js's API pages hold a
 * `<!-- YAML … -->` block of version history above each function, 3,166 of their 11,419 chunks).
 *
 * Not a Markdown renderer: it works on any slice of a document (a chunk can start inside a list, a code fence
 * or a comment: pass what {@link blocksOf} says is open there), with patterns that cannot run away on hostile
 * text.
 *
 * @example
 * markdownProse("See [the guide](https://example.com/docs/guide.html) and ![logo](img/logo.png).")
 * // "See the guide and logo."
 */
export function markdownProse(markdown: string, open: OpenBlock = {}, flavor: MarkdownFlavor = "markdown"): string {
  return proseLines(markdown, open, flavor)
    .filter((line) => line !== undefined)
    .join("\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * `"mdx"` reads MDX as well: `import`/`export` blocks and `{/* … *\/}` comments go, and a JSX element's tags go
 * but keep the strings in their attributes (`<Snippet text="npm install ai" />` gives "npm install ai"; a
 * `<PropertiesTable content={[{ name: 'model', description: '…' }]} />` gives its names and descriptions).
 */
export type MarkdownFlavor = "markdown" | "mdx";

/** What is open at the start of a slice of a Markdown document, from {@link blocksOf}. */
export interface OpenBlock {
  /** The marker of the code fence open here. */
  fence?: string | undefined;
  /** The end of the comment open here: `-->` for HTML, `*\/}` for an MDX expression comment. */
  comment?: string | undefined;
  /** MDX: an `import`/`export` block, which runs on to the next blank line. */
  esm?: boolean | undefined;
  /** MDX: a JSX tag whose attributes run on over several lines. */
  tag?: JsxTag | undefined;
}

/**
 * {@link markdownProse} before its whitespace is tidied, a dropped line left empty: pieces joined measure about
 * what their parts add up to, as a splitter needs.
 */
export function markdownText(markdown: string, open: OpenBlock = {}, flavor: MarkdownFlavor = "markdown"): string {
  return proseLines(markdown, open, flavor)
    .map((line) => line ?? "")
    .join("\n");
}

/**
 * Each line's prose, or undefined for a line that is all markup (a fence, a reference definition, a rule, an
 * admonition's bare `:::` marker, an MDX `import`) or all comment.
 */
function proseLines(markdown: string, open: OpenBlock, flavor: MarkdownFlavor): (string | undefined)[] {
  const lines: (string | undefined)[] = [];
  for (const { line, isFence, state, visible } of scanLines(markdown, open, flavor)) {
    // A fence line's info string ("```ts") is not text; inside a fence everything is code.
    if (isFence) lines.push(undefined);
    else if (state.fence !== undefined) lines.push(line);
    else if (visible === undefined) lines.push(undefined);
    else if (REFERENCE_DEFINITION.test(visible) || TABLE_DELIMITER.test(visible) || THEMATIC_BREAK.test(visible)) lines.push(undefined);
    else {
      // A container directive (`:::tip Title`, `::: warning`, `:::note[Title]`) keeps only its title.
      const directive = DIRECTIVE.exec(visible);
      const text = directive ? (directive[1] ?? directive[2] ?? "").trim() : visible;
      lines.push(directive && text === "" ? undefined : proseLine(text));
    }
  }
  return lines;
}

interface ScannedLine {
  line: string;
  /** The line opens or closes a code fence. */
  isFence: boolean;
  /** What is open after the line. */
  state: OpenBlock;
  /**
   * Outside fences: the line without its comments (and, in MDX, its JSX tags but for their strings); undefined
   * when nothing is left of a line that had something, or for an MDX `import`/`export` line.
   */
  visible: string | undefined;
}

/**
 * The lines of `markdown` with the code fences, comments, and (MDX) import blocks and JSX tags they open or close
 * (`open` is what is open before the first). Inside a fence a comment is code; inside a comment or a tag a fence is
 * not a fence; a `<!--` inside a code span is code.
 */
function* scanLines(markdown: string, open: OpenBlock, flavor: MarkdownFlavor): Generator<ScannedLine> {
  let state: OpenBlock = { ...open };
  // An import block starts a paragraph; a slice is taken to start one.
  let blankBefore = true;
  for (const line of markdown.split("\n")) {
    const free = state.comment === undefined && state.tag === undefined && state.esm !== true;
    const marker = free ? fenceLine(line, state.fence) : undefined;
    const blank = line.trim() === "";
    if (marker !== undefined) {
      state = { ...state, fence: state.fence === undefined ? marker : undefined };
      yield { line, isFence: true, state, visible: undefined };
    } else if (state.fence !== undefined) {
      yield { line, isFence: false, state, visible: undefined };
    } else if (flavor === "mdx" && (state.esm === true || (free && blankBefore && ESM.test(line)))) {
      state = { ...state, esm: !blank };
      yield { line, isFence: false, state, visible: blank ? line : undefined };
    } else if (blank && state.tag !== undefined && state.tag.depth === 0 && state.tag.quote === undefined) {
      // A blank line between attributes: no valid tag has one, so a stray `<Word` does not swallow the page.
      state = { ...state, tag: undefined };
      yield { line, isFence: false, state, visible: line };
    } else {
      const cut = visibleText(line, state, flavor);
      state = cut.state;
      yield { line, isFence: false, state, visible: cut.text };
    }
    blankBefore = blank;
  }
}

/**
 * A line with its comments cut out and, in MDX, its JSX tags replaced by the strings in them (`state`: what is
 * open before it). Comments are CommonMark's HTML ones, `<!--` up to the next `-->` and the empty `<!-->` and
 * `<!--->`, and MDX's `{/* … *\/}`. Code spans are kept whole: "`<!--`" is code.
 */
function visibleText(line: string, state: OpenBlock, flavor: MarkdownFlavor): { text: string | undefined; state: OpenBlock } {
  const mdx = flavor === "mdx";
  if (state.comment === undefined && state.tag === undefined && !line.includes("<!--") && !(mdx && (line.includes("<") || line.includes("{/*")))) {
    return { text: line, state };
  }
  const spans: string[] = [];
  const masked = line.replace(CODE_SPAN, (span) => `\ue002${spans.push(span) - 1}\ue003`);
  // One pass with indexes: each character is looked at a bounded number of times, however many comments a line has.
  const kept: string[] = [];
  let keptLength = 0;
  const keep = (piece: string) => {
    kept.push(piece);
    keptLength += piece.length;
  };
  let at = 0;
  let { comment, tag } = state;
  const nextOpening = openings(masked, mdx);
  while (at < masked.length) {
    if (comment !== undefined) {
      const end = masked.indexOf(comment, at);
      if (end === -1) {
        at = masked.length;
        break;
      }
      at = end + comment.length;
      comment = undefined;
      // Text after a comment that began on an earlier line starts the line.
      if (keptLength === 0) while (at < masked.length && (masked[at] === " " || masked[at] === "\t")) at++;
      continue;
    }
    if (tag !== undefined) {
      const scanned = scanJsxTag(masked, at, tag);
      if (scanned.strings !== "") keep(keptLength === 0 ? scanned.strings : ` ${scanned.strings} `);
      at = scanned.end;
      tag = scanned.tag;
      if (tag === undefined && keptLength === 0) while (at < masked.length && (masked[at] === " " || masked[at] === "\t")) at++;
      continue;
    }
    const next = nextOpening(at);
    if (next === undefined) {
      keep(masked.slice(at));
      break;
    }
    keep(masked.slice(at, next.at));
    at = next.at + next.length;
    if (next.kind === "tag") tag = { depth: 0, quote: undefined };
    else if (next.kind === "html" && masked.startsWith(">", at)) at += 1;
    else if (next.kind === "html" && masked.startsWith("->", at)) at += 2;
    else comment = next.kind === "html" ? "-->" : "*/}";
  }
  let text = kept.join("");
  // A tag's strings were set between spaces: where the text had its own, one is enough.
  if (mdx) text = text.replace(/(\S)[ \t]{2,}/g, "$1 ");
  text = text.replace(/\ue002(\d+)\ue003/g, (_, i: string) => spans[Number(i)] ?? "");
  const after: OpenBlock = { ...state, comment, tag };
  // A line that was all comment or tags is no line; one that keeps words keeps its place.
  return { text: text.trim() === "" && line.trim() !== "" ? undefined : text, state: after };
}

type Opening = { at: number; length: number; kind: "html" | "jsx-comment" | "tag" };

/**
 * Finds the first comment or (MDX) JSX tag opening at or after a position, for one line scanned left to right.
 * Each kind's next position is remembered until the scan passes it, so that a line of many tags and no comment is
 * not searched to its end once per tag.
 */
function openings(text: string, mdx: boolean): (from: number) => Opening | undefined {
  const next = { html: -2, jsx: -2, tag: -2 };
  const find = (key: "html" | "jsx" | "tag", from: number) => {
    if (next[key] === -1 || next[key] >= from) return next[key];
    if (key === "tag") {
      JSX_TAG_START.lastIndex = from;
      next.tag = JSX_TAG_START.exec(text)?.index ?? -1;
    } else next[key] = text.indexOf(key === "html" ? "<!--" : "{/*", from);
    return next[key];
  };
  return (from) => {
    const found: Opening[] = [];
    const html = find("html", from);
    if (html !== -1) found.push({ at: html, length: 4, kind: "html" });
    if (mdx) {
      const jsxComment = find("jsx", from);
      if (jsxComment !== -1) found.push({ at: jsxComment, length: 3, kind: "jsx-comment" });
      const tag = find("tag", from);
      if (tag !== -1) found.push({ at: tag, length: 1, kind: "tag" });
    }
    // The earliest; at one position a comment wins over a tag (`<!--` is no tag).
    return found.reduce<Opening | undefined>((best, o) => (best === undefined || o.at < best.at ? o : best), undefined);
  };
}

/**
 * What is open at each offset of a Markdown document (a code fence, a comment, an MDX import block or JSX tag), for
 * {@link markdownProse} of a slice that starts inside one (where a closing fence would otherwise pass for an
 * opening one, and a comment's body or a tag's attributes for text).
 */
export function blocksOf(markdown: string, flavor: MarkdownFlavor = "markdown"): (offset: number) => OpenBlock {
  // Each line's start, and what is open before it.
  const lines: { start: number; line: string; before: OpenBlock }[] = [];
  let at = 0;
  let before: OpenBlock = {};
  for (const scanned of scanLines(markdown, {}, flavor)) {
    lines.push({ start: at, line: scanned.line, before });
    before = scanned.state;
    at += scanned.line.length + 1;
  }
  return (offset) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const { start, line, before: open } = lines[lo]!;
    // A slice that starts inside a line: a comment or tag may open or close before it on that line.
    if (offset <= start || open.fence !== undefined || open.esm === true) return open;
    return visibleText(line.slice(0, offset - start), open, flavor).state;
  };
}

/** The fence a line opens or closes (`open` is the one open before it), or undefined for any other line. */
function fenceLine(line: string, open: string | undefined): string | undefined {
  const marker = FENCE.exec(line)?.[1];
  if (marker === undefined) return undefined;
  if (open === undefined) return marker;
  // A closing fence is the opening's character, at least as long, with nothing after it.
  return marker[0] === open[0] && marker.length >= open.length && line.trim() === marker ? marker : undefined;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** An MDX import or export block's first line. */
const ESM = /^(?:import|export)[ \t{*]/;
/** Where a JSX tag starts in MDX: `<Name`, `</Name`, `<>` or `</>`. */
const JSX_TAG_START = /<\/?(?:[A-Za-z]|>)/g;
/** A container directive's marker line (Docusaurus, VitePress): `:::tip Title`, `:::note[Title]`, `::: warning`, `:::`. */
const DIRECTIVE = /^ {0,3}:{3,}[ \t]*[A-Za-z][\w-]*[ \t]*(?:\[([^\]\n]{0,999})\])?([^{\n]*)|^ {0,3}:{3,}[ \t]*$/;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]{1,999}\]:[ \t]*\S/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
/** Inline code spans, kept as written (`Vec<T>`, `[x](y)` in code are code, not markup). */
const CODE_SPAN = /(`+)([^`]|(?!\1)`)*?\1/g;
// Link and image text holds no "[" (an image inside a link is replaced first), so that a run of "[" costs one
// step each, not a scan of up to 999 characters.
const IMAGE = /!\[([^[\]\n]{0,999})\]\((?:[^()\s]|\([^()\s]{0,999}\)){0,2000}(?:[ \t]+(?:"[^"\n]{0,999}"|'[^'\n]{0,999}'))?\)/g;
const LINK = /\[([^[\]\n]{0,999})\]\((?:[^()\s]|\([^()\s]{0,999}\)){0,2000}(?:[ \t]+(?:"[^"\n]{0,999}"|'[^'\n]{0,999}'))?\)/g;
const REFERENCE_LINK = /\[([^[\]\n]{1,999})\]\[[^[\]\n]{0,999}\]/g;
const AUTOLINK = /<(?:https?|ftp|mailto):[^>\s]{0,2000}>/gi;
const BARE_URL = /\bhttps?:\/\/[^\s<>"')\]]{1,2000}/gi;
/** Tags of HTML that Markdown documents embed; other `<…>` (generics, placeholders) are text. */
const HTML_TAG =
  /<\/?(?:a|abbr|b|br|center|code|details|div|em|font|h[1-6]|hr|i|img|kbd|li|ol|p|picture|pre|source|span|strong|sub|summary|sup|table|tbody|td|th|thead|tr|u|ul|video)\b[^<>]{0,2000}>/gi;
const HEADING_MARKER = /^ {0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$/g;
const STRONG = /(\*\*|__)(?=\S)([^\n]{0,2000}?\S)\1/g;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!|>~<])/g;

function proseLine(line: string): string {
  // Code spans are set aside first (as private-use placeholders), so that nothing in them is taken for markup,
  // and put back without their backticks once links (whose text may be code) are done.
  const spans: string[] = [];
  const masked = line.replace(CODE_SPAN, (span, ticks: string) => `\ue000${spans.push(span.slice(ticks.length, -ticks.length)) - 1}\ue001`);
  return proseText(masked).replace(/\ue000(\d+)\ue001/g, (_, i: string) => spans[Number(i)] ?? "");
}

function proseText(text: string): string {
  return text
    .replace(HEADING_MARKER, "")
    .replace(IMAGE, "$1")
    .replace(LINK, "$1")
    .replace(REFERENCE_LINK, "$1")
    .replace(AUTOLINK, "")
    .replace(BARE_URL, "")
    .replace(HTML_TAG, "")
    .replace(STRONG, "$2")
    .replace(ESCAPE, "$1");
}
