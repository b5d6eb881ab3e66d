import type { Embedder } from "../embed/embedder.js";
import { z } from "zod";
import { RagError } from "../errors.js";
import { integer, parseOptions } from "../options.js";
import type { Filter } from "../filter/index.js";
import type { RagHit, RagSearchOptions } from "../rag.js";
import { MAX_TOP_K, type SearchMode } from "../search/options.js";
import type { Collection } from "../store/collection.js";
import type { Reranker } from "../search/rerank/reranker.js";
import { bootstrapInterval, resolveBootstrapOptions, type BootstrapOptions, type Interval, type ResolvedBootstrapOptions } from "./bootstrap.js";
import { collapseRanking, firstRelevantRank, mean, ndcgAt, percentile, recallAt, reciprocalRankAt } from "./metrics.js";
import type { EvalQuestion } from "./questions.js";
import { embedQuestion } from "../embed/question.js";

/** Anything that searches like `Rag.search`. */
export interface Searcher {
  search(text: string, options: RagSearchOptions): Promise<RagHit[]>;
}

/**
 * The ranking settings every search of an evaluation is made with, as `rag.search` takes them: hybrid's fusion
 * (`hybrid: { vectorWeight, keywordWeight }`), the keyword side's column weights, page-aware ranking. Two runs that
 * differ only in them, compared with `compareEvaluations`, tell what a setting does on these questions.
 */
export type EvalSearchSettings = Pick<RagSearchOptions, "hybrid" | "keyword" | "documents">;

/** Options of {@link evaluateRetrieval}. Give either `rag`, or `collection` (with `embedder` for vector and hybrid modes). */
export interface EvaluateRetrievalOptions {
  /** A `Rag` from `createRag()`, or anything with the same `search`. */
  rag?: Searcher;
  /** A collection to query directly, when there is no `rag`. */
  collection?: Collection;
  /** Embeds the questions for `collection`; needed by the vector and hybrid modes. */
  embedder?: Embedder;
  questions: readonly EvalQuestion[];
  /** The cut-off of recall@k, MRR@k and nDCG@k. An integer from 1 to 1000. @default 10 */
  k?: number;
  /** @default ["vector", "keyword", "hybrid"] */
  modes?: readonly SearchMode[];
  /**
   * Chunks fetched per question before they are collapsed to pages. Several chunks of one page often rank
   * together, so this must be well above `k` to yield `k` distinct pages. @default max(50, 5 × k), at most 1000
   */
  fetchK?: number;
  /** The item a hit counts as, matched against `relevant`. @default the file name of `metadata.source`, else `documentId`, else `id` */
  keyOf?: (hit: RagHit) => string;
  /** Restricts every search. */
  filter?: Filter;
  /** Settings of every search (see {@link EvalSearchSettings}), checked as `rag.search` checks them. @default none: the defaults */
  search?: EvalSearchSettings;
  /**
   * Re-scores each question's `fetchK` chunks with this reranker, in every mode, before they are collapsed to
   * pages: `rerank: { reranker, topN: fetchK }`. Run once with it and once without, and `compareEvaluations`
   * tells what it gains on these questions.
   */
  reranker?: Reranker;
  /**
   * Whether the reranker sees each chunk under its context header (`RerankOptions.contextHeader`); refused without
   * `reranker`. @default true
   */
  rerankContextHeader?: boolean;
  /** Runs one untimed query per mode first, so that model loading and cold caches do not skew the latency. @default true */
  warmUp?: boolean;
  /** How the per-mode intervals are computed (a percentile bootstrap over the questions). @default { resamples: 2000, confidence: 0.95, seed: 1 } */
  bootstrap?: BootstrapOptions;
  /** Called after each question. */
  onProgress?: (event: EvalProgress) => void;
  signal?: AbortSignal;
}

export interface EvalProgress {
  mode: SearchMode;
  /** Questions done over all modes so far. */
  done: number;
  /** Questions × modes. */
  total: number;
}

/** The names of the retrieval metrics, in the order they are reported. */
export const RETRIEVAL_METRICS = ["recallAt1", "recallAt5", "recallAtK", "mrrAtK", "ndcgAtK"] as const;

/** One of {@link RETRIEVAL_METRICS}. */
export type RetrievalMetric = (typeof RETRIEVAL_METRICS)[number];

/**
 * One question's scores, from 0 to 1, under the same names as the means in {@link RetrievalScores}; here
 * `mrrAtK` is the question's reciprocal rank at `k` (their mean is the MRR).
 */
export type QuestionScores = Record<RetrievalMetric, number>;

/** Retrieval quality of a set of questions; every value is from 0 to 1. */
export interface RetrievalScores {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  /** Recall at `k`. */
  recallAtK: number;
  /** Mean reciprocal rank, counting only the first `k` items. */
  mrrAtK: number;
  ndcgAtK: number;
}

export interface QuestionResult {
  id: string;
  kind?: string;
  split?: string;
  /** The 1-based position of the first relevant item among the fetched chunks' items, or `null`. */
  firstRelevantRank: number | null;
  /** The first `k` items retrieved, best first. */
  top: string[];
  latencyMs: number;
  /** This question's metric values; the mode's scores are their means, and its intervals resample them. */
  scores: QuestionScores;
}

export interface ModeEvaluation extends RetrievalScores {
  mode: SearchMode;
  /** End-to-end search time (embedding the question included), in milliseconds. */
  latencyMs: { p50: number; p95: number; mean: number };
  /** The same scores for each question `kind`. */
  byKind: Record<string, RetrievalScores>;
  /** The bootstrap interval of each mean score, over the questions (see `RetrievalEvaluation.bootstrap`). */
  intervals: Record<RetrievalMetric, Interval>;
  perQuestion: QuestionResult[];
}

export interface RetrievalEvaluation {
  k: number;
  fetchK: number;
  /** The id of the reranker the candidates were re-scored with, if any. */
  reranker?: string;
  /** The settings every search was made with, when any were given. */
  search?: EvalSearchSettings;
  questions: number;
  /** The settings the intervals were computed with. */
  bootstrap: ResolvedBootstrapOptions;
  /** One entry per mode, in the order asked. */
  modes: ModeEvaluation[];
}

const ALL_MODES: readonly SearchMode[] = ["vector", "keyword", "hybrid"];

/** The file name of `metadata.source`, else the document id, else the record id. */
export function pageOfHit(hit: RagHit): string {
  const source = hit.metadata.source;
  if (typeof source === "string" && source !== "") return source.split(/[\\/]/).pop() || source;
  return hit.documentId ?? hit.id;
}

/** A hit's page as its path under a dataset's pages/ ("library/logging.html"), for `--match path`; else {@link pageOfHit}. */
export function pathUnderPages(hit: RagHit): string {
  const source = hit.metadata.source;
  if (typeof source !== "string" || !source.startsWith("pages/")) return pageOfHit(hit);
  return source.slice("pages/".length);
}

function questionScores(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): QuestionScores {
  return {
    recallAt1: recallAt(ranking, relevant, 1),
    recallAt5: recallAt(ranking, relevant, 5),
    recallAtK: recallAt(ranking, relevant, k),
    mrrAtK: reciprocalRankAt(ranking, relevant, k),
    ndcgAtK: ndcgAt(ranking, relevant, k),
  };
}

function scoresOf(items: readonly QuestionResult[]): RetrievalScores {
  const means = RETRIEVAL_METRICS.map((metric) => [metric, mean(items.map((q) => q.scores[metric]))] as const);
  return { questions: items.length, ...(Object.fromEntries(means) as QuestionScores) };
}

function intervalsOf(items: readonly QuestionResult[], bootstrap: ResolvedBootstrapOptions): Record<RetrievalMetric, Interval> {
  const intervals = RETRIEVAL_METRICS.map((metric) => {
    const { low, high } = bootstrapInterval(
      items.map((q) => q.scores[metric]),
      bootstrap,
    );
    return [metric, { low, high }] as const;
  });
  return Object.fromEntries(intervals) as Record<RetrievalMetric, Interval>;
}

const MODES_PHRASE = { error: 'a non-empty array of "vector", "keyword" and "hybrid"' };

/** The counts, modes, questions and the reranker's header; the searcher, `bootstrap`, the filter and the reranker are checked where they are used. */
const optionsSchema = z
  .object({
    k: integer(1, MAX_TOP_K).default(10),
    fetchK: integer(1, MAX_TOP_K).optional(),
    modes: z
      .array(z.enum(["vector", "keyword", "hybrid"]), MODES_PHRASE)
      .min(1, MODES_PHRASE)
      .default([...ALL_MODES]),
    questions: z.array(z.unknown(), { error: "an array of at least one question" }).min(1, { error: "an array of at least one question" }),
    reranker: z.unknown().optional(),
    rerankContextHeader: z.boolean().optional(),
    // The values are checked by the search itself; a key it would ignore (a typo, or `vectorWeight` outside `hybrid`) is refused here.
    search: z
      .strictObject(
        { hybrid: z.unknown().optional(), keyword: z.unknown().optional(), documents: z.unknown().optional() },
        { error: "an object of hybrid, keyword and documents settings" },
      )
      .optional(),
  })
  .transform((o) => ({ ...o, fetchK: o.fetchK ?? Math.min(MAX_TOP_K, Math.max(50, 5 * o.k)) }))
  .superRefine(({ k, fetchK, reranker, rerankContextHeader }, ctx) => {
    if (fetchK < k) ctx.addIssue({ code: "custom", path: ["fetchK"], message: `fetchK (${fetchK}) must be at least k (${k}).` });
    if (rerankContextHeader !== undefined && reranker === undefined) {
      ctx.addIssue({ code: "custom", path: ["rerankContextHeader"], message: "rerankContextHeader says what a reranker is given, and no reranker was given." });
    }
  });

function searcherFor(options: EvaluateRetrievalOptions, modes: readonly SearchMode[]): Searcher {
  if (options.rag) return options.rag;
  const { collection, embedder } = options;
  if (!collection) throw new RagError("INVALID_ARGUMENT", "evaluateRetrieval needs { rag } or { collection, embedder }; got neither.");
  if (!embedder && modes.some((m) => m !== "keyword")) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `evaluateRetrieval: modes ${modes.filter((m) => m !== "keyword").join(", ")} need an embedder; pass { embedder } or use modes: ["keyword"].`,
    );
  }
  return {
    async search(text, searchOptions) {
      const mode = searchOptions.mode ?? "vector";
      const vector = mode === "keyword" || !embedder ? undefined : await embedQuestion(embedder, text, { mode });
      return collection.query({ ...searchOptions, mode, text, ...(vector ? { vector } : {}), ...(embedder ? { embedderId: embedder.id } : {}) });
    },
  };
}

/**
 * Measures retrieval quality against questions with item-level relevance labels (pages, for
 * `datasets/sqlite-docs`). For each mode it fetches `fetchK` chunks per question, collapses them to their
 * items in rank order (an item's best chunk counts), and computes recall@1, recall@5, recall@k, MRR@k and
 * nDCG@k with binary relevance, plus the median search latency. Each question's scores are kept in
 * `perQuestion[i].scores`, and each mean comes with a 95% percentile bootstrap interval over the questions in
 * `intervals`; compare two runs or two modes with `compareEvaluations` and `compareModes`.
 *
 * @example
 * const rag = await createRag({ url: "file:rag.db", collection: "sqlite-docs" });
 * await rag.ingest(["datasets/sqlite-docs/pages"], { root: "datasets/sqlite-docs" });
 * const questions = await loadQuestions("datasets/sqlite-docs/questions.jsonl");
 * const result = await evaluateRetrieval({ rag, questions, k: 10 });
 * for (const m of result.modes) console.log(m.mode, m.recallAtK.toFixed(3), m.mrrAtK.toFixed(3));
 */
export async function evaluateRetrieval(options: EvaluateRetrievalOptions): Promise<RetrievalEvaluation> {
  const { k, fetchK, modes, search } = parseOptions(optionsSchema, options, { caller: "evaluateRetrieval" });
  const settings = search as EvalSearchSettings | undefined;
  const { signal } = options;
  const questions: readonly EvalQuestion[] = options.questions;
  const bootstrap = resolveBootstrapOptions(options.bootstrap, "evaluateRetrieval");
  const searcher = searcherFor(options, modes);
  const keyOf = options.keyOf ?? pageOfHit;
  const progress = options.onProgress ?? (() => {});
  const total = questions.length * modes.length;
  let done = 0;

  const results: ModeEvaluation[] = [];
  for (const mode of modes) {
    const searchOptions: RagSearchOptions = {
      ...settings,
      mode,
      topK: fetchK,
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      ...(options.reranker !== undefined
        ? {
            rerank: {
              reranker: options.reranker,
              topN: fetchK,
              ...(options.rerankContextHeader !== undefined ? { contextHeader: options.rerankContextHeader } : {}),
            },
          }
        : {}),
      ...(signal ? { signal } : {}),
    };
    if (options.warmUp ?? true) await searcher.search(questions[0]!.question, searchOptions);
    const perQuestion: QuestionResult[] = [];
    const latencies: number[] = [];
    for (const question of questions) {
      if (signal?.aborted) throw new RagError("ABORTED", "Evaluation was aborted.", { cause: signal.reason });
      const started = performance.now();
      const hits = await searcher.search(question.question, searchOptions);
      const latencyMs = performance.now() - started;
      const ranking = collapseRanking(hits, keyOf);
      const relevant = new Set(question.relevant);
      latencies.push(latencyMs);
      perQuestion.push({
        id: question.id,
        ...(question.kind !== undefined ? { kind: question.kind } : {}),
        ...(question.split !== undefined ? { split: question.split } : {}),
        firstRelevantRank: firstRelevantRank(ranking, relevant),
        top: ranking.slice(0, k),
        latencyMs,
        scores: questionScores(ranking, relevant, k),
      });
      progress({ mode, done: ++done, total });
    }
    const kinds = [...new Set(questions.flatMap((q) => (q.kind === undefined ? [] : [q.kind])))].sort();
    results.push({
      mode,
      ...scoresOf(perQuestion),
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), mean: mean(latencies) },
      byKind: Object.fromEntries(kinds.map((kind) => [kind, scoresOf(perQuestion.filter((q) => q.kind === kind))])),
      intervals: intervalsOf(perQuestion, bootstrap),
      perQuestion,
    });
  }
  return {
    k,
    fetchK,
    ...(options.reranker ? { reranker: options.reranker.id } : {}),
    ...(settings !== undefined ? { search: settings } : {}),
    questions: questions.length,
    bootstrap,
    modes: results,
  };
}
