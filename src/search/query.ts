import type { CollectionContext } from "../store/collection-info.js";
import type { QueryResult } from "../store/records.js";
import { exactSearch } from "./exact.js";
import { resolveQuery, type QueryOptions, type SearchStrategy } from "./options.js";

/** How a query was answered. */
export interface QueryExplain {
  mode: "vector" | "keyword" | "hybrid";
  /** The path that produced the vector candidates. */
  path: "exact" | "ann" | "ann+exact" | "keyword";
  strategy: SearchStrategy;
  /** Human-readable notes from the planner. */
  notes: string[];
}

/** Query results, with a non-enumerable `explain` describing the path that ran. */
export type QueryResults = QueryResult[] & { readonly explain: QueryExplain };

export function withExplain(results: QueryResult[], explain: QueryExplain): QueryResults {
  Object.defineProperty(results, "explain", { value: explain, enumerable: false });
  return results as QueryResults;
}

/** Runs a query against one collection. */
export async function runQuery(ctx: CollectionContext, options: QueryOptions): Promise<QueryResults> {
  const q = resolveQuery(options, ctx.info);
  const results = await exactSearch(ctx, { vector: q.vector!, topK: q.topK, filter: q.filter, minScore: q.minScore, includeVectors: q.includeVectors });
  return withExplain(results, { mode: q.mode, path: "exact", strategy: q.strategy, notes: [] });
}
