import type { InStatement } from "@libsql/client";
import { jsonPath } from "../filter/index.js";
import type { SearchContext } from "../search/context.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { changeLogStatements, createVectorIndexSql, fieldIndexStatements, leftOutStatements, upgradeFullTextStatements } from "../db/ddl.js";
import { LEFT_OUT_VERSION } from "../db/migrations.js";
import { quoteIdent } from "../db/sql.js";
import { ivfStatements } from "../db/ivf.js";
import { trainIvf, type IvfTrainReport } from "./ivf-train.js";

/** What {@link Collection.reindex} rebuilt. */
export interface ReindexReport {
  collection: string;
  /** Rows indexed. */
  rows: number;
  /** The vector index was rebuilt (false for a collection created with `index: false`, which has none). */
  vectorIndex: boolean;
  /** The full-text index and its triggers were rebuilt. */
  fullText: boolean;
  /** Field-index rows and triggers were rebuilt (only for a collection with `indexedFields`). */
  fieldIndex: boolean;
  /**
   * Documents (from ingest) whose recorded chunk count did not match their chunks, now forgotten so that
   * the next ingest of their sources writes them again.
   */
  forgottenDocuments: number;
  /** The partitions were trained again (collections with `ivf`), or false. */
  partitions: IvfTrainReport | false;
  ms: number;
}

/** libSQL's table of vector-index settings, made with the first vector index in a database. */
const VECTOR_META_TABLE = "libsql_vector_meta_shadow";

/**
 * Rebuilds a collection's derived structures from its chunk table, in one write transaction: the vector
 * index (dropped with its shadow table, since a failed or damaged build can leave one behind, then made
 * again with the registry's options), the full-text index and its triggers, the field index, the change-log
 * triggers and sequence, and the documents bookkeeping. The chunk rows themselves are not touched. Nothing
 * here reads through the old vector index, so a damaged one cannot crash it.
 */
export async function reindexCollection(ctx: SearchContext): Promise<ReindexReport> {
  const started = performance.now();
  const { info, tables: t } = ctx;
  const chunks = quoteIdent(t.chunks);
  const docs = quoteIdent(t.documents);
  const shadow = `${t.vectorIndex}_shadow`;
  const hasMeta = await withStoreErrors(`reindex "${info.name}": read the schema`, () =>
    ctx.client.execute({ sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args: [VECTOR_META_TABLE] }),
  );
  const mismatched = `SELECT d.document_id FROM ${docs} AS d WHERE d.chunk_count IS NOT (SELECT count(*) FROM ${chunks} AS c WHERE c.document_id = d.document_id)`;
  const statements: InStatement[] = [
    `DROP INDEX IF EXISTS ${quoteIdent(t.vectorIndex)}`,
    `DROP TABLE IF EXISTS ${quoteIdent(shadow)}`,
    // An index dropped by hand can leave its settings row, which would make CREATE INDEX fail.
    ...(hasMeta.rows.length > 0 ? [{ sql: `DELETE FROM ${quoteIdent(VECTOR_META_TABLE)} WHERE name = ?`, args: [t.vectorIndex] }] : []),
    ...(info.index === false ? [] : [createVectorIndexSql(t, info.metric, info.index)]),
    ...upgradeFullTextStatements(t),
    ...(info.schemaVersion >= LEFT_OUT_VERSION ? leftOutStatements(t) : []),
    ...(info.schemaVersion >= 2
      ? [
          ...changeLogStatements(t),
          // AUTOINCREMENT must never hand out a sequence number again (scan caches would miss a write).
          {
            sql: `UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM ${quoteIdent(t.log)})
                  WHERE name = ? AND seq < (SELECT max(seq) FROM ${quoteIdent(t.log)})`,
            args: [t.log],
          },
          {
            sql: `INSERT INTO sqlite_sequence (name, seq) SELECT ?, hi FROM (SELECT max(seq) AS hi FROM ${quoteIdent(t.log)})
                  WHERE hi IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)`,
            args: [t.log, t.log],
          },
        ]
      : []),
    ...(info.indexedFields.length > 0
      ? fieldIndexStatements(
          t,
          info.indexedFields.map((f) => jsonPath(f.split("."))),
          true,
        )
      : []),
    // Partitions: the table, index and triggers made again where missing; trained below.
    ...(info.ivf === false ? [] : ivfStatements(t, info.metric, `${info.vectorType}(${info.dimensions})`, true)),
    `DELETE FROM ${docs} WHERE document_id IN (${mismatched})`,
    `SELECT count(*) AS n FROM ${chunks}`,
  ];
  const results = await withStoreErrors(`reindex "${info.name}"`, () => ctx.client.batch(statements, "write"));
  ctx.scanCache?.reset();
  const partitions = info.ivf === false ? false : await trainIvf(ctx);
  return {
    collection: info.name,
    rows: Number(results.at(-1)!.rows[0]?.n ?? 0),
    vectorIndex: info.index !== false,
    fullText: true,
    fieldIndex: info.indexedFields.length > 0,
    forgottenDocuments: results.at(-2)!.rowsAffected,
    partitions,
    ms: performance.now() - started,
  };
}
