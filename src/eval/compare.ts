import { RagError, describeValue } from "../errors.js";
import type { SearchMode } from "../search/options.js";
import { pairedDifference, resolveBootstrapOptions, type BootstrapOptions, type PairedDifference, type ResolvedBootstrapOptions } from "./bootstrap.js";
import { RETRIEVAL_METRICS, type QuestionScores, type RetrievalMetric } from "./evaluate.js";

/**
 * What a comparison reads from an evaluation: its `k` and each mode's per-question scores. A
 * `RetrievalEvaluation` is one, and so is an evaluation read back with `loadEvaluation`.
 */
export interface ComparableEvaluation {
  k: number;
  modes: readonly ComparableMode[];
}

export interface ComparableMode {
  mode: SearchMode;
  perQuestion: readonly { id: string; scores: QuestionScores }[];
}

/** Options of {@link compareEvaluations}. */
export interface CompareOptions extends BootstrapOptions {
  /** What to call `a` and `b` in error messages. @default ["evaluation a", "evaluation b"] */
  names?: readonly [string, string];
}

/** A paired difference of one metric, and whether its interval excludes 0. */
export interface MetricComparison extends PairedDifference {
  /**
   * True when the interval excludes 0: the sign of the difference is unlikely to be an accident of the
   * question sample. With very few changed questions all moving one way, the percentile bootstrap is
   * optimistic (4 wins and no losses in 80 questions already exclude 0, where an exact sign test gives
   * p = 0.125), so read `wins` and `losses` alongside it.
   */
  significant: boolean;
}

/** The paired difference of every metric over the same questions. */
export interface MetricComparisons {
  questions: number;
  metrics: Record<RetrievalMetric, MetricComparison>;
}

/** {@link compareModes}: `candidate − baseline`, two modes of one evaluation. */
export interface ModeComparison extends MetricComparisons {
  baseline: SearchMode;
  candidate: SearchMode;
  bootstrap: ResolvedBootstrapOptions;
}

/** {@link compareEvaluations}: `b − a` for each mode both evaluations have. */
export interface EvaluationComparison {
  k: number;
  questions: number;
  bootstrap: ResolvedBootstrapOptions;
  /** One entry per mode evaluated in both, in the order of `b`. */
  modes: (MetricComparisons & { mode: SearchMode })[];
  /** Modes evaluated in only one of the two, which are not compared. */
  unmatchedModes: SearchMode[];
}

/** {@link compareWithBestMode}: the best mode by one metric, minus each other mode. */
export interface BestModeComparison {
  /** The metric that picks the best mode. */
  metric: RetrievalMetric;
  best: SearchMode;
  /** `best − other`, for each other mode in the evaluation's order. */
  comparisons: ModeComparison[];
}

function questionIds(mode: ComparableMode, label: string): string[] {
  if (!Array.isArray(mode.perQuestion) || mode.perQuestion.some((q) => typeof q?.scores !== "object" || q.scores === null)) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `${label} has no per-question scores: expected an evaluation from evaluateRetrieval (perQuestion[i].scores), or one saved with "libsql-rag eval --save".`,
    );
  }
  return mode.perQuestion.map((q) => q.id);
}

/** Lists what differs between two id lists, for an error message. */
function idDifference(a: readonly string[], b: readonly string[], names: readonly [string, string]): string | undefined {
  const inA = new Set(a);
  const inB = new Set(b);
  const onlyA = a.filter((id) => !inB.has(id));
  const onlyB = b.filter((id) => !inA.has(id));
  if (onlyA.length === 0 && onlyB.length === 0 && a.length === b.length) return undefined;
  const sample = (ids: string[]) =>
    `${ids
      .slice(0, 5)
      .map((id) => JSON.stringify(id))
      .join(", ")}${ids.length > 5 ? `, … (${ids.length})` : ""}`;
  const parts = [onlyA.length > 0 ? `only ${names[0]} has ${sample(onlyA)}` : "", onlyB.length > 0 ? `only ${names[1]} has ${sample(onlyB)}` : ""].filter(
    Boolean,
  );
  return parts.length > 0 ? parts.join("; ") : `they hold ${a.length} and ${b.length} questions (a duplicated id)`;
}

/** Pairs the scores of two modes by question id, in the order of `a`, and compares every metric. */
function compareScores(a: ComparableMode, b: ComparableMode, bootstrap: ResolvedBootstrapOptions, names: readonly [string, string]): MetricComparisons {
  const idsA = questionIds(a, names[0]);
  const idsB = questionIds(b, names[1]);
  const what = `${names[0]} with ${names[1]}`;
  const mismatch = idDifference(idsA, idsB, names);
  if (mismatch !== undefined) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `Cannot compare ${what}: the questions differ (${mismatch}). Compare runs over the same questions (same file and --split).`,
    );
  }
  const byId = new Map(b.perQuestion.map((q) => [q.id, q.scores]));
  const metrics = RETRIEVAL_METRICS.map((metric) => {
    const difference = pairedDifference(
      a.perQuestion.map((q) => q.scores[metric]),
      a.perQuestion.map((q) => byId.get(q.id)![metric]),
      bootstrap,
    );
    return [metric, { ...difference, significant: difference.low > 0 || difference.high < 0 }] as const;
  });
  return { questions: idsA.length, metrics: Object.fromEntries(metrics) as Record<RetrievalMetric, MetricComparison> };
}

/**
 * Compares two evaluations of the same questions, mode by mode: for each metric, the mean per-question
 * difference `b − a`, its paired bootstrap interval, wins, losses and ties, and `significant` when the
 * interval excludes 0. Questions are paired by id. Modes evaluated in only one of the two are listed in
 * `unmatchedModes`.
 *
 * Throws `INVALID_ARGUMENT` when the two have different question ids, different `k`, no mode in common, or
 * no per-question scores.
 *
 * @example
 * const before = await loadEvaluation("baseline.json");
 * const after = await evaluateRetrieval({ rag, questions });
 * for (const m of compareEvaluations(before, after).modes) {
 *   const d = m.metrics.mrrAtK;
 *   console.log(m.mode, d.mean.toFixed(3), `[${d.low.toFixed(3)}, ${d.high.toFixed(3)}]`, d.significant ? "significant" : "");
 * }
 */
export function compareEvaluations(a: ComparableEvaluation, b: ComparableEvaluation, options: CompareOptions = {}): EvaluationComparison {
  const { names = ["evaluation a", "evaluation b"], ...bootstrapOptions } = options;
  for (const [label, evaluation] of [
    ["a", a],
    ["b", b],
  ] as const) {
    if (typeof evaluation !== "object" || evaluation === null || !Array.isArray(evaluation.modes)) {
      throw new RagError("INVALID_ARGUMENT", `compareEvaluations: ${label} must be an evaluation ({ k, modes }), got ${describeValue(evaluation)}.`);
    }
  }
  if (a.k !== b.k) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `compareEvaluations: the evaluations were run with different k (${a.k} and ${b.k}), so recall@k, MRR@k and nDCG@k mean different things; run both with the same k.`,
    );
  }
  const bootstrap = resolveBootstrapOptions(bootstrapOptions, "compareEvaluations");
  const modesA = new Map(a.modes.map((m) => [m.mode, m]));
  const modesB = new Set(b.modes.map((m) => m.mode));
  const common = b.modes.filter((m) => modesA.has(m.mode));
  if (common.length === 0) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `compareEvaluations: the evaluations have no mode in common (${[...modesA.keys()].join(", ")} and ${[...modesB].join(", ")}); evaluate at least one mode in both.`,
    );
  }
  const modes = common.map((m) => ({
    mode: m.mode,
    ...compareScores(modesA.get(m.mode)!, m, bootstrap, [`${names[0]} (${m.mode})`, `${names[1]} (${m.mode})`]),
  }));
  const unmatchedModes = [...a.modes.map((m) => m.mode).filter((mode) => !modesB.has(mode)), ...b.modes.map((m) => m.mode).filter((mode) => !modesA.has(mode))];
  return { k: a.k, questions: modes[0]!.questions, bootstrap, modes, unmatchedModes };
}

/**
 * Throws `INVALID_ARGUMENT` unless every mode of `evaluation` scored exactly the questions `ids`, so that a
 * comparison with a run over `ids` can fail before that run rather than after it.
 */
export function checkSameQuestions(
  evaluation: ComparableEvaluation,
  ids: readonly string[],
  names: readonly [string, string] = ["the evaluation", "the questions"],
): void {
  for (const mode of evaluation.modes) {
    const mismatch = idDifference(questionIds(mode, names[0]), ids, names);
    if (mismatch !== undefined) {
      throw new RagError(
        "INVALID_ARGUMENT",
        `Cannot compare ${names[0]} with ${names[1]}: the questions differ (${mismatch}). Compare runs over the same questions (same file and --split).`,
      );
    }
  }
}

function findMode(evaluation: ComparableEvaluation, mode: SearchMode): ComparableMode {
  const found = evaluation.modes.find((m) => m.mode === mode);
  if (!found) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `compareModes: the evaluation has no ${JSON.stringify(mode)} mode; it has ${evaluation.modes.map((m) => JSON.stringify(m.mode)).join(", ")}.`,
    );
  }
  return found;
}

/**
 * Compares two modes of one evaluation over its questions: `candidate − baseline` for every metric, with
 * paired bootstrap intervals, as in {@link compareEvaluations}.
 *
 * @example
 * const d = compareModes(evaluation, "keyword", "hybrid").metrics.ndcgAtK;
 * if (d.significant) console.log(`hybrid beats keyword by ${d.mean.toFixed(3)} nDCG`);
 */
export function compareModes(evaluation: ComparableEvaluation, baseline: SearchMode, candidate: SearchMode, options: BootstrapOptions = {}): ModeComparison {
  const bootstrap = resolveBootstrapOptions(options, "compareModes");
  const scores = compareScores(findMode(evaluation, baseline), findMode(evaluation, candidate), bootstrap, [`mode ${baseline}`, `mode ${candidate}`]);
  return { baseline, candidate, bootstrap, ...scores };
}

/** Options of {@link compareWithBestMode}. */
export interface BestModeOptions extends BootstrapOptions {
  /** The metric whose mean picks the best mode. @default "ndcgAtK" */
  metric?: RetrievalMetric;
}

/**
 * Picks the mode with the highest mean `metric` (the first one on a tie) and compares it with each other
 * mode: `best − other`, as {@link compareModes} does. An empty `comparisons` when only one mode was evaluated.
 *
 * @example
 * const { best, comparisons } = compareWithBestMode(evaluation);
 * for (const c of comparisons) console.log(`${best} - ${c.baseline}`, c.metrics.ndcgAtK.significant);
 */
export function compareWithBestMode(evaluation: ComparableEvaluation, options: BestModeOptions = {}): BestModeComparison {
  const { metric = "ndcgAtK", ...bootstrap } = options;
  if (!RETRIEVAL_METRICS.includes(metric)) {
    throw new RagError("INVALID_ARGUMENT", `compareWithBestMode: metric must be one of ${RETRIEVAL_METRICS.join(", ")}, got ${describeValue(metric)}.`);
  }
  const meanOf = (m: ComparableMode) => m.perQuestion.reduce((sum, q) => sum + q.scores[metric], 0) / Math.max(1, m.perQuestion.length);
  let best = evaluation.modes[0];
  if (!best) throw new RagError("INVALID_ARGUMENT", "compareWithBestMode: the evaluation has no modes.");
  for (const m of evaluation.modes) if (meanOf(m) > meanOf(best)) best = m;
  const comparisons = evaluation.modes.filter((m) => m !== best).map((m) => compareModes(evaluation, m.mode, best.mode, bootstrap));
  return { metric, best: best.mode, comparisons };
}
