// The scan cache's settings: its options and their defaults, the 1-bit pass's shortlist size, and the state it
// reports.

/**
 * Options of the in-process scan cache (see {@link ScanCache}). `true` takes the defaults, `false` turns the
 * cache off.
 */
export interface ScanCacheOptions {
  /** Largest memory one collection's cache may take; a bigger collection is searched without it. @default 1 GiB */
  maxBytes?: number;
  /**
   * A collection of more rows than this loads its cache in the background: the query that starts the load
   * takes another path (an exact scan, or on very large collections the partitions or the vector index)
   * instead of waiting for it, so a one-off search (a CLI call, a cold server) answers at once; queries that
   * come during the load wait for it. Smaller collections load before their first query, which takes a
   * fraction of a second. `0` always loads in the background; `Infinity` always waits.
   * @default 20000
   */
  backgroundLoadMinRows?: number;
  /**
   * Unfiltered queries of a cosine collection with at least this many rows take a 1-bit first pass: every row's
   * 1-bit codes (one bit per dimension) are compared to the query's by Hamming distance, and only the nearest
   * few thousand are scored by their int8 codes. On real embeddings this keeps recall@10 ≥ 0.99 at a fraction
   * of the time of scoring every row (docs/benchmarks.md). `Infinity` always scores every row.
   * @default 50000
   */
  binaryPassMinRows?: number;
  /**
   * Local databases: after a full load of at least this many rows, the cache writes a snapshot of its codes beside
   * the database (in the folder `<database file>-scan`, one file per collection, about a quarter of the raw
   * vector bytes), and a new process restores it instead of reading and quantizing every vector again (at 1M ×
   * 384, a fraction of a second instead of about 20 s). A snapshot is used only after it is checked against
   * the database and its change log (see docs/benchmarks.md). `Infinity` never writes one.
   * @default 10000
   */
  persistMinRows?: number;
}

/** {@link ScanCacheOptions} with the defaults filled in. */
export function resolveScanCacheOptions(options: ScanCacheOptions): Required<ScanCacheOptions> {
  return {
    maxBytes: options.maxBytes ?? 1024 ** 3,
    backgroundLoadMinRows: options.backgroundLoadMinRows ?? 20_000,
    binaryPassMinRows: options.binaryPassMinRows ?? 50_000,
    persistMinRows: options.persistMinRows ?? 10_000,
  };
}

/**
 * Rows the 1-bit pass hands to the int8 pass, by collection size: measured candidate recall against time in
 * bench/scan-sweep.ts (docs/benchmarks.md).
 */
export function binaryShortlist(rows: number): number {
  // Synthetic clustered sets are the hard case (neighbours differ by isotropic noise, which sign bits barely
  // see): candidate recall@10 1.000 with 2,000 of 100k rows, 0.986 with 16,000 of 1M. Real embeddings (docs,
  // 121k × 512) reach 0.99 with 500.
  return Math.max(SHORTLIST_MIN, Math.ceil(rows * SHORTLIST_FRACTION));
}
const SHORTLIST_MIN = 2000;
const SHORTLIST_FRACTION = 1 / 64;

/** What a collection's cache is doing, for `explain` and for tests. */
export interface ScanCacheState {
  status: "empty" | "loading" | "ready" | "disabled";
  rows: number;
  /** Bytes of the current copy: codes, rowids, norms and cached records (what maxBytes bounds). */
  bytes: number;
  /** The most bytes held at once so far, a copy being loaded included: a reload frees the old copy first. */
  peakBytes: number;
  /** Size of the WebAssembly memory holding the codes (it grows and never shrinks; reloads reuse it). */
  memoryBytes: number;
  /** Last change-log sequence applied. */
  seq: number;
  fullLoads: number;
  refreshes: number;
  /** True while a restored snapshot's records (for filters) are still being applied. */
  recordsPending: boolean;
  /** Loads from a snapshot, and snapshots written, by this process. */
  snapshotLoads: number;
  snapshotWrites: number;
  /** Why a snapshot was last refused, if one was (it is deleted, and written again after the next full load). */
  snapshotRejected?: string;
  reason?: string;
}
