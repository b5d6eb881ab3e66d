import { describe, expect, it } from "vitest";
import {
  compareEvaluations,
  compareModes,
  compareWithBestMode,
  parseEvaluation,
  RETRIEVAL_METRICS,
  type ComparableEvaluation,
  type QuestionScores,
} from "../../src/eval/index.js";
import type { SearchMode } from "../../src/search/options.js";
import { errorOf } from "../support/errors.js";

/** Scores where every metric of a question has the same value (a hit at rank 1, or a miss). */
const same = (value: number): QuestionScores => ({ recallAt1: value, recallAt5: value, recallAtK: value, mrrAtK: value, ndcgAtK: value });

/** An evaluation of questions q1…qN: for each mode, one value per question applied to every metric. */
function evaluation(modes: Partial<Record<SearchMode, number[]>>, k = 10): ComparableEvaluation {
  return {
    k,
    modes: Object.entries(modes).map(([mode, values]) => ({
      mode: mode as SearchMode,
      perQuestion: values!.map((value, i) => ({ id: `q${i + 1}`, scores: same(value) })),
    })),
  };
}

/** n values, the first `ones` of them 1 and the rest 0. */
const hits = (n: number, ones: number) => Array.from({ length: n }, (_, i) => (i < ones ? 1 : 0));

describe("compareEvaluations", () => {
  it("calls a clear improvement significant, for every metric", () => {
    // 80 questions: the new run answers 20 more at rank 1 and loses none.
    const result = compareEvaluations(evaluation({ hybrid: hits(80, 40) }), evaluation({ hybrid: hits(80, 60) }));
    expect(result).toMatchObject({ k: 10, questions: 80, unmatchedModes: [] });
    const [hybrid] = result.modes;
    expect(hybrid!.mode).toBe("hybrid");
    for (const metric of RETRIEVAL_METRICS) {
      const d = hybrid!.metrics[metric];
      expect(d).toMatchObject({ mean: 0.25, wins: 20, losses: 0, ties: 60, significant: true });
      expect(d.low).toBeGreaterThan(0);
      expect(d.high).toBeLessThanOrEqual(0.5);
    }
  });

  it("does not call a one-question change on 80 questions significant", () => {
    // 79 ties and one win: (79/80)^80 ≈ 37% of resamples miss the changed question, so the interval starts at 0.
    const before = hits(80, 40);
    const after = [...before];
    after[70] = 1;
    const d = compareEvaluations(evaluation({ keyword: before }), evaluation({ keyword: after })).modes[0]!.metrics.mrrAtK;
    expect(d).toMatchObject({ mean: 1 / 80, low: 0, wins: 1, losses: 0, ties: 79, significant: false });
    expect(d.high).toBeGreaterThan(0);
  });

  it("calls a clear regression significant with a negative interval", () => {
    const d = compareEvaluations(evaluation({ vector: hits(80, 60) }), evaluation({ vector: hits(80, 30) })).modes[0]!.metrics.recallAt1;
    expect(d.mean).toBe(-0.375);
    expect(d.high).toBeLessThan(0);
    expect(d.significant).toBe(true);
  });

  it("gives [0, 0] and no significance for identical runs", () => {
    const a = evaluation({ vector: hits(10, 3), keyword: hits(10, 7) });
    const result = compareEvaluations(a, structuredClone(a));
    for (const m of result.modes)
      for (const metric of RETRIEVAL_METRICS) expect(m.metrics[metric]).toMatchObject({ mean: 0, low: 0, high: 0, ties: 10, significant: false });
  });

  it("pairs questions by id, whatever their order", () => {
    const a = evaluation({ hybrid: hits(30, 10) });
    const b = evaluation({ hybrid: hits(30, 20) });
    const shuffled: ComparableEvaluation = { k: 10, modes: [{ mode: "hybrid", perQuestion: [...b.modes[0]!.perQuestion].reverse() }] };
    expect(compareEvaluations(a, shuffled)).toEqual(compareEvaluations(a, b));
  });

  it("compares the modes both have, in b's order, and lists the others", () => {
    const result = compareEvaluations(
      evaluation({ vector: hits(5, 1), keyword: hits(5, 2) }),
      evaluation({ hybrid: hits(5, 3), keyword: hits(5, 4), vector: hits(5, 0) }),
    );
    expect(result.modes.map((m) => [m.mode, m.metrics.recallAt1.mean])).toEqual([
      ["keyword", 0.4],
      ["vector", -0.2],
    ]);
    expect(result.unmatchedModes).toEqual(["hybrid"]);
  });

  it("rejects evaluations of different questions, k, or modes with a typed error", () => {
    const a = evaluation({ hybrid: hits(4, 2) });
    const other: ComparableEvaluation = { k: 10, modes: [{ mode: "hybrid", perQuestion: [1, 2, 3, 5].map((n) => ({ id: `q${n}`, scores: same(0) })) }] };
    expect(errorOf(() => compareEvaluations(a, other))).toBeRagError("INVALID_ARGUMENT");
    expect(() => compareEvaluations(a, other)).toThrow(/the questions differ \(only evaluation a \(hybrid\) has "q4"; only evaluation b \(hybrid\) has "q5"\)/);
    expect(errorOf(() => compareEvaluations(a, evaluation({ hybrid: hits(3, 2) })))).toBeRagError("INVALID_ARGUMENT");
    expect(errorOf(() => compareEvaluations(a, evaluation({ hybrid: hits(4, 2) }, 5)))).toBeRagError("INVALID_ARGUMENT");
    expect(() => compareEvaluations(a, evaluation({ keyword: hits(4, 2) }))).toThrow(/no mode in common/);
    const noScores = { k: 10, modes: [{ mode: "hybrid", perQuestion: [{ id: "q1" }] }] } as unknown as ComparableEvaluation;
    expect(() => compareEvaluations(a, noScores)).toThrow(/evaluation b \(hybrid\) has no per-question scores/);
  });
});

describe("compareModes", () => {
  it("gives candidate − baseline over one evaluation's questions", () => {
    const result = compareModes(evaluation({ keyword: hits(80, 40), hybrid: hits(80, 60) }), "keyword", "hybrid");
    expect(result).toMatchObject({ baseline: "keyword", candidate: "hybrid", questions: 80 });
    expect(result.metrics.ndcgAtK).toMatchObject({ mean: 0.25, wins: 20, losses: 0, significant: true });
    expect(compareModes(evaluation({ keyword: hits(80, 40), hybrid: hits(80, 60) }), "hybrid", "keyword").metrics.ndcgAtK.mean).toBe(-0.25);
    expect(() => compareModes(evaluation({ keyword: hits(2, 1) }), "keyword", "vector")).toThrow(/has no "vector" mode; it has "keyword"/);
  });
});

describe("compareWithBestMode", () => {
  it("compares the mode with the best nDCG against each other mode", () => {
    const result = compareWithBestMode(evaluation({ vector: hits(40, 30), keyword: hits(40, 10), hybrid: hits(40, 32) }));
    expect(result.best).toBe("hybrid");
    expect(result.comparisons.map((c) => [c.baseline, c.candidate, c.metrics.ndcgAtK.mean])).toEqual([
      ["vector", "hybrid", 0.05],
      ["keyword", "hybrid", 0.55],
    ]);
    expect(result.comparisons[1]!.metrics.ndcgAtK.significant).toBe(true);
    expect(compareWithBestMode(evaluation({ vector: hits(4, 1) })).comparisons).toEqual([]);
  });
});

describe("parseEvaluation", () => {
  it("reads back a JSON round trip, and names a missing field", () => {
    const a = evaluation({ hybrid: hits(6, 3) });
    const back = parseEvaluation(JSON.parse(JSON.stringify({ ...a, dataset: "x" })), "saved.json");
    expect(compareEvaluations(a, back).modes[0]!.metrics.mrrAtK.mean).toBe(0);
    expect(errorOf(() => parseEvaluation({ k: 10, modes: [{ mode: "hybrid", recallAt1: 1 }] }, "saved.json"))).toBeRagError("LOAD_FAILED");
    expect(() => parseEvaluation({ k: 10, modes: [{ mode: "hybrid", recallAt1: 1 }] }, "saved.json")).toThrow(
      /saved\.json: field modes\.0\.perQuestion is invalid .*only with --details/,
    );
    expect(() => parseEvaluation({ k: 10, modes: [{ mode: "fuzzy", perQuestion: [] }] }, "saved.json")).toThrow(/field modes\.0\.mode/);
  });
});
