import type { QueryResult } from "../../db/records.js";

/** One side's results, best first, and how much that side counts in a fusion. */
export interface RankedList {
  results: readonly QueryResult[];
  weight: number;
}

/** Higher score first; ties by id, so fused orders are stable. */
export function byScoreThenId(a: QueryResult, b: QueryResult): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Adds `add` to the fused score of `record` (by id), keeping a vector from whichever list carried one. */
export function addScore(fused: Map<string, QueryResult>, record: QueryResult, add: number): void {
  const entry = fused.get(record.id);
  if (entry === undefined) fused.set(record.id, { ...record, score: add });
  else {
    entry.score += add;
    if (record.vector && !entry.vector) entry.vector = record.vector;
  }
}

/** Scales scores to 0..1 by the lowest and highest of `results` (1 for every score when they are all equal). */
export function minMaxScaler(results: readonly QueryResult[]): (score: number) => number {
  let min = Infinity;
  let max = -Infinity;
  for (const r of results) {
    min = Math.min(min, r.score);
    max = Math.max(max, r.score);
  }
  const span = max - min;
  return (score) => (span > 0 ? (score - min) / span : 1);
}
