import type { CollectionContext } from "../db/collection-context.js";
import type { QueryResult } from "../db/records.js";
import { rankByDistance, type VectorSearch } from "./exact.js";
import { filterFor, recordColumns, tableRef } from "../db/record-sql.js";
import { vectorArg, vectorParamSql } from "../db/vector.js";
import { distanceSql } from "./sql.js";

/** libSQL's default `search_l`: `vector_top_k` returns at most about this many rows, whatever k asks. */
const DEFAULT_SEARCH_L = 200;

/** How many candidates one `vector_top_k` call can usefully return for this collection. */
export function candidateCap(ctx: CollectionContext): number {
  const index = ctx.info.index;
  return index === false ? 0 : (index.searchL ?? DEFAULT_SEARCH_L);
}

/**
 * Approximate search through the DiskANN index: take `candidates` rows from `vector_top_k`, re-rank them by
 * their exact distance, apply the filter, and keep the best `topK`. The re-rank makes compressed indexes
 * (float1bit, float8) as precise as their candidate lists allow. Never asks `vector_top_k` for k = 0,
 * which crashes libSQL.
 */
export async function annSearch(ctx: CollectionContext, q: VectorSearch, candidates: number): Promise<QueryResult[]> {
  const k = Math.max(1, Math.floor(candidates));
  const filter = filterFor(ctx, q.filter, "c", false);
  const inner = `SELECT ${recordColumns(ctx, q.includeVectors, "c")}, ${distanceSql(ctx, "c")} AS distance
      FROM vector_top_k(?, ${vectorParamSql(ctx.info.vectorType)}, ?) AS v
      JOIN ${tableRef(ctx)} AS c ON c.rid = v.id
      WHERE ${filter.sql}`;
  return rankByDistance(ctx, q, inner, [vectorArg(q.vector), ctx.tables.vectorIndex, vectorArg(q.vector), k, ...filter.args]);
}
