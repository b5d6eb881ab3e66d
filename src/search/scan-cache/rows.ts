// How the scan cache reads a row of the chunk table: the columns, the filterable record and the vector.
import type { Row } from "@libsql/client";
import type { FilterableRecord } from "../../filter/index.js";
import { parseMetadata } from "../../db/records.js";
import { decodeF32 } from "../../db/vector.js";

/** Columns the cache reads per row. */
export const ROW_COLUMNS = "rid, id, document_id, metadata, embedding";

/** The filterable record of a row, and a rough JS heap cost of it (its text twice over, plus overhead). */
export function rowRecord(row: Row): { record: FilterableRecord; cost: number } {
  const id = String(row.id);
  const documentId = row.document_id === null ? null : String(row.document_id);
  const text = typeof row.metadata === "string" ? row.metadata : "{}";
  return { record: { id, documentId, metadata: parseMetadata(text) }, cost: 2 * (id.length + (documentId?.length ?? 0) + text.length) + 96 };
}

/** A stored F32 vector, without copying when the driver hands over a whole ArrayBuffer. */
export function readVector(blob: unknown): Float32Array {
  return blob instanceof ArrayBuffer && blob.byteLength % 4 === 0 ? new Float32Array(blob) : decodeF32(blob);
}
