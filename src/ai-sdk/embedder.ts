import type { EmbeddingModel } from "ai";
import { wrapAiSdkModel as wrap, type AiSdkEmbedderOptions, type AiSdkEmbeddingModelLike } from "../embed/ai-sdk-model.js";
import type { Embedder } from "../embed/embedder.js";

export type { AiSdkEmbedderOptions };

/**
 * Wraps a Vercel AI SDK `EmbeddingModel` (for example `openai.embedding("text-embedding-3-small")`) as an
 * {@link Embedder} for `createRag`, `ingest` and collections. Each call sends at most the model's
 * `maxEmbeddingsPerCall` texts; calls run in parallel only when its `supportsParallelCalls` allows; the
 * `signal` of `embed` reaches the model as `abortSignal`; a retryable provider error (429, 5xx) is retried
 * `maxRetries` times; any other failure is `EMBEDDING_FAILED` with the model's error as `cause`.
 *
 * Without `options.dimensions`, one probe text is embedded up front to learn the vector length.
 *
 * @example
 * import { openai } from "@ai-sdk/openai";
 * import { createRag } from "libsql-rag";
 * import { aiSdkEmbedder } from "libsql-rag/ai-sdk";
 *
 * const embedder = await aiSdkEmbedder(openai.embedding("text-embedding-3-small"), { dimensions: 1536 });
 * const rag = await createRag({ url: "file:rag.db", embedder });
 */
export function aiSdkEmbedder(model: Exclude<EmbeddingModel, string>, options: AiSdkEmbedderOptions = {}): Promise<Embedder> {
  return wrap(model as AiSdkEmbeddingModelLike, options);
}
