/**
 * Page- and section-level signals beside the chunk-level ones, measured outside the query path (opt-in, not a test). For each
 * question it runs the two sides once (50 candidates each), fuses them as the default hybrid does, and then
 * adds, before page-aware ranking, a score for the chunk's whole page:
 *
 *   tsx bench/page-sweep.ts --db file:PATH --questions FILE [--split tune|heldout] [--only NAME,...]
 *
 * - docbm25 δ: BM25 over one FTS5 row per page (title, every heading, every passage), min-max normalised over
 *   the query's best 50 pages; each candidate chunk gains δ × its page's normalised score.
 * - centroid δ: cosine between the question and the mean of the page's chunk vectors, min-max normalised over
 *   the pages; each candidate gains δ × its page's.
 * - section δ: each section's heading path ("Title › Section › …") embedded alone; each candidate gains δ × its
 *   section's normalised cosine. section-max α: the vector side re-scored max(chunk cosine, α × section cosine).
 * - adaptive α: the vector weight raised by α × how flat the keyword list is (1 − (1st − 10th) / 1st).
 * - vector doc / keyword doc: a single mode's 50 candidates ranked page-aware (what rag.search now does).
 * User protocol (the first 10 chunks, collapsed to pages). The database is only read; the page index is built
 * in memory. Prints R@1, R@5, MRR@10 with 95% intervals and the paired difference against the baseline.
 */
import { createClient } from "@libsql/client";
import { bootstrapInterval, pairedDifference } from "../src/eval/bootstrap.js";
import { pageOfHit as page } from "../src/eval/evaluate.js";
import type { EvalQuestion as Question } from "../src/eval/questions.js";
import { collapseRanking, recallAt, reciprocalRankAt } from "../src/eval/metrics.js";
import { convexCombination } from "../src/search/fusion/convex.js";
import { rankByDocument } from "../src/search/fusion/documents.js";
import { ftsQuery } from "../src/search/keyword.js";
import { DEFAULT_HYBRID } from "../src/search/options.js";
import type { QueryResult } from "../src/db/records.js";
import { formatInterval as fmt, openSweep } from "./sweep.js";

const { values, questions, rag, col, raw, table } = await openSweep(["only"]);

// One row per page: its title, its distinct headings, its passages in order; and the mean of its chunk vectors.
const mem = createClient({ url: ":memory:" });
await mem.execute("CREATE VIRTUAL TABLE pages USING fts5(doc UNINDEXED, title, headings, content, tokenize='porter unicode61 remove_diacritics 2')");
const rows = (await raw.execute(`SELECT id, document_id, content, metadata, embedding FROM "${table}" ORDER BY document_id, rid`)).rows;
interface Page {
  title: string;
  headings: Set<string>;
  parts: string[];
  sum: Float64Array | undefined;
  n: number;
}
const pages = new Map<string, Page>();
// Each chunk's section ("Title › Heading › …", as the context header reads) and vector, for the heading variants.
interface Chunk {
  id: string;
  documentId: string;
  content: string;
  metadata: Record<string, unknown>;
  section: string;
  vector: Float32Array;
}
const chunks: Chunk[] = [];
for (const r of rows) {
  const id = String(r.document_id);
  const meta = JSON.parse(String(r.metadata)) as { title?: string; headings?: string[] };
  let p = pages.get(id);
  if (!p) {
    p = { title: meta.title ?? "", headings: new Set(), parts: [], sum: undefined, n: 0 };
    pages.set(id, p);
  }
  for (const h of meta.headings ?? []) if (h !== p.title) p.headings.add(h);
  p.parts.push(String(r.content));
  const blob = r.embedding as ArrayBuffer;
  const v = new Float32Array(blob);
  const section = [meta.title ?? "", ...(meta.headings ?? []).filter((h) => h !== meta.title)].filter(Boolean).join(" › ");
  chunks.push({
    id: String(r.id),
    documentId: id,
    content: String(r.content),
    metadata: JSON.parse(String(r.metadata)),
    section: `${id}\u0000${section}`,
    vector: v,
  });
  p.sum ??= new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) p.sum[i]! += v[i]!;
  p.n++;
}
const centroids = new Map<string, Float32Array>();
for (const [id, p] of pages) {
  await mem.execute({
    sql: "INSERT INTO pages (doc, title, headings, content) VALUES (?, ?, ?, ?)",
    args: [id, p.title, [...p.headings].join(" › "), p.parts.join("\n")],
  });
  let norm = 0;
  for (const x of p.sum!) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  centroids.set(
    id,
    Float32Array.from(p.sum!, (x) => x / norm),
  );
}
// One vector per section: its heading path embedded alone.
const sectionKeys = [...new Set(chunks.map((c) => c.section))];
const t0 = performance.now();
const sectionVectors = new Map<string, Float32Array>();
for (let i = 0; i < sectionKeys.length; i += 256) {
  const batch = sectionKeys.slice(i, i + 256);
  const vs = await rag.embedder.embed(batch.map((k) => k.split("\u0000")[1] || "untitled"));
  batch.forEach((k, j) => sectionVectors.set(k, vs[j]!));
}
console.log(`${rows.length} chunks, ${pages.size} pages, ${sectionKeys.length} sections embedded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const chunkById = new Map(chunks.map((c) => [c.id, c]));
const dot = (a: Float32Array, b: Float32Array) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += a[i]! * b[i]!;
  return d;
};
/** Cosine of the question to every section, min-max normalised. */
function sectionScores(vec: Float32Array): Map<string, number> {
  const s = new Map<string, number>();
  for (const [k, v] of sectionVectors) s.set(k, dot(v, vec));
  const all = [...s.values()];
  const [min, max] = [Math.min(...all), Math.max(...all)];
  for (const [k, v] of s) s.set(k, (v - min) / (max - min || 1));
  return s;
}
/** The vector side with each chunk scored max(own cosine, α × its section's cosine): 50 best. */
function vectorWithSections(vec: Float32Array, alpha: number): QueryResult[] {
  const sec = new Map<string, number>();
  for (const [k, v] of sectionVectors) sec.set(k, dot(v, vec));
  return chunks
    .map((c) => ({ c, s: Math.max(dot(c.vector, vec), alpha * sec.get(c.section)!) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, 50)
    .map(({ c, s }) => ({ id: c.id, documentId: c.documentId, content: c.content, metadata: c.metadata, score: s }));
}

async function pageBm25(question: string, weights: [number, number, number]): Promise<Map<string, number>> {
  const match = ftsQuery(question);
  const out = new Map<string, number>();
  if (!match) return out;
  const rs = await mem.execute({
    sql: `SELECT doc, -bm25(pages, 0, ${weights.join(", ")}) AS s FROM pages WHERE pages MATCH ? ORDER BY s DESC LIMIT 50`,
    args: [match],
  });
  const scores = rs.rows.map((r) => Number(r.s));
  const [min, max] = [Math.min(...scores), Math.max(...scores)];
  for (const r of rs.rows) out.set(String(r.doc), max > min ? (Number(r.s) - min) / (max - min) : 1);
  return out;
}
function pageCosine(vec: Float32Array): Map<string, number> {
  const s = new Map<string, number>();
  for (const [id, c] of centroids) {
    let d = 0;
    for (let i = 0; i < c.length; i++) d += c[i]! * vec[i]!;
    s.set(id, d);
  }
  const all = [...s.values()];
  const [min, max] = [Math.min(...all), Math.max(...all)];
  for (const [id, v] of s) s.set(id, (v - min) / (max - min || 1));
  return s;
}

const docRanking = { ...(DEFAULT_HYBRID.documents as { support: number; decay: number }) };
const W = { vector: DEFAULT_HYBRID.vectorWeight, keyword: DEFAULT_HYBRID.keywordWeight };

interface Ctx {
  q: Question;
  vec: Float32Array;
  V: QueryResult[];
  K: QueryResult[];
  fused: QueryResult[];
  bm: Map<string, number>;
  bm11: Map<string, number>;
  cos: Map<string, number>;
  sec: Map<string, number>;
}
function withPage(fused: QueryResult[], signals: { map: Map<string, number>; weight: number }[]): QueryResult[] {
  const out = fused.map((r) => {
    let s = r.score;
    for (const { map, weight } of signals) s += weight * (map.get(r.documentId ?? "") ?? 0);
    return { ...r, score: s };
  });
  return rankByDocument(out, docRanking);
}
type Variant = { name: string; run: (c: Ctx) => QueryResult[] | Promise<QueryResult[]> };
const variants: Variant[] = [
  { name: "vector", run: (c) => c.V },
  { name: "keyword", run: (c) => c.K },
  { name: "baseline", run: (c) => rankByDocument(c.fused, docRanking) },
];
for (const d of [0.05, 0.1, 0.2, 0.3, 0.5]) {
  variants.push({ name: `docbm25 ${d}`, run: (c) => withPage(c.fused, [{ map: c.bm, weight: d }]) });
  variants.push({ name: `docbm25-111 ${d}`, run: (c) => withPage(c.fused, [{ map: c.bm11, weight: d }]) });
  variants.push({ name: `centroid ${d}`, run: (c) => withPage(c.fused, [{ map: c.cos, weight: d }]) });
}
for (const [a, b] of [
  [0.1, 0.1],
  [0.2, 0.1],
  [0.2, 0.2],
  [0.3, 0.1],
] as const) {
  variants.push({
    name: `both ${a}/${b}`,
    run: (c) =>
      withPage(c.fused, [
        { map: c.bm, weight: a },
        { map: c.cos, weight: b },
      ]),
  });
}
// Page-level vector-only: the chunk list ranked with its page centroid's score (vector mode).
for (const d of [0.1, 0.3, 0.5]) {
  variants.push({
    name: `vector+centroid ${d}`,
    run: (c) => {
      const norm = convexCombination([{ results: c.V, weight: 1 }]);
      return rankByDocument(
        norm.map((r) => ({ ...r, score: r.score + d * (c.cos.get(r.documentId ?? "") ?? 0) })),
        { support: 0, decay: 0.3 },
      );
    },
  });
}
for (const [support, decay] of [
  [0, 0.3],
  [0.1, 0.3],
  [0, 0.5],
] as const) {
  variants.push({ name: `vector doc ${support}/${decay}`, run: (c) => rankByDocument(c.V, { support, decay }) });
  variants.push({ name: `keyword doc ${support}/${decay}`, run: (c) => rankByDocument(convexCombination([{ results: c.K, weight: 1 }]), { support, decay }) });
}

// Query-adaptive weights: a flat keyword list (no clear winner) gives the vector side more say.
for (const alpha of [0.15, 0.3, 0.5]) {
  variants.push({
    name: `adaptive ${alpha}`,
    run: (c) => {
      const top = c.K[0]?.score ?? 0;
      const tenth = c.K[Math.min(9, c.K.length - 1)]?.score ?? 0;
      const flat = top > 0 ? 1 - (top - tenth) / top : 1;
      const wv = Math.min(0.9, W.vector + alpha * flat);
      return rankByDocument(
        convexCombination([
          { results: c.V, weight: wv },
          { results: c.K, weight: 1 - wv },
        ]),
        docRanking,
      );
    },
  });
}
// Section headings: each candidate gains δ × its section's normalised cosine.
for (const d of [0.1, 0.2, 0.3]) {
  variants.push({
    name: `section ${d}`,
    run: (c) =>
      rankByDocument(
        c.fused.map((r) => ({ ...r, score: r.score + d * (c.sec.get(chunkById.get(r.id)?.section ?? "") ?? 0) })),
        docRanking,
      ),
  });
}
for (const alpha of [0.9, 1, 1.1]) {
  const side = (c: Ctx) => vectorWithSections(c.vec, alpha);
  variants.push({
    name: `section-max ${alpha}`,
    run: (c) =>
      rankByDocument(
        convexCombination([
          { results: side(c), weight: W.vector },
          { results: c.K, weight: W.keyword },
        ]),
        docRanking,
      ),
  });
  variants.push({ name: `vector section-max ${alpha}`, run: (c) => rankByDocument(side(c), { support: 0, decay: 0.3 }) });
}

const only = values.only?.split(",");
const chosen = variants.filter((v) => !only || only.includes(v.name) || ["baseline", "vector", "keyword"].includes(v.name));
const vectors = await rag.embedder.embed(questions.map((q) => q.question));
const scores = new Map<string, { r1: number[]; r5: number[]; mrr: number[] }>(chosen.map((v) => [v.name, { r1: [], r5: [], mrr: [] }]));
for (const [i, q] of questions.entries()) {
  const vec = vectors[i]!;
  const V = (await col.query({ vector: vec, mode: "vector", topK: 50 })) as QueryResult[];
  const K = (await col.query({ text: q.question, mode: "keyword", topK: 50 })) as QueryResult[];
  const fused = convexCombination([
    { results: V, weight: W.vector },
    { results: K, weight: W.keyword },
  ]);
  const ctx: Ctx = {
    q,
    vec,
    V,
    K,
    fused,
    bm: await pageBm25(q.question, [3, 2, 1]),
    bm11: await pageBm25(q.question, [1, 1, 1]),
    cos: pageCosine(vec),
    sec: sectionScores(vec),
  };
  const relevant = new Set(q.relevant);
  for (const v of chosen) {
    const ranking = collapseRanking((await v.run(ctx)).slice(0, 10), page);
    const s = scores.get(v.name)!;
    s.r1.push(recallAt(ranking, relevant, 1));
    s.r5.push(recallAt(ranking, relevant, 5));
    s.mrr.push(reciprocalRankAt(ranking, relevant, 10));
  }
}
console.log(`${questions.length} questions`);
const b = scores.get("baseline")!;
const v = scores.get("vector")!;
for (const [name, s] of scores) {
  const ref = name.startsWith("vector") && name !== "vector" ? v : name.startsWith("keyword ") ? scores.get("keyword")! : b;
  console.log(
    `${name.padEnd(22)} R@1 ${fmt(bootstrapInterval(s.r1))}  R@5 ${fmt(bootstrapInterval(s.r5))}  MRR ${fmt(bootstrapInterval(s.mrr))}  | vs ${ref === v ? "vector" : ref === b ? "baseline" : "keyword"} R@5 ${fmt(pairedDifference(ref.r5, s.r5), true)} MRR ${fmt(pairedDifference(ref.mrr, s.mrr), true)}`,
  );
}
raw.close();
mem.close();
await rag.close();
