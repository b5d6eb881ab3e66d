// Unit tests of src/eval (library code used by `libsql-rag eval`). They live in test/cli/ because that is the
// folder this work owns; test/eval/ would mirror src/ better.
import { describe, expect, it } from "vitest";
import {
  collapseRanking,
  evaluateRetrieval,
  firstRelevantRank,
  ndcgAt,
  pageOfHit,
  parseQuestions,
  percentile,
  recallAt,
  reciprocalRankAt,
  selectSplit,
  type EvalQuestion,
} from "../../src/eval/index.js";
import { openStore, type RagHit, type RagSearchOptions } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";

const rel = (...keys: string[]) => new Set(keys);

describe("eval: recallAt", () => {
  it("is the share of relevant items in the first k", () => {
    const ranking = ["a", "b", "c", "d"];
    expect(recallAt(ranking, rel("b", "d"), 1)).toBe(0);
    expect(recallAt(ranking, rel("b", "d"), 2)).toBe(0.5);
    expect(recallAt(ranking, rel("b", "d"), 3)).toBe(0.5);
    expect(recallAt(ranking, rel("b", "d"), 4)).toBe(1);
    expect(recallAt(ranking, rel("b", "d"), 10)).toBe(1);
    expect(recallAt(ranking, rel("a", "x", "y"), 10)).toBeCloseTo(1 / 3, 15);
  });

  it("is 0 with nothing relevant or nothing retrieved", () => {
    expect(recallAt(["a"], rel(), 5)).toBe(0);
    expect(recallAt([], rel("a"), 5)).toBe(0);
  });
});

describe("eval: reciprocalRankAt", () => {
  it("is 1 / the position of the first relevant item, within k", () => {
    expect(reciprocalRankAt(["a", "b", "c"], rel("a"), 10)).toBe(1);
    expect(reciprocalRankAt(["a", "b", "c"], rel("c", "b"), 10)).toBe(0.5);
    expect(reciprocalRankAt(["a", "b", "c"], rel("c"), 3)).toBeCloseTo(1 / 3, 15);
    expect(reciprocalRankAt(["a", "b", "c"], rel("c"), 2)).toBe(0);
    expect(reciprocalRankAt(["a", "b", "c"], rel("z"), 10)).toBe(0);
    expect(firstRelevantRank(["a", "b", "c"], rel("c"))).toBe(3);
    expect(firstRelevantRank(["a"], rel("z"))).toBeNull();
  });
});

describe("eval: ndcgAt", () => {
  it("matches hand-computed values with binary gains", () => {
    // Relevant at positions 2 and 4: DCG = 1/log2(3) + 1/log2(5); ideal = 1/log2(2) + 1/log2(3).
    const expected = (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3));
    expect(ndcgAt(["a", "b", "c", "d"], rel("b", "d"), 10)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.650921, 5);
    // Cut at k = 2: only position 2 counts, and the ideal also has two relevant items in two slots.
    expect(ndcgAt(["a", "b", "c", "d"], rel("b", "d"), 2)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
    // One relevant item at position 3: 1/log2(4) = 0.5.
    expect(ndcgAt(["a", "b", "c"], rel("c"), 10)).toBe(0.5);
  });

  it("is 1 for an ideal ranking and 0 for no hit", () => {
    expect(ndcgAt(["a", "b", "c"], rel("a", "b"), 10)).toBe(1);
    expect(ndcgAt(["a"], rel("a", "b", "c"), 1)).toBe(1);
    expect(ndcgAt(["x", "y"], rel("a"), 10)).toBe(0);
    expect(ndcgAt(["a"], rel(), 10)).toBe(0);
  });
});

describe("eval: collapseRanking and pageOfHit", () => {
  it("keeps each page at its best position", () => {
    expect(collapseRanking(["a", "b", "a", "c", "b"], (x) => x)).toEqual(["a", "b", "c"]);
  });

  it("names a hit by the file name of metadata.source, else its document id, else its id", () => {
    const hit = (metadata: Record<string, unknown>, documentId: string | null = null): RagHit => ({ id: "r#1", documentId, content: "", metadata, score: 1 });
    expect(pageOfHit(hit({ source: "pages/wal.html" }))).toBe("wal.html");
    expect(pageOfHit(hit({ source: "C:\\docs\\wal.html" }))).toBe("wal.html");
    expect(pageOfHit(hit({}, "doc-1"))).toBe("doc-1");
    expect(pageOfHit(hit({}))).toBe("r#1");
  });
});

describe("eval: percentile", () => {
  it("interpolates between closest ranks", () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("eval: parseQuestions", () => {
  it("reads one question per line and skips blank lines", () => {
    const text =
      '{"id":"q1","question":"Why?","relevant":["a.html"],"kind":"keyword","extra":1}\n\n{"id":2,"question":"How?","relevant":["b.html","c.html"]}\n';
    expect(parseQuestions(text)).toEqual([
      { id: "q1", question: "Why?", relevant: ["a.html"], kind: "keyword" },
      { id: "2", question: "How?", relevant: ["b.html", "c.html"] },
    ]);
  });

  it("keeps an optional split, and selectSplit picks its questions", () => {
    const text = [
      '{"id":"q1","question":"a","relevant":["a"],"split":"dev"}',
      '{"id":"q2","question":"b","relevant":["b"],"split":"test","kind":"x"}',
      '{"id":"q3","question":"c","relevant":["c"]}',
    ].join("\n");
    const questions = parseQuestions(text);
    expect(questions[1]).toEqual({ id: "q2", question: "b", relevant: ["b"], kind: "x", split: "test" });
    expect(selectSplit(questions, "dev").map((q) => q.id)).toEqual(["q1"]);
    expect(() => selectSplit(questions, "train")).toThrow(/No question has split "train" \(the splits are "dev", "test"\)/);
    expect(() => parseQuestions('{"id":"q1","question":"a","relevant":["a"],"split":""}')).toThrow(/field split is invalid/);
  });

  it("names the line of a malformed entry", () => {
    expect(() => parseQuestions('{"id":"q1","question":"x","relevant":["a"]}\n{oops', "q.jsonl")).toThrow(/q\.jsonl:2 is not valid JSON/);
    expect(() => parseQuestions('{"id":"q1","question":"x","relevant":[]}', "q.jsonl")).toThrow(/q\.jsonl:1: field relevant/);
    expect(() => parseQuestions('{"id":"q1","question":"x","relevant":["a"]}\n{"id":"q1","question":"y","relevant":["b"]}')).toThrow(/appears twice/);
    expect(() => parseQuestions("\n\n")).toThrow(/no questions/);
    try {
      parseQuestions("{oops");
    } catch (error) {
      expect(error).toBeRagError("LOAD_FAILED");
    }
  });
});

describe("evaluateRetrieval", () => {
  const questions: EvalQuestion[] = [
    { id: "q1", question: "one", relevant: ["a.html"], kind: "keyword" },
    { id: "q2", question: "two", relevant: ["b.html", "c.html"], kind: "paraphrase" },
  ];
  /** Canned chunk rankings per mode and question, as pages/<name>#<chunk>. */
  const canned: Record<string, Record<string, string[]>> = {
    vector: { one: ["a.html", "a.html", "b.html"], two: ["a.html", "c.html", "a.html", "b.html"] },
    keyword: { one: ["b.html", "a.html"], two: ["x.html"] },
  };
  const calls: RagSearchOptions[] = [];
  const rag = {
    async search(text: string, options: RagSearchOptions): Promise<RagHit[]> {
      calls.push(options);
      return (canned[options.mode!]![text] ?? []).map((page, i) => ({
        id: `pages/${page}#${i}`,
        documentId: `pages/${page}`,
        content: "",
        metadata: { source: `pages/${page}` },
        score: 1 / (i + 1),
      }));
    },
  };

  it("scores each mode on pages collapsed from the chunks, with exact values", async () => {
    calls.length = 0;
    const result = await evaluateRetrieval({ rag, questions, k: 10, modes: ["vector", "keyword"], warmUp: false });
    expect(result).toMatchObject({ k: 10, fetchK: 50, questions: 2 });
    expect(calls.every((c) => c.topK === 50)).toBe(true);
    const [vector, keyword] = result.modes;
    // vector: q1 ranks [a, b] → R@1 1, RR 1, nDCG 1; q2 ranks [a, c, b] → R@1 0, R@5 1, RR 1/2.
    const q2ndcg = (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3));
    expect(vector).toMatchObject({ mode: "vector", questions: 2, recallAt1: 0.5, recallAt5: 1, recallAtK: 1, mrrAtK: 0.75 });
    expect(vector!.ndcgAtK).toBeCloseTo((1 + q2ndcg) / 2, 12);
    expect(vector!.perQuestion.map((q) => [q.id, q.firstRelevantRank, q.top])).toEqual([
      ["q1", 1, ["a.html", "b.html"]],
      ["q2", 2, ["a.html", "c.html", "b.html"]],
    ]);
    // keyword: q1 ranks [b, a] → RR 1/2, nDCG 1/log2(3); q2 finds nothing.
    expect(keyword).toMatchObject({ mode: "keyword", recallAt1: 0, recallAt5: 0.5, mrrAtK: 0.25 });
    expect(keyword!.ndcgAtK).toBeCloseTo(1 / Math.log2(3) / 2, 12);
    expect(keyword!.byKind).toEqual({
      keyword: { questions: 1, recallAt1: 0, recallAt5: 1, recallAtK: 1, mrrAtK: 0.5, ndcgAtK: 1 / Math.log2(3) },
      paraphrase: { questions: 1, recallAt1: 0, recallAt5: 0, recallAtK: 0, mrrAtK: 0, ndcgAtK: 0 },
    });
    expect(keyword!.latencyMs.p50).toBeGreaterThanOrEqual(0);
  });

  it("keeps each question's scores, and bootstrap intervals around each mean", async () => {
    const result = await evaluateRetrieval({ rag, questions, k: 10, modes: ["vector", "keyword"], warmUp: false });
    expect(result.bootstrap).toEqual({ resamples: 2000, confidence: 0.95, seed: 1 });
    const [vector, keyword] = result.modes;
    const q2ndcg = (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3));
    expect(vector!.perQuestion.map((q) => q.scores)).toEqual([
      { recallAt1: 1, recallAt5: 1, recallAtK: 1, mrrAtK: 1, ndcgAtK: 1 },
      { recallAt1: 0, recallAt5: 1, recallAtK: 1, mrrAtK: 0.5, ndcgAtK: q2ndcg },
    ]);
    expect(keyword!.perQuestion.map((q) => q.scores)).toEqual([
      { recallAt1: 0, recallAt5: 1, recallAtK: 1, mrrAtK: 0.5, ndcgAtK: 1 / Math.log2(3) },
      { recallAt1: 0, recallAt5: 0, recallAtK: 0, mrrAtK: 0, ndcgAtK: 0 },
    ]);
    // Two questions: resampled means are the two scores and their average, so the interval spans both scores
    // when they differ and has no width when they agree.
    expect(vector!.intervals).toEqual({
      recallAt1: { low: 0, high: 1 },
      recallAt5: { low: 1, high: 1 },
      recallAtK: { low: 1, high: 1 },
      mrrAtK: { low: 0.5, high: 1 },
      ndcgAtK: { low: q2ndcg, high: 1 },
    });
    expect(keyword!.intervals.recallAt1).toEqual({ low: 0, high: 0 });
  });

  it("applies the k cut-off to recall@k, MRR and nDCG", async () => {
    const result = await evaluateRetrieval({ rag, questions, k: 1, modes: ["vector"], warmUp: false });
    expect(result.modes[0]).toMatchObject({ recallAt1: 0.5, recallAtK: 0.5, mrrAtK: 0.5, ndcgAtK: 0.5, recallAt5: 1 });
  });

  it("reports progress over questions × modes", async () => {
    const events: string[] = [];
    await evaluateRetrieval({ rag, questions, modes: ["vector", "keyword"], warmUp: false, onProgress: (e) => events.push(`${e.mode}:${e.done}/${e.total}`) });
    expect(events).toEqual(["vector:1/4", "vector:2/4", "keyword:3/4", "keyword:4/4"]);
  });

  it("makes every search with its search settings, and records them", async () => {
    calls.length = 0;
    const search = { hybrid: { vectorWeight: 0.6, keywordWeight: 0.4 }, keyword: { fieldWeights: { title: 5 } }, documents: false as const };
    const result = await evaluateRetrieval({ rag, questions, modes: ["vector", "keyword"], search });
    expect(calls).toHaveLength(6);
    for (const call of calls) expect(call).toMatchObject({ ...search, topK: 50 });
    expect(calls.map((c) => c.mode)).toEqual(["vector", "vector", "vector", "keyword", "keyword", "keyword"]);
    expect(result.search).toEqual(search);
    calls.length = 0;
    const plain = await evaluateRetrieval({ rag, questions, modes: ["vector"], warmUp: false });
    expect(plain.search).toBeUndefined();
    expect(calls.every((c) => !("hybrid" in c) && !("keyword" in c) && !("documents" in c))).toBe(true);
  });

  it("refuses a search setting it would not pass on: a misplaced weight, or the mode, size or filter it sets itself", async () => {
    for (const search of [{ vectorWeight: 0.5 }, { mode: "keyword" }, { topK: 3 }, { filter: { lang: "en" } }, "hybrid"]) {
      await expect(evaluateRetrieval({ rag, questions, search: search as never }), JSON.stringify(search)).rejects.toBeRagError("INVALID_ARGUMENT");
    }
  });

  it("checks its arguments", async () => {
    await expect(evaluateRetrieval({ rag, questions, k: 0 })).rejects.toBeRagError("INVALID_ARGUMENT");
    await expect(evaluateRetrieval({ rag, questions, k: 20, fetchK: 10 })).rejects.toBeRagError("INVALID_ARGUMENT");
    await expect(evaluateRetrieval({ rag, questions: [] })).rejects.toBeRagError("INVALID_ARGUMENT");
    await expect(evaluateRetrieval({ rag, questions, modes: ["fuzzy" as never] })).rejects.toBeRagError("INVALID_ARGUMENT");
    await expect(evaluateRetrieval({ questions })).rejects.toBeRagError("INVALID_ARGUMENT");
  });

  it("queries a collection with an embedder directly", async () => {
    const store = await openStore({ url: ":memory:" });
    try {
      const embedder = hashEmbedder({ dimensions: 32 });
      const col = await store.collection("pages", { dimensions: 32, embedderId: embedder.id });
      const texts = { "wal.html": "write ahead logging checkpoints", "vacuum.html": "vacuum reclaims free pages", "fts.html": "full text search match" };
      const entries = Object.entries(texts);
      const vectors = await embedder.embed(entries.map(([, t]) => t));
      await col.upsert(
        entries.map(([page, content], i) => ({ id: `${page}#0`, documentId: page, content, metadata: { source: `pages/${page}` }, vector: vectors[i]! })),
      );
      const qs: EvalQuestion[] = [
        { id: "a", question: "write ahead logging checkpoints", relevant: ["wal.html"] },
        { id: "b", question: "vacuum reclaims free pages", relevant: ["vacuum.html"] },
      ];
      const result = await evaluateRetrieval({ collection: col, embedder, questions: qs, k: 3 });
      for (const m of result.modes) expect(m, m.mode).toMatchObject({ recallAt1: 1, mrrAtK: 1, ndcgAtK: 1 });
      await expect(evaluateRetrieval({ collection: col, questions: qs })).rejects.toBeRagError("INVALID_ARGUMENT");
      // The settings reach the collection's query, which checks them.
      const weighed = await evaluateRetrieval({
        collection: col,
        embedder,
        questions: qs,
        k: 3,
        modes: ["hybrid"],
        search: { hybrid: { vectorWeight: 1, keywordWeight: 0 } },
      });
      expect(weighed.modes[0]).toMatchObject({ recallAt1: 1 });
      await expect(
        evaluateRetrieval({ collection: col, embedder, questions: qs, modes: ["hybrid"], search: { hybrid: { vectorWeight: -1 } } }),
      ).rejects.toBeRagError("INVALID_ARGUMENT");
      const keywordOnly = await evaluateRetrieval({ collection: col, questions: qs, modes: ["keyword"] });
      expect(keywordOnly.modes[0]!.recallAt1).toBe(1);
      expect(keywordOnly.reranker).toBeUndefined();

      // Each mode embeds a question as rag.search does: vector mode with its content words, in one call.
      const batches: string[][] = [];
      const recording = { ...embedder, embed: (batch: string[]) => (batches.push([...batch]), embedder.embed(batch)) };
      const asked: EvalQuestion[] = [{ id: "c", question: "How do I reclaim the free pages?", relevant: ["vacuum.html"] }];
      await evaluateRetrieval({ collection: col, embedder: recording, questions: asked, modes: ["vector", "hybrid"], warmUp: false });
      expect(batches).toEqual([["reclaim the free pages", "reclaim free pages"], ["reclaim the free pages"]]);

      // A reranker that puts the vacuum page first whatever is asked: only the vacuum question keeps its R@1.
      const seen: number[] = [];
      const reranker = {
        id: "vacuum-first",
        async rerank(_query: string, documents: string[]) {
          seen.push(documents.length);
          return documents.map((d) => (d.includes("vacuum") ? 1 : 0));
        },
      };
      const reranked = await evaluateRetrieval({ collection: col, embedder, questions: qs, k: 3, modes: ["vector"], reranker, warmUp: false });
      expect(reranked.reranker).toBe("vacuum-first");
      expect(reranked.modes[0]!.perQuestion.map((q) => q.scores.recallAt1)).toEqual([0, 1]);
      // Every fetched chunk (all three, fewer than fetchK) went to the reranker.
      expect(seen).toEqual([3, 3]);

      // An abort reaches a reranker call in flight: the evaluation stops there instead of waiting for it.
      const controller = new AbortController();
      const stalled = {
        id: "stalled",
        rerank: () => {
          setTimeout(() => controller.abort(new Error("stop")), 10);
          return new Promise<number[]>(() => {});
        },
      };
      const run = evaluateRetrieval({
        collection: col,
        embedder,
        questions: qs,
        modes: ["vector"],
        reranker: stalled,
        warmUp: false,
        signal: controller.signal,
      });
      await expect(run).rejects.toBeRagError("ABORTED");
    } finally {
      await store.close();
    }
  });

  it("asks the searcher to re-score fetchK candidates when given a reranker", async () => {
    calls.length = 0;
    const reranker = { id: "r", rerank: async (_q: string, documents: string[]) => documents.map(() => 0) };
    await evaluateRetrieval({ rag, questions, k: 10, modes: ["vector"], warmUp: false, reranker });
    expect(calls.map((c) => c.rerank)).toEqual([
      { reranker, topN: 50 },
      { reranker, topN: 50 },
    ]);
    calls.length = 0;
    await evaluateRetrieval({ rag, questions, k: 10, modes: ["vector"], warmUp: false, reranker, rerankContextHeader: false });
    expect(calls.map((c) => c.rerank)).toEqual([
      { reranker, topN: 50, contextHeader: false },
      { reranker, topN: 50, contextHeader: false },
    ]);
    // Without a reranker it says nothing, and is refused rather than ignored.
    await expect(evaluateRetrieval({ rag, questions, modes: ["vector"], warmUp: false, rerankContextHeader: false })).rejects.toThrow(/rerankContextHeader/);
  });
});
