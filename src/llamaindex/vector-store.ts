import type { BaseEmbedding } from "@llamaindex/core/embeddings";
import { Settings } from "@llamaindex/core/global";
import { MetadataMode, type BaseNode } from "@llamaindex/core/schema";
import { BaseVectorStore, metadataDictToNode, nodeToMetadata, type VectorStoreQuery, type VectorStoreQueryResult } from "@llamaindex/core/vector-store";
import { z } from "zod";
import { MAX_DIMENSIONS } from "../db/vector.js";
import { RagError, describeValue, isRagError } from "../errors.js";
import { integer, parseOptions } from "../options.js";
import type { Filter } from "../filter/index.js";
import { convexWeights, type HybridOptions, type SearchMode } from "../search/options.js";
import type { Collection } from "../store/collection.js";
import type { CollectionOptions } from "../store/collection-options.js";
import type { Store } from "../store/store.js";
import { openStore } from "../store/open-store.js";
import { clientWithoutConnection, storeOptionsShape, type StoreOptions } from "../store/store-options.js";
import { translateFilters } from "./filters.js";

/** Options of {@link LibSQLRagVectorStore}: where to connect (or an open `store`), and the collection. */
export interface LibSQLRagVectorStoreOptions extends StoreOptions {
  /** An open store to use instead of `url`; `close()` then leaves it open. */
  store?: Store;
  /** @default "default" */
  collection?: string;
  /** The vector length; without it the collection is created at the first `add`, from the nodes' embeddings. */
  dimensions?: number;
  /** Options for creating the collection (vector type, metric, index, indexed metadata fields). */
  collectionOptions?: Omit<CollectionOptions, "dimensions" | "embedderId">;
  /** The embedder id recorded on the collection, so another model's vectors are refused. */
  embedderId?: string;
  /** The LlamaIndex embedding model; LlamaIndex's `Settings.embedModel` when omitted. */
  embedModel?: BaseEmbedding;
  /** Alias of `embedModel`, as other LlamaIndex stores name it. */
  embeddingModel?: BaseEmbedding;
}

// LlamaIndex's components are callable objects.
const embedModelSchema = z.custom<BaseEmbedding>((value) => value !== null && (typeof value === "object" || typeof value === "function"), {
  error: "a LlamaIndex embedding model",
});

const ownOptionsShape = {
  store: z.looseObject({}, { error: "an open Store (from openStore)" }).optional(),
  collection: z.string().optional(),
  dimensions: integer(1, MAX_DIMENSIONS).optional(),
  collectionOptions: z.looseObject({}).optional(),
  embedderId: z.string().optional(),
  embedModel: embedModelSchema.optional(),
  embeddingModel: embedModelSchema.optional(),
} satisfies Record<Exclude<keyof LibSQLRagVectorStoreOptions, keyof StoreOptions>, z.ZodType>;

const STORE_KEYS = new Set(Object.keys(ownOptionsShape));

/** The store's options and its own; the collection is checked by `store.collection`. Unknown keys are refused. */
const optionsSchema = z.strictObject({ ...storeOptionsShape, ...ownOptionsShape }).superRefine(clientWithoutConnection);

/**
 * A LlamaIndex.TS vector store on libSQL/Turso. Nodes are stored with their text (`storesText`), metadata and
 * relationships, so `VectorStoreIndex.fromVectorStore(store)` needs no document store. Queries honour
 * `similarityTopK`, `docIds`, LlamaIndex `MetadataFilters` (translated to libsql-rag filters, run in SQL), and
 * the modes `default` (vector), `hybrid` (vector + BM25, with `queryStr`), `sparse` (BM25 only) and `mmr`.
 * Similarities are higher-is-better (`1 - cosine distance`).
 *
 * @example
 * import { VectorStoreIndex, storageContextFromDefaults } from "llamaindex";
 * const vectorStore = new LibSQLRagVectorStore({ url: "file:rag.db", collection: "docs", embedModel });
 * const index = await VectorStoreIndex.fromDocuments(documents, { storageContext: await storageContextFromDefaults({ vectorStore }) });
 * const nodes = await index.asRetriever({ similarityTopK: 3 }).retrieve("How do I enable WAL?");
 */
export class LibSQLRagVectorStore extends BaseVectorStore<Store | undefined> {
  storesText = true;
  private readonly options: LibSQLRagVectorStoreOptions;
  private readonly name: string;
  private store: Store | undefined;
  private opening: Promise<Store> | undefined;
  private collection: Collection | undefined;

  constructor(options: LibSQLRagVectorStoreOptions = {}) {
    parseOptions(optionsSchema, options, { caller: "LibSQLRagVectorStore" });
    const given = options.embedModel ?? options.embeddingModel;
    // The base class reads Settings.embedModel at once, which throws when it is unset; a store that only holds
    // vectors embedded elsewhere needs no model, so the lookup waits until someone asks for it.
    super({ embedModel: given ?? ({} as BaseEmbedding) });
    let model = given;
    Object.defineProperty(this, "embedModel", {
      get: () => model ?? Settings.embedModel,
      set: (value: BaseEmbedding) => {
        model = value;
      },
      configurable: true,
      enumerable: true,
    });
    this.options = options;
    this.name = options.collection ?? "default";
    this.store = options.store;
  }

  /** The open store, once the first call has opened it. */
  client(): Store | undefined {
    return this.store;
  }

  private async openStore(): Promise<Store> {
    if (this.store) return this.store;
    this.opening ??= (async () => {
      const storeOptions = Object.fromEntries(Object.entries(this.options).filter(([key]) => !STORE_KEYS.has(key))) as StoreOptions;
      this.store = await openStore(storeOptions);
      return this.store;
    })();
    return this.opening;
  }

  /** The collection, created with `dimensions` when given; `undefined` when it does not exist yet. */
  private async getCollection(dimensions?: number): Promise<Collection | undefined> {
    if (this.collection) return this.collection;
    const store = await this.openStore();
    const dims = this.options.dimensions ?? dimensions;
    try {
      this.collection = await store.collection(this.name, {
        ...this.options.collectionOptions,
        ...(dims !== undefined ? { dimensions: dims } : {}),
        ...(this.options.embedderId !== undefined ? { embedderId: this.options.embedderId } : {}),
      });
    } catch (error) {
      if (dims === undefined && isRagError(error, "NOT_FOUND")) return undefined;
      throw error;
    }
    return this.collection;
  }

  /** Stores embedded nodes (upsert by node id). Returns their ids. */
  async add(nodes: BaseNode[]): Promise<string[]> {
    if (!Array.isArray(nodes)) throw new RagError("INVALID_ARGUMENT", `add expects an array of LlamaIndex nodes, got ${describeValue(nodes)}.`);
    if (nodes.length === 0) return [];
    const first = nodes[0]!.embedding;
    const collection = await this.getCollection(Array.isArray(first) ? first.length : undefined);
    if (!collection) {
      throw new RagError(
        "INVALID_ARGUMENT",
        `Cannot create collection "${this.name}": the nodes have no embeddings and no dimensions option was given. Embed the nodes first (VectorStoreIndex does).`,
      );
    }
    await collection.upsert(
      nodes.map((node, i) => {
        const vector = node.embedding;
        if (!Array.isArray(vector) || vector.length === 0) {
          throw new RagError("INVALID_ARGUMENT", `Node ${i} (${node.id_}) has no embedding; embed nodes before adding them.`);
        }
        return {
          id: node.id_,
          documentId: node.sourceNode?.nodeId ?? null,
          content: node.getContent(MetadataMode.NONE),
          metadata: nodeToMetadata(node, true, "text", false) as Record<string, unknown>,
          vector,
        };
      }),
    );
    return nodes.map((node) => node.id_);
  }

  /** Deletes every node of the source document `refDocId`. */
  async delete(refDocId: string): Promise<void> {
    if (typeof refDocId !== "string" || refDocId.length === 0) {
      throw new RagError("INVALID_ARGUMENT", `delete expects a document id (refDocId), got ${describeValue(refDocId)}.`);
    }
    const collection = await this.getCollection();
    if (!collection) return;
    await collection.delete({ filter: { documentId: refDocId } });
  }

  /** Runs a LlamaIndex vector store query. */
  async query(query: VectorStoreQuery): Promise<VectorStoreQueryResult> {
    const collection = await this.getCollection();
    if (!collection) return { nodes: [], similarities: [], ids: [] };
    const parts: Filter[] = [];
    const translated = translateFilters(query.filters);
    if (translated) parts.push(translated);
    if (query.docIds && query.docIds.length > 0) parts.push({ documentId: { $in: query.docIds } });
    const filter = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { $and: parts };
    const mode = modeOf(query);
    const hits = await collection.query({
      mode,
      topK: query.similarityTopK,
      ...(mode !== "keyword" ? { vector: requireEmbedding(query) } : {}),
      ...(mode !== "vector" ? { text: requireText(query) } : {}),
      ...(query.mode === "mmr" ? { mmr: { lambda: query.mmrThreshold ?? 0.5 } } : {}),
      ...(mode === "hybrid" && query.alpha !== undefined ? { hybrid: alphaWeights(query.alpha) } : {}),
      ...(filter ? { filter } : {}),
      ...(this.options.embedderId !== undefined && mode !== "keyword" ? { embedderId: this.options.embedderId } : {}),
    });
    const nodes = hits.map((hit) => {
      const node = metadataDictToNode(hit.metadata as never, { fallback: { id_: hit.id, metadata: hit.metadata, text: hit.content } });
      node.setContent(hit.content);
      return node;
    });
    return { nodes, similarities: hits.map((h) => h.score), ids: hits.map((h) => h.id) };
  }

  /** Closes the store, unless it was passed in open. */
  async close(): Promise<void> {
    if (this.options.store) return;
    const store = this.store ?? (this.opening ? await this.opening.catch(() => undefined) : undefined);
    this.collection = undefined;
    this.store = undefined;
    this.opening = undefined;
    await store?.close();
  }
}

function modeOf(query: VectorStoreQuery): SearchMode {
  switch (query.mode) {
    case "hybrid":
    case "semantic_hybrid":
      return "hybrid";
    case "sparse":
      return "keyword";
    case "default":
    case "mmr":
    case undefined:
      return "vector";
    default:
      throw new RagError("INVALID_ARGUMENT", `LlamaIndex query mode ${describeValue(query.mode)} is not supported; use default, hybrid, sparse or mmr.`);
  }
}

/**
 * LlamaIndex's `alpha` of a hybrid query, 0 (keyword only) to 1 (vector only), as the convex fusion's weights:
 * vector `alpha`, keyword `1 − alpha`. Without it, hybrid's measured defaults apply.
 */
function alphaWeights(alpha: unknown): HybridOptions {
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha < 0 || alpha > 1) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `A hybrid query's alpha weighs the vector side from 0 (keyword only) to 1 (vector only), got ${describeValue(alpha)}.`,
    );
  }
  return convexWeights(alpha);
}

function requireEmbedding(query: VectorStoreQuery): number[] {
  if (!Array.isArray(query.queryEmbedding) || query.queryEmbedding.length === 0) {
    throw new RagError("INVALID_ARGUMENT", `A ${query.mode ?? "default"} query needs queryEmbedding; LlamaIndex retrievers set it from the embedding model.`);
  }
  return query.queryEmbedding;
}

function requireText(query: VectorStoreQuery): string {
  if (typeof query.queryStr !== "string" || query.queryStr.trim() === "") {
    throw new RagError("INVALID_ARGUMENT", `A ${query.mode} query needs queryStr (the question as text) for its keyword part.`);
  }
  return query.queryStr;
}
