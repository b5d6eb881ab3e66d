/**
 * A splitter fills each chunk as full as it can, so a paragraph a little over the size ends in a scrap: "validation."
 * or "to process external data is potentially at risk." as a chunk of its own, a fragment of a sentence that says
 * nothing alone and that the embedder reads as little more than its context header. Such a scrap and the chunk it
 * was cut from are cut again, once, near the middle of the two, so that both halves are whole sentences where the
 * text has them. So is a label left alone before the text it names: a definition's term ("changes()", "compat42",
 * "-n") whose description did not fit beside it.
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
  return withLabelsBeforeTheirText(text, out, size, measure);
}

/** A sentence's end at the end of a line; an ellipsis is none ("min(X,Y,...)"). */
const ENDS_SENTENCE = /(?<!\.)[.!?][)"'\]]*$/;
/** A line a label cannot be: a list item, a table row, a line with no letter or digit (code's `}`). */
const NOT_A_LABEL = /^(?:[-*+][ \t]|\d{1,9}[.)][ \t]|\|)|^[^\p{L}\p{N}]*$/u;

/**
 * The spans with each label moved to the text it names: a chunk's last paragraph that is one short line ending no
 * sentence ("changes()", "compat42", "-n", "Example:"), parted by a blank line from the next chunk, which then
 * begins with it; where the two do not fit together, they are cut again near their middle, as a scrap is. A label
 * that is a chunk of its own is cut with the next chunk alike.
 */
function withLabelsBeforeTheirText(
  text: string,
  spans: readonly [number, number][],
  size: number,
  measure: (start: number, end: number) => number,
): [number, number][] {
  const out = [...spans];
  for (let i = 0; i + 1 < out.length; i += 1) {
    const [start, end] = out[i]!;
    const next = out[i + 1]!;
    if (next[0] <= end || !BLANK_LINE.test(text.slice(end, next[0])) || next[1] - start > size * MAX_JOINED_PER_UNIT) continue;
    const at = lastParagraphLine(text, start, end);
    if (at === undefined) continue;
    const label = text.slice(at, end);
    if (ENDS_SENTENCE.test(label) || NOT_A_LABEL.test(label)) continue;
    const labelSize = measure(at, end);
    if (labelSize >= size * SCRAP_SHARE) continue;
    // What the span keeps without its label, unless the chunk before it holds all of that already (chunks overlap).
    const rest = trimmedEnd(text, start, at);
    const before = at === start || rest[1] <= (out[i - 1]?.[1] ?? start) ? [] : [rest];
    const joined: [number, number] = [at, next[1]];
    if (measure(joined[0], joined[1]) <= size) {
      out.splice(i, 2, ...before, joined);
      continue;
    }
    const halves = cutNearMiddle(text, joined, {
      after: before[0]?.[1] ?? out[i - 1]?.[1] ?? at,
      until: out[i + 2]?.[0] ?? Number.POSITIVE_INFINITY,
      boundaries: [SENTENCE_END, LINE_BREAK, SPACE],
      size,
      smallest: labelSize,
      measure,
    });
    if (halves !== undefined) out.splice(i, 2, ...before, ...halves);
  }
  return out;
}

/**
 * Where the last line of `start..end` starts (its indent skipped), when that line is a paragraph of its own: the
 * span's only line, or one after a blank line. `undefined` when it goes on from the line before it.
 */
function lastParagraphLine(text: string, start: number, end: number): number | undefined {
  const lineStart = text.lastIndexOf("\n", end - 1) + 1;
  let at = Math.max(lineStart, start);
  while (at < end && (text[at] === " " || text[at] === "\t")) at += 1;
  if (lineStart <= start) return at;
  // The line break before the last line, then only spaces or tabs back to another: a blank line.
  let i = lineStart - 2;
  while (i >= start && (text[i] === " " || text[i] === "\t" || text[i] === "\r")) i -= 1;
  return i >= start && text[i] === "\n" ? at : undefined;
}

/** A blank line: two line breaks with only spaces or tabs between. */
const BLANK_LINE = /\n[^\S\n]*\n/;

/** `[start, end]` with the whitespace before `end` left out. */
function trimmedEnd(text: string, start: number, end: number): [number, number] {
  let at = end;
  while (at > start && /\s/.test(text.charAt(at - 1))) at -= 1;
  return [start, at];
}

/** Whether `next` goes on with the text of `span`: it starts inside it, or after it with no blank line between. */
function continues(text: string, span: [number, number], next: [number, number]): boolean {
  return next[0] <= span[1] || !BLANK_LINE.test(text.slice(span[1], next[0]));
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
      const [, cutEnd] = trimmedEnd(text, start, start + match.index + match[0].search(/\s/));
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
