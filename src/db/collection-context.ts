import type { Client } from "@libsql/client";
import type { CollectionInfo } from "./collection-info.js";
import type { CollectionTables } from "./ddl.js";

/** Everything the query and write paths need about one open collection. */
export interface CollectionContext {
  readonly client: Client;
  readonly info: CollectionInfo;
  readonly tables: CollectionTables;
  /** Throws `CLOSED` when the store has been closed. */
  assertOpen(): void;
}
