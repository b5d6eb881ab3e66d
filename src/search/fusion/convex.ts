import type { QueryResult } from "../../db/records.js";
import { addScore, byScoreThenId, minMaxScaler, type RankedList } from "./ranked-list.js";

/**
 * Convex combination of normalised scores: each list's scores are rescaled to 0..1 (min-max within the list,
 * so BM25's unbounded scores and cosine similarities meet on one scale), and a result scores
 * `Σ weight × normalised score` over the lists, with the weights scaled to sum to 1. A result missing from a
 * list gets 0 there: it ranked below everything that list returned. Unlike rank fusion, a clear winner on one
 * side keeps its margin.
 */
export function convexCombination(lists: readonly RankedList[]): QueryResult[] {
  const total = lists.reduce((sum, l) => sum + (l.results.length > 0 ? l.weight : 0), 0);
  const fused = new Map<string, QueryResult>();
  for (const { results, weight } of lists) {
    if (results.length === 0 || total === 0) continue;
    // A list whose scores are all equal says only that its results matched: each gets the full share.
    const scaled = minMaxScaler(results);
    for (const record of results) addScore(fused, record, (weight / total) * scaled(record.score));
  }
  return [...fused.values()].sort(byScoreThenId);
}
