/**
 * End-to-end search latency of `rag.search` (question embedding included), per mode, on an ingested corpus:
 *
 *   tsx bench/hybrid-latency.ts --pages DIR --questions FILE [--db file:PATH] [--collection NAME] [--top-k 5] [--rounds 3]
 *
 * Ingests first (incremental: free when the corpus is already in the database), warms up with one query per
 * mode, then times every question `rounds` times and prints p50/p95 per mode with the collection's chunk count.
 * `--collection` measures a collection that `libsql-rag eval` (or `bench/eval-sets.sh`) built, e.g. `eval-python-docs`,
 * with `--db file:<DB_DIR>/<set>.db`: run it from the set's folder with `--pages pages`, as eval names the documents,
 * or the pages are ingested again under another name beside the first.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createRag } from "../src/rag.js";
import type { SearchMode } from "../src/search/options.js";

const { values } = parseArgs({
  options: {
    pages: { type: "string" },
    questions: { type: "string" },
    db: { type: "string" },
    collection: { type: "string" },
    "top-k": { type: "string" },
    rounds: { type: "string" },
  },
});
if (!values.pages || !values.questions) throw new Error("--pages and --questions are required");
const topK = Number(values["top-k"] ?? 5);
const rounds = Number(values.rounds ?? 3);
const questions = (await readFile(values.questions, "utf8"))
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => (JSON.parse(l) as { question: string }).question);

const rag = await createRag({ url: values.db ?? "file:/tmp/latency.db", ...(values.collection ? { collection: values.collection } : {}) });
await rag.ingest([values.pages]);
const chunks = await rag.collection.count();
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
for (const mode of ["hybrid", "keyword", "vector"] as SearchMode[]) {
  await rag.search(questions[0]!, { mode, topK });
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t0 = performance.now();
      await rag.search(q, { mode, topK });
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    `${mode.padEnd(8)} ${chunks} chunks, topK ${topK}: p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms (${times.length} searches)`,
  );
}
const t0 = performance.now();
const vectors = await rag.embedder.embed([questions[0]!]);
console.log(`one question embedded in ${(performance.now() - t0).toFixed(1)} ms (${vectors[0]!.length}-d)`);
await rag.close();
