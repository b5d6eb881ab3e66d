import pLimit from "p-limit";
import { z } from "zod";
import { RagError, describeValue, ensureArgument, errorMessage, isRagError } from "../../errors.js";
import { integer, parseOptions } from "../../options.js";
import type { QueryResult } from "../../db/records.js";
import { withContextHeader } from "../context-header.js";

/**
 * Scores documents against a query, for re-ordering search candidates. Implementations state their limits so
 * that {@link applyRerank} can batch without guessing.
 *
 * @example
 * const r: Reranker = httpReranker({ baseURL: "http://localhost:8080/v1", model: "BAAI/bge-reranker-base" });
 * const scores = await r.rerank("capital of France", ["Paris is the capital.", "Berlin is in Germany."]);
 * // e.g. [0.98, 0.01]
 */
export interface Reranker {
  /** A stable id naming the model, e.g. `"http:BAAI/bge-reranker-base"`. Appears in error messages. */
  readonly id: string;
  /** The most documents one `rerank` call should receive. Larger work is split into calls of this size. */
  readonly maxDocumentsPerCall?: number;
  /** How many `rerank` calls may run at once. @default 1 */
  readonly maxConcurrency?: number;
  /**
   * Scores `documents` against `query`, returning one finite score per document, in input order; higher is
   * more relevant. Scores need only be comparable within one call's result and across calls with the same query
   * (cross-encoder logits, sigmoid probabilities and cosine similarities all qualify).
   */
  rerank(query: string, documents: string[], options?: RerankCallOptions): Promise<number[]>;
}

/** Options of one {@link Reranker.rerank} call. */
export interface RerankCallOptions {
  signal?: AbortSignal;
}

/**
 * The `rerank` option of a search: re-score the first `topN` candidates of any mode with `reranker`, then keep
 * the best `topK`. Each hit's `score` is then the reranker's.
 *
 * @example
 * await rag.search("capital of France", { topK: 5, rerank: { reranker, topN: 50 } });
 */
export interface RerankOptions {
  reranker: Reranker;
  /**
   * How many of the first candidates are re-scored; the search fetches this many. Must be at least `topK` (the
   * reranker's scores cannot be mixed with the retrieval scores of the rest) and at most 1000.
   * @default max(topK * 4, 20), capped at 1000
   */
  topN?: number;
  /**
   * Give the reranker each hit's context header ("Title › Section › Subsection", from the `title` and `headings`
   * ingest writes in its metadata, the header ingest puts over each passage for the embedder) above its passage
   * (`content`, the document's text as stored, markup and all); `false` gives the passage alone. A passage of a few
   * sentences often does not say what it is about, and its page and section do. A hit with neither title nor
   * headings is its passage either way, and the header is given whatever the collection's `chunking.contextHeader`.
   * @default true
   */
  contextHeader?: boolean;
}

/** {@link RerankOptions} with the defaults filled in by {@link resolveRerank}. */
export interface ResolvedRerank {
  reranker: Reranker;
  topN: number;
  contextHeader: boolean;
}

/** The most candidates one search re-scores. */
export const MAX_RERANK_TOP_N = 1000;

function isReranker(value: unknown): value is Reranker {
  const r = value as Reranker | null;
  return typeof r === "object" && r !== null && typeof r.id === "string" && r.id.length > 0 && typeof r.rerank === "function";
}

const rerankerSchema = z
  .custom<Reranker>(isReranker, {
    error: "an object with a non-empty string id and a rerank(query, documents) function, such as httpReranker({ baseURL, model })",
  })
  .superRefine((reranker, ctx) => {
    for (const name of ["maxDocumentsPerCall", "maxConcurrency"] as const) {
      const value = reranker[name];
      if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `reranker "${reranker.id}" has ${name} ${describeValue(value)}; expected a positive integer or none.`,
        });
      }
    }
  });

const topNSchema = integer(1, MAX_RERANK_TOP_N);

/** The `rerank` option of a search beside its `topK`, for {@link resolveRerank}: topN defaults from topK. */
const rerankWithTopKSchema = z
  .object({
    topK: integer(1),
    rerank: z.strictObject({ reranker: rerankerSchema, topN: topNSchema.optional(), contextHeader: z.boolean().default(true) }),
  })
  .transform(({ topK, rerank }) => ({
    topK,
    topN: rerank.topN ?? Math.min(Math.max(topK * 4, 20), MAX_RERANK_TOP_N),
    contextHeader: rerank.contextHeader,
  }))
  .superRefine(({ topK, topN }, ctx) => {
    if (topN < topK) {
      ctx.addIssue({
        code: "custom",
        path: ["rerank", "topN"],
        message:
          `rerank.topN (${topN}) is below topK (${topK}); the reranker must score at least the topK hits it returns. ` +
          `Raise topN to ${topK} or more, or lower topK.`,
      });
    }
  });

const resolvedRerankSchema = z.object({ reranker: rerankerSchema, topN: topNSchema, contextHeader: z.boolean() });

/**
 * Validates `options` and fills in the defaults once, at the boundary; inner code takes the result.
 * Throws `INVALID_ARGUMENT` on a malformed reranker or a `topN` outside `topK..1000`.
 *
 * @example
 * const rerank = resolveRerank({ reranker }, 10); // { reranker, topN: 40, contextHeader: true }
 */
export function resolveRerank(options: RerankOptions, topK: number): ResolvedRerank {
  const { topN, contextHeader } = parseOptions(rerankWithTopKSchema, { topK, rerank: options });
  // The reranker itself, not zod's copy of it: its methods may live on a prototype.
  return { reranker: options.reranker, topN, contextHeader };
}

/**
 * Re-scores the first `options.topN` of `hits` (in their order) with the reranker, on their `content` under their
 * context header (unless `options.contextHeader` is false), and returns the best `topK` of them by the reranker's
 * score, highest first; ties keep their original order.
 * Each returned hit is a copy whose `score` is the reranker's. Hits after the first `topN` are dropped.
 *
 * Documents go in batches of `reranker.maxDocumentsPerCall`, at most `reranker.maxConcurrency` calls at once.
 * After the first failure no further batch starts. A reply that is not one finite number per document is a
 * `RERANK_FAILED` error, as is any failure of the reranker that is not already a `RagError`; an abort through
 * `signal` is `ABORTED`.
 *
 * @example
 * const hits = await col.query({ text, mode: "keyword", topK: rerank.topN });
 * const best = await applyRerank(text, hits, rerank, 5, signal);
 */
export async function applyRerank(query: string, hits: QueryResult[], options: ResolvedRerank, topK: number, signal?: AbortSignal): Promise<QueryResult[]> {
  parseOptions(resolvedRerankSchema, options, { path: "rerank" });
  ensureArgument(typeof query === "string", `rerank: the query must be a string, got ${describeValue(query)}.`);
  ensureArgument(Array.isArray(hits), `rerank: hits must be an array, got ${describeValue(hits)}.`);
  ensureArgument(Number.isInteger(topK) && topK >= 1, `rerank: topK must be a positive integer, got ${describeValue(topK)}.`);
  const { reranker, topN } = options;
  throwIfAborted(reranker, signal);

  const candidates = hits.slice(0, topN);
  if (candidates.length === 0) return [];
  const documents = candidates.map((hit) => (options.contextHeader ? withContextHeader(hit) : hit.content));
  const scores = await scoreInBatches(reranker, query, documents, signal);

  const order = candidates.map((_, i) => i);
  // Array#sort is stable, and the index tiebreak states the intent for equal scores.
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, topK).map((i) => ({ ...candidates[i]!, score: scores[i]! }));
}

async function scoreInBatches(reranker: Reranker, query: string, documents: string[], signal: AbortSignal | undefined): Promise<number[]> {
  const size = Math.max(1, reranker.maxDocumentsPerCall ?? documents.length);
  const limit = pLimit(Math.max(1, reranker.maxConcurrency ?? 1));
  // The first failure cancels the calls in flight and skips those not yet started.
  const stop = new AbortController();
  const callSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const batches: Array<{ start: number; documents: string[] }> = [];
  for (let start = 0; start < documents.length; start += size) {
    batches.push({ start, documents: documents.slice(start, start + size) });
  }
  const work = batches.map((batch) =>
    limit(async () => {
      throwIfAborted(reranker, signal);
      if (stop.signal.aborted) return [];
      try {
        const reply: unknown = await untilAborted(reranker.rerank(query, batch.documents, { signal: callSignal }), callSignal);
        return checkReply(reranker, reply, batch.documents.length, batch.start);
      } catch (error) {
        stop.abort();
        if (signal?.aborted) throw abortedError(reranker, signal);
        if (isRagError(error)) throw error;
        throw new RagError("RERANK_FAILED", `Reranker "${reranker.id}" failed on a batch of ${batch.documents.length} documents: ${errorMessage(error)}`, {
          cause: error,
        });
      }
    }),
  );
  try {
    return (await Promise.all(work)).flat();
  } finally {
    stop.abort();
  }
}

function checkReply(reranker: Reranker, reply: unknown, count: number, start: number): number[] {
  const fail = (what: string): never => {
    throw new RagError("RERANK_FAILED", `Reranker "${reranker.id}" returned an unusable reply for documents ${start}..${start + count - 1}: ${what}.`, {
      details: { reranker: reranker.id, expected: count },
    });
  };
  if (!Array.isArray(reply)) return fail(`expected an array of ${count} numbers, got ${describeValue(reply)}`);
  if (reply.length !== count) return fail(`expected ${count} scores, one per document, got ${reply.length}`);
  reply.forEach((score: unknown, i) => {
    if (typeof score !== "number" || !Number.isFinite(score)) {
      fail(`the score at position ${i} is ${describeValue(score)}; expected a finite number`);
    }
  });
  return reply as number[];
}

export function abortedError(reranker: Pick<Reranker, "id">, signal: AbortSignal): RagError {
  return new RagError("ABORTED", `Reranking with "${reranker.id}" was aborted.`, { cause: signal.reason });
}

export function throwIfAborted(reranker: Pick<Reranker, "id">, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(reranker, signal);
}

/**
 * Settles with `work`, or rejects as soon as `signal` fires, so that an abort returns at once even from a
 * reranker that ignores its signal.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(work)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}
