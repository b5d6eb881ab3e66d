import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Collection, type Store } from "../../src/index.js";
import { calibratedBudget, IVF_SEARCH } from "../../src/search/ivf/ivf-path.js";
import { clusteredVectors } from "../../src/testing/vectors.js";
import { describeEachTarget, uniqueName } from "../support/targets.js";

// The partitions' row budget: the calibration after each training (and after the collection outgrows it) tries
// budgets below the default and records the smallest that finds every neighbour the default finds on its sample.

const DIM = 32;
const ROWS = 6000;
// Tight clusters: a row's ten neighbours are in its own cluster, which k-means keeps within a list or two.
const { vectors } = clusteredVectors(ROWS + 2640, DIM, { clusters: 60, spread: 0.2, seed: 3 });
const queries = vectors.slice(ROWS + 2600);

async function upsertRange(col: Collection, from: number, to: number): Promise<void> {
  for (let s = from; s < to; s += 1000) {
    await col.upsert(vectors.slice(s, Math.min(to, s + 1000)).map((vector, j) => ({ id: `r${s + j}`, content: "", vector })));
  }
}

async function calibration(store: Store, name: string): Promise<{ budget?: number; rows: number; ivfRecall: number }> {
  const rs = await store.client.execute({ sql: "SELECT json_extract(ivf_options, '$.calibration') AS c FROM rag_collections WHERE name = ?", args: [name] });
  return JSON.parse(String(rs.rows[0]!.c)) as { budget?: number; rows: number; ivfRecall: number };
}

describe("calibratedBudget", () => {
  it("keeps the budget's share of the collection as it grows, never past the default", () => {
    expect(calibratedBudget(undefined, 10_000)).toBeUndefined();
    expect(calibratedBudget({ rows: 10_000 }, 10_000)).toBeUndefined();
    expect(calibratedBudget({ budget: 1000, rows: 10_000 }, 10_000)).toBe(1000);
    expect(calibratedBudget({ budget: 1000, rows: 10_000 }, 15_000)).toBe(1500);
    expect(calibratedBudget({ budget: 2000, rows: 10_000 }, 40_000)).toBe(IVF_SEARCH.rows);
    expect(calibratedBudget({ budget: 1000, rows: 0 }, 5_000)).toBe(1000);
  });
});

describeEachTarget(
  "partitions: the calibrated row budget",
  (target) => {
    let store: Store;
    let col: Collection;
    beforeAll(async () => {
      store = await openStore({ ...target.options(), scanCache: false });
      col = await store.collection(uniqueName("budget"), { dimensions: DIM, index: false, ivf: true });
      await upsertRange(col, 0, ROWS);
    });
    afterAll(async () => {
      await store?.close();
    });

    it("records a smaller budget where it loses nothing, and auto reads fewer rows at the same recall", async () => {
      const c = await calibration(store, col.name);
      expect(c.budget).toBeLessThan(IVF_SEARCH.rows);
      expect(c.ivfRecall).toBeGreaterThanOrEqual(0.99);
      let [autoHits, forcedHits, autoRows, forcedRows] = [0, 0, 0, 0];
      for (const vector of queries) {
        const want = new Set((await col.query({ vector, topK: 10, strategy: "exact" })).map((r) => r.id));
        const auto = await col.query({ vector, topK: 10 });
        const forced = await col.query({ vector, topK: 10, strategy: "ivf" });
        expect(auto.explain.vectorPath).toBe("ivf");
        expect(auto.explain.notes.join(" ")).toMatch(new RegExp(`row budget ${c.budget}`));
        autoHits += auto.filter((r) => want.has(r.id)).length;
        forcedHits += forced.filter((r) => want.has(r.id)).length;
        autoRows += auto.explain.rowsRead ?? 0;
        forcedRows += forced.explain.rowsRead ?? 0;
      }
      expect(autoHits / (10 * queries.length)).toBeGreaterThanOrEqual(0.95);
      expect(autoHits).toBeGreaterThanOrEqual(forcedHits - 10);
      expect(autoRows).toBeLessThan(forcedRows * 0.75);
    });

    it("calibrates again, on the same lists, once the collection has grown 1.5 times past its calibration", async () => {
      const before = await calibration(store, col.name);
      await upsertRange(col, ROWS, ROWS + 2600);
      const after = await calibration(store, col.name);
      // Trained and calibrated by the upsert that passed 4,096 rows (at 5,000); again by the first past 7,500.
      expect(before.rows).toBe(5000);
      expect(after.rows).toBe(8000);
      expect(after.budget).toBeLessThanOrEqual(IVF_SEARCH.rows);
    });
  },
  ["file", "http"],
);
