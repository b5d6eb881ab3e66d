import { RagError } from "../errors.js";
import type { ChunkingOptions } from "../ingest/chunking/index.js";
import type { Rag } from "../rag.js";
import type { CollectionInfo } from "../db/collection-info.js";
import type { Collection } from "../store/collection.js";
import type { Store } from "../store/store.js";
import { openStore } from "../store/open-store.js";
import { chooseEmbedder, type EmbedderSpec } from "./embedders.js";
import { storeOptions, type DbFlags } from "./options.js";

/** What every command gets besides its flags. */
export interface CommandContext {
  /** Fires on Ctrl-C, so that long work stops between documents and closes the database cleanly. */
  signal: AbortSignal;
}

/**
 * Opens the store named by `--db`/`LIBSQL_URL`, runs `fn`, and always closes it. Commands that only read pass
 * `readOnly`, so that a mistyped path is an error instead of a new empty database, and a read-only file works.
 */
export async function withStore<T>(flags: DbFlags, fn: (store: Store) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
  const store = await openStore({ ...storeOptions(flags), ...(options.readOnly ? { readOnly: true } : {}) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The registry entry of a collection, or `undefined` when it does not exist. */
export async function findCollection(store: Store, name: string): Promise<CollectionInfo | undefined> {
  return (await store.listCollections()).find((info) => info.name === name);
}

/** Opens an existing collection; a missing one is `NOT_FOUND` with a hint that suits the command line. */
export async function openExisting(store: Store, name: string): Promise<Collection> {
  const all = await store.listCollections();
  if (!all.some((info) => info.name === name)) {
    const known = all.length === 0 ? "it has none" : `it has ${all.map((info) => JSON.stringify(info.name)).join(", ")}`;
    throw new RagError(
      "NOT_FOUND",
      `Collection ${JSON.stringify(name)} does not exist in ${store.url} (${known}). Create it with "libsql-rag ingest", or pass --collection.`,
    );
  }
  return store.collection(name);
}

/**
 * `createRag` for bulk work (ingest, eval) on a collection that may not exist yet, with the embedder from
 * `--embedder`, else the one the collection recorded, else the offline default, and the chunking flags' options.
 */
export async function openRag(
  flags: DbFlags,
  collection: string,
  embedderFlag: EmbedderSpec | undefined,
  extra: { vectorIndex?: boolean; chunking?: ChunkingOptions | undefined } = {},
): Promise<Rag> {
  // Loaded on use: the ingest pipeline (chunking, parsers) is slow to import (docs/benchmarks.md), which the
  // other commands should not pay.
  const { createRag } = await import("../rag.js");
  const info = embedderFlag ? undefined : await withStore(flags, (store) => findCollection(store, collection));
  const embedder = await chooseEmbedder({ flag: embedderFlag, collection: info, workload: "bulk" });
  try {
    return await createRag({
      ...storeOptions(flags),
      collection,
      embedder,
      ...(extra.vectorIndex ? { index: true } : {}),
      ...(extra.chunking ? { chunking: extra.chunking } : {}),
    });
  } catch (error) {
    await embedder.close?.();
    throw error;
  }
}
