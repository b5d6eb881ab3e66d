// How the scan cache reads the database: a row of the chunk table (its columns, filterable record and vector),
// and the change log since a sequence.
import type { Client, Row } from "@libsql/client";
import type { FilterableRecord } from "../../filter/index.js";
import { parseMetadata } from "../../db/records.js";
import { decodeF32 } from "../../db/vector.js";
import { randomRowids } from "../sql.js";

/** Columns the cache reads per row. */
export const ROW_COLUMNS = "rid, id, document_id, metadata, embedding";

/** The filterable record of a row, and a rough JS heap cost of it (its text twice over, plus overhead). */
export function rowRecord(row: Row): { record: FilterableRecord; cost: number } {
  const id = String(row.id);
  const documentId = row.document_id === null ? null : String(row.document_id);
  const text = typeof row.metadata === "string" ? row.metadata : "{}";
  return { record: { id, documentId, metadata: parseMetadata(text) }, cost: 2 * (id.length + (documentId?.length ?? 0) + text.length) + 96 };
}

/** A record as one line of JSON: what a snapshot stores per slot, and what its check compares with the database. */
export function recordLine(record: FilterableRecord): string {
  return JSON.stringify([record.id, record.documentId, record.metadata]);
}

/** The change log after a sequence: its bounds, the rowid logged at the sequence itself, and the rowids changed since. */
export interface ChangesSince {
  lo: number | null;
  hi: number;
  at: number | null;
  rids: number[];
}

/**
 * Reads the change log after `seq` in one snapshot, so a trim by another writer cannot slip between the bounds
 * and the rowids. Each bound is its own subquery, one B-tree seek each (min and max in one SELECT would scan the log).
 */
export async function changesSince(client: Client, log: string, seq: number): Promise<ChangesSince> {
  const [bounds, changed] = await client.batch(
    [
      {
        sql: `SELECT (SELECT min(seq) FROM ${log}) AS lo, (SELECT max(seq) FROM ${log}) AS hi, (SELECT rid FROM ${log} WHERE seq = ?) AS at`,
        args: [seq],
      },
      { sql: `SELECT DISTINCT rid FROM ${log} WHERE seq > ?`, args: [seq] },
    ],
    "read",
  );
  const b = bounds!.rows[0];
  return {
    lo: b?.lo == null ? null : Number(b.lo),
    hi: b?.hi == null ? 0 : Number(b.hi),
    at: b?.at == null ? null : Number(b.at),
    rids: changed!.rows.map((r) => Number(r.rid)),
  };
}

/**
 * Whether the log still holds every change after `seq`: false when it was trimmed past it, or restarted (the
 * collection dropped and made again).
 */
export function reachesBack(changes: ChangesSince, seq: number): boolean {
  return changes.hi >= seq && (changes.lo === null || changes.lo <= seq + 1);
}

/** A stored F32 vector, without copying when the driver hands over a whole ArrayBuffer. */
export function readVector(blob: unknown): Float32Array {
  return blob instanceof ArrayBuffer && blob.byteLength % 4 === 0 ? new Float32Array(blob) : decodeF32(blob);
}

/**
 * The vectors of up to `want` rows of `table` (quoted): random rowids up to `maxRid`, topped up with the first
 * rows when deletes left the rowid range sparse.
 */
export async function sampleVectors(client: Client, table: string, maxRid: number, want: number): Promise<Float32Array[]> {
  if (want <= 0) return [];
  const rs = await client.execute({
    sql: `SELECT embedding FROM ${table} WHERE rid IN (SELECT value FROM json_each(?))`,
    args: [JSON.stringify(randomRowids(maxRid, want))],
  });
  const out = rs.rows.map((row) => readVector(row.embedding));
  if (out.length < want / 2) {
    const more = await client.execute({ sql: `SELECT embedding FROM ${table} LIMIT ?`, args: [want - out.length] });
    out.push(...more.rows.map((row) => readVector(row.embedding)));
  }
  return out;
}
