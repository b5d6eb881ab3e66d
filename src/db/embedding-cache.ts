import type { Client, InStatement } from "@libsql/client";
import { EMBEDDING_CACHE_TABLE } from "./ddl.js";
import { withStoreErrors } from "./driver-errors.js";
import { quoteIdent } from "./sql.js";
import { decodeF32 } from "./vector.js";

/** Hashes per lookup statement: well under SQLite's bound-parameter limit. */
const LOOKUP_CHUNK = 500;

/** A freshly embedded vector and the hash of the text it embeds. */
export interface CacheEntry {
  hash: string;
  vector: Float32Array;
}

/**
 * The embedding cache table: vectors keyed by (embedder id, content hash), shared by every collection of
 * the database. `embed/cache.ts` decides what to embed; this file only reads and writes the rows.
 */
export class EmbeddingCacheTable {
  constructor(private readonly client: Client) {}

  /** The cached vectors of those hashes that have one. */
  async lookup(embedderId: string, hashes: readonly string[]): Promise<Map<string, Float32Array>> {
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
  static insertStatements(embedderId: string, entries: readonly CacheEntry[]): InStatement[] {
    return entries.map(({ hash, vector }) => ({
      sql: `INSERT OR IGNORE INTO ${quoteIdent(EMBEDDING_CACHE_TABLE)} (embedder_id, content_hash, vector) VALUES (?, ?, ?)`,
      args: [embedderId, hash, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength)],
    }));
  }
}
