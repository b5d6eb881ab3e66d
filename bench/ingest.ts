// Ingest benchmark: end-to-end chunks/s with the offline embedder against a one-text-at-a-time loop,
// re-ingest of an unchanged corpus, and peak memory.
// Usage: npm run bench:ingest -- [--workers auto|0|2] [--full-docs /usr/share/doc/sqlite3] [--skip-naive]
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chunkDocument, createRag, loadFile, openStore, useLiteEmbedder } from "../src/index.js";
import { hashEmbedder } from "../src/testing/index.js";
import { glob } from "tinyglobby";

const { values } = parseArgs({
  options: {
    workers: { type: "string", default: "auto" },
    "full-docs": { type: "string", default: "/usr/share/doc/sqlite3" },
    "skip-naive": { type: "boolean", default: false },
    "naive-limit": { type: "string", default: "300" },
    "skip-pipeline": { type: "boolean", default: false },
  },
});
const workers = values.workers === "auto" ? "auto" : Number(values.workers);
const corpus = "datasets/sqlite-docs";
const dir = mkdtempSync(join(tmpdir(), "bench-ingest-"));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

console.log(`bench:ingest — ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}, use-lite workers=${values.workers}\n`);

// 1. The pipeline, end to end, on the bundled corpus.
const rag = await createRag({ url: `file:${join(dir, "pipeline.db")}`, embedder: useLiteEmbedder({ workers }) });
// Both sides are timed warm: every worker has loaded its model (as the naive loop's embedder has, below).
await rag.embedder.embed(Array.from({ length: rag.embedder.maxBatchSize ?? 1 }, (_, i) => `warm up ${i}`));
let t = performance.now();
const cpuBefore = process.cpuUsage();
const first = await rag.ingest([join(corpus, "pages")], { root: corpus });
const pipelineCpu = process.cpuUsage(cpuBefore);
const pipelineSeconds = (performance.now() - t) / 1000;
const chunks = first.chunks.written;
console.log(
  `pipeline: ${first.documents.added} pages, ${chunks} chunks in ${pipelineSeconds.toFixed(1)} s = ${(chunks / pipelineSeconds).toFixed(1)} chunks/s (embed ${(first.timings.embedMs / 1000).toFixed(1)} s, write ${(first.timings.writeMs / 1000).toFixed(1)} s, load ${(first.timings.loadMs / 1000).toFixed(1)} s); CPU ${((pipelineCpu.user + pipelineCpu.system) / 1e6).toFixed(1)} s on all threads = ${((pipelineCpu.user + pipelineCpu.system) / 1e6 / pipelineSeconds).toFixed(2)} cores busy`,
);

t = performance.now();
const again = await rag.ingest([join(corpus, "pages")], { root: corpus });
console.log(
  `re-ingest unchanged bundled corpus: ${((performance.now() - t) / 1000).toFixed(2)} s, embedded ${again.chunks.embedded}, unchanged ${again.documents.unchanged}`,
);
await rag.close();

// 2. The naive loop, end to end like the pipeline: load a file, chunk it, then one text per embed call and one
// row per write, on an evenly spaced sample of the same pages.
if (!values["skip-naive"]) {
  const limit = Number(values["naive-limit"]);
  const files = (await glob("pages/*.html", { cwd: corpus, absolute: true })).sort();
  const chunking = { size: 448, overlap: 56 };
  const lengths: number[] = [];
  for (const f of files) {
    for (const doc of await loadFile(f, { root: corpus })) {
      for (const c of await chunkDocument(doc, chunking)) lengths.push(c.content.length);
    }
  }
  // Every k-th page, so that the sample's text lengths (which set the model's cost) match the corpus.
  const stride = Math.max(1, Math.floor(lengths.length / limit));
  const sample = files.filter((_, i) => i % stride === 0);
  const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
  const embedder = useLiteEmbedder({ workers: 0, batchSize: 1 });
  await embedder.embed(["warm up"]); // the pipeline's workers load the model inside its timing; this is the fair side
  const store = await openStore({ url: `file:${join(dir, "naive.db")}` });
  const col = await store.collection("naive", { dimensions: 512 });
  const sampleLengths: number[] = [];
  t = performance.now();
  for (const f of sample) {
    for (const doc of await loadFile(f, { root: corpus })) {
      for (const c of await chunkDocument(doc, chunking)) {
        const [vector] = await embedder.embed([c.content]);
        await col.upsert([{ id: `${doc.id}#${c.index}`, content: c.content, vector: vector! }]);
        sampleLengths.push(c.content.length);
      }
    }
  }
  const naiveRate = sampleLengths.length / ((performance.now() - t) / 1000);
  await store.close();
  await embedder.close?.();
  console.log(
    `naive sample: ${sample.length} of ${files.length} pages, ${sampleLengths.length} chunks of mean ${mean(sampleLengths)} characters (corpus mean ${mean(lengths)})`,
  );
  console.log(`naive loop (load, chunk, one text per call, one row per write): ${naiveRate.toFixed(1)} chunks/s`);
  console.log(`pipeline speed-up: ${(chunks / pipelineSeconds / naiveRate).toFixed(2)}×`);
}

// 3. Re-ingesting the full SQLite documentation, unchanged (embedding is not the point: a hash embedder).
if (existsSync(values["full-docs"])) {
  const root = values["full-docs"];
  const full = await createRag({ url: `file:${join(dir, "full.db")}`, embedder: hashEmbedder({ dimensions: 64 }), index: false });
  t = performance.now();
  const r1 = await full.ingest([root], { root });
  const firstSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const r2 = await full.ingest([root], { root });
  const secondSeconds = (performance.now() - t) / 1000;
  await full.close();
  console.log(
    `full docs (${root}): ${r1.documents.added} pages (${r1.documents.failed} failed), ${r1.chunks.written} chunks, first ingest ${firstSeconds.toFixed(1)} s; unchanged re-ingest ${secondSeconds.toFixed(2)} s with ${r2.chunks.embedded} embeddings, ${r2.documents.unchanged} unchanged`,
  );
} else {
  console.log(`full docs: ${values["full-docs"]} not found (apt-get install sqlite3-doc), skipped`);
}
clearInterval(sampler);
console.log(`peak RSS: ${mb(peakRss)}`);
rmSync(dir, { recursive: true, force: true });
