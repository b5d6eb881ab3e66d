import { describe, expect, it } from "vitest";
import { RagError, defaultIndexOptions, type Collection, type Store } from "../../src/index.js";
import { randomUnitVectors } from "../../src/testing/vectors.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

function exactTopK(query: Float32Array, vectors: Float32Array[], ids: string[], k: number): string[] {
  const scored = vectors.map((v, i) => {
    let dot = 0,
      nq = 0,
      nv = 0;
    for (let j = 0; j < v.length; j++) {
      dot += v[j]! * query[j]!;
      nq += query[j]! ** 2;
      nv += v[j]! ** 2;
    }
    return { id: ids[i]!, score: dot / Math.sqrt(nq * nv) };
  });
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return scored.slice(0, k).map((s) => s.id);
}

async function seed(col: Collection, n: number, dims: number, seedValue = 7): Promise<Float32Array[]> {
  const vectors = randomUnitVectors(n, dims, seedValue);
  await col.upsert(
    vectors.map((vector, i) => ({
      id: `r${String(i).padStart(4, "0")}`,
      documentId: `doc${i % 5}`,
      content: `record number ${i} about ${i % 2 ? "odd" : "even"} things`,
      metadata: { i, parity: i % 2 ? "odd" : "even", tags: [`t${i % 3}`] },
      vector,
    })),
  );
  return vectors;
}

describeEachTarget("store.collection", (target) => {
  it("creates a collection, then reopens it without options and with matching ones", async () => {
    await withStore(target, async (store) => {
      const name = uniqueName();
      const col = await store.collection(name, { dimensions: 8, embedderId: "hash-8" });
      expect(col.info).toMatchObject({ name, dimensions: 8, vectorType: "F32_BLOB", metric: "cosine", embedderId: "hash-8" });
      const again = await store.collection(name);
      expect(again.info).toEqual(col.info);
      await expect(store.collection(name, { dimensions: 8, metric: "cosine" })).resolves.toBeDefined();
      expect((await store.listCollections()).map((c) => c.name)).toContain(name);
    });
  });

  it("gives new collections the measured default index options, in the index itself", async () => {
    await withStore(target, async (store) => {
      for (const [dimensions, metric, expected] of [
        [384, "cosine", { compressNeighbors: "float1bit", maxNeighbors: 36, insertL: 20 }],
        [1536, "cosine", { compressNeighbors: "float1bit", maxNeighbors: 72, insertL: 20 }],
        [384, "l2", { compressNeighbors: "float8" }],
      ] as const) {
        expect(defaultIndexOptions(metric, dimensions)).toEqual(expected);
        // Local stores keep a scan cache and build no index unless asked; remote ones get the defaults.
        const local = target.kind === "file" || target.kind === "memory";
        const plain = await store.collection(uniqueName("defaults"), { dimensions, metric });
        expect(plain.info.index).toEqual(local ? false : expected);
        const col = await store.collection(uniqueName("defaults"), { dimensions, metric, index: true });
        expect(col.info.index).toEqual(expected);
        const t = (col as unknown as { tables: { vectorIndex: string } }).tables;
        const rs = await store.client.execute({ sql: "SELECT sql FROM sqlite_master WHERE name = ?", args: [t.vectorIndex] });
        const sql = String(rs.rows[0]!.sql);
        expect(sql).toContain(`compress_neighbors=${expected.compressNeighbors}`);
        if ("insertL" in expected) expect(sql).toContain(`insert_l=${expected.insertL}`);
        if ("maxNeighbors" in expected) expect(sql).toContain(`max_neighbors=${expected.maxNeighbors}`);
      }
    });
  });

  it("refuses conflicting options with typed errors", async () => {
    await withStore(target, async (store) => {
      const name = uniqueName();
      await store.collection(name, { dimensions: 8, embedderId: "e1", index: true });
      await expect(store.collection(name, { dimensions: 9 })).rejects.toBeRagError("DIMENSION_MISMATCH");
      await expect(store.collection(name, { metric: "l2" })).rejects.toBeRagError("CONFLICT");
      await expect(store.collection(name, { vectorType: "F16_BLOB" })).rejects.toBeRagError("CONFLICT");
      await expect(store.collection(name, { index: false })).rejects.toBeRagError("CONFLICT");
      await expect(store.collection(name, { index: { searchL: 999 } })).rejects.toBeRagError("CONFLICT");
      // `true` accepts the index the collection has, whatever its options.
      expect((await store.collection(name, { index: true })).info.index).not.toBe(false);
      await expect(store.collection(name, { embedderId: "e2" })).rejects.toBeRagError("EMBEDDER_MISMATCH");
      await expect(store.collection(uniqueName())).rejects.toBeRagError("NOT_FOUND");
      await expect(store.collection(name, { dimensions: 0 } as never)).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(store.collection(name, { bogus: 1 } as never)).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(store.collection("", { dimensions: 3 })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(store.collection(uniqueName(), { dimensions: 4, index: { searchL: -1 } })).rejects.toBeRagError("INVALID_ARGUMENT");
    });
  });

  it("adds a vector index to a collection made without one when opened with index options, and the index answers", async () => {
    await withStore(target, async (store) => {
      const name = uniqueName("addidx");
      const col = await store.collection(name, { dimensions: 16, index: false });
      const vectors = await seed(col, 40, 16);
      expect(col.info.index).toBe(false);
      const indexed = await store.collection(name, { index: { compressNeighbors: "float8" } });
      expect(indexed.info.index).toEqual({ compressNeighbors: "float8" });
      const hits = await indexed.query({ vector: vectors[7]!, topK: 3, strategy: "ann" });
      expect(hits.explain.vectorPath).toBe("ann");
      expect(hits[0]!.id).toBe("r0007");
      // Opened again (another handle, the same registry row): the index stays, and asking for it again is fine.
      expect((await store.collection(name, { index: { compressNeighbors: "float8" } })).info.index).toEqual({ compressNeighbors: "float8" });
      const other = await store.collection(uniqueName("addidx"), { dimensions: 16, index: false });
      expect((await store.collection(other.name, { index: true })).info.index).toEqual(defaultIndexOptions("cosine", 16));
    });
  });

  it("records the first embedder on a collection created without one", async () => {
    await withStore(target, async (store) => {
      const name = uniqueName();
      await store.collection(name, { dimensions: 4 });
      const claimed = await store.collection(name, { embedderId: "model-a" });
      expect(claimed.info.embedderId).toBe("model-a");
      await expect(store.collection(name, { embedderId: "model-b" })).rejects.toBeRagError("EMBEDDER_MISMATCH");
      const col = await store.collection(name);
      await expect(col.query({ vector: [1, 0, 0, 0], embedderId: "model-b" })).rejects.toBeRagError("EMBEDDER_MISMATCH");
    });
  });

  it("upserts by id, and get/list/count read back exactly what was written", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 4 });
      await col.upsert([
        { id: "b", documentId: "d1", content: "bee", metadata: { n: 1 }, vector: [1, 0, 0, 0] },
        { id: "a", content: "ay", vector: new Float32Array([0, 1, 0, 0]) },
      ]);
      await col.upsert([{ id: "b", documentId: "d2", content: "bee 2", metadata: { n: 2, nested: { x: [1, "y", null] } }, vector: [0, 0, 1, 0] }]);
      expect(await col.count()).toBe(2);
      expect(await col.count({ filter: { n: 2 } })).toBe(1);
      const [b, a] = await col.get({ ids: ["b", "a", "missing"], includeVectors: true });
      expect(b).toEqual({
        id: "b",
        documentId: "d2",
        content: "bee 2",
        metadata: { n: 2, nested: { x: [1, "y", null] } },
        vector: new Float32Array([0, 0, 1, 0]),
      });
      expect(a).toMatchObject({ id: "a", documentId: null, content: "ay", metadata: {} });
      expect((await col.list()).map((r) => r.id)).toEqual(["a", "b"]);
      expect((await col.list({ limit: 1, offset: 1 })).map((r) => r.id)).toEqual(["b"]);
      await expect(col.list({ limit: 10_001 })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.list({ offset: -1 })).rejects.toBeRagError("INVALID_ARGUMENT");
    });
  });

  it("rejects a bad vector anywhere in a batch and writes nothing from that batch", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 3 });
      const good = { id: "ok", vector: [1, 2, 3] };
      await expect(col.upsert([good, { id: "short", vector: [1, 2] }])).rejects.toBeRagError("DIMENSION_MISMATCH");
      await expect(col.upsert([good, { id: "long", vector: [1, 2, 3, 4] }])).rejects.toBeRagError("DIMENSION_MISMATCH");
      await expect(col.upsert([good, { id: "nan", vector: [1, Number.NaN, 3] }])).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.upsert([good, { id: "inf", vector: [1, Infinity, 3] }])).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.upsert([good, { id: "big", vector: [1, 1e39, 3] }])).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.upsert([good, { id: "zero", vector: [0, 0, 0] }])).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.upsert([good, { id: "str", vector: "1,2,3" as never }])).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.upsert([good, { id: "", vector: [1, 2, 3] }])).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.upsert([good, { ...good }])).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.upsert([good, { id: "m", vector: [1, 2, 3], metadata: { x: Number.NaN } }])).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.upsert([good, { id: "m", vector: [1, 2, 3], metadata: [] as never }])).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.upsert([good, { id: "m", vector: [1, 2, 3], metadata: { d: new Date() } }])).rejects.toBeRagError("INVALID_ARGUMENT");
      // SQLite would store a NUL but read the text back only up to it.
      await expect(col.upsert([good, { id: "nul", vector: [1, 2, 3], content: "abc\u0000def" }])).rejects.toBeRagError("INVALID_ARGUMENT");
      expect(await col.count()).toBe(0);
      const err = await col.upsert([{ id: "x", vector: [1] }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RagError);
      expect((err as RagError).message).toMatch(/expected a vector of 3 dimensions, got 1/);
    });
  });

  it("a zero vector is accepted under the l2 metric", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 2, metric: "l2" });
      await col.upsert([
        { id: "z", vector: [0, 0] },
        { id: "far", vector: [3, 4] },
      ]);
      const hits = await col.query({ vector: [0, 0], topK: 2 });
      expect(hits.map((h) => h.id)).toEqual(["z", "far"]);
      expect(hits[0]!.score).toBeCloseTo(1, 6);
      expect(hits[1]!.score).toBeCloseTo(1 / 6, 5);
    });
  });

  it("query returns the exact top k by similarity, ordered, with scores 1 - cosine distance", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 16 });
      const vectors = await seed(col, 120, 16);
      const ids = vectors.map((_, i) => `r${String(i).padStart(4, "0")}`);
      const [query] = randomUnitVectors(1, 16, 99);
      const hits = await col.query({ vector: query!, topK: 10, strategy: "exact" });
      expect(hits.map((h) => h.id)).toEqual(exactTopK(query!, vectors, ids, 10));
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
      expect(hits[0]!.score).toBeLessThanOrEqual(1);
      const self = await col.query({ vector: vectors[3]!, topK: 1 });
      expect(self[0]).toMatchObject({ id: "r0003", documentId: "doc3", metadata: { i: 3 } });
      expect(self[0]!.score).toBeCloseTo(1, 5);
      expect(self[0]!.vector).toBeUndefined();
      const withVec = await col.query({ vector: vectors[3]!, topK: 1, includeVectors: true });
      expect(Array.from(withVec[0]!.vector!)).toEqual(Array.from(vectors[3]!));
    });
  });

  it("query applies filters and minScore, returning min(k, matches)", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 16 });
      await seed(col, 60, 16);
      const [query] = randomUnitVectors(1, 16, 5);
      const odd = await col.query({ vector: query!, topK: 50, filter: { parity: "odd" } });
      expect(odd).toHaveLength(30);
      expect(odd.every((h) => (h.metadata.i as number) % 2 === 1)).toBe(true);
      const few = await col.query({ vector: query!, topK: 10, filter: { i: { $lt: 3 } } });
      expect(few.map((h) => h.metadata.i).sort()).toEqual([0, 1, 2]);
      const all = await col.query({ vector: query!, topK: 60 });
      const threshold = all[9]!.score;
      const above = await col.query({ vector: query!, topK: 60, minScore: threshold });
      expect(above.length).toBeGreaterThanOrEqual(10);
      expect(above.every((h) => h.score >= threshold)).toBe(true);
      expect(above.length).toBe(all.filter((h) => h.score >= threshold).length);
    });
  });

  it("validates query options", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 4 });
      await col.upsert([{ id: "a", vector: [1, 0, 0, 0] }]);
      const v = [1, 0, 0, 0];
      for (const topK of [0, -1, 1.5, 1001, Number.NaN]) {
        await expect(col.query({ vector: v, topK })).rejects.toBeRagError("INVALID_ARGUMENT");
      }
      await expect(col.query({ vector: [1, 0] })).rejects.toBeRagError("DIMENSION_MISMATCH");
      await expect(col.query({ vector: [0, 0, 0, 0] })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.query({ vector: [Number.NaN, 0, 0, 0] })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.query({ vector: v, filter: { x: { $regex: "a" } } as never })).rejects.toBeRagError("INVALID_FILTER");
      await expect(col.query({ vector: v, strategy: "fast" as never })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.query({ vector: v, minScore: Number.NaN })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.query({})).rejects.toBeRagError("INVALID_ARGUMENT");
      expect(await col.query({ vector: v, topK: 1000 })).toHaveLength(1);
    });
  });

  it("deletes by ids and by filter, and refuses a match-everything delete without all: true", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 16 });
      await seed(col, 20, 16);
      expect(await col.delete({ ids: ["r0000", "r0001", "nope"] })).toBe(2);
      expect(await col.delete({ filter: { parity: "odd" } })).toBe(9);
      await expect(col.delete({ filter: {} })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.delete({})).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.delete({ filter: { $or: [{}] } })).rejects.toBeRagError("INVALID_ARGUMENT");
      expect(await col.count()).toBe(9);
      expect(await col.delete({ all: true })).toBe(9);
      expect(await col.count()).toBe(0);
    });
  });

  it("keeps the full-text table in sync with upserts and deletes", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 2 });
      const ftsCount = async (word: string) => {
        const table = (await store.client.execute({ sql: "SELECT table_name FROM rag_collections WHERE name = ?", args: [col.name] })).rows[0]!
          .table_name as string;
        const rs = await store.client.execute({ sql: `SELECT count(*) AS n FROM "${table}_fts" WHERE "${table}_fts" MATCH ?`, args: [word] });
        return Number(rs.rows[0]!.n);
      };
      await col.upsert([
        { id: "a", content: "alpha beta", vector: [1, 0] },
        { id: "b", content: "beta gamma", vector: [0, 1] },
      ]);
      expect(await ftsCount("beta")).toBe(2);
      await col.upsert([{ id: "a", content: "delta", vector: [1, 0] }]);
      expect(await ftsCount("alpha")).toBe(0);
      expect(await ftsCount("delta")).toBe(1);
      await col.delete({ ids: ["b"] });
      expect(await ftsCount("beta")).toBe(0);
    });
  });

  it("stores every vector type, and stats reports rows, bytes and options", async () => {
    await withStore(target, async (store) => {
      for (const vectorType of ["F32_BLOB", "F16_BLOB", "FB16_BLOB", "F8_BLOB", "F1BIT_BLOB"] as const) {
        const col = await store.collection(uniqueName(vectorType), { dimensions: 16, vectorType, index: true });
        const vectors = await seed(col, 30, 16);
        const hits = await col.query({ vector: vectors[4]!, topK: 3, includeVectors: true });
        expect(hits).toHaveLength(3);
        if (vectorType !== "F1BIT_BLOB") expect(hits[0]!.id).toBe("r0004");
        expect(hits[0]!.vector).toHaveLength(16);
        const stats = await col.stats();
        expect(stats).toMatchObject({ rows: 30, documents: 5, dimensions: 16, vectorType });
        expect(stats.vectorBytes).toBe(30 * { F32_BLOB: 64, F16_BLOB: 33, FB16_BLOB: 33, F8_BLOB: 27, F1BIT_BLOB: 5 }[vectorType]);
        if (stats.bytes !== null) {
          expect(stats.bytes).toBeGreaterThan(0);
          expect(stats.bytesBy!.vectorIndex).toBeGreaterThan(0);
          expect(stats.bytesBy!.fullText).toBeGreaterThan(0);
        }
      }
    });
  });

  it("a collection without a vector index still answers exactly", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 16, index: false });
      const vectors = await seed(col, 40, 16);
      const hits = await col.query({ vector: vectors[7]!, topK: 5, strategy: "ann" });
      expect(hits).toHaveLength(5);
      expect(hits[0]!.id).toBe("r0007");
      await expect(col.upsert([{ id: "short", vector: [1, 2, 3] }])).rejects.toBeRagError("DIMENSION_MISMATCH");
    });
  });

  it("dropCollection removes every table, index, trigger and shadow table", async () => {
    await withStore(target, async (store) => {
      const name = uniqueName();
      const col = await store.collection(name, { dimensions: 4 });
      await col.upsert([{ id: "a", content: "x", vector: [1, 2, 3, 4] }]);
      const table = (await store.client.execute({ sql: "SELECT table_name FROM rag_collections WHERE name = ?", args: [name] })).rows[0]!.table_name as string;
      const objects = async () =>
        (
          await store.client.execute({
            sql: "SELECT name FROM sqlite_master WHERE name = ? OR name LIKE ? ESCAPE '\\' OR tbl_name LIKE ? ESCAPE '\\'",
            args: [table, `${table.replaceAll("_", "\\_")}\\_%`, `${table.replaceAll("_", "\\_")}%`],
          })
        ).rows.length;
      expect(await objects()).toBeGreaterThan(5);
      expect(await store.dropCollection(name)).toBe(true);
      expect(await objects()).toBe(0);
      expect(await store.dropCollection(name)).toBe(false);
      expect((await store.listCollections()).map((c) => c.name)).not.toContain(name);
      await expect(store.collection(name)).rejects.toBeRagError("NOT_FOUND");
    });
  });

  it("a closed store refuses further work with CLOSED", async () => {
    const store: Store = await target.open();
    const col = await store.collection(uniqueName(), { dimensions: 2 });
    await store.close();
    await expect(col.count()).rejects.toBeRagError("CLOSED");
    await expect(store.listCollections()).rejects.toBeRagError("CLOSED");
    await store.close();
  });

  it("writes large batches in one transaction, across statement limits", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 8, index: false });
      const vectors = randomUnitVectors(2500, 8, 3);
      const records = vectors.map((vector, i) => ({ id: `id${i}`, content: "x", vector }));
      records[2499] = { id: "bad", content: "x", vector: new Float32Array(7) };
      await expect(col.upsert(records)).rejects.toBeRagError("DIMENSION_MISMATCH");
      expect(await col.count()).toBe(0);
      records[2499] = { id: "last", content: "x", vector: vectors[0]! };
      await col.upsert(records);
      expect(await col.count()).toBe(2500);
    });
  });
});

describe("openStore", () => {
  it("rejects malformed URLs with INVALID_ARGUMENT", async () => {
    const { openStore } = await import("../../src/index.js");
    for (const url of ["", "file:", "ftp://example.com/db", "http://", "not a url", "libsql://"]) {
      await expect(openStore({ url })).rejects.toBeRagError("INVALID_ARGUMENT");
    }
    await expect(openStore({ url: "http://127.0.0.1:9", syncUrl: "http://x" })).rejects.toBeRagError("INVALID_ARGUMENT");
  });

  it("reports a dead server as CONNECTION_FAILED", async () => {
    const { openStore } = await import("../../src/index.js");
    await expect(openStore({ url: "http://127.0.0.1:9" })).rejects.toBeRagError("CONNECTION_FAILED");
    await expect(openStore({ url: "ws://127.0.0.1:9" })).rejects.toBeRagError("CONNECTION_FAILED");
  });
});
