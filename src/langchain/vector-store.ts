import type { Callbacks } from "@langchain/core/callbacks/manager";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { MaxMarginalRelevanceSearchOptions, VectorStoreRetrieverInput } from "@langchain/core/vectorstores";
import { z } from "zod";
import { RagError, describeValue, ensureArgument } from "../errors.js";
import { finiteNumber, integer, parseOptions } from "../options.js";
import { MAX_TOP_K } from "../search/options.js";
import { meanDirection, questionTexts } from "../embed/question.js";
import type { Filter } from "../filter/index.js";
import type { LibSQLRagVectorStoreConfig } from "./vector-store-config.js";
import { LibSQLRagVectorStoreBase } from "./vector-store-base.js";
import { toDocument } from "./records.js";
import { LibSQLRagRetriever, retrieverInput, searchModeSchema, type LibSQLRagRetrieverOptions, type LibSQLRagSearchOptions } from "./retriever.js";
import { queryInQuestionOrder } from "../search/question-order.js";

export type { LibSQLRagAddOptions, LibSQLRagDeleteParams, LibSQLRagVectorStoreConfig } from "./vector-store-config.js";

/** What `search` checks before it embeds the query; `col.query` checks the rest. */
const searchOptionsSchema = z.object({
  k: integer(1, MAX_TOP_K).optional(),
  mode: searchModeSchema.optional(),
  questionLanguageFirst: z.boolean({ error: "a boolean" }).optional(),
  changelogsLast: z.boolean({ error: "a boolean" }).optional(),
});

const mmrOptionsSchema = z.object({ k: integer(1, MAX_TOP_K).optional(), fetchK: integer(1, MAX_TOP_K).optional(), lambda: finiteNumber(0, 1).optional() });

/**
 * A LangChain `VectorStore` over a libsql-rag collection: exact-k filtered vector search on libSQL/Turso,
 * with Mongo-style metadata filters.
 *
 * - Scores are similarities, higher is better: `1 - cosine distance` (from -1 to 1) for the default cosine
 *   metric, `1 / (1 + L2 distance)` for `l2`. Results come back ordered by score, then id.
 * - Returned `Document`s carry `id`. Ids given through `options.ids` or `Document.id` upsert; other documents
 *   get a random UUID.
 * - The `FilterType` is our filter language: `{ lang: "en", year: { $gte: 2020 }, $or: [...] }`, and `id` and
 *   `documentId` name the record's own fields.
 * - The store and the collection open on first use. A missing collection is created then, with the
 *   dimensions of the first embedding; searching a collection that does not exist yet returns nothing.
 * - `similaritySearch*` is pure vector search, as LangChain defines it. `search`/`searchWithScore` and the
 *   retriever from `asRetriever()` run hybrid search by default (`searchMode`/`mode` picks `"vector"` or
 *   `"keyword"`), and take a `rerank: { reranker, topN }`.
 *
 * @example
 * import { LibSQLRagVectorStore, embeddingsFromEmbedder } from "libsql-rag/langchain";
 * import { useLiteEmbedder } from "libsql-rag";
 *
 * const vectorStore = new LibSQLRagVectorStore(embeddingsFromEmbedder(useLiteEmbedder()), { url: "file:rag.db", collection: "docs" });
 * await vectorStore.addDocuments([{ pageContent: "WAL mode lets readers and a writer run at once", metadata: { lang: "en" } }]);
 * const hits = await vectorStore.similaritySearchWithScore("concurrent readers", 4, { lang: "en" });
 * const retriever = vectorStore.asRetriever({ k: 4, filter: { lang: "en" } }); // hybrid search
 * const diverse = vectorStore.asRetriever({ k: 4, searchType: "mmr", searchKwargs: { fetchK: 20, lambda: 0.5 } });
 * await vectorStore.close();
 */
export class LibSQLRagVectorStore extends LibSQLRagVectorStoreBase {
  declare FilterType: Filter;

  /**
   * The `k` records most similar to `query`, with their scores: similarities, higher is better, in order.
   * Exactly `min(k, matching records)` come back. `k` is an integer from 1 to 1000.
   *
   * @example
   * const [[doc, score]] = await vectorStore.similaritySearchVectorWithScore(vector, 1, { lang: "en" });
   */
  override async similaritySearchVectorWithScore(query: number[], k: number, filter?: Filter): Promise<[Document, number][]> {
    const col = await this.lazy.open(undefined);
    if (!col) return [];
    const results = await col.query({ vector: query, topK: k, ...(filter !== undefined ? { filter } : {}), ...this.strategyOption() });
    return results.map((r) => [toDocument(r, this.resolved.documentIdKey), r.score]);
  }

  /**
   * Text search: embeds `query` and returns the `k` most similar documents. Scores are similarities.
   *
   * @example
   * const docs = await vectorStore.similaritySearch("enable WAL", 4, { source: { $in: ["wal.html", "pragma.html"] } });
   */
  override async similaritySearch(query: string, k = 4, filter?: Filter, _callbacks?: Callbacks): Promise<Document[]> {
    return (await this.similaritySearchWithScore(query, k, filter)).map(([doc]) => doc);
  }

  /**
   * Like {@link similaritySearch}, with each document's score: a similarity (higher is better), in order.
   *
   * @example
   * for (const [doc, score] of await vectorStore.similaritySearchWithScore("enable WAL", 4)) console.log(score.toFixed(3), doc.id);
   */
  override async similaritySearchWithScore(query: string, k = 4, filter?: Filter, _callbacks?: Callbacks): Promise<[Document, number][]> {
    return this.similaritySearchVectorWithScore(await this.embeddings.embedQuery(query), k, filter);
  }

  /**
   * Search in any mode, hybrid by default: BM25 keyword ranking fused with vector similarity, optionally
   * re-scored by a reranker. It embeds `query` (except in `"keyword"` mode) and runs
   * `col.query({ vector, text: query, mode, topK: k, filter, rerank })`. `similaritySearch` stays pure vector
   * search, as LangChain expects; the retriever from {@link asRetriever} uses this method.
   *
   * Scores are higher-is-better and comparable within one call only: a similarity in `"vector"` mode, the
   * fused score in `"hybrid"`, BM25 in `"keyword"`, and the reranker's score when `rerank` is given.
   *
   * @example
   * const hits = await vectorStore.searchWithScore("PRAGMA journal_mode", { k: 4, filter: { lang: "en" } });
   * const reranked = await vectorStore.searchWithScore("enable WAL", { k: 4, rerank: { reranker, topN: 20 } });
   */
  async searchWithScore(query: string, options: LibSQLRagSearchOptions = {}): Promise<[Document, number][]> {
    ensureArgument(typeof query === "string", `search expects the query as a string, got ${describeValue(query)}.`);
    const { k = 4, mode = "hybrid", questionLanguageFirst = true, changelogsLast = true } = parseOptions(searchOptionsSchema, options, { caller: "search" });
    const { filter, rerank, minScore, hybrid, signal, documents = mode === "hybrid" ? undefined : true } = options;
    const col = await this.lazy.open(undefined);
    if (!col) return [];
    // Not awaited: a hybrid query runs its keyword side while the question is embedded (an HTTP embedder's
    // request, or a worker thread's batch, is under way meanwhile).
    // As rag.search embeds a question (embed/question.ts); the keyword side sees the text as given.
    const vector = mode === "keyword" ? undefined : this.embedQuestion(query, mode);
    // Marked handled here, for the case where the query's options fail their check before it awaits the vector.
    vector?.catch(() => {});
    const search = {
      text: query,
      mode,
      topK: k,
      ...(vector !== undefined ? { vector } : {}),
      ...(filter !== undefined ? { filter } : {}),
      ...(rerank !== undefined ? { rerank } : {}),
      ...(minScore !== undefined ? { minScore } : {}),
      ...(hybrid !== undefined ? { hybrid } : {}),
      ...(documents !== undefined ? { documents } : {}),
      ...(signal !== undefined ? { signal } : {}),
      ...this.strategyOption(),
    };
    const results = await queryInQuestionOrder((o) => col.query(o), search, { languageFirst: questionLanguageFirst, changelogsLast });
    return results.map((r) => [toDocument(r, this.resolved.documentIdKey), r.score]);
  }

  /**
   * {@link searchWithScore} without the scores: hybrid search by default, in any mode, with an optional reranker.
   *
   * @example
   * const docs = await vectorStore.search("sqlite3_busy_timeout", { k: 4, mode: "keyword" });
   */
  async search(query: string, options: LibSQLRagSearchOptions = {}): Promise<Document[]> {
    return (await this.searchWithScore(query, options)).map(([doc]) => doc);
  }

  /**
   * The question's vector, as `rag.search` embeds it in this mode (embed/question.ts), through `embedQuery`.
   * @throws {RagError} `EMBEDDING_FAILED` when the embeddings give the question's texts vectors of different sizes.
   */
  private async embedQuestion(query: string, mode: "vector" | "hybrid"): Promise<number[] | Float32Array> {
    const vectors = await Promise.all(questionTexts(query, { mode }).map((text) => this.embeddings.embedQuery(text)));
    if (vectors.length === 1) return vectors[0]!;
    const sizes = vectors.map((v) => (Array.isArray(v) ? v.length : describeValue(v)));
    if (sizes.some((size) => size !== sizes[0] || size === 0)) {
      throw new RagError("EMBEDDING_FAILED", `The embeddings' embedQuery gave the question and its content words vectors of sizes ${sizes.join(" and ")}.`);
    }
    return meanDirection(vectors);
  }

  /**
   * A LangChain retriever over this store whose similarity path is {@link search}: hybrid by default
   * (`searchMode: "vector"` for similarity search alone, `"keyword"` for BM25), with an optional `rerank`.
   * `searchType: "mmr"` with `searchKwargs: { fetchK, lambda }` runs {@link maxMarginalRelevanceSearch} as in
   * LangChain. Takes the fields object or LangChain's positional `(k, filter, callbacks, tags, metadata, verbose)`.
   *
   * @example
   * const retriever = vectorStore.asRetriever({ k: 4, filter: { lang: "en" } });           // hybrid
   * const vectorOnly = vectorStore.asRetriever({ k: 4, searchMode: "vector" });
   * const reranked = vectorStore.asRetriever({ k: 4, rerank: { reranker: httpReranker({ baseURL, model }), topN: 20 } });
   * const diverse = vectorStore.asRetriever({ k: 4, searchType: "mmr", searchKwargs: { fetchK: 20, lambda: 0.5 } });
   */
  override asRetriever(
    kOrFields?: number | (Partial<VectorStoreRetrieverInput<this>> & LibSQLRagRetrieverOptions),
    filter?: Filter,
    callbacks?: Callbacks,
    tags?: string[],
    metadata?: Record<string, unknown>,
    verbose?: boolean,
  ): LibSQLRagRetriever<this> {
    return new LibSQLRagRetriever<this>(retrieverInput(this, kOrFields, filter, callbacks, tags, metadata, verbose));
  }

  /**
   * Maximal marginal relevance: fetches the `fetchK` most similar records (after `filter`), then picks `k`
   * of them that are both relevant and unlike each other. `lambda` 1 is pure relevance, 0 pure diversity.
   * It runs as `col.query({ mmr: { lambda, fetchK } })`, the same greedy rule as LangChain's
   * `maximalMarginalRelevance` (cosine similarity to the query and to what is already picked).
   *
   * @param options.k How many documents. @default 4 (through asRetriever)
   * @param options.fetchK Candidates before reranking; raised to `k` when smaller. @default 20
   * @param options.lambda From 0 to 1. @default 0.5
   * @example
   * const docs = await vectorStore.maxMarginalRelevanceSearch("vacuum", { k: 4, fetchK: 20, lambda: 0.3 });
   */
  override async maxMarginalRelevanceSearch(query: string, options: MaxMarginalRelevanceSearchOptions<Filter>, _callbacks?: Callbacks): Promise<Document[]> {
    return this.maxMarginalRelevanceSearchByVector(await this.embeddings.embedQuery(query), options);
  }

  /**
   * {@link maxMarginalRelevanceSearch} for a query vector you already have.
   *
   * @example
   * const docs = await vectorStore.maxMarginalRelevanceSearchByVector(vector, { k: 4, lambda: 0.5 });
   */
  async maxMarginalRelevanceSearchByVector(query: number[], options: MaxMarginalRelevanceSearchOptions<Filter>): Promise<Document[]> {
    const { k = 4, lambda = 0.5, fetchK: given = 20 } = parseOptions(mmrOptionsSchema, options, { caller: "maxMarginalRelevanceSearch" });
    const fetchK = Math.max(k, given);
    const col = await this.lazy.open(undefined);
    if (!col) return [];
    const results = await col.query({
      vector: query,
      topK: k,
      mmr: { lambda, fetchK },
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      ...this.strategyOption(),
    });
    return results.map((r) => toDocument(r, this.resolved.documentIdKey));
  }

  /**
   * Creates a vector store and adds one document per text. `metadatas` is one object per text, or one
   * object for all.
   *
   * @example
   * const vectorStore = await LibSQLRagVectorStore.fromTexts(["a", "b"], [{ n: 1 }, { n: 2 }], embeddings, { url: ":memory:" });
   */
  static override async fromTexts(
    texts: string[],
    metadatas: object[] | object,
    embeddings: EmbeddingsInterface,
    config: LibSQLRagVectorStoreConfig = {},
  ): Promise<LibSQLRagVectorStore> {
    ensureArgument(Array.isArray(texts), `fromTexts expects an array of texts, got ${describeValue(texts)}.`);
    ensureArgument(
      !Array.isArray(metadatas) || metadatas.length === texts.length,
      `fromTexts got ${Array.isArray(metadatas) ? metadatas.length : 0} metadatas for ${texts.length} texts; pass one per text, or one object for all.`,
    );
    const docs = texts.map(
      (text, i) =>
        new Document({
          pageContent: text,
          metadata: { ...((Array.isArray(metadatas) ? metadatas[i] : metadatas) as Record<string, unknown> | undefined) },
        }),
    );
    return LibSQLRagVectorStore.fromDocuments(docs, embeddings, config);
  }

  /**
   * Creates a vector store and adds the documents (their `id`s are kept).
   *
   * @example
   * const vectorStore = await LibSQLRagVectorStore.fromDocuments(docs, embeddings, { url: "file:rag.db", collection: "docs" });
   */
  static override async fromDocuments(
    docs: DocumentInterface[],
    embeddings: EmbeddingsInterface,
    config: LibSQLRagVectorStoreConfig = {},
  ): Promise<LibSQLRagVectorStore> {
    const vectorStore = new LibSQLRagVectorStore(embeddings, config);
    try {
      await vectorStore.addDocuments(docs);
    } catch (error) {
      await vectorStore.close();
      throw error;
    }
    return vectorStore;
  }

  /**
   * Opens a vector store over an existing collection, checking now that it exists (`NOT_FOUND` otherwise)
   * and that it was built with these embeddings (`EMBEDDER_MISMATCH` otherwise).
   *
   * @example
   * const vectorStore = await LibSQLRagVectorStore.fromExistingIndex(embeddings, { url: "file:rag.db", collection: "docs" });
   */
  static async fromExistingIndex(embeddings: EmbeddingsInterface, config: LibSQLRagVectorStoreConfig = {}): Promise<LibSQLRagVectorStore> {
    const vectorStore = new LibSQLRagVectorStore(embeddings, config);
    try {
      await vectorStore.getCollection();
    } catch (error) {
      await vectorStore.close();
      throw error;
    }
    return vectorStore;
  }
}
