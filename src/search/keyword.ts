import type { InValue } from "@libsql/client";
import type { FilterNode } from "../filter/index.js";
import type { CollectionContext } from "../db/collection-context.js";
import type { QueryResult } from "../db/records.js";
import { FIELD_AWARE_FTS_VERSION } from "../db/migrations.js";
import { quoteIdent } from "../db/sql.js";
import { recordColumns, rowToRecord, tableRef } from "../db/record-sql.js";
import { fullTextRows } from "./full-text-rows.js";
import { spelledTerms } from "./spelling.js";
import { contentWords } from "../words.js";

/** BM25 weight of each full-text column: a match in a heavier column counts for more. */
export interface FieldWeights {
  title: number;
  headings: number;
  content: number;
}

/**
 * Chosen by measurement on the tune questions of both evaluation corpora (docs/retrieval.md). Heavier title
 * weights help only with page-aware ranking, since a title match lifts every chunk of its page.
 */
export const DEFAULT_FIELD_WEIGHTS: Readonly<FieldWeights> = Object.freeze({ title: 3, headings: 2, content: 1 });

export interface KeywordSearch {
  text: string;
  topK: number;
  filter: FilterNode;
  minScore: number | undefined;
  includeVectors: boolean;
  fieldWeights: FieldWeights;
  /** Where to say which query words were read as another (see `spelledTerms`). */
  notes?: string[];
}

/**
 * Turns user text into an FTS5 query of OR-ed, quoted terms. User text is never parsed as FTS5 syntax: each
 * term is a quoted letter-and-digit run, so `"`, `*`, `NEAR(`, `-`, `:` and NUL are inert. Natural questions
 * need OR: AND-ing their words matches almost nothing (docs/retrieval.md, "Tried and not kept").
 */
export function ftsQuery(text: string): string | undefined {
  return orQuery(contentWords(text));
}

function orQuery(terms: readonly string[]): string | undefined {
  return terms.length === 0 ? undefined : terms.map((t) => `"${t}"`).join(" OR ");
}

/** `bm25()` with the collection's column weights; collections from before version 3 have one column. */
function bm25Sql(ctx: CollectionContext, fts: string, weights: FieldWeights): string {
  if (ctx.info.schemaVersion < FIELD_AWARE_FTS_VERSION) return `bm25(${fts})`;
  return `bm25(${fts}, ${weights.title}, ${weights.headings}, ${weights.content})`;
}

/**
 * BM25 keyword search through the collection's FTS5 table, with the filter applied in the same query, so it
 * returns exactly `min(topK, matching rows that contain a term)`. A query word that no chunk holds is read as
 * the indexed word one typing slip away, if there is one (see `spelledTerms`). `score` is `-bm25()`: higher is better,
 * unbounded, and comparable only within one query.
 *
 * The ranking reads only the FTS index (and, with a filter, the rows the filter needs); chunk rows are read for
 * the winners alone. Joining every match before sorting read one chunk row, vector included, per match
 * (thousands per question), which took much of the query's time (docs/retrieval.md). Rows tied with the last
 * winner's score are all kept until the final sort, so ties still break by id exactly as before.
 */
export async function keywordSearch(ctx: CollectionContext, q: KeywordSearch): Promise<QueryResult[]> {
  const asked = contentWords(q.text);
  // The words as asked are searched while the index is asked whether it holds them (two requests in flight at once
  // to a remote server); only a query with a word to correct is searched again.
  const [spelled, results] = await Promise.all([spelledTerms(ctx, asked, q.filter), searchTerms(ctx, q, asked)]);
  if (spelled.corrected.length === 0) return results;
  for (const [from, to] of spelled.corrected) q.notes?.push(`keyword: "${from}" is in no chunk, read as "${to}"`);
  return searchTerms(ctx, q, spelled.terms);
}

/**
 * BM25 search of the collection's FTS5 table for rows holding any of `terms` (see {@link keywordSearch}). The words
 * that half the chunks hold are left out of the ranking (see {@link informativeMatch}) when `topK` chunks hold the
 * others; when fewer do, every word is searched, so that exactly min(topK, chunks holding a word) come back.
 */
async function searchTerms(ctx: CollectionContext, q: KeywordSearch, terms: readonly string[]): Promise<QueryResult[]> {
  if (terms.length === 0) return [];
  const informative = await rankedRows(ctx, q, terms, true);
  if (informative.results.length >= q.topK || !informative.dropped) return informative.results;
  return (await rankedRows(ctx, q, terms, false)).results;
}

/** The best `topK` rows for `terms`, all of them or the informative ones, and whether a word was left out. */
async function rankedRows(
  ctx: CollectionContext,
  q: KeywordSearch,
  terms: readonly string[],
  informative: boolean,
): Promise<{ results: QueryResult[]; dropped: boolean }> {
  const fts = quoteIdent(ctx.tables.fts);
  const rows = fullTextRows(ctx, q.filter);
  const args: InValue[] = [informative ? JSON.stringify(terms) : orQuery(terms)!, ...rows.args];
  const ranked = rows.sql(informative ? "(SELECT match FROM m)" : "?", `${fts}.rowid AS rid, -${bm25Sql(ctx, fts, q.fieldWeights)} AS score`);
  let minScore = "";
  if (q.minScore !== undefined) {
    minScore = "WHERE score >= ?";
    args.push(q.minScore);
  }
  args.push(q.topK);
  const sql = `WITH ${informative ? `${informativeMatch(ctx)},` : ""}
      r AS MATERIALIZED (SELECT * FROM (${ranked}) ${minScore}),
      cut AS (SELECT score FROM r ORDER BY score DESC LIMIT 1 OFFSET ?${args.length} - 1)
    SELECT ${recordColumns(ctx, q.includeVectors, "c")}, r.score AS score${informative ? ", (SELECT dropped FROM m) AS dropped" : ""}
    FROM r JOIN ${tableRef(ctx)} AS c ON c.rid = r.rid
    WHERE (SELECT score FROM cut) IS NULL OR r.score >= (SELECT score FROM cut)
    ORDER BY r.score DESC, c.id LIMIT ?${args.length}`;
  const rs = await ctx.client.execute({ sql, args });
  const results = rs.rows.map((row) => ({ ...rowToRecord(row, q.includeVectors), score: Number(row.score) }));
  // With no row back, whether a word was left out is unknown: it may be the one word some chunk holds.
  return { results, dropped: informative && (rs.rows.length === 0 || Number(rs.rows[0]!.dropped) === 1) };
}

/**
 * The CTEs that end in `m`: `match`, the FTS5 query of OR-ed terms (of `?1`, a JSON array of query words) without the
 * words that half the collection's chunks hold or more, unless all are such words, and `dropped`, whether one was
 * left out. FTS5's BM25 gives such a word an IDF of 1e-6 (where log((N − n + 0.5) / (n + 0.5)) is not positive), so
 * it moves no score, but each of its matches is scored and sorted: "perl" in 34,182 of Perl's 36,444 chunks doubled
 * the keyword side's time. Each word's matches are counted up to half the chunks, which a rare word ends sooner.
 */
function informativeMatch(ctx: CollectionContext): string {
  const fts = quoteIdent(ctx.tables.fts);
  const phrase = (term: string) => `'"' || ${term} || '"'`;
  return `t AS (SELECT value AS term FROM json_each(?1)),
      n AS MATERIALIZED (SELECT count(*) AS rows FROM ${tableRef(ctx)}),
      kept AS MATERIALIZED (SELECT term FROM t WHERE 2 * (SELECT count(*) FROM
        (SELECT 1 FROM ${fts} WHERE ${fts} MATCH ${phrase("t.term")} LIMIT (SELECT (rows + 1) / 2 FROM n))) < (SELECT rows FROM n)),
      m AS MATERIALIZED (SELECT coalesce((SELECT group_concat(${phrase("term")}, ' OR ') FROM kept),
        (SELECT group_concat(${phrase("term")}, ' OR ') FROM t)) AS match,
        (SELECT count(*) FROM kept) BETWEEN 1 AND (SELECT count(*) FROM t) - 1 AS dropped)`;
}
