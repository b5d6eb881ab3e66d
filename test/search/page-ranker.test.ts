import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { QueryResult } from "../../src/db/records.js";
import { fuse } from "../../src/search/query.js";
import { DEFAULT_HYBRID, type ResolvedHybrid } from "../../src/search/options.js";
import { PAGE_FEATURES, candidatePages, type PageEvidence } from "../../src/search/page-ranker/features.js";
import { pageScore } from "../../src/search/page-ranker/model.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/page-ranker/margins.json", import.meta.url), "utf8")) as {
  baseScore: number;
  features: number[][];
  margins: number[];
};

describe("the learned page order's trees", () => {
  it("score each page as XGBoost did when it trained them", () => {
    expect(fixture.features.length).toBe(200);
    fixture.features.forEach((features, i) => {
      expect(features).toHaveLength(PAGE_FEATURES.length);
      expect(Math.abs(pageScore(features) - (fixture.margins[i]! - fixture.baseScore))).toBeLessThan(1e-4);
    });
    // The scores tell the pages apart: a constant or a broken decoding would not.
    expect(new Set(fixture.features.map((f) => pageScore(f).toFixed(4))).size).toBeGreaterThan(150);
  });

  it("refuses a feature vector of another length", () => {
    expect(() => pageScore([0.5, 0.5])).toThrow(/2 features, expected 19/);
  });
});

const hit = (id: string, documentId: string | null, score: number): QueryResult => ({ id, documentId, content: id, metadata: {}, score });

describe("a candidate page's features", () => {
  // Pages A (two vector chunks, one keyword chunk), B (vector only) and C (keyword only).
  const vector = [hit("a1", "A", 0.9), hit("b1", "B", 0.8), hit("a2", "A", 0.7)];
  const keyword = [hit("c1", "C", 5), hit("a1", "A", 3)];
  const hybrid: ResolvedHybrid = { ...DEFAULT_HYBRID, documents: { ...DEFAULT_HYBRID.documents }, pageOrder: "fused" };
  const fused = fuse(vector, keyword, hybrid);
  const evidence: PageEvidence = {
    terms: [
      { idf: 2, any: new Set(["a1", "c1"]), title: new Set(["c1"]), headings: new Set() },
      { idf: 1, any: new Set(["a2"]), title: new Set(), headings: new Set(["b1"]) },
    ],
    documentChunks: new Map([
      ["A", 4],
      ["B", 1],
      ["C", 9],
    ]),
    largestDocument: 9,
  };
  const pages = candidatePages(vector, keyword, fused, evidence);
  const named = (key: string) => Object.fromEntries(PAGE_FEATURES.map((f, i) => [f, pages.find((p) => p.key === key)!.features[i]]));

  it("lists the vector side's pages first, then the keyword side's others", () => {
    expect(pages.map((p) => p.key)).toEqual(["A", "B", "C"]);
  });

  it("reads both sides' scores, ranks and counts", () => {
    const a = named("A");
    expect(a).toMatchObject({ vS: 1, kS: 0, vIn: 1, kIn: 1, vCos: 0.9, vGap: 0, vRR: 1, kRR: 0.5, vN: 0.2, kN: 0.1 });
    expect(a.kRatio).toBeCloseTo(0.6, 12);
    const b = named("B");
    expect(b).toMatchObject({ kS: 0, vIn: 1, kIn: 0, kRatio: 0, vRR: 0.5, kRR: 0, kN: 0 });
    expect(b.vS).toBeCloseTo(0.5, 12);
    expect(b.vGap).toBeCloseTo(-0.1, 12);
    // A page the vector side did not return takes that side's lowest cosine.
    expect(named("C")).toMatchObject({ vS: 0, kS: 1, vIn: 0, kIn: 1, vCos: 0.7, kRatio: 1, vRR: 0, kRR: 1 });
  });

  it("weighs the query terms its chunks hold by their IDF, anywhere, in the best chunk, in titles and headings", () => {
    expect(named("A")).toMatchObject({ cov: 1, titleCov: 0, headCov: 0 });
    expect(named("A").bestCov).toBeCloseTo(2 / 3, 12);
    expect(named("B")).toMatchObject({ cov: 0, bestCov: 0, titleCov: 0 });
    expect(named("B").headCov).toBeCloseTo(1 / 3, 12);
    expect(named("C").titleCov).toBeCloseTo(2 / 3, 12);
  });

  it("scales its size by the largest document's, and carries the question's own features on every page", () => {
    expect(named("A").logSize).toBeCloseTo(Math.log(5) / Math.log(10), 12);
    expect(named("C").logSize).toBe(1);
    for (const key of ["A", "B", "C"]) expect(named(key)).toMatchObject({ pages: 0.03, vTop: 0.9 });
  });

  it("takes each page's score in the fused order as its base", () => {
    for (const key of ["A", "B", "C"]) expect(named(key).base).toBe(fused.find((r) => r.documentId === key)!.score);
  });
});
