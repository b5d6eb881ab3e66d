// The scan cache's snapshot: a copy of its codes written beside a local database after a full load, so that the
// next process starts from it (and the change log since) instead of reading and quantizing every vector again.
// This file holds the format; the files themselves are behind SnapshotFiles, which only Node entry points supply.

/** Reads one snapshot file at given offsets. */
export interface SnapshotReader {
  readonly size: number;
  /** Fills `target` from `position`; false when the file ended first. */
  read(position: number, target: Uint8Array): boolean;
  close(): void;
}

/** Where snapshots live: one file per collection table. Every method swallows I/O errors (a snapshot is optional). */
export interface SnapshotFiles {
  reader(table: string): SnapshotReader | undefined;
  /** Writes the parts as one file, atomically (a temporary file renamed over the old one); false on failure. */
  write(table: string, parts: readonly Uint8Array[]): boolean;
  remove(table: string): void;
  /** The size of a table's snapshot, 0 when there is none. */
  bytes(table: string): number;
}

/** What a snapshot says about itself, checked against the collection before any of its codes are used. */
export interface SnapshotHeader {
  version: typeof SNAPSHOT_VERSION;
  /** The collection's chunk table and registry `created_at`: a collection dropped and made again differs. */
  table: string;
  createdAt: string;
  dims: number;
  metric: string;
  stride: number;
  bitStride: number;
  /** Slots written (free ones included) and live rows among them. */
  slots: number;
  rows: number;
  /** The change-log sequence the codes reflect, and the rowid logged at it (null when the log was empty). */
  seq: number;
  seqRid: number | null;
  fitSamples: number;
  /** Byte length of the records section (one line of JSON per slot, empty for free slots). */
  recordsBytes: number;
}

export const SNAPSHOT_VERSION = 1;
const MAGIC = 0x3143_5352; // "RSC1", little-endian

/** The sections after the header, in file order, with their element sizes. */
export interface SnapshotSections {
  lo: Float32Array;
  step: Float32Array;
  cut: Int8Array;
  rids: Float64Array;
  norms: Float32Array;
  codes: Uint8Array;
  bits: Uint8Array;
  records: Uint8Array;
}

const pad8 = (n: number) => Math.ceil(n / 8) * 8;
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Byte lengths of each section for a header. */
function sectionLengths(h: SnapshotHeader): number[] {
  return [h.dims * 4, h.dims * 4, h.dims, h.slots * 8, h.slots * 4, h.slots * h.stride, h.slots * h.bitStride, h.recordsBytes];
}

/** The file's parts: a fixed head (magic, header length), the header's JSON, and each section padded to 8 bytes. */
export function encodeSnapshot(header: SnapshotHeader, s: SnapshotSections): Uint8Array[] {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const head = new Uint8Array(pad8(8 + json.length));
  const view = new DataView(head.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.length, true);
  head.set(json, 8);
  const parts: Uint8Array[] = [head];
  for (const section of [s.lo, s.step, s.cut, s.rids, s.norms, s.codes, s.bits, s.records]) {
    parts.push(bytesOf(section));
    const pad = pad8(section.byteLength) - section.byteLength;
    if (pad > 0) parts.push(new Uint8Array(pad));
  }
  return parts;
}

/** The header of a snapshot, with where its sections start; undefined for a file that is not a whole snapshot. */
export function readSnapshotHeader(reader: SnapshotReader): { header: SnapshotHeader; offsets: number[] } | undefined {
  const head = new Uint8Array(8);
  if (!reader.read(0, head)) return undefined;
  const view = new DataView(head.buffer);
  const jsonLength = view.getUint32(4, true);
  if (view.getUint32(0, true) !== MAGIC || jsonLength > 65_536) return undefined;
  const json = new Uint8Array(jsonLength);
  if (!reader.read(8, json)) return undefined;
  let header: SnapshotHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(json)) as SnapshotHeader;
  } catch {
    return undefined;
  }
  if (header?.version !== SNAPSHOT_VERSION) return undefined;
  const counts = [header.dims, header.stride, header.bitStride, header.slots, header.rows, header.seq, header.fitSamples, header.recordsBytes];
  if (!counts.every((x) => Number.isSafeInteger(x) && x >= 0) || header.rows > header.slots) return undefined;
  if (header.seqRid !== null && !Number.isSafeInteger(header.seqRid)) return undefined;
  const offsets: number[] = [];
  let at = pad8(8 + jsonLength);
  for (const length of sectionLengths(header)) {
    offsets.push(at);
    at += pad8(length);
  }
  return at === reader.size ? { header, offsets } : undefined;
}

/** Reads section `i` (in {@link SnapshotSections} order) into `target`, which must be its exact length. */
export function readSection(reader: SnapshotReader, offsets: number[], i: number, target: ArrayBufferView): boolean {
  return reader.read(offsets[i]!, bytesOf(target));
}

/** Section indexes, in file order. */
export const SECTION = { lo: 0, step: 1, cut: 2, rids: 3, norms: 4, codes: 5, bits: 6, records: 7 } as const;
