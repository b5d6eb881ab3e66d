import type { Client } from "@libsql/client";
import type { CollectionInfo } from "./collection-info.js";
import type { CollectionTables } from "./ddl.js";

/**
 * The words of the language questions are asked in, loaded when first needed: a word of the language that no chunk
 * holds is the user's own word ("bigger", "pinned"), not a slip, and is left as it is. Undefined when none can be
 * had; then nothing is corrected.
 */
export type WordList = () => Promise<Words | undefined>;

/** A set of words, asked one word at a time. */
export interface Words {
  has(word: string): boolean;
}

/** Everything the query and write paths need about one open collection. */
export interface CollectionContext {
  readonly client: Client;
  readonly info: CollectionInfo;
  readonly tables: CollectionTables;
  /** The language's words, which keyword search never reads as slips (see `spelledTerms`); none in the web entry. */
  readonly words?: WordList | undefined;
  /** Throws `CLOSED` when the store has been closed. */
  assertOpen(): void;
}
