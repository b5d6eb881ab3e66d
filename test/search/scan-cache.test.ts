import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, parseFilter, type Collection, type Store } from "../../src/index.js";
import { COLLECTION_SCHEMA_VERSION } from "../../src/db/migrations.js";
import { instantiateKernel, type Kernel } from "../../src/search/scan-cache/kernel.js";
import { QuantizedRows } from "../../src/search/scan-cache/quantized-rows.js";
import { bytesPerRows } from "../../src/search/scan-cache/layout.js";
import { ScanCache } from "../../src/search/scan-cache/scan-cache.js";
import type { Client } from "@libsql/client";
import { WASM_BASE64 } from "../../src/search/kernels/scan-i8.wasm.js";
import { clusteredVectors, randomUnitVectors, seededRandom } from "../../src/testing/vectors.js";
import { compileWat, kernelModuleSource } from "../../scripts/kernels.js";
import { describeEachTarget, uniqueName, type Target } from "../support/targets.js";
import { supportChild } from "../support/build-cli.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");

function nearest(
  query: Float32Array,
  vectors: Float32Array[],
  k: number,
  metric: "cosine" | "l2" = "cosine",
  keep: (i: number) => boolean = () => true,
): number[] {
  const scored: [number, number][] = [];
  vectors.forEach((v, i) => {
    if (!keep(i)) return;
    let dot = 0;
    let d2 = 0;
    let nv = 0;
    for (let j = 0; j < v.length; j++) {
      dot += v[j]! * query[j]!;
      d2 += (v[j]! - query[j]!) ** 2;
      nv += v[j]! * v[j]!;
    }
    scored.push([metric === "cosine" ? -dot / Math.sqrt(nv) : d2, i]);
  });
  scored.sort((a, b) => a[0] - b[0]);
  return scored.slice(0, k).map((s) => s[1]);
}

/** A cached record for row i, as the cache would read it. */
const rec = (i: number, metadata: Record<string, unknown> = {}) => ({ record: { id: `r${i}`, documentId: null, metadata }, cost: 100 });

function kernel(): Kernel {
  const k = instantiateKernel();
  if (k === null) throw new Error("WebAssembly SIMD is unavailable");
  return k;
}

describe("scan kernel", () => {
  it("the committed kernel module is what the .wat source compiles to", async () => {
    const wasm = await compileWat(join(ROOT, "src", "search", "kernels", "scan-i8.wat"));
    expect(kernelModuleSource("scan-i8.wat", wasm)).toContain(`"${WASM_BASE64}"`);
  });

  it("computes exact int8 × int16 dot products, at the extremes too", () => {
    const k = kernel();
    const rand = seededRandom(9);
    for (const [rows, stride] of [
      [7, 16],
      [33, 384],
      [5, 1024],
    ] as const) {
      const weightsAt = 0;
      const codesAt = stride * 2;
      const outAt = codesAt + rows * stride;
      const need = outAt + rows * 4;
      if (k.memory.buffer.byteLength < need) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
      const weights = new Int16Array(k.memory.buffer, weightsAt, stride);
      const codes = new Int8Array(k.memory.buffer, codesAt, rows * stride);
      const wmax = Math.min(32767, Math.floor(2 ** 31 / (128 * stride)) - 1);
      for (let j = 0; j < stride; j++) weights[j] = j % 5 === 0 ? -wmax : Math.round((rand() * 2 - 1) * wmax);
      for (let i = 0; i < codes.length; i++) codes[i] = i % 7 === 0 ? -128 : Math.round(rand() * 255) - 128;
      // Row 0 at the worst case for overflow: every product at its largest magnitude.
      for (let j = 0; j < stride; j++) codes[j] = weights[j]! < 0 ? -128 : 127;
      k.scan(codesAt, rows, stride, weightsAt, outAt);
      const out = new Int32Array(k.memory.buffer, outAt, rows);
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let j = 0; j < stride; j++) sum += codes[r * stride + j]! * weights[j]!;
        expect(out[r]).toBe(sum);
      }
    }
  });
});

describe("1-bit kernels", () => {
  it("counts Hamming distances and their histogram, and selects the rows below a threshold", () => {
    const k = kernel();
    const rand = seededRandom(13);
    for (const [rows, bitStride] of [
      [9, 16],
      [70, 48],
      [5, 64],
      // Four rows at a time and a tail of three; the widest codes (3,968 dimensions).
      [131, 496],
    ] as const) {
      const qAt = 0;
      const bitsAt = 64;
      const distAt = bitsAt + rows * bitStride;
      const histAt = Math.ceil((distAt + rows * 2) / 16) * 16;
      const outAt = histAt + (bitStride * 8 + 1) * 4;
      const need = outAt + rows * 4;
      if (k.memory.buffer.byteLength < need) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
      const bytes = new Uint8Array(k.memory.buffer);
      for (let i = 0; i < bitStride; i++) bytes[qAt + i] = Math.floor(rand() * 256);
      for (let i = 0; i < rows * bitStride; i++) bytes[bitsAt + i] = Math.floor(rand() * 256);
      bytes.fill(0xff, bitsAt, bitsAt + bitStride); // row 0: every bit set
      const hist = new Int32Array(k.memory.buffer, histAt, bitStride * 8 + 1);
      hist.fill(0);
      k.hamming(bitsAt, rows, bitStride, qAt, distAt);
      k.histogram(distAt, rows, 1, histAt);
      const dist = new Uint16Array(k.memory.buffer, distAt, rows);
      const expected = new Int32Array(bitStride * 8 + 1);
      for (let r = 0; r < rows; r++) {
        let d = 0;
        for (let i = 0; i < bitStride; i++) {
          let x = bytes[bitsAt + r * bitStride + i]! ^ bytes[qAt + i]!;
          for (; x > 0; x >>= 1) d += x & 1;
        }
        expect(dist[r]).toBe(d);
        expected[d]!++;
      }
      expect(Array.from(hist)).toEqual(Array.from(expected));
      const t = [...dist].sort((a, b) => a - b)[Math.floor(rows / 2)]!;
      const below = [...dist].filter((d) => d < t).length;
      const n = k.select(distAt, rows, t, 1, outAt, rows);
      const picked = Array.from(new Int32Array(k.memory.buffer, outAt, n));
      const firstAtT = [...dist.keys()].find((j) => dist[j] === t);
      expect(picked).toEqual([...dist.keys()].filter((i) => dist[i]! < t || i === firstAtT));
      expect(n).toBe(below + 1);
      expect(k.select(distAt, rows, t, 1, outAt, 2)).toBe(Math.min(2, below + 1));
      // A low threshold, as the 1-bit pass has: whole blocks of eight rows are skipped.
      const low = [...dist].sort((a, b) => a - b)[2]!;
      const m = k.select(distAt, rows, low, 0, outAt, rows);
      expect(Array.from(new Int32Array(k.memory.buffer, outAt, m))).toEqual([...dist.keys()].filter((i) => dist[i]! < low));
      // Every other row's distance, sampled.
      hist.fill(0);
      k.histogram(distAt, rows, 2, histAt);
      expect(hist.reduce((a, b) => a + b, 0)).toBe(Math.ceil(rows / 2));
    }
  });
});

describe("QuantizedRows", () => {
  it("with a shortlist, scores only the rows nearest by 1-bit codes, at recall@10 ≥ 0.95 (seeded)", () => {
    const dims = 100; // not a multiple of 128: the bits are padded
    // Many small clusters: the 1-bit codes tell clusters apart, the int8 codes rank within them.
    const all = clusteredVectors(20_030, dims, { seed: 41, clusters: 400 }).vectors;
    const vectors = all.slice(0, 20_000);
    const queries = all.slice(20_000); // held out, from the same clusters
    const rows = QuantizedRows.fit(
      kernel(),
      dims,
      "cosine",
      vectors.filter((_, i) => i % 10 === 0),
      1 << 30,
    );
    vectors.forEach((v, i) => rows.put(i + 1, v, rec(i).record, 100));
    let hits = 0;
    let shortHits = 0;
    for (const q of queries) {
      expect(rows.passesShortlist(40, 500)).toBe(true);
      const picked = rows.candidates(q, 40, undefined, 500);
      expect(picked).toHaveLength(40);
      const short = new Set(rows.shortlist(q, 500));
      expect(short.size).toBe(500);
      expect(picked.every((rid) => short.has(rid))).toBe(true);
      const truth = nearest(q, vectors, 10).map((i) => i + 1);
      hits += truth.filter((rid) => picked.includes(rid)).length;
      shortHits += truth.filter((rid) => short.has(rid)).length;
    }
    expect(shortHits / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
    expect(hits / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
    // The pass's scratch (histogram, distances) leaves the codes alone: every row is still found, the first too.
    for (const i of [0, 1, 19_999]) expect(rows.candidates(vectors[i]!, 1)).toEqual([i + 1]);
    // l2 keeps no 1-bit codes, and a filter always scores every row.
    expect(QuantizedRows.fit(kernel(), dims, "l2", [], 1 << 30).bitStride).toBe(0);
  });

  it("finds the true nearest rows among few candidates (cosine and l2)", () => {
    for (const metric of ["cosine", "l2"] as const) {
      const dims = 48;
      const rand = seededRandom(4);
      // l2 gets vectors of varied length, so norms matter.
      const vectors = clusteredVectors(3000, dims, { seed: 21, clusters: 12 }).vectors.map((v) => (metric === "l2" ? v.map((x) => x * (0.5 + rand() * 2)) : v));
      const rows = QuantizedRows.fit(kernel(), dims, metric, vectors.slice(0, 500), 1 << 30);
      vectors.forEach((v, i) => expect(rows.put(i + 1, v, rec(i).record, 100)).toBe(true));
      let hits = 0;
      const queries = clusteredVectors(50, dims, { seed: 22, clusters: 12 }).vectors;
      for (const q of queries) {
        const candidates = new Set(rows.candidates(q, 40));
        expect(candidates.size).toBe(40);
        for (const i of nearest(q, vectors, 10, metric)) if (candidates.has(i + 1)) hits++;
      }
      expect(hits / (queries.length * 10)).toBeGreaterThanOrEqual(0.99);
    }
  });

  it("replaces, removes and reuses slots", () => {
    const dims = 20;
    const vectors = randomUnitVectors(100, dims, 5);
    const rows = QuantizedRows.fit(kernel(), dims, "cosine", vectors, 1 << 20);
    vectors.forEach((v, i) => rows.put(i + 1, v, rec(i).record, 100));
    expect(rows.rows).toBe(100);
    const target = vectors[10]!;
    expect(rows.candidates(target, 1)).toEqual([11]);
    rows.remove(11);
    expect(rows.rows).toBe(99);
    expect(rows.candidates(target, 99)).not.toContain(11);
    // Another row takes target's vector; the freed slot is reused.
    rows.put(500, target, rec(500).record, 100);
    expect(rows.slots).toBe(100);
    expect(rows.candidates(target, 1)).toEqual([500]);
    rows.put(500, vectors[20]!, rec(500).record, 100);
    expect(rows.candidates(vectors[20]!, 2).sort()).toEqual([21, 500]);
    expect(rows.candidates(target, 200)).toHaveLength(100);
  });

  it("refuses rows beyond maxBytes, records included", () => {
    const rows = QuantizedRows.fit(kernel(), 16, "cosine", [], bytesPerRows(10, 16, 16) + 10 * 100);
    const v = randomUnitVectors(1, 16, 1)[0]!;
    for (let i = 1; i <= 10; i++) expect(rows.put(i, v, rec(i).record, 100)).toBe(true);
    expect(rows.put(11, v, rec(11).record, 100)).toBe(false);
    const small = QuantizedRows.fit(kernel(), 16, "cosine", [], bytesPerRows(3, 16, 16) + 500);
    expect(small.put(1, v, rec(1).record, 400)).toBe(true);
    expect(small.put(2, v, rec(2).record, 400)).toBe(false);
  });

  it("with a filter, returns only rows whose cached record passes it, nearest first, and all of them when few match", () => {
    const dims = 32;
    const vectors = clusteredVectors(4000, dims, { seed: 3, clusters: 8 }).vectors;
    const rows = QuantizedRows.fit(kernel(), dims, "cosine", vectors.slice(0, 300), 1 << 30);
    vectors.forEach((v, i) => rows.put(i + 1, v, rec(i, { tenth: i % 10 === 0, rare: i === 7 || i === 3001 }).record, 100));
    const [q] = randomUnitVectors(1, dims, 8);
    const tenth = parseFilter({ tenth: true });
    expect(rows.selectivity(tenth)).toBeGreaterThan(0.07);
    expect(rows.selectivity(tenth)).toBeLessThan(0.13);
    const picked = rows.candidates(q!, 20, tenth);
    expect(picked).toHaveLength(20);
    expect(picked.every((rid) => (rid - 1) % 10 === 0)).toBe(true);
    const truth = nearest(q!, vectors, 10, "cosine", (i) => i % 10 === 0).map((i) => i + 1);
    expect(truth.filter((rid) => picked.includes(rid))).toHaveLength(10);
    // Two matching rows: the cache widens to every row and returns just those two.
    expect(rows.candidates(q!, 20, parseFilter({ rare: true })).sort((a, b) => a - b)).toEqual([8, 3002]);
    expect(rows.candidates(q!, 20, parseFilter({ rare: "never" }))).toEqual([]);
  });
});

const N = 4600; // over PLANNER.exactMaxRows, so "auto" considers the cache
const DIMS = 16;
const rowId = (i: number) => `r${String(i).padStart(5, "0")}`;

async function seed(col: Collection, vectors: Float32Array[]): Promise<void> {
  for (let i = 0; i < vectors.length; i += 2000) {
    await col.upsert(
      vectors.slice(i, i + 2000).map((vector, j) => ({
        id: rowId(i + j),
        content: `row ${i + j}`,
        metadata: { half: (i + j) % 2 === 0, tenth: (i + j) % 10 === 0, hundredth: (i + j) % 100 === 0 },
        vector,
      })),
    );
  }
}

describeEachTarget("scan cache", (target: Target) => {
  let store: Store;
  let col: Collection;
  let name: string;
  let vectors: Float32Array[];
  beforeAll(async () => {
    store = await target.open({ scanCache: true });
    name = uniqueName("scan");
    col = await store.collection(name, { dimensions: DIMS, index: false });
    vectors = clusteredVectors(N, DIMS, { seed: 8, clusters: 10 }).vectors;
    await seed(col, vectors);
  }, 120_000);
  afterAll(async () => store?.close());

  it("auto takes the scan path and returns exactly k at recall 1, filtered or not", async () => {
    const queries = randomUnitVectors(6, DIMS, 31);
    for (const [filter, keep] of [
      [undefined, () => true],
      [{ half: true }, (i: number) => i % 2 === 0],
      [{ tenth: true }, (i: number) => i % 10 === 0],
    ] as const) {
      for (const q of queries) {
        const hits = await col.query({ vector: q, topK: 10, filter });
        expect(hits.explain.vectorPath).toBe("scan");
        expect(hits.map((h) => h.id)).toEqual(nearest(q, vectors, 10, "cosine", keep).map(rowId));
        const exact = await col.query({ vector: q, topK: 10, filter, strategy: "exact" });
        expect(hits.map((h) => h.score)).toEqual(exact.map((h) => h.score));
      }
    }
    // 1%, and a handful of rows: the cache tests the filter on its records, widening to every row if need be.
    const rare = await col.query({ vector: queries[0]!, topK: 10, filter: { hundredth: true } });
    expect(rare.explain.vectorPath).toBe("scan");
    expect(rare.map((h) => h.id)).toEqual(nearest(queries[0]!, vectors, 10, "cosine", (i) => i % 100 === 0).map(rowId));
    const few = await col.query({ vector: queries[0]!, topK: 10, filter: { id: { $in: [rowId(1), rowId(2)] } } });
    expect(few.explain.vectorPath).toBe("scan");
    expect(few.map((h) => h.id).sort()).toEqual([rowId(1), rowId(2)]);
    const state = (await col.stats()).scanCache!;
    expect(state).toMatchObject({ status: "ready", rows: N, fullLoads: 1 });
  });

  it("takes filters with $in lists of any length (tested in JS on cached records, then in SQL as one JSON value)", async () => {
    const q = randomUnitVectors(1, DIMS, 77)[0]!;
    const ids = [...Array.from({ length: 40_000 }, (_, i) => `nope${i}`), ...Array.from({ length: N }, (_, i) => rowId(i)).filter((_, i) => i % 3 === 0)];
    const started = performance.now();
    const hits = await col.query({ vector: q, topK: 10, filter: { id: { $in: ids } } });
    expect(hits.explain.vectorPath).toBe("scan");
    expect(hits.map((h) => h.id)).toEqual(nearest(q, vectors, 10, "cosine", (i) => i % 3 === 0).map(rowId));
    const notTenth = await col.query({ vector: q, topK: 10, filter: { tenth: { $nin: [true, ...Array.from({ length: 5000 }, (_, i) => `x${i}`)] } } });
    expect(notTenth.map((h) => h.id)).toEqual(nearest(q, vectors, 10, "cosine", (i) => i % 10 !== 0).map(rowId));
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it("honours minScore and topK larger than the candidates", async () => {
    const q = vectors[3]!;
    const strict = await col.query({ vector: q, topK: 10, minScore: 0.999999 });
    expect(strict.map((h) => h.id)).toContain(rowId(3));
    expect(strict.every((h) => h.score >= 0.999999)).toBe(true);
    const many = await col.query({ vector: q, topK: 300 });
    expect(many).toHaveLength(300);
    expect(many.map((h) => h.id)).toEqual(nearest(q, vectors, 300).map(rowId));
  });

  // A second connection cannot see another's :memory: database.
  it.skipIf(target.kind === "memory")("follows writes made through another connection, incrementally", async () => {
    const writer = await openStore({ ...target.options(), url: target.kind === "file" ? store.url : target.options().url, scanCache: false });
    try {
      const other = await writer.collection(name);
      const [q] = randomUnitVectors(1, DIMS, 404);
      await col.query({ vector: q! });
      const before = (await col.stats()).scanCache!;
      await other.upsert([{ id: "fresh", content: "new", vector: q! }]);
      const added = await col.query({ vector: q!, topK: 3 });
      expect(added[0]!.id).toBe("fresh");
      expect(added.explain.vectorPath).toBe("scan");
      // An existing row moves onto the query; the new one goes away.
      await other.upsert([{ id: rowId(7), content: "moved", vector: q! }]);
      await other.delete({ ids: ["fresh"] });
      const moved = await col.query({ vector: q!, topK: 3 });
      expect(moved[0]!.id).toBe(rowId(7));
      expect(moved.map((h) => h.id)).not.toContain("fresh");
      const after = (await col.stats()).scanCache!;
      expect(after.fullLoads).toBe(before.fullLoads);
      expect(after.refreshes).toBeGreaterThan(before.refreshes);
      await other.upsert([{ id: rowId(7), content: "row 7", vector: vectors[7]! }]);
    } finally {
      await writer.close();
    }
  });

  it("filters on cached metadata that follows updates, and lets SQL overrule a stale cache", async () => {
    const [q] = randomUnitVectors(1, DIMS, 406);
    const log = (col as unknown as { tables: { log: string } }).tables.log;
    const table = (col as unknown as { tables: { chunks: string } }).tables.chunks;
    await col.upsert([{ id: rowId(11), content: "row 11", metadata: { special: true }, vector: vectors[11]! }]);
    const special = await col.query({ vector: q!, topK: 5, filter: { special: true } });
    expect(special.map((h) => h.id)).toEqual([rowId(11)]);
    expect(special.explain.vectorPath).toBe("scan");
    // A metadata-only UPDATE (not through upsert) is logged too.
    await store.client.execute({ sql: `UPDATE "${table}" SET metadata = '{"special":false}' WHERE id = ?`, args: [rowId(11)] });
    expect(await col.query({ vector: q!, topK: 5, filter: { special: true } })).toHaveLength(0);
    // Hide a change from the cache (drop its log entry): SQL, the arbiter, disagrees, and an exact scan answers.
    await store.client.execute({ sql: `UPDATE "${table}" SET metadata = '{"special":true}' WHERE id = ?`, args: [rowId(11)] });
    await col.query({ vector: q!, topK: 5, filter: { special: true } });
    const { rows } = await store.client.execute(`SELECT max(seq) AS hi FROM "${log}"`);
    await store.client.execute({ sql: `UPDATE "${table}" SET metadata = '{"special":false}' WHERE id = ?`, args: [rowId(11)] });
    await store.client.execute({ sql: `DELETE FROM "${log}" WHERE seq > ?`, args: [Number(rows[0]!.hi)] });
    const stale = await col.query({ vector: q!, topK: 5, filter: { special: true } });
    expect(stale).toHaveLength(0);
    expect(stale.explain.vectorPath).toBe("scan+exact");
    await col.upsert([{ id: rowId(11), content: "row 11", metadata: { half: false, tenth: false, hundredth: false }, vector: vectors[11]! }]);
  });

  it("reloads in full when the change log was trimmed past it", async () => {
    const [q] = randomUnitVectors(1, DIMS, 405);
    await col.query({ vector: q! });
    const before = (await col.stats()).scanCache!;
    const log = `${(col as unknown as { tables: { log: string } }).tables.log}`;
    await col.upsert([{ id: "trim1", content: "x", vector: q! }]);
    await store.client.execute(`DELETE FROM "${log}"`);
    await col.upsert([{ id: "trim2", content: "y", vector: q! }]);
    const hits = await col.query({ vector: q!, topK: 2 });
    expect(hits.map((h) => h.id).sort()).toEqual(["trim1", "trim2"]);
    expect((await col.stats()).scanCache!.fullLoads).toBe(before.fullLoads + 1);
    await col.delete({ ids: ["trim1", "trim2"] });
  });
});

describe("scan cache on local files", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "libsql-rag-scan-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fileUrl = (name: string) => `file:${join(dir, name)}`;

  async function seeded(url: string, options: Parameters<typeof openStore>[0] = {}) {
    const store = await openStore({ url, ...options });
    const col = await store.collection("docs", { dimensions: DIMS, index: false });
    const vectors = clusteredVectors(N, DIMS, { seed: 8, clusters: 10 }).vectors;
    if ((await col.count()) === 0) await seed(col, vectors);
    return { store, col, vectors };
  }

  it("is on by default for local files, and sees writes from another process", async () => {
    const url = fileUrl("cross.db");
    const { store, col } = await seeded(url);
    try {
      const [q] = randomUnitVectors(1, DIMS, 77);
      expect((await col.query({ vector: q! })).explain.vectorPath).toBe("scan");
      const job = JSON.stringify({ upsert: [{ id: "child", content: "from a child", vector: Array.from(q!) }] });
      const { stdout } = await run(process.execPath, [supportChild("writer-child"), url, "docs", job], { cwd: ROOT });
      expect(stdout).toContain("DONE");
      expect((await col.query({ vector: q!, topK: 1 }))[0]!.id).toBe("child");
      await run(process.execPath, [supportChild("writer-child"), url, "docs", JSON.stringify({ delete: ["child"] })], { cwd: ROOT });
      expect((await col.query({ vector: q!, topK: 5 })).map((h) => h.id)).not.toContain("child");
    } finally {
      await store.close();
    }
  }, 60_000);

  it("past backgroundLoadMinRows, loads in the background and answers exactly meanwhile; closing stops the load", async () => {
    const url = fileUrl("background.db");
    const { store: seeding, vectors } = await seeded(url);
    await seeding.close();
    const queries = randomUnitVectors(3, DIMS, 21);
    const store = await openStore({ url, scanCache: { backgroundLoadMinRows: 1000 } });
    try {
      const col = await store.collection("docs");
      const first = await col.query({ vector: queries[0]!, topK: 10 });
      expect(first.explain.vectorPath).toBe("exact");
      expect(first.explain.notes.join("\n")).toMatch(/scan cache loading in the background/);
      expect((await col.stats()).scanCache!.status).toBe("loading");
      expect(first.map((h) => h.id)).toEqual(nearest(queries[0]!, vectors, 10).map(rowId));
      // A write during the load is seen once the cache is ready (the load started from an older snapshot), and a
      // query that comes while the load runs waits for it instead of scanning exactly (which would starve it).
      await col.upsert([{ id: "late", content: "written while loading", vector: queries[1]! }]);
      expect((await col.stats()).scanCache!.status).toBe("loading");
      const later = await col.query({ vector: queries[1]!, topK: 10 });
      expect(later.explain.vectorPath).toBe("scan");
      expect(later[0]!.id).toBe("late");
      expect(later.slice(1).map((h) => h.id)).toEqual(nearest(queries[1]!, vectors, 9).map(rowId));
      expect((await col.stats()).scanCache).toMatchObject({ status: "ready", fullLoads: 1, rows: N + 1 });
      await col.delete({ ids: ["late"] });
    } finally {
      await store.close();
    }
    // Below the threshold the first query waits for the load, as before.
    const waiting = await openStore({ url, scanCache: { backgroundLoadMinRows: N + 10 } });
    try {
      const hits = await (await waiting.collection("docs")).query({ vector: queries[2]!, topK: 5 });
      expect(hits.explain.vectorPath).toBe("scan");
    } finally {
      await waiting.close();
    }
    // Closed with a load running: close returns, and the load ends quietly (an unhandled rejection fails the run).
    const closing = await openStore({ url, scanCache: { backgroundLoadMinRows: 0 } });
    const col = await closing.collection("docs");
    expect((await col.query({ vector: queries[2]!, topK: 5 })).explain.vectorPath).toBe("exact");
    await closing.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it("rejects a bad backgroundLoadMinRows or binaryPassMinRows", async () => {
    for (const key of ["backgroundLoadMinRows", "binaryPassMinRows"]) {
      for (const bad of [-1, 1.5, Number.NaN, "10"]) {
        const error = await openStore({ url: ":memory:", scanCache: { [key]: bad as number } }).catch((e: unknown) => e);
        expect(error).toBeRagError("INVALID_ARGUMENT");
        expect((error as Error).message).toMatch(new RegExp(key));
      }
      await (await openStore({ url: ":memory:", scanCache: { [key]: Number.POSITIVE_INFINITY } })).close();
    }
  });

  it("concurrent first queries share one load", async () => {
    const { store, col, vectors } = await seeded(fileUrl("concurrent.db"));
    try {
      const queries = randomUnitVectors(5, DIMS, 9);
      const results = await Promise.all(queries.map((vector) => col.query({ vector, topK: 5 })));
      results.forEach((hits, i) => expect(hits.map((h) => h.id)).toEqual(nearest(queries[i]!, vectors, 5).map(rowId)));
      expect((await col.stats()).scanCache).toMatchObject({ fullLoads: 1, rows: N });
    } finally {
      await store.close();
    }
  });

  it("stays off when disabled, over budget, or for other vector types, and answers exactly anyway", async () => {
    const url = fileUrl("budget.db");
    await (await seeded(url)).store.close();
    const [q] = randomUnitVectors(1, DIMS, 12);
    for (const [options, note] of [
      [{ scanCache: false }, undefined],
      [{ scanCache: { maxBytes: 10_000 } }, /scan cache off: .*maxBytes 10000/],
    ] as const) {
      const store = await openStore({ url, ...options });
      try {
        const col = await store.collection("docs");
        const hits = await col.query({ vector: q!, topK: 10 });
        expect(hits.explain.vectorPath).toBe("exact");
        expect(hits).toHaveLength(10);
        if (note) expect(hits.explain.notes.join("\n")).toMatch(note);
        expect((await col.stats()).scanCache?.status ?? "none").toBe(options.scanCache === false ? "none" : "disabled");
      } finally {
        await store.close();
      }
    }
    const store = await openStore({ url: fileUrl("f16.db") });
    try {
      const col = await store.collection("half", { dimensions: DIMS, vectorType: "F16_BLOB", index: false });
      await seed(col, clusteredVectors(N, DIMS, { seed: 8, clusters: 10 }).vectors);
      const hits = await col.query({ vector: q!, topK: 10 });
      expect(hits).toHaveLength(10);
      expect(hits.explain.notes.join("\n")).toMatch(/scan cache off: .*F16_BLOB/);
    } finally {
      await store.close();
    }
    await expect(openStore({ url: ":memory:", scanCache: { maxBytes: -1 } })).rejects.toBeRagError("INVALID_ARGUMENT");
  });

  it("a query that arrives during a refresh still sees a write committed before it", async () => {
    const { store, col } = await seeded(fileUrl("race.db"));
    try {
      const impl = col as unknown as { info: ConstructorParameters<typeof ScanCache>[1]; tables: ConstructorParameters<typeof ScanCache>[2] };
      // A client whose next read of the log's head stalls until released, as a slow driver or busy process would.
      let stall: Promise<void> | undefined;
      let release = () => {};
      const client = new Proxy(store.client, {
        get(target, key, receiver) {
          if (key !== "execute") return Reflect.get(target, key, receiver);
          return async (stmt: Parameters<Client["execute"]>[0]) => {
            const result = await target.execute(stmt);
            const sql = typeof stmt === "string" ? stmt : (stmt as { sql: string }).sql;
            if (stall && sql.includes("max(seq)")) {
              const wait = stall;
              stall = undefined;
              await wait;
            }
            return result;
          };
        },
      }) as Client;
      const cache = new ScanCache(client, impl.info, impl.tables);
      expect(await cache.sync()).toBe(true);
      const [q] = randomUnitVectors(1, DIMS, 501);
      stall = new Promise((resolve) => (release = resolve));
      const first = cache.sync(); // reads the log head, then stalls
      await new Promise((r) => setTimeout(r, 20));
      await col.upsert([{ id: "late", content: "committed during the first refresh", vector: q! }]);
      const second = cache.sync(); // must not settle for the first refresh's view
      release();
      await Promise.all([first, second]);
      const rid = Number((await store.client.execute(`SELECT rid FROM "${impl.tables.chunks}" WHERE id = 'late'`)).rows[0]!.rid);
      expect(cache.candidates(q!, 1)).toEqual({ rids: [rid], shortlist: 0 });
    } finally {
      await store.close();
    }
  });

  it("refits its ranges when the rows it was fitted on were few or mostly deleted (l2)", async () => {
    const store = await openStore({ url: fileUrl("sparse.db") });
    try {
      const col = await store.collection("l2", { dimensions: DIMS, metric: "l2", index: false });
      const big = (v: Float32Array) => v.map((x) => x * 20);
      await col.upsert(clusteredVectors(6000, DIMS, { seed: 1 }).vectors.map((v, i) => ({ id: `old${i}`, content: "", vector: big(v) })));
      await col.delete({ filter: { id: { $nin: ["old1", "old2", "old3"] } } });
      await col.query({ vector: big(randomUnitVectors(1, DIMS, 1)[0]!) }); // loads on 3 rows, ids up to 6000
      const fresh = clusteredVectors(5000, DIMS, { seed: 2 }).vectors.map(big);
      await col.upsert(fresh.map((vector, i) => ({ id: `new${i}`, content: "", vector })));
      const queries = clusteredVectors(10, DIMS, { seed: 3 }).vectors.map(big);
      for (const q of queries) {
        const hits = await col.query({ vector: q, topK: 10 });
        expect(hits.explain.vectorPath).toBe("scan");
        const exact = await col.query({ vector: q, topK: 10, strategy: "exact" });
        expect(hits.map((h) => h.id)).toEqual(exact.map((h) => h.id));
      }
    } finally {
      await store.close();
    }
  });

  it("frees the cache of a collection that another connection dropped and made again", async () => {
    const url = fileUrl("dropped.db");
    const { store, col } = await seeded(url);
    const other = await openStore({ url });
    try {
      const [q] = randomUnitVectors(1, DIMS, 3);
      await col.query({ vector: q! });
      const caches = (store as unknown as { caches: Map<string, unknown> }).caches;
      expect(caches.size).toBe(1);
      await other.dropCollection("docs");
      const again = await other.collection("docs", { dimensions: DIMS, index: false });
      await seed(again, clusteredVectors(N, DIMS, { seed: 8, clusters: 10 }).vectors);
      const reopened = await store.collection("docs");
      await reopened.query({ vector: q! });
      expect(caches.size).toBe(1);
      expect([...caches.keys()]).toEqual([(reopened as unknown as { tables: { chunks: string } }).tables.chunks]);
    } finally {
      await other.close();
      await store.close();
    }
  });

  it("past binaryPassMinRows, unfiltered queries take the 1-bit pass; filtered ones still return the exact top k", async () => {
    const dims = 64;
    const all = clusteredVectors(6030, dims, { seed: 51, clusters: 120 }).vectors;
    const vectors = all.slice(0, 6000);
    const store = await openStore({ url: fileUrl("bits.db"), scanCache: { binaryPassMinRows: 0 } });
    try {
      const col = await store.collection("bits", { dimensions: dims, index: false });
      await seed(col, vectors);
      let hits = 0;
      for (const q of all.slice(6000)) {
        const found = await col.query({ vector: q, topK: 10 });
        expect(found.explain.vectorPath).toBe("scan");
        expect(found.explain.notes.join("\n")).toMatch(/1-bit pass kept 2000/);
        const truth = nearest(q, vectors, 10).map(rowId);
        hits += found.filter((h) => truth.includes(h.id)).length;
      }
      expect(hits / 300).toBeGreaterThanOrEqual(0.95);
    } finally {
      await store.close();
    }
    // Filtered queries score every row by its int8 codes, as before: the exact top k of the matching rows.
    const { store: other, col, vectors: rows } = await seeded(fileUrl("bits-filtered.db"), { scanCache: { binaryPassMinRows: 0 } });
    try {
      for (const q of randomUnitVectors(6, DIMS, 31)) {
        expect((await col.query({ vector: q, topK: 10 })).explain.notes.join("\n")).toMatch(/1-bit pass kept 2000/);
        for (const [filter, keep] of [
          [{ half: true }, (i: number) => i % 2 === 0],
          [{ tenth: true }, (i: number) => i % 10 === 0],
        ] as const) {
          const filtered = await col.query({ vector: q, topK: 10, filter });
          expect(filtered.explain.vectorPath).toBe("scan");
          expect(filtered.explain.notes.join("\n")).not.toMatch(/1-bit/);
          expect(filtered.map((h) => h.id)).toEqual(nearest(q, rows, 10, "cosine", keep).map(rowId));
        }
      }
    } finally {
      await other.close();
    }
  }, 60_000);

  it("a full reload frees the old copy first: peak bytes stay near one copy and the WebAssembly memory is reused", async () => {
    const { store, col } = await seeded(fileUrl("reload.db"));
    try {
      const [q] = randomUnitVectors(1, DIMS, 61);
      expect((await col.query({ vector: q! })).explain.vectorPath).toBe("scan");
      const first = (await col.stats()).scanCache!;
      expect(first.bytes).toBeGreaterThan(N * (DIMS + 16));
      expect(first.memoryBytes).toBeGreaterThan(0);
      expect(first.peakBytes).toBeLessThanOrEqual(first.bytes * 1.2);
      const log = `${(col as unknown as { tables: { log: string } }).tables.log}`;
      for (let round = 1; round <= 2; round++) {
        // A trimmed log forces a full reload.
        await col.upsert([{ id: `reload${round}`, content: "x", vector: q! }]);
        await store.client.execute(`DELETE FROM "${log}"`);
        await col.upsert([{ id: `again${round}`, content: "y", vector: q! }]);
        const ids = (await col.query({ vector: q!, topK: 2 * round })).map((h) => h.id);
        expect(ids).toEqual(expect.arrayContaining([`again${round}`, `reload${round}`]));
        const after = (await col.stats()).scanCache!;
        expect(after.fullLoads).toBe(first.fullLoads + round);
        expect(after.rows).toBe(N + 2 * round);
        expect(after.peakBytes).toBeLessThanOrEqual(after.bytes * 1.2);
        expect(after.memoryBytes).toBe(first.memoryBytes);
      }
    } finally {
      await store.close();
    }
  });

  it("over maxBytes, degrades to the vector index", async () => {
    const url = fileUrl("budget-index.db");
    const setup = await openStore({ url, scanCache: false });
    const vectors = clusteredVectors(N, DIMS, { seed: 8, clusters: 10 }).vectors;
    await seed(await setup.collection("indexed", { dimensions: DIMS }), vectors);
    await setup.close();
    const store = await openStore({ url, scanCache: { maxBytes: 100_000 } });
    try {
      const col = await store.collection("indexed");
      const [q] = randomUnitVectors(1, DIMS, 62);
      const hits = await col.query({ vector: q!, topK: 10 });
      expect(hits.explain.vectorPath).toBe("ann");
      expect(hits).toHaveLength(10);
      expect(hits.explain.notes.join("\n")).toMatch(/scan cache off: .*maxBytes 100000/);
      expect((await col.stats()).scanCache).toMatchObject({ status: "disabled", bytes: 0 });
    } finally {
      await store.close();
    }
  }, 60_000);

  it("answers a filter on an indexed field through the field index when few rows match, else through the cache", async () => {
    const store = await openStore({ url: fileUrl("fields.db") });
    try {
      const col = await store.collection("t", { dimensions: DIMS, index: false, indexedFields: ["tenant"] });
      const vectors = clusteredVectors(N, DIMS, { seed: 4, clusters: 10 }).vectors;
      await col.upsert(
        vectors.map((vector, i) => ({ id: rowId(i), content: "", metadata: { tenant: i % 200 === 0 ? "small" : i % 2 === 0 ? "big" : "other" }, vector })),
      );
      const [q] = randomUnitVectors(1, DIMS, 5);
      const small = await col.query({ vector: q!, topK: 5, filter: { tenant: "small" } });
      expect(small.explain.vectorPath).toBe("exact");
      expect(small.explain.notes.join(" ")).toMatch(/field index/);
      expect(small.map((h) => h.id)).toEqual(nearest(q!, vectors, 5, "cosine", (i) => i % 200 === 0).map(rowId));
      const big = await col.query({ vector: q!, topK: 5, filter: { tenant: "big" } });
      expect(big.explain.vectorPath).toBe("scan");
      expect(big.map((h) => h.id)).toEqual(nearest(q!, vectors, 5, "cosine", (i) => i % 200 !== 0 && i % 2 === 0).map(rowId));
    } finally {
      await store.close();
    }
  });

  it("upgrades a collection made before the change log existed", async () => {
    const url = fileUrl("v1.db");
    const { store, vectors } = await seeded(url);
    const col = await store.collection("docs");
    const t = (col as unknown as { tables: { chunks: string; log: string } }).tables;
    // Make it look like table version 1: no change log, no triggers.
    await store.client.batch(
      [
        `DROP TRIGGER "${t.chunks}_li"`,
        `DROP TRIGGER "${t.chunks}_ld"`,
        `DROP TRIGGER "${t.chunks}_lu"`,
        `DROP TABLE "${t.log}"`,
        `UPDATE rag_collections SET schema_version = 1 WHERE name = 'docs'`,
      ],
      "write",
    );
    await store.close();
    const reopened = await openStore({ url });
    try {
      const upgraded = await reopened.collection("docs");
      expect(upgraded.info.schemaVersion).toBe(COLLECTION_SCHEMA_VERSION);
      const [q] = randomUnitVectors(1, DIMS, 13);
      const hits = await upgraded.query({ vector: q!, topK: 10 });
      expect(hits.explain.vectorPath).toBe("scan");
      expect(hits.map((h) => h.id)).toEqual(nearest(q!, vectors, 10).map(rowId));
      await upgraded.upsert([{ id: "after-upgrade", content: "z", vector: q! }]);
      expect((await upgraded.query({ vector: q!, topK: 1 }))[0]!.id).toBe("after-upgrade");
    } finally {
      await reopened.close();
    }
  });
});
