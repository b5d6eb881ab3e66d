import type { InStatement, InValue } from "@libsql/client";
import { EmbeddingCacheTable } from "../db/embedding-cache.js";
import { RagError, describeValue } from "../errors.js";
import { CollectionImpl, type Collection } from "./collection.js";
import { withStoreErrors } from "../db/driver-errors.js";
import type { RecordInput } from "../db/records.js";
import { LEFT_OUT_VERSION } from "../db/migrations.js";
import { quoteIdent } from "../db/sql.js";

/** One document to write: its chunks replace every chunk the collection held for its id. */
export interface DocumentWrite {
  id: string;
  /** The file it came from, or null for an in-memory document (never pruned). */
  source: string | null;
  /** The fingerprint that tells a later ingest whether the document changed. */
  hash: string;
  /** Stored on the document's row (its title and metadata). */
  metadata: Record<string, unknown>;
  chunks: RecordInput[];
  /** Vectors embedded for this document now, remembered in the embedding cache in the same transaction. */
  embeddings?: readonly { hash: string; vector: Float32Array }[];
}

/**
 * What earlier ingests left in the collection. A document counts as complete only when its row says how many
 * chunks it has and that many chunk rows are there (a kill, an abort or a hand-made delete can leave fewer).
 */
export interface KnownDocuments {
  /** Fingerprint of each complete document. */
  complete: Map<string, string>;
  /** Every document id with a row, complete or not. */
  existing: Set<string>;
  /** Per source file: completeness marker → ids of the complete documents that carry it. */
  files: Map<string, Map<string, string[]>>;
  /** The files earlier runs left out as copies: the hash each was read with, and what it copies. */
  leftOut: Map<string, LeftOutFile>;
}

/** A file a run left out as a copy of others, by the hash it was read with (see {@link CollectionDocuments.recordLeftOut}). */
export interface LeftOutFile {
  hash: string;
  copyOf: string;
}

/**
 * The documents of a collection as the ingest pipeline sees them: which are stored and complete, and writes
 * that keep each document whole. Every method is one transaction (or one read).
 */
export interface CollectionDocuments {
  /** Records `embedderId` on the collection, or checks it against the recorded one (`EMBEDDER_MISMATCH`). */
  claimEmbedder(embedderId: string): Promise<void>;
  /** The stored state of the given documents, or of every document when `ids` is left out. */
  known(ids?: readonly string[]): Promise<KnownDocuments>;
  /**
   * Replaces the documents in one transaction: each one's old chunks go, its new chunks and row come, so each is
   * written whole or not at all. Its completeness marker is cleared until {@link markComplete} sets it.
   * @throws {RagError} `INVALID_ARGUMENT` / `DIMENSION_MISMATCH` for a record refused before the transaction,
   * `CONSTRAINT` and other store errors for one refused inside it (nothing is then written).
   */
  replace(documents: readonly DocumentWrite[], options: { embedderId: string }): Promise<void>;
  /** Sets a source file's completeness marker on all its documents, once every one of them is written. */
  markComplete(source: string, marker: string, ids: readonly string[]): Promise<void>;
  /**
   * Remembers the files a run left out as copies (`leftOut`, by path), and forgets the others given (`forget`: those
   * a run ingested, or found gone), in one transaction. A collection from before schema 5 whose upgrade could not
   * run remembers nothing.
   */
  recordLeftOut(leftOut: ReadonlyMap<string, LeftOutFile>, forget: readonly string[]): Promise<void>;
  /** Documents that came from a file: their ids and source paths. */
  sources(): Promise<{ id: string; source: string }[]>;
  /** Removes the documents and their chunks in one transaction; returns the number of chunks removed. */
  remove(ids: readonly string[]): Promise<number>;
  /**
   * Merges the full-text index into one segment (FTS5's `optimize`) after a run that wrote or removed `churn`
   * chunks, when that is a tenth of the collection's chunks or more (and at least 1,000); returns whether it did.
   */
  compactFullText(churn: number): Promise<boolean>;
  /** The embedding cache of the collection's database. */
  readonly embeddingCache: EmbeddingCacheTable;
}

/** Documents-table rows per INSERT: 6 bound values each, well under SQLite's 32,766 parameters. */
const DOCUMENT_ROWS_PER_STATEMENT = 1000;
/** Ids per statement where they are bound as one JSON array. */
const IDS_PER_STATEMENT = 10_000;
/**
 * The share of a collection's chunks a run must write or remove for its full-text index to be merged after it, and
 * the fewest chunks. A contentless FTS5 index keeps a replaced chunk's postings, and the delete record that cancels
 * them, in its segments until they merge, and keyword search reads them all: after a run that replaced all 31,439
 * chunks of the Vim set, keyword `rag.search` took 34.8 ms at p50, 25.8 ms once merged (docs/retrieval.md,
 * thirty-fifth round). Merging 34,606 chunks' index took 0.4 s, against ~3 minutes to embed them.
 */
const COMPACT_SHARE = 0.1;
const COMPACT_MIN_CHUNKS = 1000;

/**
 * The documents API of a collection opened by `store.collection()`.
 * @throws {RagError} `INVALID_ARGUMENT` for any other object: only the store's collections keep documents.
 */
export function collectionDocuments(collection: Collection): CollectionDocuments {
  if (!(collection instanceof CollectionImpl)) {
    throw new RagError("INVALID_ARGUMENT", `ingest needs a collection from store.collection(), got ${describeValue(collection)}.`);
  }
  return new SqlDocuments(collection);
}

class SqlDocuments implements CollectionDocuments {
  readonly embeddingCache: EmbeddingCacheTable;
  private readonly docs: string;
  private readonly chunks: string;
  private readonly leftOut: string;
  /** Whether the collection has the table of files left out (collection schema 5). */
  private readonly remembers: boolean;

  constructor(private readonly collection: CollectionImpl) {
    this.embeddingCache = new EmbeddingCacheTable(collection.client);
    this.docs = quoteIdent(collection.tables.documents);
    this.chunks = quoteIdent(collection.tables.chunks);
    this.leftOut = quoteIdent(collection.tables.leftOut);
    this.remembers = collection.info.schemaVersion >= LEFT_OUT_VERSION;
  }

  claimEmbedder(embedderId: string): Promise<void> {
    return this.collection.claimEmbedder(embedderId);
  }

  async known(ids?: readonly string[]): Promise<KnownDocuments> {
    const state: KnownDocuments = { complete: new Map(), existing: new Set(), files: new Map(), leftOut: new Map() };
    // One indexed count per document, over the chunks' `document_id` index.
    const select = `SELECT d.document_id, d.source, d.source_hash, d.content_hash,
              d.chunk_count = (SELECT count(*) FROM ${this.chunks} AS c WHERE c.document_id = d.document_id) AS complete
       FROM ${this.docs} AS d`;
    const reads: InStatement[] =
      ids === undefined
        ? [select]
        : slices(ids, IDS_PER_STATEMENT).map((part) => ({
            sql: `${select} WHERE d.document_id IN (SELECT value FROM json_each(?))`,
            args: [JSON.stringify(part)],
          }));
    for (const read of reads) {
      const rs = await withStoreErrors("read documents", () => this.collection.client.execute(read));
      for (const row of rs.rows) {
        const id = String(row.document_id);
        state.existing.add(id);
        if (Number(row.complete) !== 1) continue;
        state.complete.set(id, String(row.content_hash));
        if (row.source === null || row.source_hash === null) continue;
        const markers = state.files.get(String(row.source)) ?? new Map<string, string[]>();
        const marker = String(row.source_hash);
        const withMarker = markers.get(marker);
        if (withMarker) withMarker.push(id);
        else markers.set(marker, [id]);
        state.files.set(String(row.source), markers);
      }
    }
    // A collection whose upgrade could not run when it was opened (another writer held the lock) has no table yet.
    if (ids === undefined && this.remembers) {
      const rs = await withStoreErrors("read the files left out", () =>
        this.collection.client.execute(`SELECT source, source_hash, copy_of FROM ${this.leftOut}`),
      );
      for (const row of rs.rows) state.leftOut.set(String(row.source), { hash: String(row.source_hash), copyOf: String(row.copy_of) });
    }
    return state;
  }

  async recordLeftOut(leftOut: ReadonlyMap<string, LeftOutFile>, forget: readonly string[]): Promise<void> {
    if (!this.remembers) return;
    const statements: InStatement[] = slices([...forget], IDS_PER_STATEMENT).map((part) => ({
      sql: `DELETE FROM ${this.leftOut} WHERE source IN (SELECT value FROM json_each(?))`,
      args: [JSON.stringify(part)],
    }));
    for (const part of slices([...leftOut], DOCUMENT_ROWS_PER_STATEMENT)) {
      statements.push({
        sql: `INSERT INTO ${this.leftOut} (source, source_hash, copy_of) VALUES ${part.map(() => "(?, ?, ?)").join(", ")}
            ON CONFLICT (source) DO UPDATE SET source_hash = excluded.source_hash, copy_of = excluded.copy_of`,
        args: part.flatMap(([source, file]) => [source, file.hash, file.copyOf]),
      });
    }
    if (statements.length === 0) return;
    await withStoreErrors("record the files left out", () => this.collection.client.batch(statements, "write"));
  }

  async replace(documents: readonly DocumentWrite[], options: { embedderId: string }): Promise<void> {
    if (documents.length === 0) return;
    const statements: InStatement[] = [
      { sql: `DELETE FROM ${this.chunks} WHERE document_id IN (SELECT value FROM json_each(?))`, args: [JSON.stringify(documents.map((d) => d.id))] },
      ...this.collection.upsertStatements(documents.flatMap((d) => d.chunks)),
      ...EmbeddingCacheTable.insertStatements(
        options.embedderId,
        documents.flatMap((d) => d.embeddings ?? []),
      ),
    ];
    const now = new Date().toISOString();
    for (const part of slices(documents, DOCUMENT_ROWS_PER_STATEMENT)) {
      const rows: InValue[][] = part.map((d) => [d.id, d.source, d.hash, d.chunks.length, JSON.stringify(d.metadata), now]);
      statements.push({
        sql: `INSERT INTO ${this.docs} (document_id, source, source_hash, content_hash, chunk_count, metadata, updated_at)
            VALUES ${rows.map(() => "(?, ?, NULL, ?, ?, ?, ?)").join(", ")}
            ON CONFLICT (document_id) DO UPDATE SET source = excluded.source, source_hash = NULL, content_hash = excluded.content_hash,
            chunk_count = excluded.chunk_count, metadata = excluded.metadata, updated_at = excluded.updated_at`,
        args: rows.flat(),
      });
    }
    const what = documents.length === 1 ? `write document ${JSON.stringify(documents[0]!.id)}` : `write ${documents.length} document(s)`;
    const results = await withStoreErrors(what, () => this.collection.client.batch([...statements, ...this.collection.ivfStateStatements()], "write"));
    await this.collection.afterWrite(results.at(-1)?.rows[0]);
  }

  async markComplete(source: string, marker: string, ids: readonly string[]): Promise<void> {
    const statements: InStatement[] = slices(ids, IDS_PER_STATEMENT).map((part) => ({
      sql: `UPDATE ${this.docs} SET source = ?, source_hash = ? WHERE document_id IN (SELECT value FROM json_each(?))`,
      args: [source, marker, JSON.stringify(part)],
    }));
    await withStoreErrors(`mark ${JSON.stringify(source)} as ingested`, () => this.collection.client.batch(statements, "write"));
  }

  async sources(): Promise<{ id: string; source: string }[]> {
    const rs = await withStoreErrors("read documents", () =>
      this.collection.client.execute(`SELECT document_id, source FROM ${this.docs} WHERE source IS NOT NULL`),
    );
    return rs.rows.map((row) => ({ id: String(row.document_id), source: String(row.source) }));
  }

  async compactFullText(churn: number): Promise<boolean> {
    if (churn < COMPACT_MIN_CHUNKS) return false;
    const { client, tables, name } = this.collection;
    const counted = await withStoreErrors(`count the chunks of "${name}"`, () => client.execute(`SELECT count(*) AS n FROM ${this.chunks}`));
    if (churn < COMPACT_SHARE * Number(counted.rows[0]?.n ?? 0)) return false;
    const fts = quoteIdent(tables.fts);
    await withStoreErrors(`merge the full-text index of "${name}"`, () => client.execute(`INSERT INTO ${fts}(${fts}) VALUES ('optimize')`));
    return true;
  }

  async remove(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const what = ids.length === 1 ? `remove document ${JSON.stringify(ids[0])}` : `remove ${ids.length} documents`;
    const statements: InStatement[] = slices(ids, IDS_PER_STATEMENT).flatMap((part) => [
      { sql: `DELETE FROM ${this.chunks} WHERE document_id IN (SELECT value FROM json_each(?))`, args: [JSON.stringify(part)] },
      { sql: `DELETE FROM ${this.docs} WHERE document_id IN (SELECT value FROM json_each(?))`, args: [JSON.stringify(part)] },
    ]);
    const results = await withStoreErrors(what, () => this.collection.client.batch([...statements, ...this.collection.trimStatements()], "write"));
    return results.slice(0, statements.length).reduce((n, rs, i) => n + (i % 2 === 0 ? rs.rowsAffected : 0), 0);
  }
}

function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
