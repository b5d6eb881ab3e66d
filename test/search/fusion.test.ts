import { describe, expect, it } from "vitest";
import { convexCombination } from "../../src/search/fusion/convex.js";
import { rankByDocument } from "../../src/search/fusion/documents.js";
import { reciprocalRankFusion } from "../../src/search/fusion/rrf.js";
import type { QueryResult } from "../../src/db/records.js";

const hit = (id: string, score: number, documentId: string | null = id): QueryResult => ({ id, documentId, content: id, metadata: {}, score });
const ids = (results: QueryResult[]) => results.map((r) => r.id);

describe("fusion: reciprocal rank fusion", () => {
  it("adds weight / (k + rank) from each list", () => {
    const fused = reciprocalRankFusion(
      [
        { results: [hit("a", 9), hit("b", 8)], weight: 1 },
        { results: [hit("b", 3), hit("c", 2)], weight: 2 },
      ],
      60,
    );
    expect(ids(fused)).toEqual(["b", "c", "a"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 2 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(2 / 62, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 61, 12);
  });

  it("breaks ties by id and keeps one side when the other is empty", () => {
    expect(
      ids(
        reciprocalRankFusion(
          [
            { results: [hit("b", 1)], weight: 1 },
            { results: [hit("a", 1)], weight: 1 },
          ],
          60,
        ),
      ),
    ).toEqual(["a", "b"]);
    expect(
      ids(
        reciprocalRankFusion(
          [
            { results: [], weight: 1 },
            { results: [hit("x", 5), hit("y", 4)], weight: 1 },
          ],
          60,
        ),
      ),
    ).toEqual(["x", "y"]);
    expect(
      reciprocalRankFusion(
        [
          { results: [], weight: 1 },
          { results: [], weight: 1 },
        ],
        60,
      ),
    ).toEqual([]);
  });
});

describe("fusion: convex combination", () => {
  it("min-max normalises each list and weighs it", () => {
    const vector = [hit("a", 0.9), hit("b", 0.7), hit("c", 0.5)];
    const keyword = [hit("c", 12), hit("a", 2)];
    const fused = convexCombination([
      { results: vector, weight: 0.3 },
      { results: keyword, weight: 0.7 },
    ]);
    // a: 0.3·1 + 0.7·0 = 0.3; b: 0.3·0.5 = 0.15; c: 0.3·0 + 0.7·1 = 0.7.
    expect(ids(fused)).toEqual(["c", "a", "b"]);
    expect(fused.map((r) => r.score)).toEqual([expect.closeTo(0.7, 12), expect.closeTo(0.3, 12), expect.closeTo(0.15, 12)]);
  });

  it("keeps a clear winner's margin where rank fusion would not", () => {
    // x and y swap ranks between the lists, so rank fusion ties them; the scores say y won big and lost narrowly.
    const vector = [hit("x", 0.5), hit("y", 0.49), hit("z", 0.1)];
    const keyword = [hit("y", 30), hit("x", 1), hit("z", 0.5)];
    const lists = [
      { results: vector, weight: 0.5 },
      { results: keyword, weight: 0.5 },
    ];
    expect(ids(convexCombination(lists))).toEqual(["y", "x", "z"]);
    const rrf = reciprocalRankFusion(lists, 60);
    expect(rrf[0]!.score).toBe(rrf[1]!.score);
  });

  it("renormalises the weights over the lists that returned something", () => {
    const fused = convexCombination([
      { results: [], weight: 0.9 },
      { results: [hit("k", 4), hit("l", 2)], weight: 0.1 },
    ]);
    expect(fused.map((r) => r.score)).toEqual([1, 0]);
  });

  it("gives every result of a list with equal scores the full share, and ties break by id", () => {
    const fused = convexCombination([{ results: [hit("b", 1), hit("a", 1)], weight: 1 }]);
    expect(ids(fused)).toEqual(["a", "b"]);
    expect(fused.map((r) => r.score)).toEqual([1, 1]);
  });
});

describe("fusion: page-aware ranking", () => {
  const chunks = [hit("p1#0", 1.0, "p1"), hit("p1#1", 0.9, "p1"), hit("p1#2", 0.8, "p1"), hit("p2#0", 0.7, "p2"), hit("p3#0", 0.6, "p3")];

  it("lets further chunks of one page give way to other pages", () => {
    const ranked = rankByDocument(chunks, { support: 0, decay: 0.5 });
    expect(ids(ranked)).toEqual(["p1#0", "p2#0", "p3#0", "p1#1", "p1#2"]);
    expect(ranked[3]!.score).toBeCloseTo(0.45, 12);
    expect(ranked[4]!.score).toBeCloseTo(0.8 * 0.25, 12);
  });

  it("adds the support of a page's other chunks to its best chunk", () => {
    const ranked = rankByDocument([hit("a#0", 0.5, "a"), hit("a#1", 0.45, "a"), hit("b#0", 0.55, "b")], { support: 0.5, decay: 0.5 });
    expect(ids(ranked)[0]).toBe("a#0");
    expect(ranked[0]!.score).toBeCloseTo(0.5 + 0.5 * 0.45, 12);
  });

  it("leaves the order alone with support 0 and decay 1, and treats chunks without a document on their own", () => {
    expect(ids(rankByDocument(chunks, { support: 0, decay: 1 }))).toEqual(ids(chunks));
    const loose = [hit("x", 0.9, null), hit("y", 0.8, null)];
    expect(rankByDocument(loose, { support: 1, decay: 0 }).map((r) => r.score)).toEqual([0.9, 0.8]);
  });
});

describe("fusion: options", () => {
  it("refuses malformed hybrid and keyword options with INVALID_ARGUMENT", async () => {
    const { resolveQuery } = await import("../../src/search/options.js");
    const info = {
      name: "c",
      ivf: false,
      dimensions: 2,
      vectorType: "F32_BLOB",
      metric: "cosine",
      index: false,
      indexedFields: [],
      embedderId: null,
      schemaVersion: 3,
      createdAt: "",
    } as const;
    const base = { text: "x", vector: [1, 0] };
    for (const bad of [
      { hybrid: { documents: true } },
      { hybrid: { documents: { decay: 2 } } },
      { hybrid: { fusion: "max" } },
      { hybrid: { vectorWeight: 0, keywordWeight: 0 } },
      { keyword: { fieldWeights: 3 } },
      { keyword: { fieldWeights: { title: -1 } } },
    ]) {
      expect(() => resolveQuery({ ...base, ...bad } as never, { ...info, indexedFields: [] })).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
    const ok = resolveQuery(base, { ...info, indexedFields: [] });
    expect(ok.mode).toBe("hybrid");
    expect(ok.hybrid).toMatchObject({ fusion: "convex", vectorWeight: 0.25, keywordWeight: 0.75, fetchK: 50, documents: { support: 0.1, decay: 0.3 } });
    expect(resolveQuery({ ...base, hybrid: { fusion: "rrf" } }, { ...info, indexedFields: [] }).hybrid).toMatchObject({ vectorWeight: 1, keywordWeight: 2 });
  });
});
