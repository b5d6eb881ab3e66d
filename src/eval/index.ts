export { evaluateRetrieval, pageOfHit } from "./evaluate.js";
export type {
  EvaluateRetrievalOptions,
  EvalProgress,
  ModeEvaluation,
  QuestionResult,
  RetrievalEvaluation,
  RetrievalScores,
  Searcher,
} from "./evaluate.js";
export { loadQuestions, parseQuestions } from "./questions.js";
export type { EvalQuestion } from "./questions.js";
export { collapseRanking, firstRelevantRank, mean, ndcgAt, percentile, recallAt, reciprocalRankAt } from "./metrics.js";
