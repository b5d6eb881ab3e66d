/**
 * Ranking metrics with binary relevance, as used in retrieval evaluation. A ranking is a list of item keys
 * (page names, document ids), best first, without duplicates; `relevant` is the set of keys that answer.
 */

/**
 * Collapses ranked hits to their keys in rank order, keeping each key's first (best) position.
 *
 * @example
 * collapseRanking([{ p: "a" }, { p: "b" }, { p: "a" }], (h) => h.p); // ["a", "b"]
 */
export function collapseRanking<T>(hits: readonly T[], keyOf: (hit: T) => string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const hit of hits) {
    const key = keyOf(hit);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(key);
  }
  return out;
}

/**
 * The share of relevant items found in the first `k` positions: |relevant ∩ top-k| / |relevant|.
 * 0 when nothing is relevant.
 */
export function recallAt(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let found = 0;
  for (const key of ranking.slice(0, k)) if (relevant.has(key)) found += 1;
  return found / relevant.size;
}

/** 1 / (position of the first relevant item), counting from 1, or 0 when none is in the first `k`. */
export function reciprocalRankAt(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  const at = firstRelevantRank(ranking, relevant);
  return at !== null && at <= k ? 1 / at : 0;
}

/** The 1-based position of the first relevant item, or `null` when there is none. */
export function firstRelevantRank(ranking: readonly string[], relevant: ReadonlySet<string>): number | null {
  const index = ranking.findIndex((key) => relevant.has(key));
  return index === -1 ? null : index + 1;
}

/**
 * Normalized discounted cumulative gain at `k` with binary gains: DCG = Σ 1/log2(position + 1) over the
 * relevant items in the first `k` positions, divided by the DCG of an ideal ranking (all relevant items
 * first). 0 when nothing is relevant.
 */
export function ndcgAt(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  ranking.slice(0, k).forEach((key, i) => {
    if (relevant.has(key)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(relevant.size, k); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/**
 * The `p`-th percentile (0–100) by linear interpolation between closest ranks, or `NaN` for no values.
 *
 * @example
 * percentile([1, 2, 3, 4], 50); // 2.5
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** The arithmetic mean, or `NaN` for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
