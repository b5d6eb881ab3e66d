import { expect, it } from "vitest";
import { filterFor } from "../../src/db/record-sql.js";
import { parseFilter, type Filter } from "../../src/index.js";
import type { CollectionImpl } from "../../src/store/collection.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

describeEachTarget("collection: indexed metadata fields", (target) => {
  it("follows inserts, metadata updates and deletes, and is backfilled when added later", async () => {
    await withStore(target, async (store) => {
      const name = uniqueName();
      const col = await store.collection(name, { dimensions: 2, indexedFields: ["tenant", "tags"] });
      expect(col.info.indexedFields).toEqual(["tenant", "tags"]);
      await col.upsert([
        { id: "a", metadata: { tenant: "x", tags: ["red", "blue"], year: 2020 }, vector: [1, 0] },
        { id: "b", metadata: { tenant: "y", tags: "red", year: 2021 }, vector: [0, 1] },
        { id: "c", metadata: { tenant: ["x", "z"], year: "2022" }, vector: [1, 1] },
      ]);
      const ids = async (filter: Filter) => (await col.list({ filter })).map((r) => r.id);
      expect(await ids({ tenant: "x" })).toEqual(["a", "c"]);
      expect(await ids({ tags: "red" })).toEqual(["a", "b"]);
      expect(await ids({ tenant: { $in: ["y", "z"] } })).toEqual(["b", "c"]);
      expect(await ids({ tenant: { $gte: "x" } })).toEqual(["a", "b"]);
      expect(await ids({ tenant: { $ne: "x" } })).toEqual(["b"]);
      await col.upsert([{ id: "a", metadata: { tenant: "y", tags: [] }, vector: [1, 0] }]);
      expect(await ids({ tenant: "x" })).toEqual(["c"]);
      expect(await ids({ tags: "red" })).toEqual(["b"]);
      await col.delete({ ids: ["b"] });
      expect(await ids({ tags: "red" })).toEqual([]);
      expect(await ids({ tenant: "y" })).toEqual(["a"]);

      // Adding a field later backfills it; the existing ones keep working.
      const reopened = await store.collection(name, { indexedFields: ["year"] });
      expect(reopened.info.indexedFields).toEqual(["tenant", "tags", "year"]);
      expect((await reopened.list({ filter: { year: { $gte: 2020 } } })).map((r) => r.id)).toEqual([]);
      expect((await reopened.list({ filter: { year: "2022" } })).map((r) => r.id)).toEqual(["c"]);
      expect((await reopened.list({ filter: { tenant: "x" } })).map((r) => r.id)).toEqual(["c"]);
      await expect(store.collection(name, { indexedFields: ['bad"key'] })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(store.collection(name, { indexedFields: ["id"] })).rejects.toBeRagError("INVALID_ARGUMENT");
      expect(await store.dropCollection(name)).toBe(true);
      const left = await store.client.execute({ sql: "SELECT count(*) AS n FROM sqlite_master WHERE name LIKE ?", args: ["%_fields%"] });
      expect(Number(left.rows[0]!.n)).toBe(0);
    });
  });

  it("filters on an indexed field are answered through the index", async () => {
    await withStore(target, async (store) => {
      const col = (await store.collection(uniqueName(), { dimensions: 2, indexedFields: ["tenant"] })) as CollectionImpl;
      const f = filterFor(col, parseFilter({ tenant: "x" }));
      const plan = await store.client.execute({ sql: `EXPLAIN QUERY PLAN SELECT id FROM "${col.tables.chunks}" WHERE ${f.sql}`, args: f.args });
      const text = plan.rows.map((r) => String(r.detail)).join("\n");
      expect(text).toMatch(/_fields_pv/);
    });
  });
});
