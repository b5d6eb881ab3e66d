import { MockEmbeddingModelV3 } from "ai/test";
import { hashEmbedder } from "../../src/testing/index.js";

/** Documents about SQLite for ranking tests: each question below has one right answer. */
export const SQL_DOCS = [
  { id: "wal", content: "write ahead logging lets readers and a writer run at once", metadata: { topic: "journal", source: "wal.md" } },
  { id: "vacuum", content: "vacuum rebuilds the database file and reclaims free pages", metadata: { topic: "maintenance", source: "vacuum.md" } },
  { id: "fts", content: "full text search with fts5 tokenizers and bm25 ranking", metadata: { topic: "search", source: "fts.md" } },
  { id: "busy", content: "the busy timeout makes a writer wait for the lock instead of failing at once", metadata: { topic: "journal", source: "busy.md" } },
];

export interface HashModel {
  model: MockEmbeddingModelV3;
  /** The most doEmbed calls that were in flight at once. */
  maxInFlight(): number;
}

/**
 * The AI SDK's own mock embedding model, answering with the deterministic hash embedder's vectors so that
 * search ranking means something. Each call yields to the event loop first, so overlapping calls overlap.
 */
export function hashModel(options: { dimensions?: number; maxEmbeddingsPerCall?: number; supportsParallelCalls?: boolean } = {}): HashModel {
  const hash = hashEmbedder({ dimensions: options.dimensions ?? 32 });
  let inFlight = 0;
  let max = 0;
  const model = new MockEmbeddingModelV3({
    provider: "mock",
    modelId: `hash-${hash.dimensions}`,
    maxEmbeddingsPerCall: options.maxEmbeddingsPerCall ?? 2048,
    supportsParallelCalls: options.supportsParallelCalls ?? true,
    async doEmbed({ values }) {
      inFlight += 1;
      max = Math.max(max, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return { embeddings: (await hash.embed(values)).map((v) => Array.from(v)), warnings: [] };
    },
  });
  return { model, maxInFlight: () => max };
}
