import { expect, it } from "vitest";
import { RagError, evaluateFilter, parseFilter, type Filter } from "../../src/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const long = "x".repeat(300);
const hostile = [
  `'`,
  `"`,
  `''; DROP TABLE rag_collections; --`,
  `"); DROP TABLE x; --`,
  `/* c */`,
  `-- c`,
  `%`,
  `_`,
  `%_%`,
  `\\`,
  `$`,
  `$.a`,
  `a.b`,
  `[0]`,
  `*`,
  `NEAR(a b)`,
  `é`,
  `😀`,
  `\u202e`,
  `a\u0000b`,
  `\n\t`,
  long,
  `'${long}"`,
];

describeEachTarget("hostile input", (target) => {
  it("collection names: hostile ones work as plain names or give typed errors, and the database stays intact", async () => {
    await withStore(target, async (store) => {
      const made: string[] = [];
      for (const h of hostile) {
        const name = `${uniqueName("h")}${h}`;
        try {
          const col = await store.collection(name, { dimensions: 2 });
          await col.upsert([{ id: "a", content: h, vector: [1, 0] }]);
          expect((await store.collection(name)).info.name).toBe(name);
          expect(await col.count()).toBe(1);
          made.push(name);
        } catch (e) {
          expect(e).toBeInstanceOf(RagError);
          expect((e as RagError).code).toBe("INVALID_ARGUMENT");
        }
      }
      const refused = hostile.filter((h) => /[\u0000-\u001f]/.test(h) || uniqueName("h").length + h.length > 128);
      expect(made.length).toBe(hostile.length - refused.length);
      const listed = (await store.listCollections()).map((c) => c.name);
      for (const n of made) expect(listed).toContain(n);
      for (const n of made) expect(await store.dropCollection(n)).toBe(true);
      const check = await store.client.execute("PRAGMA integrity_check");
      expect(check.rows[0]![0]).toBe("ok");
    });
  });

  it("ids, document ids, metadata keys and values round-trip exactly and match only themselves", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 2 });
      const usable = hostile.filter((h) => !h.includes("\u0000"));
      const records = usable.map((h, i) => ({
        id: `${h}#${i}`,
        documentId: h,
        content: h,
        metadata: { [h]: h, v: h, n: i, list: [h, i] },
        vector: [1, i + 1],
      }));
      await col.upsert(records);
      expect(await col.count()).toBe(records.length);
      const back = await col.get({ ids: records.map((r) => r.id) });
      expect(back.map((r) => [r.id, r.documentId, r.content, r.metadata])).toEqual(records.map((r) => [r.id, r.documentId, r.content, r.metadata]));
      for (const [i, h] of usable.entries()) {
        expect(
          (await col.list({ filter: { v: h } })).map((r) => r.id),
          `value ${JSON.stringify(h)}`,
        ).toEqual([`${h}#${i}`]);
        expect((await col.list({ filter: { documentId: h } })).map((r) => r.id)).toEqual([`${h}#${i}`]);
        expect((await col.list({ filter: { list: { $contains: h } } })).map((r) => r.id)).toEqual([`${h}#${i}`]);
        expect((await col.list({ filter: { id: { $in: [`${h}#${i}`] } } })).map((r) => r.id)).toEqual([`${h}#${i}`]);
      }
      // A hostile key is either refused with INVALID_FILTER, or it matches exactly what the oracle says.
      for (const h of hostile) {
        const filter = { [h]: h } as Filter;
        let sql: string[];
        try {
          sql = (await col.list({ filter, limit: 1000 })).map((r) => r.id).sort();
        } catch (e) {
          expect(e, `key ${JSON.stringify(h)}`).toBeInstanceOf(RagError);
          expect((e as RagError).code).toBe("INVALID_FILTER");
          continue;
        }
        const node = parseFilter(filter);
        const oracle = back
          .filter((r) => evaluateFilter(node, r))
          .map((r) => r.id)
          .sort();
        expect(sql, `key ${JSON.stringify(h)}`).toEqual(oracle);
      }
      expect(await col.count()).toBe(records.length);
      expect((await store.client.execute("PRAGMA integrity_check")).rows[0]![0]).toBe("ok");
    });
  });

  it("NUL in ids is refused, and filter keys with quotes, NUL, $ or empty segments give INVALID_FILTER naming the path", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 2 });
      await expect(col.upsert([{ id: "a\u0000b", vector: [1, 0] }])).rejects.toBeRagError("INVALID_ARGUMENT");
      const bad: [unknown, string][] = [
        [{ 'a"b': 1 }, 'a"b'],
        [{ "a\u0000b": 1 }, "a\u0000b"],
        [{ "a\\b": 1 }, "a\\b"],
        [{ "a\nb": 1 }, "a\nb"],
        [{ $where: "1" }, "$where"],
        [{ "a..b": 1 }, "a..b"],
        [{ ".a": 1 }, ".a"],
        [{ a: [1, 2] }, "a"],
        [{ a: { b: 1 } }, "a"],
        [{ a: { $in: [] } }, "a.$in"],
        [{ a: { $regex: "x" } }, "a"],
        [{ a: { $gt: true } }, "a.$gt"],
        [{ a: { $gt: null } }, "a.$gt"],
        [{ a: Number.NaN }, "a"],
        [{ a: {} }, "a"],
        [{ $and: [] }, "$and"],
        [{ $or: {} }, "$or"],
        [{ $and: [{ ok: 1 }, { b: { $bad: 1 } }] }, "$and[1].b"],
        [{ $not: [] }, "$not"],
        [[], "(root)"],
        ["a = 1", "(root)"],
      ];
      for (const [filter, path] of bad) {
        const err = await col.list({ filter: filter as Filter }).catch((e: unknown) => e);
        expect(err, JSON.stringify(filter)).toBeInstanceOf(RagError);
        expect((err as RagError).code, JSON.stringify(filter)).toBe("INVALID_FILTER");
        expect((err as RagError).path, JSON.stringify(filter)).toBe(path);
      }
    });
  });
});
