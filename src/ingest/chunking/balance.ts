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
 * The spans with each scrap balanced against the chunk before it: the two become two halves of their joined text,
 * cut where a sentence ends nearest the middle (else a line, else a word), when both halves then fit `size` by
 * `measure` (the embedder's measure of a span). A scrap is a span shorter than a quarter of the size that continues
 * the text of the span before it (it starts inside that span or right after it, with no blank line between): a
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
    if (before === undefined || scrap === undefined) continue;
    if (!continues(text, before, scrap) || measure(scrap[0], scrap[1]) >= size * SCRAP_SHARE) continue;
    // The first half must still end past the chunk before it, which may overlap it.
    const halves = cutNearMiddle(text, before[0], scrap[1], out[i - 2]?.[1] ?? before[0], size, measure);
    if (halves === undefined) continue;
    out[i - 1] = halves[0];
    out[i] = halves[1];
  }
  return out;
}

/** Whether `next` goes on with the text of `span`: it starts inside it, or after it with no blank line between. */
function continues(text: string, span: [number, number], next: [number, number]): boolean {
  return next[0] <= span[1] || !/\n[ \t]*\n/.test(text.slice(span[1], next[0]));
}

/**
 * Two spans covering `start..end`, cut at the sentence end nearest the middle whose halves both fit (a line break
 * when no sentence end does, a space when no line break does), trimmed of whitespace; undefined when no cut fits.
 * The first half ends past `after`.
 */
function cutNearMiddle(
  text: string,
  start: number,
  end: number,
  after: number,
  size: number,
  measure: (start: number, end: number) => number,
): [[number, number], [number, number]] | undefined {
  const middle = (start + end) / 2;
  for (const boundary of [/[.!?:;][)"'\]]*[ \t\n]+/g, /[ \t]*\n\s*/g, /[ \t]+/g]) {
    const cuts: [number, number][] = [];
    // Only the two spans' text is searched: a long document has many scraps.
    const joined = text.slice(start, end);
    for (let match = boundary.exec(joined); match !== null; match = boundary.exec(joined)) {
      // The cut lies in the whitespace: the first half ends before it, the second starts after it.
      const whitespace = match[0].search(/\s/);
      const cutEnd = start + match.index + (whitespace === -1 ? match[0].length : whitespace);
      const nextStart = start + match.index + match[0].length;
      if (cutEnd > Math.max(start, after) && nextStart < end) cuts.push([cutEnd, nextStart]);
    }
    cuts.sort((a, b) => Math.abs(a[0] - middle) - Math.abs(b[0] - middle));
    for (const [cutEnd, nextStart] of cuts) {
      if (measure(start, cutEnd) <= size && measure(nextStart, end) <= size) {
        return [
          [start, cutEnd],
          [nextStart, end],
        ];
      }
    }
  }
  return undefined;
}
