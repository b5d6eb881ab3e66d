import type { Interval } from "../eval/bootstrap.js";
import type { MetricComparisons } from "../eval/compare.js";
import { RETRIEVAL_METRICS, type ModeEvaluation, type RetrievalEvaluation, type RetrievalMetric } from "../eval/evaluate.js";
import { fixed, formatTable } from "./output.js";

/** The column header of a metric at cut-off `k`. */
export function metricLabel(metric: RetrievalMetric, k: number): string {
  return { recallAt1: "recall@1", recallAt5: "recall@5", recallAtK: `recall@${k}`, mrrAtK: `MRR@${k}`, ndcgAtK: `nDCG@${k}` }[metric];
}

/** `0.875 [0.80, 0.94]`: a mean and its interval. */
function withInterval(value: number, interval: Interval): string {
  return `${fixed(value)} [${fixed(interval.low, 2)}, ${fixed(interval.high, 2)}]`;
}

function signed(value: number): string {
  return value >= 0 ? `+${fixed(value)}` : fixed(value);
}

/** The table of each mode's mean scores with their intervals, and its median latency. */
export function formatModeTable(evaluation: RetrievalEvaluation): string {
  return formatScoreTable(
    evaluation.k,
    evaluation.modes.map((m) => ({ label: m.mode, scores: m })),
    "mode",
  );
}

/** One row of mean scores with their intervals, and the median latency, per labelled evaluation of a mode. */
export function formatScoreTable(k: number, rows: readonly { label: string; scores: ModeEvaluation }[], labelHeader: string): string {
  const headers = [labelHeader, ...RETRIEVAL_METRICS.map((m) => metricLabel(m, k)), "p50 ms"];
  const cells = rows.map(({ label, scores: m }) => [
    label,
    ...RETRIEVAL_METRICS.map((metric) => withInterval(m[metric], m.intervals[metric])),
    fixed(m.latencyMs.p50, 1),
  ]);
  return formatTable(headers, cells, ["left", ...RETRIEVAL_METRICS.map(() => "right" as const), "right"]);
}

/**
 * One row per comparison and metric: the mean difference, its interval with `*` when it excludes 0, and
 * how many questions got better, worse or stayed the same. Three decimals, so that an interval that just
 * excludes 0 never prints as `[+0.00, …]`.
 */
export function formatDifferenceTable(k: number, confidence: number, comparisons: readonly { label: string; scores: MetricComparisons }[]): string {
  const rows = comparisons.flatMap(({ label, scores }) =>
    RETRIEVAL_METRICS.map((metric, i) => {
      const d = scores.metrics[metric];
      return [
        i === 0 ? label : "",
        metricLabel(metric, k),
        signed(d.mean),
        `[${signed(d.low)}, ${signed(d.high)}]`,
        d.significant ? "*" : "",
        String(d.wins),
        String(d.losses),
        String(d.ties),
      ];
    }),
  );
  return formatTable(["compared", "metric", "difference", `${Math.round(confidence * 100)}% interval`, "", "better", "worse", "same"], rows, [
    "left",
    "left",
    "right",
    "left",
    "left",
    "right",
    "right",
    "right",
  ]);
}
