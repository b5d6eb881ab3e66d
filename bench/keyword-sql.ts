/**
 * The keyword side's SQL, timed in its old and new forms on the same questions, interleaved (opt-in, not a test):
 *
 *   tsx bench/keyword-sql.ts --db file:PATH --questions FILE [--collection default] [--rounds 2]
 *
 * - join: every FTS5 match joined to its chunk row, then sorted (the form before this file was written).
 * - fts-only: the BM25 ranking alone, no chunk rows (a lower bound: it returns rowids only).
 * - count: how many rows match the OR-ed query (no BM25).
 * - cte: the ranking in the FTS index, chunk rows read for the winners and for ties with the last one (the
 *   form keywordSearch uses). Checked to return the same ids and scores as `join`.
 * The database is only read.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createClient } from "@libsql/client";
import { ftsQuery } from "../src/search/keyword.js";

const { values } = parseArgs({
  options: { db: { type: "string" }, questions: { type: "string" }, collection: { type: "string" }, rounds: { type: "string" } },
});
if (!values.db || !values.questions) throw new Error("--db and --questions are required");
const client = createClient({ url: values.db });
const name = values.collection ?? "default";
const table = String((await client.execute({ sql: "SELECT table_name FROM rag_collections WHERE name = ?", args: [name] })).rows[0]!.table_name);
const T = `"${table}"`;
const F = `"${table}_fts"`;
const questions = (await readFile(values.questions, "utf8"))
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { question: string }).question);
const K = 50;
const columns = "c.id AS id, c.document_id AS document_id, c.content AS content, c.metadata AS metadata";
const forms: Record<string, string> = {
  join: `SELECT * FROM (SELECT ${columns}, -bm25(${F}, 3, 2, 1) AS score FROM ${F} JOIN ${T} AS c ON c.rid = ${F}.rowid WHERE ${F} MATCH ?1 AND 1) ORDER BY score DESC, id LIMIT ?2`,
  "fts-only": `SELECT rowid AS rid, -bm25(${F}, 3, 2, 1) AS score FROM ${F} WHERE ${F} MATCH ?1 ORDER BY score DESC LIMIT ?2`,
  count: `SELECT count(*) AS n, ?2 AS k FROM ${F} WHERE ${F} MATCH ?1`,
  cte: `WITH r AS MATERIALIZED (SELECT rowid AS rid, -bm25(${F}, 3, 2, 1) AS score FROM ${F} WHERE ${F} MATCH ?1),
      cut AS (SELECT score FROM r ORDER BY score DESC LIMIT 1 OFFSET ?2 - 1)
    SELECT ${columns}, r.score AS score FROM r JOIN ${T} AS c ON c.rid = r.rid
    WHERE (SELECT score FROM cut) IS NULL OR r.score >= (SELECT score FROM cut) ORDER BY r.score DESC, c.id LIMIT ?2`,
};
const times: Record<string, number[]> = {};
let matches = 0;
let differences = 0;
for (let round = 0; round < Number(values.rounds ?? 2); round++) {
  for (const q of questions) {
    const args = [ftsQuery(q)!, K];
    const rows: Record<string, string> = {};
    for (const [form, sql] of Object.entries(forms)) {
      const started = performance.now();
      const rs = await client.execute({ sql, args });
      (times[form] ??= []).push(performance.now() - started);
      if (form === "count" && round === 0) matches += Number(rs.rows[0]!.n);
      rows[form] = rs.rows.map((r) => `${String(r.id)}:${String(r.score)}`).join();
    }
    if (round === 0 && rows.join !== rows.cte) differences++;
  }
}
const percentile = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!;
const count = Number((await client.execute(`SELECT count(*) AS n FROM ${T}`)).rows[0]!.n);
console.log(
  `${count} chunks, ${questions.length} questions, ${(matches / questions.length).toFixed(0)} matching rows per question, cte differs from join on ${differences}`,
);
for (const [form, t] of Object.entries(times))
  console.log(`${form.padEnd(9)} p50 ${percentile(t, 0.5).toFixed(1)} ms, p95 ${percentile(t, 0.95).toFixed(1)} ms`);
client.close();
