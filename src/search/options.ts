import { RagError, describeValue } from "../errors.js";
import { parseFilter, type Filter, type FilterNode } from "../filter/index.js";
import type { CollectionInfo } from "../db/collection-info.js";
import { checkSameEmbedder } from "../db/same-embedder.js";
import { toVector, type VectorInput } from "../db/vector.js";
import type { DocumentRanking } from "./fusion/documents.js";
import { DEFAULT_FIELD_WEIGHTS, type FieldWeights } from "./keyword.js";
import { resolveRerank, type RerankOptions, type ResolvedRerank } from "./rerank/reranker.js";

export type SearchMode = "vector" | "keyword" | "hybrid";
export type SearchStrategy = "auto" | "ann" | "exact" | "ivf";

/** Maximal marginal relevance: rerank for diversity. */
export interface MmrOptions {
  /** 1 = pure relevance, 0 = pure diversity. @default 0.5 */
  lambda?: number;
  /** Candidates fetched before reranking. @default max(4 × topK, 20) */
  fetchK?: number;
}

/** How `mode: "hybrid"` fuses the vector and keyword rankings. */
export interface HybridOptions {
  /**
   * `"convex"`: a weighted sum of each side's min-max normalised scores. `"rrf"`: weighted reciprocal rank
   * fusion, which uses ranks only.
   * @default "convex"
   */
  fusion?: "convex" | "rrf";
  /** The RRF constant k (with `fusion: "rrf"`). @default 60 */
  rrfK?: number;
  /** Weight of the vector side. @default 0.25 (with `"rrf"`: 1) */
  vectorWeight?: number;
  /** Weight of the keyword side. @default 0.75 (with `"rrf"`: 2) */
  keywordWeight?: number;
  /**
   * Candidates taken from each side before fusing. Normalisation and page support see this many, so it is fixed
   * rather than a multiple of topK: the first results do not change when a caller asks for more.
   * @default max(topK, 50)
   */
  fetchK?: number;
  /**
   * Page-aware ranking of the fused chunks (see {@link DocumentRanking}): chunks of one document support it,
   * and its further chunks give way to other documents. `false` ranks chunks on their own.
   * @default { support: 0.1, decay: 0.3 }
   */
  documents?: Partial<DocumentRanking> | false;
}

/** Keyword (BM25) settings, for `mode: "keyword"` and `"hybrid"`. */
export interface KeywordOptions {
  /** BM25 weights of the title, heading-path and passage columns. @default DEFAULT_FIELD_WEIGHTS */
  fieldWeights?: Partial<FieldWeights>;
}

/**
 * A query over one collection.
 *
 * @example
 * await col.query({ vector, topK: 5, filter: { lang: "en" } });
 * await col.query({ text: "wal mode", mode: "keyword" });
 */
export interface QueryOptions {
  /** The query vector. Needed by `"vector"` and `"hybrid"`. */
  vector?: VectorInput;
  /** The query text, matched as plain words. Needed by `"keyword"` and `"hybrid"`. */
  text?: string;
  /** @default "hybrid" when both `vector` and `text` are given, else the mode the one given needs */
  mode?: SearchMode;
  /** How many results. An integer from 1 to 1000. @default 10 */
  topK?: number;
  filter?: Filter | undefined;
  /** Drop results whose score is below this similarity. */
  minScore?: number;
  /** Return each result's vector. @default false */
  includeVectors?: boolean;
  /**
   * `"ann"` uses the vector index, `"exact"` scans in SQL, `"ivf"` scans only the rows of the partitions nearest
   * the query (collections with `ivf`; docs/remote-search.md), `"auto"` picks per query from the collection's
   * size and the filter's estimated selectivity: the store's scan cache where it has one (local databases), else
   * the partitions, else the index, else an exact scan. Every strategy returns `min(topK, matching rows)` results.
   * @default "auto"
   */
  strategy?: SearchStrategy;
  mmr?: MmrOptions | boolean;
  hybrid?: HybridOptions;
  keyword?: KeywordOptions;
  /**
   * Re-score the first `topN` candidates of the mode with a reranker and keep the best `topK`; each result's
   * `score` is then the reranker's. Needs `text`. `minScore` applies to the retrieval scores, before reranking.
   */
  rerank?: RerankOptions;
  /** Cancels a reranker call in flight. */
  signal?: AbortSignal;
  /** When given, must equal the collection's recorded embedder id. */
  embedderId?: string;
}

export interface ResolvedMmr {
  lambda: number;
  fetchK: number;
}

export interface ResolvedHybrid {
  fusion: "convex" | "rrf";
  rrfK: number;
  vectorWeight: number;
  keywordWeight: number;
  fetchK: number;
  documents: DocumentRanking | false;
}

/** Defaults of {@link HybridOptions}, chosen by measurement (docs/retrieval.md). */
export const DEFAULT_HYBRID = Object.freeze({
  fusion: "convex" as const,
  rrfK: 60,
  fetchK: 50,
  vectorWeight: 0.25,
  keywordWeight: 0.75,
  documents: Object.freeze({ support: 0.1, decay: 0.3 }),
});

export interface ResolvedQuery {
  mode: SearchMode;
  vector: Float32Array | undefined;
  text: string | undefined;
  topK: number;
  filter: FilterNode;
  minScore: number | undefined;
  includeVectors: boolean;
  strategy: SearchStrategy;
  mmr: ResolvedMmr | undefined;
  hybrid: ResolvedHybrid;
  fieldWeights: FieldWeights;
  rerank: ResolvedRerank | undefined;
}

export const MAX_TOP_K = 1000;

function positiveInt(value: unknown, name: string, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new RagError("INVALID_ARGUMENT", `${name} must be an integer from 1 to ${max}, got ${describeValue(value)}.`);
  }
  return value;
}

function finite(value: unknown, name: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `${name} must be a finite number${min > -Infinity ? ` from ${min}` : ""}${max < Infinity ? ` to ${max}` : ""}, got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Checks query options once and fills in defaults. */
export function resolveQuery(options: QueryOptions, info: CollectionInfo): ResolvedQuery {
  if (options === null || typeof options !== "object") {
    throw new RagError("INVALID_ARGUMENT", `query options must be an object, got ${describeValue(options)}.`);
  }
  if (options.embedderId !== undefined) checkSameEmbedder(info, options.embedderId);
  const mode =
    options.mode ?? (options.vector === undefined ? (options.text !== undefined ? "keyword" : "vector") : options.text !== undefined ? "hybrid" : "vector");
  if (mode !== "vector" && mode !== "keyword" && mode !== "hybrid") {
    throw new RagError("INVALID_ARGUMENT", `mode must be "vector", "keyword" or "hybrid", got ${describeValue(mode)}.`);
  }
  const strategy = options.strategy ?? "auto";
  if (strategy !== "auto" && strategy !== "ann" && strategy !== "exact" && strategy !== "ivf") {
    throw new RagError("INVALID_ARGUMENT", `strategy must be "auto", "ann", "exact" or "ivf", got ${describeValue(strategy)}.`);
  }
  if ((mode === "vector" || mode === "hybrid") && options.vector === undefined) {
    throw new RagError("INVALID_ARGUMENT", `mode "${mode}" needs a query vector; pass { vector }.`);
  }
  if ((mode === "keyword" || mode === "hybrid") && typeof options.text !== "string") {
    throw new RagError("INVALID_ARGUMENT", `mode "${mode}" needs query text; pass { text }.`);
  }
  const topK = positiveInt(options.topK ?? 10, "topK", MAX_TOP_K);
  const vector =
    options.vector === undefined || mode === "keyword" ? undefined : toVector(options.vector, info.dimensions, info.metric, "query vector", info.vectorType);
  const minScore = options.minScore === undefined ? undefined : finite(options.minScore, "minScore");

  let mmr: ResolvedMmr | undefined;
  if (options.mmr !== undefined && options.mmr !== false) {
    const m = options.mmr === true ? {} : options.mmr;
    if (mode === "keyword") throw new RagError("INVALID_ARGUMENT", 'mmr needs vectors; use mode "vector" or "hybrid".');
    mmr = {
      lambda: finite(m.lambda ?? 0.5, "mmr.lambda", 0, 1),
      fetchK: positiveInt(m.fetchK ?? Math.min(MAX_TOP_K, Math.max(4 * topK, 20)), "mmr.fetchK", MAX_TOP_K),
    };
    if (mmr.fetchK < topK) throw new RagError("INVALID_ARGUMENT", `mmr.fetchK (${mmr.fetchK}) must be at least topK (${topK}).`);
  }
  const h = options.hybrid ?? {};
  const fusion = h.fusion ?? DEFAULT_HYBRID.fusion;
  if (fusion !== "convex" && fusion !== "rrf") {
    throw new RagError("INVALID_ARGUMENT", `hybrid.fusion must be "convex" or "rrf", got ${describeValue(fusion)}.`);
  }
  const d = h.documents === undefined ? {} : h.documents;
  if (d !== false && (d === null || typeof d !== "object")) {
    throw new RagError("INVALID_ARGUMENT", `hybrid.documents must be { support, decay } or false, got ${describeValue(d)}.`);
  }
  const hybrid: ResolvedHybrid = {
    fusion,
    rrfK: finite(h.rrfK ?? DEFAULT_HYBRID.rrfK, "hybrid.rrfK", 0),
    vectorWeight: finite(h.vectorWeight ?? (fusion === "rrf" ? 1 : DEFAULT_HYBRID.vectorWeight), "hybrid.vectorWeight", 0),
    keywordWeight: finite(h.keywordWeight ?? (fusion === "rrf" ? 2 : DEFAULT_HYBRID.keywordWeight), "hybrid.keywordWeight", 0),
    fetchK: positiveInt(h.fetchK ?? Math.max(topK, DEFAULT_HYBRID.fetchK), "hybrid.fetchK", MAX_TOP_K),
    documents:
      d === false
        ? false
        : {
            support: finite(d.support ?? DEFAULT_HYBRID.documents.support, "hybrid.documents.support", 0),
            decay: finite(d.decay ?? DEFAULT_HYBRID.documents.decay, "hybrid.documents.decay", 0, 1),
          },
  };
  if (hybrid.vectorWeight + hybrid.keywordWeight === 0) {
    throw new RagError("INVALID_ARGUMENT", 'hybrid.vectorWeight and hybrid.keywordWeight cannot both be 0; use mode "vector" or "keyword" for one side.');
  }
  let rerank: ResolvedRerank | undefined;
  if (options.rerank !== undefined) {
    if (typeof options.text !== "string") throw new RagError("INVALID_ARGUMENT", "rerank needs the query text; pass { text }.");
    if (mmr !== undefined) throw new RagError("INVALID_ARGUMENT", "rerank and mmr cannot be combined: both decide the final order. Pass one of them.");
    rerank = resolveRerank(options.rerank, topK);
  }
  const w = options.keyword?.fieldWeights ?? {};
  if (w === null || typeof w !== "object") {
    throw new RagError("INVALID_ARGUMENT", `keyword.fieldWeights must be { title, headings, content }, got ${describeValue(w)}.`);
  }
  const fieldWeights: FieldWeights = {
    title: finite(w.title ?? DEFAULT_FIELD_WEIGHTS.title, "keyword.fieldWeights.title", 0),
    headings: finite(w.headings ?? DEFAULT_FIELD_WEIGHTS.headings, "keyword.fieldWeights.headings", 0),
    content: finite(w.content ?? DEFAULT_FIELD_WEIGHTS.content, "keyword.fieldWeights.content", 0),
  };
  return {
    mode,
    vector,
    text: options.text,
    topK,
    filter: parseFilter(options.filter),
    minScore,
    includeVectors: options.includeVectors ?? false,
    strategy,
    mmr,
    hybrid,
    fieldWeights,
    rerank,
  };
}
