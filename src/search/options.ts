import { z } from "zod";
import { RagError, errorMessage, isRagError } from "../errors.js";
import { finiteNumber, integer, parseOptions } from "../options.js";
import { parseFilter, type Filter, type FilterNode } from "../filter/index.js";
import type { CollectionInfo } from "../db/collection-info.js";
import { checkSameEmbedder } from "../db/same-embedder.js";
import { toVector, type VectorInput } from "../db/vector.js";
import type { DocumentRanking } from "./fusion/documents.js";
import { DEFAULT_FIELD_WEIGHTS, type FieldWeights } from "./keyword.js";
import { FIELD_AWARE_FTS_VERSION } from "../db/migrations.js";
import { PAGE_RANKER_EMBEDDER } from "./page-ranker/order.js";
import { resolveRerank, type RerankOptions, type ResolvedRerank } from "./rerank/reranker.js";

export type SearchMode = "vector" | "keyword" | "hybrid";
/** The vector paths a query can ask for (see {@link QueryOptions.strategy}). */
export const SEARCH_STRATEGIES = ["auto", "ann", "exact", "ivf"] as const;
export type SearchStrategy = (typeof SEARCH_STRATEGIES)[number];

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
  /**
   * The order of the fused candidates' pages. `"learned"`: a model trained on the datasets' tune questions orders
   * them from what both sides and the query words say of each page (docs/retrieval.md, thirty-seventh round).
   * `"fused"`: the fusion's own order.
   * @default "learned" on a collection of the offline embedder's vectors (`use-lite-512`) searched with the default
   * fusion, weights, `fetchK` and `documents`, which the model was trained on; `"fused"` otherwise
   */
  pageOrder?: "learned" | "fused";
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
  /**
   * The query vector. Needed by `"vector"` and `"hybrid"`. It may be a promise of one (a question still being
   * embedded): the options are checked and a hybrid query's keyword side runs while it resolves.
   */
  vector?: VectorInput | PromiseLike<VectorInput>;
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
   * whichever of the partitions and the index the collection's calibration chose when its partitions were trained
   * (the partitions when none is recorded), else the index, else an exact scan. Every strategy returns
   * `min(topK, matching rows)` results.
   * @default "auto"
   */
  strategy?: SearchStrategy;
  mmr?: MmrOptions | boolean;
  hybrid?: HybridOptions;
  keyword?: KeywordOptions;
  /**
   * Page-aware ranking for `"vector"` and `"keyword"` queries (hybrid has its own, `hybrid.documents`): at least
   * 50 candidates are fetched, a document's further chunks give way to other documents by `decay`, and the best
   * `topK` are kept, so a few long pages do not fill the results. Scores of a document's 2nd, 3rd, … chunk are
   * then scaled by `decay`, `decay²`, …; the best chunk of each document keeps its own score (plus `support` × its
   * other candidates'). `true` means {@link DEFAULT_PAGE_RANKING}. `rag.search` turns it on for both modes; here it
   * is off, so `col.query` returns plain nearest neighbours unless asked.
   * @default false
   */
  documents?: Partial<DocumentRanking> | boolean | undefined;
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
  pageOrder: "learned" | "fused";
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

/**
 * Convex fusion weighed by one number, as the CLI's `--vector-weight` and LlamaIndex's `alpha` give it: the vector
 * side `vectorWeight` (0 to 1), the keyword side the rest.
 */
export function convexWeights(vectorWeight: number): HybridOptions & { vectorWeight: number; keywordWeight: number } {
  return { fusion: "convex", vectorWeight, keywordWeight: 1 - vectorWeight };
}

/**
 * Page-aware ranking of a single mode's results, as `rag.search` applies it: no support (a long page would win on
 * the sum of its chunks), further chunks of a page scaled by 0.3. On the Python questions it lifted vector-only
 * R@5 from 0.33 to 0.44 (held-out, paired +0.10 [+0.04, +0.17]); keyword results did not change (docs/retrieval.md).
 */
const DEFAULT_PAGE_RANKING: Readonly<DocumentRanking> = Object.freeze({ support: 0, decay: 0.3 });

export interface ResolvedQuery {
  mode: SearchMode;
  vector: Float32Array | undefined;
  /** The query vector still to come, when `vector` was given as a promise; checked when it resolves. */
  pendingVector: Promise<Float32Array> | undefined;
  text: string | undefined;
  topK: number;
  filter: FilterNode;
  minScore: number | undefined;
  includeVectors: boolean;
  strategy: SearchStrategy;
  mmr: ResolvedMmr | undefined;
  hybrid: ResolvedHybrid;
  /** Page-aware ranking of a vector or keyword query (always false for hybrid, which has `hybrid.documents`). */
  documents: DocumentRanking | false;
  fieldWeights: FieldWeights;
  rerank: ResolvedRerank | undefined;
}

export const MAX_TOP_K = 1000;

const rankingShape = z.strictObject({ support: finiteNumber(0).optional(), decay: finiteNumber(0, 1).optional() });
const documentRankingSchema = z.union([z.literal(false), rankingShape], { error: "{ support, decay } or false" });

/** Query options as given; `vector`, `filter` and `rerank` are checked by their own parsers. */
const queryOptionsSchema = z
  .strictObject({
    vector: z.unknown().optional(),
    text: z.string().optional(),
    mode: z.enum(["vector", "keyword", "hybrid"]).optional(),
    topK: integer(1, MAX_TOP_K).default(10),
    filter: z.unknown().optional(),
    minScore: finiteNumber().optional(),
    includeVectors: z.boolean().default(false),
    strategy: z.enum(SEARCH_STRATEGIES).default("auto"),
    mmr: z
      .union([z.boolean(), z.strictObject({ lambda: finiteNumber(0, 1).optional(), fetchK: integer(1, MAX_TOP_K).optional() })], {
        error: "true, false or { lambda, fetchK }",
      })
      .optional(),
    hybrid: z
      .strictObject({
        fusion: z.enum(["convex", "rrf"]).default(DEFAULT_HYBRID.fusion),
        rrfK: finiteNumber(0).default(DEFAULT_HYBRID.rrfK),
        vectorWeight: finiteNumber(0).optional(),
        keywordWeight: finiteNumber(0).optional(),
        fetchK: integer(1, MAX_TOP_K).optional(),
        documents: documentRankingSchema.default({}),
        pageOrder: z.enum(["learned", "fused"]).optional(),
      })
      .default({ fusion: DEFAULT_HYBRID.fusion, rrfK: DEFAULT_HYBRID.rrfK, documents: {} }),
    keyword: z
      .strictObject({
        fieldWeights: z
          .strictObject(
            { title: finiteNumber(0).optional(), headings: finiteNumber(0).optional(), content: finiteNumber(0).optional() },
            { error: "{ title, headings, content }" },
          )
          .default({}),
      })
      .default({ fieldWeights: {} }),
    documents: z.union([z.boolean(), rankingShape], { error: "true, false or { support, decay }" }).optional(),
    rerank: z.unknown().optional(),
    signal: z.unknown().optional(),
    embedderId: z.string().optional(),
  } satisfies Record<keyof QueryOptions, z.ZodType>)
  .superRefine((o, ctx) => {
    const fail = (path: string[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const mode = queryMode(o);
    const mmr = resolveMmr(o.mmr, o.topK);
    const hybrid = resolveHybrid(o.hybrid, o.topK);
    if ((mode === "vector" || mode === "hybrid") && o.vector === undefined) fail(["vector"], `mode "${mode}" needs a query vector; pass { vector }.`);
    if ((mode === "keyword" || mode === "hybrid") && o.text === undefined) fail(["text"], `mode "${mode}" needs query text; pass { text }.`);
    if (mode === "hybrid" && o.documents !== undefined) {
      fail(["documents"], "documents ranks vector and keyword results; for hybrid, pass hybrid.documents.");
    }
    if (mmr && mode === "keyword") fail(["mmr"], 'mmr needs vectors; use mode "vector" or "hybrid".');
    if (mmr && mmr.fetchK < o.topK) fail(["mmr", "fetchK"], `mmr.fetchK (${mmr.fetchK}) must be at least topK (${o.topK}).`);
    if (hybrid.vectorWeight + hybrid.keywordWeight === 0) {
      fail(["hybrid"], 'hybrid.vectorWeight and hybrid.keywordWeight cannot both be 0; use mode "vector" or "keyword" for one side.');
    }
    if (o.rerank !== undefined && o.text === undefined) fail(["rerank"], "rerank needs the query text; pass { text }.");
    else if (o.rerank !== undefined && mmr) fail(["rerank"], "rerank and mmr cannot be combined: both decide the final order. Pass one of them.");
  });

type CheckedQuery = z.output<typeof queryOptionsSchema>;

function queryMode(o: Pick<CheckedQuery, "mode" | "vector" | "text">): SearchMode {
  return o.mode ?? (o.vector === undefined ? (o.text !== undefined ? "keyword" : "vector") : o.text !== undefined ? "hybrid" : "vector");
}

function resolveMmr(mmr: CheckedQuery["mmr"], topK: number): ResolvedMmr | undefined {
  if (mmr === undefined || mmr === false) return undefined;
  const m = mmr === true ? {} : mmr;
  return { lambda: m.lambda ?? 0.5, fetchK: m.fetchK ?? Math.min(MAX_TOP_K, Math.max(4 * topK, 20)) };
}

function resolveHybrid(h: CheckedQuery["hybrid"], topK: number, info?: CollectionInfo): ResolvedHybrid {
  const fetchK = h.fetchK ?? Math.max(topK, DEFAULT_HYBRID.fetchK);
  // The learned order by default only where its training holds: the offline embedder's scores, the default fusion.
  const trained =
    info?.embedderId === PAGE_RANKER_EMBEDDER &&
    info.schemaVersion >= FIELD_AWARE_FTS_VERSION &&
    h.fusion === "convex" &&
    h.vectorWeight === undefined &&
    h.keywordWeight === undefined &&
    fetchK === DEFAULT_HYBRID.fetchK &&
    h.documents !== false &&
    h.documents.support === undefined &&
    h.documents.decay === undefined;
  return {
    pageOrder: h.pageOrder ?? (trained ? "learned" : "fused"),
    fusion: h.fusion,
    rrfK: h.rrfK,
    vectorWeight: h.vectorWeight ?? (h.fusion === "rrf" ? 1 : DEFAULT_HYBRID.vectorWeight),
    keywordWeight: h.keywordWeight ?? (h.fusion === "rrf" ? 2 : DEFAULT_HYBRID.keywordWeight),
    fetchK,
    documents:
      h.documents === false
        ? false
        : { support: h.documents.support ?? DEFAULT_HYBRID.documents.support, decay: h.documents.decay ?? DEFAULT_HYBRID.documents.decay },
  };
}

function resolveDocuments(d: CheckedQuery["documents"]): DocumentRanking | false {
  if (d === undefined || d === false) return false;
  if (d === true) return { ...DEFAULT_PAGE_RANKING };
  return { support: d.support ?? DEFAULT_PAGE_RANKING.support, decay: d.decay ?? DEFAULT_PAGE_RANKING.decay };
}

/** A query vector's promise that rejected: its own RagError as it is, anything else as the embedding failure it is. */
function vectorRejected(error: unknown): never {
  if (isRagError(error)) throw error;
  throw new RagError("EMBEDDING_FAILED", `query vector: the promise given as vector rejected: ${errorMessage(error)}`, { cause: error });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}

/** Checks query options once and fills in defaults. */
export function resolveQuery(options: QueryOptions, info: CollectionInfo): ResolvedQuery {
  const o = parseOptions(queryOptionsSchema, options, { caller: "query" });
  if (o.embedderId !== undefined) checkSameEmbedder(info, o.embedderId);
  const mode = queryMode(o);
  const w = o.keyword.fieldWeights;
  const given = mode === "keyword" ? undefined : options.vector;
  const check = (v: unknown) => toVector(v, info.dimensions, info.metric, "query vector", info.vectorType);
  const pending = isPromiseLike(given);
  const pendingVector = pending ? Promise.resolve(given).then(check, vectorRejected) : undefined;
  // Marked handled here too: the query yields before it awaits the vector, and a failure meanwhile is not unhandled.
  pendingVector?.catch(() => {});
  return {
    mode,
    vector: given === undefined || pending ? undefined : check(given),
    pendingVector,
    text: o.text,
    topK: o.topK,
    filter: parseFilter(options.filter),
    minScore: o.minScore,
    includeVectors: o.includeVectors,
    strategy: o.strategy,
    mmr: resolveMmr(o.mmr, o.topK),
    hybrid: resolveHybrid(o.hybrid, o.topK, info),
    documents: resolveDocuments(o.documents),
    fieldWeights: {
      title: w.title ?? DEFAULT_FIELD_WEIGHTS.title,
      headings: w.headings ?? DEFAULT_FIELD_WEIGHTS.headings,
      content: w.content ?? DEFAULT_FIELD_WEIGHTS.content,
    },
    // The rerank options as given, not zod's copy: the reranker's methods may live on a prototype.
    rerank: options.rerank === undefined ? undefined : resolveRerank(options.rerank, o.topK),
  };
}
