// Each slot's filterable record (id, document id, parsed metadata) with its estimated JS heap cost, for the filters
// the scan cache evaluates itself and the selectivity it estimates from them. After a restore from a snapshot,
// the records still to come are marked pending.
import { evaluateFilter, type FilterNode, type FilterableRecord } from "../../filter/index.js";
import { seededRandom } from "../../random.js";
import { recordLine } from "./rows.js";

/** The seed of the selectivity sample, with the number of slots in use mixed in. */
const SAMPLE_SEED = 0x5eed_cafe;

export class SlotRecords {
  private readonly records: (FilterableRecord | undefined)[] = [];
  private readonly costs: number[] = [];
  private heap = 0;
  /** Slots restored from a snapshot whose record has not come yet (see {@link applyLines}). */
  private pendingSlots: Uint8Array | undefined;
  private pendingCount = 0;

  /** Estimated JS heap taken by the records. */
  get bytes(): number {
    return this.heap;
  }

  /** True while some restored slots have no record yet. */
  get pending(): boolean {
    return this.pendingCount > 0;
  }

  get(slot: number): FilterableRecord | undefined {
    return this.records[slot];
  }

  set(slot: number, record: FilterableRecord, cost: number): void {
    this.heap += cost - (this.costs[slot] ?? 0);
    this.records[slot] = record;
    this.costs[slot] = cost;
    this.settle(slot);
  }

  clear(slot: number): void {
    this.heap -= this.costs[slot] ?? 0;
    this.records[slot] = undefined;
    this.costs[slot] = 0;
    this.settle(slot);
  }

  /** Marks the first `slots` slots for which `live` holds as waiting for their record from a snapshot. */
  expect(slots: number, live: (slot: number) => boolean): void {
    const pending = new Uint8Array(slots);
    let count = 0;
    for (let slot = 0; slot < slots; slot++) {
      if (!live(slot)) continue;
      pending[slot] = 1;
      count++;
    }
    this.pendingSlots = count > 0 ? pending : undefined;
    this.pendingCount = count;
  }

  /**
   * Applies snapshot lines (see {@link line}) to slots `from`, `from + 1`, …, skipping slots written or freed
   * since the restore. False when a line is not a record, or the line of a row in `expected` (by the rowid
   * `ridOf` gives) is not the one expected.
   */
  applyLines(lines: readonly string[], from: number, ridOf: (slot: number) => number, expected: ReadonlyMap<number, string>): boolean {
    const pending = this.pendingSlots;
    if (pending === undefined) return true;
    for (let i = 0; i < lines.length; i++) {
      const slot = from + i;
      if (pending[slot] !== 1) continue;
      const want = expected.get(ridOf(slot));
      if (want !== undefined && want !== lines[i]) return false;
      const parsed = JSON.parse(lines[i]!) as unknown;
      if (!Array.isArray(parsed) || typeof parsed[0] !== "string" || (parsed[1] !== null && typeof parsed[1] !== "string")) return false;
      const metadata = parsed[2] !== null && typeof parsed[2] === "object" && !Array.isArray(parsed[2]) ? (parsed[2] as Record<string, unknown>) : {};
      this.set(slot, { id: parsed[0], documentId: parsed[1] as string | null, metadata }, 2 * lines[i]!.length + 96);
    }
    return true;
  }

  /**
   * The fraction of the `live` rows among the first `used` slots that pass `filter`, from up to `samples` random
   * slots (evaluated here, in JS), with Laplace's rule so that a sample without matches still says "rare", not
   * "none".
   */
  selectivity(filter: FilterNode, used: number, live: number, samples: number): number {
    if (live === 0) return 0;
    if (live <= samples) return this.countMatches(filter, used) / live;
    let tested = 0;
    let matched = 0;
    // Random slots: strides would alias with periodic data (every 100th row, say). Free slots are skipped. Seeded,
    // so that one state of the cache always gives one estimate, and a query one plan.
    const random = seededRandom(SAMPLE_SEED ^ used);
    for (let k = 0; k < samples; k++) {
      const record = this.records[Math.floor(random() * used)];
      if (record === undefined) continue;
      tested++;
      if (evaluateFilter(filter, record)) matched++;
    }
    return (matched + 1) / (tested + 2);
  }

  private countMatches(filter: FilterNode, used: number): number {
    let n = 0;
    for (let i = 0; i < used; i++) {
      const record = this.records[i];
      if (record !== undefined && evaluateFilter(filter, record)) n++;
    }
    return n;
  }

  /** A snapshot's line for a slot: `[id, documentId, metadata]` as JSON, empty for a free slot. */
  line(slot: number): string {
    const record = this.records[slot];
    return record === undefined ? "" : recordLine(record);
  }

  /** Marks a slot's record as no longer coming from the snapshot. */
  private settle(slot: number): void {
    if (this.pendingSlots?.[slot] !== 1) return;
    this.pendingSlots[slot] = 0;
    if (--this.pendingCount === 0) this.pendingSlots = undefined;
  }
}
