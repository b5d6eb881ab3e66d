import { evaluateFilter, matchesEverything, type FilterNode, type FilterableRecord } from "../../filter/index.js";
import type { Metric } from "../../db/vector.js";
import type { Kernel } from "./kernel.js";
import { Codebook, type Binarisation } from "./codebook.js";
import { bitPass, bitPassFits, type BitPassRows } from "./bit-pass.js";
import { bitStrideFor, bytesPerRows, memoryAreas, prepare, strideFor, type MemoryAreas } from "./layout.js";
import { writeQueryWeights } from "./query-weights.js";
import { topSlots } from "./top-slots.js";
import { SlotRecords } from "./slot-records.js";

/**
 * Quantized rows in WebAssembly memory: int8 codes per dimension, for cosine also 1-bit codes (one bit per
 * dimension, set when the int8 code is at or above the dimension's cut), their rowids and (for l2) squared
 * norms. Synchronous; {@link ScanCache} keeps it in step with the database.
 *
 * Memory: [header: query weights, query bits, histogram][int8 codes × capacity][1-bit codes × capacity]
 * [scores × capacity]. The score area doubles as scratch for the 1-bit pass (u16 distances, then the shortlist's
 * slots and scores).
 */
export class QuantizedRows {
  /** Bytes per row of codes: dimensions rounded up to the kernel's 16-lane width. */
  readonly stride: number;
  /** Bytes per row of 1-bit codes (0 for l2). */
  readonly bitStride: number;
  private capacity = 0;
  /** Where the kernel's memory areas start for the current capacity. */
  private areas: MemoryAreas;
  private used = 0;
  private liveRows = 0;
  private rids = new Float64Array(0);
  private norms = new Float32Array(0);
  /** Slot by rowid; built on first use after a restore (see {@link slotOf}). */
  private slotMap: Map<number, number> | undefined = new Map();
  private free: number[] = [];
  /** Each slot's id, document id and parsed metadata, so filters are evaluated here before SQL confirms them. */
  private records = new SlotRecords();

  constructor(
    private readonly kernel: Kernel,
    readonly dims: number,
    private readonly metric: Metric,
    private readonly codebook: Codebook,
    private readonly maxBytes: number,
  ) {
    this.stride = strideFor(dims);
    this.bitStride = bitStrideFor(dims, metric);
    this.areas = memoryAreas(this.stride, this.bitStride, 0);
  }

  /** A copy whose codebook is fitted on sample vectors (see {@link Codebook.fit}). */
  static fit(kernel: Kernel, dims: number, metric: Metric, samples: Float32Array[], maxBytes: number, binarisation: Binarisation = "mid"): QuantizedRows {
    return new QuantizedRows(kernel, dims, metric, Codebook.fit(dims, metric, samples, binarisation), maxBytes);
  }

  get rows(): number {
    return this.liveRows;
  }

  /** Slots holding rows or free, scanned by every query. */
  get slots(): number {
    return this.used;
  }

  /** Size of the WebAssembly memory (the codes and scratch); it never shrinks. */
  get memoryBytes(): number {
    return this.kernel.memory.buffer.byteLength;
  }

  /**
   * Hands the kernel (and its memory) over to a new copy; this one is empty afterwards and must not be used, as
   * the new copy overwrites the memory.
   */
  release(): Kernel {
    this.used = 0;
    this.liveRows = 0;
    this.capacity = 0;
    this.areas = memoryAreas(this.stride, this.bitStride, 0);
    this.slotMap = new Map();
    this.records = new SlotRecords();
    this.rids = new Float64Array(0);
    this.norms = new Float32Array(0);
    this.free = [];
    return this.kernel;
  }

  /**
   * A copy restored from a snapshot's parts: room for `slots` slots is made, then `fill` writes the rowids
   * (NaN for a free slot), norms, int8 codes and 1-bit codes into place. Records come later, through
   * {@link applyRecords}; until then filters cannot be evaluated here ({@link recordsPending}). Undefined when
   * the parts do not fit within maxBytes, `fill` fails, or the rowids are not distinct integers.
   */
  static restore(
    kernel: Kernel,
    dims: number,
    metric: Metric,
    codebook: Codebook,
    maxBytes: number,
    slots: number,
    fill: (parts: { rids: Float64Array; norms: Float32Array; codes: Uint8Array; bits: Uint8Array }) => boolean,
  ): QuantizedRows | undefined {
    const data = new QuantizedRows(kernel, dims, metric, codebook, maxBytes);
    if (!data.reserve(slots)) return undefined;
    const buffer = kernel.memory.buffer;
    const parts = {
      rids: data.rids.subarray(0, slots),
      norms: data.norms.subarray(0, slots),
      codes: new Uint8Array(buffer, data.areas.codes, slots * data.stride),
      bits: new Uint8Array(buffer, data.areas.bits, slots * data.bitStride),
    };
    if (!fill(parts)) return undefined;
    data.used = slots;
    for (let slot = 0; slot < slots; slot++) {
      const rid = data.rids[slot]!;
      if (Number.isNaN(rid)) {
        data.free.push(slot);
        continue;
      }
      if (!Number.isSafeInteger(rid)) return undefined;
      data.liveRows++;
    }
    data.records.expect(slots, (slot) => !Number.isNaN(data.rids[slot]!));
    // The slot map (a million entries take over 100 ms) is built when first needed.
    data.slotMap = undefined;
    return data;
  }

  /**
   * The slot of each rowid, built from the rowids after a restore. A rowid held twice (only a damaged
   * snapshot that passed its checks could have one) keeps its first slot; the other is freed.
   */
  private get slotOf(): Map<number, number> {
    if (this.slotMap !== undefined) return this.slotMap;
    const map = new Map<number, number>();
    this.slotMap = map;
    for (let slot = 0; slot < this.used; slot++) {
      const rid = this.rids[slot]!;
      if (Number.isNaN(rid)) continue;
      if (map.has(rid)) this.freeSlot(slot);
      else map.set(rid, slot);
    }
    return map;
  }

  /** Builds the slot map now, if it is not built yet. */
  indexRows(): void {
    void this.slotOf;
  }

  /** True while some restored rows have no record yet: filters cannot be evaluated here. */
  get recordsPending(): boolean {
    return this.records.pending;
  }

  /**
   * Applies snapshot record lines (see {@link recordLine}) to slots `from`, `from + 1`, …, skipping slots
   * written or freed since the restore. False when the records pass maxBytes, a line is not a record, or the
   * line of a row in `expected` (by rowid) is not the one expected.
   */
  applyRecords(lines: readonly string[], from: number, expected: ReadonlyMap<number, string> = new Map()): boolean {
    if (!this.records.applyLines(lines, from, (slot) => this.rids[slot]!, expected)) return false;
    return bytesPerRows(this.used, this.stride, this.bitStride) + this.records.bytes <= this.maxBytes;
  }

  /** A snapshot's line for a slot: `[id, documentId, metadata]` as JSON, empty for a free slot. */
  recordLine(slot: number): string {
    return this.records.line(slot);
  }

  /**
   * What a snapshot stores besides the records: the codebook and views of the slots' rowids, norms and codes.
   * The views are of live memory, valid until the next change.
   */
  snapshotParts(): { codebook: Codebook; rids: Float64Array; norms: Float32Array; codes: Uint8Array; bits: Uint8Array } {
    const buffer = this.kernel.memory.buffer;
    return {
      codebook: this.codebook,
      rids: this.rids.subarray(0, this.used),
      norms: this.norms.subarray(0, this.used),
      codes: new Uint8Array(buffer, this.areas.codes, this.used * this.stride),
      bits: new Uint8Array(buffer, this.areas.bits, this.used * this.bitStride),
    };
  }

  /** Up to `count` random live slots (by rowid), none of a rowid in `except`. */
  sampleSlots(count: number, except: ReadonlySet<number>): Map<number, number> {
    const out = new Map<number, number>();
    for (let tries = 0; out.size < count && tries < count * 8 && this.used > 0; tries++) {
      const slot = Math.floor(Math.random() * this.used);
      const rid = this.rids[slot]!;
      if (!Number.isNaN(rid) && !except.has(rid)) out.set(rid, slot);
    }
    return out;
  }

  /** Whether the slot's stored codes are those of `vector` (a restored snapshot is checked this way). */
  holds(slot: number, vector: Float32Array): boolean {
    if (slot >= this.used || vector.length !== this.dims) return false;
    const expected = new Int8Array(this.dims);
    this.codebook.quantize(vector, this.scaleOf(vector).scale, expected);
    const stored = new Int8Array(this.kernel.memory.buffer, this.areas.codes + slot * this.stride, this.dims);
    for (let j = 0; j < this.dims; j++) if (stored[j] !== expected[j]) return false;
    return true;
  }

  /** The factor codes are taken at (the inverse norm for cosine, whose codes describe the unit vector) and the squared norm. */
  private scaleOf(vector: Float32Array): { scale: number; norm: number } {
    let norm = 0;
    for (let j = 0; j < this.dims; j++) norm += vector[j]! * vector[j]!;
    return { scale: this.metric === "cosine" ? (norm > 0 ? 1 / Math.sqrt(norm) : 0) : 1, norm };
  }

  get bytes(): number {
    return bytesPerRows(this.capacity, this.stride, this.bitStride) + this.records.bytes;
  }

  /** Makes room for `rows` rows; false when that would pass maxBytes (or memory cannot grow). */
  reserve(rows: number): boolean {
    if (rows <= this.capacity) return true;
    const perRow = bytesPerRows(1, this.stride, this.bitStride) - bytesPerRows(0, this.stride, this.bitStride);
    const budgetRows = Math.floor((this.maxBytes - bytesPerRows(0, this.stride, this.bitStride) - this.records.bytes) / perRow);
    if (rows > budgetRows) return false;
    const capacity = Math.min(budgetRows, Math.max(rows, Math.ceil(this.capacity * 1.5)));
    const areas = memoryAreas(this.stride, this.bitStride, capacity);
    const needed = areas.scores + capacity * 4;
    const have = this.kernel.memory.buffer.byteLength;
    try {
      if (needed > have) this.kernel.memory.grow(Math.ceil((needed - have) / 65536));
    } catch {
      return false;
    }
    // The 1-bit codes follow the int8 codes, so they move up as the int8 area grows.
    if (this.bitStride > 0 && this.used > 0) {
      const from = this.areas.bits;
      new Uint8Array(this.kernel.memory.buffer).copyWithin(areas.bits, from, from + this.used * this.bitStride);
    }
    const rids = new Float64Array(capacity).fill(NaN);
    rids.set(this.rids.subarray(0, this.used));
    this.rids = rids;
    const norms = new Float32Array(capacity);
    norms.set(this.norms.subarray(0, this.used));
    this.norms = norms;
    this.capacity = capacity;
    this.areas = areas;
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
    const codes = new Int8Array(this.kernel.memory.buffer, this.areas.codes + slot * this.stride, this.stride);
    // Cosine codes describe the unit vector; l2 keeps the squared norm for the distance estimate.
    const { scale, norm } = this.scaleOf(vector);
    this.codebook.quantize(vector, scale, codes);
    if (this.bitStride > 0) this.codebook.packBits(codes, new Uint8Array(this.kernel.memory.buffer, this.areas.bits + slot * this.bitStride, this.bitStride));
    this.norms[slot] = this.metric === "cosine" ? 1 : norm;
    this.records.set(slot, record, recordBytes);
    return bytesPerRows(this.used, this.stride, this.bitStride) + this.records.bytes <= this.maxBytes;
  }

  remove(rid: number): void {
    const slot = this.slotOf.get(rid);
    if (slot === undefined) return;
    this.slotOf.delete(rid);
    this.freeSlot(slot);
  }

  private freeSlot(slot: number): void {
    this.rids[slot] = NaN;
    new Int8Array(this.kernel.memory.buffer, this.areas.codes + slot * this.stride, this.stride).fill(0);
    new Uint8Array(this.kernel.memory.buffer, this.areas.bits + slot * this.bitStride, this.bitStride).fill(0);
    this.records.clear(slot);
    this.free.push(slot);
    this.liveRows--;
  }

  /** The fraction of rows that pass `filter`, estimated on the cached records (see {@link SlotRecords.selectivity}). */
  selectivity(filter: FilterNode, samples = 1024): number {
    return this.records.selectivity(filter, this.used, this.liveRows, samples);
  }

  /** Quantized scores of every slot (higher is nearer), valid until the next call. */
  private score(query: Float32Array): { dots: Int32Array; norms: Float32Array | undefined; inv: number } {
    const inv = writeQueryWeights(this.kernel, this.codebook, this.stride, prepare(query, this.metric));
    this.kernel.scan(this.areas.codes, this.used, this.stride, 0, this.areas.scores);
    const dots = new Int32Array(this.kernel.memory.buffer, this.areas.scores, this.used);
    // Higher is nearer: x·q (up to a constant) for cosine; 2·x·q − |x|² for l2 (|q|² is the same for all rows).
    return { dots, norms: this.metric === "l2" ? this.norms : undefined, inv };
  }

  /** Whether {@link candidates} takes the 1-bit pass for this count and shortlist (unfiltered queries). */
  passesShortlist(count: number, shortlist: number): boolean {
    return this.bitStride > 0 && shortlist > count && shortlist < this.used && bitPassFits(this.bitRows(), shortlist);
  }

  /** The 1-bit pass (see {@link bitPass}) over the slots in use. */
  private shortlistScores(query: Float32Array, shortlist: number): { slots: Int32Array; dots: Int32Array } | undefined {
    return bitPass(this.bitRows(), prepare(query, this.metric), shortlist);
  }

  private bitRows(): BitPassRows {
    const { kernel, codebook, dims, stride, bitStride, used: slots, areas } = this;
    return { kernel, codebook, dims, stride, bitStride, slots, areas };
  }

  /** The rowids of the 1-bit pass's `count` nearest rows (for benchmarks and tests); empty for l2. */
  shortlist(query: Float32Array, count: number): number[] {
    if (this.liveRows === 0 || count <= 0) return [];
    const short = this.shortlistScores(query, Math.min(count, this.used));
    return short === undefined ? [] : Array.from(short.slots, (slot) => this.rids[slot]!).filter((rid) => !Number.isNaN(rid));
  }

  /**
   * The rowids of the `count` rows nearest to `query` by quantized distance, in no particular order. With a
   * filter, the `count` nearest rows whose cached record passes it (fewer when fewer rows match): the filter is
   * evaluated only on rows that would enter the current best `count`, so selective filters cost few
   * evaluations once the best matches so far are near. Without a filter and with a `shortlist` larger than
   * `count`, only that many rows, the nearest by their 1-bit codes, are scored by their int8 codes.
   */
  candidates(query: Float32Array, count: number, filter?: FilterNode, shortlist = 0): number[] {
    if (this.liveRows === 0 || count <= 0) return [];
    const unfiltered = filter === undefined || matchesEverything(filter);
    if (unfiltered && this.passesShortlist(count, shortlist)) {
      const short = this.shortlistScores(query, shortlist);
      if (short !== undefined) {
        const rids = new Float64Array(short.slots.length);
        for (let i = 0; i < rids.length; i++) rids[i] = this.rids[short.slots[i]!]!;
        const top = topSlots(short.dots, short.slots.length, Math.min(count, this.liveRows), rids, undefined, 0);
        return Array.from(top.slots, (i) => rids[i]!);
      }
    }
    const { dots, norms, inv } = this.score(query);
    const records = this.records;
    const accept = filter === undefined || matchesEverything(filter) ? undefined : (slot: number) => evaluateFilter(filter, records.get(slot)!);
    const top = topSlots(dots, this.used, Math.min(count, this.liveRows), this.rids, norms, inv, accept);
    return Array.from(top.slots, (slot) => this.rids[slot]!);
  }
}
