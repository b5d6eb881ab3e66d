/**
 * Dumps what bench/learned-fusion.py and bench/query-adapter.py train on (opt-in, not a test): for one corpus,
 * each question's page candidates with their features, the chunk vectors with their pages, and the questions'
 * vectors (embedded as `rag.search` embeds them, without the lead-in).
 *
 *   tsx bench/learned-dump.ts --db file:PATH --questions FILE --name NAME --out DIR
 *
 * Writes DIR/NAME.candidates.json, DIR/NAME.chunks.f32 (row-major, 4-byte floats, one row per chunk),
 * DIR/NAME.questions.f32 and DIR/NAME.meta.json (dimensions, each chunk's page, the questions). The database is
 * only read.
 *
 * A question's candidates are the pages of the two sides' 50 chunks each (the pool the default hybrid fuses).
 * Features of a page: `base`, its score in the default hybrid (convex 0.25 / 0.75, page-aware); `vS` / `kS`, its
 * best chunk's min-max normalised vector / keyword score (0 when the side did not return it); `vIn` / `kIn`,
 * whether each side returned it; `vCos`, its best cosine (the side's lowest when absent) and `vGap`, that less
 * the side's best; `kRatio`, its best BM25 over the side's best; `vRR` / `kRR`, 1 / its page rank on each side;
 * `vN` / `kN`, its chunks on each side / 10; `cov`, the IDF-weighted share of query terms found in its candidate
 * chunks (FTS5's own stemmer, so it matches as the index does), `bestCov` the same for its best-covering chunk,
 * `titleCov` / `headCov` for its title and heading columns; `logSize`, ln(1 + its chunks) / ln(1 + the largest
 * page's).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pageOfHit as page } from "../src/eval/evaluate.js";
import { collapseRanking } from "../src/eval/metrics.js";
import { contentWords } from "../src/words.js";
import { fuse } from "../src/search/query.js";
import { embeddingText } from "../src/embed/question.js";
import type { QueryResult } from "../src/db/records.js";
import { DEFAULT_FUSION as H, openSweep } from "./sweep.js";

const { values, questions, rag, col, raw, table } = await openSweep(["name", "out"]);
if (!values.name || !values.out) throw new Error("--name and --out are required");
const out = values.out;
mkdirSync(out, { recursive: true });
const fts = `"${table}_fts"`;

// Chunk vectors and their pages.
const rows = (await raw.execute(`SELECT embedding, metadata FROM "${table}" ORDER BY rid`)).rows;
const dims = (rows[0]?.embedding as ArrayBuffer | undefined)?.byteLength ?? 0;
const chunks = new Float32Array((rows.length * dims) / 4);
const chunkPages = rows.map((r, i) => {
  chunks.set(new Float32Array(r.embedding as ArrayBuffer), (i * dims) / 4);
  return page({ id: "", documentId: null, content: "", metadata: JSON.parse(String(r.metadata)), score: 0 });
});
writeFileSync(join(out, `${values.name}.chunks.f32`), Buffer.from(chunks.buffer));

const total = rows.length;
const docSize = new Map<string, number>();
for (const r of (await raw.execute(`SELECT document_id, chunk_count FROM "${table}_docs"`)).rows) docSize.set(String(r.document_id), Number(r.chunk_count));
const maxSize = Math.max(1, ...docSize.values());
const normaliser = (list: QueryResult[]) => {
  const lo = Math.min(...list.map((r) => r.score));
  const span = Math.max(...list.map((r) => r.score)) - lo;
  return (x: number) => (span > 0 ? (x - lo) / span : 1);
};

const questionVectors = new Float32Array(questions.length * (dims / 4));
const dumped: unknown[] = [];
for (const [n, q] of questions.entries()) {
  const qv = (await rag.embedder.embed([embeddingText(q.question)]))[0]!;
  questionVectors.set(qv, n * qv.length);
  const V = (await col.query({ vector: qv, mode: "vector", topK: 50 })) as QueryResult[];
  const K = (await col.query({ text: q.question, mode: "keyword", topK: 50 })) as QueryResult[];
  const base = fuse(V, K, H);
  const nv = V.length > 0 ? normaliser(V) : () => 0;
  const nk = K.length > 0 ? normaliser(K) : () => 0;
  // Row ids of the candidates, and which of them hold each query term (anywhere, in the title, in the headings).
  const ids = [...new Set([...V, ...K].map((r) => r.id))];
  const rid = new Map<string, number>();
  if (ids.length > 0) {
    const rs = await raw.execute({ sql: `SELECT rid, id FROM "${table}" WHERE id IN (${ids.map(() => "?").join(",")})`, args: ids });
    for (const r of rs.rows) rid.set(String(r.id), Number(r.rid));
  }
  const rids = [...rid.values()].join(",");
  const terms: { idf: number; any: Set<number>; title: Set<number>; head: Set<number> }[] = [];
  for (const t of contentWords(q.question)) {
    const df = Number((await raw.execute({ sql: `SELECT count(*) AS n FROM ${fts} WHERE ${fts} MATCH ?`, args: [`"${t}"`] })).rows[0]!.n);
    const holding = async (match: string) =>
      new Set(
        rids === ""
          ? []
          : (await raw.execute({ sql: `SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? AND rowid IN (${rids})`, args: [match] })).rows.map((r) =>
              Number(r.rowid),
            ),
      );
    terms.push({
      idf: Math.log((total - df + 0.5) / (df + 0.5) + 1),
      any: await holding(`"${t}"`),
      title: await holding(`title : "${t}"`),
      head: await holding(`headings : "${t}"`),
    });
  }
  const idfSum = terms.reduce((s, t) => s + t.idf, 0) || 1;
  const coverage = (column: "any" | "title" | "head", of: number[]) => terms.reduce((s, t) => s + (of.some((x) => t[column].has(x)) ? t.idf : 0), 0) / idfSum;

  const vPages = collapseRanking(V, page);
  const kPages = collapseRanking(K, page);
  const byPage = new Map<string, { v: QueryResult[]; k: QueryResult[]; doc: string | null }>();
  for (const [list, side] of [
    [V, "v"],
    [K, "k"],
  ] as const) {
    for (const r of list) {
      const entry = byPage.get(page(r)) ?? { v: [], k: [], doc: r.documentId };
      byPage.set(page(r), entry);
      entry[side].push(r);
    }
  }
  const baseScore = new Map<string, number>();
  for (const r of base) if (!baseScore.has(page(r))) baseScore.set(page(r), r.score);
  const vTop = V[0]?.score ?? 0;
  const kTop = K[0]?.score ?? 0;
  const vLow = V.at(-1)?.score ?? 0;
  const candidates = [...byPage].map(([p, e]) => {
    const own = [...new Set([...e.v, ...e.k].map((r) => rid.get(r.id)!))];
    const vCos = e.v[0]?.score ?? vLow;
    const vRank = vPages.indexOf(p);
    const kRank = kPages.indexOf(p);
    return {
      page: p,
      rel: q.relevant.includes(p) ? 1 : 0,
      f: {
        base: baseScore.get(p) ?? 0,
        vS: e.v[0] === undefined ? 0 : nv(e.v[0].score),
        kS: e.k[0] === undefined ? 0 : nk(e.k[0].score),
        vIn: e.v.length > 0 ? 1 : 0,
        kIn: e.k.length > 0 ? 1 : 0,
        vCos,
        vGap: vCos - vTop,
        kRatio: e.k[0] !== undefined && kTop > 0 ? e.k[0].score / kTop : 0,
        vRR: vRank >= 0 ? 1 / (vRank + 1) : 0,
        kRR: kRank >= 0 ? 1 / (kRank + 1) : 0,
        vN: e.v.length / 10,
        kN: e.k.length / 10,
        cov: coverage("any", own),
        bestCov: Math.max(...own.map((x) => coverage("any", [x]))),
        titleCov: coverage("title", own),
        headCov: coverage("head", own),
        logSize: Math.log(1 + (docSize.get(e.doc ?? "") ?? 1)) / Math.log(1 + maxSize),
      },
    };
  });
  dumped.push({
    corpus: values.name,
    id: q.id,
    split: q.split ?? "tune",
    kind: q.kind,
    relevant: q.relevant,
    // The default hybrid's pages as `rag.search(q, { topK: 10 })` returns them.
    baseRanking: collapseRanking(base.slice(0, 10), page),
    candidates,
  });
}
writeFileSync(join(out, `${values.name}.candidates.json`), JSON.stringify(dumped));
writeFileSync(join(out, `${values.name}.questions.f32`), Buffer.from(questionVectors.buffer));
writeFileSync(join(out, `${values.name}.meta.json`), JSON.stringify({ dimensions: dims / 4, pages: chunkPages, questions }));
console.log(`${values.name}: ${questions.length} questions, ${total} chunks → ${out}`);
raw.close();
await rag.close();
