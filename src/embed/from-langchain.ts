import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { MAX_DIMENSIONS } from "../db/vector.js";
import { z } from "zod";
import { RagError, describeValue, ensureArgument, isRagError } from "../errors.js";
import { integer, parseOptions } from "../options.js";
import { embedMany, type BatchEmbedder } from "./embed-many.js";
import type { Embedder } from "./embedder.js";

/**
 * Marks LangChain `Embeddings` made by `embeddingsFromEmbedder` (libsql-rag/langchain), whose `embedder`
 * property is then ours: wrapping them back gives the original embedder. A registered symbol, so this file
 * needs nothing from the LangChain adapter (nor `@langchain/core` at run time).
 */
export const WRAPS_EMBEDDER = Symbol.for("libsql-rag.wraps-embedder");

function wrappedEmbedder(embeddings: EmbeddingsInterface): Embedder | undefined {
  const marked = embeddings as unknown as { [WRAPS_EMBEDDER]?: unknown; embedder?: Embedder };
  return marked[WRAPS_EMBEDDER] === true ? marked.embedder : undefined;
}

/** Options of {@link embedderFromEmbeddings}. */
export interface EmbedderFromEmbeddingsOptions {
  /**
   * The embedder id recorded on collections. Name the model, so that a collection is never searched with
   * vectors of another model.
   * @default the derived id, `langchain:<ClassName>:<model>` (see {@link langChainEmbedderId})
   */
  id?: string;
  /**
   * The vector length. When omitted, the factory embeds one short probe text to learn it (one model call).
   */
  dimensions?: number;
  /** Passed on as {@link Embedder.maxBatchSize}. LangChain embeddings usually batch internally. */
  maxBatchSize?: number;
  /** Passed on as {@link Embedder.maxConcurrency}. */
  maxConcurrency?: number;
}

const optionsSchema = z.strictObject({
  id: z.string({ error: "a string of 1 to 512 characters" }).min(1).max(512).optional(),
  dimensions: integer(1, MAX_DIMENSIONS).optional(),
  maxBatchSize: integer(1, 1_000_000).optional(),
  maxConcurrency: integer(1, 1024).optional(),
});

const PROBE_TEXT = "dimension probe";

/**
 * Wraps LangChain `Embeddings` (for example `OpenAIEmbeddings`) as one of our {@link Embedder}s, so they can
 * serve `createRag`, `ingest` and the CLI pipeline.
 *
 * It is async because `Embedder.dimensions` is a fixed number: when `dimensions` is not given, the factory
 * embeds one probe text once, up front. Pass `dimensions` to skip that call. Every later result is checked:
 * a wrong count or length is an `EMBEDDING_FAILED` error, and a failure of the wrapped model is rethrown as
 * `EMBEDDING_FAILED` with the original error as `cause`.
 *
 * Wrapping the result of {@link embeddingsFromEmbedder} gives back the original embedder.
 *
 * @example
 * import { OpenAIEmbeddings } from "@langchain/openai";
 * import { createRag } from "libsql-rag";
 * import { embedderFromEmbeddings } from "libsql-rag/langchain";
 *
 * const embedder = await embedderFromEmbeddings(new OpenAIEmbeddings({ model: "text-embedding-3-small" }), {
 *   id: "openai:text-embedding-3-small",
 *   dimensions: 1536,
 * });
 * const rag = await createRag({ url: "file:rag.db", embedder });
 */
export async function embedderFromEmbeddings(embeddings: EmbeddingsInterface, options: EmbedderFromEmbeddingsOptions = {}): Promise<Embedder> {
  ensureArgument(
    embeddings !== null && typeof embeddings === "object" && typeof embeddings.embedDocuments === "function" && typeof embeddings.embedQuery === "function",
    `embedderFromEmbeddings expects LangChain Embeddings (embedDocuments, embedQuery), got ${describeValue(embeddings)}.`,
  );
  const o = parseOptions(optionsSchema, options, { caller: "embedderFromEmbeddings" });
  const inner = wrappedEmbedder(embeddings);
  if (inner && (o.id === undefined || o.id === inner.id)) return inner;
  const id = o.id ?? langChainEmbedderId(embeddings);
  const dimensions = o.dimensions ?? (await probeDimensions(embeddings, id));
  const limits = {
    ...(o.maxBatchSize !== undefined ? { maxBatchSize: o.maxBatchSize } : {}),
    ...(o.maxConcurrency !== undefined ? { maxConcurrency: o.maxConcurrency } : {}),
  };
  const batches: BatchEmbedder = {
    id,
    ...limits,
    failure: (error, texts) =>
      isRagError(error)
        ? error
        : new RagError("EMBEDDING_FAILED", `LangChain embeddings "${id}" failed on ${texts} texts: ${messageOf(error)}.`, { cause: error }),
    embed: (texts) => embedOneBatch(embeddings, id, dimensions, texts),
  };
  return { id, dimensions, ...limits, embed: (texts, embedOptions) => embedMany(batches, texts, embedOptions) };
}

async function probeDimensions(embeddings: EmbeddingsInterface, id: string): Promise<number> {
  let vector: unknown;
  try {
    vector = await embeddings.embedQuery(PROBE_TEXT);
  } catch (error) {
    throw new RagError("EMBEDDING_FAILED", `Could not probe the dimensions of "${id}": ${messageOf(error)}. Pass { dimensions } to skip the probe.`, {
      cause: error,
    });
  }
  const length = isVectorLike(vector) ? vector.length : 0;
  if (length < 1 || length > MAX_DIMENSIONS) {
    throw new RagError("EMBEDDING_FAILED", `Probing "${id}" returned ${describeValue(vector)}, not a vector of 1 to ${MAX_DIMENSIONS} numbers.`);
  }
  return length;
}

/** One `embedDocuments` call, its vectors checked: one per text, each of `dimensions` numbers. */
async function embedOneBatch(embeddings: EmbeddingsInterface, id: string, dimensions: number, texts: string[]): Promise<Float32Array[]> {
  const vectors: unknown = await embeddings.embedDocuments(texts);
  if (!Array.isArray(vectors) || vectors.length !== texts.length) {
    throw new RagError(
      "EMBEDDING_FAILED",
      `LangChain embeddings "${id}" returned ${describeValue(vectors)} for ${texts.length} texts; expected one vector per text.`,
    );
  }
  return vectors.map((v: unknown, i) => {
    if (!isVectorLike(v) || v.length !== dimensions) {
      throw new RagError(
        "EMBEDDING_FAILED",
        `LangChain embeddings "${id}" returned ${describeValue(v)} for text ${i}; expected ${dimensions} numbers. Check the model, or the dimensions option.`,
        { details: { expected: dimensions, actual: isVectorLike(v) ? v.length : null, index: i } },
      );
    }
    return Float32Array.from(v);
  });
}

function isVectorLike(value: unknown): value is ArrayLike<number> & Iterable<number> {
  return Array.isArray(value) || value instanceof Float32Array || value instanceof Float64Array;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The embedder id recorded for LangChain `Embeddings`: the wrapped embedder's id for
 * {@link embeddingsFromEmbedder}, otherwise `langchain:<ClassName>` plus `:<model>` when the instance names
 * one (`model`, `modelName`, `modelId`, `deploymentName`, or `azureOpenAIApiDeploymentName`).
 *
 * Class names can change under minification: in bundled production code, pass an explicit `embedderId`.
 *
 * @example
 * langChainEmbedderId(new OpenAIEmbeddings({ model: "text-embedding-3-small" }));
 * // "langchain:OpenAIEmbeddings:text-embedding-3-small"
 */
export function langChainEmbedderId(embeddings: EmbeddingsInterface): string {
  const inner = wrappedEmbedder(embeddings);
  if (inner) return inner.id;
  const name = (embeddings as { constructor?: { name?: unknown } }).constructor?.name;
  const className = typeof name === "string" && name.length > 0 && name !== "Object" ? name : "Embeddings";
  const fields = embeddings as unknown as Record<string, unknown>;
  const model = ["model", "modelName", "modelId", "deploymentName", "azureOpenAIApiDeploymentName"]
    .map((key) => fields[key])
    .find((value): value is string => typeof value === "string" && value.length > 0);
  return (model ? `langchain:${className}:${model}` : `langchain:${className}`).slice(0, 512);
}
