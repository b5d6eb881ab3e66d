import { beforeAll, expect, it } from "vitest";
import { openStore, type Collection, type RecordInput, type Store } from "../../src/index.js";
import { clusteredVectors } from "../../src/testing/vectors.js";
import { describeEachTarget, uniqueName } from "../support/targets.js";

const DIM = 32;
/** Past IVF_TRAINING.minRows (4,096), so the upserts train the partitions themselves, and past the 3,000-row budget. */
const ROWS = 5000;
const { vectors } = clusteredVectors(ROWS + 12, DIM, { seed: 7, clusters: 40 });
const queries = vectors.slice(ROWS);

const record = (i: number, vector = vectors[i]!): RecordInput => ({
  id: `r${i}`,
  content: `row ${i}`,
  metadata: { rare: i % 1200 === 0, few: i % 200 === 0, half: i % 2 === 0 },
  vector,
});

async function fill(col: Collection, rows = ROWS): Promise<void> {
  for (let s = 0; s < rows; s += 1000) await col.upsert(Array.from({ length: Math.min(1000, rows - s) }, (_, j) => record(s + j)));
}

/** The partition table's list sizes against the rows they hold, read straight from SQL. */
async function partitionCounts(store: Store, col: Collection): Promise<{ lists: number; recorded: number; rows: number; unassigned: number }> {
  const rs = await store.client.execute({ sql: "SELECT table_name FROM rag_collections WHERE name = ?", args: [col.name] });
  const t = String(rs.rows[0]!.table_name);
  const r = await store.client.execute(
    `SELECT (SELECT count(*) FROM "${t}_ivf") AS lists, (SELECT coalesce(sum(rows), 0) FROM "${t}_ivf") AS recorded,
            (SELECT count(*) FROM "${t}") AS n, (SELECT count(*) FROM "${t}" WHERE ivf_list NOT IN (SELECT list FROM "${t}_ivf") OR ivf_list IS NULL) AS unassigned`,
  );
  const row = r.rows[0]!;
  return { lists: Number(row.lists), recorded: Number(row.recorded), rows: Number(row.n), unassigned: Number(row.unassigned) };
}

describeEachTarget("collection.query: ivf partitions", (target) => {
  let store: Store;
  let col: Collection;
  beforeAll(async () => {
    store = await target.open();
    col = await store.collection(uniqueName("ivf"), { dimensions: DIM, index: false, ivf: true });
    await fill(col);
    return () => store.close();
  });

  it("trains itself once the collection passes 4,096 rows, and keeps every row in a list", async () => {
    const counts = await partitionCounts(store, col);
    expect(counts.lists).toBeGreaterThan(20);
    expect(counts).toMatchObject({ recorded: ROWS, rows: ROWS, unassigned: 0 });
  });

  it("finds the exact top 10 for at least 90% of them while scanning part of the rows, and reports the rows read", async () => {
    let hits = 0;
    for (const vector of queries) {
      const exact = await col.query({ vector, topK: 10, strategy: "exact" });
      const res = await col.query({ vector, topK: 10, strategy: "ivf" });
      expect(res.explain.vectorPath).toBe("ivf");
      expect(res).toHaveLength(10);
      expect(res.explain.rowsRead).toBeGreaterThan(0);
      expect(res.explain.rowsRead).toBeLessThan(ROWS * 0.75);
      const want = new Set(exact.map((r) => r.id));
      hits += res.filter((r) => want.has(r.id)).length;
      // Scores are the database's exact ones, ordered.
      for (let i = 1; i < res.length; i++) expect(res[i - 1]!.score).toBeGreaterThanOrEqual(res[i]!.score);
    }
    expect(hits / (10 * queries.length)).toBeGreaterThanOrEqual(0.9);
    const auto = await col.query({ vector: queries[0]!, topK: 10 });
    // "auto" takes the partitions wherever there is no scan cache (remote servers).
    if (target.kind === "http" || target.kind === "ws") expect(auto.explain.vectorPath).toBe("ivf");
  });

  it("returns exactly min(topK, matches) under selective filters, the same rows as an exact scan", async () => {
    for (const [filter, matches] of [
      [{ rare: true }, 5],
      [{ few: true }, 30],
      [{ half: true }, 3000],
    ] as const) {
      for (const vector of queries.slice(0, 4)) {
        const exact = await col.query({ vector, topK: 10, filter, strategy: "exact" });
        const res = await col.query({ vector, topK: 10, filter, strategy: "ivf" });
        expect(res).toHaveLength(Math.min(10, matches));
        if (matches <= 30) expect(res.map((r) => r.id)).toEqual(exact.map((r) => r.id));
        expect(res.every((r) => (r.metadata as Record<string, boolean>)[Object.keys(filter)[0]!])).toBe(true);
      }
    }
    const none = await col.query({ vector: queries[0]!, topK: 10, filter: { rare: true }, minScore: 2, strategy: "ivf" });
    expect(none).toHaveLength(0);
  });

  it("keeps list sizes right through updates, deletes and re-inserts, and check() agrees; reindex() trains again", async () => {
    const other = await store.collection(uniqueName("ivfw"), { dimensions: DIM, index: false, ivf: { lists: 16 } });
    await fill(other, 3000);
    expect((await partitionCounts(store, other)).lists).toBe(0); // below 4,096 rows: not trained yet
    const report = await other.reindex();
    expect(report.partitions).toMatchObject({ lists: 16, rows: 3000 });
    // Move 300 rows to other vectors (other lists), delete 500, insert 200 back.
    await other.upsert(Array.from({ length: 300 }, (_, i) => record(i, vectors[2999 - i]!)));
    await other.delete({ ids: Array.from({ length: 500 }, (_, i) => `r${1000 + i}`) });
    await other.upsert(Array.from({ length: 200 }, (_, i) => record(1000 + i)));
    expect(await partitionCounts(store, other)).toMatchObject({ lists: 16, recorded: 2700, rows: 2700, unassigned: 0 });
    const check = await store.check({ quick: true });
    expect(check.problems.filter((p) => p.collection === other.name)).toEqual([]);
    const moved = await other.query({ vector: vectors[2999]!, topK: 1, strategy: "ivf" });
    expect(moved[0]!.id).toBe("r0");
    // A list size edited by hand is found, and reindex() (what repair runs) sets it right.
    const t = String((await store.client.execute({ sql: "SELECT table_name FROM rag_collections WHERE name = ?", args: [other.name] })).rows[0]!.table_name);
    await store.client.execute(`UPDATE "${t}_ivf" SET rows = rows + 5 WHERE list = (SELECT min(list) FROM "${t}_ivf")`);
    const damaged = await store.check({ quick: true });
    expect(damaged.problems.filter((p) => p.collection === other.name).map((p) => p.check)).toEqual(["partitions"]);
    await other.reindex();
    expect((await store.check({ quick: true })).problems.filter((p) => p.collection === other.name)).toEqual([]);
  });

  it("adds partitions to an existing collection opened with { ivf: true }, trained by reindex() below 4,096 rows", async () => {
    const name = uniqueName("ivfadd");
    const plain = await store.collection(name, { dimensions: DIM, index: false, ivf: false });
    await fill(plain, 2000);
    const noIvf = await plain.query({ vector: queries[0]!, topK: 10, strategy: "ivf" });
    expect(noIvf.explain.vectorPath).toBe("exact");
    expect(noIvf.explain.notes.join(" ")).toMatch(/no partitions/);
    const added = await store.collection(name, { ivf: true });
    expect(added.info.ivf).toEqual({});
    expect((await partitionCounts(store, added)).lists).toBe(0);
    expect((await added.reindex()).partitions).toMatchObject({ lists: 22, rows: 2000 });
    expect(await partitionCounts(store, added)).toMatchObject({ lists: 22, recorded: 2000, unassigned: 0 });
    expect((await added.query({ vector: queries[0]!, topK: 10, strategy: "ivf" })).explain.vectorPath).toBe("ivf");
    await expect(store.collection(name, { ivf: false })).rejects.toBeRagError("CONFLICT");
  });

  it("is on by default only for collections created through a remote server, and refused for 1-bit vectors", async () => {
    const made = await store.collection(uniqueName("ivfdef"), { dimensions: DIM, index: false });
    expect(made.info.ivf).toEqual(target.kind === "http" || target.kind === "ws" ? {} : false);
    await expect(store.collection(uniqueName("ivfbit"), { dimensions: DIM, vectorType: "F1BIT_BLOB", index: false, ivf: true })).rejects.toBeRagError(
      "INVALID_ARGUMENT",
    );
  });
});

describeEachTarget(
  "ivf partitions: concurrent writers",
  (target) => {
    it("a training on one connection and upserts and deletes on another leave every row in a list, sizes right", async () => {
      // One database, two connections (a file target's open() would make a new file each time).
      const options = target.options();
      const a = await openStore(options);
      const b = await openStore(options);
      try {
        const name = uniqueName("ivfc");
        const colA = await a.collection(name, { dimensions: DIM, index: false, ivf: { lists: 16 } });
        await fill(colA, 3000);
        await colA.reindex();
        const colB = await b.collection(name);
        await Promise.all([
          colA.reindex(),
          (async () => {
            for (let s = 3000; s < 4000; s += 100) await colB.upsert(Array.from({ length: 100 }, (_, j) => record(s + j)));
            await colB.delete({ ids: Array.from({ length: 300 }, (_, i) => `r${i * 3}`) });
          })(),
        ]);
        expect(await partitionCounts(a, colA)).toMatchObject({ recorded: 3700, rows: 3700, unassigned: 0 });
        expect((await a.check({ quick: true })).problems.filter((p) => p.collection === name)).toEqual([]);
      } finally {
        await a.close();
        await b.close();
      }
    });
  },
  ["file", "http"],
);
