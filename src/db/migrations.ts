import type { Client, InStatement } from "@libsql/client";
import { RagError } from "../errors.js";
import type { CollectionInfo } from "./collection-info.js";
import {
  EMBEDDING_CACHE_TABLE,
  META_TABLE,
  REGISTRY_TABLE,
  changeLogStatements,
  leftOutStatements,
  upgradeFullTextStatements,
  type CollectionTables,
} from "./ddl.js";
import { withStoreErrors } from "./driver-errors.js";
import { quoteIdent } from "./sql.js";

/** Version of the store-wide tables (registry, meta). */
const STORE_SCHEMA_VERSION = 3;
/**
 * Version of the per-collection tables, upgraded when a collection is opened. 2 added the change log that keeps
 * in-process scan caches consistent with the database (see changeLogStatements); 3 made the full-text index
 * field-aware, with the title and heading path in columns of their own (see fullTextStatements); 4 rebuilt it so
 * that a deleted row leaves BM25's row count and average lengths (version 3's never did, see fullTextStatements); 5
 * added the table of files an ingest left out as copies (see leftOutStatements).
 */
export const COLLECTION_SCHEMA_VERSION = 5;

/** The first collection version whose full-text index has the `title`, `headings` and `content` columns. */
export const FIELD_AWARE_FTS_VERSION = 3;
/** The first collection version whose full-text index takes deleted rows out of BM25's statistics. */
const EXACT_FTS_STATISTICS_VERSION = 4;
/** The first collection version with the table of files left out as copies. */
export const LEFT_OUT_VERSION = 5;

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
  {
    // Partition (IVF) options, NULL for a collection without partitions (see db/ivf.ts).
    version: 3,
    statements: [`ALTER TABLE ${quoteIdent(REGISTRY_TABLE)} ADD COLUMN ivf_options TEXT`],
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

/** What {@link migrateStore} found: `noTables` for a read-only open of a database without libsql-rag's tables. */
export interface MigrationResult {
  noTables: boolean;
}

async function schemaVersion(client: Client): Promise<number> {
  const rs = await client.execute({ sql: `SELECT value FROM ${quoteIdent(META_TABLE)} WHERE key = 'schema_version'` });
  return Number(rs.rows[0]?.value ?? 0);
}

async function runMigration(client: Client, migration: (typeof STORE_MIGRATIONS)[number]): Promise<void> {
  try {
    await withStoreErrors(`migrate to schema version ${migration.version}`, () =>
      client.batch([...migration.statements, recordSchemaVersion(migration.version)], "write"),
    );
  } catch (error) {
    // Another process may have applied it between our version check and our write.
    if ((await schemaVersion(client).catch(() => 0)) >= migration.version) return;
    throw error;
  }
}

/**
 * Brings the store-wide tables up to {@link STORE_SCHEMA_VERSION}. A read-only open migrates nothing: it works on
 * a current database, and on one without any of our tables (it then has no collections).
 */
export async function migrateStore(client: Client, url: string, readOnly: boolean): Promise<MigrationResult> {
  const current = await withStoreErrors(`open ${url}: read schema version`, async () => {
    const exists = await client.execute({ sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args: [META_TABLE] });
    if (exists.rows.length === 0) return 0;
    return schemaVersion(client);
  });
  if (current > STORE_SCHEMA_VERSION) {
    throw new RagError(
      "STORE_ERROR",
      `The database ${url} has schema version ${current}, newer than this libsql-rag supports (${STORE_SCHEMA_VERSION}). Upgrade libsql-rag.`,
    );
  }
  if (readOnly && current < STORE_SCHEMA_VERSION) {
    if (current === 0) return { noTables: true };
    throw new RagError(
      "STORE_ERROR",
      `The database ${url} has schema version ${current} and needs an upgrade to version ${STORE_SCHEMA_VERSION}, which a read-only open cannot write. Open it once without readOnly (any libsql-rag ingest does), on a writable copy if need be.`,
    );
  }
  for (const migration of STORE_MIGRATIONS) {
    if (migration.version <= current) continue;
    await runMigration(client, migration);
  }
  return { noTables: false };
}

/**
 * Statements that bring a collection made by an older libsql-rag up to {@link COLLECTION_SCHEMA_VERSION}.
 * Idempotent, and the registry update is guarded, so two processes may race.
 */
export function upgradeCollectionStatements(info: CollectionInfo, tables: CollectionTables): InStatement[] {
  return [
    ...(info.schemaVersion < 2 ? changeLogStatements(tables) : []),
    ...(info.schemaVersion < EXACT_FTS_STATISTICS_VERSION ? upgradeFullTextStatements(tables) : []),
    ...(info.schemaVersion < LEFT_OUT_VERSION ? leftOutStatements(tables) : []),
    {
      sql: `UPDATE ${quoteIdent(REGISTRY_TABLE)} SET schema_version = ? WHERE name = ? AND schema_version < ?`,
      args: [COLLECTION_SCHEMA_VERSION, info.name, COLLECTION_SCHEMA_VERSION],
    },
  ];
}
