import type { Client, InStatement } from "@libsql/client";
import { withStoreErrors } from "../store/driver-errors.js";
import { EMBEDDING_CACHE_TABLE } from "../store/schema.js";
import { quoteIdent } from "../store/sql.js";
import { decodeF32 } from "../store/vector.js";
import { contentHash } from "./content-hash.js";
import { batchesOf, embedMany, type EmbedQueue } from "./embed-many.js";
import type { Embedder, EmbedOptions } from "./embedder.js";

const LOOKUP_CHUNK = 500;

export interface CachedEmbedResult {
  vectors: Float32Array[];
  /** Texts that were embedded now (cache misses). */
  embedded: number;
  /** Texts answered from the cache. */
  cached: number;
}

/**
 * Texts per `embed` call for an embedder that states no `maxBatchSize`: calls of a bounded size let an ingest
 * stop between them on abort, and report progress as they finish.
 */
const DEFAULT_BATCH_SIZE = 64;

/**
 * Embeds texts through a cache keyed by (embedder id, content hash) in the database, so re-ingesting a
 * changed document re-embeds only its changed chunks. The misses go through {@link embedMany}: batches of the
 * embedder's `maxBatchSize`, at most `maxConcurrency` calls at once.
 */
export class EmbeddingCache {
  constructor(private readonly client: Client) {}

  private async lookup(embedderId: string, hashes: string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    const unique = [...new Set(hashes)];
    for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
      const part = unique.slice(i, i + LOOKUP_CHUNK);
      const rs = await withStoreErrors("read embedding cache", () =>
        this.client.execute({
          sql: `SELECT content_hash, vector FROM ${quoteIdent(EMBEDDING_CACHE_TABLE)} WHERE embedder_id = ? AND content_hash IN (${part.map(() => "?").join(", ")})`,
          args: [embedderId, ...part],
        }),
      );
      for (const row of rs.rows) found.set(String(row.content_hash), decodeF32(row.vector));
    }
    return found;
  }

  /** Statements that store freshly embedded vectors; run them in the same transaction as the records. */
  static storeStatements(embedderId: string, entries: { hash: string; vector: Float32Array }[]): InStatement[] {
    return entries.map(({ hash, vector }) => ({
      sql: `INSERT OR IGNORE INTO ${quoteIdent(EMBEDDING_CACHE_TABLE)} (embedder_id, content_hash, vector) VALUES (?, ?, ?)`,
      args: [embedderId, hash, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength)],
    }));
  }

  /** Embeds the texts not in the cache (through `queue`, see {@link embedMany}). */
  async embed(
    embedder: Embedder,
    texts: string[],
    options: EmbedOptions = {},
    queue?: EmbedQueue,
  ): Promise<CachedEmbedResult & { fresh: { hash: string; vector: Float32Array }[] }> {
    const hashes = texts.map(contentHash);
    const known = await this.lookup(embedder.id, hashes);
    const missing = [...new Set(hashes.filter((h) => !known.has(h)))];
    const textOf = new Map(hashes.map((h, i) => [h, texts[i]!]));
    const fresh: { hash: string; vector: Float32Array }[] = [];
    if (missing.length > 0) {
      const vectors = await embedMany(batchesOf(embedder, DEFAULT_BATCH_SIZE), missing.map((h) => textOf.get(h)!), { ...options, ...(queue ? { queue } : {}) });
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
