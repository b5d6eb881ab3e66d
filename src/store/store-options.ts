import type { Client } from "@libsql/client";
import { z } from "zod";
import type { ConnectionKind, ConnectionOptions } from "../db/connection.js";
import { connectionOptionsShape } from "../db/connection-options.js";
import { integer } from "../options.js";
import type { ScanCacheOptions } from "../search/scan-cache/index.js";

/** Options for {@link openStore}: where to connect, plus local tuning. */
export interface StoreOptions extends ConnectionOptions {
  /**
   * Keep an int8-quantized copy of each queried collection's vectors in this process, scanned with
   * WebAssembly SIMD to find candidates that SQL re-ranks exactly (`"auto"` queries then take the `"scan"`
   * path). It loads on a collection's first vector query (load times in docs/benchmarks.md; about
   * dimensions + 16 bytes of memory per row) and follows every later write, from any connection or
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

/** Connection options that a `{ client }` already settled; given alongside it they would be silently ignored. */
const CLIENT_CONNECTION_KEYS = [
  "url",
  "authToken",
  "syncUrl",
  "syncInterval",
  "readYourWrites",
  "busyTimeoutMs",
  "cacheSizeMiB",
  "mmapSizeMiB",
  "concurrency",
  "encryptionKey",
] as const;

function isClient(value: unknown): value is Client {
  const client = value as Partial<Client> | null;
  return typeof client === "object" && client !== null && typeof client.execute === "function" && typeof client.batch === "function";
}

/** The zod shape of {@link StoreOptions}; `createRag`'s options extend it. */
export const storeOptionsShape = {
  ...connectionOptionsShape,
  scanCache: z
    .union(
      [
        z.boolean(),
        z.strictObject({
          maxBytes: integer(1).optional(),
          backgroundLoadMinRows: z.union([integer(0), z.literal(Infinity)], { error: "an integer ≥ 0 or Infinity" }).optional(),
          binaryPassMinRows: z.union([integer(0), z.literal(Infinity)], { error: "an integer ≥ 0 or Infinity" }).optional(),
          persistMinRows: z.union([integer(0), z.literal(Infinity)], { error: "an integer ≥ 0 or Infinity" }).optional(),
        }),
      ],
      {
        error:
          "a boolean or { maxBytes?: positive integer, backgroundLoadMinRows?: integer ≥ 0 or Infinity, binaryPassMinRows?: integer ≥ 0 or Infinity, persistMinRows?: integer ≥ 0 or Infinity }",
      },
    )
    .optional(),
  client: z.custom<Client>(isClient, { error: "an open @libsql/client Client (from createClient)" }).optional(),
} satisfies Record<keyof StoreOptions, z.ZodType>;

/** A refinement of every options object that holds {@link StoreOptions}: `client` settles the connection. */
export function clientWithoutConnection(
  options: { client?: unknown } & { [key in (typeof CLIENT_CONNECTION_KEYS)[number]]?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (options.client === undefined) return;
  const extra = CLIENT_CONNECTION_KEYS.filter((key) => options[key] !== undefined);
  if (extra.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: [extra[0]!],
      message:
        `${extra.join(", ")} cannot be combined with client: the client is already connected. ` +
        "Set them when creating the client, or pass them without client.",
    });
  }
}

/** The options of {@link openStore}; unknown keys are refused with the closest known one. */
export const storeOptionsSchema = z.strictObject(storeOptionsShape).superRefine(clientWithoutConnection);

/** The scan cache a store keeps, from its (checked) option: on by default for local databases, off for remote servers. */
export function scanCacheOptions(option: StoreOptions["scanCache"], kind: ConnectionKind): ScanCacheOptions | false {
  if (option === undefined) return kind === "remote" ? false : {};
  if (option === false) return false;
  if (option === true) return {};
  const { maxBytes, backgroundLoadMinRows, binaryPassMinRows, persistMinRows } = option;
  return {
    ...(maxBytes === undefined ? {} : { maxBytes }),
    ...(backgroundLoadMinRows === undefined ? {} : { backgroundLoadMinRows }),
    ...(binaryPassMinRows === undefined ? {} : { binaryPassMinRows }),
    ...(persistMinRows === undefined ? {} : { persistMinRows }),
  };
}
