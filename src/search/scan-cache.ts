import type { Client, Row } from "@libsql/client";
import { evaluateFilter, matchesEverything, type FilterNode, type FilterableRecord } from "../filter/index.js";
import { parseMetadata } from "../db/records.js";
import type { CollectionInfo } from "../db/collection-info.js";
import type { CollectionTables } from "../db/ddl.js";
import { quoteIdent } from "../db/sql.js";
import { decodeF32 } from "../db/vector.js";
import { WASM_BASE64 } from "./kernels/scan-i8.wasm.js";
import { randomRowids } from "./sql.js";

/** Columns the cache reads per row. */
const ROW_COLUMNS = "rid, id, document_id, metadata, embedding";

/** The filterable record of a row, and a rough JS heap cost of it (its text twice over, plus overhead). */
function rowRecord(row: Row): { record: FilterableRecord; cost: number } {
  const id = String(row.id);
  const documentId = row.document_id === null ? null : String(row.document_id);
  const text = typeof row.metadata === "string" ? row.metadata : "{}";
  return { record: { id, documentId, metadata: parseMetadata(text) }, cost: 2 * (id.length + (documentId?.length ?? 0) + text.length) + 96 };
}

/** A stored F32 vector, without copying when the driver hands over a whole ArrayBuffer. */
function readVector(blob: unknown): Float32Array {
  return blob instanceof ArrayBuffer && blob.byteLength % 4 === 0 ? new Float32Array(blob) : decodeF32(blob);
}

/**
 * Options of the in-process scan cache (see {@link ScanCache}). `true` takes the defaults, `false` turns the
 * cache off.
 */
export interface ScanCacheOptions {
  /** Largest memory one collection's cache may take; a bigger collection is searched without it. @default 1 GiB */
  maxBytes?: number;
}

export const DEFAULT_SCAN_CACHE_MAX_BYTES = 1024 ** 3;

/** Rows read per statement while loading, and rowids per statement while refreshing. */
const LOAD_PAGE_ROWS = 4096;
const REFRESH_PAGE_ROWS = 1000;
/** Rows sampled to fit the per-dimension quantization ranges. */
const FIT_SAMPLE_ROWS = 2048;
/** Each dimension's range is widened by this fraction on both sides, so later rows rarely clip. */
const RANGE_MARGIN = 0.1;

/** The little of the WebAssembly API used here (TypeScript's ES libs do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The compiled kernel and its memory. */
export interface Kernel {
  memory: WasmMemory;
  scan(codes: number, rows: number, stride: number, weights: number, out: number): void;
}

let compiled: object | null | undefined;

/** The int8 × int16 SIMD dot-product kernel, or null where WebAssembly SIMD is unavailable. */
export function instantiateKernel(): Kernel | null {
  if (compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(Buffer.from(WASM_BASE64, "base64"));
    } catch {
      compiled = null;
    }
  }
  if (compiled === null || wasm === undefined) return null;
  return new wasm.Instance(compiled, {}).exports as unknown as Kernel;
}

/** What a collection's cache is doing, for `explain` and for tests. */
export interface ScanCacheState {
  status: "empty" | "ready" | "disabled";
  rows: number;
  bytes: number;
  /** Last change-log sequence applied. */
  seq: number;
  fullLoads: number;
  refreshes: number;
  reason?: string;
}

/**
 * Quantized rows in WebAssembly memory: int8 codes per dimension, their rowids and (for l2) squared norms.
 * Synchronous; {@link ScanCache} keeps it in step with the database.
 */
export class QuantizedRows {
  /** Bytes per row of codes: dimensions rounded up to the kernel's 16-lane width. */
  readonly stride: number;
  private capacity = 0;
  private used = 0;
  private liveRows = 0;
  private rids = new Float64Array(0);
  private norms = new Float32Array(0);
  private readonly slotOf = new Map<number, number>();
  private free: number[] = [];
  private readonly invStep: Float32Array;
  /** Each slot's id, document id and parsed metadata, so filters are evaluated here before SQL confirms them. */
  private records: (FilterableRecord | undefined)[] = [];
  private recordCosts: number[] = [];
  /** Estimated JS heap taken by `records`. */
  private recordBytes = 0;

  constructor(
    private readonly kernel: Kernel,
    readonly dims: number,
    private readonly metric: CollectionInfo["metric"],
    /** Per-dimension lower bound and step of the 256 levels. */
    private readonly lo: Float32Array,
    private readonly step: Float32Array,
    private readonly maxBytes: number,
  ) {
    this.stride = strideFor(dims);
    this.invStep = step.map((x) => 1 / x);
  }

  /** Fits per-dimension ranges on sample vectors (widened by 10%); without samples, any unit-vector coordinate. */
  static fit(kernel: Kernel, dims: number, metric: CollectionInfo["metric"], samples: Float32Array[], maxBytes: number): QuantizedRows {
    const lo = new Float32Array(dims).fill(Infinity);
    const hi = new Float32Array(dims).fill(-Infinity);
    for (const raw of samples) {
      const v = prepare(raw, metric);
      for (let j = 0; j < dims; j++) {
        const x = v[j]!;
        if (x < lo[j]!) lo[j] = x;
        if (x > hi[j]!) hi[j] = x;
      }
    }
    const step = new Float32Array(dims);
    for (let j = 0; j < dims; j++) {
      let a = samples.length > 0 ? lo[j]! : -1;
      let b = samples.length > 0 ? hi[j]! : 1;
      const margin = Math.max(b - a, 1e-6) * RANGE_MARGIN;
      a -= margin;
      b += margin;
      lo[j] = a;
      step[j] = (b - a) / 255;
    }
    return new QuantizedRows(kernel, dims, metric, lo, step, maxBytes);
  }

  get rows(): number {
    return this.liveRows;
  }

  /** Slots holding rows or free, scanned by every query. */
  get slots(): number {
    return this.used;
  }

  get bytes(): number {
    return bytesPerRows(this.capacity, this.stride) + this.recordBytes;
  }

  private codesOffset(): number {
    return Math.ceil((this.stride * 2) / 16) * 16;
  }

  private outOffset(): number {
    return this.codesOffset() + this.capacity * this.stride;
  }

  /** Makes room for `rows` rows; false when that would pass maxBytes (or memory cannot grow). */
  reserve(rows: number): boolean {
    if (rows <= this.capacity) return true;
    const perRow = bytesPerRows(1, this.stride) - bytesPerRows(0, this.stride);
    const budgetRows = Math.floor((this.maxBytes - bytesPerRows(0, this.stride) - this.recordBytes) / perRow);
    if (rows > budgetRows) return false;
    const capacity = Math.min(budgetRows, Math.max(rows, Math.ceil(this.capacity * 1.5)));
    const needed = this.codesOffset() + capacity * (this.stride + 4);
    const have = this.kernel.memory.buffer.byteLength;
    try {
      if (needed > have) this.kernel.memory.grow(Math.ceil((needed - have) / 65536));
    } catch {
      return false;
    }
    const rids = new Float64Array(capacity).fill(NaN);
    rids.set(this.rids.subarray(0, this.used));
    this.rids = rids;
    const norms = new Float32Array(capacity);
    norms.set(this.norms.subarray(0, this.used));
    this.norms = norms;
    this.capacity = capacity;
    return true;
  }

  /** Stores or replaces one row; false when there is no room within maxBytes. */
  put(rid: number, vector: Float32Array, record: FilterableRecord, recordBytes: number): boolean {
    if (vector.length !== this.dims) return true; // the table's CHECK rules this out; never corrupt the cache
    let slot = this.slotOf.get(rid);
    if (slot === undefined) {
      slot = this.free.pop();
      if (slot === undefined) {
        if (!this.reserve(this.used + 1)) return false;
        slot = this.used++;
      }
      this.slotOf.set(rid, slot);
      this.rids[slot] = rid;
      this.liveRows++;
    }
    const codes = new Int8Array(this.kernel.memory.buffer, this.codesOffset() + slot * this.stride, this.stride);
    const { lo, invStep, dims } = this;
    // Cosine codes describe the unit vector; l2 keeps the squared norm for the distance estimate.
    let norm = 0;
    for (let j = 0; j < dims; j++) norm += vector[j]! * vector[j]!;
    const scale = this.metric === "cosine" ? (norm > 0 ? 1 / Math.sqrt(norm) : 0) : 1;
    for (let j = 0; j < dims; j++) {
      // Level 0..255, rounded half up and clamped, stored as -128..127. (Math.round is 4x slower here.)
      let level = (vector[j]! * scale - lo[j]!) * invStep[j]! + 0.5;
      level = level < 0 ? 0 : level > 255 ? 255 : level;
      codes[j] = (level | 0) - 128;
    }
    this.norms[slot] = this.metric === "cosine" ? 1 : norm;
    this.recordBytes += recordBytes - (this.recordCosts[slot] ?? 0);
    this.records[slot] = record;
    this.recordCosts[slot] = recordBytes;
    return bytesPerRows(this.used, this.stride) + this.recordBytes <= this.maxBytes;
  }

  remove(rid: number): void {
    const slot = this.slotOf.get(rid);
    if (slot === undefined) return;
    this.slotOf.delete(rid);
    this.rids[slot] = NaN;
    new Int8Array(this.kernel.memory.buffer, this.codesOffset() + slot * this.stride, this.stride).fill(0);
    this.recordBytes -= this.recordCosts[slot] ?? 0;
    this.records[slot] = undefined;
    this.recordCosts[slot] = 0;
    this.free.push(slot);
    this.liveRows--;
  }

  /**
   * The fraction of rows that pass `filter`, from up to `samples` random rows (evaluated here, in JS), with
   * Laplace's rule so that a sample without matches still says "rare", not "none".
   */
  selectivity(filter: FilterNode, samples = 1024): number {
    if (this.liveRows === 0) return 0;
    if (this.liveRows <= samples) return this.countMatches(filter) / this.liveRows;
    let tested = 0;
    let matched = 0;
    // Random slots: strides would alias with periodic data (every 100th row, say). Free slots are skipped.
    for (let k = 0; k < samples; k++) {
      const record = this.records[Math.floor(Math.random() * this.used)];
      if (record === undefined) continue;
      tested++;
      if (evaluateFilter(filter, record)) matched++;
    }
    return (matched + 1) / (tested + 2);
  }

  private countMatches(filter: FilterNode): number {
    let n = 0;
    for (let i = 0; i < this.used; i++) {
      const record = this.records[i];
      if (record !== undefined && evaluateFilter(filter, record)) n++;
    }
    return n;
  }

  /** Quantized scores of every slot (higher is nearer), valid until the next call. */
  private score(query: Float32Array): { dots: Int32Array; norms: Float32Array | undefined; inv: number } {
    const d = this.dims;
    const q = prepare(query, this.metric);
    // Weights step_j · q_j scaled to int16, small enough that no int32 lane can overflow:
    // |code| ≤ 128, so each product is below 128 · wmax and a lane sums at most d of them.
    const wmax = Math.min(32767, Math.floor(2 ** 31 / (128 * d)) - 1);
    let big = 0;
    for (let j = 0; j < d; j++) big = Math.max(big, Math.abs(this.step[j]! * q[j]!));
    const alpha = big > 0 ? wmax / big : 0;
    const weights = new Int16Array(this.kernel.memory.buffer, 0, this.stride);
    weights.fill(0);
    for (let j = 0; j < d; j++) weights[j] = Math.round(this.step[j]! * q[j]! * alpha);
    this.kernel.scan(this.codesOffset(), this.used, this.stride, 0, this.outOffset());
    const dots = new Int32Array(this.kernel.memory.buffer, this.outOffset(), this.used);
    // Higher is nearer: x·q (up to a constant) for cosine; 2·x·q − |x|² for l2 (|q|² is the same for all rows).
    return { dots, norms: this.metric === "l2" ? this.norms : undefined, inv: alpha > 0 ? 1 / alpha : 0 };
  }

  /**
   * The rowids of the `count` rows nearest to `query` by quantized distance, in no particular order. With a
   * filter, the `count` nearest rows whose cached record passes it (fewer when fewer rows match): the filter is
   * evaluated only on rows that would enter the current best `count`, so selective filters cost few
   * evaluations once the best matches so far are near.
   */
  candidates(query: Float32Array, count: number, filter?: FilterNode): number[] {
    if (this.liveRows === 0 || count <= 0) return [];
    const { dots, norms, inv } = this.score(query);
    const records = this.records;
    const accept = filter === undefined || matchesEverything(filter) ? undefined : (slot: number) => evaluateFilter(filter, records[slot]!);
    const top = topSlots(dots, this.used, Math.min(count, this.liveRows), this.rids, norms, inv, accept);
    return Array.from(top.slots, (slot) => this.rids[slot]!);
  }
}

/** Bytes per row of codes: dimensions rounded up to the kernel's 16-lane width. */
function strideFor(dims: number): number {
  return Math.ceil(dims / 16) * 16;
}

function bytesPerRows(rows: number, stride: number): number {
  // codes + scores in WebAssembly memory, rowids + norms in JS, plus the query weights
  return rows * (stride + 4 + 8 + 4) + stride * 2;
}

/** Unit length for cosine (so codes rank by cosine); unchanged for l2. */
function prepare(v: Float32Array, metric: CollectionInfo["metric"]): Float32Array {
  if (metric !== "cosine") return v;
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  const out = new Float32Array(v.length);
  for (let j = 0; j < v.length; j++) out[j] = v[j]! * inv;
  return out;
}

/**
 * An in-process, int8-quantized copy of one collection's vectors, scanned with a WebAssembly SIMD kernel to
 * pick candidates that SQL then re-ranks at full precision. libSQL stays the source of truth: the cache holds
 * only rowids and 1-byte codes, and before every use it applies the collection's change log (rows written
 * since its last sequence, by this or any other connection or process), so a query sees every write committed
 * before it started.
 *
 * Quantization is per dimension (each dimension's range, fitted on a sample and widened by 10%), so
 * embeddings with a few large dimensions keep their precision elsewhere. Cosine collections store codes of
 * unit vectors; l2 collections keep each row's squared norm as well. A full load builds a new copy and swaps
 * it in, so queries running meanwhile use the old one.
 */
export class ScanCache {
  private readonly table: string;
  private readonly log: string;
  private readonly maxBytes: number;
  private data: QuantizedRows | undefined;
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
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_SCAN_CACHE_MAX_BYTES;
    this.table = quoteIdent(tables.chunks);
    this.log = quoteIdent(tables.log);
    if (info.vectorType !== "F32_BLOB") this.disabled = `the scan cache holds F32_BLOB vectors; this collection has ${info.vectorType}`;
    else if (info.schemaVersion < 2) this.disabled = "the collection has no change log (table version 1)";
  }

  state(): ScanCacheState {
    const base = { rows: this.data?.rows ?? 0, bytes: this.data?.bytes ?? 0, seq: this.seq, fullLoads: this.fullLoads, refreshes: this.refreshes };
    if (this.disabled !== undefined) return { status: "disabled", ...base, reason: this.disabled };
    return { status: this.data === undefined ? "empty" : "ready", ...base };
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

  /** Candidates from the current copy; see {@link QuantizedRows.candidates}. Call after {@link sync}. */
  candidates(query: Float32Array, count: number, filter?: FilterNode): number[] {
    return this.data?.candidates(query, count, filter) ?? [];
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
    // The bounds and the changed rowids from one snapshot, so a trim by another writer cannot slip between them.
    const [bounds, changed] = await this.client.batch(
      [
        `SELECT (SELECT min(seq) FROM ${this.log}) AS lo, (SELECT max(seq) FROM ${this.log}) AS hi`,
        { sql: `SELECT DISTINCT rid FROM ${this.log} WHERE seq > ?`, args: [this.seq] },
      ],
      "read",
    );
    const lo = bounds!.rows[0]?.lo == null ? null : Number(bounds!.rows[0].lo);
    const hi = bounds!.rows[0]?.hi == null ? 0 : Number(bounds!.rows[0].hi);
    if (hi === this.seq) return;
    // The log was trimmed past us, or the collection was dropped and made again: start over.
    if (hi < this.seq || (lo !== null && lo > this.seq + 1)) return this.loadAll();
    if (changed!.rows.length > Math.max(REFRESH_PAGE_ROWS, data.rows / 4)) return this.loadAll();
    const rids = changed!.rows.map((r) => Number(r.rid));
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
        if (!data.put(rid, readVector(row.embedding), record, cost)) return this.disable(this.overBudget(data.rows + 1, data.stride));
      }
      for (const rid of page) if (!present.has(rid)) data.remove(rid);
    }
    this.seq = hi;
    this.refreshes++;
    // Ranges fitted on few rows may not suit the many there are now, and many free slots waste scan time.
    const fittedOnFew = this.fitSamples < FIT_SAMPLE_ROWS && data.rows > 2 * Math.max(this.fitSamples, 16);
    if (fittedOnFew || data.slots - data.rows > Math.max(1024, data.rows)) await this.loadAll();
  }

  private overBudget(rows: number, stride: number): string {
    return `${rows} rows need about ${bytesPerRows(rows, stride)} bytes, over the scan cache's maxBytes ${this.maxBytes}`;
  }

  private async loadAll(): Promise<void> {
    const head = await this.client.execute(
      `SELECT (SELECT coalesce(max(seq), 0) FROM ${this.log}) AS seq, (SELECT count(*) FROM ${this.table}) AS n,
              (SELECT coalesce(max(rid), 0) FROM ${this.table}) AS maxrid`,
    );
    const seq = Number(head.rows[0]?.seq ?? 0);
    const n = Number(head.rows[0]?.n ?? 0);
    const maxRid = Number(head.rows[0]?.maxrid ?? 0);
    const stride = strideFor(this.info.dimensions);
    if (bytesPerRows(n, stride) > this.maxBytes) return this.disable(this.overBudget(n, stride));
    const kernel = instantiateKernel();
    if (kernel === null) return this.disable("WebAssembly SIMD is not available");
    const samples = await this.sample(maxRid, n);
    const data = QuantizedRows.fit(kernel, this.info.dimensions, this.info.metric, samples, this.maxBytes);
    if (!data.reserve(n)) return this.disable(this.overBudget(n, stride));
    let after = 0;
    for (;;) {
      const page = await this.client.execute({
        sql: `SELECT ${ROW_COLUMNS} FROM ${this.table} WHERE rid > ? ORDER BY rid LIMIT ?`,
        args: [after, LOAD_PAGE_ROWS],
      });
      for (const row of page.rows) {
        after = Number(row.rid);
        const { record, cost } = rowRecord(row);
        if (!data.put(after, readVector(row.embedding), record, cost)) return this.disable(this.overBudget(data.rows + 1, stride));
      }
      if (page.rows.length < LOAD_PAGE_ROWS) break;
    }
    this.data = data;
    this.seq = seq;
    this.fitSamples = samples.length;
    this.fullLoads++;
  }

  /**
   * Vectors of up to FIT_SAMPLE_ROWS rows: random rowids, topped up with the first rows when deletes left the
   * rowid range sparse.
   */
  private async sample(maxRid: number, rows: number): Promise<Float32Array[]> {
    const want = Math.min(FIT_SAMPLE_ROWS, rows);
    if (want <= 0) return [];
    const rs = await this.client.execute({
      sql: `SELECT embedding FROM ${this.table} WHERE rid IN (SELECT value FROM json_each(?))`,
      args: [JSON.stringify(randomRowids(maxRid, want))],
    });
    const out = rs.rows.map((row) => readVector(row.embedding));
    if (out.length < want / 2) {
      const more = await this.client.execute({ sql: `SELECT embedding FROM ${this.table} LIMIT ?`, args: [want - out.length] });
      out.push(...more.rows.map((row) => readVector(row.embedding)));
    }
    return out;
  }
}

/**
 * The `count` best live slots (that `accept` takes, when given) and their scores. Scores are `dots[i]`, or
 * `2·dots[i]·inv − norms[i]` when `norms` is given. A min-heap of the best so far keeps it O(n + m log count).
 */
function topSlots(
  dots: Int32Array,
  used: number,
  count: number,
  rids: Float64Array,
  norms: Float32Array | undefined,
  inv: number,
  accept?: (slot: number) => boolean,
): { slots: Int32Array; scores: Float64Array } {
  const heapScore = new Float64Array(count);
  const heapSlot = new Int32Array(count);
  let size = 0;
  for (let i = 0; i < used; i++) {
    const rid = rids[i]!;
    if (rid !== rid) continue; // NaN: a free slot
    const score = norms === undefined ? dots[i]! : 2 * dots[i]! * inv - norms[i]!;
    // The score test is cheap; the filter runs only for rows that would make the cut.
    if (size === count && score <= heapScore[0]!) continue;
    if (accept !== undefined && !accept(i)) continue;
    if (size < count) {
      // Sift up.
      let j = size++;
      heapScore[j] = score;
      heapSlot[j] = i;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (heapScore[p]! <= heapScore[j]!) break;
        swap(heapScore, heapSlot, p, j);
        j = p;
      }
    } else {
      heapScore[0] = score;
      heapSlot[0] = i;
      // Sift down.
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && heapScore[r]! < heapScore[l]! ? r : l;
        if (heapScore[c]! >= heapScore[j]!) break;
        swap(heapScore, heapSlot, c, j);
        j = c;
      }
    }
  }
  return { slots: heapSlot.subarray(0, size), scores: heapScore.subarray(0, size) };
}

function swap(scores: Float64Array, slots: Int32Array, a: number, b: number): void {
  const s = scores[a]!;
  scores[a] = scores[b]!;
  scores[b] = s;
  const t = slots[a]!;
  slots[a] = slots[b]!;
  slots[b] = t;
}
