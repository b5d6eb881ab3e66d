import type { SearchContext } from "./context.js";
import type { QueryResult } from "../db/records.js";
import { convexCombination } from "./fusion/convex.js";
import { rankByDocument, type DocumentRanking } from "./fusion/documents.js";
import { reciprocalRankFusion } from "./fusion/rrf.js";
import { maximalMarginalRelevance } from "./mmr.js";
import { applyRerank } from "./rerank/reranker.js";
import { keywordSearch } from "./keyword.js";
import { DEFAULT_HYBRID, resolveQuery, type QueryOptions, type ResolvedHybrid, type ResolvedQuery, type SearchStrategy } from "./options.js";
import { nextTask } from "./next-task.js";
import { planVectorSearch, type VectorPlan } from "./planner.js";
import { learnedPageOrder } from "./page-ranker/order.js";
import { FIELD_AWARE_FTS_VERSION } from "../db/migrations.js";

/** How a query was answered. */
export interface QueryExplain {
  mode: "vector" | "keyword" | "hybrid";
  strategy: SearchStrategy;
  /**
   * The path that produced the vector results: `"scan"` (scan-cache candidates re-ranked exactly), `"ann"`
   * (vector index candidates re-ranked exactly), `"ivf"` (exact distances over the nearest partitions), `"exact"`,
   * or `"scan+exact"` / `"ann+exact"` / `"ivf+exact"` when the candidates came up short and an exact scan
   * finished the job.
   */
  vectorPath?: VectorPlan["path"];
  /** Estimated rows in the collection. */
  rowsEstimate?: number;
  /**
   * Rows the vector side read from the collection's tables (what Turso bills): counted for the planner's reads
   * and for `"ivf"` (centroids plus the rows of the probed lists), estimated for `"exact"` (every row, or the
   * rows a field index leads to; absent for `strategy: "exact"`, which does not read the collection's size), and
   * the candidates re-ranked for `"ann"` and `"scan"`.
   */
  rowsRead?: number;
  /** Estimated fraction of rows the filter matches, when the planner sampled it. */
  selectivity?: number;
  /** Candidates re-ranked: asked of `vector_top_k`, or taken from the scan cache. */
  candidates?: number;
  /** Results found by the keyword side. */
  keywordHits?: number;
  mmr: boolean;
  /** The reranker that set the final order and scores, and how many candidates it re-scored. */
  rerank?: { reranker: string; candidates: number };
  notes: string[];
}

/** Query results, with a non-enumerable `explain` describing the path that ran. */
export type QueryResults = QueryResult[] & { readonly explain: QueryExplain };

export function withExplain(results: QueryResult[], explain: QueryExplain): QueryResults {
  Object.defineProperty(results, "explain", { value: explain, enumerable: false });
  return results as QueryResults;
}

function stripVectors(results: QueryResult[], keep: boolean): QueryResult[] {
  if (keep) return results;
  return results.map(({ vector: _drop, ...rest }) => rest);
}

async function vectorSide(ctx: SearchContext, q: ResolvedQuery, topK: number, includeVectors: boolean, explain: QueryExplain) {
  const { results, plan } = await planVectorSearch(ctx, { vector: q.vector!, topK, filter: q.filter, minScore: q.minScore, includeVectors }, q.strategy);
  explain.vectorPath = plan.path;
  explain.rowsEstimate = plan.rowsEstimate;
  if (plan.rowsRead !== undefined) explain.rowsRead = plan.rowsRead;
  if (plan.selectivity !== undefined) explain.selectivity = plan.selectivity;
  explain.candidates = plan.candidates;
  explain.notes.push(...plan.notes);
  return results;
}

/** Runs a query against one collection: vector, keyword or hybrid, optionally re-ranked by MMR or a reranker. */
export async function runQuery(ctx: SearchContext, options: QueryOptions): Promise<QueryResults> {
  const q = resolveQuery(options, ctx.info);
  if (q.rerank === undefined) return retrieve(ctx, q);
  // Fetch the reranker's candidates with the mode's own ranking, then let the reranker order them.
  const candidates = await retrieve(ctx, { ...q, topK: q.rerank.topN, hybrid: { ...q.hybrid, fetchK: Math.max(q.hybrid.fetchK, q.rerank.topN) } });
  const reranked = await applyRerank(q.text!, candidates, q.rerank, q.topK, options.signal);
  return withExplain(reranked, { ...candidates.explain, rerank: { reranker: q.rerank.reranker.id, candidates: candidates.length } });
}

async function retrieve(ctx: SearchContext, q: ResolvedQuery): Promise<QueryResults> {
  const explain: QueryExplain = { mode: q.mode, strategy: q.strategy, mmr: q.mmr !== undefined, notes: [] };
  const needVectors = q.includeVectors || q.mmr !== undefined;

  // Page-aware ranking needs the candidates of other pages to move up: it sees at least hybrid's fetch depth.
  const single = (fetchK: number) => (q.documents === false ? fetchK : Math.max(fetchK, DEFAULT_HYBRID.fetchK));
  if (q.documents !== false) explain.notes.push(`ranked by document (support ${q.documents.support}, decay ${q.documents.decay})`);
  if (q.mode === "keyword") {
    const results = await keywordSearch(ctx, {
      text: q.text!,
      topK: single(q.topK),
      filter: q.filter,
      minScore: q.minScore,
      includeVectors: q.includeVectors,
      fieldWeights: q.fieldWeights,
      notes: explain.notes,
    });
    explain.keywordHits = results.length;
    return withExplain(byDocument(results, q.documents).slice(0, q.topK), explain);
  }

  if (q.mode === "vector") {
    const vq = await withVector(q);
    let results = byDocument(await vectorSide(ctx, vq, single(vq.mmr ? vq.mmr.fetchK : vq.topK), needVectors, explain), q.documents);
    results = vq.mmr ? maximalMarginalRelevance(vq.vector!, results.slice(0, vq.mmr.fetchK), vq.topK, vq.mmr) : results.slice(0, vq.topK);
    return withExplain(stripVectors(results, q.includeVectors), explain);
  }

  // Hybrid: both sides see the same filter. minScore applies to each side's own score, since a fused score has
  // no absolute meaning. When one side finds nothing (a query of stopwords, say) the other ranks alone.
  const fetchK = Math.max(q.hybrid.fetchK, q.mmr?.fetchK ?? 0);
  // Side by side: the keyword side runs while the query vector is still being embedded, and against a remote
  // server the two round trips overlap. An embedding reaches its worker thread (or its HTTP request leaves) a few
  // microtask hops after it was started; let it go before the keyword side's SQL takes this thread, or the two
  // run one after the other.
  if (q.pendingVector !== undefined) await nextTask();
  const vectorReady = withVector(q);
  const [vector, keyword] = await Promise.all([
    vectorReady.then((vq) => vectorSide(ctx, vq, fetchK, needVectors, explain)),
    keywordSearch(ctx, {
      text: q.text!,
      topK: fetchK,
      filter: q.filter,
      minScore: q.minScore,
      includeVectors: needVectors,
      fieldWeights: q.fieldWeights,
      notes: explain.notes,
    }),
  ]);
  explain.keywordHits = keyword.length;
  let fused = fuse(vector, keyword, q.hybrid);
  if (q.hybrid.pageOrder === "learned") fused = await learnedOrder(ctx, q.text!, vector, keyword, fused, explain);
  if (q.mmr) {
    // MMR needs similarity to the query: use the vector score, and rank by the fused order's candidates.
    fused = maximalMarginalRelevance((await vectorReady).vector!, fused.slice(0, q.mmr.fetchK), q.topK, q.mmr);
  } else {
    fused = fused.slice(0, q.topK);
  }
  return withExplain(stripVectors(fused, q.includeVectors), explain);
}

/**
 * The fused candidates with their pages in the learned order, when both sides found some (with one side alone the
 * fusion is that side's order), the collection's keyword index has the title and heading columns it reads, and the
 * candidates belong to documents.
 */
async function learnedOrder(
  ctx: SearchContext,
  text: string,
  vector: QueryResult[],
  keyword: QueryResult[],
  fused: QueryResult[],
  explain: QueryExplain,
): Promise<QueryResult[]> {
  if (vector.length === 0 || keyword.length === 0) return fused;
  if (ctx.info.schemaVersion < FIELD_AWARE_FTS_VERSION) {
    explain.notes.push("pages in the fused order: the learned order needs the keyword index's title and heading columns");
    return fused;
  }
  if (fused.every((r) => r.documentId === null)) {
    // Trained on pages of several chunks: records without documents are out of what it has seen.
    explain.notes.push("pages in the fused order: the learned order ranks documents, and these records have none");
    return fused;
  }
  explain.notes.push("pages in the learned order");
  return learnedPageOrder(ctx, text, vector, keyword, fused);
}

/** The query with its vector, once a vector given as a promise has resolved (and passed its check). */
async function withVector(q: ResolvedQuery): Promise<ResolvedQuery> {
  return q.pendingVector === undefined ? q : { ...q, vector: await q.pendingVector, pendingVector: undefined };
}

function byDocument(results: QueryResult[], documents: DocumentRanking | false): QueryResult[] {
  return documents === false ? results : rankByDocument(results, documents);
}

/** Fuses the two sides' rankings as `options` says, then ranks by document when asked. */
export function fuse(vector: QueryResult[], keyword: QueryResult[], options: ResolvedHybrid): QueryResult[] {
  const lists = [
    { results: vector, weight: options.vectorWeight },
    { results: keyword, weight: options.keywordWeight },
  ];
  const fused = options.fusion === "rrf" ? reciprocalRankFusion(lists, options.rrfK) : convexCombination(lists);
  return options.documents === false ? fused : rankByDocument(fused, options.documents);
}
