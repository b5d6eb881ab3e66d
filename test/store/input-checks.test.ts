import { expect, it } from "vitest";
import type { RagError, VectorType } from "../../src/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

describeEachTarget("collection.upsert and query: vectors are checked as stored", (target) => {
  it("refuses, under cosine, vectors whose float32 norm is zero or under/overflows, naming the vector", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 4 });
      await col.upsert([
        { id: "ok", vector: [1, 0, 0, 0] },
        { id: "ok2", vector: [0, 1, 0, 0] },
      ]);
      const bad: [number[], string][] = [
        [[5e-324, 0, 0, 0], "all zeros once stored in float32"],
        [[1e-40, 1e-40, 1e-40, 1e-40], "norm 2.00e-40"],
        [[1e-25, 0, 0, 0], "norm 1.00e-25"],
        [[1e19, 1e19, 1e19, 1e19], "norm 2.00e+19"],
      ];
      for (const [vector, why] of bad) {
        const err = await col
          .upsert([
            { id: "fine", vector: [0, 0, 1, 0] },
            { id: "poison", vector },
          ])
          .catch((e: unknown) => e);
        expect(err, JSON.stringify(vector)).toBeRagError("INVALID_ARGUMENT");
        expect((err as RagError).message).toContain('record 1 (id "poison")');
        expect((err as RagError).message).toContain(why);
        await expect(col.query({ vector, topK: 2 }), JSON.stringify(vector)).rejects.toBeRagError("INVALID_ARGUMENT");
      }
      // Nothing was written, and every score is still a real similarity.
      expect(await col.count()).toBe(2);
      const hits = await col.query({ vector: [1, 0.5, 0, 0], topK: 2, strategy: "exact" });
      expect(hits.map((h) => h.id)).toEqual(["ok", "ok2"]);
      expect(hits.every((h) => Number.isFinite(h.score) && h.score <= 1 + 1e-6)).toBe(true);
      // Small and large but sound norms pass.
      await col.upsert([
        { id: "small", vector: [1e-9, 0, 0, 0] },
        { id: "large", vector: [0, 1e9, 0, 0] },
      ]);
      expect((await col.query({ vector: [1, 0, 0, 0], topK: 1, filter: { id: "small" } }))[0]!.score).toBeCloseTo(1, 5);
    });
  });

  it("checks F16_BLOB vectors after rounding to half precision, and only the finite range under l2", async () => {
    await withStore(target, async (store) => {
      const f16 = await store.collection(uniqueName(), { dimensions: 4, vectorType: "F16_BLOB" as VectorType, index: false });
      for (const vector of [
        [1e-8, 1e-8, 0, 0],
        [1e-5, 7e4, 0, 0],
      ]) {
        await expect(f16.upsert([{ id: "a", vector }]), JSON.stringify(vector)).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(f16.query({ vector, topK: 1 }), JSON.stringify(vector)).rejects.toBeRagError("INVALID_ARGUMENT");
      }
      await f16.upsert([
        { id: "a", vector: [1e-4, 1e-4, 0, 0] },
        { id: "b", vector: [0, 0, 6e4, 1] },
      ]);
      const hits = await f16.query({ vector: [1, 1, 0, 0], topK: 2 });
      expect(hits[0]!.id).toBe("a");
      expect(hits[0]!.score).toBeCloseTo(1, 2);
      const l2 = await store.collection(uniqueName(), { dimensions: 2, metric: "l2", vectorType: "F16_BLOB" as VectorType, index: false });
      await l2.upsert([{ id: "tiny", vector: [1e-40, 0] }]);
      await expect(l2.upsert([{ id: "huge", vector: [1e5, 0] }])).rejects.toBeRagError("INVALID_ARGUMENT");
    });
  });
});

describeEachTarget("collection: ids and metadata are well-formed Unicode", (target) => {
  it("refuses ids and document ids with lone surrogates, so distinct ids never collide", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 2 });
      for (const id of ["\ud800", "\udfff", "a\ud83d", "\ude00b"]) {
        const err = await col.upsert([{ id, vector: [1, 0] }]).catch((e: unknown) => e);
        expect(err, JSON.stringify(id)).toBeRagError("INVALID_ARGUMENT");
        expect((err as RagError).message).toContain(JSON.stringify(id));
        await expect(col.upsert([{ id: "ok", documentId: id, vector: [1, 0] }])).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(col.get({ ids: [id] })).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(col.delete({ ids: [id] })).rejects.toBeRagError("INVALID_ARGUMENT");
      }
      // Whole surrogate pairs are fine, and stay distinct.
      await col.upsert([
        { id: "\ud83d\ude00", vector: [1, 0] },
        { id: "\ud83d\ude01", vector: [0, 1] },
      ]);
      expect((await col.get({ ids: ["\ud83d\ude00", "\ud83d\ude01"] })).map((r) => r.id)).toEqual(["\ud83d\ude00", "\ud83d\ude01"]);
      expect(await col.count()).toBe(2);
    });
  });

  it("refuses metadata keys and strings with lone surrogates, naming the path", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 2 });
      for (const [metadata, path] of [
        [{ a: "\ud800" }, "metadata.a"],
        [{ a: { b: ["ok", "x\udfff"] } }, "metadata.a.b[1]"],
        [{ "k\ud800": 1 }, 'metadata["k\\ud800"]'],
      ] as const) {
        const err = await col.upsert([{ id: "a", metadata, vector: [1, 0] }]).catch((e: unknown) => e);
        expect(err, path).toBeRagError("INVALID_ARGUMENT");
        expect((err as RagError).path).toBe(path);
      }
      expect(await col.count()).toBe(0);
    });
  });
});
