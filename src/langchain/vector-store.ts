import { randomUUID } from "node:crypto";
import type { Callbacks } from "@langchain/core/callbacks/manager";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { VectorStore, type MaxMarginalRelevanceSearchOptions, type VectorStoreRetrieverInput } from "@langchain/core/vectorstores";
import { z } from "zod";
import { RagError, describeValue, ensureArgument, isRagError } from "../errors.js";
import type { Filter } from "../filter/index.js";
import type { SearchStrategy } from "../search/options.js";
import type { Collection } from "../store/collection.js";
import type { RecordInput, StoredRecord } from "../db/records.js";
import type { CollectionOptions } from "../store/collection-options.js";
import type { StoreOptions } from "../store/store-options.js";
import { openStore, type Store } from "../store/store.js";
import { langChainEmbedderId } from "./embeddings.js";
import { documentIdFrom, plainMetadata } from "./metadata.js";
import { LibSQLRagRetriever, checkSearchMode, type LibSQLRagRetrieverOptions, type LibSQLRagSearchOptions } from "./retriever.js";

/**
 * Configuration of {@link LibSQLRagVectorStore}. Give either `url` (and `authToken`) and the vector store
 * opens, and owns, its own store, or `store` to share one you opened.
 *
 * @example
 * const config: LibSQLRagVectorStoreConfig = { url: "libsql://my-db.turso.io", authToken, collection: "docs" };
 */
export interface LibSQLRagVectorStoreConfig {
  /** The database URL: `file:`, `:memory:`, `libsql://`, `http(s)://` or `ws(s)://`. Ignored with `store`. @default "file:rag.db" */
  url?: string | undefined;
  /** Token for a remote server (Turso, sqld with JWT auth). */
  authToken?: string | undefined;
  /** Further connection options (embedded replica, busy timeout, encryption), used with `url`. */
  storeOptions?: Omit<StoreOptions, "url" | "authToken"> | undefined;
  /** An already open store. The vector store never closes it. */
  store?: Store | undefined;
  /** The collection name. @default "default" */
  collection?: string | undefined;
  /**
   * Options used when the collection is created; when it exists they must match. `dimensions` is taken from
   * the first embedding when omitted, so the collection is opened lazily, on first use.
   */
  collectionOptions?: Omit<CollectionOptions, "embedderId"> | undefined;
  /**
   * The embedder id recorded on the collection and checked on every later open (a mismatch is an
   * `EMBEDDER_MISMATCH` error). `null` records and checks nothing.
   * @default langChainEmbedderId(embeddings): the wrapped embedder's id for `embeddingsFromEmbedder`, else `langchain:<ClassName>:<model>`
   */
  embedderId?: string | null | undefined;
  /** A metadata key whose string (or number) value becomes the record's `documentId`, which filters can use. */
  documentIdKey?: string | undefined;
  /** How vector queries run: `"auto"`, `"ann"` (vector index) or `"exact"` (scan). @default "auto" */
  strategy?: SearchStrategy | undefined;
  /** Records per upsert transaction in `addVectors`. @default 500 */
  batchSize?: number | undefined;
}

/** The options `delete` accepts: by ids, or by filter (a filter matching everything needs `all: true`). */
export type LibSQLRagDeleteParams = { ids: string[] } | { filter?: Filter; all?: boolean };

/** Options of `addDocuments` and `addVectors`. */
export interface LibSQLRagAddOptions {
  /** One id per document; overrides `Document.id`. Ids upsert: an existing record with the same id is replaced. */
  ids?: string[];
}

interface ResolvedConfig {
  store: Store | undefined;
  storeOptions: StoreOptions;
  collection: string;
  collectionOptions: Omit<CollectionOptions, "embedderId">;
  embedderId: string | undefined;
  documentIdKey: string | undefined;
  strategy: SearchStrategy | undefined;
  batchSize: number;
}

const configSchema = z.strictObject({
  url: z.string().min(1).optional(),
  authToken: z.string().optional(),
  storeOptions: z.record(z.string(), z.unknown()).optional(),
  store: z.custom<Store>((v) => v !== null && typeof v === "object" && typeof (v as Store).collection === "function", "expected an open Store").optional(),
  collection: z.string().min(1).max(128).optional(),
  collectionOptions: z.record(z.string(), z.unknown()).optional(),
  embedderId: z.string().min(1).max(512).nullable().optional(),
  documentIdKey: z.string().min(1).optional(),
  strategy: z.enum(["auto", "ann", "exact"]).optional(),
  batchSize: z.number().int().min(1).max(10_000).optional(),
});

function resolveConfig(config: unknown, embeddings: EmbeddingsInterface): ResolvedConfig {
  const parsed = configSchema.safeParse(config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RagError("INVALID_ARGUMENT", `Invalid LibSQLRagVectorStore config ${issue.path.join(".") || "(config)"}: ${issue.message}.`, {
      cause: parsed.error,
    });
  }
  const c = parsed.data;
  if (c.store !== undefined && (c.url !== undefined || c.authToken !== undefined || c.storeOptions !== undefined)) {
    throw new RagError("INVALID_ARGUMENT", "LibSQLRagVectorStore: pass either { store } or { url, authToken, storeOptions }, not both.");
  }
  if (c.collectionOptions !== undefined && "embedderId" in c.collectionOptions) {
    throw new RagError("INVALID_ARGUMENT", "LibSQLRagVectorStore: set embedderId at the top level of the config, not in collectionOptions.");
  }
  return {
    store: c.store,
    storeOptions: {
      ...(c.storeOptions as Omit<StoreOptions, "url" | "authToken"> | undefined),
      ...(c.url !== undefined ? { url: c.url } : {}),
      ...(c.authToken !== undefined ? { authToken: c.authToken } : {}),
    },
    collection: c.collection ?? "default",
    collectionOptions: (c.collectionOptions ?? {}) as Omit<CollectionOptions, "embedderId">,
    embedderId: c.embedderId === null ? undefined : (c.embedderId ?? langChainEmbedderId(embeddings)),
    documentIdKey: c.documentIdKey,
    strategy: c.strategy,
    batchSize: c.batchSize ?? 500,
  };
}

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
export class LibSQLRagVectorStore extends VectorStore {
  declare FilterType: Filter;

  private readonly resolved: ResolvedConfig;
  private storePromise: Promise<Store> | undefined;
  private collectionPromise: Promise<Collection> | undefined;
  private ownedStore: Store | undefined;

  override _vectorstoreType(): string {
    return "libsql-rag";
  }

  /**
   * Checks the config; connects nothing yet.
   *
   * @example
   * const vectorStore = new LibSQLRagVectorStore(embeddings, { store, collection: "docs", documentIdKey: "source" });
   */
  constructor(embeddings: EmbeddingsInterface, config: LibSQLRagVectorStoreConfig = {}) {
    const resolved = resolveConfig(config, embeddings);
    super(embeddings, config);
    this.resolved = resolved;
  }

  /** The collection name. */
  get collectionName(): string {
    return this.resolved.collection;
  }

  /** The embedder id recorded on and checked against the collection, if any. */
  get embedderId(): string | undefined {
    return this.resolved.embedderId;
  }

  /**
   * The store: the one given in the config, or the one this vector store opened (on first call).
   *
   * @example
   * const store = await vectorStore.getStore();
   * console.log(await store.listCollections());
   */
  async getStore(): Promise<Store> {
    if (this.resolved.store) return this.resolved.store;
    this.storePromise ??= openStore(this.resolved.storeOptions).then((store) => (this.ownedStore = store));
    try {
      return await this.storePromise;
    } catch (error) {
      this.storePromise = undefined;
      throw error;
    }
  }

  /**
   * The underlying collection, for what LangChain has no words for (`count`, `stats`, the full
   * `col.query` options). Throws `NOT_FOUND` when it does not exist yet and `collectionOptions.dimensions` is not set.
   *
   * @example
   * const col = await vectorStore.getCollection();
   * await col.query({ text: "wal", mode: "keyword" });
   */
  async getCollection(): Promise<Collection> {
    const col = await this.openCollection(undefined);
    if (!col) {
      throw new RagError(
        "NOT_FOUND",
        `Collection "${this.resolved.collection}" does not exist yet. Add documents first, or set collectionOptions.dimensions to create it empty.`,
      );
    }
    return col;
  }

  /**
   * Opens the collection, creating it with `dimensions` when it is missing. Without dimensions (reads),
   * a missing collection gives `undefined` and is looked up again next time.
   */
  private async openCollection(dimensions: number | undefined): Promise<Collection | undefined> {
    const cached = this.collectionPromise;
    const col =
      cached &&
      (await cached.catch((error: unknown) => {
        // A concurrent read found no collection; a write goes on to create it.
        if (isRagError(error, "NOT_FOUND")) return undefined;
        throw error;
      }));
    if (col) {
      if (dimensions !== undefined && col.info.dimensions !== dimensions) {
        throw new RagError(
          "DIMENSION_MISMATCH",
          `Collection "${col.name}" has ${col.info.dimensions} dimensions, but the embeddings gave ${dimensions}. Use embeddings of the same model, or another collection.`,
          { details: { expected: col.info.dimensions, actual: dimensions } },
        );
      }
      return col;
    }
    const { collectionOptions, embedderId, collection: name } = this.resolved;
    const options: CollectionOptions = { ...collectionOptions };
    if (embedderId !== undefined) options.embedderId = embedderId;
    if (options.dimensions === undefined && dimensions !== undefined) options.dimensions = dimensions;
    const pending = this.getStore().then((store) => store.collection(name, options));
    this.collectionPromise = pending;
    try {
      return await pending;
    } catch (error) {
      this.collectionPromise = undefined;
      if (dimensions === undefined && options.dimensions === undefined && isRagError(error, "NOT_FOUND")) return undefined;
      throw error;
    }
  }

  /**
   * Embeds the documents' `pageContent` and upserts them. Ids come from `options.ids`, then `Document.id`,
   * then a random UUID. Returns the ids, in input order.
   *
   * @example
   * const ids = await vectorStore.addDocuments(docs, { ids: docs.map((d) => d.metadata.key) });
   */
  override async addDocuments(documents: DocumentInterface[], options?: LibSQLRagAddOptions): Promise<string[]> {
    ensureArgument(Array.isArray(documents), `addDocuments expects an array of documents, got ${describeValue(documents)}.`);
    if (documents.length === 0) return [];
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents, options);
  }

  /**
   * Upserts precomputed vectors with their documents. Metadata is stored as JSON (as `JSON.stringify` would
   * write it), and `config.documentIdKey` picks the record's `documentId` from it. Each batch of
   * `config.batchSize` records is written in one transaction; when one id appears twice, the later one wins.
   *
   * @example
   * await vectorStore.addVectors([[0.1, 0.2, 0.3]], [new Document({ pageContent: "x", id: "x#0" })]);
   */
  override async addVectors(vectors: number[][], documents: DocumentInterface[], options?: LibSQLRagAddOptions): Promise<string[]> {
    ensureArgument(Array.isArray(vectors) && Array.isArray(documents), "addVectors expects an array of vectors and an array of documents.");
    ensureArgument(
      vectors.length === documents.length,
      `addVectors got ${vectors.length} vectors for ${documents.length} documents; pass one vector per document.`,
    );
    const givenIds = options?.ids;
    ensureArgument(
      givenIds === undefined || (Array.isArray(givenIds) && givenIds.length === documents.length),
      `addVectors: options.ids must have one id per document (${documents.length}), got ${describeValue(givenIds)}.`,
    );
    if (documents.length === 0) return [];
    const first: unknown = vectors[0];
    ensureArgument(Array.isArray(first) || first instanceof Float32Array, `addVectors: vector 0 must be a number[], got ${describeValue(first)}.`);
    const ids: string[] = [];
    const byId = new Map<string, RecordInput>();
    documents.forEach((doc, i) => {
      const id = givenIds?.[i] ?? doc.id ?? randomUUID();
      ids.push(id);
      const metadata = plainMetadata(doc.metadata, i);
      byId.delete(id);
      byId.set(id, { id, documentId: documentIdFrom(metadata, this.resolved.documentIdKey), content: doc.pageContent ?? "", metadata, vector: vectors[i]! });
    });
    const records = [...byId.values()];
    const col = (await this.openCollection(first.length))!;
    for (let i = 0; i < records.length; i += this.resolved.batchSize) {
      await col.upsert(records.slice(i, i + this.resolved.batchSize));
    }
    return ids;
  }

  private toDocument(record: StoredRecord): Document {
    const metadata = { ...record.metadata };
    const key = this.resolved.documentIdKey;
    if (key !== undefined && record.documentId !== null && !(key in metadata)) metadata[key] = record.documentId;
    return new Document({ pageContent: record.content, metadata, id: record.id });
  }

  /**
   * The `k` records most similar to `query`, with their scores: similarities, higher is better, in order.
   * Exactly `min(k, matching records)` come back. `k` is an integer from 1 to 1000.
   *
   * @example
   * const [[doc, score]] = await vectorStore.similaritySearchVectorWithScore(vector, 1, { lang: "en" });
   */
  override async similaritySearchVectorWithScore(query: number[], k: number, filter?: Filter): Promise<[Document, number][]> {
    const col = await this.openCollection(undefined);
    if (!col) return [];
    const results = await col.query({ vector: query, topK: k, ...(filter !== undefined ? { filter } : {}), ...this.strategyOption() });
    return results.map((r) => [this.toDocument(r), r.score]);
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
    ensureArgument(options !== null && typeof options === "object", `search expects options { k, filter, mode, rerank }, got ${describeValue(options)}.`);
    const mode = options.mode ?? "hybrid";
    checkSearchMode(mode, "search: mode");
    const { k = 4, filter, rerank, minScore, hybrid, signal } = options;
    ensureArgument(Number.isInteger(k) && k >= 1 && k <= 1000, `search: k must be an integer from 1 to 1000, got ${describeValue(k)}.`);
    const col = await this.openCollection(undefined);
    if (!col) return [];
    const vector = mode === "keyword" ? undefined : await this.embeddings.embedQuery(query);
    const results = await col.query({
      text: query,
      mode,
      topK: k,
      ...(vector !== undefined ? { vector } : {}),
      ...(filter !== undefined ? { filter } : {}),
      ...(rerank !== undefined ? { rerank } : {}),
      ...(minScore !== undefined ? { minScore } : {}),
      ...(hybrid !== undefined ? { hybrid } : {}),
      ...(signal !== undefined ? { signal } : {}),
      ...this.strategyOption(),
    });
    return results.map((r) => [this.toDocument(r), r.score]);
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
   * A LangChain retriever over this store whose similarity path is {@link search}: hybrid by default
   * (`searchMode: "vector"` for plain similarity search, `"keyword"` for BM25), with an optional `rerank`.
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
    if (typeof kOrFields === "number" || kOrFields === undefined) {
      return new LibSQLRagRetriever<this>({
        vectorStore: this,
        ...(kOrFields !== undefined ? { k: kOrFields } : {}),
        ...(filter !== undefined ? { filter } : {}),
        tags: [...(tags ?? []), this._vectorstoreType()],
        ...(metadata !== undefined ? { metadata } : {}),
        ...(verbose !== undefined ? { verbose } : {}),
        ...(callbacks !== undefined ? { callbacks } : {}),
      });
    }
    ensureArgument(typeof kOrFields === "object" && kOrFields !== null, `asRetriever expects k or a fields object, got ${describeValue(kOrFields)}.`);
    const f = kOrFields;
    const common = {
      vectorStore: this,
      tags: [...(f.tags ?? []), this._vectorstoreType()],
      ...(f.k !== undefined ? { k: f.k } : {}),
      ...(f.filter !== undefined ? { filter: f.filter } : {}),
      ...(f.metadata !== undefined ? { metadata: f.metadata } : {}),
      ...(f.verbose !== undefined ? { verbose: f.verbose } : {}),
      ...(f.callbacks !== undefined ? { callbacks: f.callbacks } : {}),
      ...(f.searchMode !== undefined ? { searchMode: f.searchMode } : {}),
      ...(f.rerank !== undefined ? { rerank: f.rerank } : {}),
    };
    if (f.searchType === "mmr")
      return new LibSQLRagRetriever<this>({
        ...common,
        searchType: "mmr",
        ...("searchKwargs" in f && f.searchKwargs !== undefined ? { searchKwargs: f.searchKwargs } : {}),
      });
    return new LibSQLRagRetriever<this>({ ...common, ...(f.searchType !== undefined ? { searchType: f.searchType } : {}) });
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
    ensureArgument(
      options !== null && typeof options === "object",
      `maxMarginalRelevanceSearch expects options { k, fetchK, lambda, filter }, got ${describeValue(options)}.`,
    );
    const k = options.k ?? 4;
    const lambda = options.lambda ?? 0.5;
    ensureArgument(Number.isInteger(k) && k >= 1 && k <= 1000, `mmr k must be an integer from 1 to 1000, got ${describeValue(k)}.`);
    ensureArgument(
      typeof lambda === "number" && Number.isFinite(lambda) && lambda >= 0 && lambda <= 1,
      `mmr lambda must be a number from 0 to 1, got ${describeValue(lambda)}.`,
    );
    const fetchK = Math.max(k, options.fetchK ?? 20);
    const col = await this.openCollection(undefined);
    if (!col) return [];
    const results = await col.query({
      vector: query,
      topK: k,
      mmr: { lambda, fetchK },
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      ...this.strategyOption(),
    });
    return results.map((r) => this.toDocument(r));
  }

  private strategyOption(): { strategy?: SearchStrategy } {
    return this.resolved.strategy !== undefined ? { strategy: this.resolved.strategy } : {};
  }

  /**
   * Deletes by ids (unknown ids are ignored) or by filter. A filter that matches everything, `{}` included,
   * is refused unless `all: true` is passed.
   *
   * @example
   * await vectorStore.delete({ ids: ["a", "b"] });
   * await vectorStore.delete({ filter: { source: "old.md" } });
   * await vectorStore.delete({ filter: {}, all: true });
   */
  override async delete(params?: LibSQLRagDeleteParams): Promise<void> {
    // LangChain's VectorStore.delete takes one params object; a bare id list is a common slip.
    if (Array.isArray(params) || typeof params === "string") {
      const ids = JSON.stringify(Array.isArray(params) ? params.slice(0, 3) : [params]);
      throw new RagError(
        "INVALID_ARGUMENT",
        `delete takes a params object, not ${Array.isArray(params) ? "an array" : "a string"}: call vectorStore.delete({ ids: ${ids}${Array.isArray(params) && params.length > 3 ? " (and the rest)" : ""} }) to delete by id, or delete({ filter }) by metadata.`,
      );
    }
    if (params === null || typeof params !== "object" || (!("ids" in params) && !("filter" in params) && !("all" in params))) {
      throw new RagError("INVALID_ARGUMENT", `delete expects { ids } or { filter, all? }, got ${describeValue(params)}.`);
    }
    if ("ids" in params && params.ids !== undefined) {
      ensureArgument(Array.isArray(params.ids), `delete: ids must be an array of strings, got ${describeValue(params.ids)}.`);
      if (params.ids.length === 0) return;
    }
    const col = await this.openCollection(undefined);
    if (!col) return;
    await col.delete(params);
  }

  /**
   * Closes the store if this vector store opened it (from `url`); a store passed in `config.store` stays open.
   *
   * @example
   * await vectorStore.close();
   */
  async close(): Promise<void> {
    const owned = this.ownedStore;
    this.ownedStore = undefined;
    this.storePromise = undefined;
    this.collectionPromise = undefined;
    await owned?.close();
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
