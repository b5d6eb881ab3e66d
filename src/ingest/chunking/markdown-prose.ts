/**
 * The prose of a Markdown passage, as an embedder should read it: links and images keep their text and lose
 * their targets, and markup that is not words goes (heading and list markers stay as plain text; code stays as
 * written). A link's target is often a third of a documentation line's characters, and far more of a sentence
 * encoder's tokens, so that without this a chunk's embedding spends its window on URLs.
 *
 * Not a Markdown renderer: it works on any slice of a document (a chunk can start inside a list or a code
 * fence), with patterns that cannot run away on hostile text.
 *
 * @example
 * markdownProse("See [the guide](https://example.com/docs/guide.html) and ![logo](img/logo.png).")
 * // "See the guide and logo."
 */
export function markdownProse(markdown: string, openFence?: string): string {
  return proseLines(markdown, openFence)
    .filter((line) => line !== undefined)
    .join("\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * {@link markdownProse} before its whitespace is tidied, a dropped line left empty: pieces joined measure about
 * what their parts add up to, as a splitter needs.
 */
export function markdownText(markdown: string, openFence?: string): string {
  return proseLines(markdown, openFence)
    .map((line) => line ?? "")
    .join("\n");
}

/** Each line's prose, or undefined for a line that is all markup (a fence, a reference definition, a rule). */
function proseLines(markdown: string, openFence: string | undefined): (string | undefined)[] {
  const lines: (string | undefined)[] = [];
  for (const { line, isFence, fence } of withFences(markdown, openFence)) {
    // A fence line's info string ("```ts") is not text; inside a fence everything is code.
    if (isFence) lines.push(undefined);
    else if (fence !== undefined) lines.push(line);
    else if (REFERENCE_DEFINITION.test(line) || TABLE_DELIMITER.test(line) || THEMATIC_BREAK.test(line)) lines.push(undefined);
    else lines.push(proseLine(line));
  }
  return lines;
}

/**
 * The lines of `markdown` with the code fences they open or close: `isFence` for an opening or closing fence line,
 * and `fence`, the fence open after the line (`openFence` is the one open before the first).
 */
function* withFences(markdown: string, openFence: string | undefined): Generator<{ line: string; isFence: boolean; fence: string | undefined }> {
  let fence = openFence;
  for (const line of markdown.split("\n")) {
    const marker = fenceLine(line, fence);
    if (marker !== undefined) fence = fence === undefined ? marker : undefined;
    yield { line, isFence: marker !== undefined, fence };
  }
}

/**
 * The fences open at each offset of a Markdown document, for {@link markdownProse} of a slice that starts inside
 * a code block (where a closing fence would otherwise pass for an opening one).
 *
 * @returns the fence open at `offset`, or undefined outside code blocks.
 */
export function fencesOf(markdown: string): (offset: number) => string | undefined {
  const blocks: { start: number; end: number; marker: string }[] = [];
  let open: { start: number; marker: string } | undefined;
  let at = 0;
  for (const { line, isFence, fence } of withFences(markdown, undefined)) {
    if (isFence && fence !== undefined) open = { start: at + line.length, marker: fence };
    else if (isFence && open !== undefined) {
      blocks.push({ start: open.start, end: at, marker: open.marker });
      open = undefined;
    }
    at += line.length + 1;
  }
  if (open !== undefined) blocks.push({ start: open.start, end: markdown.length, marker: open.marker });
  return (offset) => blocks.find((block) => block.start < offset && offset <= block.end)?.marker;
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
