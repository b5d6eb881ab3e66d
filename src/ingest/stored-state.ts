import type { InStatement } from "@libsql/client";
import type { CollectionImpl } from "../store/collection.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { quoteIdent } from "../db/sql.js";

/**
 * What earlier ingests left in the store, read once per run. A document counts as unchanged only when it is
 * complete: its documents-table row says how many chunks it has, and that many chunk rows are there (a
 * kill, an abort or a hand-made delete can leave fewer).
 */
export interface StoredState {
  /** Content hash (fingerprint) of each complete document. */
  complete: Map<string, string>;
  /** Every document id in the documents table, complete or not. */
  existing: Set<string>;
  /** Per source file: file marker → ids of the complete documents that carry it. */
  files: Map<string, Map<string, string[]>>;
}

/**
 * Reads the documents table with, per document, whether its chunk count matches its chunk rows (one indexed
 * count per document, over the `document_id` index).
 */
export async function readStoredState(collection: CollectionImpl): Promise<StoredState> {
  const docs = quoteIdent(collection.tables.documents);
  const chunks = quoteIdent(collection.tables.chunks);
  const rs = await withStoreErrors("read documents", () =>
    collection.client.execute(
      `SELECT d.document_id, d.source, d.source_hash, d.content_hash,
              d.chunk_count = (SELECT count(*) FROM ${chunks} AS c WHERE c.document_id = d.document_id) AS complete
       FROM ${docs} AS d`,
    ),
  );
  const state: StoredState = { complete: new Map(), existing: new Set(), files: new Map() };
  for (const row of rs.rows) {
    const id = String(row.document_id);
    state.existing.add(id);
    if (Number(row.complete) !== 1) continue;
    state.complete.set(id, String(row.content_hash));
    if (row.source === null || row.source_hash === null) continue;
    const markers = state.files.get(String(row.source)) ?? new Map<string, string[]>();
    const marker = String(row.source_hash);
    const ids = markers.get(marker);
    if (ids) ids.push(id);
    else markers.set(marker, [id]);
    state.files.set(String(row.source), markers);
  }
  return state;
}

/**
 * The mark a file's documents get once all of them are written: the hash of its bytes and settings, and how
 * many documents it yields. Written only after the file's last document (see {@link markFileStatements}), so a
 * file interrupted part-way, or one that lost a document since, never matches and is read again.
 */
export function fileMarker(sourceHash: string, documents: number): string {
  return `${sourceHash}/${documents}`;
}

/** The ids of a file's documents when the file, with these bytes, was completely ingested before; else undefined. */
export function unchangedFileIds(state: StoredState, file: string, sourceHash: string): string[] | undefined {
  for (const [marker, ids] of state.files.get(file) ?? []) {
    const slash = marker.lastIndexOf("/");
    if (marker.slice(0, slash) === sourceHash && Number(marker.slice(slash + 1)) === ids.length) return ids;
  }
  return undefined;
}

const IDS_PER_STATEMENT = 10_000;

/** Statements that set a file's marker on all its documents at once (ids bound as one JSON array per statement). */
export function markFileStatements(collection: CollectionImpl, file: string, marker: string, ids: readonly string[]): InStatement[] {
  const docs = quoteIdent(collection.tables.documents);
  const statements: InStatement[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    statements.push({
      sql: `UPDATE ${docs} SET source = ?, source_hash = ? WHERE document_id IN (SELECT value FROM json_each(?))`,
      args: [file, marker, JSON.stringify(ids.slice(i, i + IDS_PER_STATEMENT))],
    });
  }
  return statements;
}
