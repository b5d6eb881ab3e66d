import type { Callbacks } from "@langchain/core/callbacks/manager";
import type { CallbackManagerForRetrieverRun } from "@langchain/core/callbacks/manager";
import type { DocumentInterface } from "@langchain/core/documents";
import { VectorStoreRetriever, type VectorStoreInterface, type VectorStoreRetrieverInput } from "@langchain/core/vectorstores";
import { z } from "zod";
import { describeValue, ensureArgument } from "../errors.js";
import { parseOptions } from "../options.js";
import type { Filter } from "../filter/index.js";
import type { HybridOptions, QueryOptions, SearchMode } from "../search/options.js";
import type { RerankOptions } from "../search/rerank/reranker.js";

/**
 * Options of {@link LibSQLRagVectorStore.search} and {@link LibSQLRagVectorStore.searchWithScore}.
 *
 * @example
 * const options: LibSQLRagSearchOptions = { k: 5, filter: { lang: "en" }, mode: "hybrid", rerank: { reranker, topN: 40 } };
 */
export interface LibSQLRagSearchOptions {
  /** How many documents. An integer from 1 to 1000. @default 4 */
  k?: number;
  /** A filter in libsql-rag's filter language, applied inside the search. */
  filter?: Filter;
  /**
   * `"hybrid"` fuses vector similarity with BM25 keyword ranking, `"vector"` ranks by vector similarity to the
   * question as `rag.search` embeds it (page-aware unless `documents: false`; for a query that is its own content
   * words, lower-case without stopwords or punctuation and so embedded as given, that is what `similaritySearch`
   * does), `"keyword"` is BM25 alone and embeds nothing.
   * @default "hybrid"
   */
  mode?: SearchMode;
  /**
   * Page-aware ranking in `"vector"` and `"keyword"` mode, as `rag.search` does: a page's further chunks give way
   * to other pages. `false` for plain nearest neighbours (or BM25 order). Hybrid's is `hybrid.documents`.
   * @default true in vector and keyword mode
   */
  documents?: QueryOptions["documents"];
  /** Re-score the first `topN` candidates with a reranker; each document's score is then the reranker's. */
  rerank?: RerankOptions;
  /** Drop results whose retrieval score (before any reranking) is below this. */
  minScore?: number;
  /** How `"hybrid"` fuses the two rankings (fusion, weights, candidates per side). */
  hybrid?: HybridOptions;
  /** Cancels a reranker call in flight. */
  signal?: AbortSignal;
  /** Put the hits in the question's language first, as `rag.search` does (`RagSearchOptions.questionLanguageFirst`). @default true */
  questionLanguageFirst?: boolean;
  /** Put the hits from changelogs last, as `rag.search` does (`RagSearchOptions.changelogsLast`). @default true */
  changelogsLast?: boolean;
}

/** What {@link LibSQLRagRetriever} adds to LangChain's retriever fields. */
export interface LibSQLRagRetrieverOptions {
  /**
   * The search behind `searchType: "similarity"`: `"hybrid"`, `"vector"` (similarity to the question as
   * `rag.search` embeds it) or `"keyword"`. `searchType: "mmr"` always runs on vectors and takes only `"vector"`
   * here.
   * @default "hybrid"
   */
  searchMode?: SearchMode;
  /** Re-score the candidates with a reranker (`searchType: "similarity"` only). */
  rerank?: RerankOptions;
  /**
   * How `searchMode: "hybrid"` fuses its two rankings (`rag.search`'s `hybrid`: fusion, weights, candidates per
   * side). The default weights were measured with the offline model; `libsql-rag eval --vector-weight` measures
   * another embedder's. Refused with another mode, where it would do nothing.
   */
  hybrid?: HybridOptions;
}

/** The fields of {@link LibSQLRagRetriever}: LangChain's `VectorStoreRetrieverInput` plus `searchMode` and `rerank`. */
/**
 * What the retriever needs of its store: LangChain's vector store plus `search` (LibSQLRagVectorStore has
 * both). Stated here so that this file and the store's do not import each other.
 */
export interface SearchableVectorStore extends VectorStoreInterface {
  FilterType: Filter;
  search(query: string, options?: LibSQLRagSearchOptions): Promise<DocumentInterface[]>;
}

export type LibSQLRagRetrieverInput<V extends SearchableVectorStore = SearchableVectorStore> = VectorStoreRetrieverInput<V> & LibSQLRagRetrieverOptions;

/** A search mode given by a user, checked before any embedding is paid for. */
export const searchModeSchema = z.enum(["hybrid", "vector", "keyword"], {
  error: `"hybrid", "vector" or "keyword" (use "vector" for LangChain's plain similarity search)`,
});

/** What the retriever adds to LangChain's fields, with LangChain's `searchType` they depend on. */
const retrieverFieldsSchema = z
  .object({
    searchType: z.enum(["similarity", "mmr"]),
    searchMode: searchModeSchema.optional(),
    rerank: z.looseObject({}, { error: "{ reranker, topN? }" }).optional(),
    hybrid: z.looseObject({}, { error: "{ fusion?, vectorWeight?, keywordWeight?, rrfK?, fetchK?, documents?, pageOrder? }" }).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.hybrid !== undefined && (f.searchType === "mmr" || (f.searchMode ?? "hybrid") !== "hybrid")) {
      const mode = f.searchType === "mmr" ? 'searchType "mmr"' : `searchMode ${JSON.stringify(f.searchMode)}`;
      ctx.addIssue({ code: "custom", path: ["hybrid"], message: `hybrid sets how searchMode "hybrid" fuses its rankings, and ${mode} fuses none: drop it.` });
    }
    if (f.searchType !== "mmr") return;
    if (f.rerank !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["rerank"],
        message: 'searchType "mmr" and rerank cannot be combined: both decide the final order. Drop one of them.',
      });
    }
    if (f.searchMode !== undefined && f.searchMode !== "vector") {
      ctx.addIssue({
        code: "custom",
        path: ["searchMode"],
        message: `searchType "mmr" runs on vector search, so searchMode must be "vector" or left out, got ${JSON.stringify(f.searchMode)}.`,
      });
    }
  });

/**
 * The retriever `LibSQLRagVectorStore.asRetriever()` returns: LangChain's `VectorStoreRetriever` whose
 * similarity path runs {@link LibSQLRagVectorStore.search} with `searchMode` (hybrid by default) and an
 * optional reranker. `searchType: "mmr"` is LangChain's own path, unchanged: vector MMR.
 *
 * @example
 * const retriever = vectorStore.asRetriever({ k: 4, searchMode: "hybrid", rerank: { reranker, topN: 20 } });
 * const docs = await retriever.invoke("how do I enable WAL?");
 */
export class LibSQLRagRetriever<V extends SearchableVectorStore = SearchableVectorStore> extends VectorStoreRetriever<V> {
  static override lc_name(): string {
    return "LibSQLRagRetriever";
  }

  /** The search behind `searchType: "similarity"`. @default "hybrid" */
  searchMode: SearchMode;
  /** The reranker and its `topN`, when given. */
  rerank: RerankOptions | undefined;
  /** Hybrid's fusion settings, when given. */
  hybrid: HybridOptions | undefined;

  /**
   * Checks the fields: `searchMode` must be a known mode, and `searchType: "mmr"` takes neither a reranker
   * (both would decide the final order) nor a mode other than `"vector"` (MMR runs on vectors).
   *
   * @example
   * const retriever = new LibSQLRagRetriever({ vectorStore, k: 4, searchMode: "keyword" });
   */
  constructor(fields: LibSQLRagRetrieverInput<V>) {
    super(fields);
    const { searchMode = "hybrid" } = parseOptions(
      retrieverFieldsSchema,
      { searchType: this.searchType, searchMode: fields.searchMode, rerank: fields.rerank, hybrid: fields.hybrid },
      { caller: "asRetriever" },
    );
    this.searchMode = searchMode;
    this.rerank = fields.rerank;
    this.hybrid = fields.hybrid;
  }

  /** Runs the search: `searchMode` (with `rerank`) for similarity, LangChain's vector MMR for `"mmr"`. */
  override async _getRelevantDocuments(query: string, runManager?: CallbackManagerForRetrieverRun): Promise<DocumentInterface[]> {
    if (this.searchType === "mmr") return super._getRelevantDocuments(query, runManager);
    return this.vectorStore.search(query, {
      k: this.k,
      mode: this.searchMode,
      ...(this.filter !== undefined ? { filter: this.filter } : {}),
      ...(this.rerank !== undefined ? { rerank: this.rerank } : {}),
      ...(this.hybrid !== undefined ? { hybrid: this.hybrid } : {}),
    });
  }
}

/**
 * The retriever's input from `asRetriever`'s arguments: LangChain's fields object, or its positional
 * `(k, filter, callbacks, tags, metadata, verbose)`. The store's type is added to the tags, as LangChain does.
 */
export function retrieverInput<V extends SearchableVectorStore>(
  store: V,
  kOrFields: number | (Partial<VectorStoreRetrieverInput<V>> & LibSQLRagRetrieverOptions) | undefined,
  filter?: Filter,
  callbacks?: Callbacks,
  tags?: string[],
  metadata?: Record<string, unknown>,
  verbose?: boolean,
): LibSQLRagRetrieverInput<V> {
  // LangChain's positional form is the fields object spelled out; one path builds the input from either.
  if (typeof kOrFields === "number" || kOrFields === undefined) {
    return retrieverInput(store, {
      ...(kOrFields !== undefined ? { k: kOrFields } : {}),
      ...(filter !== undefined ? { filter } : {}),
      ...(tags !== undefined ? { tags } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
      ...(verbose !== undefined ? { verbose } : {}),
      ...(callbacks !== undefined ? { callbacks } : {}),
    });
  }
  ensureArgument(typeof kOrFields === "object" && kOrFields !== null, `asRetriever expects k or a fields object, got ${describeValue(kOrFields)}.`);
  const f = kOrFields;
  const common = {
    vectorStore: store,
    tags: [...(f.tags ?? []), store._vectorstoreType()],
    ...(f.k !== undefined ? { k: f.k } : {}),
    ...(f.filter !== undefined ? { filter: f.filter } : {}),
    ...(f.metadata !== undefined ? { metadata: f.metadata } : {}),
    ...(f.verbose !== undefined ? { verbose: f.verbose } : {}),
    ...(f.callbacks !== undefined ? { callbacks: f.callbacks } : {}),
    ...(f.searchMode !== undefined ? { searchMode: f.searchMode } : {}),
    ...(f.rerank !== undefined ? { rerank: f.rerank } : {}),
    ...(f.hybrid !== undefined ? { hybrid: f.hybrid } : {}),
  };
  if (f.searchType === "mmr")
    return {
      ...common,
      searchType: "mmr",
      ...("searchKwargs" in f && f.searchKwargs !== undefined ? { searchKwargs: f.searchKwargs } : {}),
    };
  return { ...common, ...(f.searchType !== undefined ? { searchType: f.searchType } : {}) };
}
