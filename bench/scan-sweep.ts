// The scan cache's two passes, measured. For each data set: candidate recall@10 — the share of the exact top 10
// among the rows a stage keeps, which bounds the scan path's recall@10 since SQL re-ranks the candidates exactly —
// and the in-process time per query, for
//   - the full int8 pass (every row scored by its int8 codes, the best R kept), and
//   - the 1-bit pass (every row's 1-bit codes by Hamming distance, the best C kept: "1-bit C") followed by int8
//     rescoring of those C and the best 40 kept ("→ int8 40", what the planner re-ranks in SQL for topK 10).
// Justifies PLANNER.scanOverfetch / scanMinCandidates and the scan cache's shortlist (docs/benchmarks.md).
// Usage: npx tsx bench/scan-sweep.ts [--queries 100] [--data 100000x384,1000000x384,docs,10000x768,fiori,corpus]
//   [--shortlists 250,500,1000,2000,4000] [--binarise mid,mean] [--out bench/results/scan-sweep.json]
// "docs" is the 121k USE-lite documentation set (bench/docs-embeddings.ts); "corpus" the bundled SQLite docs
// embedded by the offline model, read from a database made by `npm run demo` (rag.db), if present.
import { existsSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createClient } from "@libsql/client";
import { instantiateKernel } from "../src/search/scan-cache/kernel.js";
import type { Binarisation } from "../src/search/scan-cache/codebook.js";
import { QuantizedRows } from "../src/search/scan-cache/quantized-rows.js";
import { decodeF32 } from "../src/db/vector.js";
import { makeVectors } from "./compare/data.js";

const { values } = parseArgs({
  options: {
    queries: { type: "string", default: "100" },
    data: { type: "string", default: "100000x384,10000x768,10000x1536,fiori,corpus" },
    counts: { type: "string", default: "10,20,40,80,160" },
    shortlists: { type: "string", default: "250,500,1000,2000,4000" },
    binarise: { type: "string", default: "mid" },
    out: { type: "string" },
  },
});
const Q = Number(values.queries);
const K = 10;
const R = 40;
const counts = values.counts.split(",").map(Number);
const shortlists = values.shortlists.split(",").map(Number);

interface Set {
  label: string;
  dim: number;
  packed: Float32Array;
  n: number;
  queries: Float32Array[];
}

function rowsOf(packed: Float32Array, dim: number): Float32Array[] {
  return Array.from({ length: packed.length / dim }, (_, i) => packed.subarray(i * dim, (i + 1) * dim));
}

async function corpus(): Promise<Set | undefined> {
  if (!existsSync("rag.db")) return undefined;
  const client = createClient({ url: "file:rag.db" });
  try {
    const reg = await client.execute("SELECT table_name, dimensions FROM rag_collections ORDER BY name LIMIT 1");
    if (reg.rows.length === 0) return undefined;
    const rs = await client.execute(`SELECT embedding FROM "${String(reg.rows[0]!.table_name)}" ORDER BY rid`);
    const all = rs.rows.map((r) => decodeF32(r.embedding));
    const dim = all[0]!.length;
    // Every 20th chunk is held out as a query (a chunk asks for its neighbours, as a related question would).
    const rows = all.filter((_, i) => i % 20 !== 0);
    const packed = new Float32Array(rows.length * dim);
    rows.forEach((r, i) => packed.set(r, i * dim));
    return { label: `SQLite docs, USE lite ${rows.length}×${dim}`, dim, packed, n: rows.length, queries: all.filter((_, i) => i % 20 === 0).slice(0, Q) };
  } finally {
    client.close();
  }
}

/** The exact cosine top K, by a heap-free insertion pass over the packed rows. */
function exactTop(set: Set, norms: Float32Array, q: Float32Array): number[] {
  const { packed, dim, n } = set;
  const best: number[] = [];
  const bestScore: number[] = [];
  for (let i = 0; i < n; i++) {
    let dot = 0;
    const o = i * dim;
    for (let j = 0; j < dim; j++) dot += packed[o + j]! * q[j]!;
    const s = dot * norms[i]!;
    if (best.length === K && s <= bestScore[K - 1]!) continue;
    let p = best.length === K ? K - 1 : best.length;
    while (p > 0 && bestScore[p - 1]! < s) {
      best[p] = best[p - 1]!;
      bestScore[p] = bestScore[p - 1]!;
      p--;
    }
    best[p] = i;
    bestScore[p] = s;
  }
  return best;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function timed(queries: Float32Array[], f: (q: Float32Array) => number[]): { results: number[][]; p50: number; p95: number } {
  for (const q of queries.slice(0, 3)) f(q); // warm up
  const times: number[] = [];
  const results = queries.map((q) => {
    const t = performance.now();
    const r = f(q);
    times.push(performance.now() - t);
    return r;
  });
  return { results, p50: pct(times, 50), p95: pct(times, 95) };
}

const recallOf = (truths: number[][], results: number[][]) => {
  let hits = 0;
  truths.forEach((truth, qi) => {
    const got = new Set(results[qi]);
    hits += truth.filter((i) => got.has(i)).length;
  });
  return hits / (truths.length * K);
};

const load = () => loadavg()[0]!.toFixed(2);
console.log(`scan-sweep — candidate recall@10 of the scan cache's passes, ${Q} queries, ${cpus().length} cores (${cpus()[0]?.model}), load ${load()}\n`);
const report: Record<string, unknown>[] = [];
for (const spec of values.data.split(",")) {
  let set: Set | undefined;
  if (spec === "corpus") set = await corpus();
  else {
    const m = /^(\d+)x(\d+)$/.exec(spec);
    const ds =
      spec === "fiori"
        ? { kind: "fiori" as const, n: 778, dim: 384 }
        : spec === "docs"
          ? { kind: "docs" as const, n: 0, dim: 512 }
          : { kind: "synthetic" as const, n: Number(m![1]), dim: Number(m![2]) };
    const made = makeVectors(ds, Q);
    const dim = made.vectors.length / made.n;
    set = { label: `${made.data} ${made.n}×${dim}`, dim, packed: made.vectors, n: made.n, queries: rowsOf(made.queryVectors, dim) };
  }
  if (!set) {
    console.log(`${spec}: no rag.db (run npm run demo first)\n`);
    continue;
  }
  const rows = rowsOf(set.packed, set.dim);
  const norms = Float32Array.from(rows, (v) => {
    let s = 0;
    for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
    return s > 0 ? 1 / Math.sqrt(s) : 0;
  });
  let t = performance.now();
  const truths = set.queries.map((q) => exactTop(set!, norms, q));
  console.log(`${set.label}: exact top ${K} of ${set.queries.length} queries in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  for (const binarisation of values.binarise.split(",") as Binarisation[]) {
    const kernel = instantiateKernel()!;
    const sample = rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / 2048)) === 0);
    const cache = QuantizedRows.fit(kernel, set.dim, "cosine", sample, 2 ** 32, binarisation);
    t = performance.now();
    cache.reserve(rows.length);
    rows.forEach((v, i) => cache.put(i, v, { id: "", documentId: null, metadata: {} }, 0));
    const loadMs = performance.now() - t;
    const full = counts.map((count) =>
      recallOf(
        truths,
        set!.queries.map((q) => cache.candidates(q, count)),
      ),
    );
    const fullTimed = timed(set.queries, (q) => cache.candidates(q, R));
    const entry: Record<string, unknown> = {
      data: set.label,
      rows: rows.length,
      dim: set.dim,
      binarisation,
      load: load(),
      cacheBytes: cache.bytes,
      wasmBytes: kernel.memory.buffer.byteLength,
      loadMs: Math.round(loadMs),
      int8: { recallAt: Object.fromEntries(counts.map((c, i) => [c, full[i]])), p50Ms: fullTimed.p50, p95Ms: fullTimed.p95 },
      oneBit: [] as unknown[],
    };
    console.log(
      `\n${set.label}, 1-bit cut "${binarisation}", load ${load()}; cache ${(cache.bytes / 2 ** 20).toFixed(1)} MiB, ` +
        `WebAssembly memory ${(kernel.memory.buffer.byteLength / 2 ** 20).toFixed(1)} MiB, filled in ${(loadMs / 1000).toFixed(1)} s`,
    );
    console.log(`| pass | candidate recall@10 after 1-bit | after int8 (best ${R}) | p50 ms | p95 ms |`);
    console.log(`|---|---|---|---|---|`);
    console.log(
      `| full int8 (R=${counts.join("/")}: ${full.map((r) => r.toFixed(3)).join(" / ")}) | | ${full[counts.indexOf(R)]?.toFixed(3) ?? "?"} | ${fullTimed.p50.toFixed(2)} | ${fullTimed.p95.toFixed(2)} |`,
    );
    for (const c of shortlists) {
      if (c >= rows.length) continue;
      const stage1 = recallOf(
        truths,
        set.queries.map((q) => cache.shortlist(q, c)),
      );
      const two = timed(set.queries, (q) => cache.candidates(q, R, undefined, c));
      const stage2 = recallOf(truths, two.results);
      (entry.oneBit as unknown[]).push({ shortlist: c, recallAfter1bit: stage1, recallAfterInt8: stage2, p50Ms: two.p50, p95Ms: two.p95, load: load() });
      console.log(`| 1-bit C=${c} → int8 ${R} | ${stage1.toFixed(3)} | ${stage2.toFixed(3)} | ${two.p50.toFixed(2)} | ${two.p95.toFixed(2)} |`);
    }
    report.push(entry);
  }
  console.log("");
}
if (values.out)
  writeFileSync(
    values.out,
    `${JSON.stringify({ date: new Date().toISOString(), queries: Q, cores: cpus().length, cpu: cpus()[0]?.model, results: report }, null, 2)}\n`,
  );
