/**
 * Remote vector search over the project's Hrana test server (in a process of its own): partitions ("ivf") against the DiskANN index
 * ("ann") and an exact scan, on synthetic clustered vectors with exact ground truth.
 *
 *   nice node --import tsx bench/remote-ivf.ts --n 20000 [--dim 384] [--queries 100] [--budgets 1000,2000,3000,5000]
 *     [--index default|none] [--lists N] [--data synthetic|docs] [--out bench/results/remote-ivf-20k.json]
 *
 * Reports ingest rows/s (partitions trained automatically as the collection grows, as a user gets them),
 * database bytes, and per row budget: recall@10, rows read per query (explain.rowsRead), p50/p95; then the
 * filtered 1/10/50% results at the default budget (rows returned, exact-k rate, recall, rows read); then what
 * `strategy: "auto"` does (the path the last training's calibration recorded: search/ivf/calibrate.ts), with and
 * without filters.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openStore, type QueryOptions } from "../src/index.js";
import type { CollectionContext } from "../src/db/collection-context.js";
import { calibrateIvf } from "../src/search/ivf/calibrate.js";
import { IVF_SEARCH } from "../src/search/ivf/ivf-path.js";
import { clusteredVectors } from "../src/testing/vectors.js";
import { startHranaProcess } from "./hrana-process.js";
import { metadataFor, percentile, SELECTIVITIES } from "./compare/common.js";
import { cosineScores, makeVectors, topK } from "./compare/data.js";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "20000" },
    dim: { type: "string", default: "384" },
    queries: { type: "string", default: "100" },
    budgets: { type: "string", default: "1000,2000,3000,5000" },
    index: { type: "string", default: "default" },
    lists: { type: "string" },
    clusters: { type: "string", default: "50" },
    data: { type: "string", default: "synthetic" },
    out: { type: "string" },
  },
});
const [n, queries] = [Number(values.n), Number(values.queries)];
// --data docs: the real USE-lite embeddings of bench/docs-embeddings.ts (512-d), held-out chunks as queries.
const docs = values.data === "docs";
const dim = docs ? 512 : Number(values.dim);
const K = 10;
const load0 = loadavg()[0]!;
const clusters = Number(values.clusters);
// 50 clusters is the comparison's data (bench/compare/data.ts); more clusters of fewer rows each no longer line up
// with the lists, which is closer to real embeddings and harder for partitions.
const { vectors, queryVectors } = docs
  ? makeVectors({ kind: "docs", n, dim }, queries)
  : clusters === 50
    ? makeVectors({ kind: "synthetic", n, dim }, queries)
    : (() => {
        const all = clusteredVectors(n + queries, dim, { seed: 11, clusters }).vectors;
        const pack = (rows: Float32Array[]) => {
          const out = new Float32Array(rows.length * dim);
          rows.forEach((r, i) => out.set(r, i * dim));
          return out;
        };
        return { vectors: pack(all.slice(0, n)), queryVectors: pack(all.slice(n)) };
      })();
const q = (i: number) => queryVectors.subarray(i * dim, (i + 1) * dim);
const truthAll: number[][] = [];
const truthBy: Record<string, number[][]> = { s1: [], s10: [], s50: [] };
for (let i = 0; i < queries; i++) {
  const scores = cosineScores(vectors, dim, q(i));
  truthAll.push(topK(scores, K));
  for (const s of SELECTIVITIES) truthBy[s.field]!.push(topK(scores, K, (r) => r % s.modulo === 0));
}

const dir = mkdtempSync(join(tmpdir(), "remote-ivf-"));
const dbPath = join(dir, "remote.db");
const server = await startHranaProcess(dbPath);
const store = await openStore({ url: server.url });
const ivf = values.lists ? { lists: Number(values.lists) } : true;
const col = await store.collection("bench", { dimensions: dim, ivf, ...(values.index === "none" ? { index: false as const } : {}) });
const t0 = performance.now();
for (let s = 0; s < n; s += 1000) {
  const records = [];
  for (let i = s; i < Math.min(n, s + 1000); i++)
    records.push({ id: String(i), content: `row ${i}`, metadata: metadataFor(i), vector: vectors.subarray(i * dim, (i + 1) * dim) });
  await col.upsert(records);
  process.stderr.write(`\r  ingest ${Math.min(n, s + 1000)}/${n}`);
}
const ingestSeconds = (performance.now() - t0) / 1000;
await store.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
const bytes = ["", "-wal"].reduce((sum, suffix) => sum + (statSync(dbPath + suffix, { throwIfNoEntry: false })?.size ?? 0), 0);
process.stderr.write(`\n  ${Math.round(n / ingestSeconds)} rows/s, ${(bytes / (n * dim * 4)).toFixed(2)}× raw bytes\n`);

interface Phase {
  recallAt10: number;
  rowsReadPerQuery: number;
  p50Ms: number;
  p95Ms: number;
  returnedAvg: number;
  exactKRate: number;
  paths: Record<string, number>;
}
async function phase(options: Partial<QueryOptions>, truth: number[][], expected: number, count = queries): Promise<Phase> {
  await col.query({ vector: q(0), topK: K, ...options });
  const times: number[] = [];
  let hits = 0,
    read = 0,
    returned = 0,
    exactK = 0;
  const paths: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const res = await col.query({ vector: q(i), topK: K, ...options });
    times.push(performance.now() - t);
    const want = new Set(truth[i]);
    hits += res.filter((r) => want.has(Number(r.id))).length;
    read += res.explain.rowsRead ?? 0;
    returned += res.length;
    if (res.length === expected) exactK += 1;
    const path = res.explain.vectorPath ?? "?";
    paths[path] = (paths[path] ?? 0) + 1;
  }
  const r = (x: number, d = 3) => Number(x.toFixed(d));
  return {
    recallAt10: r(hits / (count * expected), 4),
    rowsReadPerQuery: Math.round(read / count),
    p50Ms: r(percentile(times, 50)),
    p95Ms: r(percentile(times, 95)),
    returnedAvg: r(returned / count, 2),
    exactKRate: r(exactK / count),
    paths,
  };
}

const result: Record<string, unknown> = {
  n,
  dim,
  clusters,
  queries,
  index: values.index,
  ivf,
  ingestRowsPerSec: Math.round(n / ingestSeconds),
  dbBytes: bytes,
  bytesTimesRaw: Number((bytes / (n * dim * 4)).toFixed(2)),
  lists: Number(
    (await col.query({ vector: q(0), topK: K, strategy: "ivf" })).explain.notes
      .find((s) => s.startsWith("partitions"))
      ?.split(" of ")[1]
      ?.split(" ")[0],
  ),
  budgets: {} as Record<string, Phase>,
};
for (const b of values.budgets.split(",").map(Number)) {
  (IVF_SEARCH as { rows: number }).rows = b;
  const p = await phase({ strategy: "ivf" }, truthAll, K);
  (result.budgets as Record<string, Phase>)[b] = p;
  process.stderr.write(`  budget ${b}: recall ${p.recallAt10}, rows read ${p.rowsReadPerQuery}, p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms\n`);
}
(IVF_SEARCH as { rows: number }).rows = 3000;
if (values.index !== "none") {
  const ann = await phase({ strategy: "ann" }, truthAll, K);
  result.ann = ann;
  process.stderr.write(`  ann: recall ${ann.recallAt10}, rows read ${ann.rowsReadPerQuery}, p50 ${ann.p50Ms} ms, p95 ${ann.p95Ms} ms\n`);
}
result.exact = await phase({ strategy: "exact" }, truthAll, K, Math.min(queries, 20));
const registry = await store.client.execute("SELECT json_extract(ivf_options, '$.calibration') AS c FROM rag_collections WHERE name = 'bench'");
result.calibration = JSON.parse(String(registry.rows[0]?.c ?? "null"));
process.stderr.write(`  calibration: ${JSON.stringify(result.calibration)}\n`);
const auto = await phase({}, truthAll, K);
result.auto = auto;
process.stderr.write(
  `  auto: recall ${auto.recallAt10}, rows read ${auto.rowsReadPerQuery}, p50 ${auto.p50Ms} ms, p95 ${auto.p95Ms} ms ${JSON.stringify(auto.paths)}\n`,
);
result.filtered = {} as Record<string, Phase>;
for (const s of SELECTIVITIES) {
  const p = await phase({ filter: { [s.field]: true } }, truthBy[s.field]!, Math.min(K, Math.ceil(n / s.modulo)));
  (result.filtered as Record<string, Phase>)[s.selectivity] = p;
  process.stderr.write(
    `  filter ${s.selectivity}: recall ${p.recallAt10}, exact-k ${p.exactKRate}, rows read ${p.rowsReadPerQuery}, p50 ${p.p50Ms} ms ${JSON.stringify(p.paths)}\n`,
  );
}
// What a calibration costs at this size (the last automatic one ran at the last training, on fewer rows).
const c0 = performance.now();
const recalibrated = await calibrateIvf(col as unknown as CollectionContext, n, n);
result.calibrationAtN = { ...recalibrated, ms: Math.round(performance.now() - c0) };
process.stderr.write(`  calibration at ${n} rows: ${JSON.stringify(result.calibrationAtN)}\n`);
result.loadAvg = { start: load0, end: loadavg()[0] };
console.log(JSON.stringify(result, null, 2));
if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
await store.close();
await server.close();
rmSync(dir, { recursive: true, force: true });
