import { expect, it } from "vitest";
import type { Collection, Filter } from "../../src/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

async function seed(col: Collection, n: number): Promise<void> {
  await col.upsert(
    Array.from({ length: n }, (_, i) => ({
      id: `r${i}`,
      documentId: `d${i % 3}`,
      content: `row ${i}`,
      metadata: { i, even: i % 2 === 0 },
      vector: [1, i + 1],
    })),
  );
}

describeEachTarget("collection.delete: the all: true guard", (target) => {
  it("refuses any filter that matches every row, whatever its shape, and deletes nothing", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 2, indexedFields: ["i"] });
      await seed(col, 12);
      const everything: Filter[] = [
        { $not: { $not: {} } },
        { id: { $exists: true } },
        { i: { $gte: 0 } },
        { $or: [{ even: true }, { even: false }] },
        { i: { $nin: [] } },
        { $not: { id: "nope" } },
      ];
      for (const filter of everything) {
        await expect(col.delete({ filter }), JSON.stringify(filter)).rejects.toBeRagError("INVALID_ARGUMENT");
        expect(await col.count(), JSON.stringify(filter)).toBe(12);
      }
      // Selective filters still delete, the bookkeeping of their documents goes too, and all: true deletes the rest.
      expect(await col.delete({ filter: { even: true } })).toBe(6);
      expect(await col.delete({ filter: { i: 99 } })).toBe(0);
      expect(await col.delete({ filter: { id: { $exists: true } }, all: true })).toBe(6);
      expect(await col.count()).toBe(0);
      // An empty collection has nothing to protect.
      expect(await col.delete({ filter: { id: { $exists: true } } })).toBe(0);
    });
  });

  it("deletes a filter's rows when one row would survive", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 2 });
      await seed(col, 5);
      expect(await col.delete({ filter: { i: { $ne: 4 } } })).toBe(4);
      expect((await col.list()).map((r) => r.id)).toEqual(["r4"]);
      await expect(col.delete({ filter: { i: 4 } })).rejects.toBeRagError("INVALID_ARGUMENT");
      expect(await col.delete({ ids: ["r4"] })).toBe(1);
    });
  });
});
