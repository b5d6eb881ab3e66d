import { checkEmbedder } from "./check-embedder.js";
import { embedderFromEmbeddings } from "./from-langchain.js";
import { isAiSdkEmbeddingModel, wrapAiSdkModel, type AiSdkEmbeddingModelLike } from "./ai-sdk-model.js";
import type { Embedder } from "./embedder.js";

/**
 * The part of a LangChain `Embeddings` object used here, stated structurally so that the core needs no
 * `@langchain/core` unless one is passed.
 */
interface LangChainEmbeddingsLike {
  embedDocuments(documents: string[]): Promise<number[][]>;
  embedQuery(document: string): Promise<number[]>;
}

/** What `embedder` options accept: one of ours, LangChain `Embeddings`, or a Vercel AI SDK `EmbeddingModel`. */
export type EmbedderLike = Embedder | LangChainEmbeddingsLike | AiSdkEmbeddingModelLike;

function isLangChainEmbeddings(value: unknown): value is LangChainEmbeddingsLike {
  const v = value as Record<string, unknown> | null;
  return v !== null && typeof v === "object" && typeof v.embedDocuments === "function" && typeof v.embedQuery === "function";
}

/**
 * Turns an `embedder` option into an {@link Embedder}, by shape: ours is used as is; a Vercel AI SDK
 * `EmbeddingModel` is wrapped as `aiSdkEmbedder` does; a LangChain `Embeddings` as `embedderFromEmbeddings`
 * does. Wrapping learns the vector length with one probe call. Anything else is `INVALID_ARGUMENT` naming what
 * is missing.
 */
export async function resolveEmbedder(value: unknown, where: string): Promise<Embedder> {
  const v = value as Record<string, unknown> | null;
  const ours = v !== null && typeof v === "object" && typeof v.embed === "function";
  if (!ours && isAiSdkEmbeddingModel(value)) return wrapAiSdkModel(value);
  if (!ours && isLangChainEmbeddings(value)) {
    return embedderFromEmbeddings(value);
  }
  checkEmbedder(value, where);
  return value;
}
