import type { Client } from "@libsql/client";
import { RagError } from "../errors.js";
import { openClient, resolveConnection, type ConnectionKind } from "../db/connection.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { parseOptions } from "../options.js";
import { scanCacheOptions, storeOptionsSchema, type StoreOptions } from "./store-options.js";
import { englishWords } from "./english-words.js";
import { snapshotFiles } from "./snapshot-files.js";
import { storeOverClient, type Store } from "./store.js";

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
  if (options.client !== undefined) return openOnClient(options);
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

/** `openStore({ client })`: a store over a client its caller opened and will close. */
async function openOnClient(options: StoreOptions): Promise<Store> {
  // openStore has checked the options; the client is an open @libsql/client Client, alone.
  const client = options.client!;
  if (client.closed === true) throw new RagError("CLOSED", "openStore: the client given is closed; pass an open @libsql/client Client.");
  const readOnly = options.readOnly ?? false;
  const protocol = typeof client.protocol === "string" ? client.protocol : "file";
  const kind: ConnectionKind = protocol === "file" ? "file" : "remote";
  const scanCache = scanCacheOptions(options.scanCache, kind);
  return storeOverClient(client as Client, { url: `client:${protocol}`, kind, replica: false, scanCache, readOnly, ownsClient: false, words: englishWords });
}
