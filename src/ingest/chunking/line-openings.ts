import { type LastClosers, shortcodeOpening } from "./site-markup.js";

/*
 * Where the next comment, code span, shortcode or (MDX) JSX tag opens on one line of Markdown: the search that
 * markdown-lines.ts reads each line with, kept linear in the line's length however many openers it holds.
 */

/** How many of `items`, sorted by `key`, have a key of at most `x`: the index of the first one above it. */
export function countAtMost<T>(items: readonly T[], x: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type Opening = { at: number; length: number; kind: "html" | "jsx-comment" | "tag" | "code" | "shortcode"; closer?: string };

/**
 * Finds the first comment, code span, shortcode written over several lines, or (MDX) JSX tag opening at or after a
 * position, for one line read left to right (`lastCloser`: see {@link shortcodeOpening}). Each kind's next position
 * is remembered until the reading passes it, and a code span's closing run is looked up among the line's backtick
 * runs of its length, so that no line is searched to its end more than a few times.
 */
export function openings(line: string, mdx: boolean, lastCloser: LastClosers): (from: number) => Opening | undefined {
  const next = { html: -2, jsx: -2, tag: -2, tick: -2 };
  let shortcode: { at: number; closer: string } | undefined | null = null;
  const find = (key: keyof typeof next, from: number): number => {
    if (next[key] === -1 || next[key] >= from) return next[key];
    if (key === "tag") {
      JSX_TAG_START.lastIndex = from;
      next.tag = JSX_TAG_START.exec(line)?.index ?? -1;
    } else next[key] = line.indexOf(key === "html" ? "<!--" : key === "jsx" ? "{/*" : "`", from);
    return next[key];
  };
  let runs: Map<number, number[]> | undefined;
  /** The end of the code span that the backtick run at `at` opens, or -1 when no run of its length follows. */
  const spanEnd = (at: number, length: number): number => {
    runs ??= backtickRuns(line);
    const starts = runs.get(length) ?? [];
    const after = countAtMost(starts, at, (start) => start);
    return after < starts.length ? starts[after]! + length : -1;
  };
  return (from) => {
    const found: Opening[] = [];
    const tick = find("tick", from);
    if (tick !== -1) {
      let length = 1;
      while (line[tick + length] === "`") length++;
      const end = spanEnd(tick, length);
      found.push(end === -1 ? { at: tick, length, kind: "code" } : { at: tick, length: end - tick, kind: "code" });
    }
    const html = find("html", from);
    if (html !== -1) found.push({ at: html, length: 4, kind: "html" });
    if (shortcode === null || (shortcode !== undefined && shortcode.at < from)) shortcode = shortcodeOpening(line, from, lastCloser);
    if (shortcode !== undefined) found.push({ at: shortcode.at, length: 3, kind: "shortcode", closer: shortcode.closer });
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

/** The start of every run of backticks in a line, by the run's length. */
function backtickRuns(line: string): Map<number, number[]> {
  const runs = new Map<number, number[]>();
  for (const match of line.matchAll(/`+/g)) {
    const starts = runs.get(match[0].length);
    if (starts === undefined) runs.set(match[0].length, [match.index]);
    else starts.push(match.index);
  }
  return runs;
}

/** Where a JSX tag starts in MDX: `<Name`, `</Name`, `<>` or `</>`. */
const JSX_TAG_START = /<\/?(?:[A-Za-z]|>)/g;
