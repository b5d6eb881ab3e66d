/** Where a chunk body lies in the text it was cut from. */
export interface Span {
  start: number;
  end: number;
}

export interface LocateOptions {
  /** The most characters two consecutive pieces can share, when known (character sizing). */
  maxOverlap?: number;
  /** Whether a shared stretch is small enough to be the splitter's overlap; placements that fit come first. */
  overlapFits?: (shared: string) => boolean;
}

/** Bounds the search on pathological input; past it the greedy placement is used. */
const SEARCH_BUDGET = 200_000;

/**
 * Finds where each piece returned by the splitter lies in `text`; the splitter returns strings only. Pieces
 * are trimmed, in order, each ending past the previous one, and together they cover every non-whitespace
 * character. Searching forward from the previous piece is not enough on repetitive text
 * (`"aaaa…"`), so this is a depth-first search over the placements that keep those properties, preferring
 * the earliest (the splitter keeps as much overlap as fits) and remembering dead ends, so it stays
 * polynomial.
 *
 * A piece that adds nothing (it repeats the end of the previous piece, or the next piece extends it from the
 * same start) maps to `undefined` and should be dropped.
 */
export function locatePieces(text: string, pieces: readonly string[], options: LocateOptions = {}): (Span | undefined)[] {
  if (pieces.length === 0) return [];
  const lead = text.length - text.trimStart().length;
  const finalEnd = text.trimEnd().length;
  const chosen: (Span | undefined)[] = [];
  const candidates: (Span | undefined)[][] = [];
  const cursor: number[] = [];
  /** States `index:start:end` (piece index, previous placed span) known to lead nowhere. */
  const deadEnds = new Set<string>();
  const state = (index: number, prev: Span | undefined): string => `${index}:${prev?.start ?? -1}:${prev?.end ?? -1}`;
  let steps = 0;
  let i = 0;
  while (i < pieces.length) {
    if (steps++ > SEARCH_BUDGET) return greedy(text, pieces);
    const prev = previous(chosen, i);
    if (cursor[i] === undefined) {
      candidates[i] = placements(text, pieces[i] ?? "", prev, lead, options);
      cursor[i] = 0;
    }
    const list = candidates[i] ?? [];
    const index = cursor[i] ?? 0;
    if (index >= list.length) {
      deadEnds.add(state(i, prev));
      if (i === 0) return greedy(text, pieces);
      cursor.length = i;
      i -= 1;
      cursor[i] = (cursor[i] ?? 0) + 1;
      continue;
    }
    const choice = list[index];
    const after = choice ?? prev;
    const last = i === pieces.length - 1;
    if ((last && after?.end !== finalEnd) || (!last && deadEnds.has(state(i + 1, after)))) {
      cursor[i] = index + 1;
      continue;
    }
    chosen[i] = choice;
    i += 1;
  }
  // A piece can also extend the previous one from the same start (leading whitespace counted towards the
  // previous piece's size); the shorter one adds nothing.
  const spans = chosen.slice(0, pieces.length);
  for (let j = 0; j < spans.length; j += 1) {
    const span = spans[j];
    const next = spans.slice(j + 1).find((s) => s !== undefined);
    if (span !== undefined && next !== undefined && next.start === span.start) spans[j] = undefined;
  }
  return spans;
}

function previous(chosen: readonly (Span | undefined)[], before: number): Span | undefined {
  for (let j = before - 1; j >= 0; j -= 1) {
    const span = chosen[j];
    if (span !== undefined) return span;
  }
  return undefined;
}

/**
 * Where a piece may go after `prev`: overlapping it, or right after the whitespace that follows it. Placements
 * that share at most `maxOverlap` characters with `prev` come first, the rest last: the splitter measures its
 * overlap in its own units (a Markdown chunk's prose, without a URL's characters), which characters can exceed.
 */
function placements(text: string, piece: string, prev: Span | undefined, lead: number, options: LocateOptions): (Span | undefined)[] {
  if (prev === undefined) return text.startsWith(piece, lead) ? [{ start: lead, end: lead + piece.length }] : [];
  const near = Math.max(prev.start, options.maxOverlap === undefined ? 0 : prev.end - options.maxOverlap);
  let high = prev.end;
  while (high < text.length && /\s/.test(text[high] ?? "")) high += 1;
  // Within `maxOverlap`, fitting the splitter's overlap or not; then farther back, the same.
  const lists: Span[][] = [[], [], [], []];
  for (let start = prev.start; start <= high; start += 1) {
    if (start + piece.length <= prev.end || !text.startsWith(piece, start)) continue;
    const fits = options.overlapFits === undefined || start >= prev.end || options.overlapFits(text.slice(start, prev.end));
    lists[(start >= near ? 0 : 2) + (fits ? 0 : 1)]?.push({ start, end: start + piece.length });
  }
  const found: (Span | undefined)[] = lists.flat();
  const repeat = prev.end - piece.length;
  if (repeat >= prev.start && text.startsWith(piece, repeat)) found.push(undefined);
  return found;
}

/**
 * The fallback: each piece at its first occurrence that ends past the previous piece's end, else after the previous
 * piece's start (a piece that repeats earlier text, as a page's code example in two module systems does, is not put
 * back over the first).
 */
function greedy(text: string, pieces: readonly string[]): Span[] {
  let from = 0;
  let end = 0;
  return pieces.map((piece) => {
    let start = text.indexOf(piece, Math.max(from, end - piece.length + 1));
    if (start === -1) start = text.indexOf(piece, from);
    if (start === -1) start = text.indexOf(piece);
    if (start === -1) throw new Error(`chunking: a chunk is not part of the text it was cut from (${JSON.stringify(piece.slice(0, 40))}).`);
    from = start + 1;
    end = Math.max(end, start + piece.length);
    return { start, end: start + piece.length };
  });
}
