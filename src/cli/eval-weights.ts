import { compareEvaluations, type MetricComparisons } from "../eval/compare.js";
import type { ModeEvaluation, RetrievalEvaluation } from "../eval/evaluate.js";
import { convexWeights } from "../search/options.js";
import { formatDifferenceTable, formatScoreTable } from "./eval-report.js";
import { weightsLabel } from "./fusion-weights.js";

/** Hybrid's scores at one vector weight of `eval --vector-weight`, and, after the first, their difference from it. */
export interface WeightEvaluation {
  vectorWeight: number;
  keywordWeight: number;
  hybrid: ModeEvaluation;
  /** This weight's scores minus the first weight's, paired per question. */
  difference?: MetricComparisons;
}

/**
 * Hybrid at each of `weights`: the first from `first` (the run of every mode, made at `weights[0]`), each other
 * from `evaluate` (a hybrid-only run of the same questions at that weight), paired against the first.
 */
export async function evaluateWeights(
  first: RetrievalEvaluation,
  weights: readonly number[],
  evaluate: (vectorWeight: number) => Promise<RetrievalEvaluation>,
): Promise<WeightEvaluation[]> {
  const hybridOf = (evaluation: RetrievalEvaluation) => evaluation.modes.find((m) => m.mode === "hybrid")!;
  const weighed = (w: number) => {
    const { vectorWeight, keywordWeight } = convexWeights(w);
    return { vectorWeight, keywordWeight };
  };
  const runs: WeightEvaluation[] = [{ ...weighed(weights[0]!), hybrid: hybridOf(first) }];
  for (const w of weights.slice(1)) {
    const run = await evaluate(w);
    const [difference] = compareEvaluations(first, run, { ...first.bootstrap, names: [weightsLabel(weights[0]!), weightsLabel(w)] }).modes;
    runs.push({ ...weighed(w), hybrid: hybridOf(run), ...(difference ? { difference } : {}) });
  }
  return runs;
}

/** The runs as `--json` prints them: each weight's scores and intervals, without every question's. */
export function weightsJson(runs: readonly WeightEvaluation[]): unknown[] {
  return runs.map(({ hybrid: { perQuestion: _omit, mode: _hybrid, ...scores }, ...run }) => ({ ...run, ...scores }));
}

/** The table of hybrid's scores at each weight, and the table of each weight's difference from the first. */
export function formatWeightTables(runs: readonly WeightEvaluation[], k: number, confidence: number): string {
  const first = weightsLabel(runs[0]!.vectorWeight);
  const scores = formatScoreTable(
    k,
    runs.map((r) => ({ label: weightsLabel(r.vectorWeight), scores: r.hybrid })),
    "vector : keyword",
  );
  const differences = formatDifferenceTable(
    k,
    confidence,
    runs.flatMap((r) => (r.difference ? [{ label: `${weightsLabel(r.vectorWeight)} - ${first}`, scores: r.difference }] : [])),
  );
  return `Hybrid at each fusion weight (vector : keyword):\n${scores}\n\nPaired differences, each weight minus ${first} (* = the interval excludes 0):\n${differences}`;
}
