import type { Metric } from "../../db/vector.js";

/** Bytes per row of codes: dimensions rounded up to the kernel's 16-lane width. */
export function strideFor(dims: number): number {
  return Math.ceil(dims / 16) * 16;
}

export function bytesPerRows(rows: number, stride: number): number {
  // codes + scores in WebAssembly memory, rowids + norms in JS, plus the query weights
  return rows * (stride + 4 + 8 + 4) + stride * 2;
}

/** Unit length for cosine (so codes rank by cosine); unchanged for l2. */
export function prepare(v: Float32Array, metric: Metric): Float32Array {
  if (metric !== "cosine") return v;
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  const out = new Float32Array(v.length);
  for (let j = 0; j < v.length; j++) out[j] = v[j]! * inv;
  return out;
}
