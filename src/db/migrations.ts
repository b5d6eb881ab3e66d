import type { InStatement } from "@libsql/client";
import { EMBEDDING_CACHE_TABLE, META_TABLE, REGISTRY_TABLE } from "./ddl.js";
import { quoteIdent } from "./sql.js";

/** Version of the store-wide tables (registry, meta). */
export const STORE_SCHEMA_VERSION = 2;
/**
 * Version of the per-collection tables, upgraded when a collection is opened. 2 added the change log that keeps
 * in-process scan caches consistent with the database (see changeLogStatements); 3 made the full-text index
 * field-aware, with the title and heading path in columns of their own (see fullTextStatements).
 */
export const COLLECTION_SCHEMA_VERSION = 3;

/** The first collection version whose full-text index has the `title`, `headings` and `content` columns. */
export const FIELD_AWARE_FTS_VERSION = 3;

/** Store-wide migrations, applied in order; each must be idempotent because two processes may race. */
export const STORE_MIGRATIONS: ReadonlyArray<{ version: number; statements: string[] }> = [
  {
    version: 1,
    statements: [
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(META_TABLE)} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(REGISTRY_TABLE)} (
        name TEXT PRIMARY KEY,
        table_name TEXT NOT NULL UNIQUE,
        dimensions INTEGER NOT NULL,
        vector_type TEXT NOT NULL,
        metric TEXT NOT NULL,
        index_options TEXT,
        embedder_id TEXT,
        schema_version INTEGER NOT NULL,
        created_at TEXT NOT NULL
      )`,
      // Vectors by (embedder, text hash), shared by all collections, so re-ingesting never pays twice.
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(EMBEDDING_CACHE_TABLE)} (
        embedder_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (embedder_id, content_hash)
      ) WITHOUT ROWID`,
    ],
  },
  {
    // Metadata paths with a field index (see fieldIndexStatements).
    version: 2,
    statements: [`ALTER TABLE ${quoteIdent(REGISTRY_TABLE)} ADD COLUMN indexed_fields TEXT NOT NULL DEFAULT '[]'`],
  },
];

/**
 * Records that the store schema is at least `version`. Two processes may migrate at once, and a slower one can
 * finish an older migration after a newer one: the version only ever moves up (compared as integers; in
 * SQLite a TEXT value would compare greater than any integer).
 */
export function recordSchemaVersion(version: number): InStatement {
  return {
    sql: `INSERT INTO ${quoteIdent(META_TABLE)} (key, value) VALUES ('schema_version', ?)
          ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))`,
    args: [String(version)],
  };
}
