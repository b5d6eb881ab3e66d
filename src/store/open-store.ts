import { openClient, resolveConnection } from "../db/connection.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { parseOptions } from "../options.js";
import { scanCacheOptions, storeOptionsSchema, type StoreOptions } from "./store-options.js";
import { englishWords } from "./english-words.js";
import { snapshotFiles } from "./snapshot-files.js";
import { openOnClient, storeOverClient, type Store } from "./store.js";

/**
 * Opens a libSQL database as a store of collections, creating or migrating its tables.
 * Local files use WAL, `synchronous=NORMAL` and a busy timeout; writes retry with backoff while busy.
 *
 * @example
 * const store = await openStore({ url: ":memory:" });
 * const store2 = await openStore({ url: "libsql://my-db.turso.io", authToken: process.env.LIBSQL_AUTH_TOKEN });
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  parseOptions(storeOptionsSchema, options, { caller: "openStore" });
  if (options.client !== undefined) return openOnClient(options, englishWords);
  const resolved = resolveConnection(options);
  const scanCache = scanCacheOptions(options.scanCache, resolved.kind);
  const client = await withStoreErrors(`open ${resolved.displayUrl}`, () => openClient(resolved));
  return storeOverClient(client, {
    url: resolved.displayUrl,
    kind: resolved.kind,
    replica: resolved.config.syncUrl !== undefined,
    scanCache,
    readOnly: resolved.readOnly,
    ownsClient: true,
    words: englishWords,
    ...(resolved.kind === "file" && resolved.path !== undefined && scanCache !== false ? { snapshots: snapshotFiles(resolved.path, resolved.readOnly) } : {}),
  });
}
