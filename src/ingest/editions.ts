import { closeSync, openSync, readSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { ResolvedLimits } from "./limits.js";
import { isGzipped } from "./loaders/extension.js";
import { readText, WordPairs } from "./word-pairs.js";

/** How many times its folder's typical page a page's size must be to be compared as a one-page edition. */
const MIN_TIMES_TYPICAL = 8;
/** The least size, in bytes, of a page compared as a one-page edition. */
const MIN_EDITION_BYTES = 100 * 1024;
/** The least number of other pages in its folder for a page to be compared so: a few pages tell nothing typical. */
const MIN_OTHER_PAGES = 3;
/** The share of an edition's pairs of words that the pages beside it hold together, and that no one of them holds. */
const MIN_SHARED = 0.8;
const MAX_ONE_PAGE = 0.5;
/** The share of a page's own pairs that an edition holds when it holds the page. */
const HELD_WHOLE = 0.5;
/** The most pages beside it an edition is compared with, in the order given. */
const MAX_COMPARED = 2000;

/**
 * The pages among `pages` that may be a one-page edition of the pages beside them: mdBook's `print.html` (every
 * chapter of the book on one page, 1.7 MB beside chapters of 30 KB), a GNU manual on one page beside the same manual
 * a node a page, Sphinx's `singlehtml`. Such a page is at least 100 KB and eight times the median size of the pages
 * in its folder (four or more); whether it repeats them is for its words to tell (see `CopyCheck`). A page that
 * cannot be read is none.
 */
export function editionCandidates(pages: readonly string[]): Set<string> {
  const byFolder = new Map<string, string[]>();
  for (const page of pages) {
    const folder = dirname(page);
    const list = byFolder.get(folder);
    if (list) list.push(page);
    else byFolder.set(folder, [page]);
  }
  const candidates = new Set<string>();
  for (const inFolder of byFolder.values()) {
    if (inFolder.length <= MIN_OTHER_PAGES) continue;
    const sizes = new Map(inFolder.map((page) => [page, sizeOf(page)]));
    // The folder's median: one large page does not move it.
    const median = [...sizes.values()].sort((a, b) => a - b)[sizes.size >> 1]!;
    for (const [page, size] of sizes) {
      if (size >= MIN_EDITION_BYTES && size >= MIN_TIMES_TYPICAL * Math.max(median, 1)) candidates.add(page);
    }
  }
  return candidates;
}

/** The formats of plain text that may be a text edition of the pages beside it (see `isTextEdition`). */
const TEXT_EDITION_FORMATS = new Set([".txt", ".text"]);

/**
 * Whether a file may be a plain-text edition of the pages beside it, to be compared with them as a PDF is: a text
 * file of at least 100 KB. Haddock ships a Hoogle database beside each package's pages (`base.txt`, 1.6 MB: every
 * module's documentation again, as comments over its signatures); a GNU manual may come as one `.txt` beside its
 * HTML. A changelog or a README beside the pages says something else, and its words tell so.
 */
export function isTextEdition(file: string, format: string): boolean {
  return TEXT_EDITION_FORMATS.has(format) && sizeOf(file) >= MIN_EDITION_BYTES;
}

/**
 * A text edition's words as its pages show them: without the inline tags its generator's markup leaves in it
 * (Hoogle's `<a>Int</a>`, `<tt>`), which the pages show as formatting.
 */
export function withoutInlineTags(text: string): string {
  return text.replace(/<\/?[a-z][a-z0-9]*>/gi, " ");
}

/** A page's size in bytes: a gzip-compressed page's as its trailer states it, uncompressed. */
function sizeOf(path: string): number {
  try {
    const size = statSync(path).size;
    if (!isGzipped(path) || size < 18) return size;
    const trailer = Buffer.alloc(4);
    const fd = openSync(path, "r");
    try {
      readSync(fd, trailer, 0, 4, size - 4);
    } finally {
      closeSync(fd);
    }
    return trailer.readUInt32LE(0);
  } catch {
    return 0;
  }
}

/** The paths, sizes and times of change of `pages`, a line each: what a page compared with them depends on. */
export async function pageStamps(pages: readonly string[]): Promise<string> {
  const lines = await Promise.all(
    pages.map((path) =>
      stat(path).then(
        (info) => `\n${path}\u0000${info.size}\u0000${Math.trunc(info.mtimeMs)}`,
        () => `\n${path}\u0000?`,
      ),
    ),
  );
  return lines.join("");
}

/**
 * Whether a page whose distinct pairs of adjacent words are `pairs` is a one-page edition of `pages`: pages it holds
 * whole (half their pairs or more: their navigation and footer aside) hold 80% of its pairs together, and no one page
 * holds half. A page that one other page repeats (rustdoc's `primitive.i32.html` and `primitive.i64.html`, each the
 * other but for its type's name) is no edition, nor is a page whose text other pages say in part (rustdoc's
 * `primitive.array.html`, whose methods the slice's and the traits' pages describe too): each is kept.
 */
export async function repeatsPages(pairs: WordPairs, pages: readonly string[], limits: ResolvedLimits): Promise<boolean> {
  const compared = pages.slice(0, MAX_COMPARED);
  // An edition holds nearly every page beside it whole: three pages spread over the folder tell most pages that are
  // none without the others being read. What they hold is kept, so that they are not read again.
  const samples = new Map<string, Promise<Holding | undefined>>();
  for (const i of [1, 3, 5]) {
    const page = compared[Math.floor((i * compared.length) / 6)]!;
    samples.set(page, holdingOf(pairs, page, limits));
  }
  if (!(await Promise.all(samples.values())).some((h) => h?.whole === true)) return false;
  const found = new Set<number>();
  for (const page of compared) {
    const h = await (samples.get(page) ?? holdingOf(pairs, page, limits));
    if (h === undefined) continue;
    if (h.held.size > MAX_ONE_PAGE * pairs.size) return false;
    if (h.whole) for (const pair of h.held) found.add(pair);
  }
  return found.size >= MIN_SHARED * pairs.size;
}

/** Of a page beside a possible edition: the edition's pairs it holds, and whether the edition holds it whole. */
interface Holding {
  held: Set<number>;
  whole: boolean;
}

/** What `page` holds of the pairs `pairs` (see {@link Holding}); `undefined` when it cannot be read. */
async function holdingOf(pairs: WordPairs, page: string, limits: ResolvedLimits): Promise<Holding | undefined> {
  const text = await readText(page, limits, true);
  if (text === undefined) return undefined;
  const held = new Set<number>();
  pairs.collect(text, held, 1);
  return { held, whole: held.size > 0 && held.size >= HELD_WHOLE * new WordPairs(text).size };
}
