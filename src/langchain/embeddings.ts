import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { batchesOf, embedMany } from "../embed/embed-many.js";
import type { Embedder } from "../embed/embedder.js";
import { WRAPS_EMBEDDER } from "../embed/from-langchain.js";
import { describeValue, ensureArgument } from "../errors.js";

export { embedderFromEmbeddings, langChainEmbedderId, type EmbedderFromEmbeddingsOptions } from "../embed/from-langchain.js";

/**
 * LangChain `Embeddings` backed by one of our {@link Embedder}s. `embedder` is the wrapped embedder, so the
 * vector store records its id (for example `"use-lite-512"`) and a collection built by `rag.ingest()` can be
 * searched through LangChain, and the other way round.
 */
export type EmbedderEmbeddings = Embeddings & { readonly embedder: Embedder };

class EmbedderEmbeddingsImpl extends Embeddings {
  readonly [WRAPS_EMBEDDER] = true;

  constructor(
    readonly embedder: Embedder,
    params: EmbeddingsParams,
  ) {
    super(params);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const vectors = await embedMany(batchesOf(this.embedder), documents);
    return vectors.map((v) => Array.from(v));
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([document]);
    return vector!;
  }
}

/**
 * Wraps one of our embedders as LangChain `Embeddings`, so the offline model (or any {@link Embedder}) can
 * serve LangChain vector stores, retrievers and chains. Texts are sent in batches of `maxBatchSize`, with at
 * most `maxConcurrency` calls at once, as the embedder states (through `embedMany`). Errors are not retried
 * here: our embedders retry what is worth retrying themselves.
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
