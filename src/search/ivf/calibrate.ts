import type { CollectionContext } from "../../db/collection-context.js";
import type { IvfCalibration } from "../../db/ivf.js";
import type { QueryResult } from "../../db/records.js";
import { quoteIdent } from "../../db/sql.js";
import { decodeF32 } from "../../db/vector.js";
import { parseFilter } from "../../filter/index.js";
import { seededRandom } from "../../random.js";
import { annSearch, candidateCap } from "../ann.js";
import { exactSearch, type VectorSearch } from "../exact.js";
import { IVF_SEARCH } from "./ivf-path.js";
import { ivfSearch } from "./ivf-search.js";

/** How a collection's remote path is chosen when its partitions are trained (docs/remote-search.md). */
const IVF_CALIBRATION = {
  /** Rows used as queries: as many as `exactRows` allows, within these bounds. */
  maxSample: 32,
  minSample: 8,
  /** The truth costs an exact scan per sampled row; rows × sample stays under this (bounds the rows read). */
  exactRows: 2_000_000,
  k: 10,
  /** The index reads about 20× fewer rows than the partitions: it is taken unless it finds this much less. */
  annTolerance: 0.02,
  /**
   * Budgets below the default also tried: the smallest that finds every neighbour the default finds on the sample
   * becomes the collection's budget (fewer rows read per query where the lists line up with the neighbours).
   */
  smallerBudgets: [1000, 1500, 2000],
  seed: 1,
} as const;

/** Reads up to `count` rows (id and vector), at seeded random rowids, so a training measures the same rows each time. */
async function sampleRows(ctx: CollectionContext, maxRid: number, count: number): Promise<{ id: string; vector: Float32Array }[]> {
  const rand = seededRandom(IVF_CALIBRATION.seed);
  const rids = new Set<number>();
  // Twice as many rowids as wanted, since deleted rows leave gaps.
  const want = Math.min(maxRid, 2 * count);
  while (rids.size < want) rids.add(1 + Math.floor(rand() * maxRid));
  const f32 = ctx.info.vectorType === "F32_BLOB";
  const rs = await ctx.client.execute({
    sql: `SELECT rid, id, ${f32 ? "embedding" : "vector_extract(embedding)"} AS v FROM ${quoteIdent(ctx.tables.chunks)} WHERE rid IN (SELECT value FROM json_each(?))`,
    args: [JSON.stringify([...rids])],
  });
  // In the order drawn, not by rowid, so that the rows kept are not the oldest ones.
  const order = new Map([...rids].map((rid, i) => [rid, i]));
  return [...rs.rows]
    .sort((a, b) => order.get(Number(a.rid))! - order.get(Number(b.rid))!)
    .slice(0, count)
    .map((row) => ({ id: String(row.id), vector: f32 ? decodeF32(row.v) : Float32Array.from(JSON.parse(String(row.v)) as number[]) }));
}

/** How many of the first k results other than the query's own row are among the truth's. */
function hits(found: QueryResult[], truth: Set<string>, self: string, k: number): number {
  return found
    .filter((r) => r.id !== self)
    .slice(0, k)
    .filter((r) => truth.has(r.id)).length;
}

/**
 * Measures which remote path serves this collection better: some of its own rows (a seeded sample, each left
 * out of its own results, so the row finding itself does not count) are searched by the partitions at the
 * default budget and by the DiskANN index, against an exact scan. The index is chosen when its recall@10 is
 * within {@link IVF_CALIBRATION.annTolerance} of the partitions', since it reads far fewer rows. The partitions
 * also try smaller budgets; the smallest that finds every neighbour the default finds on the sample (a larger
 * budget probes the same nearest lists and more, so it can only find more) is recorded as the collection's
 * budget. Reads `sampled × (rows + partitions' rows at each budget + index candidates)` rows, so the sample shrinks
 * on large collections (at least {@link IVF_CALIBRATION.minSample}). Undefined when no row could be read.
 */
export async function calibrateIvf(ctx: CollectionContext, rows: number, maxRid: number): Promise<IvfCalibration | undefined> {
  const { maxSample, minSample, exactRows, k, annTolerance } = IVF_CALIBRATION;
  const size = Math.min(maxSample, Math.max(minSample, Math.floor(exactRows / Math.max(1, rows))), Math.max(0, rows - 1));
  const sample = size === 0 ? [] : await sampleRows(ctx, maxRid, size);
  if (sample.length === 0) return undefined;
  const cap = candidateCap(ctx);
  const budgets = [...IVF_CALIBRATION.smallerBudgets.filter((b) => b < IVF_SEARCH.rows), IVF_SEARCH.rows];
  const budgetHits = budgets.map(() => 0);
  let [annHits, truthSize, rowsRead] = [0, 0, Math.min(maxRid, 2 * size)];
  for (const { id, vector } of sample) {
    const q: VectorSearch = { vector, topK: k + 1, filter: parseFilter(undefined), minScore: undefined, includeVectors: false };
    const exact = await exactSearch(ctx, q);
    const truth = new Set(
      exact
        .filter((r) => r.id !== id)
        .slice(0, k)
        .map((r) => r.id),
    );
    truthSize += truth.size;
    rowsRead += rows;
    for (const [i, budget] of budgets.entries()) {
      const ivf = await ivfSearch(ctx, q, budget);
      budgetHits[i]! += hits(ivf.results, truth, id, k);
      rowsRead += ivf.rowsRead;
    }
    if (cap > 0) {
      annHits += hits(await annSearch(ctx, q, cap), truth, id, k);
      rowsRead += cap;
    }
  }
  const round = (x: number) => Number(x.toFixed(3));
  const ivfHits = budgetHits.at(-1)!;
  const budget = budgets[budgetHits.findIndex((h) => h >= ivfHits)]!;
  const ivfRecall = truthSize === 0 ? 1 : round(ivfHits / truthSize);
  const annRecall = cap === 0 ? null : truthSize === 0 ? 1 : round(annHits / truthSize);
  return {
    path: annRecall !== null && annRecall >= ivfRecall - annTolerance ? "ann" : "ivf",
    sampled: sample.length,
    ivfRecall,
    annRecall,
    budget,
    rows,
    rowsRead,
    at: new Date().toISOString(),
  };
}

/** The explain note for a recorded calibration. */
export function calibrationNote(c: IvfCalibration): string {
  const on = `on ${c.sampled} of the collection's rows${c.budget === undefined ? "" : `, row budget ${c.budget}`}`;
  if (c.annRecall === null) return `partitions measured recall ${c.ivfRecall} ${on} (no vector index to compare)`;
  return c.path === "ann"
    ? `partitions chose ann: recall ${c.annRecall} vs ${c.ivfRecall} for the partitions ${on}`
    : `partitions chose ivf: recall ${c.ivfRecall} vs ${c.annRecall} for the index ${on}`;
}
