// Search benchmark: strategies × selectivity × data size, against exact ground truth.
// Usage: npm run bench:search -- [--sizes 10000,100000] [--queries 100] [--no-fiori] [--rebuild] [--no-scan-cache]
// Databases are cached in .bench-cache/ so re-runs measure queries only.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openStore, type Collection, type Filter, type SearchStrategy, type VectorIndexOptions } from "../src/index.js";
import { clusteredVectors, seededRandom } from "../src/testing/vectors.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    queries: { type: "string", default: "100" },
    "no-fiori": { type: "boolean", default: false },
    rebuild: { type: "boolean", default: false },
    strategies: { type: "string", default: "ann,exact,auto" },
    indexed: { type: "boolean", default: false },
    index: { type: "string" },
    "no-scan-cache": { type: "boolean", default: false },
  },
});
const sizes = values.sizes.split(",").map(Number);
const queryCount = Number(values.queries);
const strategies = values.strategies.split(",") as SearchStrategy[];
const K = 10;
const CACHE = ".bench-cache";
mkdirSync(CACHE, { recursive: true });

interface Dataset {
  name: string;
  vectors: Float32Array[];
  queries: Float32Array[];
}

function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  return v.map((x) => x / n);
}

function fiori(): Dataset {
  const dir = join("node_modules", "@sap-ux", "fiori-docs-embeddings", "data", "embeddings");
  const buf = readFileSync(join(dir, "embeddings.bin"));
  const dim = 384;
  const n = buf.byteLength / 4 / dim;
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const vectors = Array.from({ length: n }, (_, i) => all.slice(i * dim, (i + 1) * dim));
  const rand = seededRandom(3);
  const queries = Array.from({ length: queryCount }, () => {
    const base = vectors[Math.floor(rand() * n)]!;
    return normalize(base.map((x) => x + (rand() - 0.5) * 0.08));
  });
  return { name: `fiori MiniLM ${n}×${dim}`, vectors, queries };
}

function synthetic(n: number, dim: number): Dataset {
  // Queries are held-out points of the same distribution (same cluster centres), as real queries resemble the corpus.
  const all = clusteredVectors(n + queryCount, dim, { seed: 11 }).vectors;
  return { name: `synthetic ${n}×${dim}`, vectors: all.slice(0, n), queries: all.slice(n) };
}

const flags = (i: number) => ({ s1: i % 100 === 0, s10: i % 10 === 0, s50: i % 2 === 0 });
const selectivities: [string, ((i: number) => boolean) | undefined, Filter | undefined][] = [
  ["100%", undefined, undefined],
  ["50%", (i) => i % 2 === 0, { s50: true }],
  ["10%", (i) => i % 10 === 0, { s10: true }],
  ["1%", (i) => i % 100 === 0, { s1: true }],
];

function truth(ds: Dataset, q: Float32Array, keep?: (i: number) => boolean): Set<number> {
  const scored: [number, number][] = [];
  ds.vectors.forEach((v, i) => {
    if (keep && !keep(i)) return;
    let dot = 0;
    for (let j = 0; j < v.length; j++) dot += v[j]! * q[j]!;
    scored.push([dot, i]);
  });
  scored.sort((a, b) => b[0] - a[0]);
  return new Set(scored.slice(0, K).map((s) => s[1]));
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function build(ds: Dataset, file: string): Promise<{ col: Collection; close: () => Promise<void>; ingestRowsPerSec?: number }> {
  const fresh = values.rebuild || !existsSync(file);
  const store = await openStore({ url: `file:${file}`, scanCache: !values["no-scan-cache"] });
  if (fresh) await store.dropCollection("bench");
  const col = await store.collection("bench", {
    dimensions: ds.vectors[0]!.length,
    ...(values.indexed ? { indexedFields: ["s1", "s10", "s50"] } : {}),
    ...(values.index ? { index: JSON.parse(values.index) as VectorIndexOptions } : {}),
  });
  let ingestRowsPerSec: number | undefined;
  if ((await col.count()) !== ds.vectors.length) {
    const start = performance.now();
    for (let i = 0; i < ds.vectors.length; i += 1000) {
      await col.upsert(ds.vectors.slice(i, i + 1000).map((vector, j) => ({ id: String(i + j).padStart(7, "0"), content: "", metadata: flags(i + j), vector })));
      process.stderr.write(`\r  building ${ds.name}: ${Math.min(i + 1000, ds.vectors.length)}/${ds.vectors.length}`);
    }
    ingestRowsPerSec = ds.vectors.length / ((performance.now() - start) / 1000);
    process.stderr.write(`  ${Math.round(ingestRowsPerSec)} rows/s\n`);
  }
  return { col, close: () => store.close(), ...(ingestRowsPerSec ? { ingestRowsPerSec } : {}) };
}

const results: Record<string, unknown>[] = [];
const variant = (values.index ? `-${values.index.replace(/[^a-z0-9]+/gi, "_")}` : "") + (values.indexed ? "-indexed" : "");
const datasets: (() => Dataset)[] = [...sizes.map((n) => () => synthetic(n, 384)), ...(values["no-fiori"] ? [] : [fiori])];
console.log(
  `bench:search — k=${K}, ${queryCount} queries, ${cpus().length} cores (${cpus()[0]?.model}), ${values.index ? `index ${values.index}` : "default collection options"}${values.indexed ? " + indexedFields [s1, s10, s50]" : ""}, scan cache ${values["no-scan-cache"] ? "off" : "on"}\n`,
);
console.log("| data | selectivity | strategy | p50 ms | p95 ms | recall@10 | rows returned (avg / expected) | exact-k | paths |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const make of datasets) {
  const ds = make();
  const file = join(CACHE, `search-${ds.name.replace(/[^a-z0-9]+/gi, "_")}${variant}.db`);
  const { col, close } = await build(ds, file);
  const ids = (id: string) => Number(id);
  if (!values["no-scan-cache"]) {
    // The first "auto" query loads the scan cache; report that cost on its own.
    const t = performance.now();
    const first = await col.query({ vector: ds.queries[0]!, topK: K });
    const loadMs = performance.now() - t;
    const state = (await col.stats()).scanCache;
    console.log(
      `| ${ds.name} | (first query: scan cache load) | auto | ${loadMs.toFixed(0)} | | | | | ${first.explain.vectorPath}; ${state?.rows ?? 0} rows, ${((state?.bytes ?? 0) / 2 ** 20).toFixed(1)} MiB |`,
    );
    results.push({ data: ds.name, n: ds.vectors.length, dim: ds.vectors[0]!.length, scanCacheLoadMs: +loadMs.toFixed(1), scanCacheBytes: state?.bytes ?? 0 });
  }
  for (const [label, keep, filter] of selectivities) {
    const matches = keep ? ds.vectors.filter((_, i) => keep(i)).length : ds.vectors.length;
    const truths = ds.queries.map((q) => truth(ds, q, keep));
    for (const strategy of strategies) {
      const lat: number[] = [];
      let hit = 0,
        total = 0,
        returned = 0,
        exactK = 0;
      const paths = new Map<string, number>();
      // One warm-up query so page cache effects do not land on the first measurement.
      await col.query({ vector: ds.queries[0]!, topK: K, strategy, ...(filter ? { filter } : {}) });
      for (const [qi, q] of ds.queries.entries()) {
        const t = performance.now();
        const res = await col.query({ vector: q, topK: K, strategy, ...(filter ? { filter } : {}) });
        lat.push(performance.now() - t);
        returned += res.length;
        if (res.length === Math.min(K, matches)) exactK += 1;
        const tr = truths[qi]!;
        hit += res.filter((r) => tr.has(ids(r.id))).length;
        total += tr.size;
        const p = res.explain.vectorPath ?? "?";
        paths.set(p, (paths.get(p) ?? 0) + 1);
      }
      const row = {
        data: ds.name,
        n: ds.vectors.length,
        dim: ds.vectors[0]!.length,
        selectivity: label,
        strategy,
        p50Ms: +pct(lat, 50).toFixed(2),
        p95Ms: +pct(lat, 95).toFixed(2),
        recallAt10: +(hit / total).toFixed(4),
        returnedAvg: +(returned / ds.queries.length).toFixed(2),
        expected: Math.min(K, matches),
        exactKRate: exactK / ds.queries.length,
        paths: Object.fromEntries(paths),
      };
      results.push(row);
      console.log(
        `| ${row.data} | ${label} | ${strategy} | ${row.p50Ms} | ${row.p95Ms} | ${row.recallAt10} | ${row.returnedAvg} / ${row.expected} | ${(row.exactKRate * 100).toFixed(0)}% | ${[...paths].map(([k, v]) => `${k}:${v}`).join(" ")} |`,
      );
    }
  }
  await close();
}
mkdirSync("bench/results", { recursive: true });
writeFileSync(
  `bench/results/search-latest${variant}${values["no-scan-cache"] ? "-no-scan-cache" : ""}.json`,
  `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, results }, null, 2)}\n`,
);
