/**
 * Hubness: do big pages and "central" chunks win questions they should not? Measured outside the query path
 * (opt-in, not a test). For each question it runs the two sides as `rag.search` does (the question embedded
 * without its lead-in, 50 candidates each; the vector side also 200 deep) and fuses them as the default does:
 *
 *   tsx bench/hub-sweep.ts --db file:PATH --questions FILE [--split tune|heldout]
 *
 * - prior β: a page-size prior. Each fused candidate loses β × ln(its page's chunk count) / ln(the largest
 *   page's), before page-aware ranking; "vector prior β" does the same to vector mode alone.
 * - csls α: a local-density correction of the vector side in the manner of CSLS (cross-domain similarity local
 *   scaling): a chunk's cosine loses α × the mean cosine between it and its 10 nearest chunks of other pages,
 *   so that chunks near everything (hubs) stop drawing every question. "vector csls" is vector mode alone;
 *   "vector csls200" re-scores the 200 nearest and keeps the best 50.
 * User protocol (the first 10 chunks, collapsed to pages). The database is only read; every vector is held in
 * memory, and a candidate's density is computed by brute force the first time it is seen (minutes at 26k chunks).
 * Prints R@5 and MRR@10 with 95% intervals and the paired difference against the default hybrid (or, for the
 * "vector" rows, against vector mode).
 */
import { bootstrapInterval, pairedDifference } from "../src/eval/bootstrap.js";
import { pageOfHit as page } from "../src/eval/evaluate.js";
import { collapseRanking, recallAt, reciprocalRankAt } from "../src/eval/metrics.js";
import { rankByDocument } from "../src/search/fusion/documents.js";
import { fuse } from "../src/search/query.js";
import { embeddingText } from "../src/embed/question.js";
import type { QueryResult } from "../src/db/records.js";
import { DEFAULT_FUSION as H, formatInterval as fmt, openSweep } from "./sweep.js";

const { questions, rag, col, raw, table } = await openSweep();
const rows = (await raw.execute(`SELECT id, document_id, embedding FROM "${table}"`)).rows;
// The default collection's float32 vectors: 4 bytes a dimension.
const dims = rows.length > 0 ? (rows[0]!.embedding as ArrayBuffer).byteLength / 4 : 0;
const vectors = new Float32Array(rows.length * dims);
const rowOf = new Map<string, number>();
const pageOfRow: string[] = [];
const pageSize = new Map<string, number>();
rows.forEach((r, i) => {
  vectors.set(new Float32Array(r.embedding as ArrayBuffer), i * dims);
  rowOf.set(String(r.id), i);
  const doc = String(r.document_id);
  pageOfRow.push(doc);
  pageSize.set(doc, (pageSize.get(doc) ?? 0) + 1);
});
const largest = Math.log(Math.max(2, ...pageSize.values()));

const densities = new Map<number, number>();
/** The mean cosine between row `i` and its `k` nearest rows of other pages. */
function density(i: number, k = 10): number {
  const known = densities.get(i);
  if (known !== undefined) return known;
  const best: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    if (pageOfRow[j] === pageOfRow[i]) continue;
    let s = 0;
    for (let d = 0; d < dims; d++) s += vectors[i * dims + d]! * vectors[j * dims + d]!;
    if (best.length < k || s > best[best.length - 1]!) {
      best.push(s);
      best.sort((a, b) => b - a);
      if (best.length > k) best.pop();
    }
  }
  const mean = best.reduce((a, b) => a + b, 0) / Math.max(1, best.length);
  densities.set(i, mean);
  return mean;
}

const byScore = (a: QueryResult, b: QueryResult) => b.score - a.score;
const VECTOR_PAGES = { support: 0, decay: 0.3 };
const withPrior = (list: QueryResult[], beta: number) =>
  list.map((r) => ({ ...r, score: r.score - (beta * Math.log(pageSize.get(String(r.documentId)) ?? 1)) / largest })).sort(byScore);
const withCsls = (list: QueryResult[], alpha: number) => list.map((r) => ({ ...r, score: r.score - alpha * density(rowOf.get(r.id)!) })).sort(byScore);

interface Ctx {
  V: QueryResult[];
  V200: QueryResult[];
  K: QueryResult[];
}
const variants: Record<string, (c: Ctx) => QueryResult[]> = {
  baseline: (c) => fuse(c.V, c.K, H),
  vector: (c) => rankByDocument(c.V, VECTOR_PAGES),
};
for (const beta of [0.05, 0.1, 0.2]) {
  variants[`prior ${beta}`] = (c) => rankByDocument(withPrior(fuse(c.V, c.K, { ...H, documents: false }), beta), H.documents || VECTOR_PAGES);
  variants[`vector prior ${beta}`] = (c) => rankByDocument(withPrior(c.V, beta), VECTOR_PAGES);
}
for (const alpha of [0.3, 0.6, 1]) {
  variants[`csls ${alpha}`] = (c) => fuse(withCsls(c.V, alpha), c.K, H);
  variants[`vector csls ${alpha}`] = (c) => rankByDocument(withCsls(c.V, alpha), VECTOR_PAGES);
  variants[`vector csls200 ${alpha}`] = (c) => rankByDocument(withCsls(c.V200, alpha).slice(0, 50), VECTOR_PAGES);
}

const scores = new Map<string, { r5: number[]; mrr: number[] }>();
for (const q of questions) {
  const qv = (await rag.embedder.embed([embeddingText(q.question)]))[0]!;
  const V200 = (await col.query({ vector: qv, mode: "vector", topK: 200 })) as QueryResult[];
  const K = (await col.query({ text: q.question, mode: "keyword", topK: 50 })) as QueryResult[];
  const c: Ctx = { V: V200.slice(0, 50), V200, K };
  const relevant = new Set(q.relevant);
  for (const [name, run] of Object.entries(variants)) {
    const ranking = collapseRanking(run(c).slice(0, 10), page);
    const s = scores.get(name) ?? { r5: [], mrr: [] };
    scores.set(name, s);
    s.r5.push(recallAt(ranking, relevant, 5));
    s.mrr.push(reciprocalRankAt(ranking, relevant, 10));
  }
}

console.log(`${questions.length} questions, ${rows.length} chunks, ${pageSize.size} pages`);
for (const [name, s] of scores) {
  const against = name.startsWith("vector") ? "vector" : "baseline";
  const ref = scores.get(against)!;
  console.log(
    `${name.padEnd(20)} R@5 ${fmt(bootstrapInterval(s.r5))}  MRR ${fmt(bootstrapInterval(s.mrr))}  | vs ${against} R@5 ${fmt(pairedDifference(ref.r5, s.r5), true)} MRR ${fmt(pairedDifference(ref.mrr, s.mrr), true)}`,
  );
}
raw.close();
await rag.close();
