import type { InValue } from "@libsql/client";
import { matchesEverything, type FilterNode } from "../filter/index.js";
import type { CollectionContext } from "../store/collection-info.js";
import type { QueryResult } from "../store/records.js";
import { annSearch, candidateCap } from "./ann.js";
import { exactSearch, type VectorSearch } from "./exact.js";
import type { SearchStrategy } from "./options.js";
import { filterFor, tableRef } from "./sql.js";
import { rerankCandidates } from "./scan.js";

/**
 * Planner thresholds, chosen by measurement (bench/search.ts, docs/benchmarks.md).
 */
export const PLANNER = {
  /** At or below this many rows an exact scan is about as fast as the index, and always exact. */
  exactMaxRows: 4096,
  /** Rows sampled to estimate a filter's selectivity. */
  sampleSize: 256,
  /** Take the index path only when the candidates should hold this many times topK matching rows. */
  candidateMargin: 3,
  /**
   * When the filter goes through a field index, an exact scan reads only the matching rows; below this many
   * estimated matches it is exact and about as fast as the vector index.
   */
  exactIndexedMaxRows: 4096,
  /**
   * Scan-cache path: candidates re-ranked exactly, as a multiple of topK and at least `scanMinCandidates`,
   * divided by the filter's estimated selectivity so enough matching rows are among them.
   */
  scanOverfetch: 4,
  scanMinCandidates: 40,
  /** With a filter, candidates are divided by selectivity, so a smaller multiple already holds plenty. */
  scanFilteredOverfetch: 2,
  scanFilteredMinCandidates: 20,
  /** Above this fraction of the rows as candidates, re-ranking costs more than an exact scan. */
  scanMaxCandidateFraction: 0.5,
} as const;

/** True when the filter can be answered by walking a field index (a top-level indexed equality, `$in` or range). */
export function drivesFieldIndex(node: FilterNode, indexedFields: readonly string[]): boolean {
  switch (node.kind) {
    case "and":
      return node.children.some((c) => drivesFieldIndex(c, indexedFields));
    case "or":
      return node.children.length > 0 && node.children.every((c) => drivesFieldIndex(c, indexedFields));
    case "not":
      return false;
    case "compare": {
      if (node.field.kind !== "metadata" || !indexedFields.includes(node.field.segments.join("."))) return false;
      if (node.op === "$eq") return node.value !== null;
      if (node.op === "$in") return !node.value.includes(null);
      return node.op === "$gt" || node.op === "$gte" || node.op === "$lt" || node.op === "$lte";
    }
  }
}

export interface VectorPlan {
  path: "exact" | "ann" | "ann+exact" | "scan" | "scan+exact";
  rowsEstimate: number;
  /** Estimated fraction of rows the filter matches (1 without a filter), or undefined when not sampled. */
  selectivity: number | undefined;
  candidates: number;
  notes: string[];
}

async function rowsEstimate(ctx: CollectionContext): Promise<number> {
  // max(rid) is one B-tree seek; count(*) would scan an index. Deleted rows make it an overestimate.
  const rs = await ctx.client.execute(`SELECT coalesce(max(rid), 0) AS n FROM ${tableRef(ctx)}`);
  return Number(rs.rows[0]?.n ?? 0);
}

/** Estimates the filter's selectivity from random rowids. */
async function sampleSelectivity(ctx: CollectionContext, q: VectorSearch, maxRid: number): Promise<number | undefined> {
  const rids = new Set<number>();
  const want = Math.min(PLANNER.sampleSize, maxRid);
  while (rids.size < want) rids.add(1 + Math.floor(Math.random() * maxRid));
  const filter = filterFor(ctx, q.filter, undefined, false);
  const ridArgs = [...rids];
  const rs = await ctx.client.execute({
    sql: `SELECT count(*) AS n, coalesce(sum(CASE WHEN ${filter.sql} THEN 1 ELSE 0 END), 0) AS m
          FROM ${tableRef(ctx)} WHERE rid IN (${ridArgs.map(() => "?").join(", ")})`,
    args: [...filter.args, ...ridArgs] as InValue[],
  });
  const n = Number(rs.rows[0]?.n ?? 0);
  return n === 0 ? undefined : Number(rs.rows[0]?.m ?? 0) / n;
}

/**
 * Answers a vector query by the chosen strategy. Every strategy returns exactly `min(topK, matching rows)`:
 * when the index path comes up short, an exact scan restricted by the filter finishes the job.
 */
export async function planVectorSearch(
  ctx: CollectionContext,
  q: VectorSearch,
  strategy: SearchStrategy,
): Promise<{ results: QueryResult[]; plan: VectorPlan }> {
  const cap = candidateCap(ctx);
  const filtered = !matchesEverything(q.filter);
  const plan: VectorPlan = { path: "exact", rowsEstimate: 0, selectivity: filtered ? undefined : 1, candidates: 0, notes: [] };

  const exact = async (note: string) => {
    plan.notes.push(note);
    return { results: await exactSearch(ctx, q), plan };
  };

  if (strategy === "exact") return exact("strategy exact");
  if (strategy === "auto") {
    plan.rowsEstimate = await rowsEstimate(ctx);
    if (plan.rowsEstimate <= PLANNER.exactMaxRows) return exact(`${plan.rowsEstimate} rows ≤ ${PLANNER.exactMaxRows}: exact scan`);
    if (filtered) {
      plan.selectivity = await sampleSelectivity(ctx, q, plan.rowsEstimate);
      const matches = (plan.selectivity ?? 0) * plan.rowsEstimate;
      if (drivesFieldIndex(q.filter, ctx.info.indexedFields) && matches <= PLANNER.exactIndexedMaxRows) {
        return exact(`filter uses a field index (~${Math.round(matches)} matching rows): exact scan over them`);
      }
    }
    const scanned = await scanPath(ctx, q, plan, filtered);
    if (scanned !== undefined) return { results: scanned, plan };
  }
  if (cap === 0) return exact("collection has no vector index");
  if (q.topK > cap) return exact(`topK ${q.topK} exceeds the index's candidate cap ${cap}`);
  if (strategy === "auto" && filtered) {
    const expected = (plan.selectivity ?? 0) * cap;
    if (expected < q.topK * PLANNER.candidateMargin) {
      return exact(`selective filter (~${((plan.selectivity ?? 0) * 100).toFixed(1)}%): exact scan over matching rows`);
    }
  }

  plan.path = "ann";
  plan.candidates = cap;
  const results = await annSearch(ctx, q, cap);
  if (results.length >= q.topK) return { results, plan };
  // Short: fewer rows match than topK, or the filter removed too many candidates. Only a scan can tell.
  plan.path = "ann+exact";
  plan.notes.push(`index returned ${results.length} of ${q.topK}; finished with an exact scan`);
  return { results: await exactSearch(ctx, q), plan };
}

/**
 * The scan-cache path: quantized candidates from the in-process cache, re-ranked exactly in SQL. Returns
 * undefined when the cache is off or unsuitable (the caller then plans as without it).
 */
async function scanPath(ctx: CollectionContext, q: VectorSearch, plan: VectorPlan, filtered: boolean): Promise<QueryResult[] | undefined> {
  const cache = ctx.scanCache;
  if (cache === undefined) return undefined;
  if (!(await cache.sync())) {
    if (cache.disabledReason !== undefined) plan.notes.push(`scan cache off: ${cache.disabledReason}`);
    return undefined;
  }
  const rows = cache.rows;
  // A sample that found no match still leaves the selectivity near 1/sampleSize, not zero (Laplace's rule).
  const selectivity = filtered ? Math.max(plan.selectivity ?? 0, 1 / (PLANNER.sampleSize + 2)) : 1;
  const base = filtered
    ? Math.max(q.topK * PLANNER.scanFilteredOverfetch, PLANNER.scanFilteredMinCandidates)
    : Math.max(q.topK * PLANNER.scanOverfetch, PLANNER.scanMinCandidates);
  const wanted = Math.ceil(base / selectivity);
  if (wanted > rows * PLANNER.scanMaxCandidateFraction) {
    plan.notes.push(`scan cache skipped: ${wanted} candidates would be over ${PLANNER.scanMaxCandidateFraction * 100}% of ${rows} rows`);
    return undefined;
  }
  const started = performance.now();
  let count = wanted;
  let rids = cache.candidates(q.vector, count);
  plan.path = "scan";
  plan.notes.push(`scan cache: ${rows} rows, ${rids.length} candidates in ${(performance.now() - started).toFixed(1)} ms`);
  for (;;) {
    plan.candidates = rids.length;
    const results = await rerankCandidates(ctx, q, rids);
    if (results.length >= q.topK || rids.length >= rows) return results;
    // Unfiltered and short: minScore cut it (only a scan can say no other row passes), or rows changed since
    // the cache's refresh.
    if (!filtered) break;
    // Short under a filter: the sample overrated the matches. Widen by what the candidates showed, while that
    // stays cheaper than a scan.
    const observed = Math.max(results.length, 1) / rids.length;
    count = Math.max(count * 2, Math.ceil((base * 1.5) / observed));
    if (count > rows * PLANNER.scanMaxCandidateFraction) break;
    plan.notes.push(`scan candidates gave ${results.length} of ${q.topK}; widening to ${count}`);
    rids = cache.candidates(q.vector, count);
  }
  // Short: few rows match, or rows changed since the cache's last refresh. Only a scan can tell.
  plan.path = "scan+exact";
  plan.notes.push(`scan candidates gave too few of ${q.topK}; finished with an exact scan`);
  return exactSearch(ctx, q);
}
