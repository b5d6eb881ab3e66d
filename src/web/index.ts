// libsql-rag/web: the store, its collections and every search mode for runtimes without Node's built-ins
// (Cloudflare Workers, Vercel Edge, Deno Deploy, browsers), over a remote libSQL server through
// `@libsql/client/web` (HTTP or WebSocket). Nothing reachable from this file imports a `node:` module; the
// test suite bundles it for a neutral platform to check that.
import { createClient } from "@libsql/client/web";
import { z } from "zod";
import { RagError } from "../errors.js";
import { parseOptions } from "../options.js";
import { type Store, storeOverClient } from "../store/store.js";

export { RagError, isRagError } from "../errors.js";
export type { RagErrorCode } from "../errors.js";
export type { Store } from "../store/store.js";
export type { Collection, GetOptions, ListOptions, DeleteOptions } from "../store/collection.js";
export type { CollectionOptions } from "../store/collection-options.js";
export type { RecordInput, StoredRecord, QueryResult } from "../db/records.js";
export { parseFilter, evaluateFilter } from "../filter/index.js";
export type { Filter } from "../filter/index.js";
export type { QueryOptions, SearchMode, HybridOptions } from "../search/options.js";
export type { Embedder, EmbedOptions } from "../embed/embedder.js";
export { openAIEmbedder } from "../embed/openai/index.js";
export type { OpenAIEmbedderOptions } from "../embed/openai/index.js";
export { httpReranker } from "../search/rerank/http-reranker.js";
export type { Reranker, RerankOptions } from "../search/rerank/reranker.js";

/** Options of the web {@link openStore}: a remote server only. */
export interface WebStoreOptions {
  /** `libsql://`, `https://`, `http://`, `wss://` or `ws://` URL of a libSQL server (sqld, Turso). */
  url: string;
  /** The server's auth token (Turso: `turso db tokens create`). */
  authToken?: string | undefined;
  /** Open without writing anything (no schema creation or migration); writes then fail. @default false */
  readOnly?: boolean | undefined;
}

const optionsSchema = z.strictObject({
  url: z.string().regex(/^(libsql|https?|wss?):\/\//i, {
    error:
      'a libsql://, https://, http://, wss:// or ws:// URL (libsql-rag/web opens remote servers only; local files and :memory: need the Node entry, "libsql-rag")',
  }),
  authToken: z.string().optional(),
  readOnly: z.boolean().optional(),
} satisfies Record<keyof WebStoreOptions, z.ZodType>);

/**
 * Opens a store on a remote libSQL server with `@libsql/client/web`. Collections, filters, vector, keyword
 * and hybrid search, upserts and deletes work as in the Node entry; local files, `:memory:`, embedded
 * replicas and the scan cache (which keeps vectors in the process) are Node-only.
 *
 * @example
 * import { openStore, openAIEmbedder } from "libsql-rag/web";
 * const store = await openStore({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
 * const col = await store.collection("docs");
 * const hits = await col.query({ text: "enable WAL", vector, mode: "hybrid", topK: 5 });
 */
export async function openStore(options: WebStoreOptions): Promise<Store> {
  const { url, authToken, readOnly = false } = parseOptions(optionsSchema, options, { caller: "openStore (libsql-rag/web)" });
  let client: ReturnType<typeof createClient>;
  try {
    client = createClient({ url, ...(authToken !== undefined ? { authToken } : {}) });
  } catch (error) {
    throw new RagError("INVALID_ARGUMENT", `Could not open ${url}: ${(error as Error).message}`, { cause: error });
  }
  const shown = url.replace(/\?.*$/, "");
  return storeOverClient(client, { url: shown, kind: "remote", replica: false, scanCache: false, readOnly, ownsClient: true });
}
