import type { InStatement, InValue } from "@libsql/client";
import { z } from "zod";
import { RagError, describeValue } from "../errors.js";
import { integer, parseOptions } from "../options.js";
import { matchesEverything, parseFilter, type Filter } from "../filter/index.js";
import type { QueryOptions } from "../search/options.js";
import { runQuery, type QueryResults } from "../search/query.js";
import type { SearchContext } from "../search/context.js";
import type { CollectionInfo } from "../db/collection-info.js";
import { filterFor, recordColumns, rowToRecord, tableRef } from "../db/record-sql.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { checkContent, checkId, metadataJson, type RecordInput, type StoredRecord } from "../db/records.js";
import { reindexCollection, type ReindexReport } from "./reindex.js";
import { trimChangeLogStatement, type CollectionTables } from "../db/ddl.js";
import { claimEmbedderStatement, readEmbedderId } from "../db/registry.js";
import { checkSameEmbedder } from "../db/same-embedder.js";
import type { ScanCache } from "../search/scan-cache/index.js";
import type { WordList } from "../db/collection-context.js";
import { collectionStats, type CollectionStats } from "./collection-stats.js";
import { ivfStateStatement, trainIvf, trainIvfIfDue, type IvfTrainReport } from "./ivf-train.js";
import { MAX_PARAMS, quoteIdent } from "../db/sql.js";
import { toVector, vectorArg, vectorParamSql } from "../db/vector.js";

export interface GetOptions {
  ids: string[];
  includeVectors?: boolean;
}

export interface ListOptions {
  filter?: Filter | undefined;
  /** At most 10,000. @default 100 */
  limit?: number;
  /** @default 0 */
  offset?: number;
  includeVectors?: boolean;
}

export type DeleteOptions = { ids: string[] } | { filter?: Filter; all?: boolean };

const MAX_LIST_LIMIT = 10_000;

// Each id is checked by checkId and the filter by parseFilter, where they are used.
const getOptionsSchema = z.strictObject({ ids: z.array(z.unknown(), { error: "an array of record ids" }), includeVectors: z.boolean().optional() });
const listOptionsSchema = z.strictObject({
  filter: z.unknown().optional(),
  limit: integer(1, MAX_LIST_LIMIT).optional(),
  offset: integer(0).optional(),
  includeVectors: z.boolean().optional(),
});
const deleteOptionsSchema = z.strictObject({
  ids: z.array(z.unknown(), { error: "an array of record ids" }).optional(),
  filter: z.unknown().optional(),
  all: z.boolean().optional(),
});

/**
 * One collection of records: text, metadata and a vector each.
 *
 * @example
 * const col = await store.collection("docs", { dimensions: 384 });
 * await col.upsert([{ id: "a#0", documentId: "a", content: "hello", metadata: { lang: "en" }, vector }]);
 * const hits = await col.query({ vector, topK: 5, filter: { lang: "en" } });
 */
export interface Collection {
  readonly name: string;
  readonly info: CollectionInfo;
  /** Inserts or replaces records by id, in one transaction. Nothing is written if any record is invalid. */
  upsert(records: RecordInput[]): Promise<{ upserted: number }>;
  /** Vector, keyword or hybrid search. Results are ordered by score, higher first. */
  query(options: QueryOptions): Promise<QueryResults>;
  /** Records with the given ids, in the order asked; missing ids are skipped. */
  get(options: GetOptions): Promise<StoredRecord[]>;
  /** Records in id order. */
  list(options?: ListOptions): Promise<StoredRecord[]>;
  count(options?: { filter?: Filter }): Promise<number>;
  /** Deletes by ids or by filter; a filter matching everything needs `all: true`. Returns the number deleted. */
  delete(options: DeleteOptions): Promise<number>;
  stats(): Promise<CollectionStats>;
  /**
   * Rebuilds the collection's vector index (with the registry's options) and full-text index from its rows,
   * in one write transaction, with the field index, change-log triggers and document bookkeeping; the rows
   * are not touched. Use it when `store.check()` reports index problems: a damaged vector index can crash
   * the process on the next write. It takes about as long as indexing every row again.
   *
   * @example
   * const report = await store.check();
   * if (!report.ok) await (await store.collection("docs")).reindex();
   */
  reindex(): Promise<ReindexReport>;
}

const ROWS_PER_INSERT = 200;

export class CollectionImpl implements Collection, SearchContext {
  constructor(
    readonly client: SearchContext["client"],
    readonly info: CollectionInfo,
    readonly tables: CollectionTables,
    private readonly isClosed: () => boolean,
    readonly scanCache?: ScanCache,
    readonly words?: WordList,
  ) {}

  get name(): string {
    return this.info.name;
  }

  /**
   * Records `embedderId` on a collection that has none yet, or checks it against the recorded one.
   * Mutates `info` so later checks on this handle see it.
   */
  async claimEmbedder(embedderId: string): Promise<void> {
    this.assertOpen();
    if (this.info.embedderId === embedderId) return;
    if (this.info.embedderId === null) {
      await withStoreErrors(`record embedder of "${this.name}"`, () => this.client.execute(claimEmbedderStatement(this.name, embedderId)));
      (this.info as { embedderId: string | null }).embedderId = await readEmbedderId(this.client, this.name);
    }
    checkSameEmbedder(this.info, embedderId);
  }

  assertOpen(): void {
    if (this.isClosed()) throw new RagError("CLOSED", `The store holding collection "${this.info.name}" is closed; open it again with openStore().`);
  }

  /** Checks records and returns the statements that write them; used by upsert and by the ingest pipeline. */
  upsertStatements(records: RecordInput[]): InStatement[] {
    if (!Array.isArray(records)) throw new RagError("INVALID_ARGUMENT", `upsert expects an array of records, got ${describeValue(records)}.`);
    const seen = new Set<string>();
    const rows: InValue[][] = records.map((r, i) => {
      const where = `record ${i}`;
      if (r === null || typeof r !== "object") throw new RagError("INVALID_ARGUMENT", `${where}: expected an object, got ${describeValue(r)}.`);
      const id = checkId(r.id, where);
      if (seen.has(id)) throw new RagError("INVALID_ARGUMENT", `${where}: id ${JSON.stringify(id)} appears twice in one upsert.`);
      seen.add(id);
      const documentId = r.documentId === undefined || r.documentId === null ? null : checkId(r.documentId, `${where} documentId`);
      const content = checkContent(r.content ?? "", where);
      const vector = toVector(r.vector, this.info.dimensions, this.info.metric, `${where} (id ${JSON.stringify(id.slice(0, 80))})`, this.info.vectorType);
      return [id, documentId, content, metadataJson(r.metadata, where), vectorArg(vector)];
    });
    const table = tableRef(this);
    const statements: InStatement[] = [];
    const perStatement = Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMS / 5));
    for (let i = 0; i < rows.length; i += perStatement) {
      const slice = rows.slice(i, i + perStatement);
      const values = slice.map(() => `(?, ?, ?, ?, ${vectorParamSql(this.info.vectorType)})`).join(", ");
      statements.push({
        sql: `INSERT INTO ${table} (id, document_id, content, metadata, embedding) VALUES ${values}
          ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id, content = excluded.content,
          metadata = excluded.metadata, embedding = excluded.embedding`,
        args: slice.flat(),
      });
    }
    if (statements.length > 0) statements.push(...this.trimStatements());
    return statements;
  }

  /** The statement that keeps the change log short, for write batches (none for a table-version-1 collection). */
  trimStatements(): string[] {
    return this.info.schemaVersion >= 2 ? [trimChangeLogStatement(this.tables)] : [];
  }

  async upsert(records: RecordInput[]): Promise<{ upserted: number }> {
    this.assertOpen();
    const statements = this.upsertStatements(records);
    if (statements.length > 0) {
      const results = await withStoreErrors(`upsert into "${this.name}"`, () => this.client.batch([...statements, ...this.ivfStateStatements()], "write"));
      await this.afterWrite(results.at(-1)?.rows[0]);
    }
    return { upserted: records.length };
  }

  /** For a collection with partitions: a read to end a write batch with, whose row {@link afterWrite} takes. */
  ivfStateStatements(): InStatement[] {
    return this.info.ivf === false ? [] : [ivfStateStatement(this)];
  }

  /** Trains the partitions when a write made the collection big enough (see store/ivf-train.ts). */
  async afterWrite(state: Record<string, unknown> | undefined): Promise<IvfTrainReport | undefined> {
    if (this.info.ivf === false || state === undefined) return undefined;
    const calibrated = state.calibrated == null ? undefined : Number(state.calibrated);
    return withStoreErrors(`train partitions of "${this.name}"`, () => trainIvfIfDue(this, Number(state.lists ?? 0), Number(state.hi ?? 0), calibrated));
  }

  /** Trains the partitions now if the collection is big enough for them; used when partitions are added. */
  async trainIfDue(): Promise<IvfTrainReport | undefined> {
    if (this.info.ivf === false) return undefined;
    const rs = await withStoreErrors(`train partitions of "${this.name}"`, () => this.client.execute(ivfStateStatement(this)));
    return this.afterWrite(rs.rows[0]);
  }

  /** Trains the partitions again now, whatever the collection's size (reindex). */
  retrainIvf(): Promise<IvfTrainReport> {
    return trainIvf(this);
  }

  async query(options: QueryOptions): Promise<QueryResults> {
    this.assertOpen();
    return withStoreErrors(`query "${this.name}"`, () => runQuery(this, options));
  }

  async get(options: GetOptions): Promise<StoredRecord[]> {
    this.assertOpen();
    parseOptions(getOptionsSchema, options, { caller: "get" });
    const ids = options.ids.map((id, i) => checkId(id, `ids[${i}]`));
    const includeVectors = options.includeVectors ?? false;
    const found = new Map<string, StoredRecord>();
    for (const chunk of chunked([...new Set(ids)], MAX_PARAMS - 10)) {
      const rs = await withStoreErrors(`get from "${this.name}"`, () =>
        this.client.execute({
          sql: `SELECT ${recordColumns(this, includeVectors)} FROM ${tableRef(this)} WHERE id IN (${chunk.map(() => "?").join(", ")})`,
          args: chunk,
        }),
      );
      for (const row of rs.rows) {
        const record = rowToRecord(row, includeVectors);
        found.set(record.id, record);
      }
    }
    return ids.flatMap((id) => {
      const r = found.get(id);
      return r ? [r] : [];
    });
  }

  async list(options: ListOptions = {}): Promise<StoredRecord[]> {
    this.assertOpen();
    parseOptions(listOptionsSchema, options, { caller: "list" });
    const limit = options.limit ?? 100;
    const offset = options.offset ?? 0;
    const includeVectors = options.includeVectors ?? false;
    const filter = filterFor(this, parseFilter(options.filter));
    const rs = await withStoreErrors(`list "${this.name}"`, () =>
      this.client.execute({
        sql: `SELECT ${recordColumns(this, includeVectors)} FROM ${tableRef(this)} WHERE ${filter.sql} ORDER BY id LIMIT ? OFFSET ?`,
        args: [...filter.args, limit, offset],
      }),
    );
    return rs.rows.map((row) => rowToRecord(row, includeVectors));
  }

  async count(options: { filter?: Filter } = {}): Promise<number> {
    this.assertOpen();
    const filter = filterFor(this, parseFilter(options.filter));
    const rs = await withStoreErrors(`count "${this.name}"`, () =>
      this.client.execute({ sql: `SELECT count(*) AS n FROM ${tableRef(this)} WHERE ${filter.sql}`, args: filter.args }),
    );
    return Number(rs.rows[0]?.n ?? 0);
  }

  async delete(options: DeleteOptions): Promise<number> {
    this.assertOpen();
    parseOptions(deleteOptionsSchema, options, { caller: "delete" });
    const table = tableRef(this);
    // A document that loses chunks outside the ingest pipeline is forgotten by it too, so the next ingest
    // of its source writes it again instead of calling it unchanged.
    const forgetDocuments = (where: string, args: InValue[]): InStatement => ({
      sql: `DELETE FROM ${quoteIdent(this.tables.documents)} WHERE document_id IN (SELECT DISTINCT document_id FROM ${table} WHERE ${where} AND document_id IS NOT NULL)`,
      args,
    });
    if ("ids" in options && options.ids !== undefined) {
      const ids = options.ids.map((id, i) => checkId(id, `ids[${i}]`));
      const statements = chunked([...new Set(ids)], MAX_PARAMS - 10).flatMap((chunk) => {
        const where = `id IN (${chunk.map(() => "?").join(", ")})`;
        return [forgetDocuments(where, chunk), { sql: `DELETE FROM ${table} WHERE ${where}`, args: chunk }];
      });
      if (statements.length === 0) return 0;
      const results = await withStoreErrors(`delete from "${this.name}"`, () => this.client.batch([...statements, ...this.trimStatements()], "write"));
      // Every other statement forgets ingest bookkeeping; count only the chunk deletions.
      return results.slice(0, statements.length).reduce((n, rs, i) => n + (i % 2 === 1 ? rs.rowsAffected : 0), 0);
    }
    const o = options as { filter?: Filter; all?: boolean };
    const node = parseFilter(o.filter);
    const refuse = () =>
      new RagError("INVALID_ARGUMENT", `delete: the filter matches every record of "${this.name}"; pass { all: true } to delete everything.`);
    if (matchesEverything(node) && o.all !== true) throw refuse();
    const filter = filterFor(this, node);
    if (o.all === true) {
      const statements = [forgetDocuments(filter.sql, filter.args), { sql: `DELETE FROM ${table} WHERE ${filter.sql}`, args: filter.args }];
      const results = await withStoreErrors(`delete from "${this.name}"`, () => this.client.batch([...statements, ...this.trimStatements()], "write"));
      return results[1]!.rowsAffected;
    }
    // The guard is on what the filter matches, not on its shape ({ $not: { $not: {} } } and { id: { $exists:
    // true } } match every row too): in the same transaction, rows are deleted only while one would survive.
    // The matching rows are materialised once; the survivor test usually stops at the first row it reads.
    const doomed = `WITH doomed AS MATERIALIZED (SELECT rid, document_id FROM ${table} WHERE ${filter.sql})`;
    const survivor = `EXISTS (SELECT 1 FROM ${table} WHERE rid NOT IN (SELECT rid FROM doomed))`;
    const statements: InStatement[] = [
      {
        sql: `${doomed} DELETE FROM ${quoteIdent(this.tables.documents)}
          WHERE document_id IN (SELECT document_id FROM doomed WHERE document_id IS NOT NULL) AND ${survivor}`,
        args: filter.args,
      },
      { sql: `${doomed} DELETE FROM ${table} WHERE rid IN (SELECT rid FROM doomed) AND ${survivor}`, args: filter.args },
      // Nothing deleted although rows match means the guard held: only then is the filter evaluated again.
      { sql: `SELECT CASE WHEN changes() > 0 THEN 0 ELSE EXISTS (SELECT 1 FROM ${table} WHERE ${filter.sql}) END AS refused`, args: filter.args },
    ];
    const results = await withStoreErrors(`delete from "${this.name}"`, () => this.client.batch([...statements, ...this.trimStatements()], "write"));
    if (Number(results[2]!.rows[0]?.refused ?? 0) !== 0) throw refuse();
    return results[1]!.rowsAffected;
  }

  async stats(): Promise<CollectionStats> {
    this.assertOpen();
    return collectionStats(this);
  }

  async reindex(): Promise<ReindexReport> {
    this.assertOpen();
    return reindexCollection(this);
  }
}

function chunked<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
