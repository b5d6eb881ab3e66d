export { evaluateRetrieval, pageOfHit, RETRIEVAL_METRICS } from "./evaluate.js";
export type {
  EvaluateRetrievalOptions,
  EvalProgress,
  EvalSearchSettings,
  ModeEvaluation,
  QuestionResult,
  QuestionScores,
  RetrievalEvaluation,
  RetrievalMetric,
  RetrievalScores,
  Searcher,
} from "./evaluate.js";
export { loadQuestions, parseQuestions, selectSplit } from "./questions.js";
export type { EvalQuestion } from "./questions.js";
export { bootstrapInterval, pairedDifference, mulberry32 } from "./bootstrap.js";
export type { BootstrapInterval, BootstrapOptions, Interval, PairedDifference, ResolvedBootstrapOptions } from "./bootstrap.js";
export { checkSameQuestions, compareEvaluations, compareModes, compareWithBestMode } from "./compare.js";
export type {
  BestModeComparison,
  BestModeOptions,
  ComparableEvaluation,
  ComparableMode,
  CompareOptions,
  EvaluationComparison,
  MetricComparison,
  MetricComparisons,
  ModeComparison,
} from "./compare.js";
export { loadEvaluation, parseEvaluation } from "./saved.js";
export { collapseRanking, firstRelevantRank, mean, ndcgAt, percentile, recallAt, reciprocalRankAt } from "./metrics.js";
