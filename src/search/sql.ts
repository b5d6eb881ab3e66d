import type { Row } from "@libsql/client";
import type { CollectionContext } from "../db/collection-context.js";
import type { QueryResult } from "../db/records.js";
import { rowToRecord } from "../db/record-sql.js";
import { distanceToScore, vectorParamSql } from "../db/vector.js";

/** The SQL distance between the `embedding` column (qualified by `alias`) and one bound query vector. */
export function distanceSql(ctx: CollectionContext, alias?: string): string {
  const { metric, vectorType, dimensions } = ctx.info;
  const col = alias ? `${alias}.embedding` : "embedding";
  const fn = metric === "cosine" ? "vector_distance_cos" : "vector_distance_l2";
  const expr = `${fn}(${col}, ${vectorParamSql(vectorType)})`;
  // On 1-bit vectors vector_distance_cos is a Hamming distance; 2h/d approximates a cosine distance.
  return vectorType === "F1BIT_BLOB" ? `(${expr} * 2.0 / ${dimensions})` : expr;
}

export function rowToResult(ctx: CollectionContext, row: Row, includeVectors: boolean): QueryResult {
  return { ...rowToRecord(row, includeVectors), score: distanceToScore(Number(row.distance), ctx.info.metric) };
}

/** `count` distinct random rowids from 1 to `maxRid` (at most `maxRid` of them), to sample a table cheaply. */
export function randomRowids(maxRid: number, count: number): number[] {
  const rids = new Set<number>();
  const want = Math.min(count, maxRid);
  while (rids.size < want) rids.add(1 + Math.floor(Math.random() * maxRid));
  return [...rids];
}
