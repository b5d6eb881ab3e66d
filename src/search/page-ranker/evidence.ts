import type { InValue } from "@libsql/client";
import type { CollectionContext } from "../../db/collection-context.js";
import type { QueryResult } from "../../db/records.js";
import { quoteIdent } from "../../db/sql.js";
import type { PageEvidence, TermEvidence } from "./features.js";

/**
 * What the learned page order needs from the database, in one statement (one round trip to a remote server): the
 * collection's chunk count; each query term's document frequency and the candidate chunks holding it anywhere, in
 * the title and in the headings; each candidate document's chunk count and the largest document's.
 *
 * Each term is matched as the keyword side matches it (a quoted FTS5 phrase, so the index's own stemmer reads it),
 * over the whole collection, as the model was trained. The candidates are found by reading each term's matches
 * with the candidates' rowids as a set (`+rowid`): asking FTS5 for each candidate row took 6–10 times as long.
 * `contentWords` keeps at most 64 words, so the statement has at most 196 parts (SQLite allows 500).
 */
export async function pageEvidence(
  ctx: Pick<CollectionContext, "client" | "tables">,
  terms: readonly string[],
  candidates: readonly QueryResult[],
): Promise<PageEvidence> {
  const fts = quoteIdent(ctx.tables.fts);
  const chunks = quoteIdent(ctx.tables.chunks);
  const docs = quoteIdent(ctx.tables.documents);
  const ids = [...new Set(candidates.map((r) => r.id))];
  const documents = [...new Set(candidates.flatMap((r) => (r.documentId === null ? [] : [r.documentId])))];
  const args: InValue[] = [...ids, ...documents];
  const parts = [
    `SELECT 'chunk' AS kind, rid AS n, id AS v FROM cand`,
    `SELECT 'rows', (SELECT count(*) FROM ${chunks}), NULL`,
    // An ingest records each document's chunks; records upserted alone are counted (a scan of the document index).
    `SELECT 'largest', coalesce((SELECT max(chunk_count) FROM ${docs}),
      (SELECT max(n) FROM (SELECT count(*) AS n FROM ${chunks} WHERE document_id IS NOT NULL GROUP BY document_id)), 1), NULL`,
  ];
  if (documents.length > 0) {
    parts.push(`SELECT 'document', count(*), document_id FROM ${chunks} WHERE document_id IN (${documents.map(() => "?").join(", ")}) GROUP BY document_id`);
  }
  const inCand = `${fts}.rowid IN (SELECT rid FROM cand)`;
  terms.forEach((term, i) => {
    const phrase = `"${term}"`;
    parts.push(`SELECT 'any ${i}', count(*), json_group_array(${fts}.rowid) FILTER (WHERE ${inCand}) FROM ${fts} WHERE ${fts} MATCH ?`);
    parts.push(`SELECT 'title ${i}', NULL, json_group_array(${fts}.rowid) FROM ${fts} WHERE ${fts} MATCH ? AND +${inCand}`);
    parts.push(`SELECT 'headings ${i}', NULL, json_group_array(${fts}.rowid) FROM ${fts} WHERE ${fts} MATCH ? AND +${inCand}`);
    args.push(phrase, `title : ${phrase}`, `headings : ${phrase}`);
  });
  const sql = `WITH cand AS MATERIALIZED (SELECT rid, id FROM ${chunks} WHERE id IN (${ids.map(() => "?").join(", ")}))
    ${parts.join("\n    UNION ALL ")}`;
  const rs = await ctx.client.execute({ sql, args });

  const idOfRid = new Map<number, string>();
  const documentChunks = new Map<string, number>();
  const byKind = new Map<string, { n: number; v: string | null }>();
  for (const row of rs.rows) {
    const kind = String(row.kind);
    const n = Number(row.n);
    const v = row.v === null ? null : String(row.v);
    if (kind === "chunk") idOfRid.set(n, v!);
    else if (kind === "document") documentChunks.set(v!, n);
    else byKind.set(kind, { n, v });
  }
  const total = byKind.get("rows")?.n ?? 0;
  const idsOf = (kind: string) => new Set((JSON.parse(byKind.get(kind)?.v ?? "[]") as number[]).map((rid) => idOfRid.get(rid)!));
  const termEvidence: TermEvidence[] = terms.map((_, i) => {
    const df = byKind.get(`any ${i}`)?.n ?? 0;
    return {
      idf: Math.log((total - df + 0.5) / (df + 0.5) + 1),
      any: idsOf(`any ${i}`),
      title: idsOf(`title ${i}`),
      headings: idsOf(`headings ${i}`),
    };
  });
  return { terms: termEvidence, documentChunks, largestDocument: Math.max(1, byKind.get("largest")?.n ?? 1) };
}
