import type { Client } from "@libsql/client";
import { RagError, describeValue } from "../errors.js";
import type { ConnectionKind, ConnectionOptions } from "../db/connection.js";
import type { ScanCacheOptions } from "../search/scan-cache/index.js";

/** Options for {@link openStore}: where to connect, plus local tuning. */
export interface StoreOptions extends ConnectionOptions {
  /**
   * Keep an int8-quantized copy of each queried collection's vectors in this process, scanned with
   * WebAssembly SIMD to find candidates that SQL re-ranks exactly (`"auto"` queries then take the `"scan"`
   * path). It loads on a collection's first vector query (about 1 s per 100k rows of 384 dimensions, and
   * about dimensions + 16 bytes of memory per row) and follows every later write, from any connection or
   * process, through the collection's change log. F32_BLOB collections only.
   * @default true for `:memory:` and local files (embedded replicas too), false for remote servers
   */
  scanCache?: boolean | ScanCacheOptions;
  /**
   * An open `@libsql/client` `Client` to use instead of connecting: the store neither sets its pragmas nor
   * closes it (`store.close()` leaves it open for its owner). Not with the connection options (`url`,
   * `authToken`, `syncUrl`, ...), which belong to whoever created the client.
   */
  client?: Client;
}

/** Every key of {@link StoreOptions}; the type makes the compiler keep it complete. */
export const STORE_OPTION_KEYS = Object.keys({
  url: true,
  authToken: true,
  syncUrl: true,
  syncInterval: true,
  readYourWrites: true,
  busyTimeoutMs: true,
  cacheSizeMiB: true,
  mmapSizeMiB: true,
  concurrency: true,
  encryptionKey: true,
  readOnly: true,
  scanCache: true,
  client: true,
} satisfies Record<keyof StoreOptions, true>);

/** The scan cache a store keeps, from its option: on by default for local databases, off for remote servers. */
export function scanCacheOptions(option: StoreOptions["scanCache"], kind: ConnectionKind): ScanCacheOptions | false {
  if (option === undefined) return kind === "remote" ? false : {};
  if (option === false) return false;
  if (option === true) return {};
  const maxBytes = option?.maxBytes;
  const minRows = option?.backgroundLoadMinRows;
  const badMinRows =
    minRows !== undefined && (typeof minRows !== "number" || Number.isNaN(minRows) || minRows < 0 || !(Number.isInteger(minRows) || minRows === Infinity));
  if (typeof option !== "object" || option === null || (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes < 1)) || badMinRows) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `scanCache must be a boolean or { maxBytes?: positive integer, backgroundLoadMinRows?: integer ≥ 0 or Infinity }, got ${describeValue(option)}.`,
    );
  }
  return { ...(maxBytes === undefined ? {} : { maxBytes }), ...(minRows === undefined ? {} : { backgroundLoadMinRows: minRows }) };
}
