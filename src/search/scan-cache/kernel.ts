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
}

let compiled: object | null | undefined;

/** The int8 × int16 SIMD dot-product kernel, or null where WebAssembly SIMD is unavailable. */
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
