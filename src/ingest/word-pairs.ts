import { decodeHTML } from "entities";
import { parse } from "node-html-parser";
import { formatExtension, isGzipped } from "./loaders/extension.js";
import { decodeText } from "./loaders/decode.js";
import { gunzip } from "./loaders/gzip.js";
import { TREE_OPTIONS } from "./loaders/html/normalise.js";
import { isHidden } from "./loaders/html/page.js";
import { readSourceFile } from "./loaders/index.js";
import type { ResolvedLimits } from "./limits.js";

/** The formats of a site's pages, whose text is read without their markup. */
export const PAGE_FORMATS = new Set([".html", ".htm", ".xhtml"]);
/**
 * A word: a run of characters other than white space and the punctuation of ASCII, Latin-1, Unicode's general
 * punctuation block and CJK's; close to letters and digits, and four times as fast as `[\p{L}\p{N}]+` on a large
 * page. Japanese and Chinese, written without spaces, count each character as a word: a sentence of theirs weighs as
 * much as one in English, not as one word.
 */
const WORD =
  /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\s!-/:-@[-`{-~\u00a0-\u00bf\u2000-\u206f\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+/g;

/**
 * A file's text (a notebook's cells'); a page's without its tags, scripts and styles, which is all a comparison of
 * words needs. `undefined` when the file cannot be read or decoded.
 */
export async function readText(path: string, limits: ResolvedLimits, html: boolean): Promise<string | undefined> {
  try {
    const read = await readSourceFile(path, {}, limits);
    const bytes = isGzipped(path) ? gunzip(read.bytes, read.source, limits.maxFileBytes) : read.bytes;
    const text = decodeText(bytes, { source: read.source }).text;
    if (html) return pageText(text);
    return formatExtension(path) === ".ipynb" ? notebookText(text) : text;
  } catch {
    return undefined;
  }
}

/**
 * A page's text without its tags, scripts and styles; and, as the HTML loader reads the page, without its hidden
 * elements (Docusaurus' inactive tabs are `hidden`): text only the source holds is not counted as the page's. A page
 * with none is stripped by pattern, five times as fast as building its tree.
 */
function pageText(html: string): string {
  if (!/\shidden[\s=>/]|display\s*:\s*none/i.test(html)) {
    // An unclosed tag, script, style or comment runs to the end, as a browser reads it: each unclosed "<" scanning to
    // the end of the page again took quadratic time.
    return decodeHTML(html.replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)|<!--[\s\S]*?(?:-->|$)|<[^>]*(?:>|$)/gi, " "));
  }
  // A listing's highlighting is elements too: the parser's default keeps a <pre>'s markup as its text.
  const root = parse(html, TREE_OPTIONS);
  for (const element of root.querySelectorAll("script, style")) element.remove();
  for (const element of root.querySelectorAll("[hidden], [style]")) if (isHidden(element, false)) element.remove();
  return root.structuredText;
}

/** A notebook's cells' text, as its page shows them; not the JSON around them, whose keys are no words of the page. */
function notebookText(json: string): string {
  const cells: unknown = (JSON.parse(json) as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) return "";
  return cells.map((cell: { source?: unknown }) => (Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? ""))).join("\n");
}

/**
 * The distinct pairs of adjacent words of a text (lower-cased), each word numbered and each pair a number: how a file
 * is told to repeat another (a source its page, a PDF the pages beside it, an untranslated page its original), by
 * looking for them in the other's text.
 */
export class WordPairs {
  private readonly words = new Map<string, number>();
  private readonly pairs = new Set<number>();

  constructor(text: string) {
    let last = -1;
    for (const word of eachWord(text.toLowerCase())) {
      let id = this.words.get(word);
      if (id === undefined) {
        // Past this many distinct words a pair's number would be ambiguous: the rest of the text is not compared.
        if (this.words.size === PAIR_BASE) break;
        id = this.words.size;
        this.words.set(word, id);
      }
      if (last >= 0) this.pairs.add(last * PAIR_BASE + id);
      last = id;
    }
  }

  get size(): number {
    return this.pairs.size;
  }

  /**
   * Adds to `found` the pairs that also stand side by side in `text`, and tells whether `found` now holds at least
   * `share` of them; reads no further than it must.
   */
  collect(text: string, found: Set<number>, share: number): boolean {
    const needed = Math.ceil(share * this.pairs.size);
    if (found.size >= needed) return true;
    let last = -1;
    for (const word of eachWord(text.toLowerCase())) {
      const id = this.words.get(word) ?? -1;
      if (last >= 0 && id >= 0) {
        const pair = last * PAIR_BASE + id;
        if (this.pairs.has(pair) && found.add(pair).size >= needed) return true;
      }
      last = id;
    }
    return false;
  }
}

/** The distinct pairs of adjacent words of a text: one text to look many others' pairs up in, each once. */
export class PairIndex {
  private readonly pairs: Set<string>;

  constructor(text: string) {
    this.pairs = pairsOf(text);
  }

  /** Whether at least `share` of the distinct pairs of adjacent words of `text` stand in the indexed text. */
  holds(text: string, share: number): boolean {
    const own = pairsOf(text);
    if (own.size === 0) return false;
    let found = 0;
    for (const pair of own) if (this.pairs.has(pair)) found++;
    return found >= share * own.size;
  }
}

/** A text's distinct pairs of adjacent words, lower-cased, each as the two words and a space. */
function pairsOf(text: string): Set<string> {
  const pairs = new Set<string>();
  let last: string | undefined;
  for (const word of eachWord(text.toLowerCase())) {
    if (last !== undefined) pairs.add(`${last} ${word}`);
    last = word;
  }
  return pairs;
}

/** The distinct words of a copy that are numbered: two word numbers make one pair number below 2^52. */
const PAIR_BASE = 2 ** 26;

function* eachWord(text: string): Generator<string> {
  const word = new RegExp(WORD);
  for (let m = word.exec(text); m !== null; m = word.exec(text)) yield m[0];
}
