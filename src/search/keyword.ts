import type { InValue } from "@libsql/client";
import type { FilterNode } from "../filter/index.js";
import type { CollectionContext } from "../store/collection-info.js";
import type { QueryResult } from "../store/records.js";
import { quoteIdent } from "../store/sql.js";
import { filterFor, recordColumns, rowToRecord, tableRef } from "./sql.js";

export interface KeywordSearch {
  text: string;
  topK: number;
  filter: FilterNode;
  minScore: number | undefined;
  includeVectors: boolean;
}

const MAX_TERMS = 64;

/**
 * Turns user text into an FTS5 query of OR-ed, quoted terms. User text is never parsed as FTS5 syntax:
 * only letter and digit runs survive (the same runs the unicode61 tokenizer indexes), each is quoted, so
 * `"`, `*`, `NEAR(`, `-`, `:` and NUL are inert. Natural questions need OR: AND-ing their words matches
 * almost nothing (RETRIEVAL-FACTS.md).
 */
export function ftsQuery(text: string): string | undefined {
  const terms = [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length > 0))].slice(0, MAX_TERMS);
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t}"`).join(" OR ");
}

/**
 * BM25 keyword search through the collection's FTS5 table, with the filter applied in the same query, so it
 * returns exactly `min(topK, matching rows that contain a term)`. `score` is `-bm25()`: higher is better,
 * unbounded, and comparable only within one query.
 */
export async function keywordSearch(ctx: CollectionContext, q: KeywordSearch): Promise<QueryResult[]> {
  const match = ftsQuery(q.text);
  if (match === undefined) return [];
  const fts = quoteIdent(ctx.tables.fts);
  const filter = filterFor(ctx, q.filter, "c");
  const args: InValue[] = [match, ...filter.args];
  let outer = "";
  if (q.minScore !== undefined) {
    outer = "WHERE score >= ?";
    args.push(q.minScore);
  }
  args.push(q.topK);
  const sql = `SELECT * FROM (
      SELECT ${recordColumns(ctx, q.includeVectors, "c")}, -bm25(${fts}) AS score
      FROM ${fts} JOIN ${tableRef(ctx)} AS c ON c.rid = ${fts}.rowid
      WHERE ${fts} MATCH ? AND ${filter.sql}
    ) ${outer} ORDER BY score DESC, id LIMIT ?`;
  const rs = await ctx.client.execute({ sql, args });
  return rs.rows.map((row) => ({ ...rowToRecord(row, q.includeVectors), score: Number(row.score) }));
}
