import type { InStatement } from "@libsql/client";
import type { CollectionContext } from "../db/collection-context.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { IVF_COLUMN, nearestListSql } from "../db/ivf.js";
import { quoteIdent } from "../db/sql.js";
import { decodeF32, vectorArg, vectorParamSql } from "../db/vector.js";
import { kmeans } from "../search/ivf/kmeans.js";
import { randomRowids } from "../search/sql.js";

/** When partitions are trained, and on how much data (chosen by measurement: bench/remote-ivf.ts, docs/remote-search.md). */
export const IVF_TRAINING = {
  /** Below this many rows an exact scan reads no more than a partitioned one would: no training. */
  minRows: 4096,
  /** Rows sampled per list for k-means. */
  samplePerList: 32,
  /** Automatic lists grow with the collection: retrain once √rows / 2 reaches this multiple of the current lists. */
  growth: 2,
} as const;

/** The number of lists for `rows` rows when the collection sets none: about √rows / 2. */
export function listsFor(rows: number): number {
  return Math.max(1, Math.round(Math.sqrt(rows) / 2));
}

/** What a training did. */
export interface IvfTrainReport {
  lists: number;
  sampled: number;
  /** Rows assigned to the new lists. */
  rows: number;
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
 * then, in one write transaction, the new centroids replace the old and every row moves to its nearest new
 * list, the server computing the distances. The triggers keep list sizes right throughout, and writers that
 * commit before or after see a consistent table.
 */
export async function trainIvf(ctx: CollectionContext): Promise<IvfTrainReport> {
  const started = performance.now();
  const { info, tables: t } = ctx;
  const chunks = quoteIdent(t.chunks);
  const rs = await withStoreErrors(`train partitions of "${info.name}"`, () =>
    ctx.client.execute(`SELECT coalesce(max(rid), 0) AS hi, count(*) AS n FROM ${chunks}`),
  );
  const [maxRid, rows] = [Number(rs.rows[0]?.hi ?? 0), Number(rs.rows[0]?.n ?? 0)];
  const wanted = info.ivf === false ? 0 : (info.ivf.lists ?? listsFor(rows));
  const sample = await withStoreErrors(`train partitions of "${info.name}": sample rows`, () =>
    sampleVectors(ctx, maxRid, Math.min(maxRid, wanted * IVF_TRAINING.samplePerList)),
  );
  const lists = Math.min(wanted, sample.n);
  if (lists === 0) return { lists: 0, sampled: sample.n, rows: 0, ms: performance.now() - started };
  const centroids = kmeans(sample.data, sample.n, info.dimensions, lists, info.metric);
  const ivf = quoteIdent(t.ivf);
  const dim = info.dimensions;
  const statements: InStatement[] = [`DELETE FROM ${ivf}`];
  const perStatement = 500;
  for (let c = 0; c < lists; c += perStatement) {
    const part = Array.from({ length: Math.min(perStatement, lists - c) }, (_, i) => vectorArg(centroids.subarray((c + i) * dim, (c + i + 1) * dim)));
    statements.push({ sql: `INSERT INTO ${ivf} (centroid) VALUES ${part.map(() => `(${vectorParamSql(info.vectorType)})`).join(", ")}`, args: part });
  }
  statements.push(`UPDATE ${chunks} SET ${quoteIdent(IVF_COLUMN)} = ${nearestListSql(t, info.metric, `${chunks}.embedding`)}`);
  const results = await withStoreErrors(`train partitions of "${info.name}"`, () => ctx.client.batch(statements, "write"));
  return { lists, sampled: sample.n, rows: results.at(-1)!.rowsAffected, ms: performance.now() - started };
}

/**
 * Trains when due, after a write: the first time the collection reaches {@link IVF_TRAINING.minRows}, and, with
 * automatic lists, each time it has grown enough for √rows / 2 to double. `lists` and `maxRid` come from the
 * write's own batch (see {@link ivfStateStatement}). Returns the report, or undefined when nothing was due.
 */
export async function trainIvfIfDue(ctx: CollectionContext, lists: number, maxRid: number): Promise<IvfTrainReport | undefined> {
  const ivf = ctx.info.ivf;
  if (ivf === false || maxRid < IVF_TRAINING.minRows) return undefined;
  const due = lists === 0 || (ivf.lists === undefined && listsFor(maxRid) >= IVF_TRAINING.growth * lists);
  if (!due) return undefined;
  // max(rid) overestimates after deletes; count the rows before paying for a training.
  const rs = await ctx.client.execute(`SELECT count(*) AS n FROM ${quoteIdent(ctx.tables.chunks)}`);
  const rows = Number(rs.rows[0]?.n ?? 0);
  if (rows < IVF_TRAINING.minRows || (lists > 0 && listsFor(rows) < IVF_TRAINING.growth * lists)) return undefined;
  return trainIvf(ctx);
}

/** A read for the end of a write batch: the current number of lists and the highest rowid. */
export function ivfStateStatement(ctx: CollectionContext): string {
  return `SELECT (SELECT count(*) FROM ${quoteIdent(ctx.tables.ivf)}) AS lists, (SELECT coalesce(max(rid), 0) FROM ${quoteIdent(ctx.tables.chunks)}) AS hi`;
}
