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
export function markdownProse(markdown: string, open: OpenBlock = {}): string {
  return proseLines(markdown, open)
    .filter((line) => line !== undefined)
    .join("\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** What is open at the start of a slice of a Markdown document: a code fence (its marker), or an HTML comment. */
export interface OpenBlock {
  fence?: string | undefined;
  comment?: boolean | undefined;
}

/**
 * {@link markdownProse} before its whitespace is tidied, a dropped line left empty: pieces joined measure about
 * what their parts add up to, as a splitter needs.
 */
export function markdownText(markdown: string, open: OpenBlock = {}): string {
  return proseLines(markdown, open)
    .map((line) => line ?? "")
    .join("\n");
}

/**
 * Each line's prose, or undefined for a line that is all markup (a fence, a reference definition, a rule) or
 * all comment.
 */
function proseLines(markdown: string, open: OpenBlock): (string | undefined)[] {
  const lines: (string | undefined)[] = [];
  for (const { line, isFence, fence, visible } of scanLines(markdown, open)) {
    // A fence line's info string ("```ts") is not text; inside a fence everything is code.
    if (isFence) lines.push(undefined);
    else if (fence !== undefined) lines.push(line);
    else if (visible === undefined) lines.push(undefined);
    else if (REFERENCE_DEFINITION.test(visible) || TABLE_DELIMITER.test(visible) || THEMATIC_BREAK.test(visible)) lines.push(undefined);
    else lines.push(proseLine(visible));
  }
  return lines;
}

interface ScannedLine {
  line: string;
  /** The line opens or closes a code fence. */
  isFence: boolean;
  /** The fence open after the line. */
  fence: string | undefined;
  /** An HTML comment is open after the line. */
  comment: boolean;
  /** Outside fences: the line without its comments (code spans masked while looking), undefined when nothing else is left of a line that had some. */
  visible: string | undefined;
}

/**
 * The lines of `markdown` with the code fences and HTML comments they open or close (`open` is what is open
 * before the first). Inside a fence a comment is code; inside a comment a fence is comment; a `<!--` inside a
 * code span is code.
 */
function* scanLines(markdown: string, open: OpenBlock): Generator<ScannedLine> {
  let fence = open.fence;
  let comment = open.comment === true && fence === undefined;
  for (const line of markdown.split("\n")) {
    const marker = comment ? undefined : fenceLine(line, fence);
    if (marker !== undefined) {
      fence = fence === undefined ? marker : undefined;
      yield { line, isFence: true, fence, comment, visible: undefined };
    } else if (fence !== undefined) {
      yield { line, isFence: false, fence, comment, visible: undefined };
    } else {
      const cut = withoutComments(line, comment);
      comment = cut.comment;
      yield { line, isFence: false, fence, comment, visible: cut.text };
    }
  }
}

/**
 * A line with its HTML comments cut out (`inside`: a comment is open before it). CommonMark's forms: `<!--`
 * up to the next `-->`, and the empty `<!-->` and `<!--->`. Code spans are kept whole: "`<!--`" is code.
 */
function withoutComments(line: string, inside: boolean): { text: string | undefined; comment: boolean } {
  if (!inside && !line.includes("<!--")) return { text: line, comment: false };
  const spans: string[] = [];
  const masked = line.replace(CODE_SPAN, (span) => `\ue002${spans.push(span) - 1}\ue003`);
  // One pass with indexes: each character is looked at a bounded number of times, however many comments a line has.
  const kept: string[] = [];
  let keptLength = 0;
  let at = 0;
  let comment = inside;
  while (at < masked.length) {
    if (comment) {
      const end = masked.indexOf("-->", at);
      if (end === -1) {
        at = masked.length;
        break;
      }
      at = end + 3;
      comment = false;
      // Text after a comment that began on an earlier line starts the line.
      if (keptLength === 0) while (at < masked.length && (masked[at] === " " || masked[at] === "\t")) at++;
      continue;
    }
    const start = masked.indexOf("<!--", at);
    if (start === -1) {
      kept.push(masked.slice(at));
      break;
    }
    kept.push(masked.slice(at, start));
    keptLength += start - at;
    at = start + 4;
    // The empty forms `<!-->` and `<!--->` close at once.
    if (masked.startsWith(">", at)) at += 1;
    else if (masked.startsWith("->", at)) at += 2;
    else comment = true;
  }
  const text = kept.join("");
  const restored = text.replace(/\ue002(\d+)\ue003/g, (_, i: string) => spans[Number(i)] ?? "");
  // A line that was all comment is no line; one that keeps words keeps its place.
  return { text: restored.trim() === "" && line.trim() !== "" ? undefined : restored, comment };
}

/**
 * What is open at each offset of a Markdown document (a code fence, an HTML comment), for {@link markdownProse}
 * of a slice that starts inside one (where a closing fence would otherwise pass for an opening one, and a
 * comment's body for text).
 */
export function blocksOf(markdown: string): (offset: number) => OpenBlock {
  // Each line's start, and what is open before it.
  const lines: { start: number; line: string; before: OpenBlock }[] = [];
  let at = 0;
  let before: OpenBlock = {};
  for (const scanned of scanLines(markdown, {})) {
    lines.push({ start: at, line: scanned.line, before });
    before = { fence: scanned.fence, comment: scanned.comment };
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
    // A slice that starts inside a line: a comment may open or close before it on that line.
    if (offset <= start || open.fence !== undefined) return open;
    return { comment: withoutComments(line.slice(0, offset - start), open.comment === true).comment };
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
