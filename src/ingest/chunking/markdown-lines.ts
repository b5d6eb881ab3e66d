import { scanJsxTag, type JsxTag } from "./jsx-tag.js";
import { rawBlockCloser, rawBlockEnd } from "./raw-blocks.js";
import { countAtMost, openings } from "./line-openings.js";
import { isShortcodeCloser, lastClosers, shownWords } from "./site-markup.js";

/**
 * Reading a Markdown (or MDX) document a line at a time for what a reader sees of it: which lines are code (in a
 * fence), which text is a comment, and in MDX which lines are `import`/`export` blocks and which text is JSX
 * markup. What is open at the end of a line carries over to the next, and {@link blocksOf} says what is open at
 * any offset, so that a chunk, a slice of the document, is read as the whole document would be.
 *
 * Comments are CommonMark's HTML ones (`<!--` up to the next `-->`, and the empty `<!-->` and `<!--->`) and
 * MDX's `{/* … *\/}`. A code span is code: whichever of a code span and a comment starts first wins, as in
 * CommonMark. Every scan is linear in the line's length, whatever the line holds.
 */

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
  /**
   * The end of the comment open here: `-->` for HTML, `*\/}` for an MDX expression comment, `</script>` or `</style>`
   * for such a block (read as a comment: no reader sees it), `>}}`, `%}}` or `%}` for a Hugo shortcode or a Liquid tag
   * written over several lines (read as the words its arguments show: a caption, an image's alt text; site-markup.ts).
   */
  comment?: string | undefined;
  /** MDX: an `import`/`export` block, which runs on to the next blank line. */
  esm?: boolean | undefined;
  /** MDX: a JSX tag whose attributes run on over several lines. */
  tag?: JsxTag | undefined;
  /**
   * The slice starts inside a line, so the rules for a line's start (a fence, an import, a directive) do not
   * apply to its first line.
   */
  midLine?: boolean | undefined;
  /** The slice starts inside a fence's opening or closing line (`fence` is what is open after it): markup. */
  inFenceLine?: boolean | undefined;
}

export interface ScannedLine {
  line: string;
  /** The line opens or closes a code fence. */
  isFence: boolean;
  /** Only the end of the line is in the slice (see {@link OpenBlock.midLine}). */
  partial: boolean;
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
 * not a fence.
 */
export function* scanLines(markdown: string, open: OpenBlock, flavor: MarkdownFlavor): Generator<ScannedLine> {
  let state: OpenBlock = { fence: open.fence, comment: open.comment, esm: open.esm, tag: open.tag };
  let partial = open.midLine === true;
  // An import block starts a paragraph; a slice that starts at a line's start is taken to start one.
  let blankBefore = !partial;
  const lines = markdown.split("\n");
  // The first non-blank line at or after a line, found once for a whole run of blank lines.
  let nonBlank = -1;
  const codeGoesOn = (from: number): boolean => {
    if (nonBlank < from) {
      nonBlank = from;
      while (nonBlank < lines.length && lines[nonBlank]!.trim() === "") nonBlank++;
    }
    return nonBlank < lines.length && CODE_CONTINUES.test(lines[nonBlank]!);
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const free = state.comment === undefined && state.tag === undefined && state.esm !== true;
    const marker = free && !partial ? fenceLine(line, state.fence) : undefined;
    const blank = line.trim() === "";
    if (partial && open.inFenceLine === true) {
      // The rest of a fence line (its info string, or backticks): the fence state is already the one after it.
      yield { line, isFence: true, partial, state, visible: undefined };
    } else if (marker !== undefined) {
      state = { ...state, fence: state.fence === undefined ? marker : undefined };
      yield { line, isFence: true, partial, state, visible: undefined };
    } else if (state.fence !== undefined) {
      yield { line, isFence: false, partial, state, visible: undefined };
    } else if (flavor === "mdx" && (state.esm === true || (free && !partial && blankBefore && ESM.test(line)))) {
      state = { ...state, esm: !blank };
      yield { line, isFence: false, partial, state, visible: blank ? line : undefined };
    } else if (blank && state.tag !== undefined && state.tag.quote !== "`" && (state.tag.depth === 0 || !codeGoesOn(i + 1))) {
      // No tag has a blank line between its attributes, and inside an expression the code goes on after one:
      // a stray `<Word`, or a brace left open, ends here instead of taking the rest of the page.
      state = { ...state, tag: undefined };
      yield { line, isFence: false, partial, state, visible: line };
    } else if (blank && isShortcodeCloser(state.comment)) {
      // Nor has a shortcode: a stray `{{< name` ends at its paragraph's end.
      state = { ...state, comment: undefined };
      yield { line, isFence: false, partial, state, visible: line };
    } else {
      const cut = visibleText(line, partial ? state : withRawBlock(line, state), flavor);
      state = cut.state;
      yield { line, isFence: false, partial, state, visible: cut.text };
    }
    blankBefore = blank;
    partial = false;
  }
}

/** What is open inside a line: a comment's closer, or a JSX tag. */
type LineState = Pick<OpenBlock, "comment" | "tag">;

/** `state` with the `<script>` or `<style>` block that `line` opens, read as a comment (see raw-blocks.ts). */
function withRawBlock(line: string, state: OpenBlock): OpenBlock {
  if (state.comment !== undefined || state.tag !== undefined || state.esm === true) return state;
  const closer = rawBlockCloser(line);
  return closer === undefined ? state : { ...state, comment: closer };
}

/**
 * A line with its comments cut out and, in MDX, its JSX tags replaced by the strings in them (`state`: what is
 * open before it). `record`, when given, hears each position where what is open changes, and what is open from
 * there on.
 */
function visibleText(
  line: string,
  state: OpenBlock,
  flavor: MarkdownFlavor,
  record?: (at: number, open: LineState) => void,
): { text: string | undefined; state: OpenBlock } {
  const mdx = flavor === "mdx";
  const free = state.comment === undefined && state.tag === undefined;
  const template = line.includes("{{") || line.includes("{%");
  if (free && !line.includes("<!--") && !template && !(mdx && (line.includes("<") || line.includes("{/*")))) {
    return { text: line, state };
  }
  const kept: string[] = [];
  let keptLength = 0;
  const keep = (piece: string) => {
    kept.push(piece);
    keptLength += piece.length;
  };
  const next = openings(line, mdx, lastClosers(line));
  let at = 0;
  let { comment, tag } = state;
  while (at < line.length) {
    if (isShortcodeCloser(comment)) {
      const end = line.indexOf(comment!, at);
      const words = shownWords(line.slice(at, end === -1 ? line.length : end));
      if (words !== "") keep(keptLength === 0 ? `${words} ` : ` ${words} `);
      if (end === -1) break;
      at = end + comment!.length;
      if (keptLength === 0) at = skipBlanks(line, at);
      comment = undefined;
      record?.(at, { comment, tag });
      continue;
    }
    if (comment !== undefined) {
      const end = commentEnd(line, at, comment);
      if (end === -1) {
        at = line.length;
        break;
      }
      comment = undefined;
      // Text after a comment that began on an earlier line starts the line.
      at = keptLength === 0 ? skipBlanks(line, end) : end;
      record?.(at, { comment, tag });
      continue;
    }
    if (tag !== undefined) {
      const scanned = scanJsxTag(line, at, tag);
      tag = scanned.tag;
      // A tag's strings stand apart from the text around them.
      if (scanned.strings !== "") keep(keptLength === 0 ? `${scanned.strings} ` : ` ${scanned.strings} `);
      at = tag === undefined && keptLength === 0 ? skipBlanks(line, scanned.end) : scanned.end;
      record?.(at, { comment, tag });
      continue;
    }
    const opening = next(at);
    if (opening === undefined) {
      keep(line.slice(at));
      break;
    }
    keep(line.slice(at, opening.at));
    at = opening.at + opening.length;
    if (opening.kind === "code") {
      // A code span is kept whole (its backticks too: the prose reader takes them off); unclosed, its backticks are text.
      keep(line.slice(opening.at, at));
      continue;
    }
    if (opening.kind === "shortcode") comment = opening.closer;
    else if (opening.kind === "tag") tag = { depth: 0, quote: undefined };
    else if (opening.kind === "jsx-comment") comment = "*/}";
    else if (line.startsWith(">", at)) at += 1;
    else if (line.startsWith("->", at)) at += 2;
    else comment = "-->";
    record?.(at, { comment, tag });
  }
  let text = kept.join("");
  // A tag's strings and a shortcode's words were set between spaces: where the text had its own, one is enough.
  if (mdx || template) text = text.replace(/(\S)[ \t]{2,}/g, "$1 ");
  // A line that was all comment or tags is no line; one that keeps words keeps its place.
  return { text: text.trim() === "" && line.trim() !== "" ? undefined : text, state: { ...state, comment, tag } };
}

/**
 * Where a comment that is open at `from` ends (after its closer), or -1. `*\/}` allows blanks before its `}`; a
 * `<script>` or `<style>` block's closing tag is matched in any case.
 */
function commentEnd(line: string, from: number, closer: string): number {
  if (closer === "-->") {
    const end = line.indexOf("-->", from);
    return end === -1 ? -1 : end + 3;
  }
  if (closer.startsWith("</")) return rawBlockEnd(line, from, closer);
  const end = line.indexOf("*/", from);
  if (end === -1) return -1;
  const at = skipBlanks(line, end + 2);
  return line[at] === "}" ? at + 1 : end + 2;
}

/** The first position at or after `from` that is not a space or a tab. */
function skipBlanks(line: string, from: number): number {
  let at = from;
  while (at < line.length && (line[at] === " " || line[at] === "\t")) at++;
  return at;
}

/**
 * What is open at each offset of a Markdown document (a code fence, a comment, an MDX import block or JSX tag), for
 * reading a slice that starts inside one (where a closing fence would otherwise pass for an opening one, and a
 * comment's body or a tag's attributes for text).
 */
export function blocksOf(markdown: string, flavor: MarkdownFlavor = "markdown"): (offset: number) => OpenBlock {
  // Each line's start, and what is open before it.
  const lines: { start: number; line: string; before: OpenBlock; fenceAfter?: OpenBlock; changes?: { at: number; open: LineState }[] }[] = [];
  let at = 0;
  let before: OpenBlock = {};
  for (const scanned of scanLines(markdown, {}, flavor)) {
    lines.push({ start: at, line: scanned.line, before, ...(scanned.isFence ? { fenceAfter: scanned.state } : {}) });
    before = scanned.state;
    at += scanned.line.length + 1;
  }
  return (offset) => {
    // The last line starting at or before the offset (the first, for an offset before it).
    const entry = lines[Math.max(0, countAtMost(lines, offset, (line) => line.start) - 1)]!;
    const { start, line, before: open } = entry;
    if (offset <= start) return open;
    if (entry.fenceAfter !== undefined) return { ...entry.fenceAfter, midLine: true, inFenceLine: true };
    if (open.fence !== undefined || open.esm === true) return { ...open, midLine: true };
    // Inside a line: what opens or closes before the offset on that line, from one reading of the line.
    // A line that opens a <script> or <style> block is in it from its start.
    const opened = withRawBlock(line, open);
    if (entry.changes === undefined) {
      const changes: { at: number; open: LineState }[] = [];
      visibleText(line, opened, flavor, (at, state) => changes.push({ at, open: state }));
      entry.changes = changes;
    }
    // The last change at or before the offset.
    const before = countAtMost(entry.changes, offset - start, (change) => change.at);
    const found: LineState = before > 0 ? entry.changes[before - 1]!.open : { comment: opened.comment, tag: opened.tag };
    return { ...open, ...found, midLine: true };
  };
}

/** Whether a slice of Markdown (`open`: what is open at its start) holds a line of fenced code that is not blank. */
export function holdsFencedCode(markdown: string, open: OpenBlock, flavor: MarkdownFlavor): boolean {
  for (const { line, isFence, state } of scanLines(markdown, open, flavor)) if (!isFence && state.fence !== undefined && line.trim() !== "") return true;
  return false;
}

/** The fence a line opens or closes (`open` is the one open before it), or undefined for any other line. */
export function fenceLine(line: string, open: string | undefined): string | undefined {
  const marker = FENCE.exec(line)?.[1];
  if (marker === undefined) return undefined;
  if (open === undefined) return marker;
  // A closing fence is the opening's character, at least as long, with nothing after it.
  return marker[0] === open[0] && marker.length >= open.length && line.trim() === marker ? marker : undefined;
}

/**
 * A fence, indented at most three spaces. One indented deeper opens a fence only inside a list item, and this
 * line-by-line reader cannot tell a list item's fence from an indented code block holding "```", which would
 * leave a fence open to the end of the file.
 */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** An MDX import or export block's first line. */
const ESM = /^(?:import|export)[ \t{*]/;
/** A line that goes on with JavaScript inside a JSX expression: `}`, `]`, `{`, a string, `key:`, a call, a comment, a spread. */
const CODE_CONTINUES = /^\s*(?:[}\])[{'"`,]|[\w$]+\s*[:(,]|\/\/|\/\*|\.\.\.)/;
