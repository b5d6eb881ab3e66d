import type { QueryResult } from "../../db/records.js";
import { addScore, byScoreThenId, type RankedList } from "./ranked-list.js";

/**
 * Weighted reciprocal rank fusion: each list adds `weight / (k + rank)` for every result it holds (rank from
 * 1). Only ranks count, so the lists' scores need not be comparable; a weak list gets a smaller weight.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], k: number): QueryResult[] {
  const fused = new Map<string, QueryResult>();
  for (const { results, weight } of lists) {
    results.forEach((record, i) => addScore(fused, record, weight / (k + i + 1)));
  }
  return [...fused.values()].sort(byScoreThenId);
}
