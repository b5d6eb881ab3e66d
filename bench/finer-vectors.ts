/**
 * Vectors of finer chunks under the default chunks (docs/retrieval.md, thirty-fourth round): each question's hybrid
 * search made again from its parts, the keyword side's 50 chunks of the default collection and the vector side's 50
 * chunks of a collection of finer chunks (say, `eval-sets.sh` run with 320-character chunks), each of these scoring
 * the default chunk it overlaps most; then the default convex fusion and page-aware ranking. Three arms: `base` (both
 * sides from the default collection, which reproduces `eval`'s hybrid figures), `fine` (the finer vectors alone) and
 * `max` (the larger of the two scores a chunk). Prints each set's R@5 and MRR@10 per arm, then `fine` and `max`
 * minus `base`, paired, with 95% bootstrap intervals, over all questions and by split.
 *
 *   npx tsx bench/finer-vectors.ts DEFAULT_DB_DIR FINER_DB_DIR set,set,... [OUT.json]      (from the repository's root)
 *
 * Each folder holds one database per set with the collection `eval-<set>`, as `bench/eval-sets.sh` leaves them.
 * OUT.json, when given, gets every question's scores per arm (in the order of the sets and their questions), to
 * pair arms of runs over different collections.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { embedQuestion } from "../src/embed/question.js";
import { useLiteEmbedder } from "../src/embed/use-lite/index.js";
import { pathUnderPages } from "../src/eval/evaluate.js";
import { bootstrapInterval, pageOfHit } from "../src/eval/index.js";
import { createRag, type Rag } from "../src/rag.js";
import { DEFAULT_HYBRID, type ResolvedHybrid } from "../src/search/options.js";
import { fuse } from "../src/search/query.js";
import type { QueryResult } from "../src/db/records.js";

const [defaultDir, finerDir, list, outFile] = process.argv.slice(2);
if (defaultDir === undefined || finerDir === undefined || list === undefined) {
  throw new Error("usage: npx tsx bench/finer-vectors.ts DEFAULT_DB_DIR FINER_DB_DIR set,set,...");
}
const ARMS = ["base", "fine", "max"] as const;
type Arm = (typeof ARMS)[number];
const hybrid: ResolvedHybrid = { ...DEFAULT_HYBRID, documents: { ...DEFAULT_HYBRID.documents }, pageOrder: "fused" };
const embedder = useLiteEmbedder({ workers: "auto" });
/** Per arm, each question's R@5 and MRR@10, and whether it is held out. */
const scores: Record<Arm, Array<{ r5: number; mrr: number; heldOut: boolean }>> = { base: [], fine: [], max: [] };

interface Span {
  start: number;
  end: number;
  chunk: QueryResult;
}

/** Every chunk of a collection, by document, with its offsets. */
async function spansOf(rag: Rag): Promise<Map<string, Span[]>> {
  const spans = new Map<string, Span[]>();
  for (let offset = 0; ; offset += 10_000) {
    const page = await rag.collection.list({ limit: 10_000, offset });
    for (const c of page) {
      const list = spans.get(c.documentId ?? c.id) ?? [];
      list.push({ start: c.metadata.startOffset as number, end: c.metadata.endOffset as number, chunk: { ...c, score: 0 } as QueryResult });
      spans.set(c.documentId ?? c.id, list);
    }
    if (page.length < 10_000) return spans;
  }
}

/** Each finer hit as the default chunk it overlaps most, with the hit's score (the best, where several map to one). */
function mapped(finer: readonly QueryResult[], spans: Map<string, Span[]>): QueryResult[] {
  const best = new Map<string, QueryResult>();
  for (const hit of finer) {
    const start = hit.metadata.startOffset as number;
    const end = hit.metadata.endOffset as number;
    let target: Span | undefined;
    let most = 0;
    for (const span of spans.get(hit.documentId ?? hit.id) ?? []) {
      const overlap = Math.min(end, span.end) - Math.max(start, span.start);
      if (overlap > most) [most, target] = [overlap, span];
    }
    if (target !== undefined && (best.get(target.chunk.id)?.score ?? -Infinity) < hit.score) best.set(target.chunk.id, { ...target.chunk, score: hit.score });
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

for (const set of list.split(",")) {
  const pageOf = readFileSync(`datasets/${set}/README.md`, "utf8").includes("--match path") ? pathUnderPages : pageOfHit;
  const questions = readFileSync(`datasets/${set}/questions.jsonl`, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { question: string; relevant: string[]; split?: string });
  const base = await createRag({ url: `file:${defaultDir}/${set}.db`, collection: `eval-${set}`, embedder });
  const finer = await createRag({ url: `file:${finerDir}/${set}.db`, collection: `eval-${set}`, embedder });
  const spans = await spansOf(base);
  const sums: Record<Arm, [number, number]> = { base: [0, 0], fine: [0, 0], max: [0, 0] };
  for (const q of questions) {
    const vector = await embedQuestion(embedder, q.question, { mode: "hybrid" });
    const [vectors, keywords, finerVectors] = await Promise.all([
      base.collection.query({ mode: "vector", vector, topK: 50, documents: false }),
      base.collection.query({ mode: "keyword", text: q.question, topK: 50, documents: false }),
      finer.collection.query({ mode: "vector", vector, topK: 50, documents: false }),
    ]);
    const fine = mapped(finerVectors, spans);
    const larger = new Map(vectors.map((hit) => [hit.id, hit]));
    for (const hit of fine) if ((larger.get(hit.id)?.score ?? -Infinity) < hit.score) larger.set(hit.id, hit);
    const arms: Record<Arm, QueryResult[]> = { base: vectors, fine, max: [...larger.values()].sort((a, b) => b.score - a.score).slice(0, 50) };
    const relevant = new Set(q.relevant);
    for (const arm of ARMS) {
      const pages = [...new Set(fuse(arms[arm], keywords, hybrid).map((hit) => pageOf(hit)))];
      const r5 = pages.slice(0, 5).filter((p) => relevant.has(p)).length / relevant.size;
      const rank = pages.slice(0, 10).findIndex((p) => relevant.has(p));
      const mrr = rank < 0 ? 0 : 1 / (rank + 1);
      scores[arm].push({ r5, mrr, heldOut: q.split === "heldout" });
      sums[arm][0] += r5;
      sums[arm][1] += mrr;
    }
  }
  const n = questions.length;
  console.log(set.padEnd(20), String(n).padStart(4), ARMS.map((arm) => `${arm} ${(sums[arm][0] / n).toFixed(3)}/${(sums[arm][1] / n).toFixed(3)}`).join("  "));
  await base.store.close();
  await finer.store.close();
}
await embedder.close?.();
if (outFile !== undefined) writeFileSync(outFile, JSON.stringify(scores));

const f = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`;
for (const arm of ["fine", "max"] as const) {
  const line = (label: string, metric: "r5" | "mrr", keep: (heldOut: boolean) => boolean) => {
    const d = scores[arm].map((s, i) => s[metric] - scores.base[i]![metric]).filter((_, i) => keep(scores.base[i]!.heldOut));
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const { low, high } = bootstrapInterval(d, { resamples: 2000, confidence: 0.95, seed: 1 });
    return `${label} ${f(mean)} [${f(low)}, ${f(high)}] (${d.length} q)`;
  };
  console.log(
    `${arm} − base: ${line("R@5", "r5", () => true)}; ${line("MRR@10", "mrr", () => true)}; tune R@5 ${line("", "r5", (h) => !h)}; held-out R@5 ${line("", "r5", (h) => h)}`,
  );
}
