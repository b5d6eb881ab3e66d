/**
 * Sweep of libsql-rag's vector index options, and of the planner's exact-vs-ann crossover.
 *
 *   npx tsx bench/compare/sweep.ts [--n 10000] [--dim 384] [--queries 100] [--configs default,float8,...]
 *   npx tsx bench/compare/sweep.ts --planner [--sizes 1000,2000,4000,8000,16000,32000,64000]
 *   npx tsx bench/compare/sweep.ts --report      # tables of the saved results, for docs/benchmarks.md
 *
 * Index sweep: one option at a time around the default, plus a few combinations. Every config is built in
 * its own child process on the same data, batches of 1000 rows. For each: ingest rows/s, DB bytes against raw
 * vector bytes (and the vector index's share), unfiltered recall@10 and p50/p95 with the default strategy
 * ("auto") and with "ann", the recall of the index alone (`vector_top_k` k=10, no exact re-rank), and with
 * "auto" at 1%, 10% and 50% filters the rows returned out of k. Writes bench/results/sweep-<n>x<dim>.json.
 *
 * Planner: one default collection grown to each size; at every size and filter selectivity, "exact" and
 * "ann" (which finishes with an exact scan when the index comes up short) against exact ground truth, and
 * what "auto" picks. Writes bench/results/planner.json. PLANNER's thresholds are `as const`, so this
 * measures the crossover rather than mutating them.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { defaultIndexOptions, openStore, type Collection, type Filter, type SearchStrategy, type VectorIndexOptions } from "../../src/index.js";
import { PLANNER } from "../../src/search/planner.js";
import { tablesFor } from "../../src/db/ddl.js";
import { K, SELECTIVITIES, fileBytes, loadDataset, metadataFor, percentile, row } from "./common.js";
import { cosineScores, makeVectors, topK, writeDataset } from "./data.js";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "10000" },
    dim: { type: "string", default: "384" },
    queries: { type: "string", default: "100" },
    configs: { type: "string" },
    planner: { type: "boolean", default: false },
    report: { type: "boolean", default: false },
    sizes: { type: "string", default: "1000,2000,4000,8000,16000,32000,64000" },
    "planner-queries": { type: "string", default: "50" },
    /** Index sweep: also measure the built graph at these engine search_l values. */
    "search-ls": { type: "string", default: "" },
    /** Planner: a config name or JSON index options for its collection (default: defaultIndexOptions()). */
    index: { type: "string", default: "default" },
    // Child mode.
    child: { type: "boolean", default: false },
    data: { type: "string" },
    config: { type: "string" },
    out: { type: "string" },
    db: { type: "string" },
  },
});

/** Named index configs; `undefined` is defaultIndexOptions(). */
const CONFIGS: Record<string, VectorIndexOptions | undefined> = {
  default: undefined,
  float8: { compressNeighbors: "float8" },
  float16: { compressNeighbors: "float16" },
  float32: { compressNeighbors: "float32" },
  mn16: { compressNeighbors: "float1bit", maxNeighbors: 16 },
  mn32: { compressNeighbors: "float1bit", maxNeighbors: 32 },
  mn36: { compressNeighbors: "float1bit", maxNeighbors: 36 },
  mn40: { compressNeighbors: "float1bit", maxNeighbors: 40 },
  mn48: { compressNeighbors: "float1bit", maxNeighbors: 48 },
  mn50: { compressNeighbors: "float1bit", maxNeighbors: 50 },
  mn56: { compressNeighbors: "float1bit", maxNeighbors: 56 },
  mn64: { compressNeighbors: "float1bit", maxNeighbors: 64 },
  mn72: { compressNeighbors: "float1bit", maxNeighbors: 72 },
  mn80: { compressNeighbors: "float1bit", maxNeighbors: 80 },
  mn96: { compressNeighbors: "float1bit", maxNeighbors: 96 },
  sl100: { compressNeighbors: "float1bit", searchL: 100 },
  sl400: { compressNeighbors: "float1bit", searchL: 400 },
  il140: { compressNeighbors: "float1bit", insertL: 140 },
  a14: { compressNeighbors: "float1bit", alpha: 1.4 },
  "mn32+sl400": { compressNeighbors: "float1bit", maxNeighbors: 32, searchL: 400 },
  "mn64+sl400": { compressNeighbors: "float1bit", maxNeighbors: 64, searchL: 400 },
  "mn80+sl400": { compressNeighbors: "float1bit", maxNeighbors: 80, searchL: 400 },
  "il140+sl400": { compressNeighbors: "float1bit", insertL: 140, searchL: 400 },
  "mn32+il140+sl400": { compressNeighbors: "float1bit", maxNeighbors: 32, insertL: 140, searchL: 400 },
  "float8+mn32": { compressNeighbors: "float8", maxNeighbors: 32 },
};

export interface SweepResult {
  config: string;
  index: VectorIndexOptions | "default";
  n: number;
  dim: number;
  data: string;
  ingestRowsPerSec: number;
  /** Rows per second of this process's CPU time, steadier than wall time on a shared machine. */
  ingestRowsPerCpuSec: number;
  dbBytes: number;
  rawVectorBytes: number;
  vectorIndexBytes: number | null;
  auto: { p50Ms: number; p95Ms: number; recallAt10: number };
  ann: { p50Ms: number; p95Ms: number; recallAt10: number };
  /** `vector_top_k(idx, q, 10)` alone: what the graph finds before libsql-rag re-ranks searchL candidates. */
  indexOnlyRecallAt10: number;
  /** p50 of that bare `vector_top_k` k=10 query (older results lack it). */
  indexOnlyP50Ms?: number;
  /**
   * The same bare query on the same graph with the engine's search_l set to each value (bench-only: the
   * search_l stored in libsql_vector_meta_shadow is patched), to separate graph quality from search effort.
   */
  searchLCurve?: { searchL: number; recallAt10: number; p50Ms: number }[];
  filtered: { selectivity: number; expected: number; returnedAvg: number; exactKRate: number; recallAt10: number; p50Ms: number }[];
  loadAvg: { start: number; end: number };
  seconds: number;
}

const round = (x: number, d = 4) => Number(x.toFixed(d));

async function timeQueries(count: number, run: (q: number) => Promise<number[]>, truth: number[][], expected: number) {
  await run(0);
  const lat: number[] = [];
  let hits = 0,
    wanted = 0,
    returned = 0,
    exactK = 0;
  for (let q = 0; q < count; q++) {
    const t = performance.now();
    const ids = await run(q);
    lat.push(performance.now() - t);
    const want = new Set(truth[q]);
    hits += ids.filter((id) => want.has(id)).length;
    wanted += want.size;
    returned += ids.length;
    if (ids.length === expected) exactK++;
  }
  return {
    p50Ms: round(percentile(lat, 50), 3),
    p95Ms: round(percentile(lat, 95), 3),
    recallAt10: round(hits / wanted),
    returnedAvg: round(returned / count, 2),
    exactKRate: round(exactK / count, 3),
  };
}

async function sweepChild(): Promise<void> {
  const started = performance.now();
  const load0 = loadavg()[0]!;
  const ds = loadDataset(values.data!);
  const name = values.config!;
  // "d+il35": the default options for this dimension with insertL 35 (and so on for d+ilN).
  const derived = /^d\+il(\d+)$/.exec(name);
  const index = derived
    ? { ...defaultIndexOptions("cosine", ds.dim), insertL: Number(derived[1]) }
    : (CONFIGS[name] ?? (name.startsWith("{") ? (JSON.parse(name) as VectorIndexOptions) : undefined));
  if (!(name in CONFIGS) && index === undefined) throw new Error(`unknown config ${name}`);
  const db = values.db!;
  const store = await openStore({ url: `file:${db}` });
  const col: Collection = await store.collection("bench", { dimensions: ds.dim, ...(index ? { index } : {}) });
  const label = `sweep ${name} ${ds.n}×${ds.dim}`;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let start = 0; start < ds.n; start += 1000) {
    const end = Math.min(ds.n, start + 1000);
    const records = [];
    for (let i = start; i < end; i++) records.push({ id: String(i), content: `row ${i}`, metadata: metadataFor(i), vector: row(ds.vectors, ds.dim, i) });
    await col.upsert(records);
    process.stderr.write(`\r  ${label}: ingest ${end}/${ds.n}`);
  }
  const ingestRowsPerSec = round(ds.n / ((performance.now() - t0) / 1000), 1);
  const cpu = process.cpuUsage(cpu0);
  const ingestRowsPerCpuSec = round(ds.n / ((cpu.user + cpu.system) / 1e6), 1);
  process.stderr.write(`  ${Math.round(ingestRowsPerSec)} rows/s (${Math.round(ingestRowsPerCpuSec)} per CPU-second)\n`);
  await store.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  const dbBytes = fileBytes(db);
  const stats = await col.stats();

  const qv = (q: number) => row(ds.queryVectors, ds.dim, q);
  const byStrategy = (strategy: SearchStrategy, filter?: Filter) => async (q: number) =>
    (await col.query({ vector: qv(q), topK: K, strategy, ...(filter ? { filter } : {}) })).map((r) => Number(r.id));
  const auto = await timeQueries(ds.queries, byStrategy("auto"), ds.truth.all, K);
  const ann = await timeQueries(ds.queries, byStrategy("ann"), ds.truth.all, K);

  const base = (await store.client.execute({ sql: "SELECT table_name FROM rag_collections WHERE name = ?", args: ["bench"] })).rows[0]!.table_name as string;
  const t = tablesFor(base);
  // A bare `vector_top_k` k=10 query: what the graph finds before libsql-rag re-ranks its candidates.
  const bareTopK = async (q: number) => {
    const v = qv(q);
    const rs = await store.client.execute({
      sql: `SELECT c.id FROM vector_top_k(?, vector32(?), ${K}) AS v JOIN "${t.chunks}" AS c ON c.rid = v.id`,
      args: [t.vectorIndex, new Uint8Array(v.buffer, v.byteOffset, v.byteLength)],
    });
    return rs.rows.map((r) => Number(r.id));
  };
  const indexOnly = await timeQueries(ds.queries, bareTopK, ds.truth.all, K);

  // search_l only steers the search, so one graph can be measured at several values by patching the
  // parameter record (1-byte tag 9 + u64 little-endian) that libSQL keeps for the index.
  const searchLCurve: NonNullable<SweepResult["searchLCurve"]> = [];
  const searchLs = values["search-ls"] ? values["search-ls"].split(",").map(Number) : [];
  const setSearchL = async (l: number) => {
    const rs = await store.client.execute({ sql: "SELECT metadata FROM libsql_vector_meta_shadow WHERE name = ?", args: [t.vectorIndex] });
    const blob = new Uint8Array(rs.rows[0]!.metadata as ArrayBuffer);
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    let found = false;
    for (let o = 0; o + 9 <= blob.length; o += 9) {
      if (blob[o] === 9) {
        view.setBigUint64(o + 1, BigInt(l), true);
        found = true;
      }
    }
    if (!found) throw new Error("search_l record not found in the index parameters");
    await store.client.execute({ sql: "UPDATE libsql_vector_meta_shadow SET metadata = ? WHERE name = ?", args: [blob, t.vectorIndex] });
  };
  for (const l of searchLs) {
    await setSearchL(l);
    const m = await timeQueries(ds.queries, bareTopK, ds.truth.all, K);
    searchLCurve.push({ searchL: l, recallAt10: m.recallAt10, p50Ms: m.p50Ms });
    process.stderr.write(`  ${label}: search_l ${l}: index-only recall ${m.recallAt10}, p50 ${m.p50Ms} ms\n`);
  }
  if (searchLs.length > 0) await setSearchL(index && index.searchL !== undefined ? index.searchL : 200);

  const filtered: SweepResult["filtered"] = [];
  for (const s of SELECTIVITIES) {
    const expected = Math.min(K, Math.ceil(ds.n / s.modulo));
    const m = await timeQueries(ds.queries, byStrategy("auto", { [s.field]: true }), ds.truth[s.field], expected);
    filtered.push({ selectivity: s.selectivity, expected, returnedAvg: m.returnedAvg, exactKRate: m.exactKRate, recallAt10: m.recallAt10, p50Ms: m.p50Ms });
  }
  await store.close();
  const result: SweepResult = {
    config: name,
    index: index ?? "default",
    n: ds.n,
    dim: ds.dim,
    data: ds.data,
    ingestRowsPerSec,
    ingestRowsPerCpuSec,
    dbBytes,
    rawVectorBytes: ds.n * ds.dim * 4,
    vectorIndexBytes: stats.bytesBy?.vectorIndex ?? null,
    auto: { p50Ms: auto.p50Ms, p95Ms: auto.p95Ms, recallAt10: auto.recallAt10 },
    ann: { p50Ms: ann.p50Ms, p95Ms: ann.p95Ms, recallAt10: ann.recallAt10 },
    indexOnlyRecallAt10: indexOnly.recallAt10,
    indexOnlyP50Ms: indexOnly.p50Ms,
    ...(searchLCurve.length > 0 ? { searchLCurve } : {}),
    filtered,
    loadAvg: { start: round(load0, 2), end: round(loadavg()[0]!, 2) },
    seconds: round((performance.now() - started) / 1000, 1),
  };
  process.stderr.write(
    `  ${label}: ${(dbBytes / result.rawVectorBytes).toFixed(1)}× raw, auto recall ${auto.recallAt10} p50 ${auto.p50Ms} ms, ann recall ${ann.recallAt10}, index-only ${indexOnly.recallAt10}\n`,
  );
  writeFileSync(values.out!, `${JSON.stringify(result, null, 2)}\n`);
}

function runChild(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", ...args], { stdio: ["ignore", "inherit", "inherit"] });
    child.on("exit", (code) => resolve(code));
  });
}

/**
 * Not dominated: no other config is at least as good on ingest (per CPU-second, steadier than wall time on a
 * shared machine), DB size, recall@10 (auto) and p50, and better on one of them.
 */
function paretoFront(results: SweepResult[]): Set<string> {
  const better = (a: SweepResult, b: SweepResult) => {
    const ge = [a.ingestRowsPerCpuSec >= b.ingestRowsPerCpuSec, a.dbBytes <= b.dbBytes, a.auto.recallAt10 >= b.auto.recallAt10, a.auto.p50Ms <= b.auto.p50Ms];
    const gt = [a.ingestRowsPerCpuSec > b.ingestRowsPerCpuSec, a.dbBytes < b.dbBytes, a.auto.recallAt10 > b.auto.recallAt10, a.auto.p50Ms < b.auto.p50Ms];
    return ge.every(Boolean) && gt.some(Boolean);
  };
  return new Set(results.filter((r) => !results.some((o) => o !== r && better(o, r))).map((r) => r.config));
}

export function sweepTable(results: SweepResult[]): string {
  const front = paretoFront(results);
  const lines = [
    "| config | index options | ingest rows/s (per CPU-s) | DB × raw | index MB | recall@10 auto | recall@10 ann | index-only recall@10 | p50 / p95 ms (auto) | filtered 1% / 10% / 50% rows | Pareto |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|---|:-:|",
  ];
  for (const r of results) {
    const opts =
      r.index === "default"
        ? "defaultIndexOptions()"
        : Object.entries(r.index)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ");
    lines.push(
      `| ${r.config} | ${opts} | ${r.ingestRowsPerSec.toFixed(0)} (${r.ingestRowsPerCpuSec.toFixed(0)}) | ${(r.dbBytes / r.rawVectorBytes).toFixed(2)} | ${r.vectorIndexBytes === null ? "—" : (r.vectorIndexBytes / 1e6).toFixed(0)} | ${r.auto.recallAt10.toFixed(3)} | ${r.ann.recallAt10.toFixed(3)} | ${r.indexOnlyRecallAt10.toFixed(3)} | ${r.auto.p50Ms.toFixed(2)} / ${r.auto.p95Ms.toFixed(2)} | ${r.filtered.map((f) => `${f.returnedAvg}/${f.expected}`).join(" · ")} | ${front.has(r.config) ? "✓" : ""} |`,
    );
  }
  return lines.join("\n");
}

async function sweepParent(): Promise<void> {
  const n = Number(values.n),
    dim = Number(values.dim),
    queries = Number(values.queries);
  const names = values.configs ? values.configs.split(",") : Object.keys(CONFIGS);
  const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-sweep-"));
  const dataDir = join(tmp, "data");
  writeDataset(dataDir, { kind: "synthetic", n, dim }, queries, K);
  mkdirSync("bench/results", { recursive: true });
  const outFile = `bench/results/sweep-${n}x${dim}.json`;
  // Re-running some configs keeps the others' earlier results.
  const previous: SweepResult[] = existsSync(outFile) ? (JSON.parse(readFileSync(outFile, "utf8")) as { results: SweepResult[] }).results : [];
  const results = new Map(previous.map((r) => [r.config, r]));
  console.error(
    `sweep ${n}×${dim}, ${queries} queries, ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}`,
  );
  for (const name of names) {
    const out = join(tmp, `${name.replace(/[^a-z0-9]+/gi, "_")}.json`);
    const db = join(tmp, "sweep.db");
    for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
    const code = await runChild([
      "--data",
      dataDir,
      "--config",
      name,
      "--out",
      out,
      "--db",
      db,
      ...(values["search-ls"] ? ["--search-ls", values["search-ls"]] : []),
    ]);
    if (code !== 0 || !existsSync(out)) {
      console.error(`  ${name}: failed (exit ${code})`);
      continue;
    }
    results.set(name, JSON.parse(readFileSync(out, "utf8")) as SweepResult);
    const ordered = [...results.values()];
    writeFileSync(
      outFile,
      `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, results: ordered }, null, 2)}\n`,
    );
  }
  rmSync(tmp, { recursive: true, force: true });
  console.log(`\nsweep ${n}×${dim} (synthetic clustered), k=${K}, ${queries} queries\n`);
  console.log(sweepTable([...results.values()]));
}

/** Filters by `bucket = i % 100`: `{ bucket: { $lt: s } }` matches s% of rows. */
const PLANNER_SELECTIVITIES = [1, 2, 5, 10, 20, 30, 50, 100];

export interface PlannerPoint {
  n: number;
  selectivityPct: number;
  strategy: SearchStrategy;
  p50Ms: number;
  p95Ms: number;
  recallAt10: number;
  returnedAvg: number;
  exactKRate: number;
  paths: Record<string, number>;
}

async function plannerRun(): Promise<void> {
  const sizes = values.sizes
    .split(",")
    .map(Number)
    .sort((a, b) => a - b);
  const dim = Number(values.dim);
  const queries = Number(values["planner-queries"]);
  const max = sizes[sizes.length - 1]!;
  const { vectors, queryVectors } = makeVectors({ kind: "synthetic", n: max, dim }, queries);
  const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-planner-"));
  const store = await openStore({ url: `file:${join(tmp, "planner.db")}` });
  const index = CONFIGS[values.index] ?? (values.index.startsWith("{") ? (JSON.parse(values.index) as VectorIndexOptions) : undefined);
  const col = await store.collection("bench", { dimensions: dim, ...(index ? { index } : {}) });
  const points: PlannerPoint[] = [];
  console.error(
    `planner crossover ${sizes.join(",")} × ${dim}, index ${values.index}, ${queries} queries, PLANNER ${JSON.stringify(PLANNER)}, load ${loadavg()[0]!.toFixed(1)}`,
  );
  let built = 0;
  for (const n of sizes) {
    for (let start = built; start < n; start += 1000) {
      const end = Math.min(n, start + 1000);
      const records = [];
      for (let i = start; i < end; i++) records.push({ id: String(i), content: "", metadata: { bucket: i % 100 }, vector: row(vectors, dim, i) });
      await col.upsert(records);
      process.stderr.write(`\r  planner: ingest ${end}/${max}`);
    }
    built = n;
    process.stderr.write("\n");
    const scores = Array.from({ length: queries }, (_, q) => cosineScores(vectors, dim, row(queryVectors, dim, q), n));
    for (const pct of PLANNER_SELECTIVITIES) {
      const keep = pct === 100 ? undefined : (i: number) => i % 100 < pct;
      const truth = scores.map((s) => topK(s, K, keep));
      const matches = keep ? Array.from({ length: n }, (_, i) => i).filter(keep).length : n;
      const filter: Filter | undefined = pct === 100 ? undefined : { bucket: { $lt: pct } };
      for (const strategy of ["exact", "ann", "auto"] as SearchStrategy[]) {
        const paths: Record<string, number> = {};
        const m = await timeQueries(
          queries,
          async (q) => {
            const res = await col.query({ vector: row(queryVectors, dim, q), topK: K, strategy, ...(filter ? { filter } : {}) });
            const p = res.explain.vectorPath ?? "?";
            paths[p] = (paths[p] ?? 0) + 1;
            return res.map((r) => Number(r.id));
          },
          truth,
          Math.min(K, matches),
        );
        points.push({
          n,
          selectivityPct: pct,
          strategy,
          p50Ms: m.p50Ms,
          p95Ms: m.p95Ms,
          recallAt10: m.recallAt10,
          returnedAvg: m.returnedAvg,
          exactKRate: m.exactKRate,
          paths,
        });
      }
      const [e, a, au] = points.slice(-3);
      console.error(
        `  n=${n} ${pct}%: exact ${e!.p50Ms} ms; ann ${a!.p50Ms} ms recall ${a!.recallAt10} ${JSON.stringify(a!.paths)}; auto ${au!.p50Ms} ms ${JSON.stringify(au!.paths)}`,
      );
    }
  }
  await store.close();
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync("bench/results", { recursive: true });
  const suffix = values.index === "default" ? "" : `-${values.index.replace(/[^a-z0-9+]+/gi, "_")}`;
  writeFileSync(
    `bench/results/planner${suffix}.json`,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        node: process.version,
        dim,
        index: values.index,
        planner: PLANNER,
        points,
      },
      null,
      2,
    )}\n`,
  );
  console.log(plannerTable(points));
}

export function plannerTable(points: PlannerPoint[]): string {
  const lines = [
    "| rows | filter matches | exact p50 ms | ann p50 ms | ann recall@10 | ann finished by exact scan | auto p50 ms | auto path |",
    "|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  const key = (p: PlannerPoint) => `${p.n}/${p.selectivityPct}`;
  const groups = new Map<string, PlannerPoint[]>();
  for (const p of points) groups.set(key(p), [...(groups.get(key(p)) ?? []), p]);
  for (const group of groups.values()) {
    const by = (s: SearchStrategy) => group.find((p) => p.strategy === s)!;
    const e = by("exact"),
      a = by("ann"),
      au = by("auto");
    const total = Object.values(a.paths).reduce((x, y) => x + y, 0);
    const fallback = (a.paths["ann+exact"] ?? 0) / total;
    lines.push(
      `| ${e.n.toLocaleString("en-US")} | ${e.selectivityPct}% | ${e.p50Ms.toFixed(2)} | ${a.p50Ms.toFixed(2)} | ${a.recallAt10.toFixed(3)} | ${(fallback * 100).toFixed(0)}% | ${au.p50Ms.toFixed(2)} | ${Object.entries(
        au.paths,
      )
        .map(([k, v]) => `${k}:${v}`)
        .join(" ")} |`,
    );
  }
  return lines.join("\n");
}

/** Prints the tables of every saved sweep and the planner run, for docs/benchmarks.md. */
function report(): void {
  for (const file of readdirSync("bench/results")
    .filter((f) => /^sweep-.*\.json$/.test(f))
    .sort()) {
    const saved = JSON.parse(readFileSync(join("bench/results", file), "utf8")) as { date: string; results: SweepResult[] };
    const r0 = saved.results[0];
    console.log(`\n### ${r0 ? `${r0.n.toLocaleString("en-US")}×${r0.dim}, ${r0.data}` : file} (${saved.date.slice(0, 10)})\n`);
    console.log(sweepTable(saved.results));
    const curves = saved.results.filter((r) => r.searchLCurve && r.searchLCurve.length > 0);
    if (curves.length > 0) {
      const ls = [...new Set(curves.flatMap((r) => r.searchLCurve!.map((c) => c.searchL)))].sort((a, b) => a - b);
      console.log(`\nThe same graphs searched with other search_l values (bare \`vector_top_k\` k=10): recall@10 / p50 ms\n`);
      console.log(`| config | ${ls.map((l) => `search_l ${l}`).join(" | ")} |`);
      console.log(`|---|${ls.map(() => "---").join("|")}|`);
      for (const r of curves) {
        const cell = (l: number) => {
          const c = r.searchLCurve!.find((x) => x.searchL === l);
          return c ? `${c.recallAt10.toFixed(3)} / ${c.p50Ms.toFixed(1)}` : "—";
        };
        console.log(`| ${r.config} | ${ls.map(cell).join(" | ")} |`);
      }
    }
  }
  for (const file of readdirSync("bench/results")
    .filter((f) => /^planner.*\.json$/.test(f))
    .sort()) {
    const saved = JSON.parse(readFileSync(join("bench/results", file), "utf8")) as { dim: number; index?: string; points: PlannerPoint[] };
    console.log(`\n### Planner crossover, ${saved.dim} dims, index ${saved.index ?? "default"}\n`);
    console.log(plannerTable(saved.points));
  }
}

if (values.child) await sweepChild();
else if (values.report) report();
else if (values.planner) await plannerRun();
else await sweepParent();
