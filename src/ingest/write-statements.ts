import type { InStatement, InValue } from "@libsql/client";
import { EmbeddingCache, contentHash } from "../embed/cache.js";
import type { CollectionImpl } from "../store/collection.js";
import type { RecordInput } from "../db/records.js";
import { quoteIdent } from "../db/sql.js";
import type { LoadedDocument } from "./loaders/index.js";

/** One file being ingested: its marker is written once all its documents are, and none failed. */
export interface FileRun {
  file: string;
  marker: string;
  /** Every document id the file yielded. */
  ids: string[];
  /** Documents handed to a round and not yet written. */
  pending: number;
  /** All its documents have been considered. */
  loaded: boolean;
  failed: boolean;
  marked: boolean;
}

/** A document chunked and waiting for its round to be embedded and written. */
export interface PreparedDocument {
  doc: LoadedDocument;
  run: FileRun | null;
  hash: string;
  records: Omit<RecordInput, "vector">[];
  /** What the embedder is given for each record: its context header and passage (see embeddingText). */
  texts: string[];
  isNew: boolean;
}

/** Documents-table rows per INSERT: 6 bound values each, well under SQLite's 32,766 parameters. */
const DOCUMENT_ROWS_PER_STATEMENT = 1000;

/**
 * The statements that write documents: their old chunks go, their new chunks and documents-table rows come,
 * all in the caller's one transaction, so that each document is written whole or not at all. Set-based (a few
 * multi-row statements for a whole round) rather than a handful per document. `source_hash` stays NULL until
 * the whole file is written (see markFileStatements).
 *
 * @throws {RagError} `INVALID_ARGUMENT` / `DIMENSION_MISMATCH` for a record the store refuses.
 */
export function documentStatements(
  collection: CollectionImpl,
  embedderId: string,
  docs: readonly { p: PreparedDocument; vectors: Float32Array[] }[],
  fresh: ReadonlyMap<string, Float32Array>,
): InStatement[] {
  const docsTable = quoteIdent(collection.tables.documents);
  const records: RecordInput[] = docs.flatMap(({ p, vectors }) => p.records.map((r, i) => ({ ...r, vector: vectors[i]! })));
  const cacheRows = docs.flatMap(({ p }) =>
    p.texts.flatMap((text) => {
      const hash = contentHash(text);
      const vector = fresh.get(hash);
      return vector ? [{ hash, vector }] : [];
    }),
  );
  const statements: InStatement[] = [
    {
      sql: `DELETE FROM ${quoteIdent(collection.tables.chunks)} WHERE document_id IN (SELECT value FROM json_each(?))`,
      args: [JSON.stringify(docs.map(({ p }) => p.doc.id))],
    },
    ...collection.upsertStatements(records),
    ...EmbeddingCache.storeStatements(embedderId, cacheRows),
  ];
  const now = new Date().toISOString();
  for (let i = 0; i < docs.length; i += DOCUMENT_ROWS_PER_STATEMENT) {
    const rows: InValue[][] = docs.slice(i, i + DOCUMENT_ROWS_PER_STATEMENT).map(({ p }) => [
      p.doc.id,
      p.run?.file ?? null,
      p.hash,
      p.records.length,
      JSON.stringify({ title: p.doc.title ?? null, ...p.doc.metadata }),
      now,
    ]);
    statements.push({
      sql: `INSERT INTO ${docsTable} (document_id, source, source_hash, content_hash, chunk_count, metadata, updated_at)
            VALUES ${rows.map(() => "(?, ?, NULL, ?, ?, ?, ?)").join(", ")}
            ON CONFLICT (document_id) DO UPDATE SET source = excluded.source, source_hash = NULL, content_hash = excluded.content_hash,
            chunk_count = excluded.chunk_count, metadata = excluded.metadata, updated_at = excluded.updated_at`,
      args: rows.flat(),
    });
  }
  return statements;
}
