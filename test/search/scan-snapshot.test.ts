import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStore, parseFilter, type Collection, type ScanCacheOptions, type Store } from "../../src/index.js";
import { instantiateKernel } from "../../src/search/scan-cache/kernel.js";
import { QuantizedRows } from "../../src/search/scan-cache/quantized-rows.js";
import { readSnapshotHeader, SECTION, type SnapshotReader } from "../../src/search/scan-cache/snapshot.js";
import { snapshotFolder } from "../../src/store/snapshot-files.js";
import { randomUnitVectors } from "../../src/testing/vectors.js";

// The scan cache's snapshot (search/scan-cache/snapshot.ts): written after a full load of a local file, restored
// by the next store instead of reading every vector, and refused whenever it does not match the database.

const N = 6000;
const DIMS = 16;
const vectors = randomUnitVectors(N, DIMS, 5);
const queries = randomUnitVectors(5, DIMS, 6);
const rowId = (i: number) => `r${i}`;
const OPTIONS: ScanCacheOptions = { persistMinRows: 1000 };

let dir: string;
let base: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "libsql-rag-snapshot-"));
  base = join(dir, "base.db");
  const store = await openStore({ url: `file:${base}`, scanCache: false });
  const col = await store.collection("docs", { dimensions: DIMS });
  await col.upsert(vectors.map((vector, i) => ({ id: rowId(i), content: `row ${i}`, metadata: { tenth: i % 10 === 0, lang: "en" }, vector })));
  await store.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the base database (without any snapshot), at its own path. */
let copies = 0;
function freshCopy(): string {
  const path = join(dir, `copy-${copies++}.db`);
  copyFileSync(base, path);
  return path;
}

async function open(path: string, options: ScanCacheOptions = OPTIONS, readOnly = false): Promise<{ store: Store; col: Collection }> {
  const store = await openStore({ url: `file:${path}`, scanCache: options, readOnly });
  return { store, col: await store.collection("docs") };
}

/** The cache's state after its records are applied (they follow a restore in the background). */
async function settledState(col: Collection) {
  for (let i = 0; i < 1000; i++) {
    const state = (await col.stats()).scanCache!;
    if (!state.recordsPending) return state;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("records still pending after 1000 turns of the event loop");
}

/** Checks every query, unfiltered and filtered, against an exact scan of the same store. */
async function expectExact(col: Collection): Promise<void> {
  for (const q of queries) {
    for (const filter of [undefined, { tenth: true }]) {
      const hits = await col.query({ vector: q, topK: 10, filter });
      const exact = await col.query({ vector: q, topK: 10, filter, strategy: "exact" });
      expect(hits.map((h) => h.id)).toEqual(exact.map((h) => h.id));
    }
  }
}

/** Loads the cache of a fresh copy once, so that its snapshot is written; returns the copy's path. */
async function copyWithSnapshot(): Promise<string> {
  const path = freshCopy();
  const { store, col } = await open(path);
  await col.query({ vector: queries[0]!, topK: 5 });
  expect((await col.stats()).scanCache).toMatchObject({ fullLoads: 1, snapshotWrites: 1 });
  await store.close();
  return path;
}

function snapshotPath(db: string, table: string): string {
  return join(snapshotFolder(db), `${table}.snapshot`);
}

async function tableOf(path: string): Promise<string> {
  const store = await openStore({ url: `file:${path}`, scanCache: false });
  const rs = await store.client.execute("SELECT table_name FROM rag_collections WHERE name = 'docs'");
  await store.close();
  return String(rs.rows[0]!.table_name);
}

describe("scan-cache snapshot", () => {
  let path: string;
  let file: string;
  beforeEach(async () => {
    path = await copyWithSnapshot();
    file = snapshotPath(path, await tableOf(path));
  });

  it("is written beside the database after a full load, and a new store restores it instead of loading", async () => {
    expect(statSync(file).size).toBeGreaterThan(N * (DIMS + 8));
    const { store, col } = await open(path);
    const first = await col.query({ vector: queries[1]!, topK: 10 });
    expect(first.explain.vectorPath).toBe("scan");
    expect((await col.stats()).scanCache).toMatchObject({ status: "ready", rows: N, fullLoads: 0, snapshotLoads: 1, snapshotWrites: 0 });
    const state = await settledState(col);
    expect(state.recordsPending).toBe(false);
    expect(state.snapshotRejected).toBeUndefined();
    await expectExact(col);
    // Filtered queries take the cache once its records are in.
    expect((await col.query({ vector: queries[2]!, topK: 10, filter: { tenth: true } })).explain.vectorPath).toBe("scan");
    await store.close();
  });

  it("makes the first query of a large collection a scan, where a cold cache would load in the background", async () => {
    const cold = await open(freshCopy(), { ...OPTIONS, backgroundLoadMinRows: 100 });
    const coldHits = await cold.col.query({ vector: queries[0]!, topK: 10 });
    expect(coldHits.explain.vectorPath).toBe("exact");
    await cold.store.close();
    const { store, col } = await open(path, { ...OPTIONS, backgroundLoadMinRows: 100 });
    // A filtered query at the same moment answers exactly too, whichever path it takes while records arrive.
    const [hits, filtered] = await Promise.all([
      col.query({ vector: queries[0]!, topK: 10 }),
      col.query({ vector: queries[0]!, topK: 10, filter: { tenth: true } }),
    ]);
    expect(hits.explain.vectorPath).toBe("scan");
    expect(hits.map((h) => h.id)).toEqual(coldHits.map((h) => h.id));
    const exact = await col.query({ vector: queries[0]!, topK: 10, filter: { tenth: true }, strategy: "exact" });
    expect(filtered.map((h) => h.id)).toEqual(exact.map((h) => h.id));
    expect((await col.stats()).scanCache!.snapshotLoads).toBe(1);
    await store.close();
  });

  it("applies the changes written since the snapshot, by any process", async () => {
    const writer = await openStore({ url: `file:${path}`, scanCache: false });
    const w = await writer.collection("docs");
    const fresh = randomUnitVectors(20, DIMS, 99);
    await w.upsert(fresh.map((vector, i) => ({ id: `new${i}`, content: "new", metadata: { tenth: true }, vector })));
    await w.upsert([{ id: rowId(3), content: "moved", metadata: { tenth: true }, vector: queries[3]! }]);
    await w.delete({ ids: [rowId(10), rowId(20), rowId(30)] });
    await writer.close();
    const { store, col } = await open(path);
    const hits = await col.query({ vector: queries[3]!, topK: 10 });
    expect(hits[0]!.id).toBe(rowId(3));
    expect((await col.stats()).scanCache).toMatchObject({ rows: N + 20 - 3, snapshotLoads: 1, fullLoads: 0 });
    await settledState(col);
    const rare = await col.query({ vector: fresh[0]!, topK: 3, filter: { tenth: true } });
    expect(rare.explain.vectorPath).toBe("scan");
    expect(rare[0]!.id).toBe("new0");
    expect((await col.get({ ids: [rowId(10)] })).length).toBe(0);
    await expectExact(col);
    await store.close();
  });

  it("is refused when the database file was replaced by another collection of the same name", async () => {
    const other = join(dir, `other-${copies++}.db`);
    const s = await openStore({ url: `file:${other}`, scanCache: false });
    const c = await s.collection("docs", { dimensions: DIMS });
    const others = randomUnitVectors(N, DIMS, 77);
    await c.upsert(others.map((vector, i) => ({ id: rowId(i), content: `row ${i}`, metadata: { tenth: i % 10 === 0, lang: "en" }, vector })));
    await s.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    await s.close();
    // The other database's collection has its own table name, so copy the snapshot under that name as well.
    const otherTable = await tableOf(other);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
    copyFileSync(other, path);
    writeFileSync(join(snapshotFolder(path), `${otherTable}.snapshot`), readFileSync(file));
    const { store, col } = await open(path);
    await col.query({ vector: queries[0]!, topK: 5 });
    const state = (await col.stats()).scanCache!;
    expect(state).toMatchObject({ snapshotLoads: 0, fullLoads: 1 });
    expect(state.snapshotRejected).toMatch(/another collection/);
    await expectExact(col);
    await store.close();
  });

  it("is refused when its codes differ from the database's vectors", async () => {
    const reader = fileReader(file);
    const { offsets } = readSnapshotHeader(reader)!;
    reader.close();
    const bytes = readFileSync(file);
    // Every code shifted: any row the check samples differs.
    for (let i = offsets[SECTION.codes]!; i < offsets[SECTION.bits]!; i++) bytes[i] = (bytes[i]! + 1) & 0xff;
    writeFileSync(file, bytes);
    const { store, col } = await open(path);
    await col.query({ vector: queries[0]!, topK: 5 });
    const state = (await col.stats()).scanCache!;
    expect(state).toMatchObject({ snapshotLoads: 0, fullLoads: 1, snapshotWrites: 1 }); // written again after the full load
    expect(state.snapshotRejected).toMatch(/codes differ/);
    await expectExact(col);
    await store.close();
  });

  it("is refused, after the fact, when its records differ from the database's", async () => {
    const bytes = readFileSync(file);
    const text = bytes.toString("latin1").replaceAll('"lang":"en"', '"lang":"fr"');
    writeFileSync(file, Buffer.from(text, "latin1"));
    const { store, col } = await open(path);
    await col.query({ vector: queries[0]!, topK: 5 });
    expect((await col.stats()).scanCache!.snapshotLoads).toBe(1);
    const state = await settledState(col);
    expect(state.snapshotRejected).toMatch(/records/);
    expect(existsSync(file)).toBe(false);
    // The next query loads from the database, and filters see the true records.
    const en = await col.query({ vector: queries[1]!, topK: 10, filter: { lang: "en" } });
    expect(en.length).toBe(10);
    expect((await col.stats()).scanCache).toMatchObject({ fullLoads: 1 });
    await store.close();
  });

  it("is refused when damaged, truncated or not a snapshot at all", async () => {
    const good = readFileSync(file);
    for (const bad of [good.subarray(0, good.length - 8), Buffer.from("not a snapshot at all"), Buffer.alloc(0)]) {
      writeFileSync(file, bad);
      const { store, col } = await open(path);
      await expectExact(col);
      const state = (await col.stats()).scanCache!;
      expect(state).toMatchObject({ snapshotLoads: 0, fullLoads: 1 });
      await store.close();
    }
  });

  it("is refused when the change log no longer reaches back to it", async () => {
    const writer = await openStore({ url: `file:${path}`, scanCache: false });
    const w = await writer.collection("docs");
    await w.upsert([{ id: "late", content: "late", metadata: {}, vector: queries[4]! }]);
    const log = `${await tableOf(path)}_log`;
    // As a trim past the snapshot's sequence would leave it.
    await writer.client.execute(`DELETE FROM "${log}" WHERE seq < (SELECT max(seq) FROM "${log}")`);
    await writer.close();
    const { store, col } = await open(path);
    const hits = await col.query({ vector: queries[4]!, topK: 3 });
    expect(hits[0]!.id).toBe("late");
    const state = (await col.stats()).scanCache!;
    expect(state).toMatchObject({ snapshotLoads: 0, fullLoads: 1 });
    await store.close();
  });

  it("is read but never written by a read-only store, and deleted with its collection", async () => {
    rmSync(file);
    const ro = await open(path, OPTIONS, true);
    await ro.col.query({ vector: queries[0]!, topK: 5 });
    expect((await ro.col.stats()).scanCache).toMatchObject({ fullLoads: 1, snapshotWrites: 0 });
    expect(existsSync(file)).toBe(false);
    await ro.store.close();
    const rw = await open(path);
    await rw.col.query({ vector: queries[0]!, topK: 5 });
    expect(existsSync(file)).toBe(true);
    expect(await rw.store.dropCollection("docs")).toBe(true);
    expect(existsSync(file)).toBe(false);
    await rw.store.close();
  });

  it("is not written below persistMinRows, nor for :memory:", async () => {
    rmSync(file);
    const few = await open(path, { persistMinRows: Number.POSITIVE_INFINITY });
    await few.col.query({ vector: queries[0]!, topK: 5 });
    expect((await few.col.stats()).scanCache).toMatchObject({ fullLoads: 1, snapshotWrites: 0 });
    expect(existsSync(file)).toBe(false);
    await few.store.close();
    const memory = await openStore({ url: ":memory:", scanCache: OPTIONS });
    const m = await memory.collection("docs", { dimensions: DIMS });
    await m.upsert(vectors.map((vector, i) => ({ id: rowId(i), content: "x", vector })));
    await m.query({ vector: queries[0]!, topK: 5 });
    expect((await m.stats()).scanCache).toMatchObject({ fullLoads: 1, snapshotWrites: 0 });
    await memory.close();
  });
});

describe("QuantizedRows.restore", () => {
  it("restores codes, then records; a row written before its record arrives keeps the new one", () => {
    const kernel = instantiateKernel()!;
    const data = QuantizedRows.fit(kernel, DIMS, "cosine", vectors.slice(0, 200), 2 ** 30);
    for (let i = 0; i < 50; i++) data.put(i + 1, vectors[i]!, { id: rowId(i), documentId: null, metadata: { n: i } }, 100);
    data.remove(7);
    const parts = data.snapshotParts();
    const lines = Array.from({ length: data.slots }, (_, slot) => data.recordLine(slot));
    const copy = QuantizedRows.restore(instantiateKernel()!, DIMS, "cosine", parts.codebook, 2 ** 30, data.slots, (into) => {
      into.rids.set(parts.rids);
      into.norms.set(parts.norms);
      into.codes.set(parts.codes);
      into.bits.set(parts.bits);
      return true;
    })!;
    expect(copy.rows).toBe(49);
    expect(copy.recordsPending).toBe(true);
    expect(copy.candidates(vectors[20]!, 3)).toContain(21);
    copy.put(22, vectors[40]!, { id: "changed", documentId: null, metadata: { n: -1 } }, 100);
    expect(copy.applyRecords(lines, 0)).toBe(true);
    expect(copy.recordsPending).toBe(false);
    expect(copy.recordLine(21)).toBe(JSON.stringify(["changed", null, { n: -1 }]));
    expect(copy.recordLine(30)).toBe(lines[30]);
    expect(copy.candidates(vectors[5]!, 2, parseFilter({ n: 5 }))).toEqual([6]);
  });

  it("refuses a record line that is not the one expected", () => {
    const kernel = instantiateKernel()!;
    const data = QuantizedRows.fit(kernel, DIMS, "cosine", vectors.slice(0, 10), 2 ** 30);
    for (let i = 0; i < 10; i++) data.put(i + 1, vectors[i]!, { id: rowId(i), documentId: null, metadata: {} }, 100);
    const parts = data.snapshotParts();
    const copy = QuantizedRows.restore(instantiateKernel()!, DIMS, "cosine", parts.codebook, 2 ** 30, data.slots, (into) => {
      into.rids.set(parts.rids);
      into.codes.set(parts.codes);
      return true;
    })!;
    const lines = Array.from({ length: 10 }, (_, slot) => data.recordLine(slot));
    expect(copy.applyRecords(lines, 0, new Map([[4, JSON.stringify(["other", null, {}])]]))).toBe(false);
  });
});

/** A reader over a file read whole. */
function fileReader(path: string): SnapshotReader {
  const bytes = readFileSync(path);
  return {
    size: bytes.length,
    read(position, target) {
      if (position + target.length > bytes.length) return false;
      target.set(bytes.subarray(position, position + target.length));
      return true;
    },
    close() {},
  };
}
