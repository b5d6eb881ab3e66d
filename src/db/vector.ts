import type { InValue } from "@libsql/client";
import { RagError, describeValue } from "../errors.js";

/** The libSQL column types a collection can store its vectors in. */
export type VectorType = "F32_BLOB" | "F16_BLOB" | "FB16_BLOB" | "F8_BLOB" | "F1BIT_BLOB";
export const VECTOR_TYPES: readonly VectorType[] = ["F32_BLOB", "F16_BLOB", "FB16_BLOB", "F8_BLOB", "F1BIT_BLOB"];

/** Distance metric of a collection. Scores are similarities: `1 - cosine distance`, or `1 / (1 + L2 distance)`. */
export type Metric = "cosine" | "l2";

/** A vector as users pass it: `number[]` or `Float32Array`. */
export type VectorInput = readonly number[] | Float32Array;

interface TypeFacts {
  /** The SQL function that converts an f32 blob into this type. */
  fn: string;
  /** Stored bytes for `d` dimensions, measured on libSQL 0.5.29; `undefined` where the layout is not pinned down. */
  bytes: (d: number) => number | undefined;
}

const FACTS: Record<VectorType, TypeFacts> = {
  F32_BLOB: { fn: "vector32", bytes: (d) => 4 * d },
  F16_BLOB: { fn: "vector16", bytes: (d) => 2 * d + 1 },
  FB16_BLOB: { fn: "vectorb16", bytes: (d) => 2 * d + 1 },
  F8_BLOB: { fn: "vector8", bytes: (d) => Math.ceil(d / 4) * 4 + 11 },
  F1BIT_BLOB: { fn: "vector1bit", bytes: () => undefined },
};

export const MAX_DIMENSIONS = 65_536;

/** The Euclidean length of a vector, or of the `dimensions` numbers of `vectors` from `offset` (one row of many). */
export function vectorLength(vectors: ArrayLike<number>, offset = 0, dimensions = vectors.length - offset): number {
  let squares = 0;
  for (let i = offset; i < offset + dimensions; i++) squares += vectors[i]! * vectors[i]!;
  return Math.sqrt(squares);
}

/** SQL that turns a bound f32 blob parameter into a value of the column's type. */
export function vectorParamSql(type: VectorType): string {
  return `${FACTS[type].fn}(?)`;
}

/** Bytes one stored vector takes, where known exactly. */
export function vectorBytes(type: VectorType, dimensions: number): number | undefined {
  return FACTS[type].bytes(dimensions);
}

/** The largest finite half-precision value; anything from 65520 up rounds to Infinity in `F16_BLOB`. */
const F16_MAX = 65504;

/** Half-precision rounding of a float32 value, enough to tell zero, finite and infinite apart exactly. */
function roundF16(x: number): number {
  const a = Math.abs(x);
  if (a >= 65520) return Math.sign(x) * Number.POSITIVE_INFINITY;
  // Below 2^-25 a value rounds to zero (2^-25 itself ties to the even zero); above, to a nonzero half.
  if (a <= 2 ** -25) return 0;
  if (a < 2 ** -14) return Math.sign(x) * Math.max(2 ** -24, Math.round(a / 2 ** -24) * 2 ** -24);
  const step = 2 ** (Math.floor(Math.log2(a)) - 10);
  return Math.sign(x) * Math.min(F16_MAX, Math.round(a / step) * step);
}

/**
 * libSQL computes a cosine distance in float32 as `dot / sqrt(|a|² · |b|²)`. When both squared norms lie in
 * [2^-63, 2^63], their product is a normal float32 and the distance is sound; outside, it under- or overflows
 * and the row scores Infinity, NaN or 1 against every query. A norm from 3.3e-10 to 3.0e9 passes.
 */
const MIN_SQUARED_NORM = 2 ** -63;
const MAX_SQUARED_NORM = 2 ** 63;

/**
 * Checks a vector and returns it as a Float32Array ready to bind as a blob. Throws `DIMENSION_MISMATCH`
 * for a wrong length and `INVALID_ARGUMENT` for NaN, Infinity, values outside float32 range (outside
 * ±65504 for `F16_BLOB`), and, under the cosine metric, a vector whose norm as stored (after conversion to
 * float32, or to half precision for `F16_BLOB`) is zero or outside 3.3e-10 to 3.0e9: libSQL's cosine
 * distance under- or overflows there, and such a row would score the same against every query.
 */
export function toVector(value: unknown, dimensions: number, metric: Metric, where: string, vectorType: VectorType = "F32_BLOB"): Float32Array {
  if (!(value instanceof Float32Array) && !Array.isArray(value)) {
    throw new RagError("INVALID_ARGUMENT", `${where}: expected a vector (number[] or Float32Array) of ${dimensions} numbers, got ${describeValue(value)}.`);
  }
  const length = value.length;
  if (length === 0) {
    throw new RagError(
      "DIMENSION_MISMATCH",
      `${where}: the vector is empty; expected ${dimensions} numbers. If it came from an embedder, the embedder returned no vector for this text: check its output.`,
      { details: { expected: dimensions, actual: 0 } },
    );
  }
  if (length !== dimensions) {
    throw new RagError(
      "DIMENSION_MISMATCH",
      `${where}: expected a vector of ${dimensions} dimensions, got ${length}. Use an embedder that produces ${dimensions}-d vectors, or a collection created with dimensions: ${length}.`,
      { details: { expected: dimensions, actual: length } },
    );
  }
  const half = vectorType === "F16_BLOB";
  const out = value instanceof Float32Array ? new Float32Array(value) : new Float32Array(length);
  let squaredNorm = 0;
  for (let i = 0; i < length; i++) {
    const x = value[i];
    if (typeof x !== "number" || !Number.isFinite(x) || !Number.isFinite(Math.fround(x))) {
      throw new RagError(
        "INVALID_ARGUMENT",
        `${where}: vector element ${i} is ${describeValue(x)}; every element must be a finite number within float32 range.`,
        {
          details: { index: i },
        },
      );
    }
    out[i] = x;
    const stored = half ? roundF16(out[i]!) : out[i]!;
    if (!Number.isFinite(stored)) {
      throw new RagError(
        "INVALID_ARGUMENT",
        `${where}: vector element ${i} is ${describeValue(x)}, beyond ±${F16_MAX}, which F16_BLOB stores as Infinity. Scale the vector down, or use F32_BLOB or FB16_BLOB.`,
        {
          details: { index: i },
        },
      );
    }
    squaredNorm += stored * stored;
  }
  if (metric === "cosine" && !(squaredNorm >= MIN_SQUARED_NORM && squaredNorm <= MAX_SQUARED_NORM)) {
    const as = half ? "half precision (F16_BLOB)" : "float32";
    const what = squaredNorm === 0 ? `is all zeros once stored in ${as}` : `has norm ${Math.sqrt(squaredNorm).toPrecision(3)} once stored in ${as}`;
    throw new RagError(
      "INVALID_ARGUMENT",
      `${where}: the vector ${what}; under the cosine metric a vector needs a norm from 3.3e-10 to 3.0e9, or its distances under- or overflow and it scores the same against every query. Normalize it (divide by its norm) or check the embedder output.`,
      { details: { norm: Math.sqrt(squaredNorm), vectorType } },
    );
  }
  return out;
}

/** Decodes an F32 blob as returned by the driver (ArrayBuffer) into a Float32Array. */
export function decodeF32(blob: unknown): Float32Array {
  if (blob instanceof ArrayBuffer) return new Float32Array(blob.slice(0));
  if (ArrayBuffer.isView(blob)) {
    const bytes = new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength).slice();
    return new Float32Array(bytes.buffer);
  }
  throw new RagError("STORE_ERROR", `Expected a vector blob from the database, got ${describeValue(blob)}.`);
}

/** Binds a Float32Array as a blob. */
export function vectorArg(vector: Float32Array): InValue {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Converts a distance from `vector_distance_*` into a similarity score (higher is better). */
export function distanceToScore(distance: number, metric: Metric): number {
  return metric === "cosine" ? 1 - distance : 1 / (1 + distance);
}
