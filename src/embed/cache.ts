import { createHash } from "node:crypto";
import type { Client, InStatement } from "@libsql/client";
import pLimit, { type LimitFunction } from "p-limit";
import { RagError } from "../errors.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { EMBEDDING_CACHE_TABLE } from "../db/ddl.js";
import { quoteIdent } from "../db/sql.js";
import { decodeF32 } from "../db/vector.js";
import type { Embedder, EmbedOptions } from "./embedder.js";

/** SHA-256 of a text or bytes, hex. Keys the embedding cache and the documents table. */
export function contentHash(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

const LOOKUP_CHUNK = 500;

export interface CachedEmbedResult {
  vectors: Float32Array[];
  /** Texts that were embedded now (cache misses). */
  embedded: number;
  /** Texts answered from the cache. */
  cached: number;
}

/**
 * Embeds texts through a cache keyed by (embedder id, content hash) in the database, so re-ingesting a
 * changed document re-embeds only its changed chunks. Batches by the embedder's `maxBatchSize` and runs up
 * to `maxConcurrency` calls at once.
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

  /** Embeds the texts not in the cache (through `queue`, see {@link embedBatched}). */
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
      const vectors = await embedBatched(embedder, missing.map((h) => textOf.get(h)!), options, queue);
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

/**
 * A queue of calls to an embedder, at most `maxConcurrency` at once, first come, first served. Callers that
 * share one (an ingest's rounds of chunks) have their calls run in order, so an earlier round finishes before a
 * later one rather than all of them together.
 */
export type EmbedQueue = LimitFunction;

/** A new {@link EmbedQueue} for `embedder`. */
export function embedQueue(embedder: Embedder): EmbedQueue {
  return pLimit(Math.max(1, embedder.maxConcurrency ?? 1));
}

/**
 * Calls `embedder.embed` in batches of `maxBatchSize` through `queue` (by default a queue of its own, so up to
 * `maxConcurrency` calls in flight), and checks the output. After the first failure, batches not yet started
 * are skipped.
 */
export async function embedBatched(
  embedder: Embedder,
  texts: string[],
  options: EmbedOptions = {},
  queue: EmbedQueue = embedQueue(embedder),
): Promise<Float32Array[]> {
  const size = Math.max(1, embedder.maxBatchSize ?? 64);
  const batches: string[][] = [];
  for (let i = 0; i < texts.length; i += size) batches.push(texts.slice(i, i + size));
  let failed = false;
  const out = await Promise.all(
    batches.map((batch) =>
      queue(async () => {
        if (options.signal?.aborted) throw new RagError("ABORTED", "Embedding was aborted.", { cause: options.signal.reason });
        if (failed) return [];
        let vectors: Float32Array[];
        try {
          vectors = await embedder.embed(batch, options);
        } catch (error) {
          failed = true;
          if (error instanceof RagError) throw error;
          throw new RagError("EMBEDDING_FAILED", `Embedder "${embedder.id}" failed on a batch of ${batch.length}: ${(error as Error).message}`, { cause: error });
        }
        if (vectors.length !== batch.length) {
          failed = true;
          throw new RagError("EMBEDDING_FAILED", `Embedder "${embedder.id}" returned ${vectors.length} vectors for ${batch.length} texts.`);
        }
        return vectors;
      }),
    ),
  );
  return out.flat();
}
