import { beforeAll, afterAll, expect, it } from "vitest";
import type { Collection, Store } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { clusteredVectors, randomUnitVectors } from "../../src/testing/vectors.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

function bruteForce(query: Float32Array, vectors: Float32Array[], keep: (i: number) => boolean, k: number): number[] {
  const scored: { i: number; s: number }[] = [];
  vectors.forEach((v, i) => {
    if (!keep(i)) return;
    let dot = 0;
    for (let j = 0; j < v.length; j++) dot += v[j]! * query[j]!;
    scored.push({ i, s: dot });
  });
  scored.sort((a, b) => b.s - a.s);
  return scored.slice(0, k).map((x) => x.i);
}

const id = (i: number) => `r${String(i).padStart(5, "0")}`;

describeEachTarget("collection.query: strategies", (target) => {
  const n = target.kind === "file" || target.kind === "memory" ? 6000 : 1500;
  const dims = 24;
  let store: Store;
  let col: Collection;
  let vectors: Float32Array[];
  beforeAll(async () => {
    store = await target.open();
    col = await store.collection(uniqueName("q"), { dimensions: dims, index: { compressNeighbors: "float8" } });
    vectors = clusteredVectors(n, dims, { seed: 5, clusters: 20 }).vectors;
    await col.upsert(
      vectors.map((vector, i) => ({
        id: id(i),
        content: `row ${i}`,
        metadata: { pct1: i % 100 === 0, pct10: i % 10 === 0, pct50: i % 2 === 0 },
        vector,
      })),
    );
  }, 240_000);
  afterAll(async () => store?.close());

  for (const strategy of ["exact", "ann", "auto"] as const) {
    it(`${strategy}: returns exactly min(k, matches), ordered, at recall ≥ 0.9 under filters`, async () => {
      const queries = randomUnitVectors(8, dims, 77);
      let hits = 0;
      let total = 0;
      for (const [field, keep] of [
        ["pct1", (i: number) => i % 100 === 0],
        ["pct10", (i: number) => i % 10 === 0],
        ["pct50", (i: number) => i % 2 === 0],
        [undefined, () => true],
      ] as const) {
        for (const query of queries) {
          const filter = field ? { [field]: true } : undefined;
          const results = await col.query({ vector: query, topK: 10, filter, strategy });
          const matches = vectors.filter((_, i) => keep(i)).length;
          expect(results).toHaveLength(Math.min(10, matches));
          for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
          if (field) expect(results.every((r) => r.metadata[field] === true)).toBe(true);
          const truth = new Set(bruteForce(query, vectors, keep, 10).map(id));
          hits += results.filter((r) => truth.has(r.id)).length;
          total += truth.size;
          expect(results.explain.strategy).toBe(strategy);
          if (strategy === "exact") expect(results.explain.vectorPath).toBe("exact");
        }
      }
      expect(hits / total).toBeGreaterThanOrEqual(strategy === "exact" ? 1 : 0.9);
    });
  }

  // Remote targets get a smaller collection, below the size where auto's choice is what this checks.
  it.skipIf(n <= 4096)("auto explains its choice: exact for a selective filter, the scan cache or the index otherwise (large local collections)", async () => {
    const [query] = randomUnitVectors(1, dims, 3);
    // Three matching rows: the scan cache tests the filter on every cached record and finds just those.
    const tiny = await col.query({ vector: query!, filter: { id: { $in: [id(1), id(2), id(3)] } } });
    expect(tiny.explain.vectorPath).toBe("scan");
    expect(tiny.map((r) => r.id).sort()).toEqual([id(1), id(2), id(3)]);
    // 60 matching rows (1%).
    const selective = await col.query({ vector: query!, filter: { pct1: true } });
    expect(selective.explain.vectorPath).toBe("scan");
    expect(selective.explain.selectivity).toBeLessThan(0.05);
    expect(selective).toHaveLength(10);
    // Local stores keep a scan cache by default; the index serves the same queries without it.
    const broad = await col.query({ vector: query!, filter: { pct50: true } });
    expect(broad.explain.vectorPath).toBe("scan");
    const plain = await col.query({ vector: query! });
    expect(plain.explain.vectorPath).toBe("scan");
    expect(plain.explain.candidates).toBeGreaterThanOrEqual(40);
    const viaIndex = await col.query({ vector: query!, strategy: "ann" });
    expect(viaIndex.explain.vectorPath).toBe("ann");
    expect(viaIndex.explain.candidates).toBeGreaterThanOrEqual(10);
    expect(viaIndex.map((r) => r.id)).toEqual(plain.map((r) => r.id));
  });

  it("ann falls back to an exact scan when the filter leaves fewer than k candidates", async () => {
    const [query] = randomUnitVectors(1, dims, 4);
    const results = await col.query({ vector: query!, topK: 5, filter: { id: { $in: [id(1), id(2), id(3)] } }, strategy: "ann" });
    expect(results.map((r) => r.id).sort()).toEqual([id(1), id(2), id(3)]);
    expect(results.explain.vectorPath).toBe("ann+exact");
  });

  it("topK above the index's candidate cap uses an exact scan and still returns topK", async () => {
    const [query] = randomUnitVectors(1, dims, 6);
    const results = await col.query({ vector: query!, topK: 500, strategy: "ann" });
    expect(results).toHaveLength(500);
    expect(results.explain.vectorPath).toBe("exact");
  });
});

const docs = [
  { id: "wal", content: "Write-ahead logging lets readers and writers run at the same time." },
  { id: "fts", content: "The FTS5 extension provides full-text search with bm25 ranking." },
  { id: "json", content: "JSON functions such as json_extract read values from JSON text." },
  { id: "vacuum", content: "VACUUM rebuilds the database file and reclaims free pages." },
  { id: "pragma", content: "PRAGMA statements tune the engine: journal_mode, synchronous, cache_size." },
  { id: "quotes", content: `Odd text with "quotes", stars*, NEAR(a b), minus-signs and col:on.` },
];

describeEachTarget("collection.query: keyword, hybrid and mmr", (target) => {
  const embedder = hashEmbedder({ dimensions: 64 });
  const embed = async (t: string) => (await embedder.embed([t]))[0]!;
  async function seeded(store: Store) {
    const col = await store.collection(uniqueName("kw"), { dimensions: 64 });
    const vectors = await embedder.embed(docs.map((d) => d.content));
    await col.upsert(docs.map((d, i) => ({ ...d, metadata: { n: i }, vector: vectors[i]! })));
    return col;
  }

  it("keyword mode ranks by BM25 over OR-ed words and applies filters", async () => {
    await withStore(target, async (store) => {
      const col = await seeded(store);
      const hits = await col.query({ text: "how does full-text search ranking work", mode: "keyword", topK: 3 });
      expect(hits[0]!.id).toBe("fts");
      expect(hits.explain.mode).toBe("keyword");
      const stemmed = await col.query({ text: "rebuilding databases", topK: 3 });
      expect(stemmed[0]!.id).toBe("vacuum");
      const filtered = await col.query({ text: "search json", mode: "keyword", filter: { n: { $gte: 2 } } });
      expect(filtered.map((h) => h.id)).toEqual(["json"]);
      expect(await col.query({ text: "   ", mode: "keyword" })).toEqual([]);
    });
  });

  it("keyword text is never parsed as FTS5 syntax", async () => {
    await withStore(target, async (store) => {
      const col = await seeded(store);
      for (const text of [`"`, `"unbalanced`, `stars*`, `NEAR(a b)`, `-minus`, `col:on`, `a\u0000b`, `AND OR NOT`, `^*"(){}[]:`, `'; DROP TABLE x; --`]) {
        const hits = await col.query({ text, mode: "keyword" });
        expect(Array.isArray(hits), text).toBe(true);
      }
      expect((await col.query({ text: `NEAR(quotes`, mode: "keyword" }))[0]!.id).toBe("quotes");
      expect((await col.query({ text: `col:on`, mode: "keyword" }))[0]!.id).toBe("quotes");
    });
  });

  it("the keyword index follows updates and deletes", async () => {
    await withStore(target, async (store) => {
      const col = await seeded(store);
      expect((await col.query({ text: "vacuum", mode: "keyword" })).map((h) => h.id)).toEqual(["vacuum"]);
      await col.upsert([{ id: "vacuum", content: "Now about checkpoints only.", vector: await embed("checkpoints") }]);
      expect(await col.query({ text: "vacuum", mode: "keyword" })).toEqual([]);
      expect((await col.query({ text: "checkpoints", mode: "keyword" })).map((h) => h.id)).toEqual(["vacuum"]);
      await col.delete({ ids: ["vacuum"] });
      expect(await col.query({ text: "checkpoints", mode: "keyword" })).toEqual([]);
    });
  });

  it("hybrid finds a keyword-only and a vector-only relevant row", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("hy"), { dimensions: 4 });
      await col.upsert([
        // Matches the words but points away from the query vector.
        { id: "keyword-only", content: "zebra crossing rules", vector: [0, 0, 0, 1] },
        // Shares no words but sits right on the query vector.
        { id: "vector-only", content: "unrelated words entirely", vector: [1, 0, 0, 0] },
        { id: "noise1", content: "lorem ipsum", vector: [0, 1, 0, 0] },
        { id: "noise2", content: "dolor sit", vector: [0, 0, 1, 0] },
      ]);
      const hits = await col.query({ text: "zebra", vector: [1, 0, 0, 0.05], mode: "hybrid", topK: 2 });
      expect(hits.map((h) => h.id).sort()).toEqual(["keyword-only", "vector-only"]);
      expect(hits.explain.mode).toBe("hybrid");
      const weighted = await col.query({ text: "zebra", vector: [1, 0, 0, 0.05], mode: "hybrid", topK: 1, hybrid: { keywordWeight: 3 } });
      expect(weighted[0]!.id).toBe("keyword-only");
      const filtered = await col.query({ text: "zebra", vector: [1, 0, 0, 0.05], mode: "hybrid", topK: 4, filter: { id: { $ne: "keyword-only" } } });
      expect(filtered.map((h) => h.id)).not.toContain("keyword-only");
      expect(filtered).toHaveLength(3);
      await expect(col.query({ text: "zebra", mode: "hybrid" })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.query({ vector: [1, 0, 0, 0], mode: "keyword" })).rejects.toBeRagError("INVALID_ARGUMENT");
    });
  });

  it("takes the query vector as a promise: the same results, and its check and rejection surface", async () => {
    await withStore(target, async (store) => {
      const col = await seeded(store);
      const vector = await embed("how does full-text search ranking work");
      for (const mode of ["hybrid", "vector"] as const) {
        const expected = await col.query({ text: "full-text search ranking", vector, mode, topK: 4, mmr: mode === "vector" });
        let resolve!: (v: Float32Array) => void;
        const pending = col.query({
          text: "full-text search ranking",
          vector: new Promise<Float32Array>((r) => (resolve = r)),
          mode,
          topK: 4,
          mmr: mode === "vector",
        });
        resolve(vector);
        const got = await pending;
        expect(got.map((h) => [h.id, h.score])).toEqual(expected.map((h) => [h.id, h.score]));
        expect(got.explain.mode).toBe(mode);
      }
      const failure = new Error("embedding failed");
      const rejected = await col.query({ text: "search", vector: Promise.reject(failure) }).catch((e: unknown) => e);
      expect(rejected).toBeRagError("EMBEDDING_FAILED");
      expect((rejected as Error).cause).toBe(failure);
      await expect(col.query({ text: "search", vector: Promise.resolve([1, 2, 3]) })).rejects.toBeRagError("DIMENSION_MISMATCH");
      // A keyword query never waits for (or checks) a vector it does not use.
      expect((await col.query({ text: "vacuum", mode: "keyword", vector: new Promise<number[]>(() => {}) }))[0]!.id).toBe("vacuum");
    });
  });

  it("mmr removes near-duplicates that plain similarity keeps", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("mmr"), { dimensions: 3 });
      await col.upsert([
        { id: "a1", vector: [1, 0.01, 0] },
        { id: "a2", vector: [1, 0.011, 0] },
        { id: "a3", vector: [1, 0.012, 0] },
        { id: "b", vector: [0.7, 0.7, 0] },
        { id: "c", vector: [0.7, 0, 0.7] },
      ]);
      const plain = await col.query({ vector: [1, 0.2, 0.1], topK: 3 });
      expect(plain.map((h) => h.id).filter((x) => x.startsWith("a"))).toHaveLength(3);
      const diverse = await col.query({ vector: [1, 0.2, 0.1], topK: 3, mmr: { lambda: 0.5, fetchK: 5 } });
      expect(diverse).toHaveLength(3);
      expect(diverse.map((h) => h.id).filter((x) => x.startsWith("a"))).toHaveLength(1);
      expect(diverse[0]!.vector).toBeUndefined();
      expect(diverse.explain.mmr).toBe(true);
      await expect(col.query({ vector: [1, 0, 0], topK: 5, mmr: { fetchK: 2 } })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.query({ vector: [1, 0, 0], mmr: { lambda: 2 } })).rejects.toBeRagError("INVALID_ARGUMENT");
    });
  });
});
