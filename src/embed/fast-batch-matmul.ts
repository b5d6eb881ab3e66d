/**
 * A faster `BatchMatMul` kernel for TensorFlow.js's WebAssembly backend, for the attention layers of the
 * Universal Sentence Encoder lite (see `use-lite.ts`).
 *
 * Why it exists: tfjs-backend-wasm 4.x (bundled in `@energetic-ai/core`) hands a matrix product to XNNPACK
 * only when its batch is 1 and neither operand is transposed. Every other product runs a scalar C++ loop
 * (`slow_batch_matmul`). USE-lite's 4 attention products are batched, one item per text and head (4 heads),
 * so they all take that loop, at about 1.5 GFLOPS against 10–13 through XNNPACK for the same shapes. This
 * kernel runs each item of such a batch through the XNNPACK path of the same C++ function instead, on
 * zero-copy views of the operands in the WebAssembly heap. The vectors equal the stock kernel's to rounding
 * (max |diff| 5e-7 over 200 varied texts) and the model costs about 1.3–1.4x less CPU per chunk
 * (`bench/embed.ts`).
 *
 * What it depends on, none of it public API (checked against tfjs 4.5.0):
 * - the `BatchMatMul` and `Transpose` kernels registered for `"wasm"`, and the registry functions
 *   `getKernel`, `registerKernel` and `unregisterKernel`;
 * - on the backend object: `wasm.cwrap`, `wasm.tfjs.registerTensor(id, size, memoryOffset)`,
 *   `wasm.tfjs.disposeData(id)`, `dataIdMap.get(dataId).memoryOffset`, `dataIdNextNumber`, `makeOutput` and
 *   `disposeData`;
 * - the exported C++ `BatchMatMul(aId, aShape, aRank, bId, bShape, bRank, transposeA, transposeB, outId)`,
 *   which takes XNNPACK's path for `[1, m, k] x [1, k, n]` operands. That path caches an XNNPACK operator
 *   (with b's packed weights) on b's tensor id until the id is disposed, so every view gets a fresh id and is
 *   disposed right after use.
 *
 * The replacement checks what it can and falls back to the stock kernel for any product it does not handle
 * (transposed a, broadcast or mismatched batch dimensions, batch of 1, empty operands, other dtypes) and
 * whenever the backend does not look as expected. If the fast path ever throws, the call is recomputed by the
 * stock kernel and the fast path stays off on that thread. What it cannot detect is a C++ kernel that
 * silently changed its meaning, or XNNPACK failing to create its operator (out of memory), which the C++
 * kernel only logs, leaving the output unwritten, as the stock kernel does for batch-1 products. The tests in
 * `test/embed/fast-batch-matmul.test.ts` compare it with the stock kernel; rerun them when
 * `@energetic-ai/core` is upgraded.
 */

const KERNEL_NAME = "BatchMatMul";
const BACKEND_NAME = "wasm";
/** Marks a replacement kernel function and holds the stock config it replaced. Global, so that two copies of
 * this module never wrap each other's replacement. */
const STOCK_KERNEL = Symbol.for("libsql-rag:stock-batch-matmul");

/** A tensor as kernels see it. */
interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}

interface KernelArgs {
  inputs: Record<string, TensorInfo | undefined>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

type KernelFunc = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** A kernel registration, as `getKernel` returns it and `registerKernel` takes it. */
export interface KernelConfig {
  kernelName: string;
  backendName: string;
  kernelFunc: KernelFunc;
  setupFunc?: unknown;
  disposeFunc?: unknown;
}

/** The TensorFlow.js kernel registry functions used here; `@energetic-ai/core` exports them. */
export interface KernelRegistry {
  getKernel(kernelName: string, backendName: string): KernelConfig | undefined;
  registerKernel(config: KernelConfig): void;
  unregisterKernel(kernelName: string, backendName: string): void;
}

/** The members of tfjs-backend-wasm's `BackendWasm` used here; see {@link looksLikeWasmBackend}. */
interface WasmBackend {
  wasm: {
    cwrap(name: string, returnType: null, argTypes: string[]): (...args: unknown[]) => void;
    tfjs: {
      registerTensor(id: number, size: number, memoryOffset: number): void;
      disposeData(id: number): void;
    };
  };
  dataIdMap: { get(dataId: object): { memoryOffset?: unknown } | undefined };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  disposeData(dataId: object): unknown;
}

type WasmBatchMatMul = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  transposeA: boolean,
  transposeB: boolean,
  outId: number,
) => void;

type Replacement = KernelFunc & { [STOCK_KERNEL]: KernelConfig };

/**
 * Replaces the `"wasm"` backend's `BatchMatMul` kernel with the faster one. Call once per thread, after the
 * backend is ready; further calls do nothing. Kernels are looked up on every op, so models that are already
 * loaded use it from their next call.
 *
 * @returns whether the replacement is installed: `false`, with the stock kernel in place, when the kernels it
 *   needs are not registered or the registry refused the replacement.
 * @example
 * installFastBatchMatMul((await import("@energetic-ai/core")) as unknown as KernelRegistry);
 */
export function installFastBatchMatMul(registry: KernelRegistry): boolean {
  const current = registry.getKernel(KERNEL_NAME, BACKEND_NAME);
  const transpose = registry.getKernel("Transpose", BACKEND_NAME);
  if (!current || !transpose || typeof current.kernelFunc !== "function") return false;
  if (stockOf(current)) return true;
  const kernelFunc = createKernel(current, transpose);
  try {
    registry.unregisterKernel(KERNEL_NAME, BACKEND_NAME);
    // setupFunc stays: a backend created later still binds the stock kernel, which remains the fallback.
    registry.registerKernel({ ...current, kernelFunc });
    return true;
  } catch {
    // A speed-up must never cost the model its kernel.
    if (registry.getKernel(KERNEL_NAME, BACKEND_NAME) !== current) {
      if (registry.getKernel(KERNEL_NAME, BACKEND_NAME)) registry.unregisterKernel(KERNEL_NAME, BACKEND_NAME);
      registry.registerKernel(current);
    }
    return false;
  }
}

/** Puts the stock kernel back, for comparisons. Returns whether a replacement was installed. */
export function uninstallFastBatchMatMul(registry: KernelRegistry): boolean {
  const current = registry.getKernel(KERNEL_NAME, BACKEND_NAME);
  const stock = current && stockOf(current);
  if (!stock) return false;
  registry.unregisterKernel(KERNEL_NAME, BACKEND_NAME);
  registry.registerKernel(stock);
  return true;
}

/** Whether the registered `"wasm"` `BatchMatMul` kernel is the replacement. */
export function isFastBatchMatMulInstalled(registry: KernelRegistry): boolean {
  const current = registry.getKernel(KERNEL_NAME, BACKEND_NAME);
  return current !== undefined && stockOf(current) !== undefined;
}

function stockOf(config: KernelConfig): KernelConfig | undefined {
  return (config.kernelFunc as { [STOCK_KERNEL]?: KernelConfig })[STOCK_KERNEL];
}

/** A product the fast path handles: equal batch dimensions, more than one item, non-empty float32 operands. */
interface BatchedProduct {
  backend: WasmBackend;
  a: TensorInfo;
  b: TensorInfo;
  transposeB: boolean;
  batchShape: number[];
  batch: number;
  m: number;
  k: number;
  n: number;
}

function createKernel(stock: KernelConfig, transpose: KernelConfig): Replacement {
  const bindings = new WeakMap<object, WasmBatchMatMul>();
  let disabled = false;

  function bind(backend: WasmBackend): WasmBatchMatMul {
    let bound = bindings.get(backend);
    if (!bound) {
      // The stock kernel's own binding (its setupFunc) is module-private, so the same export is bound again.
      const argTypes = ["number", "array", "number", "number", "array", "number", "number", "number", "number"];
      bound = backend.wasm.cwrap(KERNEL_NAME, null, argTypes) as WasmBatchMatMul;
      bindings.set(backend, bound);
    }
    return bound;
  }

  function transposeLastTwo(product: BatchedProduct): TensorInfo {
    const rank = product.b.shape.length;
    const perm = Array.from({ length: rank }, (_, axis) => axis);
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    const result = transpose.kernelFunc({ inputs: { x: product.b }, backend: product.backend, attrs: { perm } });
    if (Array.isArray(result)) throw new Error("Transpose returned several tensors");
    return result;
  }

  function runBatched(product: BatchedProduct): TensorInfo {
    const { backend, a, batchShape, batch, m, k, n } = product;
    const batchMatMul = bind(backend);
    let transposed: TensorInfo | undefined;
    let out: TensorInfo | undefined;
    try {
      if (product.transposeB) transposed = transposeLastTwo(product);
      out = backend.makeOutput([...batchShape, m, n], "float32");
      const aOffset = memoryOffset(backend, a);
      const bOffset = memoryOffset(backend, transposed ?? product.b);
      const outOffset = memoryOffset(backend, out);
      const aShape = new Uint8Array(new Int32Array([1, m, k]).buffer);
      const bShape = new Uint8Array(new Int32Array([1, k, n]).buffer);
      const heap = backend.wasm.tfjs;
      for (let item = 0; item < batch; item++) {
        const views: number[] = [];
        const view = (size: number, offset: number) => {
          const id = backend.dataIdNextNumber++;
          heap.registerTensor(id, size, offset);
          views.push(id);
          return id;
        };
        try {
          const aId = view(m * k, aOffset + 4 * item * m * k);
          const bId = view(k * n, bOffset + 4 * item * k * n);
          const outId = view(m * n, outOffset + 4 * item * m * n);
          batchMatMul(aId, aShape, 3, bId, bShape, 3, false, false, outId);
        } finally {
          // Unregisters the views and frees the XNNPACK operator cached on b's view; the memory stays with
          // a, b and out.
          for (const id of views) heap.disposeData(id);
        }
      }
      const result = out;
      out = undefined;
      return result;
    } finally {
      if (transposed) backend.disposeData(transposed.dataId);
      if (out) backend.disposeData(out.dataId);
    }
  }

  const kernelFunc = (args: KernelArgs): TensorInfo | TensorInfo[] => {
    let product: BatchedProduct | undefined;
    try {
      product = disabled ? undefined : batchedProduct(args);
      if (product) return runBatched(product);
    } catch {
      // Internals that differ from what this kernel expects; the stock kernel answers from now on.
      disabled = true;
    }
    return stock.kernelFunc(args);
  };
  return Object.assign(kernelFunc, { [STOCK_KERNEL]: stock });
}

/** The product described by `args` if the fast path handles it, else `undefined`. */
function batchedProduct(args: KernelArgs): BatchedProduct | undefined {
  const { a, b } = args.inputs;
  const backend = args.backend;
  const attrs = args.attrs ?? {};
  if (!a || !b || a.dtype !== "float32" || b.dtype !== "float32") return undefined;
  // Truthiness, as the stock kernel reads them.
  if (attrs["transposeA"] || !looksLikeWasmBackend(backend)) return undefined;
  const rank = a.shape.length;
  if (rank < 3 || b.shape.length !== rank) return undefined;
  const batchShape = a.shape.slice(0, -2);
  if (batchShape.some((size, axis) => size !== b.shape[axis])) return undefined;
  const batch = batchShape.reduce((product, size) => product * size, 1);
  const transposeB = Boolean(attrs["transposeB"]);
  const m = a.shape[rank - 2]!;
  const k = a.shape[rank - 1]!;
  const n = transposeB ? b.shape[rank - 2]! : b.shape[rank - 1]!;
  const bInner = transposeB ? b.shape[rank - 1]! : b.shape[rank - 2]!;
  const dims = [batch, m, k, n];
  if (batch <= 1 || bInner !== k || !dims.every((size) => Number.isInteger(size) && size > 0)) return undefined;
  if (!hasHeapMemory(backend, a) || !hasHeapMemory(backend, b)) return undefined;
  return { backend, a, b, transposeB, batchShape, batch, m, k, n };
}

function looksLikeWasmBackend(backend: unknown): backend is WasmBackend {
  const candidate = backend as Partial<WasmBackend> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.wasm?.cwrap === "function" &&
    typeof candidate.wasm.tfjs?.registerTensor === "function" &&
    typeof candidate.wasm.tfjs.disposeData === "function" &&
    typeof candidate.dataIdMap?.get === "function" &&
    typeof candidate.dataIdNextNumber === "number" &&
    typeof candidate.makeOutput === "function" &&
    typeof candidate.disposeData === "function"
  );
}

function hasHeapMemory(backend: WasmBackend, tensor: TensorInfo): boolean {
  const offset = backend.dataIdMap.get(tensor.dataId)?.memoryOffset;
  return typeof offset === "number" && offset > 0;
}

function memoryOffset(backend: WasmBackend, tensor: TensorInfo): number {
  const offset = backend.dataIdMap.get(tensor.dataId)?.memoryOffset;
  if (typeof offset !== "number" || offset <= 0) throw new Error("a tensor has no WebAssembly memory");
  return offset;
}
