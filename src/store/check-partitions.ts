import type { Client } from "@libsql/client";
import type { CollectionTables } from "../db/ddl.js";
import { IVF_COLUMN } from "../db/ivf.js";
import { quoteIdent } from "../db/sql.js";

/**
 * What is wrong with a collection's partitions (db/ivf.ts): once trained, every row must be in a list that exists,
 * and each list's recorded size must be its row count. Only reads.
 */
export async function partitionProblems(client: Client, tables: CollectionTables): Promise<string[]> {
  const [chunks, ivf, col] = [quoteIdent(tables.chunks), quoteIdent(tables.ivf), quoteIdent(IVF_COLUMN)];
  const rs = await client.execute(
    `SELECT (SELECT count(*) FROM ${ivf}) AS lists,
            (SELECT count(*) FROM ${chunks} WHERE ${col} IS NULL OR ${col} NOT IN (SELECT list FROM ${ivf})) AS unassigned,
            (SELECT count(*) FROM ${ivf} AS v WHERE v.rows IS NOT (SELECT count(*) FROM ${chunks} WHERE ${col} = v.list)) AS miscounted`,
  );
  const r = rs.rows[0]!;
  const [lists, unassigned, miscounted] = [r.lists, r.unassigned, r.miscounted].map(Number) as [number, number, number];
  if (lists === 0) return [];
  const problems: string[] = [];
  if (unassigned > 0) problems.push(`${unassigned} row(s) belong to no partition, so "ivf" queries never see them.`);
  if (miscounted > 0)
    problems.push(`${miscounted} partition(s) record a size that is not their row count, so "ivf" queries scan more or fewer rows than planned.`);
  return problems;
}
