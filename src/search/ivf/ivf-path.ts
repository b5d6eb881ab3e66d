import type { CollectionContext } from "../../db/collection-context.js";
import type { QueryResult } from "../../db/records.js";
import type { VectorSearch } from "../exact.js";
import { ivfSearch, type CollectionSize } from "./ivf-search.js";

/** Partitioned search settings, chosen by measurement (bench/remote-ivf.ts, docs/remote-search.md). */
export const IVF_SEARCH = {
  /** Rows scanned per unfiltered query: the nearest lists until they hold this many. */
  rows: 3000,
  /** With a filter, the budget grows by 1 / selectivity (down to this selectivity), so as many matching rows are seen. */
  minSelectivity: 0.02,
  /** When a filter or `minScore` leaves fewer than topK, the budget grows this many times over, this often. */
  widen: 4,
  attempts: 2,
} as const;

/**
 * The unfiltered row budget a calibration recorded, for the collection at `rows` rows: the lists stay those of the
 * last training, so the budget keeps its share of the collection, and never passes the default. Undefined (the
 * default) for a calibration without one.
 */
export function calibratedBudget(calibration: { budget?: number | undefined; rows: number } | undefined, rows: number): number | undefined {
  if (calibration?.budget === undefined) return undefined;
  const scaled = calibration.rows > 0 ? Math.round((calibration.budget * rows) / calibration.rows) : calibration.budget;
  return Math.max(1, Math.min(IVF_SEARCH.rows, scaled));
}

/**
 * Rows a partitioned search plans to scan for a filter of this selectivity (1 / undefined: none), from the
 * unfiltered budget `rows` (the calibrated one, else the default).
 */
export function ivfBudget(selectivity: number | undefined, rows: number = IVF_SEARCH.rows): number {
  return Math.ceil(rows / Math.min(1, Math.max(selectivity ?? 1, IVF_SEARCH.minSelectivity)));
}

/** The outcome of the partitioned path: results when it could answer, and what it read either way. */
export interface IvfPathResult {
  /** Undefined when the partitions could not give exactly `min(topK, matches)`: the caller scans exactly. */
  results: QueryResult[] | undefined;
  /** False when the collection has no trained lists (the caller takes another path). */
  trained: boolean;
  rowsRead: number;
  scanned: number;
  notes: string[];
  /** With `withSize`: what the first statement read of the collection's size and calibration (see ivfSearch). */
  size?: CollectionSize;
}

/**
 * Runs partitioned searches, widening the budget while a filter or `minScore` leaves fewer than topK results.
 * Results are final when there are topK of them, or when every list was probed (the lists hold every row: the
 * triggers assign each one inside its writer's transaction).
 */
export async function ivfPath(
  ctx: CollectionContext,
  q: VectorSearch,
  selectivity: number | undefined,
  withSize = false,
  rows: number = IVF_SEARCH.rows,
): Promise<IvfPathResult> {
  const out: IvfPathResult = { results: undefined, trained: true, rowsRead: 0, scanned: 0, notes: [] };
  let budget = ivfBudget(selectivity, rows);
  for (let attempt = 0; attempt <= IVF_SEARCH.attempts; attempt++) {
    const r = await ivfSearch(ctx, q, budget, withSize && attempt === 0);
    if (r.size !== undefined) out.size = r.size;
    if (r.lists === 0) {
      out.trained = false;
      return out;
    }
    out.rowsRead += r.rowsRead;
    out.scanned += r.scanned;
    out.notes.push(`partitions: ${r.probed} of ${r.lists} lists, ${r.scanned} rows scanned, ${r.results.length} of ${q.topK} results`);
    if (r.results.length >= q.topK || r.probed >= r.lists) {
      out.results = r.results;
      return out;
    }
    budget *= IVF_SEARCH.widen;
  }
  return out;
}
