import type { InValue } from "@libsql/client";
import type { FilterNode } from "../filter/index.js";
import type { CollectionContext } from "../store/collection-info.js";
import type { QueryResult } from "../store/records.js";
import { distanceSql, filterFor, recordColumns, rowToResult, tableRef, vectorArg } from "./sql.js";

export interface VectorSearch {
  vector: Float32Array;
  topK: number;
  filter: FilterNode;
  minScore: number | undefined;
  includeVectors: boolean;
}

/** The SQL score expression for a `distance` column, matching `distanceToScore` bit for bit. */
export function scoreSql(ctx: CollectionContext, distance: string): string {
  return ctx.info.metric === "cosine" ? `(1.0 - ${distance})` : `(1.0 / (1.0 + ${distance}))`;
}

/**
 * An exact scan: the distance to every row that passes the filter, ordered by distance then id.
 * Always returns `min(topK, matching rows)` results.
 */
export async function exactSearch(ctx: CollectionContext, q: VectorSearch): Promise<QueryResult[]> {
  const filter = filterFor(ctx, q.filter);
  const args: InValue[] = [vectorArg(q.vector), ...filter.args];
  let outer = "";
  if (q.minScore !== undefined) {
    outer = `WHERE ${scoreSql(ctx, "distance")} >= ?`;
    args.push(q.minScore);
  }
  args.push(q.topK);
  const sql = `SELECT * FROM (
      SELECT ${recordColumns(ctx, q.includeVectors)}, ${distanceSql(ctx)} AS distance
      FROM ${tableRef(ctx)} WHERE ${filter.sql}
    ) ${outer} ORDER BY distance, id LIMIT ?`;
  const rs = await ctx.client.execute({ sql, args });
  return rs.rows.map((row) => rowToResult(ctx, row, q.includeVectors));
}
