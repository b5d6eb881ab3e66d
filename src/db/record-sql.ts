import type { Row } from "@libsql/client";
import { compileFilter, jsonPath, type CompiledFilter, type FilterNode } from "../filter/index.js";
import type { CollectionContext } from "./collection-context.js";
import { parseMetadata, type StoredRecord } from "./records.js";
import { quoteIdent } from "./sql.js";
import { decodeF32 } from "./vector.js";

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

export function tableRef(ctx: CollectionContext): string {
  return quoteIdent(ctx.tables.chunks);
}
