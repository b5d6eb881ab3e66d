import type { Codebook } from "./codebook.js";
import type { Kernel } from "./kernel.js";
import type { MemoryAreas } from "./layout.js";
import { writeQueryWeights } from "./query-weights.js";

/** The rows the 1-bit pass reads: their codes in the kernel's memory, where {@link MemoryAreas} says. */
export interface BitPassRows {
  kernel: Kernel;
  codebook: Codebook;
  dims: number;
  stride: number;
  bitStride: number;
  /** Slots to pass over. */
  slots: number;
  areas: MemoryAreas;
}

/** Rows per histogram sample: at most 65,536 samples, so the histogram costs little next to the Hamming pass. */
function histogramStep(slots: number): number {
  return Math.max(1, Math.floor(slots / 65536));
}

/** Most rows the pass keeps: a sampled histogram may undercount the rows below its threshold. */
function shortlistMax(slots: number, shortlist: number): number {
  return histogramStep(slots) > 1 ? Math.ceil(shortlist * 1.25) : shortlist;
}

/**
 * Room for the pass's scratch after the score area: u16 distances of every slot, then the shortlist's slots and
 * scores (i32 each). The memory grows for it when the score area is too small; false when it cannot.
 */
export function bitPassFits(rows: BitPassRows, shortlist: number): boolean {
  const needed = rows.areas.scores + Math.ceil((rows.slots * 2) / 16) * 16 + shortlistMax(rows.slots, shortlist) * 8;
  const have = rows.kernel.memory.buffer.byteLength;
  if (needed <= have) return true;
  try {
    rows.kernel.memory.grow(Math.ceil((needed - have) / 65536));
    return true;
  } catch {
    return false;
  }
}

/**
 * The 1-bit pass: about `shortlist` slots nearest to the (unit) query by Hamming distance, the threshold read
 * from a (sampled) histogram of the distances, so no sort and no heap; then their int8 scores. Undefined when
 * the rows have no 1-bit codes or the scratch area cannot grow.
 */
export function bitPass(rows: BitPassRows, unitQuery: Float32Array, shortlist: number): { slots: Int32Array; dots: Int32Array } | undefined {
  const { kernel, codebook, areas, slots: n } = rows;
  if (rows.bitStride === 0 || !bitPassFits(rows, shortlist)) return undefined;
  const distAt = areas.scores;
  const idxAt = distAt + Math.ceil((n * 2) / 16) * 16;
  const codes = new Int8Array(rows.dims);
  codebook.quantize(unitQuery, 1, codes);
  const buffer = kernel.memory.buffer;
  codebook.packBits(codes, new Uint8Array(buffer, areas.queryBits, rows.bitStride));
  kernel.hamming(areas.bits, n, rows.bitStride, areas.queryBits, distAt);
  const hist = new Int32Array(buffer, areas.histogram, rows.bitStride * 8 + 1);
  hist.fill(0);
  const step = histogramStep(n);
  kernel.histogram(distAt, n, step, areas.histogram);
  // The smallest distance t with about `shortlist` rows at or below it; rows at t fill the remainder.
  let below = 0;
  let t = 0;
  while (t < hist.length - 1 && (below + hist[t]!) * step < shortlist) below += hist[t++]!;
  const m = kernel.select(distAt, n, t, shortlist - below * step, idxAt, shortlistMax(n, shortlist));
  writeQueryWeights(kernel, codebook, rows.stride, unitQuery); // cosine only: scores are compared, not returned
  const dotsAt = idxAt + m * 4;
  kernel.scan_at(areas.codes, idxAt, m, rows.stride, 0, dotsAt);
  return { slots: new Int32Array(buffer, idxAt, m), dots: new Int32Array(buffer, dotsAt, m) };
}
