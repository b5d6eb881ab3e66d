import { afterAll, beforeAll, expect, it } from "vitest";
import { RagError, evaluateFilter, parseFilter, type Collection, type Filter, type Store } from "../../src/index.js";
import { MAX_FILTER_DEPTH } from "../../src/filter/index.js";
import { randomUnitVectors } from "../../src/testing/vectors.js";
import { describeEachTarget, uniqueName } from "../support/targets.js";

interface Row {
  id: string;
  documentId: string | null;
  metadata: Record<string, unknown>;
}

const N = 300;
const range = <T = number>(n: number, f: (i: number) => T = (i) => i as T): T[] => Array.from({ length: n }, (_, i) => f(i));
const rowId = (i: number) => `r${String(i).padStart(3, "0")}`;

// The heaviest leaf: a $nin with null and every JSON type, tested against arrays element by element.
const leaf: Filter = { tags: { $nin: [1, "t2", true, null] } };

/** One level of each shape around `inner`; the shapes compile to the deepest SQL a depth allows. */
const levels: Record<string, (inner: Filter, d: number) => Filter> = {
  "$not chain": (inner) => ({ $not: inner }),
  "$not over an implicit $and": (inner) => ({ $not: { s: { $ne: "s5" }, ...inner } }),
  "$or over an implicit $and": (inner, d) => ({ $or: [{ n: d }, { tags: { $ne: d }, ...inner }] }),
  "$or of 70 at every level": (inner, d) => ({ $or: [...range(69, (j): Filter => ({ id: `w${d}.${j}` })), { tags: { $ne: d }, ...inner }] }),
  "$and and $or alternating": (inner, d) => (d % 2 ? { $and: [{ n: { $ne: d } }, inner] } : { $or: [{ n: d }, inner] }),
};

/** Filters that nest $and/$or/$not exactly `depth` deep, built bottom-up (no recursion, whatever the depth). */
const deepShapes: Record<string, (depth: number) => Filter> = Object.fromEntries(
  Object.entries(levels).map(([shape, level]) => [
    shape,
    (depth: number) => {
      let filter = leaf;
      for (let d = 1; d <= depth; d++) filter = level(filter, d);
      return filter;
    },
  ]),
);

describeEachTarget("filter: limits", (target) => {
  let store: Store;
  let col: Collection;
  const rows: Row[] = [];
  const vectors = randomUnitVectors(N, 8, 5);
  beforeAll(async () => {
    store = await target.open();
    col = await store.collection(uniqueName("limits"), { dimensions: 8, indexedFields: ["k"] });
    for (let i = 0; i < N; i++) {
      rows.push({
        id: rowId(i),
        documentId: i % 11 === 0 ? null : `d${i % 7}`,
        metadata: {
          n: i % 3 === 0 ? i : i + 0.5,
          k: i % 5 === 0 ? `k${i}` : i % 5 === 1 ? i % 2 === 0 : i,
          s: `s${i}`,
          tags: [i % 4, `t${i % 6}`, ...(i % 9 === 0 ? [null] : [])],
        },
      });
    }
    await col.upsert(rows.map((r, i) => ({ ...r, content: `row ${i}`, vector: vectors[i]! })));
  }, 120_000);
  afterAll(async () => store?.close());

  const oracle = (filter: Filter) => {
    const node = parseFilter(filter);
    return rows
      .filter((r) => evaluateFilter(node, r))
      .map((r) => r.id)
      .sort();
  };
  async function expectSameAsOracle(filter: Filter, label: string) {
    const want = oracle(filter);
    expect(
      (await col.list({ filter, limit: 10_000 })).map((r) => r.id),
      label,
    ).toEqual(want);
    expect(await col.count({ filter }), label).toBe(want.length);
    return want;
  }

  it("$in and $nin take lists of any length, as typed JSON, on metadata, indexed fields, id and documentId", async () => {
    // Numbers equal as JSON numbers (3 matches 3.0), booleans never equal 1/0, strings only strings.
    const numbers = range(5000, (i) => (i % 2 ? i * 1.5 : i));
    const mixed = [...range(3000, (i) => `k${i * 5}`), ...range(3000), true, "1", 0.5];
    const ids = [...range(40_000, (i) => `nope${i}`), ...range(N, rowId).filter((_, i) => i % 3 === 1)];
    const cases: [string, Filter][] = [
      ["$in, 5,000 numbers", { n: { $in: numbers } }],
      ["$nin, 5,000 numbers", { n: { $nin: numbers } }],
      ["$in over array elements", { tags: { $in: [...range(2000, (i) => `t${i + 4}`), 3, null] } }],
      ["$in on an indexed field, 6,003 mixed values", { k: { $in: mixed } }],
      ["$nin on an indexed field, 6,003 mixed values", { k: { $nin: mixed } }],
      ["$in on an indexed field with null (not indexed)", { k: { $in: [...mixed, null] } }],
      ["id $in, 40,100 values", { id: { $in: ids } }],
      ["id $nin, 40,100 values", { id: { $nin: ids } }],
      ["documentId $in, 2,000 values and null", { documentId: { $in: [...range(2000, (i) => `d${i + 3}`), null, 7] } }],
    ];
    for (const [label, filter] of cases) {
      const want = await expectSameAsOracle(filter, label);
      expect(want.length, label).toBeGreaterThan(0);
      expect(want.length, label).toBeLessThan(N);
    }
    const filter = { n: { $in: numbers } };
    const want = new Set(oracle(filter));
    for (const strategy of ["exact", "ann"] as const) {
      const hits = await col.query({ vector: vectors[0]!, topK: 20, filter, strategy });
      expect(hits).toHaveLength(20);
      expect(hits.every((h) => want.has(h.id))).toBe(true);
    }
    const keyword = await col.query({ text: "row", mode: "keyword", topK: 20, filter: { id: { $in: ids } } });
    expect(keyword.map((h) => h.id).sort()).toEqual(
      oracle({ id: { $in: ids } })
        .slice(0, 20)
        .sort()
        .filter((id) => keyword.some((h) => h.id === id)),
    );
    expect(keyword).toHaveLength(20);
  });

  it("$nin: [] matches everything, like MongoDB and the JS evaluator", async () => {
    for (const field of ["n", "k", "tags", "missing", "id", "documentId"]) {
      const filter = { [field]: { $nin: [] } } as Filter;
      expect(oracle(filter)).toHaveLength(N);
      await expectSameAsOracle(filter, field);
    }
    await expectSameAsOracle({ $not: { n: { $nin: [] } } }, "$not");
  });

  it(`nests $and, $or and $not ${MAX_FILTER_DEPTH} deep on every query path`, async () => {
    expect(MAX_FILTER_DEPTH).toBe(32);
    for (const [shape, make] of Object.entries(deepShapes)) {
      const filter = make(MAX_FILTER_DEPTH);
      const want = await expectSameAsOracle(filter, shape);
      const wanted = new Set(want);
      for (const strategy of ["exact", "ann"] as const) {
        const hits = await col.query({ vector: vectors[1]!, topK: 10, filter, strategy });
        expect(hits, `${shape} ${strategy}`).toHaveLength(Math.min(10, want.length));
        expect(hits.every((h) => wanted.has(h.id))).toBe(true);
      }
      for (const mode of ["keyword", "hybrid"] as const) {
        const hits = await col.query({ text: "row", vector: vectors[1]!, mode, topK: 10, filter });
        expect(
          hits.every((h) => wanted.has(h.id)),
          `${shape} ${mode}`,
        ).toBe(true);
      }
      // A delete takes the deepest filter too (here one that matches nothing).
      expect(await col.delete({ filter: { ...make(MAX_FILTER_DEPTH - 1), n: -1 } })).toBe(0);
    }
    expect(await col.count()).toBe(N);
  });

  it(`refuses nesting past ${MAX_FILTER_DEPTH}, a 10,000-deep filter and a cycle with INVALID_FILTER naming the path`, async () => {
    const paths: Record<string, string> = {
      "$not chain": Array(33).fill("$not").join("."),
      "$not over an implicit $and": Array(33).fill("$not").join("."),
      "$or over an implicit $and": [...Array(32).fill("$or[1]"), "$or"].join("."),
      "$or of 70 at every level": [...Array(32).fill("$or[69]"), "$or"].join("."),
      "$and and $or alternating": [...range(32, (i) => ((33 - i) % 2 ? "$and[1]" : "$or[1]")), "$and"].join("."),
    };
    for (const [shape, make] of Object.entries(deepShapes)) {
      for (const depth of [MAX_FILTER_DEPTH + 1, 10_000]) {
        const err = await col.count({ filter: make(depth) }).catch((e: unknown) => e);
        expect(err, `${shape} ${depth}`).toBeRagError("INVALID_FILTER");
        expect((err as RagError).path, `${shape} ${depth}`).toBe(depth === 33 ? paths[shape] : (err as RagError).path);
        expect((err as RagError).message).toContain(`at most ${MAX_FILTER_DEPTH} deep`);
      }
    }
    const cycle: Record<string, unknown> = { n: 1 };
    cycle.$or = [{ n: 2 }, cycle];
    await expect(col.list({ filter: cycle as Filter })).rejects.toBeRagError("INVALID_FILTER");
    await expect(col.delete({ filter: cycle as Filter })).rejects.toBeRagError("INVALID_FILTER");
    let deepest: Filter = leaf;
    for (let i = 0; i < 100_000; i++) deepest = { $not: deepest };
    expect(() => parseFilter(deepest)).toThrow(RagError);
  });

  it("refuses filters too large for one statement with INVALID_FILTER, and says to use $in", async () => {
    const wide = { $or: range(9000, (i) => ({ n: i })) } as Filter;
    const err = await col.count({ filter: wide }).catch((e: unknown) => e);
    expect(err).toBeRagError("INVALID_FILTER");
    expect((err as RagError).message).toContain("$in");
    const huge = { $or: range(10_001, (i) => ({ id: `x${i}` })) } as Filter;
    await expect(col.count({ filter: huge })).rejects.toBeRagError("INVALID_FILTER");
    // Wide but within the limits: 1,500 conditions in one $or (SQLite allows 1000-deep expressions).
    await expectSameAsOracle({ $or: range(1500, (i) => ({ n: i })) } as Filter, "wide $or");
  });

  it("refuses filter values and keys that are not well-formed Unicode", async () => {
    for (const filter of [{ s: "\ud800" }, { s: { $in: ["a", "\udfff"] } }, { s: { $gt: "\ud800" } }, { "\udc00": 1 }]) {
      await expect(col.count({ filter: filter as Filter }), JSON.stringify(filter)).rejects.toBeRagError("INVALID_FILTER");
    }
  });
});
