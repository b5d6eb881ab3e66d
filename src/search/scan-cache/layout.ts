import { type Metric, vectorLength } from "../../db/vector.js";

/** Bytes per row of codes: dimensions rounded up to the kernel's 16-lane width. */
export function strideFor(dims: number): number {
  return Math.ceil(dims / 16) * 16;
}

/**
 * Bytes per row of 1-bit codes (one bit per dimension, rounded up to 16 bytes), kept for cosine collections,
 * whose first pass ranks rows by Hamming distance; 0 for l2 (and past 3,968 dimensions), which always scan the
 * int8 codes.
 */
export function bitStrideFor(dims: number, metric: Metric): number {
  // The Hamming kernel counts in byte lanes, up to 31 chunks of 16 bytes (3,968 dimensions).
  return metric === "cosine" && dims <= 3968 ? Math.ceil(dims / 128) * 16 : 0;
}

const align16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * The fixed head of the kernel's memory: query weights (int16), query bits and the histogram of Hamming
 * distances (i32 for each of 0 … bitStride · 8).
 */
function headerBytes(stride: number, bitStride: number): number {
  return align16(stride * 2) + bitStride + align16((bitStride * 8 + 1) * 4);
}

export function bytesPerRows(rows: number, stride: number, bitStride: number): number {
  // int8 codes + 1-bit codes + scores in WebAssembly memory, rowids + norms in JS, plus the header
  return rows * (stride + bitStride + 4 + 8 + 4) + headerBytes(stride, bitStride);
}

/** Unit length for cosine (so codes rank by cosine); unchanged for l2. */
export function prepare(v: Float32Array, metric: Metric): Float32Array {
  if (metric !== "cosine") return v;
  const norm = vectorLength(v);
  const inv = norm > 0 ? 1 / norm : 0;
  const out = new Float32Array(v.length);
  for (let j = 0; j < v.length; j++) out[j] = v[j]! * inv;
  return out;
}

/** Where each area of the kernel's memory starts (the query's int16 weights are at 0; see {@link headerBytes}). */
export interface MemoryAreas {
  queryBits: number;
  histogram: number;
  /** int8 codes, `stride` bytes a row. */
  codes: number;
  /** 1-bit codes, `bitStride` bytes a row, after the int8 codes of `capacity` rows. */
  bits: number;
  /** Scores (i32 a row), which double as the 1-bit pass's scratch. */
  scores: number;
}

export function memoryAreas(stride: number, bitStride: number, capacity: number): MemoryAreas {
  const queryBits = align16(stride * 2);
  const codes = headerBytes(stride, bitStride);
  const bits = codes + capacity * stride;
  return { queryBits, histogram: queryBits + bitStride, codes, bits, scores: bits + capacity * bitStride };
}
