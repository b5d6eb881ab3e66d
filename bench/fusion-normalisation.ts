/**
 * How hybrid's convex fusion scales each side's scores (opt-in, not a test): min-max over the side's 50 candidates
 * (the default) against a fixed lower bound, Bruch et al.'s "theoretical min-max" (cosine −1 or 0 for the vector
 * side, 0 for BM25), at vector weights 0.25 and 0.35, page-aware ranking as the default's. Every set bench/eval-sets.sh
 * built, all questions, eval's pool (50 chunks a side, collapsed to pages); R@5 and MRR@10 paired against the default.
 *
 *   tsx bench/fusion-normalisation.ts DB_DIR
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { QueryResult } from "../src/db/records.js";
import { embedQuestion } from "../src/embed/question.js";
import { pairedDifference } from "../src/eval/bootstrap.js";
import { pageOfHit, pathUnderPages } from "../src/eval/evaluate.js";
import { collapseRanking, recallAt, reciprocalRankAt } from "../src/eval/metrics.js";
import { loadQuestions } from "../src/eval/questions.js";
import { createRag, type RagHit } from "../src/rag.js";
import { rankByDocument } from "../src/search/fusion/documents.js";
import { addScore, byScoreThenId } from "../src/search/fusion/ranked-list.js";
import { DEFAULT_HYBRID } from "../src/search/options.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: tsx bench/fusion-normalisation.ts DB_DIR");

/** Convex fusion with each side scaled from `low` (its candidates' lowest when undefined) to its best. */
function convex(sides: { results: QueryResult[]; weight: number; low: number | undefined }[]): QueryResult[] {
  const fused = new Map<string, QueryResult>();
  const total = sides.reduce((sum, s) => sum + (s.results.length > 0 ? s.weight : 0), 0);
  for (const { results, weight, low } of sides) {
    if (results.length === 0) continue;
    const max = Math.max(...results.map((r) => r.score));
    const from = low ?? Math.min(...results.map((r) => r.score));
    const span = max - from;
    for (const r of results) addScore(fused, r, (weight / total) * (span > 0 ? Math.max(0, r.score - from) / span : 1));
  }
  return rankByDocument([...fused.values()].sort(byScoreThenId), DEFAULT_HYBRID.documents);
}

const variants: { name: string; weight: number; vectorLow?: number; keywordLow?: number }[] = [{ name: "default: min-max, 0.25", weight: 0.25 }];
for (const weight of [0.25, 0.35]) {
  for (const [label, vectorLow, keywordLow] of [
    ["BM25 from 0", undefined, 0],
    ["cosine from -1", -1, undefined],
    ["cosine from 0", 0, undefined],
    ["cosine from 0, BM25 from 0", 0, 0],
  ] as const) {
    variants.push({
      name: `${label}, ${weight}`,
      weight,
      ...(vectorLow !== undefined ? { vectorLow } : {}),
      ...(keywordLow !== undefined ? { keywordLow } : {}),
    });
  }
}
const scores = variants.map(() => ({ r5: [] as number[], mrr: [] as number[] }));
for (const set of readdirSync("datasets").sort()) {
  const db = `${dir}/${set}.db`;
  if (!existsSync(db) || !existsSync(`datasets/${set}/questions.jsonl`)) continue;
  const keyOf = readFileSync(`datasets/${set}/README.md`, "utf8").includes("--match path") ? pathUnderPages : pageOfHit;
  const rag = await createRag({ url: `file:${db}`, collection: `eval-${set}` });
  try {
    for (const q of await loadQuestions(`datasets/${set}/questions.jsonl`)) {
      const vector = await embedQuestion(rag.embedder, q.question, { mode: "hybrid" });
      const vectorSide = await rag.collection.query({ mode: "vector", vector, topK: DEFAULT_HYBRID.fetchK });
      const keywordSide = await rag.collection.query({ mode: "keyword", text: q.question, topK: DEFAULT_HYBRID.fetchK });
      for (const [i, v] of variants.entries()) {
        const fused = convex([
          { results: vectorSide, weight: v.weight, low: v.vectorLow },
          { results: keywordSide, weight: 1 - v.weight, low: v.keywordLow },
        ]);
        const pages = collapseRanking(fused as RagHit[], keyOf);
        scores[i]!.r5.push(recallAt(pages, new Set(q.relevant), 5));
        scores[i]!.mrr.push(reciprocalRankAt(pages, new Set(q.relevant), 10));
      }
    }
  } finally {
    await rag.close();
  }
  console.error(set);
}
const base = scores[0]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const shown = (a: number[], b: number[]) => {
  const d = pairedDifference(a, b);
  return `${d.mean >= 0 ? "+" : ""}${d.mean.toFixed(3)} [${d.low.toFixed(3)}, ${d.high.toFixed(3)}]`;
};
console.log(`${base.r5.length} questions; default R@5 ${mean(base.r5).toFixed(3)}, MRR@10 ${mean(base.mrr).toFixed(3)}`);
for (const [i, v] of variants.entries()) {
  if (i === 0) continue;
  console.log(`${v.name.padEnd(34)} R@5 ${shown(base.r5, scores[i]!.r5)}  MRR@10 ${shown(base.mrr, scores[i]!.mrr)}`);
}
