import type { InValue, Row } from "@libsql/client";
import { compileFilter, jsonPath, type CompiledFilter, type FilterNode } from "../filter/index.js";
import type { CollectionContext } from "../store/collection-info.js";
import { parseMetadata, type QueryResult, type StoredRecord } from "../store/records.js";
import { quoteIdent } from "../store/sql.js";
import { decodeF32, distanceToScore, vectorParamSql } from "../store/vector.js";

/**
 * Compiles a filter over the collection's columns (qualified by `alias`), using its field index when it has
 * one. Pass `useFieldIndex: false` where only a few rows are tested (index candidates): there, evaluating the
 * JSON directly is cheaper than materialising the index lookup.
 */
export function filterFor(ctx: CollectionContext, node: FilterNode, alias?: string, useFieldIndex = true): CompiledFilter {
  const q = (c: string) => (alias ? `${alias}.${quoteIdent(c)}` : quoteIdent(c));
  const paths = useFieldIndex ? ctx.info.indexedFields.map((f) => jsonPath(f.split("."))) : [];
  return compileFilter(node, {
    id: q("id"),
    documentId: q("document_id"),
    metadata: q("metadata"),
    ...(paths.length > 0 ? { fieldIndex: { table: quoteIdent(ctx.tables.fields), rid: q("rid"), paths: new Set(paths) } } : {}),
  });
}

/** The SQL distance between the `embedding` column (qualified by `alias`) and one bound query vector. */
export function distanceSql(ctx: CollectionContext, alias?: string): string {
  const { metric, vectorType, dimensions } = ctx.info;
  const col = alias ? `${alias}.embedding` : "embedding";
  const fn = metric === "cosine" ? "vector_distance_cos" : "vector_distance_l2";
  const expr = `${fn}(${col}, ${vectorParamSql(vectorType)})`;
  // On 1-bit vectors vector_distance_cos is a Hamming distance; 2h/d approximates a cosine distance.
  return vectorType === "F1BIT_BLOB" ? `(${expr} * 2.0 / ${dimensions})` : expr;
}

/** Binds a Float32Array as a blob. */
export function vectorArg(vector: Float32Array): InValue {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Columns every record read selects, qualified by `alias`. */
export function recordColumns(ctx: CollectionContext, includeVectors: boolean, alias?: string): string {
  const p = alias ? `${alias}.` : "";
  const vector = !includeVectors ? "" : ctx.info.vectorType === "F32_BLOB" ? `, ${p}embedding AS embedding` : `, vector_extract(${p}embedding) AS embedding`;
  return `${p}id AS id, ${p}document_id AS document_id, ${p}content AS content, ${p}metadata AS metadata${vector}`;
}

export function rowToRecord(row: Row, includeVectors: boolean): StoredRecord {
  const record: StoredRecord = {
    id: String(row.id),
    documentId: row.document_id === null ? null : String(row.document_id),
    content: String(row.content),
    metadata: parseMetadata(row.metadata),
  };
  if (includeVectors) {
    const raw = row.embedding;
    record.vector = typeof raw === "string" ? new Float32Array(JSON.parse(raw) as number[]) : decodeF32(raw);
  }
  return record;
}

export function rowToResult(ctx: CollectionContext, row: Row, includeVectors: boolean): QueryResult {
  return { ...rowToRecord(row, includeVectors), score: distanceToScore(Number(row.distance), ctx.info.metric) };
}

export function tableRef(ctx: CollectionContext): string {
  return quoteIdent(ctx.tables.chunks);
}

/** `count` distinct random rowids from 1 to `maxRid` (at most `maxRid` of them), to sample a table cheaply. */
export function randomRowids(maxRid: number, count: number): number[] {
  const rids = new Set<number>();
  const want = Math.min(count, maxRid);
  while (rids.size < want) rids.add(1 + Math.floor(Math.random() * maxRid));
  return [...rids];
}
