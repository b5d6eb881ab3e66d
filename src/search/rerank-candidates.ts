import type { CollectionContext } from "../db/collection-context.js";
import type { QueryResult } from "../db/records.js";
import { rankByDistance, type VectorSearch } from "./exact.js";
import { filterFor, recordColumns, tableRef } from "../db/record-sql.js";
import { vectorArg } from "../db/vector.js";
import { distanceSql } from "./sql.js";

/**
 * Exact re-rank of candidate rowids (from the scan cache): their stored vectors' distances, the filter, and
 * the best `topK`, all in one statement, so scores are the database's own, bit for bit as an exact scan's.
 */
export async function rerankCandidates(ctx: CollectionContext, q: VectorSearch, rids: readonly number[]): Promise<QueryResult[]> {
  if (rids.length === 0) return [];
  // Few rows are tested: evaluating the JSON directly beats materialising a field-index lookup.
  const filter = filterFor(ctx, q.filter, undefined, false);
  const inner = `SELECT ${recordColumns(ctx, q.includeVectors)}, ${distanceSql(ctx)} AS distance FROM ${tableRef(ctx)}
      WHERE rid IN (SELECT value FROM json_each(?)) AND ${filter.sql}`;
  return rankByDistance(ctx, q, inner, [vectorArg(q.vector), JSON.stringify(rids), ...filter.args]);
}
