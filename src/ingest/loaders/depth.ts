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
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(\/?)>|<!--[\s\S]*?-->/g;
const RAW_TEXT = new Set(["script", "style", "textarea", "noscript"]);

/** Element nesting depth of HTML, by open and close tags (void and optional-end elements are not counted). */
export function htmlDepth(html: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let lower: string | undefined;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    const name = m[2]?.toLowerCase();
    if (name === undefined || NOT_COUNTED.has(name)) continue;
    if (m[1] === "/") {
      if (depth > 0) depth--;
      continue;
    }
    if (RAW_TEXT.has(name)) {
      // Their text is not markup: jump past the end tag.
      lower ??= html.toLowerCase();
      const end = lower.indexOf(`</${name}`, TAG.lastIndex);
      TAG.lastIndex = end === -1 ? html.length : end;
      continue;
    }
    if (m[3] === "/") continue;
    depth++;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > max) return deepest;
    }
  }
  return deepest;
}

/** The formatting elements an HTML parser reopens in each later block while they are left open (`<a>` excepted: a new one closes it). */
const FORMATTING = new Set(["b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"]);

/**
 * An upper bound on the elements a spec-compliant HTML parser adds by reopening formatting elements left open: a
 * `<b>` never closed is reopened in every later paragraph, so the most left open at once, times the start tags.
 * Stops once past `max`.
 */
export function reopenedFormatting(html: string, max: number): number {
  let open = 0;
  let most = 0;
  let starts = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    const name = m[2]?.toLowerCase();
    if (name === undefined) continue;
    if (m[1] === "/") {
      if (FORMATTING.has(name) && open > 0) open--;
      continue;
    }
    starts++;
    if (FORMATTING.has(name) && m[3] !== "/") most = Math.max(most, ++open);
    if (most * starts > max) return most * starts;
  }
  return most * starts;
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
