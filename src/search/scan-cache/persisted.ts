// Writing a scan cache's copy to a snapshot, and reading one back into a copy: the file side of ScanCache's
// persistence. Checking a snapshot against the database is ScanCache's job (scan-cache.ts).
import type { CollectionInfo } from "../../db/collection-info.js";
import { Codebook } from "./codebook.js";
import type { Kernel } from "./kernel.js";
import { QuantizedRows } from "./quantized-rows.js";
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

/** Where a copy stands in the change log, and how its codebook was fitted. */
export interface CopyPosition {
  seq: number;
  seqRid: number | null;
  fitSamples: number;
}

/**
 * Writes `data` as the snapshot of `table`. The copy must not change meanwhile (the caller holds the cache's
 * refresh); `yielding` lets other work run between batches of record lines. False when the write failed.
 */
export async function writeSnapshot(
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

export function openSnapshot(files: SnapshotFiles, table: string, info: CollectionInfo, stride: number, bitStride: number): OpenSnapshot | undefined {
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
export function restoreCopy(snapshot: OpenSnapshot, kernel: Kernel, info: CollectionInfo, maxBytes: number): QuantizedRows | undefined {
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
export function readRecords(snapshot: OpenSnapshot): Uint8Array | undefined {
  const records = new Uint8Array(snapshot.header.recordsBytes);
  return readSection(snapshot.reader, snapshot.offsets, SECTION.records, records) ? records : undefined;
}

/**
 * Applies the record lines to `data`, a batch at a time with yields between, each line of a row in `expected`
 * checked against it. Stops early (true) once `current()` is no longer `data` (the cache reloaded or was reset);
 * false when a line is bad or unexpected, or the records pass maxBytes.
 */
export async function applyRecordLines(
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
