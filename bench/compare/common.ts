// Shared by the comparison parent (bench/compare.ts) and its per-library workers: the data files, the
// result shape, and the measuring loop. Each library runs in its own process so that one library's
// page cache, native handles and garbage never land on another's timings.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

export const K = 10;

/** A metadata flag per selectivity; row i matches `field` when `i % modulo === 0`. */
export const SELECTIVITIES = [
  { selectivity: 0.01, field: "s1", modulo: 100 },
  { selectivity: 0.1, field: "s10", modulo: 10 },
  { selectivity: 0.5, field: "s50", modulo: 2 },
] as const;
export type FlagField = (typeof SELECTIVITIES)[number]["field"];

export type RowMetadata = {
  i: number;
  s1: boolean;
  s10: boolean;
  s50: boolean;
};

export function metadataFor(i: number): RowMetadata {
  return { i, s1: i % 100 === 0, s10: i % 10 === 0, s50: i % 2 === 0 };
}

/** What the parent writes to `<dir>/meta.json` next to `vectors.f32`, `queries.f32` and `truth.json`. */
export interface DataMeta {
  /** e.g. "synthetic clustered", "fiori MiniLM". */
  data: string;
  n: number;
  dim: number;
  queries: number;
  k: number;
}

/** Ground truth: for each query, the indices of its exact top-k by cosine similarity, unfiltered and per flag. */
export type Truth = Record<"all" | FlagField, number[][]>;

export interface Dataset extends DataMeta {
  /** n × dim, row-major. */
  vectors: Float32Array;
  /** queries × dim, row-major. */
  queryVectors: Float32Array;
  truth: Truth;
}

function readF32(path: string): Float32Array {
  const buf = readFileSync(path);
  // Copy into an aligned buffer: a Buffer may sit at any offset of Node's pool.
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function writeF32(path: string, data: Float32Array): void {
  writeFileSync(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

export function loadDataset(dir: string): Dataset {
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as DataMeta;
  return {
    ...meta,
    vectors: readF32(join(dir, "vectors.f32")),
    queryVectors: readF32(join(dir, "queries.f32")),
    truth: JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as Truth,
  };
}

export function row(data: Float32Array, dim: number, i: number): Float32Array {
  return data.subarray(i * dim, (i + 1) * dim);
}

export interface FilteredResult {
  selectivity: number;
  /** Rows the filter matches, and so the most a correct store can return is min(k, matches). */
  matches: number;
  expected: number;
  returnedAvg: number;
  /** Share of queries that returned exactly min(k, matches) rows. */
  exactKRate: number;
  recallAt10: number;
  p50Ms: number;
  p95Ms: number;
  cpuMsPerQuery: number;
  queries: number;
  /** Rows the database read per query, for adapters that report it (ours, `remote` preset). */
  rowsReadPerQuery?: number;
}

export interface CompareResult {
  library: string;
  version: string;
  /** A named configuration of the library ("default", "float8", "exact"...). */
  preset: string;
  data: string;
  dim: number;
  n: number;
  ingestRowsPerSec: number | null;
  /** Rows per second of this process's CPU time (user + system): less sensitive to a busy machine than wall time. */
  ingestRowsPerCpuSec?: number | null;
  /** Database file plus WAL after a checkpoint; for the in-memory scan, the bytes of its arrays. */
  dbBytes: number | null;
  rawVectorBytes: number;
  p50Ms: number | null;
  p95Ms: number | null;
  /** Mean CPU time of this process per unfiltered query. */
  cpuMsPerQuery?: number | null;
  recallAt10: number | null;
  /** Rows the database read per unfiltered query, for adapters that report it (ours, `remote` preset). */
  rowsReadPerQuery?: number;
  filtered: FilteredResult[];
  queries: number;
  /**
   * The first query in a fresh process that opens what the run built (null for in-memory engines, which keep
   * nothing to open): what a user's first search after a restart waits. `openMs` is the opening before it.
   */
  firstQueryMs?: number | null;
  /** Bytes beside the database once queried (libsql-rag's scan-cache snapshot: a cache, not counted in dbBytes). */
  sidecarBytes?: number;
  openMs?: number | null;
  /** Why this run has no figures (too slow to finish in the budget, or an error). */
  skipped?: string;
  notes?: string[];
  loadAvg: { start: number; end: number };
  seconds: number;
}

/** The surface each library adapter offers the measuring loop. */
export interface Adapter {
  library: string;
  version: string;
  preset: string;
  notes?: string[];
  /** Creates the empty table and its vector index. */
  setup(dim: number): Promise<void>;
  /** Inserts rows [start, end). */
  insert(ds: Dataset, start: number, end: number): Promise<void>;
  /**
   * Makes the rows searchable at the library's reported recall, after the last insert: engines that build
   * their ANN index in one pass (LanceDB) do it here. Counted in the ingest time, so "rows/s" is always
   * rows per second until searchable.
   */
  finalize?(): Promise<void>;
  /**
   * Opens what an earlier process built at `--db`, creating nothing: for the first-query measurement. Absent
   * for in-memory engines.
   */
  open?(dim: number): Promise<void>;
  /** Indices of the top k rows, optionally only rows whose `flag` is true. */
  query(vector: Float32Array, k: number, flag?: FlagField): Promise<number[]>;
  /** Rows the database read for the last query, where the adapter knows it. */
  lastRowsRead?(): number | undefined;
  /** Bytes on disk after a checkpoint. */
  bytes(): Promise<number | null>;
  /** Bytes kept beside the database after the queries (libsql-rag's scan-cache snapshot), where there are any. */
  sidecarBytes?(): number;
  close(): Promise<void>;
}

export interface WorkerArgs {
  data: string;
  out: string;
  db: string;
  preset: string;
  /** Skip the run when the ingest is estimated to take longer than this. */
  budgetMinutes: number;
  probeRows: number;
  batch: number;
  /** Stop a query phase after this long, keeping the queries measured so far. */
  queryBudgetSeconds: number;
  /** Only open the built data and time one query (`--first-query`); writes { openMs, firstQueryMs } to `out`. */
  firstQuery: boolean;
}

export function workerArgs(): WorkerArgs {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      out: { type: "string" },
      db: { type: "string", default: "" },
      preset: { type: "string", default: "default" },
      "budget-min": { type: "string", default: "15" },
      probe: { type: "string", default: "2000" },
      batch: { type: "string", default: "1000" },
      "query-budget-s": { type: "string", default: "240" },
      "first-query": { type: "boolean", default: false },
    },
  });
  if (!values.data || !values.out) throw new Error("usage: <worker>.ts --data DIR --out FILE [--db PATH] [--preset NAME]");
  return {
    data: values.data,
    out: values.out,
    db: values.db,
    preset: values.preset,
    budgetMinutes: Number(values["budget-min"]),
    probeRows: Number(values.probe),
    batch: Number(values.batch),
    queryBudgetSeconds: Number(values["query-budget-s"]),
    firstQuery: values["first-query"],
  };
}

export const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** Total bytes of the files under a folder (a LanceDB dataset is one). */
export function folderBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + folderBytes(join(path, name)), 0);
}

/** File plus WAL (and rollback journal, if any) of a SQLite database. */
export function fileBytes(path: string): number {
  let total = 0;
  for (const suffix of ["", "-wal", "-journal"]) {
    if (existsSync(path + suffix)) total += statSync(path + suffix).size;
  }
  return total;
}

function log(message: string): void {
  process.stderr.write(message);
}

interface Phase {
  p50Ms: number;
  p95Ms: number;
  recallAt10: number;
  returnedAvg: number;
  exactKRate: number;
  cpuMsPerQuery: number;
  queries: number;
  rowsReadPerQuery?: number;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function measure(adapter: Adapter, ds: Dataset, truth: number[][], expected: number, flag: FlagField | undefined, budgetSeconds: number): Promise<Phase> {
  // One warm-up query, so that opening pages lands on no measurement.
  await adapter.query(row(ds.queryVectors, ds.dim, 0), ds.k, flag);
  const latencies: number[] = [];
  let hits = 0,
    wanted = 0,
    returned = 0,
    exactK = 0,
    rowsRead: number | undefined;
  const deadline = performance.now() + budgetSeconds * 1000;
  const cpu0 = cpuMs();
  for (let q = 0; q < ds.queries; q++) {
    const t = performance.now();
    const ids = await adapter.query(row(ds.queryVectors, ds.dim, q), ds.k, flag);
    latencies.push(performance.now() - t);
    const read = adapter.lastRowsRead?.();
    if (read !== undefined) rowsRead = (rowsRead ?? 0) + read;
    const want = new Set(truth[q]);
    hits += new Set(ids.filter((id) => want.has(id))).size;
    wanted += want.size;
    returned += ids.length;
    if (ids.length === expected) exactK += 1;
    if (performance.now() > deadline) break;
  }
  const count = latencies.length;
  const cpuMsPerQuery = (cpuMs() - cpu0) / count;
  return {
    p50Ms: round(percentile(latencies, 50), 3),
    p95Ms: round(percentile(latencies, 95), 3),
    recallAt10: round(wanted === 0 ? 1 : hits / wanted, 4),
    returnedAvg: round(returned / count, 2),
    exactKRate: round(exactK / count, 3),
    cpuMsPerQuery: round(cpuMsPerQuery, 3),
    queries: count,
    ...(rowsRead === undefined ? {} : { rowsReadPerQuery: Math.round(rowsRead / count) }),
  };
}

/**
 * The worker's whole life: build (with a probe that gives up when the build would blow the budget),
 * measure size, unfiltered and filtered queries, and write one CompareResult to `args.out`.
 */
export async function runWorker(makeAdapter: (args: WorkerArgs) => Promise<Adapter>): Promise<void> {
  const args = workerArgs();
  if (args.firstQuery) {
    await timeFirstQuery(args, await makeAdapter(args));
    return;
  }
  const started = performance.now();
  const loadStart = loadavg()[0]!;
  const ds = loadDataset(args.data);
  const adapter = await makeAdapter(args);
  const base: CompareResult = {
    library: adapter.library,
    version: adapter.version,
    preset: adapter.preset,
    data: ds.data,
    dim: ds.dim,
    n: ds.n,
    ingestRowsPerSec: null,
    dbBytes: null,
    rawVectorBytes: ds.n * ds.dim * 4,
    p50Ms: null,
    p95Ms: null,
    recallAt10: null,
    filtered: [],
    queries: 0,
    loadAvg: { start: round(loadStart, 2), end: 0 },
    seconds: 0,
  };
  const finish = (result: CompareResult) => {
    result.loadAvg.end = round(loadavg()[0]!, 2);
    result.seconds = round((performance.now() - started) / 1000, 1);
    writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  };
  const label = `${adapter.library}/${adapter.preset} ${ds.data} ${ds.n}×${ds.dim}`;

  await adapter.setup(ds.dim);
  if (adapter.notes && adapter.notes.length > 0) base.notes = [...adapter.notes];
  const t0 = performance.now();
  const cpu0 = cpuMs();
  let probed = false;
  for (let start = 0; start < ds.n; start += args.batch) {
    const end = Math.min(ds.n, start + args.batch);
    await adapter.insert(ds, start, end);
    log(`\r  ${label}: ingest ${end}/${ds.n}`);
    if (!probed && end >= Math.min(args.probeRows, ds.n) && end < ds.n) {
      probed = true;
      const rate = end / ((performance.now() - t0) / 1000);
      const minutes = ds.n / rate / 60;
      if (minutes > args.budgetMinutes) {
        log(`\n  ${label}: skipped, ${Math.round(rate)} rows/s on the first ${end} rows → ~${minutes.toFixed(0)} min to build\n`);
        await adapter.close();
        finish({
          ...base,
          skipped: `ingest estimated at ~${minutes.toFixed(0)} min (${Math.round(rate)} rows/s on the first ${end} rows) > ${args.budgetMinutes} min budget`,
        });
        return;
      }
    }
  }
  if (adapter.finalize) {
    log(`\n  ${label}: building the index`);
    await adapter.finalize();
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  base.ingestRowsPerSec = round(ds.n / ingestSeconds, 1);
  base.ingestRowsPerCpuSec = round(ds.n / ((cpuMs() - cpu0) / 1000), 1);
  log(`  ${Math.round(base.ingestRowsPerSec)} rows/s (${Math.round(base.ingestRowsPerCpuSec)} per CPU-second)\n`);
  base.dbBytes = await adapter.bytes();

  const all = await measure(adapter, ds, ds.truth.all, Math.min(ds.k, ds.n), undefined, args.queryBudgetSeconds);
  Object.assign(base, { p50Ms: all.p50Ms, p95Ms: all.p95Ms, cpuMsPerQuery: all.cpuMsPerQuery, recallAt10: all.recallAt10, queries: all.queries });
  if (all.rowsReadPerQuery !== undefined) base.rowsReadPerQuery = all.rowsReadPerQuery;
  for (const s of SELECTIVITIES) {
    const matches = Math.ceil(ds.n / s.modulo);
    const expected = Math.min(ds.k, matches);
    const m = await measure(adapter, ds, ds.truth[s.field], expected, s.field, args.queryBudgetSeconds);
    base.filtered.push({ selectivity: s.selectivity, matches, expected, ...m });
  }
  log(`  ${label}: p50 ${all.p50Ms} ms, recall@10 ${all.recallAt10}\n`);
  if (adapter.sidecarBytes) base.sidecarBytes = adapter.sidecarBytes();
  if (base.filtered.some((f) => f.queries < ds.queries) || all.queries < ds.queries) {
    (base.notes ??= []).push(`some query phases stopped at the ${args.queryBudgetSeconds}s query budget; see each phase's "queries"`);
  }
  await adapter.close();
  finish(base);
}

/** The `--first-query` run: open, one query (the dataset's first), close. */
async function timeFirstQuery(args: WorkerArgs, adapter: Adapter): Promise<void> {
  const ds = loadDataset(args.data);
  let result: { openMs: number | null; firstQueryMs: number | null } = { openMs: null, firstQueryMs: null };
  if (adapter.open) {
    const t0 = performance.now();
    await adapter.open(ds.dim);
    const t1 = performance.now();
    await adapter.query(row(ds.queryVectors, ds.dim, 0), ds.k);
    result = { openMs: round(t1 - t0, 1), firstQueryMs: round(performance.now() - t1, 1) };
    await adapter.close();
  }
  writeFileSync(args.out, `${JSON.stringify(result)}\n`);
}

/** The version of an installed package, read from its package.json. */
export function packageVersion(path: string): string {
  return (JSON.parse(readFileSync(join(path, "package.json"), "utf8")) as { version: string }).version;
}
