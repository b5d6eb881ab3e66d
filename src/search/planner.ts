import type { InValue } from "@libsql/client";
import { matchesEverything, type FilterNode } from "../filter/index.js";
import type { CollectionContext } from "../db/collection-context.js";
import type { QueryResult } from "../db/records.js";
import { annSearch, candidateCap } from "./ann.js";
import { exactSearch, type VectorSearch } from "./exact.js";
import type { SearchStrategy } from "./options.js";
import { filterFor, tableRef } from "../db/record-sql.js";
import { randomRowids } from "./sql.js";
import { rerankCandidates } from "./rerank-candidates.js";
import type { SearchContext } from "./context.js";
import type { ScanCache } from "./scan-cache/index.js";
import { calibratedBudget, ivfBudget, ivfPath, type IvfPathResult } from "./ivf/ivf-path.js";
import { calibrationNote } from "./ivf/calibrate.js";
import { readSize, sizeColumns, type CollectionSize } from "./ivf/ivf-search.js";

/**
 * Planner thresholds, chosen by measurement (bench/search.ts, docs/benchmarks.md).
 */
export const PLANNER = {
  /** At or below this many rows an exact scan is about as fast as the index, and always exact. */
  exactMaxRows: 4096,
  /**
   * The query that starts the scan cache's background load scans exactly on up to this many rows (recall 1,
   * and still quick at this size); on larger collections it takes the partitions, if any, or the vector index.
   * Queries that come during the load wait for it (ScanCache.ready).
   */
  exactWhileLoadingMaxRows: 250_000,
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
   * With a scan cache, the field-index scan wins only while the matches are few next to the rows the cache
   * scans: up to max(256, rows / 64), the measured crossover (docs/benchmarks.md).
   */
  exactIndexedMinWithCache: 256,
  exactIndexedFractionWithCache: 1 / 64,
  /** Scan-cache path: candidates re-ranked exactly in SQL, as a multiple of topK and at least `scanMinCandidates`. */
  scanOverfetch: 4,
  scanMinCandidates: 40,
  /** With a filter, candidates already passed it on the cached records, so fewer are needed. */
  scanFilteredOverfetch: 2,
  scanFilteredMinCandidates: 20,
} as const;

/** True when the filter can be answered by walking a field index (a top-level indexed equality, `$in` or range). */
function drivesFieldIndex(node: FilterNode, indexedFields: readonly string[]): boolean {
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
  path: "exact" | "ann" | "ann+exact" | "scan" | "scan+exact" | "ivf" | "ivf+exact";
  rowsEstimate: number;
  /**
   * Rows read from the collection's tables: counted for the planner's own reads and the partitioned path
   * (centroids plus the rows of the probed lists), estimated for an exact scan, candidates for the others;
   * undefined for a forced exact scan, whose size the planner did not read.
   */
  rowsRead: number | undefined;
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

/**
 * The collection's size, and for a collection with partitions the calibration its last training recorded, in one
 * statement: read with every query, so a client sees another's training without opening the collection again.
 */
async function sizeAndCalibration(ctx: CollectionContext): Promise<CollectionSize> {
  if (ctx.info.ivf === false) return { rows: await rowsEstimate(ctx), calibration: undefined };
  const columns = sizeColumns(ctx);
  const rs = await ctx.client.execute({ sql: `SELECT ${columns.sql}`, args: columns.args });
  return readSize(rs.rows[0]);
}

/** The path a collection's calibration chose, and the row budget it recorded. */
type SeenPath = { path: "ivf" | "ann"; budget: number | undefined };

/** The path each collection's calibration chose when this client last read it, by chunk table, per client. */
const seenPaths = new WeakMap<object, Map<string, SeenPath>>();
function seenPath(ctx: CollectionContext): Map<string, SeenPath> {
  const known = seenPaths.get(ctx.client);
  if (known !== undefined) return known;
  const m = new Map<string, SeenPath>();
  seenPaths.set(ctx.client, m);
  return m;
}

/** Estimates the filter's selectivity from random rowids. */
async function sampleSelectivity(ctx: CollectionContext, q: VectorSearch, maxRid: number): Promise<number | undefined> {
  const ridArgs = randomRowids(maxRid, PLANNER.sampleSize);
  const filter = filterFor(ctx, q.filter, undefined, false);
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
export async function planVectorSearch(ctx: SearchContext, q: VectorSearch, strategy: SearchStrategy): Promise<{ results: QueryResult[]; plan: VectorPlan }> {
  const cap = candidateCap(ctx);
  const filtered = !matchesEverything(q.filter);
  const plan: VectorPlan = { path: "exact", rowsEstimate: 0, rowsRead: 0, selectivity: filtered ? undefined : 1, candidates: 0, notes: [] };
  let indexedMatches: number | undefined;

  const exact = async (note: string) => {
    plan.notes.push(note);
    // Unknown without the collection's size, which "exact" does not read (it would cost a round trip).
    const scanned = indexedMatches ?? (plan.rowsEstimate > 0 ? plan.rowsEstimate : undefined);
    plan.rowsRead = scanned === undefined ? undefined : (plan.rowsRead ?? 0) + scanned;
    return { results: await exactSearch(ctx, q), plan };
  };

  if (strategy === "exact") return exact("strategy exact");
  if (strategy === "ivf") {
    if (filtered) {
      // The budget grows by 1 / selectivity, so that about as many matching rows are seen as without a filter.
      plan.rowsEstimate = await rowsEstimate(ctx);
      plan.selectivity = await sampleSelectivity(ctx, q, plan.rowsEstimate);
      plan.rowsRead = 1 + Math.min(PLANNER.sampleSize, plan.rowsEstimate);
    }
    const results = await partitioned(ctx, q, plan);
    return results === undefined ? exact(`finished with an exact scan`) : { results, plan };
  }
  if (strategy === "auto") {
    // A client without a scan cache, on a collection whose calibration chose the partitions when it last looked:
    // the unfiltered partitions query goes first and reads the size and calibration in the same statement, one
    // round trip instead of two; its results are kept only if that size and calibration still send the query there.
    // It takes the budget the calibration recorded when last read; the next query takes a new one, if any.
    const seen = seenPath(ctx);
    const last = seen.get(ctx.tables.chunks);
    const speculative =
      ctx.scanCache === undefined && !filtered && ctx.info.ivf !== false && last?.path === "ivf" ? ivfPath(ctx, q, 1, true, last.budget) : undefined;
    const read = await speculative?.then(
      (r) => r.size,
      () => undefined,
    );
    const { rows, calibration } = read ?? (await sizeAndCalibration(ctx));
    const budget = calibratedBudget(calibration, rows);
    seen.set(ctx.tables.chunks, { path: calibration?.path ?? "ivf", budget });
    plan.rowsEstimate = rows;
    plan.rowsRead = 1;
    if (plan.rowsEstimate <= PLANNER.exactMaxRows) return exact(`${plan.rowsEstimate} rows ≤ ${PLANNER.exactMaxRows}: exact scan`);
    const cache = ctx.scanCache !== undefined && (await ctx.scanCache.ready(plan.rowsEstimate, filtered)) ? ctx.scanCache : undefined;
    if (cache === undefined && ctx.scanCache?.disabledReason !== undefined) plan.notes.push(`scan cache off: ${ctx.scanCache.disabledReason}`);
    if (cache === undefined && ctx.scanCache?.loading) {
      // This query started the load: exact, as long as a scan of every row stays quick; past that, the index.
      if (plan.rowsEstimate <= PLANNER.exactWhileLoadingMaxRows) return exact("scan cache loading in the background: exact scan");
      plan.notes.push("scan cache loading in the background");
    }
    if (filtered) {
      // The cache estimates from its own records, for free; without it, a sample of rows is read.
      plan.selectivity = cache !== undefined ? cache.selectivity(q.filter) : await sampleSelectivity(ctx, q, plan.rowsEstimate);
      if (cache === undefined) plan.rowsRead = (plan.rowsRead ?? 0) + Math.min(PLANNER.sampleSize, plan.rowsEstimate);
      const matches = (plan.selectivity ?? 0) * (cache?.rows ?? plan.rowsEstimate);
      const fewEnough =
        cache !== undefined ? Math.max(PLANNER.exactIndexedMinWithCache, cache.rows * PLANNER.exactIndexedFractionWithCache) : PLANNER.exactIndexedMaxRows;
      if (drivesFieldIndex(q.filter, ctx.info.indexedFields) && matches <= fewEnough) {
        indexedMatches = Math.round(matches);
        return exact(`filter uses a field index (~${Math.round(matches)} matching rows): exact scan over them`);
      }
    }
    if (cache !== undefined) return { results: await scanPath(ctx, cache, q, plan, filtered), plan };
    // The partitions, unless the collection's calibration chose the index and the index can answer here (a filter
    // leaving it too few candidates would send it to an exact scan, where the partitions read a widened budget).
    let partitionsFirst = ctx.info.ivf !== false;
    if (partitionsFirst) {
      plan.notes.push(
        calibration === undefined ? "no calibration recorded (partitions trained by an older version): partitions" : calibrationNote(calibration),
      );
      if (calibration?.path === "ann") {
        partitionsFirst = cap === 0 || q.topK > cap || (filtered && (plan.selectivity ?? 0) * cap < q.topK * PLANNER.candidateMargin);
        if (partitionsFirst) plan.notes.push("the index would come up short here (filter too selective, or topK above its cap): partitions");
      }
    }
    if (partitionsFirst) {
      // A filter this selective would have the partitions scan every row: scan them exactly instead.
      if (filtered && ivfBudget(plan.selectivity, budget) >= plan.rowsEstimate) {
        return exact(`selective filter (~${((plan.selectivity ?? 0) * 100).toFixed(1)}%): the partitions would scan every row; exact scan`);
      }
      const results = await partitioned(ctx, q, plan, filtered ? undefined : speculative, budget);
      if (results !== undefined) return { results, plan };
      if (plan.path === "ivf+exact") return exact("finished with an exact scan");
    }
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
  plan.rowsRead = (plan.rowsRead ?? 0) + cap;
  const results = await annSearch(ctx, q, cap);
  if (results.length >= q.topK) return { results, plan };
  // Short: fewer rows match than topK, or the filter removed too many candidates. Only a scan can tell.
  plan.path = "ann+exact";
  plan.notes.push(`index returned ${results.length} of ${q.topK}; finished with an exact scan`);
  return { results: await exactSearch(ctx, q), plan };
}

/**
 * The partitioned path (search/ivf/): results, or undefined with `plan.path` "ivf+exact" when an exact scan must
 * finish the job, or undefined with the path untouched when the collection has no trained partitions.
 */
async function partitioned(
  ctx: CollectionContext,
  q: VectorSearch,
  plan: VectorPlan,
  started?: Promise<IvfPathResult>,
  budget?: number,
): Promise<QueryResult[] | undefined> {
  if (ctx.info.ivf === false) {
    plan.notes.push("collection has no partitions (open it with { ivf: true })");
    return undefined;
  }
  const r = await (started ?? ivfPath(ctx, q, plan.selectivity, false, budget));
  plan.rowsRead = (plan.rowsRead ?? 0) + r.rowsRead;
  plan.notes.push(...r.notes);
  if (!r.trained) {
    plan.notes.push("partitions not trained yet (the collection is still small)");
    return undefined;
  }
  plan.path = r.results === undefined ? "ivf+exact" : "ivf";
  plan.candidates = r.scanned;
  return r.results;
}

/**
 * The scan-cache path: the nearest rows by quantized distance, tested against the filter on the cached
 * records of the rows that would make the cut, then re-ranked exactly in SQL, which applies the
 * filter again as the arbiter. Falls back to an exact scan only when SQL disagrees with the cache (rows
 * changed since its refresh) or `minScore` cut the results short.
 */
async function scanPath(ctx: CollectionContext, cache: ScanCache, q: VectorSearch, plan: VectorPlan, filtered: boolean): Promise<QueryResult[]> {
  const rows = cache.rows;
  const count = filtered
    ? Math.max(q.topK * PLANNER.scanFilteredOverfetch, PLANNER.scanFilteredMinCandidates)
    : Math.max(q.topK * PLANNER.scanOverfetch, PLANNER.scanMinCandidates);
  const started = performance.now();
  const picked = cache.candidates(q.vector, count, q.filter);
  if (picked === undefined) {
    plan.path = "scan+exact";
    plan.notes.push("scan cache reloading since this query found it ready; exact scan");
    return exactSearch(ctx, q);
  }
  const { rids, shortlist } = picked;
  plan.path = "scan";
  plan.candidates = rids.length;
  plan.rowsRead = (plan.rowsRead ?? 0) + rids.length;
  plan.notes.push(
    `scan cache: ${rows} rows, ${shortlist > 0 ? `1-bit pass kept ${shortlist}, ` : ""}${rids.length} candidates${filtered ? " passing the filter" : ""} ` +
      `in ${(performance.now() - started).toFixed(1)} ms`,
  );
  const results = await rerankCandidates(ctx, q, rids);
  // Fewer candidates than asked means the cache holds no other (matching) row.
  const complete = rids.length < count;
  if (results.length >= q.topK || (complete && results.length === rids.length)) return results;
  plan.path = "scan+exact";
  plan.notes.push(
    results.length < Math.min(q.topK, rids.length) && q.minScore === undefined
      ? `SQL confirmed ${results.length} of ${rids.length} candidates (rows changed since the cache's refresh); finished with an exact scan`
      : `minScore left ${results.length} of ${q.topK}; finished with an exact scan`,
  );
  return exactSearch(ctx, q);
}
