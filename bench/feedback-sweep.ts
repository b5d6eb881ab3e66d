/**
 * Pseudo-relevance feedback and page-level vector scoring, measured outside the query path (opt-in, not a
 * test). For each question it runs the two sides once, then scores variants built from them, page-level, with
 * the user protocol of bench/retrieval-sweep.ts (the first 10 chunks, collapsed to pages):
 *
 *   tsx bench/feedback-sweep.ts --db file:PATH --questions FILE [--split tune|heldout] [--only NAME,...]
 *
 * - baseline: the default hybrid (convex 0.25 / 0.75, page-aware ranking), rebuilt from the two sides.
 * - rm3 m/n/λ: RM3-style keyword feedback. The first pass's top m chunks give term weights
 *   Σ_chunk fusedScore × tf / length × idf; the top n new terms form a second keyword query, whose
 *   normalised scores are mixed into the keyword side with weight λ.
 * - rocchio m/β: the query vector plus β × the mean vector of the first pass's top m chunks, then the
 *   vector side re-run with it.
 * - page γ: the vector side fetched 200 deep; each chunk's score becomes (1 − γ) × its own + γ × its
 *   page's (best + 0.5 × mean of the next two).
 * The database is only read. Prints R@1, R@5, MRR@10 with 95% intervals and the paired R@5 / MRR difference
 * against the baseline.
 */
import { bootstrapInterval, pairedDifference } from "../src/eval/bootstrap.js";
import { pageOfHit as page } from "../src/eval/evaluate.js";
import type { EvalQuestion as Question } from "../src/eval/questions.js";
import { collapseRanking, recallAt, reciprocalRankAt } from "../src/eval/metrics.js";
import { convexCombination } from "../src/search/fusion/convex.js";
import { rankByDocument } from "../src/search/fusion/documents.js";
import { fuse } from "../src/search/query.js";
import { contentWords } from "../src/words.js";
import type { QueryResult } from "../src/db/records.js";
import { DEFAULT_FUSION as H, formatInterval as fmt, openSweep } from "./sweep.js";

const { values, questions, rag, col, raw, table } = await openSweep(["only"]);
const fts = `"${table}_fts"`;
const total = Number((await raw.execute(`SELECT count(*) AS n FROM "${table}"`)).rows[0]!.n);
const dfCache = new Map<string, number>();
async function df(term: string): Promise<number> {
  let n = dfCache.get(term);
  if (n === undefined) {
    n = Number((await raw.execute({ sql: `SELECT count(*) AS n FROM ${fts} WHERE ${fts} MATCH ?`, args: [`"${term}"`] })).rows[0]!.n);
    dfCache.set(term, n);
  }
  return n;
}

const unit = (v: Float32Array) => {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  return v.map((x) => x / n);
};

async function expansionTerms(query: string, feedback: QueryResult[], n: number): Promise<string[]> {
  const own = new Set(contentWords(query));
  const weights = new Map<string, number>();
  const top = feedback[0]?.score ?? 1;
  for (const r of feedback) {
    const words = r.content.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    // contentWords keeps a word beside a non-stopword only when the word is not a stopword itself.
    const content = words.filter((w) => w.length > 2 && !/^\d+$/.test(w) && contentWords(`qqqq ${w}`).includes(w));
    const counts = new Map<string, number>();
    for (const w of content) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const [w, c] of counts) if (!own.has(w)) weights.set(w, (weights.get(w) ?? 0) + (r.score / top) * (c / Math.max(1, content.length)));
  }
  const candidates = [...weights.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  const scored: [string, number][] = [];
  for (const [w, p] of candidates) {
    const d = await df(w);
    if (d === 0) continue;
    scored.push([w, p * Math.log(total / d)]);
  }
  return scored
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([w]) => w);
}

function pageScored(vector: QueryResult[], gamma: number): QueryResult[] {
  const groups = new Map<string, number[]>();
  for (const r of vector) {
    const k = r.documentId ?? r.id;
    const g = groups.get(k);
    if (g) g.push(r.score);
    else groups.set(k, [r.score]);
  }
  const pageScore = new Map<string, number>();
  for (const [k, s] of groups) {
    const rest = s.slice(1, 3);
    pageScore.set(k, s[0]! + (rest.length ? (0.5 * rest.reduce((a, b) => a + b, 0)) / rest.length : 0));
  }
  return vector
    .map((r) => ({ ...r, score: (1 - gamma) * r.score + (gamma * pageScore.get(r.documentId ?? r.id)!) / 1.5 }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, 50);
}

type Variant = { name: string; run: (ctx: Ctx) => Promise<QueryResult[]> };
interface Ctx {
  q: Question;
  vec: Float32Array;
  V: QueryResult[];
  K: QueryResult[];
  base: QueryResult[];
}
const variants: Variant[] = [
  { name: "vector", run: async (c) => c.V },
  { name: "keyword", run: async (c) => c.K },
  { name: "baseline", run: async (c) => c.base },
];
for (const [m, n, lambda] of [
  [10, 10, 0.3],
  [10, 10, 0.5],
  [20, 10, 0.3],
  [10, 20, 0.3],
  [5, 10, 0.3],
] as const) {
  variants.push({
    name: `rm3 ${m}/${n}/${lambda}`,
    run: async (c) => {
      const terms = await expansionTerms(c.q.question, c.base.slice(0, m), n);
      if (terms.length === 0) return c.base;
      const Ke = (await col.query({ text: terms.join(" "), mode: "keyword", topK: 50 })) as QueryResult[];
      const K2 = convexCombination([
        { results: c.K, weight: 1 - lambda },
        { results: Ke, weight: lambda },
      ]).slice(0, 50);
      return fuse(c.V, K2, H);
    },
  });
}
for (const [m, beta] of [
  [5, 0.5],
  [10, 0.5],
  [10, 1],
  [20, 1],
  [10, 2],
] as const) {
  const rocchio = async (c: Ctx) => {
    const top = c.base.slice(0, m).filter((r) => r.vector);
    const q2 = Float32Array.from(c.vec);
    for (const r of top) for (let i = 0; i < q2.length; i++) q2[i] = q2[i]! + (beta * r.vector![i]!) / top.length;
    return (await col.query({ vector: unit(q2), mode: "vector", topK: 50 })) as QueryResult[];
  };
  variants.push({ name: `rocchio ${m}/${beta}`, run: async (c) => fuse(await rocchio(c), c.K, H) });
  variants.push({ name: `rocchio ${m}/${beta} vector-only`, run: rocchio });
}
for (const gamma of [0.3, 0.5, 0.8]) {
  const paged = async (c: Ctx) => pageScored((await col.query({ vector: c.vec, mode: "vector", topK: 200 })) as QueryResult[], gamma);
  variants.push({ name: `page ${gamma}`, run: async (c) => fuse(await paged(c), c.K, H) });
  variants.push({ name: `page ${gamma} vector-only`, run: paged });
}
// Vector alone with the hybrid's page-aware ranking: one page's chunks no longer fill the first ten.
for (const [support, decay, depth] of [
  [0.1, 0.3, 50],
  [0, 0.3, 50],
  [0.1, 0.3, 200],
  [0.3, 0.3, 200],
  [0, 0, 50],
] as const) {
  variants.push({
    name: `vector doc ${support}/${decay}/${depth}`,
    run: async (c) =>
      rankByDocument(depth === 50 ? c.V : ((await col.query({ vector: c.vec, mode: "vector", topK: depth })) as QueryResult[]), { support, decay }),
  });
}
for (const gamma of [0.3, 0.5]) {
  variants.push({
    name: `page ${gamma} vector doc`,
    run: async (c) =>
      rankByDocument(pageScored((await col.query({ vector: c.vec, mode: "vector", topK: 200 })) as QueryResult[], gamma), { support: 0.1, decay: 0.3 }),
  });
}
// Common terms dropped from the OR-ed query (a corpus's own stopwords): fewer rows to rank with BM25.
const kwTime = new Map<string, number[]>();
for (const tau of [0.02, 0.05, 0.1, 0.2]) {
  const name = `maxdf ${tau}`;
  const pruned = async (c: Ctx) => {
    const terms = contentWords(c.q.question);
    const kept: string[] = [];
    for (const t of terms) if ((await df(t)) / total <= tau) kept.push(t);
    const text = (kept.length > 0 ? kept : terms).join(" ");
    const t0 = performance.now();
    const K = (await col.query({ text, mode: "keyword", topK: 50, includeVectors: true })) as QueryResult[];
    const list = kwTime.get(name) ?? [];
    list.push(performance.now() - t0);
    kwTime.set(name, list);
    return K;
  };
  variants.push({ name, run: async (c) => fuse(c.V, await pruned(c), H) });
  variants.push({ name: `${name} keyword`, run: pruned });
}
const only = values.only?.split(",");
const chosen = variants.filter((v) => !only || only.includes(v.name) || ["baseline", "vector", "keyword"].includes(v.name));

const vectors = await rag.embedder.embed(questions.map((q) => q.question));
const scores = new Map<string, { r1: number[]; r5: number[]; mrr: number[] }>(chosen.map((v) => [v.name, { r1: [], r5: [], mrr: [] }]));
let mismatches = 0;
const fullKw: number[] = [];
for (const [i, q] of questions.entries()) {
  const vec = vectors[i]!;
  const V = (await col.query({ vector: vec, mode: "vector", topK: 50, includeVectors: true })) as QueryResult[];
  const tk = performance.now();
  const K = (await col.query({ text: q.question, mode: "keyword", topK: 50, includeVectors: true })) as QueryResult[];
  fullKw.push(performance.now() - tk);
  const base = fuse(V, K, H);
  const check = await col.query({ vector: vec, text: q.question, mode: "hybrid", topK: 10 });
  if (
    check.map((r) => r.id).join() !==
    base
      .slice(0, 10)
      .map((r) => r.id)
      .join()
  )
    mismatches++;
  const relevant = new Set(q.relevant);
  for (const v of chosen) {
    const ranking = collapseRanking((await v.run({ q, vec, V, K, base })).slice(0, 10), page);
    const s = scores.get(v.name)!;
    s.r1.push(recallAt(ranking, relevant, 1));
    s.r5.push(recallAt(ranking, relevant, 5));
    s.mrr.push(reciprocalRankAt(ranking, relevant, 10));
  }
}
console.log(`${questions.length} questions, ${total} chunks; baseline differs from rag hybrid on ${mismatches}`);
const b = scores.get("baseline")!;
const v = scores.get("vector")!;
for (const [name, s] of scores) {
  console.log(
    `${name.padEnd(26)} R@1 ${fmt(bootstrapInterval(s.r1))}  R@5 ${fmt(bootstrapInterval(s.r5))}  MRR ${fmt(bootstrapInterval(s.mrr))}  | vs baseline R@5 ${fmt(pairedDifference(b.r5, s.r5), true)} MRR ${fmt(pairedDifference(b.mrr, s.mrr), true)}`,
  );
  if (/vector/.test(name) && name !== "vector")
    console.log(`${"".padEnd(26)} vs vector R@5 ${fmt(pairedDifference(v.r5, s.r5), true)} MRR ${fmt(pairedDifference(v.mrr, s.mrr), true)}`);
}
for (const [name, t] of kwTime) {
  t.sort((a, b) => a - b);
  console.log(`${name}: keyword query p50 ${t[Math.floor(t.length / 2)]!.toFixed(1)} ms`);
}
console.log(`full keyword query p50 ${[...fullKw].sort((a, b) => a - b)[Math.floor(fullKw.length / 2)]!.toFixed(1)} ms`);
raw.close();
await rag.close();
