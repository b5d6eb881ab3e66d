import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { z } from "zod";
import type { Filter } from "../filter/index.js";
import { SEARCH_STRATEGIES, type SearchStrategy } from "../search/options.js";
import type { CollectionOptions } from "../store/collection-options.js";
import type { StoreOptions } from "../store/store-options.js";
import type { Store } from "../store/store.js";
import { integer, parseOptions } from "../options.js";
import { langChainEmbedderId } from "./embeddings.js";

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
  /** How vector queries run: `"auto"`, `"ann"` (vector index), `"ivf"` (partitions) or `"exact"` (scan). @default "auto" */
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

export interface ResolvedConfig {
  store: Store | undefined;
  storeOptions: StoreOptions;
  collection: string;
  collectionOptions: Omit<CollectionOptions, "embedderId">;
  embedderId: string | undefined;
  documentIdKey: string | undefined;
  strategy: SearchStrategy | undefined;
  batchSize: number;
}

/** `storeOptions` and `collectionOptions` are checked in full by `openStore` and `store.collection`. */
const configSchema = z
  .strictObject({
    url: z.string().min(1).optional(),
    authToken: z.string().optional(),
    storeOptions: z.record(z.string(), z.unknown()).optional(),
    store: z
      .custom<Store>((v) => v !== null && typeof v === "object" && typeof (v as Store).collection === "function", { error: "an open Store (from openStore)" })
      .optional(),
    collection: z.string().min(1).max(128).optional(),
    collectionOptions: z.record(z.string(), z.unknown()).optional(),
    embedderId: z.string().min(1).max(512).nullable().optional(),
    documentIdKey: z.string().min(1).optional(),
    strategy: z.enum(SEARCH_STRATEGIES).optional(),
    batchSize: integer(1, 10_000).optional(),
  } satisfies Record<keyof LibSQLRagVectorStoreConfig, z.ZodType>)
  .superRefine((c, ctx) => {
    if (c.store !== undefined && (c.url !== undefined || c.authToken !== undefined || c.storeOptions !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["store"], message: "pass either { store } or { url, authToken, storeOptions }, not both." });
    }
    if (c.collectionOptions !== undefined && "embedderId" in c.collectionOptions) {
      ctx.addIssue({
        code: "custom",
        path: ["collectionOptions", "embedderId"],
        message: "set embedderId at the top level of the config, not in collectionOptions.",
      });
    }
  });

export function resolveConfig(config: unknown, embeddings: EmbeddingsInterface): ResolvedConfig {
  const c = parseOptions(configSchema, config ?? {}, { caller: "LibSQLRagVectorStore" });
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
