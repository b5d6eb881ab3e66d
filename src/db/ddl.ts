import type { InStatement } from "@libsql/client";
import { quoteIdent, quoteLiteral } from "./sql.js";
import { vectorBytes, type Metric, type VectorType } from "./vector.js";

/**
 * Change-log entries kept per collection. A scan cache that falls further behind than this reloads in full,
 * which it would do anyway after that many changes.
 */
export const CHANGE_LOG_KEEP = 50_000;

export const META_TABLE = "rag_meta";
export const REGISTRY_TABLE = "rag_collections";
export const EMBEDDING_CACHE_TABLE = "rag_embedding_cache";

/** How DiskANN stores neighbour vectors inside the index. */
export type CompressNeighbors = "float1bit" | "float8" | "float16" | "floatb16" | "float32";

/**
 * Options of the `libsql_vector_idx` index (DiskANN). A collection created without `index` gets
 * `defaultIndexOptions(metric, dimensions)` (store/collection-options.ts, chosen by measurement: see
 * docs/benchmarks.md); when `index` is given, every option it leaves unset takes libSQL's default.
 */
export interface VectorIndexOptions {
  /**
   * Neighbour compression. Smaller is faster to build and much smaller on disk. Without `index`: "float1bit"
   * for cosine, "float8" for l2.
   */
  compressNeighbors?: CompressNeighbors | undefined;
  /** Graph degree. libSQL's default is 3·(⌊√D⌋+1); without `index`, cosine collections get ⌊1.8·(⌊√D⌋+1)⌋. */
  maxNeighbors?: number | undefined;
  /** Candidate list size while searching; caps how many rows one `vector_top_k` returns. libSQL default 200. */
  searchL?: number | undefined;
  /** Candidate list size while inserting. libSQL default 70; without `index`, cosine collections get 20. */
  insertL?: number | undefined;
  /** Pruning factor, at least 1. libSQL default 1.2. */
  alpha?: number | undefined;
}

/** Tables and indexes of one collection, all derived from its generated base name. */
export interface CollectionTables {
  chunks: string;
  documents: string;
  fts: string;
  docIndex: string;
  vectorIndex: string;
  /** One row per indexed metadata value (array elements included), kept by triggers. */
  fields: string;
  /** The rowids of changed vectors, in commit order, kept by triggers (see changeLogStatements). */
  log: string;
  /** Partition centroids and list sizes, for collections with `ivf` (see db/ivf.ts). */
  ivf: string;
  /** The files an ingest left out as copies of others, by the hash they were read with (see leftOutStatements). */
  leftOut: string;
}

export function tablesFor(base: string): CollectionTables {
  return {
    chunks: base,
    documents: `${base}_docs`,
    fts: `${base}_fts`,
    docIndex: `${base}_doc`,
    vectorIndex: `${base}_vec`,
    fields: `${base}_fields`,
    log: `${base}_log`,
    ivf: `${base}_ivf`,
    leftOut: `${base}_left_out`,
  };
}

/**
 * DDL for field indexes: the side table (created once) and its triggers, rebuilt for the given paths, plus a
 * backfill of existing rows. Each scalar value at an indexed path, and each scalar element of an array there,
 * is one row, so equality, `$in` and range filters on the path become index lookups (a multi-key index, as
 * MongoDB has). `kind` is 0 for the value itself and 1 for an array element; objects are not indexed.
 * Paths come from validated filter keys (no quotes, backslashes or control characters) and are quoted as
 * literals, since trigger bodies cannot bind parameters.
 */
export function fieldIndexStatements(t: CollectionTables, paths: readonly string[], createTable: boolean): string[] {
  const chunks = quoteIdent(t.chunks);
  const fields = quoteIdent(t.fields);
  const statements: string[] = [];
  if (createTable) {
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${fields} (rid INTEGER NOT NULL, path TEXT NOT NULL, kind INTEGER NOT NULL, type TEXT NOT NULL, value)`,
      `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${t.fields}_pv`)} ON ${fields} (path, value, type, kind)`,
      `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${t.fields}_rid`)} ON ${fields} (rid)`,
    );
  }
  const insertFor = (row: string) =>
    paths
      .map((path) => {
        const p = quoteLiteral(path);
        return `INSERT INTO ${fields} (rid, path, kind, type, value)
          SELECT ${row}.rid, ${p}, 0, json_type(${row}.metadata, ${p}), json_extract(${row}.metadata, ${p})
          WHERE json_type(${row}.metadata, ${p}) NOT IN ('array', 'object');
        INSERT INTO ${fields} (rid, path, kind, type, value)
          SELECT ${row}.rid, ${p}, 1, je.type, je.value FROM json_each(${row}.metadata, ${p}) AS je
          WHERE json_type(${row}.metadata, ${p}) = 'array' AND je.type NOT IN ('array', 'object');`;
      })
      .join("\n");
  statements.push(
    `DROP TRIGGER IF EXISTS ${quoteIdent(`${t.chunks}_fi`)}`,
    `DROP TRIGGER IF EXISTS ${quoteIdent(`${t.chunks}_fd`)}`,
    `DROP TRIGGER IF EXISTS ${quoteIdent(`${t.chunks}_fu`)}`,
    `DELETE FROM ${fields}`,
  );
  if (paths.length > 0) {
    statements.push(
      `CREATE TRIGGER ${quoteIdent(`${t.chunks}_fi`)} AFTER INSERT ON ${chunks} BEGIN ${insertFor("new")} END`,
      `CREATE TRIGGER ${quoteIdent(`${t.chunks}_fd`)} AFTER DELETE ON ${chunks} BEGIN DELETE FROM ${fields} WHERE rid = old.rid; END`,
      `CREATE TRIGGER ${quoteIdent(`${t.chunks}_fu`)} AFTER UPDATE OF metadata ON ${chunks} BEGIN
        DELETE FROM ${fields} WHERE rid = old.rid; ${insertFor("new")} END`,
    );
    for (const path of paths) {
      const p = quoteLiteral(path);
      statements.push(
        `INSERT INTO ${fields} (rid, path, kind, type, value)
          SELECT c.rid, ${p}, 0, json_type(c.metadata, ${p}), json_extract(c.metadata, ${p}) FROM ${chunks} AS c
          WHERE json_type(c.metadata, ${p}) NOT IN ('array', 'object')`,
        `INSERT INTO ${fields} (rid, path, kind, type, value)
          SELECT c.rid, ${p}, 1, je.type, je.value FROM ${chunks} AS c, json_each(c.metadata, ${p}) AS je
          WHERE json_type(c.metadata, ${p}) = 'array' AND je.type NOT IN ('array', 'object')`,
      );
    }
  }
  return statements;
}

/**
 * DDL for the change log: every insert, delete, and update of a vector or a filterable field appends the row's rowid, with a
 * sequence number that only grows (AUTOINCREMENT never reuses one, and write transactions commit in order).
 * A process that caches vectors (the scan cache) reads the entries after the last sequence it applied, so it
 * sees other connections' and other processes' writes without rescanning the table. Idempotent.
 */
export function changeLogStatements(t: CollectionTables): string[] {
  const chunks = quoteIdent(t.chunks);
  const log = quoteIdent(t.log);
  return [
    `CREATE TABLE IF NOT EXISTS ${log} (seq INTEGER PRIMARY KEY AUTOINCREMENT, rid INTEGER NOT NULL)`,
    `CREATE TRIGGER IF NOT EXISTS ${quoteIdent(`${t.chunks}_li`)} AFTER INSERT ON ${chunks} BEGIN INSERT INTO ${log} (rid) VALUES (new.rid); END`,
    `CREATE TRIGGER IF NOT EXISTS ${quoteIdent(`${t.chunks}_ld`)} AFTER DELETE ON ${chunks} BEGIN INSERT INTO ${log} (rid) VALUES (old.rid); END`,
    `CREATE TRIGGER IF NOT EXISTS ${quoteIdent(`${t.chunks}_lu`)} AFTER UPDATE OF id, document_id, metadata, embedding ON ${chunks} BEGIN INSERT INTO ${log} (rid) VALUES (new.rid); END`,
  ];
}

/** Keeps the newest CHANGE_LOG_KEEP change-log entries; appended to every write. */
export function trimChangeLogStatement(t: CollectionTables): string {
  const log = quoteIdent(t.log);
  return `DELETE FROM ${log} WHERE seq <= (SELECT max(seq) FROM ${log}) - ${CHANGE_LOG_KEEP}`;
}

/** The text of the `title` full-text column for a chunk row (`row` is `new`, `old` or a table alias). */
function titleSql(row: string): string {
  return `CASE json_type(${row}.metadata, '$.title') WHEN 'text' THEN json_extract(${row}.metadata, '$.title') END`;
}

/** The text of the `headings` full-text column: the heading path, without a heading that repeats the title. */
function headingsSql(row: string): string {
  return `(SELECT group_concat(h.value, ' › ') FROM json_each(${row}.metadata, '$.headings') AS h
    WHERE h.type = 'text' AND h.value IS NOT json_extract(${row}.metadata, '$.title'))`;
}

/**
 * DDL for the full-text index: an FTS5 table with the document title, the chunk's heading path and the passage
 * in columns of their own, so BM25 can weigh a title match apart from a body match (see DEFAULT_FIELD_WEIGHTS in
 * search/keyword.ts). Title and headings live in the chunk's metadata, not in columns of the chunk table, so the
 * index is contentless and the triggers extract them. A row leaves the index through FTS5's `'delete'` command with
 * the values it was indexed with, which the chunk row still holds: a `contentless_delete=1` table would let a
 * trigger delete by rowid, but SQLite 3.45 (libSQL's) then never takes the row out of the row count and column
 * lengths that BM25 reads, so every re-ingest skewed keyword ranking a little more. The porter stemmer matches
 * "indexes" to "index"; `remove_diacritics 2` matches "cafe" to "café".
 */
function fullTextStatements(t: CollectionTables): string[] {
  const chunks = quoteIdent(t.chunks);
  const fts = quoteIdent(t.fts);
  const insert = (row: string) =>
    `INSERT INTO ${fts} (rowid, title, headings, content) VALUES (${row}.rid, ${titleSql(row)}, ${headingsSql(row)}, ${row}.content);`;
  const remove = (row: string) =>
    `INSERT INTO ${fts} (${fts}, rowid, title, headings, content) VALUES ('delete', ${row}.rid, ${titleSql(row)}, ${headingsSql(row)}, ${row}.content);`;
  return [
    `CREATE VIRTUAL TABLE ${fts} USING fts5(title, headings, content, content='', tokenize='porter unicode61 remove_diacritics 2')`,
    `CREATE TRIGGER ${quoteIdent(`${t.chunks}_ai`)} AFTER INSERT ON ${chunks} BEGIN ${insert("new")} END`,
    `CREATE TRIGGER ${quoteIdent(`${t.chunks}_ad`)} AFTER DELETE ON ${chunks} BEGIN ${remove("old")} END`,
    `CREATE TRIGGER ${quoteIdent(`${t.chunks}_au`)} AFTER UPDATE OF content, metadata ON ${chunks} BEGIN
      ${remove("old")} ${insert("new")}
    END`,
  ];
}

/**
 * Replaces an older full-text index (version 2's one `content` column over external content, or version 3's
 * `contentless_delete` table, whose BM25 statistics deletes never reduced) with today's and fills it from the chunk
 * table. Idempotent, so two processes opening the same collection may both run it.
 */
export function upgradeFullTextStatements(t: CollectionTables): string[] {
  const c = "c";
  return [
    ...["ai", "ad", "au"].map((s) => `DROP TRIGGER IF EXISTS ${quoteIdent(`${t.chunks}_${s}`)}`),
    `DROP TABLE IF EXISTS ${quoteIdent(t.fts)}`,
    ...fullTextStatements(t),
    `INSERT INTO ${quoteIdent(t.fts)} (rowid, title, headings, content)
      SELECT ${c}.rid, ${titleSql(c)}, ${headingsSql(c)}, ${c}.content FROM ${quoteIdent(t.chunks)} AS ${c}`,
  ];
}

function indexOptionArgs(metric: Metric, options: VectorIndexOptions): string[] {
  const args = [`metric=${metric}`];
  if (options.compressNeighbors !== undefined) args.push(`compress_neighbors=${options.compressNeighbors}`);
  if (options.maxNeighbors !== undefined) args.push(`max_neighbors=${options.maxNeighbors}`);
  if (options.searchL !== undefined) args.push(`search_l=${options.searchL}`);
  if (options.insertL !== undefined) args.push(`insert_l=${options.insertL}`);
  if (options.alpha !== undefined) args.push(`alpha=${options.alpha}`);
  return args;
}

export function createVectorIndexSql(t: CollectionTables, metric: Metric, options: VectorIndexOptions): string {
  const args = indexOptionArgs(metric, options).map(quoteLiteral).join(", ");
  return `CREATE INDEX ${quoteIdent(t.vectorIndex)} ON ${quoteIdent(t.chunks)} (libsql_vector_idx(embedding, ${args}))`;
}

/**
 * DDL for the table of files an ingest left out as copies of others (an untranslated page, a source listing): each
 * by its path, the hash it was read with (its bytes, the run's settings, the pages it mirrors) and what it copies, so
 * that a later run that finds the same hash leaves it out again without parsing and comparing it.
 */
export function leftOutStatements(t: CollectionTables): string[] {
  return [`CREATE TABLE IF NOT EXISTS ${quoteIdent(t.leftOut)} (source TEXT PRIMARY KEY, source_hash TEXT NOT NULL, copy_of TEXT NOT NULL)`];
}

/** DDL for a new collection: chunk table, documents table, B-tree, vector and full-text indexes, sync triggers. */
export function createCollectionStatements(
  t: CollectionTables,
  dimensions: number,
  vectorType: VectorType,
  metric: Metric,
  index: VectorIndexOptions | false,
  indexedFields: readonly string[],
): InStatement[] {
  const chunks = quoteIdent(t.chunks);
  const bytes = vectorBytes(vectorType, dimensions);
  const statements: string[] = [
    // rid is the rowid that vector_top_k returns; id is the user's stable text id.
    `CREATE TABLE ${chunks} (
      rid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      document_id TEXT,
      content TEXT NOT NULL,
      metadata TEXT NOT NULL DEFAULT '{}',
      embedding ${vectorType}(${dimensions}) NOT NULL CHECK (typeof(embedding) = 'blob'${bytes === undefined ? "" : ` AND length(embedding) = ${bytes}`})
    )`,
    `CREATE INDEX ${quoteIdent(t.docIndex)} ON ${chunks} (document_id)`,
    `CREATE TABLE ${quoteIdent(t.documents)} (
      document_id TEXT PRIMARY KEY,
      source TEXT,
      source_hash TEXT,
      content_hash TEXT NOT NULL,
      chunk_count INTEGER NOT NULL,
      metadata TEXT NOT NULL DEFAULT '{}',
      updated_at TEXT NOT NULL
    )`,
    ...fullTextStatements(t),
  ];
  if (index !== false) statements.push(createVectorIndexSql(t, metric, index));
  statements.push(...fieldIndexStatements(t, indexedFields, true), ...changeLogStatements(t), ...leftOutStatements(t));
  return statements;
}

/** DDL that removes every object of a collection, including the vector index's shadow table. */
export function dropCollectionStatements(t: CollectionTables): string[] {
  return [
    `DROP INDEX IF EXISTS ${quoteIdent(t.vectorIndex)}`,
    `DROP TABLE IF EXISTS ${quoteIdent(`${t.vectorIndex}_shadow`)}`,
    `DROP TABLE IF EXISTS ${quoteIdent(t.fts)}`,
    `DROP TABLE IF EXISTS ${quoteIdent(t.chunks)}`,
    `DROP TABLE IF EXISTS ${quoteIdent(t.documents)}`,
    `DROP TABLE IF EXISTS ${quoteIdent(t.fields)}`,
    `DROP TABLE IF EXISTS ${quoteIdent(t.log)}`,
    `DROP TABLE IF EXISTS ${quoteIdent(t.ivf)}`,
    `DROP TABLE IF EXISTS ${quoteIdent(t.leftOut)}`,
  ];
}
