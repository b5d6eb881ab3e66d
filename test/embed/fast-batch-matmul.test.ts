import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  installFastBatchMatMul,
  isFastBatchMatMulInstalled,
  uninstallFastBatchMatMul,
  type KernelConfig,
  type KernelRegistry,
} from "../../src/embed/fast-batch-matmul.js";
import { useLiteEmbedder } from "../../src/embed/use-lite/index.js";

// The escape hatch would keep the stock kernel; these tests are about the replacement.
delete process.env["LIBSQL_RAG_STOCK_MATMUL"];

/** The TensorFlow.js members these tests use, from the same `@energetic-ai/core` that use-lite loads. */
interface Tf extends KernelRegistry {
  tensor(values: number[], shape: number[], dtype?: "float32" | "int32"): TfTensor;
  matMul(a: TfTensor, b: TfTensor, transposeA?: boolean, transposeB?: boolean): TfTensor;
  memory(): { numTensors: number };
  backend(): {
    numDataIds(): number;
    wasm: { tfjs: { registerTensor(...args: number[]): void; disposeData(id: number): void } };
  };
  getBackend(): string;
}
interface TfTensor {
  shape: number[];
  dataSync(): Float32Array;
  dispose(): void;
}

let tf: Tf;
// The TensorFlow.js runtime: the one this kernel belongs to.
const embedder = useLiteEmbedder({ runtime: "tfjs" });
const batched = useLiteEmbedder({ batchSize: 16, runtime: "tfjs" });
const oneByOne = useLiteEmbedder({ batchSize: 1, runtime: "tfjs" });

const LONG_PROSE =
  "SQLite uses a write-ahead log to let readers proceed while a writer appends changes. A checkpoint later " +
  "copies the pages from the log back into the database file. ";
const TEXTS = [
  "x",
  "How do I enable WAL mode?",
  "",
  LONG_PROSE.repeat(2).slice(0, 450), // near the model's 128-token window
  "Vector search finds the nearest neighbours of a query embedding.",
  LONG_PROSE.repeat(8).slice(0, 950), // past the window
  "naïve café — 日本語 😀",
  "",
  LONG_PROSE.slice(0, 200),
];

beforeAll(async () => {
  await embedder.embed(["warm up"]); // loads the model, which installs the replacement on this thread
  tf = (await import("@energetic-ai/core")) as unknown as Tf;
  expect(tf.getBackend()).toBe("wasm");
});

afterAll(() => {
  if (tf) installFastBatchMatMul(tf); // leave the thread as use-lite set it up, whatever a failed test did
});

/** Runs `fn` with the stock kernel registered, then puts the replacement back. */
async function withStockKernel<T>(fn: () => Promise<T>): Promise<T> {
  expect(uninstallFastBatchMatMul(tf)).toBe(true);
  try {
    return await fn();
  } finally {
    expect(installFastBatchMatMul(tf)).toBe(true);
  }
}

/** How many tensors the wasm backend registers in C++ while `fn` runs; the fast path adds three per item. */
async function countRegisteredTensors(fn: () => Promise<unknown>): Promise<number> {
  return (await countTensorRegistrations(fn)).registered;
}

/** Tensors registered and disposed in C++ while `fn` runs. */
async function countTensorRegistrations(fn: () => Promise<unknown>): Promise<{ registered: number; disposed: number }> {
  const heap = tf.backend().wasm.tfjs;
  const register = vi.spyOn(heap, "registerTensor");
  const dispose = vi.spyOn(heap, "disposeData");
  try {
    await fn();
    return { registered: register.mock.calls.length, disposed: dispose.mock.calls.length };
  } finally {
    register.mockRestore();
    dispose.mockRestore();
  }
}

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(aa * bb);
};
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};

function expectSameEmbeddings(actual: Float32Array[], expected: Float32Array[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((vector, i) => {
    expect(cosine(vector, expected[i]!), `text ${i}`).toBeGreaterThanOrEqual(0.99999);
    expect(maxDiff(vector, expected[i]!), `text ${i}`).toBeLessThan(1e-4);
  });
}

/** Deterministic values in [-1, 1). */
function values(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 30 - 1);
}

/** a x b (with optional transposes) in float64, over equal or missing batch dimensions of b. */
function referenceMatMul(
  a: { values: number[]; shape: number[] },
  b: { values: number[]; shape: number[] },
  transposeA: boolean,
  transposeB: boolean,
): number[] {
  const at = (t: { values: number[]; shape: number[] }, item: number, row: number, col: number, swap: boolean) => {
    const rows = t.shape[t.shape.length - 2]!;
    const cols = t.shape[t.shape.length - 1]!;
    const base = t.shape.length > 2 ? item * rows * cols : 0;
    return swap ? t.values[base + col * cols + row]! : t.values[base + row * cols + col]!;
  };
  const aRank = a.shape.length;
  const batch = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const m = transposeA ? a.shape[aRank - 1]! : a.shape[aRank - 2]!;
  const k = transposeA ? a.shape[aRank - 2]! : a.shape[aRank - 1]!;
  const n = transposeB ? b.shape[b.shape.length - 2]! : b.shape[b.shape.length - 1]!;
  const out: number[] = [];
  for (let item = 0; item < batch; item++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += at(a, item, i, p, transposeA) * at(b, item, p, j, transposeB);
        out.push(sum);
      }
    }
  }
  return out;
}

describe("fastBatchMatMul: installation", () => {
  it("is installed by useLiteEmbedder on the model's thread, once", () => {
    expect(isFastBatchMatMulInstalled(tf)).toBe(true);
    const registered = tf.getKernel("BatchMatMul", "wasm")!;
    expect(installFastBatchMatMul(tf)).toBe(true);
    expect(tf.getKernel("BatchMatMul", "wasm")).toBe(registered);
  });

  it("restores the stock kernel on uninstall and replaces it again on install", () => {
    const replacement = tf.getKernel("BatchMatMul", "wasm")!;
    expect(uninstallFastBatchMatMul(tf)).toBe(true);
    const stock = tf.getKernel("BatchMatMul", "wasm")!;
    expect(stock.kernelFunc).not.toBe(replacement.kernelFunc);
    expect(isFastBatchMatMulInstalled(tf)).toBe(false);
    expect(uninstallFastBatchMatMul(tf)).toBe(false);
    expect(installFastBatchMatMul(tf)).toBe(true);
    expect(isFastBatchMatMulInstalled(tf)).toBe(true);
    expect(tf.getKernel("BatchMatMul", "wasm")!.setupFunc).toBe(stock.setupFunc);
  });

  it("takes the fast path for the model's attention products", async () => {
    const text = [LONG_PROSE.repeat(3)];
    const stockCount = await withStockKernel(() => countRegisteredTensors(() => embedder.embed(text)));
    const fastCount = await countRegisteredTensors(() => embedder.embed(text));
    // USE-lite has 4 batched attention products, each of 4 heads per text; the fast path registers three
    // views per item (plus a transposed copy of b for 2 of them), the stock kernel none.
    expect(fastCount - stockCount).toBeGreaterThanOrEqual(4 * 4 * 3);
  });

  it("returns false and changes nothing when the wasm kernels are not registered", () => {
    const registry: KernelRegistry = {
      getKernel: () => undefined,
      registerKernel: vi.fn(),
      unregisterKernel: vi.fn(),
    };
    expect(installFastBatchMatMul(registry)).toBe(false);
    expect(registry.registerKernel).not.toHaveBeenCalled();
    expect(registry.unregisterKernel).not.toHaveBeenCalled();
  });
});

describe("fastBatchMatMul: embeddings", () => {
  it("match the stock kernel's for texts of varied lengths, one by one and in batches", async () => {
    const [stockSingle, stockBatched] = await withStockKernel(async () => [
      await oneByOne.embed(TEXTS),
      await batched.embed(TEXTS),
    ]);
    const fastSingle = await oneByOne.embed(TEXTS);
    const fastBatched = await batched.embed(TEXTS);
    expectSameEmbeddings(fastSingle, stockSingle);
    expectSameEmbeddings(fastBatched, stockBatched);
    expectSameEmbeddings(fastBatched, stockSingle);
  });

  it("leaks no tensors", async () => {
    await batched.embed(TEXTS);
    const tensors = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    await batched.embed(TEXTS);
    await oneByOne.embed(TEXTS.slice(0, 4));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(dataIds);
  });
});

describe("fastBatchMatMul: kernel", () => {
  interface Case {
    name: string;
    a: number[];
    b: number[];
    transposeA?: boolean;
    transposeB?: boolean;
    fast: boolean;
  }
  const cases: Case[] = [
    { name: "batched", a: [4, 3, 5], b: [4, 5, 2], fast: true },
    { name: "batched, b transposed", a: [2, 3, 3, 5], b: [2, 3, 2, 5], transposeB: true, fast: true },
    { name: "batched, a transposed", a: [3, 5, 4], b: [3, 5, 2], transposeA: true, fast: false },
    { name: "batch of 1", a: [1, 3, 5], b: [1, 5, 2], fast: false },
    { name: "rank 2", a: [3, 4], b: [4, 6], fast: false },
    { name: "empty", a: [2, 0, 4], b: [2, 4, 3], fast: false },
  ];
  const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);

  type Operand = { values: number[]; shape: number[] };
  async function product(a: Operand, b: Operand, transposeA: boolean, transposeB: boolean) {
    let result: Float32Array = new Float32Array();
    const tensors = tf.memory().numTensors;
    const { registered, disposed } = await countTensorRegistrations(async () => {
      const ta = tf.tensor(a.values, a.shape);
      const tb = tf.tensor(b.values, b.shape);
      const out = tf.matMul(ta, tb, transposeA, transposeB);
      result = out.dataSync();
      [ta, tb, out].forEach((t) => t.dispose());
    });
    expect(tf.memory().numTensors).toBe(tensors);
    // Every tensor and view registered in C++ is gone again, with any XNNPACK operator cached on it.
    expect(disposed).toBe(registered);
    return { result, registered };
  }

  for (const { name, a: aShape, b: bShape, transposeA = false, transposeB = false, fast } of cases) {
    const path = fast ? "on the fast path" : "with the stock kernel";
    it(`computes ${name} products like a float64 reference, ${path}`, async () => {
      const a = { values: values(size(aShape), 1), shape: aShape };
      const b = { values: values(size(bShape), 2), shape: bShape };
      const got = await product(a, b, transposeA, transposeB);
      const stock = await withStockKernel(() => product(a, b, transposeA, transposeB));
      expect(maxDiff(got.result, referenceMatMul(a, b, transposeA, transposeB))).toBeLessThan(1e-5);
      if (fast) {
        // Three views per batch item, and b's transposed copy.
        expect(got.registered - stock.registered).toBe(3 * size(aShape.slice(0, -2)) + (transposeB ? 1 : 0));
      } else {
        expect(got.registered).toBe(stock.registered);
        expect(got.result).toEqual(stock.result);
      }
    });
  }

  it("rejects non-float32 operands as the stock kernel does", () => {
    const a = tf.tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], "int32");
    expect(() => tf.matMul(a, a)).toThrow(/non-float32/);
    a.dispose();
  });
});

describe("fastBatchMatMul: fallback", () => {
  /** A registry holding a stub stock kernel, and the replacement installed over it. */
  function fakeRegistry() {
    const stockResult = { dataId: {}, shape: [2, 1, 1], dtype: "float32" };
    const stockKernel = vi.fn((_args: unknown) => stockResult);
    const stock: KernelConfig = { kernelName: "BatchMatMul", backendName: "wasm", kernelFunc: stockKernel };
    const kernels = new Map<string, KernelConfig>([
      ["BatchMatMul", stock],
      ["Transpose", { kernelName: "Transpose", backendName: "wasm", kernelFunc: vi.fn(() => stockResult) }],
    ]);
    const registry: KernelRegistry = {
      getKernel: (name) => kernels.get(name),
      registerKernel: (config) => void kernels.set(config.kernelName, config),
      unregisterKernel: (name) => void kernels.delete(name),
    };
    expect(installFastBatchMatMul(registry)).toBe(true);
    const replacement = kernels.get("BatchMatMul")!;
    expect(replacement.kernelFunc).not.toBe(stock.kernelFunc);
    return { stock: stockKernel, stockResult, replacement };
  }

  const tensor = (shape: number[]) => ({ dataId: {}, shape, dtype: "float32" });

  /** An object with the wasm backend's members; its C++ BatchMatMul throws. */
  function fakeWasmBackend() {
    const disposed: object[] = [];
    const backend = {
      wasm: {
        cwrap: () => () => {
          throw new Error("changed internals");
        },
        tfjs: { registerTensor: vi.fn(), disposeData: vi.fn() },
      },
      dataIdMap: { get: () => ({ memoryOffset: 64 }) },
      dataIdNextNumber: 100,
      makeOutput: (shape: number[]) => tensor(shape),
      disposeData: (dataId: object) => void disposed.push(dataId),
    };
    return { backend, disposed };
  }

  it("hands other backends' products to the stock kernel", () => {
    const { stock, stockResult, replacement } = fakeRegistry();
    const args = { inputs: { a: tensor([2, 1, 3]), b: tensor([2, 3, 1]) }, backend: {}, attrs: {} };
    expect(replacement.kernelFunc(args)).toBe(stockResult);
    expect(stock).toHaveBeenCalledWith(args);
  });

  it("hands products with broadcast or mismatched batch dimensions to the stock kernel", () => {
    const { stock, stockResult, replacement } = fakeRegistry();
    const { backend } = fakeWasmBackend();
    const shapes = [
      [[2, 1, 3], [1, 3, 1]],
      [[2, 1, 3], [3, 1]],
      [[2, 1, 3], [2, 4, 1]],
      [[2, 2, 1, 3], [4, 3, 1]],
    ];
    for (const [aShape, bShape] of shapes) {
      const args = { inputs: { a: tensor(aShape!), b: tensor(bShape!) }, backend, attrs: {} };
      expect(replacement.kernelFunc(args)).toBe(stockResult);
    }
    expect(stock).toHaveBeenCalledTimes(shapes.length);
    expect(backend.wasm.tfjs.registerTensor).not.toHaveBeenCalled();
  });

  it("falls back to the stock kernel, and stays there, when the backend's internals throw", () => {
    const { stock, stockResult, replacement } = fakeRegistry();
    const { backend, disposed } = fakeWasmBackend();
    const args = { inputs: { a: tensor([2, 1, 3]), b: tensor([2, 3, 1]) }, backend, attrs: {} };
    expect(replacement.kernelFunc(args)).toBe(stockResult);
    expect(stock).toHaveBeenCalledTimes(1);
    // The views it had registered and the output it had made are released.
    expect(backend.wasm.tfjs.disposeData.mock.calls.map(([id]) => id)).toEqual([100, 101, 102]);
    expect(disposed).toHaveLength(1);
    // The fast path stays off.
    expect(replacement.kernelFunc(args)).toBe(stockResult);
    expect(stock).toHaveBeenCalledTimes(2);
    expect(backend.wasm.tfjs.registerTensor).toHaveBeenCalledTimes(3);
  });
});

describe("fastBatchMatMul: worker threads", () => {
  it("is installed in workers too, unless LIBSQL_RAG_STOCK_MATMUL=1", async () => {
    // No empty string: its vector is computed once per thread, when the model loads.
    const texts = [LONG_PROSE.repeat(2), "short text", LONG_PROSE.slice(0, 120)];
    const fastHere = await batched.embed(texts);
    const stockHere = await withStockKernel(() => batched.embed(texts));
    // Different kernels round differently, so identical vectors identify the kernel a worker ran.
    expect(maxDiff(fastHere[0]!, stockHere[0]!)).toBeGreaterThan(0);

    // A worker starts on its first batch and copies process.env then.
    const fastWorker = useLiteEmbedder({ workers: 1, batchSize: 16, runtime: "tfjs" });
    const stockWorker = useLiteEmbedder({ workers: 1, batchSize: 16, runtime: "tfjs" });
    try {
      process.env["LIBSQL_RAG_STOCK_MATMUL"] = "1";
      const fromStockWorker = await stockWorker.embed(texts);
      delete process.env["LIBSQL_RAG_STOCK_MATMUL"];
      const fromFastWorker = await fastWorker.embed(texts);
      texts.forEach((_, i) => {
        expect(maxDiff(fromFastWorker[i]!, fastHere[i]!)).toBe(0);
        expect(maxDiff(fromStockWorker[i]!, stockHere[i]!)).toBe(0);
      });
    } finally {
      delete process.env["LIBSQL_RAG_STOCK_MATMUL"];
      await Promise.all([fastWorker.close?.(), stockWorker.close?.()]);
    }
  });
});
