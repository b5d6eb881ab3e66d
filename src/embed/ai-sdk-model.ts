import pLimit from "p-limit";
import { z } from "zod";
import { integer, parseOptions } from "../options.js";
import { RagError, describeValue, errorMessage, isRagError } from "../errors.js";
import { MAX_DIMENSIONS } from "../db/vector.js";
import type { Embedder, EmbedOptions } from "./embedder.js";

/**
 * The part of a Vercel AI SDK embedding model (`EmbeddingModelV3`, or `V2`) this library uses, stated here
 * so that the core needs neither `ai` nor `@ai-sdk/provider` installed.
 */
export interface AiSdkEmbeddingModelLike {
  readonly specificationVersion?: string;
  readonly provider?: string;
  readonly modelId: string;
  readonly maxEmbeddingsPerCall?: PromiseLike<number | undefined> | number | undefined;
  readonly supportsParallelCalls?: PromiseLike<boolean> | boolean;
  doEmbed(options: { values: string[]; abortSignal?: AbortSignal }): PromiseLike<{ embeddings: ArrayLike<number>[] }>;
}

/** Options of {@link aiSdkEmbedder}. */
export interface AiSdkEmbedderOptions {
  /**
   * The embedder id recorded on collections. Name the model so a collection is never searched with another's vectors.
   * @default "ai-sdk:<provider>:<modelId>"
   */
  id?: string;
  /** The vector length. When omitted, one short probe text is embedded up front to learn it. */
  dimensions?: number;
  /** Calls at once when the model allows parallel calls (`supportsParallelCalls`); else 1. @default 4 */
  maxConcurrency?: number;
  /** Retries of a call that failed with an error the provider marks `isRetryable` (429, 5xx). @default 2 */
  maxRetries?: number;
  /** Wait before the first retry, doubled before each next one (the AI SDK's own schedule). @default 2000 */
  retryDelayMs?: number;
}

const optionsSchema = z.strictObject({
  id: z.string().min(1).max(512).optional(),
  dimensions: integer(1, MAX_DIMENSIONS).optional(),
  maxConcurrency: integer(1, 1024).optional(),
  maxRetries: integer(0, 100).optional(),
  retryDelayMs: integer(0, 600_000).optional(),
} satisfies Record<keyof AiSdkEmbedderOptions, z.ZodType>);

/** A Vercel AI SDK embedding model: `doEmbed` with a `modelId` or a `specificationVersion`. */
export function isAiSdkEmbeddingModel(value: unknown): value is AiSdkEmbeddingModelLike {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.doEmbed === "function" && (typeof v.specificationVersion === "string" || typeof v.modelId === "string");
}

/**
 * Wraps a Vercel AI SDK `EmbeddingModel` (for example `openai.embedding("text-embedding-3-small")`) as an
 * {@link Embedder}. Each call sends at most the model's `maxEmbeddingsPerCall` texts, calls run in parallel only
 * when the model's `supportsParallelCalls` says so, `signal` is passed on as `abortSignal`, and a failure is
 * `EMBEDDING_FAILED` with the model's error as `cause` (`ABORTED` when aborted).
 *
 * Async because `Embedder.dimensions` is a number known up front: without `options.dimensions`, one probe
 * text is embedded first.
 *
 * @example
 * import { openai } from "@ai-sdk/openai";
 * const embedder = await aiSdkEmbedder(openai.embedding("text-embedding-3-small"), { dimensions: 1536 });
 * const rag = await createRag({ url: "file:rag.db", embedder });
 */
export async function wrapAiSdkModel(model: AiSdkEmbeddingModelLike, options: AiSdkEmbedderOptions = {}): Promise<Embedder> {
  if (typeof model === "string") {
    throw new RagError(
      "INVALID_ARGUMENT",
      `aiSdkEmbedder expects an AI SDK EmbeddingModel object, got the model id string ${JSON.stringify(model)}. Pass the provider's model, e.g. openai.embedding(${JSON.stringify(model)}).`,
    );
  }
  if (!isAiSdkEmbeddingModel(model)) {
    throw new RagError("INVALID_ARGUMENT", `aiSdkEmbedder expects an AI SDK EmbeddingModel (with doEmbed and modelId), got ${describeValue(model)}.`);
  }
  parseOptions(optionsSchema, options, { caller: "aiSdkEmbedder" });
  const id = options.id ?? `ai-sdk:${model.provider ? `${model.provider}:` : ""}${model.modelId}`.slice(0, 512);
  const perCall = await model.maxEmbeddingsPerCall;
  const parallel = (await model.supportsParallelCalls) ?? true;
  const maxBatchSize = typeof perCall === "number" && Number.isFinite(perCall) && perCall >= 1 ? Math.floor(perCall) : undefined;
  const maxConcurrency = parallel ? (options.maxConcurrency ?? 4) : 1;
  const retry = { maxRetries: options.maxRetries ?? 2, delayMs: options.retryDelayMs ?? 2000 };
  const call = (values: string[], signal: AbortSignal | undefined) => callModel(model, id, values, signal, retry);
  const dimensions = options.dimensions ?? (await probe(call, id));

  const limit = pLimit(maxConcurrency);
  return {
    id,
    dimensions,
    ...(maxBatchSize !== undefined ? { maxBatchSize } : {}),
    maxConcurrency,
    async embed(texts: string[], embedOptions?: EmbedOptions): Promise<Float32Array[]> {
      const signal = embedOptions?.signal;
      if (signal?.aborted) throw new RagError("ABORTED", "Embedding was aborted.", { cause: signal.reason });
      if (texts.length === 0) return [];
      const size = maxBatchSize ?? texts.length;
      const batches: string[][] = [];
      for (let i = 0; i < texts.length; i += size) batches.push(texts.slice(i, i + size));
      const results = await Promise.all(batches.map((batch) => limit(() => call(batch, signal))));
      return results.flat().map((vector, i) => {
        if (vector.length !== dimensions) {
          throw new RagError(
            "EMBEDDING_FAILED",
            `AI SDK model "${id}" returned a vector of ${vector.length} numbers for text ${i}; expected ${dimensions}. Check the model, or the dimensions option.`,
            { details: { expected: dimensions, actual: vector.length, index: i } },
          );
        }
        return vector;
      });
    },
  };
}

async function probe(call: (values: string[], signal: undefined) => Promise<Float32Array[]>, id: string): Promise<number> {
  const [vector] = await call(["dimension probe"], undefined);
  const length = vector?.length ?? 0;
  if (length < 1 || length > MAX_DIMENSIONS) {
    throw new RagError("EMBEDDING_FAILED", `Probing AI SDK model "${id}" returned a vector of ${length} numbers; expected 1 to ${MAX_DIMENSIONS}.`);
  }
  return length;
}

async function callModel(
  model: AiSdkEmbeddingModelLike,
  id: string,
  values: string[],
  signal: AbortSignal | undefined,
  retry: { maxRetries: number; delayMs: number },
): Promise<Float32Array[]> {
  for (let attempt = 0; ; attempt++) {
    let result: { embeddings: ArrayLike<number>[] };
    try {
      if (signal?.aborted) throw signal.reason;
      // Raced with the signal, so an abort returns at once even from a model that ignores `abortSignal`.
      result = await raceAbort(model.doEmbed({ values, ...(signal ? { abortSignal: signal } : {}) }), signal);
    } catch (error) {
      if (signal?.aborted) throw new RagError("ABORTED", "Embedding was aborted.", { cause: signal.reason ?? error });
      if (isRagError(error)) throw error;
      if (attempt < retry.maxRetries && (error as { isRetryable?: unknown } | null)?.isRetryable === true) {
        await sleep(retry.delayMs * 2 ** attempt, signal);
        continue;
      }
      throw new RagError("EMBEDDING_FAILED", `AI SDK model "${id}" failed on ${values.length} texts: ${errorMessage(error)}.`, { cause: error });
    }
    const embeddings = (result as { embeddings?: unknown } | null)?.embeddings;
    if (!Array.isArray(embeddings) || embeddings.length !== values.length) {
      throw new RagError(
        "EMBEDDING_FAILED",
        `AI SDK model "${id}" returned ${describeValue(embeddings)} for ${values.length} texts; expected one embedding per text.`,
      );
    }
    return embeddings.map((e: unknown) => {
      if (!Array.isArray(e) && !(e instanceof Float32Array) && !(e instanceof Float64Array)) {
        throw new RagError("EMBEDDING_FAILED", `AI SDK model "${id}" returned ${describeValue(e)} as an embedding; expected an array of numbers.`);
      }
      return Float32Array.from(e as ArrayLike<number>);
    });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RagError("ABORTED", "Embedding was aborted.", { cause: signal?.reason }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function raceAbort<T>(promise: PromiseLike<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return Promise.resolve(promise);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(promise).then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
