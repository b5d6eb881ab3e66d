import { VectorStore } from "@langchain/core/vectorstores";
import type { DocumentInterface } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { RagError, describeValue, ensureArgument } from "../errors.js";
import type { Filter } from "../filter/index.js";
import type { SearchStrategy } from "../search/options.js";
import type { Collection } from "../store/collection.js";
import type { Store } from "../store/store.js";
import { openStore } from "../store/open-store.js";
import { LazyCollection } from "./lazy-collection.js";
import { recordsFromDocuments } from "./records.js";
import {
  resolveConfig,
  type LibSQLRagAddOptions,
  type LibSQLRagDeleteParams,
  type LibSQLRagVectorStoreConfig,
  type ResolvedConfig,
} from "./vector-store-config.js";

/**
 * The storage half of {@link LibSQLRagVectorStore}: configuration, the store and collection it opens on first
 * use, adding, deleting and closing. The search half is in vector-store.ts.
 */
export abstract class LibSQLRagVectorStoreBase extends VectorStore {
  declare FilterType: Filter;

  protected readonly resolved: ResolvedConfig;
  private storePromise: Promise<Store> | undefined;
  protected readonly lazy: LazyCollection;
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
    this.lazy = new LazyCollection(resolved, () => this.getStore());
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
    const col = await this.lazy.open(undefined);
    if (!col) {
      throw new RagError(
        "NOT_FOUND",
        `Collection "${this.resolved.collection}" does not exist yet. Add documents first, or set collectionOptions.dimensions to create it empty.`,
      );
    }
    return col;
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
    const { ids, records } = recordsFromDocuments(vectors, documents, givenIds, this.resolved.documentIdKey);
    const col = (await this.lazy.open(first.length))!;
    for (let i = 0; i < records.length; i += this.resolved.batchSize) {
      await col.upsert(records.slice(i, i + this.resolved.batchSize));
    }
    return ids;
  }

  protected strategyOption(): { strategy?: SearchStrategy } {
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
    const col = await this.lazy.open(undefined);
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
    this.lazy.reset();
    await owned?.close();
  }
}
