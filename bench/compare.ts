/**
 * Compares libsql-rag with the engines a user would pick instead (LanceDB, sqlite-vec, Orama), with the other
 * libSQL vector stores for Node (LangChain, Mastra), and with a plain JS exact scan, on the same data in one run. Each library runs in its own child process (`node --import tsx bench/compare/<lib>.ts`);
 * the data, queries and exact ground truth are made once here and passed as files in a temp dir.
 *
 *   npm run bench:compare -- --quick        # 10k×384 + fiori MiniLM 778×384; ~7 minutes on 2 idle cores
 *   npm run bench:compare                   # + 10k×{768,1536}, 100k×{384,768,1536}
 *   npm run bench:compare -- --data 10000x384,100000x384 --libs ours,jsscan [--out bench/results/x.json]
 *   npm run bench:compare -- --data docs:100000   # real USE-lite embeddings of documentation chunks, built
 *                                                 # once by bench/docs-embeddings.ts (see that file)
 *
 * Measures ingest rows/s with the vector index in place (batches of 1000), DB bytes (file + WAL after a
 * checkpoint) against raw vector bytes, unfiltered p50/p95 and recall@10, and for filters matching 1%, 10% and
 * 50% of rows: rows returned out of k, recall@10 and p50. A run whose build the first 2,000 rows say would
 * take more than --budget-min minutes is skipped and says so.
 *
 * Writes bench/results/latest.json and quick-<date>.json or full-<date>.json (a --data run: only --out) and
 * prints a markdown table. Results are saved after every run, so an interrupted run keeps what it measured.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { K, type CompareResult } from "./compare/common.js";
import { specLabel, writeDataset, type DataSpec } from "./compare/data.js";
import { compareTable, dataLabel, shortLibrary } from "./compare/table.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    data: { type: "string" },
    libs: { type: "string", default: "ours,lancedb,sqlite-vec,orama,langchain,mastra,jsscan" },
    presets: { type: "string" },
    queries: { type: "string", default: "100" },
    "budget-min": { type: "string", default: "15" },
    "query-budget-s": { type: "string" },
    out: { type: "string" },
    keep: { type: "boolean", default: false },
    tmp: { type: "string" },
  },
});

const QUICK: DataSpec[] = [
  { kind: "synthetic", n: 10_000, dim: 384 },
  { kind: "fiori", n: 778, dim: 384 },
];
// Most useful first, so that a run cut short still has the figures that matter.
const FULL: DataSpec[] = [
  ...QUICK,
  { kind: "synthetic", n: 10_000, dim: 768 },
  { kind: "synthetic", n: 10_000, dim: 1536 },
  { kind: "synthetic", n: 100_000, dim: 384 },
  { kind: "synthetic", n: 100_000, dim: 768 },
  { kind: "synthetic", n: 100_000, dim: 1536 },
];

function parseData(list: string): DataSpec[] {
  return list.split(",").map((s) => {
    if (s === "fiori") return { kind: "fiori", n: 778, dim: 384 };
    const docs = /^docs(?::(\d+))?$/.exec(s);
    if (docs) return { kind: "docs", n: Number(docs[1] ?? 0), dim: 512 };
    const m = /^(\d+)x(\d+)$/.exec(s);
    if (!m) throw new Error(`--data takes NxDIM, fiori, docs or docs:N, got ${s}`);
    return { kind: "synthetic", n: Number(m[1]), dim: Number(m[2]) };
  });
}

const specs = values.data ? parseData(values.data) : values.quick ? QUICK : FULL;
const queries = Number(values.queries);
const budgetMinutes = Number(values["budget-min"]);
// Quick mode keeps to ~7 minutes on an idle 2-core machine: no float8 preset (the sweep covers it), and
// each query phase stops after 30 s (only Mastra's full scans, ~0.4–0.7 s each at 10k rows, get near that).
const queryBudgetSeconds = Number(values["query-budget-s"] ?? (values.quick ? 30 : 60));
const libs = values.libs.split(",");
const presets = (values.presets ?? "default,index-only,remote,exact").split(",");
// LanceDB runs its tuned HNSW index and its default IVF_PQ, the two configurations users meet.
const presetsOf = (lib: string): string[] => (lib === "ours" ? presets : lib === "lancedb" ? ["default", "ivf-pq"] : ["default"]);
const runs: { worker: string; preset: string }[] = libs.flatMap((lib) => presetsOf(lib).map((preset) => ({ worker: lib, preset })));
for (const { worker } of runs) {
  if (!existsSync(join("bench", "compare", `${worker}.ts`))) throw new Error(`no worker bench/compare/${worker}.ts`);
}

const mode = values.data ? "custom" : values.quick ? "quick" : "full";
const date = new Date().toISOString().slice(0, 10);
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memGB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
const tmp = values.tmp ?? mkdtempSync(join(tmpdir(), "libsql-rag-compare-"));
mkdirSync("bench/results", { recursive: true });
console.error(
  `bench:compare (${mode}) — k=${K}, ${queries} queries, ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load ${loadavg()[0]!.toFixed(1)}; temp dir ${tmp}`,
);

const results: CompareResult[] = [];
// Quick and full runs write latest.json and <mode>-<date>.json; a --data run writes only to --out, if given.
const outputs = values.out ? [values.out] : mode === "custom" ? [] : ["bench/results/latest.json", `bench/results/${mode}-${date}.json`];
const save = () => {
  const json = `${JSON.stringify(results, null, 2)}\n`;
  for (const file of outputs) writeFileSync(file, json);
  if (mode !== "custom") writeFileSync("bench/results/machine.json", `${JSON.stringify({ ...machine, date: new Date().toISOString(), mode }, null, 2)}\n`);
};

function removeDb(db: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(db + suffix, { force: true });
  rmSync(`${db}.lance`, { recursive: true, force: true });
  rmSync(`${db}-scan`, { recursive: true, force: true });
}

/** Runs the worker again in a fresh process, on what it built, to time opening it and one query. */
function firstQuery(workerArgs: string[], out: string): Promise<{ openMs: number | null; firstQueryMs: number | null }> {
  const firstOut = `${out}.first.json`;
  const outAt = workerArgs.indexOf("--out") + 1;
  const args = [...workerArgs.slice(0, outAt), firstOut, ...workerArgs.slice(outAt + 1), "--first-query"];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code === 0 && existsSync(firstOut) ? JSON.parse(readFileSync(firstOut, "utf8")) : { openMs: null, firstQueryMs: null });
    });
  });
}

/** Runs one worker; resolves with its result, or a skipped record when it fails or overruns. */
function runWorker(worker: string, preset: string, dataDir: string, meta: { data: string; n: number; dim: number }): Promise<CompareResult> {
  const out = join(tmp, `${worker}-${preset.replace(/[^a-z0-9]+/gi, "_")}-${meta.n}x${meta.dim}.json`);
  const db = join(tmp, `${worker}-${meta.n}x${meta.dim}.db`);
  removeDb(db);
  rmSync(out, { force: true });
  const args = [
    "--expose-gc",
    "--import",
    "tsx",
    join("bench", "compare", `${worker}.ts`),
    "--data",
    dataDir,
    "--out",
    out,
    "--db",
    db,
    "--preset",
    preset,
    "--budget-min",
    String(budgetMinutes),
    "--query-budget-s",
    String(queryBudgetSeconds),
  ];
  // The build budget, four query phases and some slack; past that the child is stuck.
  const limitMs = (budgetMinutes * 60 * 1.5 + queryBudgetSeconds * 4 + 120) * 1000;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
    let killedForTime = false;
    const timer = setTimeout(() => {
      killedForTime = true;
      child.kill("SIGKILL");
    }, limitMs);
    child.on("exit", async (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && existsSync(out)) {
        const result = JSON.parse(readFileSync(out, "utf8")) as CompareResult;
        if (!result.skipped) Object.assign(result, await firstQuery(args, out));
        removeDb(db);
        resolve(result);
        return;
      }
      removeDb(db);
      const why = killedForTime ? `killed after ${Math.round(limitMs / 60000)} min` : `worker exited with ${signal ?? `code ${code}`}`;
      resolve({
        library: worker,
        version: "",
        preset,
        data: meta.data,
        dim: meta.dim,
        n: meta.n,
        ingestRowsPerSec: null,
        dbBytes: null,
        rawVectorBytes: meta.n * meta.dim * 4,
        p50Ms: null,
        p95Ms: null,
        recallAt10: null,
        filtered: [],
        queries: 0,
        skipped: why,
        loadAvg: { start: 0, end: 0 },
        seconds: 0,
      });
    });
  });
}

const started = performance.now();
for (const spec of specs) {
  const dataDir = join(tmp, `data-${specLabel(spec)}`);
  const t = performance.now();
  const meta = writeDataset(dataDir, spec, queries, K);
  console.error(`data ${dataLabel(meta)}: generated with ground truth in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  for (const { worker, preset } of runs) {
    const result = await runWorker(worker, preset, dataDir, meta);
    results.push(result);
    save();
    console.error(
      `  → ${shortLibrary(result)}: ${result.skipped ? `skipped (${result.skipped})` : `${result.ingestRowsPerSec} rows/s, p50 ${result.p50Ms} ms, recall ${result.recallAt10}`} [${result.seconds}s, load ${result.loadAvg.start}→${result.loadAvg.end}]`,
    );
  }
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
}
if (!values.keep && !values.tmp) rmSync(tmp, { recursive: true, force: true });

console.log(
  `\nbench:compare (${mode}), k=${K}, ${queries} queries; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; ${((performance.now() - started) / 60000).toFixed(1)} min\n`,
);
console.log(compareTable(results));
