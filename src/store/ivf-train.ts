import type { InStatement } from "@libsql/client";
import type { CollectionContext } from "../db/collection-context.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { IVF_COLUMN, nearestListSql, type IvfCalibration } from "../db/ivf.js";
import { calibrationSql, recordIvfCalibration } from "../db/registry.js";
import { calibrateIvf } from "../search/ivf/calibrate.js";
import { quoteIdent } from "../db/sql.js";
import { decodeF32, vectorArg, vectorParamSql } from "../db/vector.js";
import { kmeans } from "../search/ivf/kmeans.js";
import { randomRowids } from "../search/sql.js";

/** When partitions are trained, and on how much data (chosen by measurement: bench/remote-ivf.ts, docs/remote-search.md). */
const IVF_TRAINING = {
  /** Below this many rows an exact scan reads no more than a partitioned one would: no training. */
  minRows: 4096,
  /** Rows sampled per list for k-means. */
  samplePerList: 32,
  /** Automatic lists grow with the collection: retrain once √rows / 2 reaches this multiple of the current lists. */
  growth: 2,
  /**
   * Between trainings, calibrate again once the collection has this many times the rows it was calibrated on: the
   * path and the row budget chosen at two-thirds of the size or less no longer describe it.
   */
  recalibrateGrowth: 1.5,
  /**
   * Rows (by rowid range) moved to their new list per write transaction: short steps, so that other writers wait
   * for one step at most (docs/remote-search.md).
   */
  moveRows: 4096,
} as const;

/** The number of lists for `rows` rows when the collection sets none: about √rows / 2. */
function listsFor(rows: number): number {
  return Math.max(1, Math.round(Math.sqrt(rows) / 2));
}

/** What a training did. */
export interface IvfTrainReport {
  lists: number;
  sampled: number;
  /** Rows assigned to the new lists. */
  rows: number;
  /** Which remote path the collection's own rows favour, as recorded in the registry (search/ivf/calibrate.ts). */
  calibration?: IvfCalibration | undefined;
  ms: number;
}

async function sampleVectors(ctx: CollectionContext, maxRid: number, count: number): Promise<{ data: Float32Array; n: number }> {
  const rids = randomRowids(maxRid, count);
  const f32 = ctx.info.vectorType === "F32_BLOB";
  const rs = await ctx.client.execute({
    sql: `SELECT ${f32 ? "embedding" : "vector_extract(embedding)"} AS v FROM ${quoteIdent(ctx.tables.chunks)} WHERE rid IN (SELECT value FROM json_each(?))`,
    args: [JSON.stringify(rids)],
  });
  const dim = ctx.info.dimensions;
  const data = new Float32Array(rs.rows.length * dim);
  rs.rows.forEach((row, i) => data.set(f32 ? decodeF32(row.v) : Float32Array.from(JSON.parse(String(row.v)) as number[]), i * dim));
  return { data, n: rs.rows.length };
}

/**
 * Trains the partitions: k-means over a random sample of rows (read once; the collection is never downloaded),
 * then the new centroids are added as a new generation, and the rows move to their nearest new list in steps of
 * {@link IVF_TRAINING.moveRows} (each its own short write transaction, the server computing the distances), and
 * last the emptied older lists go and every list's size is counted again (which also mends a size set wrong by hand). Every step leaves a consistent table: each row is in a list that exists, the
 * triggers keep list sizes right and send rows written meanwhile (by anyone) to the newest generation, and queries
 * probe old and new lists alike. An interrupted training is finished by the next one. Last, the collection's own
 * rows measure whether the partitions or the DiskANN index serve it better, and the registry records the
 * choice for `strategy: "auto"` (search/ivf/calibrate.ts).
 */
export async function trainIvf(ctx: CollectionContext): Promise<IvfTrainReport> {
  const started = performance.now();
  const { info, tables: t } = ctx;
  const chunks = quoteIdent(t.chunks);
  const ivf = quoteIdent(t.ivf);
  const what = `train partitions of "${info.name}"`;
  const rs = await withStoreErrors(what, () => ctx.client.execute(`SELECT coalesce(max(rid), 0) AS hi, count(*) AS n FROM ${chunks}`));
  const [maxRid, rows] = [Number(rs.rows[0]?.hi ?? 0), Number(rs.rows[0]?.n ?? 0)];
  const wanted = info.ivf === false ? 0 : (info.ivf.lists ?? listsFor(rows));
  const sample = await withStoreErrors(`${what}: sample rows`, () => sampleVectors(ctx, maxRid, Math.min(maxRid, wanted * IVF_TRAINING.samplePerList)));
  const lists = Math.min(wanted, sample.n);
  if (lists === 0) return { lists: 0, sampled: sample.n, rows: 0, ms: performance.now() - started };
  const centroids = await kmeans(sample.data, sample.n, info.dimensions, lists, info.metric);
  const dim = info.dimensions;
  const gen = `(SELECT coalesce(max(gen), 0) + 1 FROM ${ivf})`;
  const statements: InStatement[] = [];
  for (let c = 0; c < lists; c += 250) {
    const part = Array.from({ length: Math.min(250, lists - c) }, (_, i) => vectorArg(centroids.subarray((c + i) * dim, (c + i + 1) * dim)));
    // The first statement opens the generation; the others join it.
    const g = c === 0 ? gen : `(SELECT max(gen) FROM ${ivf})`;
    statements.push({
      sql: `INSERT INTO ${ivf} (gen, centroid) SELECT ${g}, value FROM (${part.map(() => `SELECT ${vectorParamSql(info.vectorType)} AS value`).join(" UNION ALL ")})`,
      args: part,
    });
  }
  await withStoreErrors(what, () => ctx.client.batch(statements, "write"));
  const col = quoteIdent(IVF_COLUMN);
  const newest = `(SELECT list FROM ${ivf} WHERE gen = (SELECT max(gen) FROM ${ivf}))`;
  let moved = 0;
  for (let lo = 0; lo < maxRid; lo += IVF_TRAINING.moveRows) {
    const step = await withStoreErrors(what, () =>
      ctx.client.execute({
        sql: `UPDATE ${chunks} SET ${col} = ${nearestListSql(t, info.metric, `${chunks}.embedding`)}
              WHERE rid > ? AND rid <= ? AND (${col} IS NULL OR ${col} NOT IN ${newest})`,
        args: [lo, lo + IVF_TRAINING.moveRows],
      }),
    );
    moved += step.rowsAffected;
  }
  // Older lists that hold no row go, and every size is counted again (a B-tree count per list), in one step.
  await withStoreErrors(what, () =>
    ctx.client.batch(
      [
        `DELETE FROM ${ivf} WHERE gen < (SELECT max(gen) FROM ${ivf}) AND NOT EXISTS (SELECT 1 FROM ${chunks} WHERE ${col} = ${ivf}.list)`,
        `UPDATE ${ivf} SET rows = (SELECT count(*) FROM ${chunks} WHERE ${col} = ${ivf}.list)`,
      ],
      "write",
    ),
  );
  // Measured on the new lists, and recorded for every client: "auto" reads it with each remote query.
  const calibration = await calibrate(ctx, rows, maxRid);
  return { lists, sampled: sample.n, rows: moved, calibration, ms: performance.now() - started };
}

/** Calibrates the remote path on the current lists and records it (see search/ivf/calibrate.ts). */
async function calibrate(ctx: CollectionContext, rows: number, maxRid: number): Promise<IvfCalibration | undefined> {
  const what = `calibrate the partitions of "${ctx.info.name}"`;
  const calibration = await withStoreErrors(what, () => calibrateIvf(ctx, rows, maxRid));
  if (calibration !== undefined) await withStoreErrors(what, () => ctx.client.execute(recordIvfCalibration(ctx.info.name, calibration)));
  return calibration;
}

/**
 * Trains when due, after a write: the first time the collection reaches {@link IVF_TRAINING.minRows}, and, with
 * automatic lists, each time it has grown enough for √rows / 2 to double. `lists` and `maxRid` come from the
 * write's own batch (see {@link ivfStateStatement}). Returns the report, or undefined when nothing was due.
 */
export async function trainIvfIfDue(ctx: CollectionContext, lists: number, maxRid: number, calibratedRows?: number): Promise<IvfTrainReport | undefined> {
  const ivf = ctx.info.ivf;
  if (ivf === false || maxRid < IVF_TRAINING.minRows) return undefined;
  const due = lists === 0 || (ivf.lists === undefined && listsFor(maxRid) >= IVF_TRAINING.growth * lists);
  // Between trainings: calibrate again on the same lists once the collection has outgrown the last calibration.
  const outgrown = (n: number) => calibratedRows !== undefined && n >= IVF_TRAINING.recalibrateGrowth * calibratedRows;
  if (!due && !(lists > 0 && outgrown(maxRid))) return undefined;
  // max(rid) overestimates after deletes; count the rows before paying for a training or a calibration.
  const rs = await ctx.client.execute(`SELECT count(*) AS n FROM ${quoteIdent(ctx.tables.chunks)}`);
  const rows = Number(rs.rows[0]?.n ?? 0);
  if (!due) {
    if (!outgrown(rows)) return undefined;
    const started = performance.now();
    const calibration = await calibrate(ctx, rows, maxRid);
    return { lists, sampled: 0, rows: 0, calibration, ms: performance.now() - started };
  }
  if (rows < IVF_TRAINING.minRows || (lists > 0 && listsFor(rows) < IVF_TRAINING.growth * lists)) return undefined;
  return trainIvf(ctx);
}

/**
 * A read for the end of a write batch: the newest generation's number of lists, the highest rowid and the rows
 * of the recorded calibration.
 */
export function ivfStateStatement(ctx: CollectionContext): InStatement {
  const ivf = quoteIdent(ctx.tables.ivf);
  return {
    sql: `SELECT (SELECT count(*) FROM ${ivf} WHERE gen = (SELECT max(gen) FROM ${ivf})) AS lists, (SELECT coalesce(max(rid), 0) FROM ${quoteIdent(ctx.tables.chunks)}) AS hi,
      json_extract(${calibrationSql()}, '$.rows') AS calibrated`,
    args: [ctx.info.name],
  };
}
