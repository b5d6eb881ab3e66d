import { Embeddings, type EmbeddingsInterface, type EmbeddingsParams } from "@langchain/core/embeddings";
import pLimit from "p-limit";
import type { Embedder, EmbedOptions } from "../embed/embedder.js";
import { RagError, describeValue, ensureArgument, isRagError } from "../errors.js";
import { MAX_DIMENSIONS } from "../db/vector.js";

/**
 * LangChain `Embeddings` backed by one of our {@link Embedder}s. `embedder` is the wrapped embedder, so the
 * vector store records its id (for example `"use-lite-512"`) and a collection built by `rag.ingest()` can be
 * searched through LangChain, and the other way round.
 */
export type EmbedderEmbeddings = Embeddings & { readonly embedder: Embedder };

class EmbedderEmbeddingsImpl extends Embeddings {
  constructor(
    readonly embedder: Embedder,
    params: EmbeddingsParams,
  ) {
    super(params);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (documents.length === 0) return [];
    const size = this.embedder.maxBatchSize ?? documents.length;
    const limit = pLimit(Math.max(1, this.embedder.maxConcurrency ?? 1));
    const batches: string[][] = [];
    for (let i = 0; i < documents.length; i += size) batches.push(documents.slice(i, i + size));
    const results = await Promise.all(batches.map((batch) => limit(() => this.embedBatch(batch))));
    return results.flat();
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedBatch([document]);
    return vector!;
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    const vectors = await this.embedder.embed(texts);
    if (!Array.isArray(vectors) || vectors.length !== texts.length) {
      throw new RagError(
        "EMBEDDING_FAILED",
        `Embedder "${this.embedder.id}" returned ${describeValue(vectors)} for ${texts.length} texts; expected one vector per text.`,
      );
    }
    return vectors.map((v) => Array.from(v));
  }
}

/**
 * Wraps one of our embedders as LangChain `Embeddings`, so the offline model (or any {@link Embedder}) can
 * serve LangChain vector stores, retrievers and chains. Texts are sent in batches of `maxBatchSize`, with at
 * most `maxConcurrency` calls at once, as the embedder states. Errors are not retried here: our embedders
 * retry what is worth retrying themselves.
 *
 * @param params LangChain's `EmbeddingsParams` (only kept for LangChain's own use). @default {}
 * @example
 * import { useLiteEmbedder } from "libsql-rag";
 * import { embeddingsFromEmbedder, LibSQLRagVectorStore } from "libsql-rag/langchain";
 *
 * const embeddings = embeddingsFromEmbedder(useLiteEmbedder());
 * const store = new LibSQLRagVectorStore(embeddings, { url: "file:rag.db", collection: "docs" });
 */
export function embeddingsFromEmbedder(embedder: Embedder, params: EmbeddingsParams = {}): EmbedderEmbeddings {
  ensureArgument(
    embedder !== null && typeof embedder === "object" && typeof embedder.embed === "function" && typeof embedder.id === "string",
    `embeddingsFromEmbedder expects an Embedder ({ id, dimensions, embed }), got ${describeValue(embedder)}.`,
  );
  return new EmbedderEmbeddingsImpl(embedder, params);
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
  ensureArgument(
    options.id === undefined || (typeof options.id === "string" && options.id.length > 0 && options.id.length <= 512),
    `embedderFromEmbeddings: id must be a string of 1 to 512 characters, got ${describeValue(options.id)}.`,
  );
  for (const [key, max] of [["dimensions", MAX_DIMENSIONS], ["maxBatchSize", 1_000_000], ["maxConcurrency", 1024]] as const) {
    const value = options[key];
    ensureArgument(
      value === undefined || (Number.isInteger(value) && value >= 1 && value <= max),
      `embedderFromEmbeddings: ${key} must be an integer from 1 to ${max}, got ${describeValue(value)}.`,
    );
  }
  if (embeddings instanceof EmbedderEmbeddingsImpl && (options.id === undefined || options.id === embeddings.embedder.id)) {
    return embeddings.embedder;
  }
  const id = options.id ?? langChainEmbedderId(embeddings);
  const dimensions = options.dimensions ?? (await probeDimensions(embeddings, id));
  const embedder: Embedder = {
    id,
    dimensions,
    ...(options.maxBatchSize !== undefined ? { maxBatchSize: options.maxBatchSize } : {}),
    ...(options.maxConcurrency !== undefined ? { maxConcurrency: options.maxConcurrency } : {}),
    embed: (texts, embedOptions) => embedWith(embeddings, id, dimensions, texts, embedOptions),
  };
  return embedder;
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

async function embedWith(
  embeddings: EmbeddingsInterface,
  id: string,
  dimensions: number,
  texts: string[],
  options: EmbedOptions | undefined,
): Promise<Float32Array[]> {
  const signal = options?.signal;
  if (signal?.aborted) throw new RagError("ABORTED", "Embedding was aborted.", { cause: signal.reason });
  if (texts.length === 0) return [];
  let vectors: unknown;
  try {
    vectors = await embeddings.embedDocuments(texts);
  } catch (error) {
    if (isRagError(error)) throw error;
    throw new RagError("EMBEDDING_FAILED", `LangChain embeddings "${id}" failed on ${texts.length} texts: ${messageOf(error)}.`, { cause: error });
  }
  if (signal?.aborted) throw new RagError("ABORTED", "Embedding was aborted.", { cause: signal.reason });
  if (!Array.isArray(vectors) || vectors.length !== texts.length) {
    throw new RagError("EMBEDDING_FAILED", `LangChain embeddings "${id}" returned ${describeValue(vectors)} for ${texts.length} texts; expected one vector per text.`);
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
  if (embeddings instanceof EmbedderEmbeddingsImpl) return embeddings.embedder.id;
  const name = (embeddings as { constructor?: { name?: unknown } }).constructor?.name;
  const className = typeof name === "string" && name.length > 0 && name !== "Object" ? name : "Embeddings";
  const fields = embeddings as unknown as Record<string, unknown>;
  const model = ["model", "modelName", "modelId", "deploymentName", "azureOpenAIApiDeploymentName"]
    .map((key) => fields[key])
    .find((value): value is string => typeof value === "string" && value.length > 0);
  return (model ? `langchain:${className}:${model}` : `langchain:${className}`).slice(0, 512);
}
