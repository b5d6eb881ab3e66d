import type { Metric } from "../../db/vector.js";
import { prepare } from "./layout.js";

/** Each dimension's range is widened by this fraction on both sides, so later rows rarely clip. */
const RANGE_MARGIN = 0.1;

/**
 * Where each dimension is cut for the 1-bit codes: "mid", the centre of its int8 range (code 0); "mean", the
 * mean of the fitted sample (docs/benchmarks.md compares them).
 */
export type Binarisation = "mid" | "mean";

/**
 * How a vector becomes codes: per dimension, 256 levels over a range fitted on a sample (int8 codes), and the
 * int8 code at and above which the dimension's 1-bit code is set.
 */
export class Codebook {
  readonly invStep: Float32Array;

  private constructor(
    readonly dims: number,
    /** Per-dimension lower bound and step of the 256 levels. */
    readonly lo: Float32Array,
    readonly step: Float32Array,
    /** Per-dimension int8 code at and above which a 1-bit code is set. */
    readonly cut: Int8Array,
  ) {
    this.invStep = step.map((x) => 1 / x);
  }

  /** A codebook from its parts, as {@link lo}, {@link step} and {@link cut} give them (a snapshot's). */
  static from(lo: Float32Array, step: Float32Array, cut: Int8Array): Codebook {
    return new Codebook(lo.length, lo, step, cut);
  }

  /** Fits per-dimension ranges on sample vectors (widened by 10%); without samples, any unit-vector coordinate. */
  static fit(dims: number, metric: Metric, samples: Float32Array[], binarisation: Binarisation = "mid"): Codebook {
    const lo = new Float32Array(dims).fill(Infinity);
    const hi = new Float32Array(dims).fill(-Infinity);
    for (const raw of samples) {
      const v = prepare(raw, metric);
      for (let j = 0; j < dims; j++) {
        const x = v[j]!;
        if (x < lo[j]!) lo[j] = x;
        if (x > hi[j]!) hi[j] = x;
      }
    }
    const step = new Float32Array(dims);
    for (let j = 0; j < dims; j++) {
      let a = samples.length > 0 ? lo[j]! : -1;
      let b = samples.length > 0 ? hi[j]! : 1;
      const margin = Math.max(b - a, 1e-6) * RANGE_MARGIN;
      a -= margin;
      b += margin;
      lo[j] = a;
      step[j] = (b - a) / 255;
    }
    const cut = new Int8Array(dims);
    if (binarisation === "mean" && samples.length > 0) {
      const sum = new Float64Array(dims);
      for (const raw of samples) {
        const v = prepare(raw, metric);
        for (let j = 0; j < dims; j++) sum[j]! += v[j]!;
      }
      for (let j = 0; j < dims; j++) cut[j] = Math.max(-127, Math.min(127, Math.round((sum[j]! / samples.length - lo[j]!) / step[j]!) - 128));
    }
    return new Codebook(dims, lo, step, cut);
  }

  /** Writes the int8 codes of `vector × scale` to `codes`. */
  quantize(vector: Float32Array, scale: number, codes: Int8Array): void {
    const { lo, invStep, dims } = this;
    for (let j = 0; j < dims; j++) {
      // Level 0..255, rounded half up and clamped, stored as -128..127; by hand, as Math.round is slower here
      // (docs/benchmarks.md).
      let level = (vector[j]! * scale - lo[j]!) * invStep[j]! + 0.5;
      level = level < 0 ? 0 : Math.min(level, 255);
      codes[j] = (level | 0) - 128;
    }
  }

  /** One bit per dimension: set when the code is at or above the dimension's cut. */
  packBits(codes: Int8Array, bits: Uint8Array): void {
    bits.fill(0);
    const cut = this.cut;
    for (let j = 0; j < this.dims; j++) if (codes[j]! >= cut[j]!) bits[j >> 3]! |= 1 << (j & 7);
  }
}
