/**
 * A splitter fills each chunk as full as it can, so a paragraph a little over the size ends in a scrap: "validation."
 * or "to process external data is potentially at risk." as a chunk of its own, a fragment of a sentence that says
 * nothing alone and that the embedder reads as little more than its context header. Such a scrap and the chunk it
 * was cut from are cut again, once, near the middle of the two, so that both halves are whole sentences where the
 * text has them.
 */

/** A chunk of less than this share of the size, cut from the paragraph before it, is a scrap. */
const SCRAP_SHARE = 0.25;

/**
 * Two spans whose joined text runs to more characters than this many times the size are left alone: only
 * whitespace can make them so long, and searching it for cuts is work for nothing.
 */
const MAX_JOINED_PER_UNIT = 32;

/** Where a sentence ends: its stop, any closing quotes or brackets, then whitespace. */
const SENTENCE_END = /[.!?][)"'\]]*\s+/g;
const LINE_BREAK = /\n\s*/g;
const SPACE = /\s+/g;

/**
 * The spans with each scrap balanced against the chunk before it: the two become two halves of their joined text,
 * cut nearest its middle where both halves then fit `size` by `measure` (the embedder's measure of a span) and the
 * smaller half is larger than the scrap was. Where the splitter cut the two at a line break (rows of a table, items
 * of a list, lines of code), they are cut again at a line break only; where it cut a paragraph at a word, at a
 * sentence end, else a line break, else a space. A scrap is a span shorter than a quarter of the size that goes on
 * with the text of the span before it (it starts inside that span or right after it, with no blank line between): a
 * short paragraph of its own is text as its writer cut it, and stays.
 *
 * @example
 * // size 100: a 90-character chunk and its 12-character scrap become two chunks of about 50.
 * balanceScraps(text, [[0, 90], [91, 103]], 100, (s, e) => e - s); // [[0, 52], [53, 103]]
 */
export function balanceScraps(
  text: string,
  spans: readonly [number, number][],
  size: number,
  measure: (start: number, end: number) => number,
): [number, number][] {
  const out = spans.map((span): [number, number] => [span[0], span[1]]);
  for (let i = 1; i < out.length; i += 1) {
    const before = out[i - 1];
    const scrap = out[i];
    if (before === undefined || scrap === undefined || scrap[1] - before[0] > size * MAX_JOINED_PER_UNIT) continue;
    if (!continues(text, before, scrap)) continue;
    const scrapSize = measure(scrap[0], scrap[1]);
    if (scrapSize >= size * SCRAP_SHARE) continue;
    const halves = cutNearMiddle(text, [before[0], scrap[1]], {
      // Chunks may overlap: the first half must still end past the chunk before it, and the second start before
      // the chunk after it, so that the chunks stay in order and none holds another.
      after: out[i - 2]?.[1] ?? before[0],
      until: out[i + 1]?.[0] ?? Number.POSITIVE_INFINITY,
      boundaries: atLineStart(text, scrap[0]) ? [LINE_BREAK] : [SENTENCE_END, LINE_BREAK, SPACE],
      size,
      smallest: scrapSize,
      measure,
    });
    if (halves === undefined) continue;
    out[i - 1] = halves[0];
    out[i] = halves[1];
  }
  return out;
}

/** Whether `next` goes on with the text of `span`: it starts inside it, or after it with no blank line between. */
function continues(text: string, span: [number, number], next: [number, number]): boolean {
  return next[0] <= span[1] || !/\n[^\S\n]*\n/.test(text.slice(span[1], next[0]));
}

/** Whether only spaces or tabs stand between `offset` and the line break before it (or the text's start). */
function atLineStart(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t")) i -= 1;
  return i < 0 || text[i] === "\n" || text[i] === "\r";
}

interface CutOptions {
  /** The first half ends past this offset. */
  after: number;
  /** The second half starts before this offset. */
  until: number;
  /** Where a cut may go, in order of preference: the first with a cut that fits is used. */
  boundaries: readonly RegExp[];
  size: number;
  /** The smaller half must measure more than this. */
  smallest: number;
  measure: (start: number, end: number) => number;
}

/**
 * Two spans covering `start..end`, cut at the boundary nearest the middle whose halves both fit, trimmed of
 * whitespace; undefined when no cut fits.
 */
function cutNearMiddle(text: string, [start, end]: [number, number], options: CutOptions): [[number, number], [number, number]] | undefined {
  const middle = (start + end) / 2;
  // Only the two spans' text is searched: a long document has many scraps.
  const joined = text.slice(start, end);
  for (const boundary of options.boundaries) {
    const cuts: [number, number][] = [];
    for (const match of joined.matchAll(boundary)) {
      // The cut lies in the whitespace: the first half ends before it, the second starts after it.
      let cutEnd = start + match.index + match[0].search(/\s/);
      while (cutEnd > start && /\s/.test(text.charAt(cutEnd - 1))) cutEnd -= 1;
      const nextStart = start + match.index + match[0].length;
      if (cutEnd > Math.max(start, options.after) && nextStart < Math.min(end, options.until)) cuts.push([cutEnd, nextStart]);
    }
    cuts.sort((a, b) => Math.abs(a[0] - middle) - Math.abs(b[0] - middle));
    for (const [cutEnd, nextStart] of cuts) {
      const [first, second] = [options.measure(start, cutEnd), options.measure(nextStart, end)];
      if (first <= options.size && second <= options.size && Math.min(first, second) > options.smallest) {
        return [
          [start, cutEnd],
          [nextStart, end],
        ];
      }
    }
  }
  return undefined;
}
