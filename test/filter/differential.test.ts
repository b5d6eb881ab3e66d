import fc from "fast-check";
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { evaluateFilter, parseFilter, type Collection, type Filter, type Store } from "../../src/index.js";
import { describeEachTarget, uniqueName } from "../support/targets.js";

// Values chosen to hit the traps: booleans next to 0/1, 1 vs 1.0, null vs missing, strings that look like numbers.
const scalarPool = [null, true, false, 0, 1, 1.5, -2, 1e21, "", "a", "b", "1", "true", "null", "é", "😀", "ab", "ba", "\u{10000}", "\uffff"] as const;
const keyPool = ["a", "b", "tags", "n"];

const scalarArb = fc.constantFrom(...scalarPool);
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: scalarArb },
  { weight: 2, arbitrary: fc.array(scalarArb, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("a", "b"), scalarArb, { maxKeys: 2 }) },
);
const metadataArb = fc.dictionary(fc.constantFrom(...keyPool), valueArb, { maxKeys: 4 });

const pathArb = fc.constantFrom("a", "b", "tags", "n", "n.a", "n.b", "a.a", "missing", "id", "documentId");
const rangeArb = fc.constantFrom(0, 1, 1.5, -2, "", "a", "b", "1", "é", "\u{10000}", "\uffff");
const leafArb: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({ p: pathArb, v: scalarArb }).map(({ p, v }) => ({ [p]: v }) as Filter),
  fc.record({ p: pathArb, op: fc.constantFrom("$eq", "$ne", "$contains"), v: scalarArb }).map(({ p, op, v }) => ({ [p]: { [op]: v } }) as Filter),
  fc.record({ p: pathArb, op: fc.constantFrom("$gt", "$gte", "$lt", "$lte"), v: rangeArb }).map(({ p, op, v }) => ({ [p]: { [op]: v } }) as Filter),
  fc
    .record({ p: pathArb, op: fc.constantFrom("$in", "$nin"), v: fc.array(scalarArb, { minLength: 1, maxLength: 3 }) })
    .map(({ p, op, v }) => ({ [p]: { [op]: v } }) as Filter),
  fc.record({ p: pathArb, v: fc.boolean() }).map(({ p, v }) => ({ [p]: { $exists: v } }) as Filter),
  // Long lists (bound as one JSON value): pool values among fillers of both types, and empty $nin.
  fc
    .record({ p: pathArb, op: fc.constantFrom("$in", "$nin"), v: fc.array(scalarArb, { minLength: 1, maxLength: 6 }), fill: fc.integer({ min: 0, max: 1200 }) })
    .map(({ p, op, v, fill }) => ({ [p]: { [op]: [...Array.from({ length: fill }, (_, i) => (i % 2 ? 1000 + i / 4 : `x${i}`)), ...v] } }) as Filter),
  fc.record({ p: pathArb }).map(({ p }) => ({ [p]: { $nin: [] } }) as Filter),
  fc.record({ p: pathArb, lo: rangeArb, hi: rangeArb }).map(({ p, lo, hi }) => ({ [p]: { $gte: lo, $lt: hi } }) as Filter),
);
const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ f: Filter }>((tie) => ({
  f: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: leafArb },
    { weight: 1, arbitrary: fc.array(tie("f"), { minLength: 1, maxLength: 3 }).map((fs) => ({ $and: fs }) as Filter) },
    { weight: 1, arbitrary: fc.array(tie("f"), { minLength: 1, maxLength: 3 }).map((fs) => ({ $or: fs }) as Filter) },
    { weight: 1, arbitrary: tie("f").map((f) => ({ $not: f }) as Filter) },
  ),
})).f;

interface Row {
  id: string;
  documentId: string | null;
  metadata: Record<string, unknown>;
}

function sqlIds(col: Collection, filter: Filter): Promise<string[]> {
  return col.list({ filter, limit: 10_000 }).then((rs) => rs.map((r) => r.id));
}

function oracleIds(rows: Row[], filter: Filter): string[] {
  const node = parseFilter(filter);
  return rows
    .filter((r) => evaluateFilter(node, r))
    .map((r) => r.id)
    .sort();
}

function describeDifferential(runs: number, kinds: Parameters<typeof describeEachTarget>[2], indexedFields: string[] = []) {
  describeEachTarget(
    `filter: SQL equals the JS oracle${indexedFields.length ? " (field index)" : ""}`,
    (target) => {
      let store: Store;
      let col: Collection;
      const rows: Row[] = [];
      beforeAll(async () => {
        store = await target.open();
        col = await store.collection(uniqueName("diff"), { dimensions: 2, index: false, indexedFields });
        const metas = fc.sample(metadataArb, { numRuns: 250, seed: 42 });
        const docIds = fc.sample(fc.constantFrom(null, "a", "b", "1", ""), { numRuns: 250, seed: 7 });
        metas.forEach((metadata, i) => {
          const d = docIds[i] ?? null;
          rows.push({ id: `${["a", "b", "1", "é"][i % 4]}${String(i).padStart(3, "0")}`, documentId: d === "" ? null : d, metadata });
        });
        await col.upsert(rows.map((r) => ({ ...r, content: "", vector: [1, 0] })));
      });
      afterAll(async () => store?.close());

      it(`matches on ${runs} random filters over random metadata`, async () => {
        expect(await col.count()).toBe(rows.length);
        await fc.assert(
          fc.asyncProperty(filterArb, async (filter) => {
            const got = (await sqlIds(col, filter)).sort();
            expect(got, JSON.stringify(filter)).toEqual(oracleIds(rows, filter));
            expect(await col.count({ filter })).toBe(got.length);
          }),
          { numRuns: runs, seed: 20261121 },
        );
      });
    },
    kinds,
  );
}

// The SQL is the same on every target, so the long random run is on `:memory:`; the others check that each
// target's storage and protocol carry the same answers.
describeDifferential(1200, ["memory"]);
describeDifferential(300, ["file"]);
describeDifferential(150, ["http", "ws"]);
// The same semantics through the field index (equality, $in and ranges become index lookups).
describeDifferential(1200, ["memory"], ["a", "b", "tags", "n", "n.a", "missing"]);
describeDifferential(150, ["http"], ["a", "tags", "n.b"]);

describe("filter: semantics spot checks", () => {
  const rows: Row[] = [
    { id: "t", documentId: null, metadata: { f: true } },
    { id: "one", documentId: null, metadata: { f: 1 } },
    { id: "onef", documentId: null, metadata: { f: 1.0 } },
    { id: "nul", documentId: null, metadata: { f: null } },
    { id: "none", documentId: null, metadata: {} },
    { id: "arr", documentId: null, metadata: { f: [1, "x", null] } },
    { id: "str", documentId: "d", metadata: { f: "x1" } },
  ];
  const ids = (f: Filter) => oracleIds(rows, f);
  it("booleans never equal numbers; 1 equals 1.0", () => {
    expect(ids({ f: true })).toEqual(["t"]);
    expect(ids({ f: 1 })).toEqual(["arr", "one", "onef"]);
  });
  it("$eq null matches null, missing and arrays holding null; $ne null is the complement", () => {
    expect(ids({ f: null })).toEqual(["arr", "none", "nul"]);
    expect(ids({ f: { $ne: null } })).toEqual(["one", "onef", "str", "t"]);
  });
  it("range operators never match arrays, booleans or null, and never mix types", () => {
    expect(ids({ f: { $gte: 1 } })).toEqual(["one", "onef"]);
    expect(ids({ f: { $gt: "" } })).toEqual(["str"]);
  });
  it("$contains matches array elements and substrings", () => {
    expect(ids({ f: { $contains: "x" } })).toEqual(["arr", "str"]);
    expect(ids({ f: { $contains: null } })).toEqual(["arr"]);
  });
  it("missing fields pass $ne and $nin and fail $eq and $in", () => {
    expect(ids({ f: { $nin: [1, true] } })).toEqual(["none", "nul", "str"]);
    expect(ids({ f: { $in: ["x1"] } })).toEqual(["str"]);
  });
});
