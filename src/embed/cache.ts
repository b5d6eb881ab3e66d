import { contentHash } from "./content-hash.js";
import { batchesOf, embedMany, type EmbedQueue } from "./embed-many.js";
import type { Embedder, EmbedOptions } from "./embedder.js";

export interface CachedEmbedResult {
  vectors: Float32Array[];
  /** Texts that were embedded now (cache misses). */
  embedded: number;
  /** Texts answered from the cache. */
  cached: number;
  /** The vectors embedded now, by the hash of their text, for the caller to store with its records. */
  fresh: { hash: string; vector: Float32Array }[];
}

/** Where cached vectors are looked up: the database's cache table (`db/embedding-cache.ts`). */
export interface VectorLookup {
  lookup(embedderId: string, hashes: readonly string[]): Promise<Map<string, Float32Array>>;
}

/**
 * Texts per `embed` call for an embedder that states no `maxBatchSize`: calls of a bounded size let an ingest
 * stop between them on abort, and report progress as they finish.
 */
const DEFAULT_BATCH_SIZE = 64;

/**
 * Embeds texts through a cache keyed by (embedder id, content hash), so re-ingesting a changed document
 * re-embeds only its changed chunks. The misses go through {@link embedMany}: batches of the embedder's
 * `maxBatchSize`, at most `maxConcurrency` calls at once. Storing the fresh vectors is the caller's job, in
 * the same transaction as the records that use them.
 */
export class EmbeddingCache {
  constructor(private readonly store: VectorLookup) {}

  /** Embeds the texts not in the cache (through `queue`, see {@link embedMany}). */
  async embed(embedder: Embedder, texts: string[], options: EmbedOptions = {}, queue?: EmbedQueue): Promise<CachedEmbedResult> {
    const hashes = texts.map(contentHash);
    const known = await this.store.lookup(embedder.id, hashes);
    const missing = [...new Set(hashes.filter((h) => !known.has(h)))];
    const textOf = new Map(hashes.map((h, i) => [h, texts[i]!]));
    const fresh: CachedEmbedResult["fresh"] = [];
    if (missing.length > 0) {
      const vectors = await embedMany(
        batchesOf(embedder, DEFAULT_BATCH_SIZE),
        missing.map((h) => textOf.get(h)!),
        { ...options, ...(queue ? { queue } : {}) },
      );
      missing.forEach((h, i) => {
        known.set(h, vectors[i]!);
        fresh.push({ hash: h, vector: vectors[i]! });
      });
    }
    return {
      vectors: hashes.map((h) => known.get(h)!),
      embedded: missing.length,
      cached: texts.length - missing.length,
      fresh,
    };
  }
}
