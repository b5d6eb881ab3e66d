/**
 * Percentile bootstrap over questions: how far a mean score (or a paired difference of scores) could move if
 * the same system were measured on another sample of questions like these. Seeded, so that a run's intervals
 * are reproducible and two runs of the same data print the same numbers.
 */
import { z } from "zod";
import { RagError, describeValue } from "../errors.js";
import { integer, parseOptions } from "../options.js";
import { mean, percentile } from "./metrics.js";
import { seededRandom } from "../random.js";

/** Options of {@link bootstrapInterval} and {@link pairedDifference}. */
export interface BootstrapOptions {
  /** How many resamples of the questions to draw. An integer from 1 to 1,000,000. @default 2000 */
  resamples?: number;
  /** The share of the resampled means the interval holds, above 0 and below 1. @default 0.95 */
  confidence?: number;
  /** Seeds the generator that draws the resamples; the same seed and values give the same interval. @default 1 */
  seed?: number;
}

/** A closed interval `[low, high]`. */
export interface Interval {
  low: number;
  high: number;
}

/** A mean and its bootstrap interval. */
export interface BootstrapInterval extends Interval {
  mean: number;
}

/** The mean per-question difference `b − a`, its bootstrap interval, and how many questions moved which way. */
export interface PairedDifference extends BootstrapInterval {
  /** Questions where `b` scores higher than `a`. */
  wins: number;
  /** Questions where `b` scores lower than `a`. */
  losses: number;
  /** Questions where both score the same. */
  ties: number;
}

/** {@link BootstrapOptions} with every default filled in. */
export type ResolvedBootstrapOptions = Required<BootstrapOptions>;

const DEFAULT_BOOTSTRAP: ResolvedBootstrapOptions = { resamples: 2000, confidence: 0.95, seed: 1 };

/**
 * The mulberry32 generator (the same as `seededRandom` in `libsql-rag/testing`).
 *
 * @example
 * const next = mulberry32(42);
 * next(); // the same first value on every run
 */
export const mulberry32: (seed: number) => () => number = seededRandom;

const bootstrapOptionsSchema = z.strictObject({
  resamples: integer(1, 1_000_000).default(DEFAULT_BOOTSTRAP.resamples),
  confidence: z.number({ error: "a number above 0 and below 1 (e.g. 0.95)" }).gt(0).lt(1).default(DEFAULT_BOOTSTRAP.confidence),
  seed: z.number({ error: "an integer" }).int().default(DEFAULT_BOOTSTRAP.seed),
} satisfies Record<keyof BootstrapOptions, z.ZodType>);

/** Checks bootstrap options at the public boundary and fills in the defaults. */
export function resolveBootstrapOptions(options: BootstrapOptions = {}, caller = "bootstrap"): ResolvedBootstrapOptions {
  const { resamples, confidence, seed } = parseOptions(bootstrapOptionsSchema, options, { caller });
  return { resamples, confidence, seed };
}

function checkValues(values: unknown, name: string, caller: string): asserts values is readonly number[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new RagError("INVALID_ARGUMENT", `${caller}: ${name} must be a non-empty array of numbers (one per question), got ${describeValue(values)}.`);
  }
  const bad = values.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
  if (bad !== -1) {
    throw new RagError("INVALID_ARGUMENT", `${caller}: ${name}[${bad}] must be a finite number, got ${describeValue(values[bad])}.`);
  }
}

/** The percentile interval of the means of `resamples` resamples (with replacement) of `values`. */
function resampleInterval(values: readonly number[], options: ResolvedBootstrapOptions): Interval {
  const next = mulberry32(options.seed);
  const n = values.length;
  const means = new Array<number>(options.resamples);
  for (let r = 0; r < options.resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(next() * n)]!;
    means[r] = sum / n;
  }
  const tail = ((1 - options.confidence) / 2) * 100;
  return { low: percentile(means, tail), high: percentile(means, 100 - tail) };
}

/**
 * The mean of per-question `values` and its percentile bootstrap interval: the questions are resampled with
 * replacement `resamples` times, and the interval holds the middle `confidence` share of the resampled means.
 * It measures how much the mean depends on which questions were asked, not how noisy each question is.
 *
 * @example
 * bootstrapInterval([1, 0, 1, 1], { seed: 7 }); // { mean: 0.75, low: 0.25, high: 1 }
 */
export function bootstrapInterval(values: readonly number[], options: BootstrapOptions = {}): BootstrapInterval {
  checkValues(values, "values", "bootstrapInterval");
  const resolved = resolveBootstrapOptions(options, "bootstrapInterval");
  return { mean: mean(values), ...resampleInterval(values, resolved) };
}

/**
 * The mean per-question difference `b[i] − a[i]` of two systems scored on the same questions (same order),
 * with a paired bootstrap interval: each resample draws one set of question indexes and takes both systems'
 * scores at them, so the interval reflects how the systems differ on the same questions rather than how hard
 * the questions are. An interval that excludes 0 means the difference is unlikely to be an accident of the
 * question sample.
 *
 * @example
 * const before = [1, 0, 0.5, 1];
 * const after = [1, 1, 0.5, 1];
 * pairedDifference(before, after); // { mean: 0.25, low: 0, high: 0.75, wins: 1, losses: 0, ties: 3 }
 */
export function pairedDifference(a: readonly number[], b: readonly number[], options: BootstrapOptions = {}): PairedDifference {
  checkValues(a, "a", "pairedDifference");
  checkValues(b, "b", "pairedDifference");
  if (a.length !== b.length) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `pairedDifference: a and b must hold one score per question for the same questions, in the same order; got ${a.length} and ${b.length} values.`,
    );
  }
  const resolved = resolveBootstrapOptions(options, "pairedDifference");
  // Resampling the differences is resampling the pairs: index i always takes a[i] and b[i] together.
  const differences = b.map((value, i) => value - a[i]!);
  let wins = 0;
  let losses = 0;
  for (const d of differences) {
    if (d > 0) wins += 1;
    else if (d < 0) losses += 1;
  }
  return { mean: mean(differences), ...resampleInterval(differences, resolved), wins, losses, ties: differences.length - wins - losses };
}
