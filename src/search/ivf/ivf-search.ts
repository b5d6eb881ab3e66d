import type { InValue, Row } from "@libsql/client";
import type { CollectionContext } from "../../db/collection-context.js";
import { centroidDistanceSql, IVF_COLUMN, parseCalibration, type IvfCalibration } from "../../db/ivf.js";
import type { QueryResult } from "../../db/records.js";
import { filterFor, recordColumns, tableRef } from "../../db/record-sql.js";
import { calibrationSql } from "../../db/registry.js";
import { quoteIdent } from "../../db/sql.js";
import { vectorArg, vectorParamSql } from "../../db/vector.js";
import { scoreSql, type VectorSearch } from "../exact.js";
import { distanceSql, rowToResult } from "../sql.js";

/** What one partitioned search read and found. */
export interface IvfSearchResult {
  results: QueryResult[];
  /** Lists the collection has (0: not trained yet). */
  lists: number;
  /** Lists whose rows were scanned. */
  probed: number;
  /** Rows in the probed lists: the rows whose distance the server computed. */
  scanned: number;
  /** Rows the statement read: the centroids plus the scanned rows. */
  rowsRead: number;
  /** With `withSize`: the collection's size and recorded calibration (see {@link sizeColumns}). */
  size?: CollectionSize;
}

/** What the planner reads before choosing a path: the collection's size (its largest rowid) and recorded calibration. */
export interface CollectionSize {
  rows: number;
  calibration: IvfCalibration | undefined;
}

/** The columns (`size_rows`, `size_calibration`) and their argument that read a {@link CollectionSize}. */
export function sizeColumns(ctx: CollectionContext): { sql: string; args: InValue[] } {
  return { sql: `(SELECT coalesce(max(rid), 0) FROM ${tableRef(ctx)}) AS size_rows, ${calibrationSql()} AS size_calibration`, args: [ctx.info.name] };
}

/** The {@link CollectionSize} in a row that has {@link sizeColumns}. */
export function readSize(row: Row | undefined): CollectionSize {
  return { rows: Number(row?.size_rows ?? 0), calibration: parseCalibration(row?.size_calibration ?? undefined) };
}

/**
 * A partitioned search, in one statement the server answers alone: it ranks the centroids by distance to the
 * query, takes the nearest lists until they hold `budget` rows (the last one whole, and at least one), and
 * computes exact distances only for the rows of those lists (through the B-tree on `ivf_list`), applying the
 * filter and `minScore`. The best `topK` come back ordered by distance then id, with the statement's own
 * counts; with a filter or `minScore` fewer than `topK` may come back, and the caller widens or falls back.
 * `withSize` adds what the planner reads before choosing a path (the size and the calibration), so that a query
 * sent here before that choice costs one round trip, not two.
 */
export async function ivfSearch(ctx: CollectionContext, q: VectorSearch, budget: number, withSize = false): Promise<IvfSearchResult> {
  const { info, tables } = ctx;
  const ivf = quoteIdent(tables.ivf);
  const filter = filterFor(ctx, q.filter, "c", false);
  const minScore = q.minScore === undefined ? "" : `AND ${scoreSql(ctx, distanceSql(ctx, "c"))} >= ?`;
  const size = withSize ? sizeColumns(ctx) : undefined;
  const sql = `WITH near AS MATERIALIZED (
      SELECT list, rows, sum(rows) OVER (ORDER BY d, list ROWS UNBOUNDED PRECEDING) - rows AS before
      FROM (SELECT list, rows, ${centroidDistanceSql(info.metric, vectorParamSql(info.vectorType))} AS d FROM ${ivf})
    ),
    probe AS MATERIALIZED (SELECT list, rows FROM near WHERE before < ?),
    stats AS (SELECT (SELECT count(*) FROM near) AS lists, count(*) AS probed, coalesce(sum(rows), 0) AS scanned FROM probe)
    SELECT stats.lists, stats.probed, stats.scanned,${size === undefined ? "" : ` ${size.sql},`} r.* FROM stats LEFT JOIN (
      SELECT ${recordColumns(ctx, q.includeVectors, "c")}, ${distanceSql(ctx, "c")} AS distance
      FROM ${tableRef(ctx)} AS c
      WHERE c.${quoteIdent(IVF_COLUMN)} IN (SELECT list FROM probe) AND ${filter.sql} ${minScore}
      ORDER BY distance, id LIMIT ?
    ) AS r ON 1
    ORDER BY r.distance, r.id`;
  const v = vectorArg(q.vector);
  const args = [v, Math.max(1, Math.floor(budget)), ...(size?.args ?? []), v, ...filter.args, ...(q.minScore === undefined ? [] : [v, q.minScore]), q.topK];
  const rs = await ctx.client.execute({ sql, args });
  const first = rs.rows[0];
  const lists = Number(first?.lists ?? 0);
  const scanned = Number(first?.scanned ?? 0);
  return {
    results: rs.rows.filter((row) => row.id !== null).map((row) => rowToResult(ctx, row, q.includeVectors)),
    lists,
    probed: Number(first?.probed ?? 0),
    scanned,
    rowsRead: lists + scanned,
    ...(withSize ? { size: readSize(first) } : {}),
  };
}
