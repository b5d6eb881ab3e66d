/**
 * Where the default hybrid's misses are, and four more ways of re-ranking its candidates, measured outside the
 * query path (opt-in, not a test). For each question it runs the two sides as `rag.search` does (the question
 * embedded without its lead-in, 50 candidates each) and fuses them as the default hybrid does:
 *
 *   tsx bench/ceiling-sweep.ts --db file:PATH --questions FILE [--split tune|heldout]
 *
 * - pool: the share of relevant pages found anywhere in the two sides' candidates (50 and 200 chunks deep), per
 *   question kind. No fusion or re-ranking of these candidates can find a page that is not there.
 * - kind × weight: R@5 / MRR@10 per question kind at vector weights 0 (keyword alone) to 1 (vector alone).
 * - slot@n: the vector side's best page moved up to place n of the fused pages when it is below it.
 * - depth n: both sides fetched n deep and fused.
 * - cap k/page of n: both sides fetched n deep, then at most k chunks per page kept, up to 50 a side, and fused,
 *   so that the candidates cover more pages.
 * - expand: corpus words near the question in the embedder's space (each query word's nearest words, or the
 *   whole question's), OR-ed as a second keyword query whose normalised scores are mixed into the keyword side
 *   with weight λ. The vocabulary: words in 3 or more chunks and at most 5% of them, each embedded alone.
 * - sentence μ: the first 30 fused chunks re-scored (1 − μ) × fused + μ × the best cosine between the question and
 *   one of the chunk's sentences ("Title: sentence"), each side min-max normalised, then ranked by page.
 * User protocol (the first 10 chunks, collapsed to pages). The database is only read. Prints R@1, R@5, MRR@10 and
 * the paired R@5 / MRR difference against the baseline, with 95% intervals.
 */
import { bootstrapInterval, pairedDifference } from "../src/eval/bootstrap.js";
import { pageOfHit as page } from "../src/eval/evaluate.js";
import type { EvalQuestion as Question } from "../src/eval/questions.js";
import { collapseRanking, recallAt, reciprocalRankAt } from "../src/eval/metrics.js";
import { convexCombination } from "../src/search/fusion/convex.js";
import { rankByDocument } from "../src/search/fusion/documents.js";
import { contentWords } from "../src/words.js";
import type { ResolvedHybrid } from "../src/search/options.js";
import { fuse } from "../src/search/query.js";
import { embeddingText } from "../src/embed/question.js";
import type { QueryResult } from "../src/db/records.js";
import { DEFAULT_FUSION as H, formatInterval as fmt, openSweep } from "./sweep.js";

const { questions, rag, col, raw, table } = await openSweep();
const dot = (a: Float32Array, b: Float32Array, offset = 0) => {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += a[offset + i]! * b[i]!;
  return s;
};
const minMax = (xs: number[]) => {
  const lo = Math.min(...xs);
  const span = Math.max(...xs) - lo || 1;
  return xs.map((x) => (x - lo) / span);
};

// The vocabulary for expansion, embedded once.
const chunkTexts = (await raw.execute(`SELECT content FROM "${table}"`)).rows.map((r) => String(r.content));
const df = new Map<string, number>();
for (const text of chunkTexts) for (const w of new Set(text.toLowerCase().match(/[a-z][a-z]+/g) ?? [])) df.set(w, (df.get(w) ?? 0) + 1);
const words = [...df.entries()]
  .filter(([w, n]) => n >= 3 && n <= chunkTexts.length * 0.05 && w.length >= 3 && contentWords(`qqqq ${w}`).includes(w))
  .map(([w]) => w);
const dims = (await rag.embedder.embed(["x"]))[0]!.length;
const vocabulary = new Float32Array(words.length * dims);
for (let i = 0; i < words.length; i += 256) (await rag.embedder.embed(words.slice(i, i + 256))).forEach((v, j) => vocabulary.set(v, (i + j) * dims));
const stem = (w: string) => w.slice(0, 5);
function nearest(v: Float32Array, n: number, own: Set<string>): { word: string; cosine: number }[] {
  return words
    .map((word, i) => ({ word, cosine: dot(vocabulary, v, i * dims) }))
    .sort((a, b) => b.cosine - a.cosine)
    .filter((x) => !own.has(stem(x.word)))
    .slice(0, n);
}

interface Ctx {
  q: Question;
  qv: Float32Array;
  V: QueryResult[];
  K: QueryResult[];
  base: QueryResult[];
}
async function expanded(c: Ctx, terms: string[], lambda: number): Promise<QueryResult[]> {
  if (terms.length === 0) return c.base;
  const Ke = (await col.query({ text: terms.join(" "), mode: "keyword", topK: 50 })) as QueryResult[];
  return fuse(
    c.V,
    convexCombination([
      { results: c.K, weight: 1 - lambda },
      { results: Ke, weight: lambda },
    ]).slice(0, 50),
    H,
  );
}
const sentences = (t: string) =>
  t
    .split(/(?<=[.!?:])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 12);
async function sentenceScores(c: Ctx, pool: QueryResult[]): Promise<number[]> {
  const texts: string[] = [];
  const owner: number[] = [];
  pool.forEach((r, i) => {
    const title = String(r.metadata.title ?? "");
    for (const s of sentences(r.content)) texts.push(title ? `${title}: ${s}` : s), owner.push(i);
  });
  const best = pool.map(() => -1);
  (texts.length > 0 ? await rag.embedder.embed(texts) : []).forEach((v, j) => {
    best[owner[j]!] = Math.max(best[owner[j]!]!, dot(v, c.qv));
  });
  return best;
}

type Variant = (c: Ctx) => Promise<QueryResult[]> | QueryResult[];
const pages = (list: QueryResult[]) => collapseRanking(list.slice(0, 10), page);
const variants: Record<string, Variant> = { baseline: (c) => c.base };
for (const at of [3, 5]) {
  variants[`slot@${at}`] = (c) => {
    const best = c.V[0];
    if (best === undefined) return c.base;
    const fused = pages(c.base);
    const i = fused.indexOf(page(best));
    if (i >= 0 && i < at) return c.base;
    // Move the page's best vector chunk to just after the fused list's (at − 1)th page.
    const before = c.base.filter((r) => fused.indexOf(page(r)) >= 0 && fused.indexOf(page(r)) < at - 1);
    const firsts = new Set<string>();
    const head = before.filter((r) => (firsts.has(page(r)) ? false : (firsts.add(page(r)), true)));
    return [...head, best, ...c.base.filter((r) => !head.includes(r) && page(r) !== page(best))];
  };
}
for (const depth of [100, 200]) {
  variants[`depth ${depth}`] = async (c) => {
    const V = (await col.query({ vector: c.qv, mode: "vector", topK: depth })) as QueryResult[];
    const K = (await col.query({ text: c.q.question, mode: "keyword", topK: depth })) as QueryResult[];
    return fuse(V, K, H);
  };
}
const capped = (list: QueryResult[], perPage: number, n: number) => {
  const seen = new Map<string, number>();
  return list
    .filter((r) => {
      const k = seen.get(page(r)) ?? 0;
      seen.set(page(r), k + 1);
      return k < perPage;
    })
    .slice(0, n);
};
for (const [depth, perPage] of [
  [150, 3],
  [150, 5],
  [300, 3],
] as const) {
  variants[`cap ${perPage}/page of ${depth}`] = async (c) => {
    const V = (await col.query({ vector: c.qv, mode: "vector", topK: depth })) as QueryResult[];
    const K = (await col.query({ text: c.q.question, mode: "keyword", topK: depth })) as QueryResult[];
    return fuse(capped(V, perPage, 50), capped(K, perPage, 50), H);
  };
}
for (const [per, lambda] of [
  [2, 0.2],
  [3, 0.2],
  [3, 0.4],
] as const) {
  variants[`expand words ${per}/${lambda}`] = async (c) => {
    const own = contentWords(c.q.question);
    const stems = new Set(own.map(stem));
    const vectors = own.length > 0 ? await rag.embedder.embed(own) : [];
    const terms = new Set<string>();
    for (const v of vectors) for (const x of nearest(v, per, stems)) if (x.cosine >= 0.5) terms.add(x.word);
    return expanded(c, [...terms], lambda);
  };
}
for (const [n, lambda] of [
  [5, 0.2],
  [10, 0.4],
] as const) {
  variants[`expand question ${n}/${lambda}`] = (c) =>
    expanded(
      c,
      nearest(c.qv, n, new Set(contentWords(c.q.question).map(stem))).map((x) => x.word),
      lambda,
    );
}
for (const mu of [0.2, 0.5]) {
  variants[`sentence ${mu}`] = async (c) => {
    const pool = fuse(c.V, c.K, { ...H, documents: false }).slice(0, 30);
    const fused = minMax(pool.map((r) => r.score));
    const best = minMax(await sentenceScores(c, pool));
    const rescored = pool.map((r, i) => ({ ...r, score: (1 - mu) * fused[i]! + mu * best[i]! })).sort((a, b) => b.score - a.score);
    return rankByDocument(rescored, H.documents as Exclude<ResolvedHybrid["documents"], false>);
  };
}

const scores = new Map<string, { r1: number[]; r5: number[]; mrr: number[] }>();
const kinds = new Map<string, { n: number; pool50: number; pool200: number; byWeight: Map<number, { r5: number; mrr: number }> }>();
const weights = [0, 0.1, 0.25, 0.4, 0.55, 0.7, 1];
for (const q of questions) {
  const qv = (await rag.embedder.embed([embeddingText(q.question)]))[0]!;
  const V = (await col.query({ vector: qv, mode: "vector", topK: 50 })) as QueryResult[];
  const K = (await col.query({ text: q.question, mode: "keyword", topK: 50 })) as QueryResult[];
  const c: Ctx = { q, qv, V, K, base: fuse(V, K, H) };
  const relevant = new Set(q.relevant);
  for (const [name, run] of Object.entries(variants)) {
    const ranking = pages(await run(c));
    const s = scores.get(name) ?? { r1: [], r5: [], mrr: [] };
    scores.set(name, s);
    s.r1.push(recallAt(ranking, relevant, 1));
    s.r5.push(recallAt(ranking, relevant, 5));
    s.mrr.push(reciprocalRankAt(ranking, relevant, 10));
  }
  const kind = kinds.get(q.kind ?? "?") ?? { n: 0, pool50: 0, pool200: 0, byWeight: new Map() };
  kinds.set(q.kind ?? "?", kind);
  kind.n++;
  const share = (lists: QueryResult[][]) => {
    const found = new Set(lists.flat().map(page));
    return q.relevant.filter((p) => found.has(p)).length / q.relevant.length;
  };
  kind.pool50 += share([V, K]);
  kind.pool200 += share([
    (await col.query({ vector: qv, mode: "vector", topK: 200 })) as QueryResult[],
    (await col.query({ text: q.question, mode: "keyword", topK: 200 })) as QueryResult[],
  ]);
  for (const w of weights) {
    const list =
      w === 0
        ? rankByDocument(K, { support: 0, decay: 0.3 })
        : w === 1
          ? rankByDocument(V, { support: 0, decay: 0.3 })
          : fuse(V, K, { ...H, vectorWeight: w, keywordWeight: 1 - w });
    const ranking = pages(list);
    const acc = kind.byWeight.get(w) ?? { r5: 0, mrr: 0 };
    kind.byWeight.set(w, { r5: acc.r5 + recallAt(ranking, relevant, 5), mrr: acc.mrr + reciprocalRankAt(ranking, relevant, 10) });
  }
}

console.log(`${questions.length} questions, ${chunkTexts.length} chunks, ${words.length} vocabulary words`);
for (const [kind, k] of kinds) {
  console.log(`${kind} (${k.n}): pool recall ${(k.pool50 / k.n).toFixed(3)} at 50, ${(k.pool200 / k.n).toFixed(3)} at 200`);
  console.log(
    `  R@5 / MRR by vector weight: ${weights.map((w) => `${w}: ${(k.byWeight.get(w)!.r5 / k.n).toFixed(2)} / ${(k.byWeight.get(w)!.mrr / k.n).toFixed(2)}`).join(", ")}`,
  );
}
const b = scores.get("baseline")!;
for (const [name, s] of scores) {
  console.log(
    `${name.padEnd(24)} R@1 ${fmt(bootstrapInterval(s.r1))}  R@5 ${fmt(bootstrapInterval(s.r5))}  MRR ${fmt(bootstrapInterval(s.mrr))}  | vs baseline R@5 ${fmt(pairedDifference(b.r5, s.r5), true)} MRR ${fmt(pairedDifference(b.mrr, s.mrr), true)}`,
  );
}
raw.close();
await rag.close();
