import { describe, expect, it } from "vitest";
import { bootstrapInterval, mulberry32, pairedDifference } from "../../src/eval/index.js";
import { errorOf } from "../support/errors.js";

/** n questions, the first `ones` scoring 1 and the rest 0. */
const hits = (n: number, ones: number) => Array.from({ length: n }, (_, i) => (i < ones ? 1 : 0));

describe("eval: mulberry32", () => {
  it("repeats its sequence for a seed, differs across seeds, and stays in [0, 1)", () => {
    const take = (seed: number, n: number) => {
      const next = mulberry32(seed);
      return Array.from({ length: n }, () => next());
    };
    expect(take(42, 5)).toEqual(take(42, 5));
    expect(take(42, 5)).not.toEqual(take(43, 5));
    const draws = take(7, 20_000);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    // A uniform draw has mean 1/2 and a standard error of about 0.002 over 20,000 draws.
    expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(0.5, 1);
    // Every tenth of [0, 1) gets its share, within 10%.
    const deciles = new Array<number>(10).fill(0);
    for (const x of draws) deciles[Math.floor(x * 10)]! += 1;
    for (const count of deciles) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });
});

describe("eval: bootstrapInterval", () => {
  it("gives a zero-width interval at the mean for constant values", () => {
    for (const values of [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], [1], [0, 0, 0]]) {
      const result = bootstrapInterval(values);
      expect(result.low).toBe(result.mean);
      expect(result.high).toBe(result.mean);
    }
    expect(bootstrapInterval([0.1, 0.1, 0.1]).mean).toBeCloseTo(0.1, 15);
  });

  it("matches the hand-computed distribution of two questions", () => {
    // Resampled means of [0, 1] are 0, 1/2 and 1 with chances 1/4, 1/2 and 1/4: the 2.5th percentile is 0 and the 97.5th is 1.
    expect(bootstrapInterval([0, 1])).toEqual({ mean: 0.5, low: 0, high: 1 });
    // At 40% confidence the interval is the 30th to 70th percentile, which both fall on 1/2.
    expect(bootstrapInterval([0, 1], { confidence: 0.4 })).toEqual({ mean: 0.5, low: 0.5, high: 0.5 });
  });

  it("contains the mean of a known distribution, with the normal approximation's width", () => {
    // 100 questions, half answered: the standard error of the mean is sqrt(0.25 / 100) = 0.05, so the 95%
    // interval is close to 0.5 ± 1.96 × 0.05 = [0.402, 0.598].
    const result = bootstrapInterval(hits(100, 50));
    expect(result.mean).toBe(0.5);
    expect(result.low).toBeLessThan(0.5);
    expect(result.high).toBeGreaterThan(0.5);
    expect(result.low).toBeGreaterThan(0.38);
    expect(result.low).toBeLessThan(0.42);
    expect(result.high).toBeGreaterThan(0.58);
    expect(result.high).toBeLessThan(0.62);
  });

  it("narrows with more questions and with lower confidence", () => {
    const width = (r: { low: number; high: number }) => r.high - r.low;
    expect(width(bootstrapInterval(hits(400, 200)))).toBeLessThan(width(bootstrapInterval(hits(100, 50))) * 0.6);
    expect(width(bootstrapInterval(hits(100, 50), { confidence: 0.5 }))).toBeLessThan(width(bootstrapInterval(hits(100, 50))) * 0.5);
  });

  it("is deterministic for a seed, and the seed matters", () => {
    const values = Array.from({ length: 37 }, (_, i) => ((i * 7919) % 101) / 100);
    const a = bootstrapInterval(values, { seed: 123 });
    expect(bootstrapInterval(values, { seed: 123 })).toEqual(a);
    const others = [1, 2, 3, 4].map((seed) => bootstrapInterval(values, { seed }));
    expect(others.some((o) => o.low !== a.low || o.high !== a.high)).toBe(true);
    expect(bootstrapInterval(values)).toEqual(bootstrapInterval(values, { seed: 1 }));
  });

  it("rejects empty or non-finite values and bad options", () => {
    expect(errorOf(() => bootstrapInterval([]))).toBeRagError("INVALID_ARGUMENT");
    expect(errorOf(() => bootstrapInterval([1, Number.NaN]))).toBeRagError("INVALID_ARGUMENT");
    expect(errorOf(() => bootstrapInterval([1], { confidence: 1 }))).toBeRagError("INVALID_ARGUMENT");
    expect(errorOf(() => bootstrapInterval([1], { resamples: 0 }))).toBeRagError("INVALID_ARGUMENT");
    expect(errorOf(() => bootstrapInterval([1], { resamples: 1.5 }))).toBeRagError("INVALID_ARGUMENT");
    expect(errorOf(() => bootstrapInterval([1], { seed: 0.5 }))).toBeRagError("INVALID_ARGUMENT");
    expect(() => bootstrapInterval([1, Number.NaN])).toThrow(/values\[1\] must be a finite number/);
  });
});

describe("eval: pairedDifference", () => {
  it("is [0, 0] with every question tied for identical inputs", () => {
    const a = [0.2, 1, 0, 0.5, 0.33];
    expect(pairedDifference(a, [...a])).toEqual({ mean: 0, low: 0, high: 0, wins: 0, losses: 0, ties: 5 });
  });

  it("counts wins, losses and ties of b over a, and means b − a", () => {
    const result = pairedDifference([1, 0, 0.5, 1], [1, 1, 0, 1]);
    expect(result).toMatchObject({ mean: 0.125, wins: 1, losses: 1, ties: 2 });
    expect(result.low).toBeLessThan(0);
    expect(result.high).toBeGreaterThan(0);
  });

  it("pairs questions: a constant gain is certain even where the two score ranges overlap", () => {
    // Half the questions are hard for both systems; b gains 1/8 on every question.
    const a = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 0 : 0.75));
    const b = a.map((x) => x + 0.125);
    const paired = pairedDifference(a, b);
    expect(paired).toEqual({ mean: 0.125, low: 0.125, high: 0.125, wins: 40, losses: 0, ties: 0 });
    // Unpaired, the two intervals overlap: resampling each side apart mistakes question difficulty for noise.
    expect(bootstrapInterval(b).low).toBeLessThan(bootstrapInterval(a).high);
  });

  it("resamples the same question indexes for both sides", () => {
    const a = Array.from({ length: 30 }, (_, i) => (i % 3) / 2);
    const b = Array.from({ length: 30 }, (_, i) => ((i * 5) % 4) / 3);
    const differences = b.map((x, i) => x - a[i]!);
    const { low, high } = bootstrapInterval(differences, { seed: 9 });
    expect(pairedDifference(a, b, { seed: 9 })).toMatchObject({ low, high });
    expect(pairedDifference(a, b, { seed: 9 })).toEqual(pairedDifference(a, b, { seed: 9 }));
  });

  it("rejects inputs of different lengths with a typed error", () => {
    expect(errorOf(() => pairedDifference([1, 0], [1]))).toBeRagError("INVALID_ARGUMENT");
    expect(() => pairedDifference([1, 0], [1])).toThrow(/same questions, in the same order; got 2 and 1 values/);
    expect(errorOf(() => pairedDifference([], []))).toBeRagError("INVALID_ARGUMENT");
  });
});
