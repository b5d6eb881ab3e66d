import { WASM_BASE64 } from "../kernels/scan-i8.wasm.js";

/** The little of the WebAssembly API used here (TypeScript's ES libs do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The compiled kernel and its memory. */
export interface Kernel {
  memory: WasmMemory;
  scan(codes: number, rows: number, stride: number, weights: number, out: number): void;
  /** `scan` for the `m` rows whose slot numbers (i32) are at `idx`; out[i] belongs to the i-th listed row. */
  scan_at(codes: number, idx: number, m: number, stride: number, weights: number, out: number): void;
  /** Hamming distances (u16) of `rows` 1-bit codes (`bitStride` ≤ 496 bytes each) to the query's. */
  hamming(bits: number, rows: number, bitStride: number, query: number, dist: number): void;
  /** Adds every `step`-th distance to the histogram (i32 per distance). */
  histogram(dist: number, rows: number, step: number, hist: number): void;
  /** Writes the rows below distance `t`, and the first `quota` at `t`, to `out` (i32), at most `max`; returns their number. */
  select(dist: number, rows: number, t: number, quota: number, out: number, max: number): number;
}

let compiled: object | null | undefined;

/** The int8 × int16 SIMD dot-product and 1-bit Hamming kernels, or null where WebAssembly SIMD is unavailable. */
export function instantiateKernel(): Kernel | null {
  if (compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)));
    } catch {
      compiled = null;
    }
  }
  if (compiled === null || wasm === undefined) return null;
  return new wasm.Instance(compiled, {}).exports as unknown as Kernel;
}
