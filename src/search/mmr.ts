import type { QueryResult } from "../db/records.js";
import type { ResolvedMmr } from "./options.js";

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Maximal marginal relevance: greedily picks the candidate maximizing
 * `lambda · sim(query, d) − (1 − lambda) · max sim(d, already picked)`. Candidates must carry vectors.
 * Scores in the result stay the candidates' own similarities.
 */
export function maximalMarginalRelevance(query: Float32Array, candidates: QueryResult[], topK: number, options: ResolvedMmr): QueryResult[] {
  const pool = candidates.filter((c) => c.vector !== undefined);
  const relevance = pool.map((c) => cosine(query, c.vector!));
  const maxSim = pool.map(() => -Infinity);
  const picked: QueryResult[] = [];
  const used = new Set<number>();
  while (picked.length < topK && used.size < pool.length) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      if (used.has(i)) continue;
      const redundancy = picked.length === 0 ? 0 : maxSim[i]!;
      const value = options.lambda * relevance[i]! - (1 - options.lambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    used.add(best);
    const chosen = pool[best]!;
    picked.push(chosen);
    for (let i = 0; i < pool.length; i++) {
      if (!used.has(i)) maxSim[i] = Math.max(maxSim[i]!, cosine(pool[i]!.vector!, chosen.vector!));
    }
  }
  return picked;
}
