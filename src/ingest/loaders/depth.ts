/**
 * Cheap nesting-depth scans run before parsing: parsers and tree walkers recurse (marked, our HTML walker,
 * JSON.stringify) or go quadratic (node-html-parser) on hostile nesting, so depth is bounded before they run.
 * Each scan stops as soon as the depth passes `max` and returns the depth reached.
 */

/** Depth of arrays and objects in JSON text, ignoring brackets inside strings. */
export function jsonDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > max) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Elements that never hold children, or whose end tag is optional (so an unclosed one would inflate depth). */
const NOT_COUNTED = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
  "keygen",
  "p",
  "li",
  "dt",
  "dd",
  "tr",
  "td",
  "th",
  "option",
  "optgroup",
  "tbody",
  "thead",
  "tfoot",
  "colgroup",
  "rt",
  "rp",
  "html",
  "head",
  "body",
]);
/** A start or end tag's opening, `<` and its name, at the position it is tried at (sticky). */
const TAG_OPEN = /<(\/?)([A-Za-z][A-Za-z0-9-]*)/y;
const RAW_TEXT = new Set(["script", "style", "textarea", "noscript"]);

/**
 * Element nesting depth of HTML, by open and close tags (void and optional-end elements are not counted). A tag
 * ends at the first `>` outside its quoted attribute values: CMake's index links to `#variable:CMAKE_<LANG>_FLAGS`,
 * whose `<LANG>` is no tag. Linear: the scan never goes back, and it ends where a tag, a quoted value or a comment
 * is not closed before the end of the text.
 */
export function htmlDepth(html: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let lower: string | undefined;
  let at = html.indexOf("<");
  while (at !== -1) {
    if (html.startsWith("<!--", at)) {
      const close = html.indexOf("-->", at + 4);
      if (close === -1) break;
      at = html.indexOf("<", close + 3);
      continue;
    }
    TAG_OPEN.lastIndex = at;
    const m = TAG_OPEN.exec(html);
    if (m === null) {
      at = html.indexOf("<", at + 1);
      continue;
    }
    const end = tagEnd(html, TAG_OPEN.lastIndex);
    if (end === -1) break;
    at = html.indexOf("<", end + 1);
    const name = m[2]!.toLowerCase();
    if (NOT_COUNTED.has(name)) continue;
    if (m[1] === "/") {
      if (depth > 0) depth--;
      continue;
    }
    if (RAW_TEXT.has(name)) {
      // Their text is not markup: jump past the end tag.
      lower ??= html.toLowerCase();
      const close = lower.indexOf(`</${name}`, end + 1);
      if (close === -1) break;
      at = close;
      continue;
    }
    if (html.charCodeAt(end - 1) === 0x2f) continue;
    depth++;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > max) return deepest;
    }
  }
  return deepest;
}

/**
 * Where the tag whose name ends at `from` ends: its `>`, past any attribute value in quotes (after `=`), or -1 when
 * none follows.
 */
function tagEnd(html: string, from: number): number {
  for (let i = from; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (c === 0x3e) return i;
    if (c !== 0x3d) continue;
    // After "=", spaces, then maybe a quoted value, which may hold ">".
    let j = i + 1;
    while (j < html.length && /\s/.test(html.charAt(j))) j++;
    const quote = html.charAt(j);
    if (quote !== '"' && quote !== "'") {
      i = j - 1;
      continue;
    }
    const close = html.indexOf(quote, j + 1);
    if (close === -1) return -1;
    i = close;
  }
  return -1;
}

const FENCE = /^ {0,3}(```|~~~)/;
const LIST_ITEM = /^([ \t]*)([-+*]|\d{1,9}[.)])[ \t]/;

/**
 * Nesting depth of Markdown: block quote markers (`>`) at a line's start plus the list level its indentation
 * implies (two columns a level). Lines inside code fences are skipped.
 */
export function markdownDepth(markdown: string, max: number): number {
  let deepest = 0;
  let inFence = false;
  let start = 0;
  while (start <= markdown.length) {
    let end = markdown.indexOf("\n", start);
    if (end === -1) end = markdown.length;
    let line = markdown.slice(start, end);
    start = end + 1;
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    let depth = 0;
    let at = 0;
    let quoted = 0;
    // Indexing, not slicing: a hostile line of a million ">" stays linear, and stops once over max.
    for (;;) {
      while (line[at] === " " || line[at] === "\t") at++;
      if (line[at] !== ">" || depth > max) break;
      depth++;
      quoted = ++at;
    }
    if (quoted > 0) line = line.slice(quoted);
    const item = LIST_ITEM.exec(line);
    if (item) depth += Math.floor(item[1]!.replace(/\t/g, "    ").length / 2) + 1;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > max) return deepest;
    }
  }
  return deepest;
}
