import type { Client } from "@libsql/client";
import { matchesEverything, type FilterNode } from "../../filter/index.js";
import type { CollectionInfo } from "../../db/collection-info.js";
import type { CollectionTables } from "../../db/ddl.js";
import { quoteIdent } from "../../db/sql.js";
import { instantiateKernel } from "./kernel.js";
import { bitStrideFor, bytesPerRows, strideFor } from "./layout.js";
import { QuantizedRows } from "./quantized-rows.js";
import { applyRecordsFrom, SnapshotKeeper, type OpenSnapshot } from "./persisted.js";
import { changesSince, reachesBack, readVector, ROW_COLUMNS, rowRecord, sampleVectors, type ChangesSince } from "./rows.js";
import { binaryShortlist, resolveScanCacheOptions, type ScanCacheOptions, type ScanCacheState } from "./settings.js";
import type { SnapshotFiles } from "./snapshot.js";
import { nextTask } from "../next-task.js";

/** Rows read per statement while loading, and rowids per statement while refreshing. */
const LOAD_PAGE_ROWS = 4096;
const REFRESH_PAGE_ROWS = 1000;
/** Rows sampled to fit the per-dimension quantization ranges. */
const FIT_SAMPLE_ROWS = 2048;

/**
 * An in-process, int8-quantized copy of one collection's vectors, scanned with a WebAssembly SIMD kernel to
 * pick candidates that SQL then re-ranks at full precision. libSQL stays the source of truth: the cache holds
 * only rowids and 1-byte codes, and before every use it applies the collection's change log (rows written
 * since its last sequence, by this or any other connection or process), so a query sees every write committed
 * before it started.
 *
 * Quantization is per dimension (each dimension's range, fitted on a sample and widened by 10%), so
 * embeddings with a few large dimensions keep their precision elsewhere. Cosine collections store codes of
 * unit vectors, and 1-bit codes for a first pass on large collections; l2 collections keep each row's squared
 * norm as well. A full reload frees the old copy and reuses its memory, so the cache never holds two.
 *
 * With `files` (local databases), a full load of at least `persistMinRows` rows is written to a snapshot beside
 * the database, and a cache that starts empty restores it instead of reading every vector: the snapshot is used
 * only when the collection is the one it was taken of (table, creation time, the change-log entry at its
 * sequence), a sample of its rows matches the database, and the change log still holds every change since,
 * which is then applied as any refresh would. Its records (for filters) are applied in the background.
 */
export class ScanCache {
  private readonly table: string;
  private readonly log: string;
  private readonly maxBytes: number;
  private readonly backgroundLoadMinRows: number;
  private readonly binaryPassMinRows: number;
  /** The snapshot beside a local database (none for `:memory:` and remote databases). */
  private readonly snapshot: SnapshotKeeper | undefined;
  private peakBytes = 0;
  private data: QuantizedRows | undefined;
  /** The load running in the background, while queries take another path. */
  private background: Promise<void> | undefined;
  private seq = -1;
  /** Rows the quantization ranges were fitted on. */
  private fitSamples = 0;
  private fullLoads = 0;
  private refreshes = 0;
  private disabled: string | undefined;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    private readonly info: CollectionInfo,
    tables: CollectionTables,
    options: ScanCacheOptions = {},
    /** Where snapshots of this cache are kept; none for `:memory:` and remote databases. */
    files?: SnapshotFiles,
  ) {
    const resolved = resolveScanCacheOptions(options);
    ({ maxBytes: this.maxBytes, backgroundLoadMinRows: this.backgroundLoadMinRows, binaryPassMinRows: this.binaryPassMinRows } = resolved);
    this.table = quoteIdent(tables.chunks);
    this.log = quoteIdent(tables.log);
    const of = { client, name: tables.chunks, table: this.table, log: this.log, info, maxBytes: this.maxBytes };
    this.snapshot = files === undefined ? undefined : new SnapshotKeeper(files, of, resolved.persistMinRows);
    if (info.vectorType !== "F32_BLOB") this.disabled = `the scan cache holds F32_BLOB vectors; this collection has ${info.vectorType}`;
    else if (info.schemaVersion < 2) this.disabled = "the collection has no change log (table version 1)";
  }

  state(): ScanCacheState {
    const base = {
      rows: this.data?.rows ?? 0,
      bytes: this.data?.bytes ?? 0,
      peakBytes: Math.max(this.peakBytes, this.data?.bytes ?? 0),
      memoryBytes: this.data?.memoryBytes ?? 0,
      seq: this.seq,
      fullLoads: this.fullLoads,
      refreshes: this.refreshes,
      recordsPending: this.data?.recordsPending ?? false,
      ...(this.snapshot?.state() ?? { snapshotLoads: 0, snapshotWrites: 0 }),
    };
    if (this.disabled !== undefined) return { status: "disabled", ...base, reason: this.disabled };
    return { status: this.data !== undefined ? "ready" : this.background !== undefined ? "loading" : "empty", ...base };
  }

  /**
   * True while a background load runs and the cache has nothing to answer from yet, or while a restored
   * snapshot's records are still being applied (filtered queries must answer another way).
   */
  get loading(): boolean {
    return (this.data === undefined && this.background !== undefined) || (this.data?.recordsPending ?? false);
  }

  /**
   * Like {@link sync}, except that an empty cache of a collection with more than `backgroundLoadMinRows`
   * rows (by the caller's estimate) starts loading in the background and returns false at once: the caller
   * answers this query another way. Calls that come while that load runs wait for it: queries arriving one
   * after another are a workload the cache serves, and exact scans run meanwhile would starve the load, which
   * yields between pages. A failed background load is forgotten, so a later call tries again. A snapshot is
   * restored in the foreground (it takes a fraction of the load); a load starts in the background only when it
   * cannot be used. A `filtered` query gets false while a restored snapshot's records are being applied.
   */
  async ready(rowsEstimate: number, filtered = false): Promise<boolean> {
    if (this.disabled !== undefined) return false;
    const usable = (synced: boolean) => synced && !(filtered && this.data?.recordsPending === true);
    if (this.data === undefined && this.background !== undefined) {
      await this.background;
      return usable(await this.sync());
    }
    // A reload (this.pending, with the old copy freed) is waited for, like any refresh.
    if (this.data === undefined && this.pending === undefined && rowsEstimate > this.backgroundLoadMinRows) {
      if (this.snapshot?.usable()) {
        this.pending = this.loadAll(true).finally(() => {
          this.pending = undefined;
        });
        await this.pending.catch(() => undefined);
        if (this.data !== undefined) return usable(await this.sync());
      }
      // Started after this query, and yielding between pages: a local database answers synchronously, so a
      // load started at once would run before the query that started it.
      this.background ??= nextTask()
        .then(() => this.sync())
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          this.background = undefined;
        });
      return false;
    }
    return usable(await this.sync());
  }

  /** Resolves when no background load is running (for tests and benchmarks). */
  async settled(): Promise<void> {
    await this.background;
  }

  /** Why the cache cannot be used, or undefined when it can. */
  get disabledReason(): string | undefined {
    return this.disabled;
  }

  /** Rows in the cache. */
  get rows(): number {
    return this.data?.rows ?? 0;
  }

  /**
   * Brings the cache up to date with the database: loads it on first use, then applies new change-log
   * entries. Concurrent callers share one refresh. Returns false when the cache is disabled.
   */
  async sync(): Promise<boolean> {
    if (this.disabled !== undefined) return false;
    // A refresh already running may have read the log before a write this caller must see: let it finish,
    // then refresh again (sharing that second refresh with any other caller that arrives meanwhile).
    const running = this.pending;
    if (running !== undefined) await running.catch(() => undefined);
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    await this.pending;
    return this.disabled === undefined && this.data !== undefined;
  }

  /**
   * Candidates from the current copy; see {@link QuantizedRows.candidates}. Call after {@link sync}; undefined
   * when there is no copy (a full reload started since), so the caller must answer another way. Unfiltered
   * queries on at least `binaryPassMinRows` rows take the 1-bit first pass; `shortlist` is the number of rows it
   * kept for int8 scoring (0 when every row was scored).
   */
  candidates(query: Float32Array, count: number, filter?: FilterNode): { rids: number[]; shortlist: number } | undefined {
    const data = this.data;
    if (data === undefined) return undefined;
    const unfiltered = filter === undefined || matchesEverything(filter);
    const shortlist = unfiltered && data.slots >= this.binaryPassMinRows ? binaryShortlist(data.slots) : 0;
    return { rids: data.candidates(query, count, filter, shortlist), shortlist: data.passesShortlist(count, shortlist) ? shortlist : 0 };
  }

  /** The filter's selectivity, estimated from cached rows; see {@link QuantizedRows.selectivity}. */
  selectivity(filter: FilterNode): number {
    return this.data?.selectivity(filter) ?? 0;
  }

  /** Frees the memory; the next sync loads again. */
  reset(): void {
    this.data = undefined;
    this.seq = -1;
  }

  private disable(reason: string): void {
    this.disabled = reason;
    this.reset();
  }

  private async refresh(): Promise<void> {
    const data = this.data;
    if (data === undefined) return this.loadAll();
    // Two subqueries, so each is one B-tree seek (min and max in one SELECT would scan the log).
    const head = await this.client.execute(`SELECT (SELECT max(seq) FROM ${this.log}) AS hi`);
    if (Number(head.rows[0]?.hi ?? 0) === this.seq) return;
    const changes = await changesSince(this.client, this.log, this.seq);
    // The log was trimmed past us, or the collection was dropped and made again: start over.
    if (!reachesBack(changes, this.seq)) return this.loadAll();
    if (changes.rids.length > this.maxChanges(data.rows)) return this.loadAll();
    await this.apply(data, changes);
  }

  /** Changes past this many are cheaper to take by loading the whole collection again. */
  private maxChanges(rows: number): number {
    return Math.max(REFRESH_PAGE_ROWS, rows / 4);
  }

  /** Applies the change log's changed rows to `data` (read from the table: written ones put, gone ones removed). */
  private async apply(data: QuantizedRows, changes: ChangesSince): Promise<void> {
    if (changes.hi === this.seq) return;
    const { rids, hi } = changes;
    for (let i = 0; i < rids.length; i += REFRESH_PAGE_ROWS) {
      const page = rids.slice(i, i + REFRESH_PAGE_ROWS);
      const found = await this.client.execute({
        sql: `SELECT ${ROW_COLUMNS} FROM ${this.table} WHERE rid IN (SELECT value FROM json_each(?))`,
        args: [JSON.stringify(page)],
      });
      const present = new Set<number>();
      for (const row of found.rows) {
        const rid = Number(row.rid);
        present.add(rid);
        const { record, cost } = rowRecord(row);
        if (!data.put(rid, readVector(row.embedding), record, cost)) return this.disable(this.overBudget(data.rows + 1));
      }
      for (const rid of page) if (!present.has(rid)) data.remove(rid);
    }
    this.seq = hi;
    this.refreshes++;
    // Ranges fitted on few rows may not suit the many there are now, and many free slots waste scan time.
    const fittedOnFew = this.fitSamples < FIT_SAMPLE_ROWS && data.rows > 2 * Math.max(this.fitSamples, 16);
    if (fittedOnFew || data.slots - data.rows > Math.max(1024, data.rows)) await this.loadAll();
  }

  /** The bytes a copy of `rows` rows takes, records aside. */
  private bytesFor(rows: number): number {
    return bytesPerRows(rows, strideFor(this.info.dimensions), bitStrideFor(this.info.dimensions, this.info.metric));
  }

  private overBudget(rows: number): string {
    return `${rows} rows need about ${this.bytesFor(rows)} bytes, over the scan cache's maxBytes ${this.maxBytes}`;
  }

  /**
   * Loads the cache: from the snapshot when there is a usable one and no copy yet, else (unless `snapshotOnly`)
   * by reading every row, after which a snapshot is written.
   */
  private async loadAll(snapshotOnly = false): Promise<void> {
    if (this.data === undefined && this.snapshot?.usable() && (await this.restore())) return;
    if (snapshotOnly) return;
    const head = await this.client.execute(
      `SELECT (SELECT coalesce(max(seq), 0) FROM ${this.log}) AS seq, (SELECT count(*) FROM ${this.table}) AS n,
              (SELECT coalesce(max(rid), 0) FROM ${this.table}) AS maxrid`,
    );
    const seq = Number(head.rows[0]?.seq ?? 0);
    const n = Number(head.rows[0]?.n ?? 0);
    const maxRid = Number(head.rows[0]?.maxrid ?? 0);
    if (this.bytesFor(n) > this.maxBytes) return this.disable(this.overBudget(n));
    // A reload frees the copy it replaces first and builds the new one in the same WebAssembly memory, so memory
    // peaks at one copy, not two. Queries wait for it (sync shares this refresh); one that read the cache as
    // ready just before gets no candidates and answers another way.
    const previous = this.data;
    this.data = undefined;
    const kernel = previous?.release() ?? instantiateKernel();
    if (kernel === null) return this.disable("WebAssembly SIMD is not available");
    const samples = await sampleVectors(this.client, this.table, maxRid, Math.min(FIT_SAMPLE_ROWS, n));
    const data = QuantizedRows.fit(kernel, this.info.dimensions, this.info.metric, samples, this.maxBytes);
    if (!data.reserve(n)) return this.disable(this.overBudget(n));
    let after = 0;
    for (;;) {
      const page = await this.client.execute({
        sql: `SELECT ${ROW_COLUMNS} FROM ${this.table} WHERE rid > ? ORDER BY rid LIMIT ?`,
        args: [after, LOAD_PAGE_ROWS],
      });
      for (const row of page.rows) {
        after = Number(row.rid);
        const { record, cost } = rowRecord(row);
        if (!data.put(after, readVector(row.embedding), record, cost)) return this.disable(this.overBudget(data.rows + 1));
      }
      // What this cache holds while loading: the new copy, and whatever the released one still counts.
      this.peakBytes = Math.max(this.peakBytes, data.bytes + (previous?.bytes ?? 0));
      if (page.rows.length < LOAD_PAGE_ROWS) break;
      if (this.background !== undefined) await nextTask();
    }
    this.data = data;
    this.seq = seq;
    this.fitSamples = samples.length;
    this.fullLoads++;
    await this.snapshot?.write(data, seq, samples.length, this.background !== undefined);
  }

  /**
   * Restores the snapshot (see the class comment), checks it and applies the change log since; true when the
   * cache now holds it. Its records are applied in the background.
   */
  private async restore(): Promise<boolean> {
    try {
      const checked = await this.snapshot!.restore((rows) => this.maxChanges(rows));
      if (checked === undefined) return false;
      const { data, header, changes, snapshot, expected } = checked;
      this.data = data;
      this.seq = header.seq;
      this.fitSamples = header.fitSamples;
      this.peakBytes = Math.max(this.peakBytes, data.bytes);
      void this.applyRecords(data, snapshot, expected);
      // The change log since the snapshot, as the checks read it.
      await this.apply(data, changes);
      return this.data !== undefined;
    } catch {
      this.reset();
      return false;
    }
  }

  /**
   * Applies a restored snapshot's records in the background; the sampled rows' must be the database's. A bad
   * snapshot is refused and the cache reset, so the next query loads it again.
   */
  private async applyRecords(data: QuantizedRows, snapshot: OpenSnapshot, expected: Map<number, string>): Promise<void> {
    const ok = await applyRecordsFrom(snapshot, data, expected, () => this.data);
    if (ok || this.data !== data) return;
    this.snapshot?.refuse("its records are damaged, differ from the database, or pass maxBytes");
    this.reset();
  }
}
