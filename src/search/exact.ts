import type { InValue } from "@libsql/client";
import type { FilterNode } from "../filter/index.js";
import type { CollectionContext } from "../db/collection-context.js";
import type { QueryResult } from "../db/records.js";
import { filterFor, recordColumns, tableRef } from "../db/record-sql.js";
import { vectorArg } from "../db/vector.js";
import { distanceSql, rowToResult } from "./sql.js";

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
 * Runs a vector query whose inner SELECT yields record columns and `distance`: applies `minScore`, orders by
 * distance then id (a stable order for ties), and keeps `topK`. `args` are the inner query's values.
 */
export async function rankByDistance(ctx: CollectionContext, q: VectorSearch, inner: string, args: InValue[]): Promise<QueryResult[]> {
  const all = [...args];
  let outer = "";
  if (q.minScore !== undefined) {
    outer = `WHERE ${scoreSql(ctx, "distance")} >= ?`;
    all.push(q.minScore);
  }
  all.push(q.topK);
  const rs = await ctx.client.execute({ sql: `SELECT * FROM (${inner}) ${outer} ORDER BY distance, id LIMIT ?`, args: all });
  return rs.rows.map((row) => rowToResult(ctx, row, q.includeVectors));
}

/**
 * An exact scan: the distance to every row that passes the filter, ordered by distance then id.
 * Always returns `min(topK, matching rows)` results.
 */
export async function exactSearch(ctx: CollectionContext, q: VectorSearch): Promise<QueryResult[]> {
  const filter = filterFor(ctx, q.filter);
  const inner = `SELECT ${recordColumns(ctx, q.includeVectors)}, ${distanceSql(ctx)} AS distance FROM ${tableRef(ctx)} WHERE ${filter.sql}`;
  return rankByDistance(ctx, q, inner, [vectorArg(q.vector), ...filter.args]);
}
