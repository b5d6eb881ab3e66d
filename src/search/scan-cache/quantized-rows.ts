import { evaluateFilter, matchesEverything, type FilterNode, type FilterableRecord } from "../../filter/index.js";
import type { Metric } from "../../db/vector.js";
import type { Kernel } from "./kernel.js";
import { bytesPerRows, prepare, strideFor } from "./layout.js";
import { topSlots } from "./top-slots.js";

/** Each dimension's range is widened by this fraction on both sides, so later rows rarely clip. */
const RANGE_MARGIN = 0.1;

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
    private readonly metric: Metric,
    /** Per-dimension lower bound and step of the 256 levels. */
    private readonly lo: Float32Array,
    private readonly step: Float32Array,
    private readonly maxBytes: number,
  ) {
    this.stride = strideFor(dims);
    this.invStep = step.map((x) => 1 / x);
  }

  /** Fits per-dimension ranges on sample vectors (widened by 10%); without samples, any unit-vector coordinate. */
  static fit(kernel: Kernel, dims: number, metric: Metric, samples: Float32Array[], maxBytes: number): QuantizedRows {
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
      // Level 0..255, rounded half up and clamped, stored as -128..127; by hand, as Math.round is slower here
      // (docs/benchmarks.md).
      let level = (vector[j]! * scale - lo[j]!) * invStep[j]! + 0.5;
      level = level < 0 ? 0 : Math.min(level, 255);
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
