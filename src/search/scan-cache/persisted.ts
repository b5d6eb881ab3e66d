// Writing a scan cache's copy to a snapshot, and reading one back into a copy: the file side of ScanCache's
// persistence. Checking a snapshot against the database is ScanCache's job (scan-cache.ts).
import type { Client } from "@libsql/client";
import type { CollectionInfo } from "../../db/collection-info.js";
import { Codebook } from "./codebook.js";
import { instantiateKernel, type Kernel } from "./kernel.js";
import { bitStrideFor, strideFor } from "./layout.js";
import { QuantizedRows } from "./quantized-rows.js";
import { changesSince, reachesBack, readVector, recordLine, ROW_COLUMNS, rowRecord, type ChangesSince } from "./rows.js";
import {
  encodeSnapshot,
  readSection,
  readSnapshotHeader,
  SECTION,
  SNAPSHOT_VERSION,
  type SnapshotFiles,
  type SnapshotHeader,
  type SnapshotReader,
} from "./snapshot.js";
import { nextTask } from "../next-task.js";

/** Record lines built (when writing) or applied (when restoring) between yields. */
const LINES_PER_TASK = 20_000;
/** Rows of a restored snapshot whose codes and records are compared with the database before it is trusted. */
const CHECK_ROWS = 32;

/** Where a copy stands in the change log, and how its codebook was fitted. */
interface CopyPosition {
  seq: number;
  seqRid: number | null;
  fitSamples: number;
}

/**
 * Writes `data` as the snapshot of `table`. The copy must not change meanwhile (the caller holds the cache's
 * refresh); `yielding` lets other work run between batches of record lines. False when the write failed.
 */
async function writeSnapshot(
  files: SnapshotFiles,
  table: string,
  info: CollectionInfo,
  data: QuantizedRows,
  at: CopyPosition,
  yielding: boolean,
): Promise<boolean> {
  const parts = data.snapshotParts();
  const lines: string[] = [];
  for (let slot = 0; slot < data.slots; slot++) {
    lines.push(data.recordLine(slot));
    if (yielding && slot % LINES_PER_TASK === LINES_PER_TASK - 1) await nextTask();
  }
  const records = new TextEncoder().encode(lines.join("\n"));
  const header: SnapshotHeader = {
    version: SNAPSHOT_VERSION,
    table,
    createdAt: info.createdAt,
    dims: info.dimensions,
    metric: info.metric,
    stride: data.stride,
    bitStride: data.bitStride,
    slots: data.slots,
    rows: data.rows,
    seq: at.seq,
    seqRid: at.seqRid,
    fitSamples: at.fitSamples,
    recordsBytes: records.byteLength,
  };
  const { codebook } = parts;
  return files.write(table, encodeSnapshot(header, { lo: codebook.lo, step: codebook.step, cut: codebook.cut, ...parts, records }));
}

/** An open snapshot whose header describes this collection's table, dimensions and metric. */
export interface OpenSnapshot {
  reader: SnapshotReader;
  header: SnapshotHeader;
  offsets: number[];
}

function openSnapshot(files: SnapshotFiles, table: string, info: CollectionInfo, stride: number, bitStride: number): OpenSnapshot | undefined {
  const reader = files.reader(table);
  if (reader === undefined) return undefined;
  const read = readSnapshotHeader(reader);
  const h = read?.header;
  if (
    read === undefined ||
    h!.table !== table ||
    h!.createdAt !== info.createdAt ||
    h!.dims !== info.dimensions ||
    h!.metric !== info.metric ||
    h!.stride !== stride ||
    h!.bitStride !== bitStride
  ) {
    reader.close();
    return undefined;
  }
  return { reader, header: read.header, offsets: read.offsets };
}

/** The snapshot's codes as a copy in `kernel`'s memory, without records (see {@link readRecords}). */
function restoreCopy(snapshot: OpenSnapshot, kernel: Kernel, info: CollectionInfo, maxBytes: number): QuantizedRows | undefined {
  const { reader, header, offsets } = snapshot;
  const dims = info.dimensions;
  const lo = new Float32Array(dims);
  const step = new Float32Array(dims);
  const cut = new Int8Array(dims);
  if (
    ![readSection(reader, offsets, SECTION.lo, lo), readSection(reader, offsets, SECTION.step, step), readSection(reader, offsets, SECTION.cut, cut)].every(
      Boolean,
    )
  ) {
    return undefined;
  }
  if (!step.every((x) => Number.isFinite(x) && x > 0) || !lo.every(Number.isFinite)) return undefined;
  const data = QuantizedRows.restore(kernel, dims, info.metric, Codebook.from(lo, step, cut), maxBytes, header.slots, (parts) =>
    [
      readSection(reader, offsets, SECTION.rids, parts.rids),
      readSection(reader, offsets, SECTION.norms, parts.norms),
      readSection(reader, offsets, SECTION.codes, parts.codes),
      readSection(reader, offsets, SECTION.bits, parts.bits),
    ].every(Boolean),
  );
  return data !== undefined && data.rows === header.rows ? data : undefined;
}

/** The snapshot's record lines (one per slot, JSON), or undefined when they cannot be read. */
function readRecords(snapshot: OpenSnapshot): Uint8Array | undefined {
  const records = new Uint8Array(snapshot.header.recordsBytes);
  return readSection(snapshot.reader, snapshot.offsets, SECTION.records, records) ? records : undefined;
}

/**
 * Applies the record lines to `data`, a batch at a time with yields between, each line of a row in `expected`
 * checked against it. Stops early (true) once `current()` is no longer `data` (the cache reloaded or was reset);
 * false when a line is bad or unexpected, or the records pass maxBytes.
 */
async function applyRecordLines(
  data: QuantizedRows,
  records: Uint8Array,
  expected: ReadonlyMap<number, string>,
  current: () => QuantizedRows | undefined,
): Promise<boolean> {
  const decoder = new TextDecoder();
  let slot = 0;
  let at = 0;
  data.indexRows();
  await nextTask();
  if (current() !== data) return true;
  while (at <= records.length && slot < data.slots) {
    // The batch ends at its LINES_PER_TASK-th newline, or at the end of the records.
    let end = at;
    let lines = 0;
    while (end < records.length) {
      if (records[end] === 0x0a && ++lines === LINES_PER_TASK) break;
      end++;
    }
    const batch = decoder.decode(records.subarray(at, end)).split("\n");
    try {
      if (!data.applyRecords(batch, slot, expected)) return false;
    } catch {
      return false;
    }
    slot += batch.length;
    at = end + 1;
    await nextTask();
    if (current() !== data) return true;
  }
  return slot === data.slots;
}

/** The collection a cache belongs to, as the snapshot checks read it: its tables (quoted) and registry row. */
export interface CacheOf {
  client: Client;
  /** The chunk table's name, as snapshots are named, and the chunk table and change log, quoted. */
  name: string;
  table: string;
  log: string;
  info: CollectionInfo;
  maxBytes: number;
}

/** A snapshot restored into a copy and checked: the caller applies `changes`, the change log since `header.seq`. */
export interface CheckedSnapshot {
  data: QuantizedRows;
  header: SnapshotHeader;
  changes: ChangesSince;
  /** Still open: {@link applyRecordsFrom} reads the records and closes it. */
  snapshot: OpenSnapshot;
  /** The sampled rows' record lines, as the database has them (checked as the records are applied). */
  expected: Map<number, string>;
}

/**
 * Opens the collection's snapshot, restores its codes into a new copy and checks it against the database (see
 * ScanCache): the change log must still hold the entry at the snapshot's sequence with the rowid it recorded and
 * reach back to it, with at most `maxChanges(rows)` rows changed since; and the sampled rows the log does not
 * mention must have the same codes in the database. Returns the checked snapshot, the reason it was refused, or
 * undefined when WebAssembly SIMD is missing. Database errors are thrown (the reader closed first).
 */
async function restoreChecked(
  of: CacheOf,
  files: SnapshotFiles,
  maxChanges: (rows: number) => number,
): Promise<CheckedSnapshot | { refused: string } | undefined> {
  const { dimensions: dims, metric } = of.info;
  const snapshot = openSnapshot(files, of.name, of.info, strideFor(dims), bitStrideFor(dims, metric));
  if (snapshot === undefined) return { refused: "the snapshot is damaged, or of another collection or version" };
  let kept = false;
  try {
    const h = snapshot.header;
    const changes = await changesSince(of.client, of.log, h.seq);
    if (!reachesBack(changes, h.seq) || changes.at !== h.seqRid) {
      return { refused: "the change log no longer reaches back to the snapshot (trimmed, or another database)" };
    }
    const changedRids = new Set(changes.rids);
    if (changedRids.size > maxChanges(h.rows)) return { refused: "too many changes since the snapshot" };
    const kernel = instantiateKernel();
    if (kernel === null) return undefined;
    const data = restoreCopy(snapshot, kernel, of.info, of.maxBytes);
    if (data === undefined) return { refused: "the snapshot is damaged or over maxBytes" };
    // Rows the change log does not mention must be in the database exactly as the snapshot has them.
    const sample = data.sampleSlots(CHECK_ROWS, changedRids);
    const rows = await of.client.execute({
      sql: `SELECT ${ROW_COLUMNS} FROM ${of.table} WHERE rid IN (SELECT value FROM json_each(?))`,
      args: [JSON.stringify([...sample.keys()])],
    });
    const expected = new Map<number, string>();
    for (const row of rows.rows) {
      const { record } = rowRecord(row);
      expected.set(Number(row.rid), recordLine(record));
      if (!data.holds(sample.get(Number(row.rid))!, readVector(row.embedding))) return { refused: "its codes differ from the database" };
    }
    if (expected.size !== sample.size) return { refused: "rows it holds are missing from the database" };
    kept = true;
    return { data, header: h, changes, snapshot, expected };
  } finally {
    if (!kept) snapshot.reader.close();
  }
}

/**
 * Reads a checked snapshot's records after a turn of the event loop (the codes are in use by then), closes it,
 * and applies them (see {@link applyRecordLines}). True when they are in, or `current()` moved on from `data`.
 */
export async function applyRecordsFrom(
  snapshot: OpenSnapshot,
  data: QuantizedRows,
  expected: ReadonlyMap<number, string>,
  current: () => QuantizedRows | undefined,
): Promise<boolean> {
  let records: Uint8Array | undefined;
  try {
    await nextTask();
    if (current() !== data) return true;
    records = readRecords(snapshot);
  } finally {
    snapshot.reader.close();
  }
  return records !== undefined && (await applyRecordLines(data, records, expected, current).catch(() => false));
}

/**
 * One cache's snapshot: whether the file there may be used, writing it after a full load and restoring it, and
 * the counts the cache reports. A refused snapshot is deleted and not read again until a new one is written.
 */
export class SnapshotKeeper {
  loads = 0;
  writes = 0;
  /** Why a snapshot was last refused, kept for stats after a new one is written. */
  rejected: string | undefined;
  private refused = false;

  constructor(
    private readonly files: SnapshotFiles,
    private readonly of: CacheOf,
    /** Copies of fewer rows are not written. */
    private readonly minRows: number,
  ) {}

  /** Whether there is a snapshot that has not been refused. */
  usable(): boolean {
    return !this.refused && this.files.bytes(this.of.name) > 0;
  }

  refuse(why: string): void {
    this.rejected = why;
    this.refused = true;
    this.files.remove(this.of.name);
  }

  /** Writes a copy just loaded in full, at change-log sequence `seq` (see {@link writeSnapshot}). */
  async write(data: QuantizedRows, seq: number, fitSamples: number, yielding: boolean): Promise<void> {
    if (data.rows < this.minRows) return;
    const at = await this.of.client.execute({ sql: `SELECT rid FROM ${this.of.log} WHERE seq = ?`, args: [seq] });
    const seqRid = seq === 0 ? null : at.rows[0] === undefined ? undefined : Number(at.rows[0].rid);
    if (seqRid === undefined) return; // trimmed already: a snapshot could not be checked against the log
    if (await writeSnapshot(this.files, this.of.name, this.of.info, data, { seq, seqRid, fitSamples }, yielding)) {
      this.writes++;
      this.refused = false;
    }
  }

  /** The snapshot restored and checked (see {@link restoreChecked}), or undefined (a refused one is deleted). */
  async restore(maxChanges: (rows: number) => number): Promise<CheckedSnapshot | undefined> {
    const checked = await restoreChecked(this.of, this.files, maxChanges);
    if (checked === undefined) return undefined;
    if ("refused" in checked) {
      this.refuse(checked.refused);
      return undefined;
    }
    this.loads++;
    return checked;
  }

  /** What `stats().scanCache` reports about snapshots. */
  state(): { snapshotLoads: number; snapshotWrites: number; snapshotRejected?: string } {
    return { snapshotLoads: this.loads, snapshotWrites: this.writes, ...(this.rejected === undefined ? {} : { snapshotRejected: this.rejected }) };
  }
}
