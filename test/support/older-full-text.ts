import type { Collection, Store } from "../../src/index.js";

/** A collection's chunk table, full-text table and trigger names, quoted for SQL (and the chunk table's as it is). */
export interface FullTextNames {
  /** The chunk table's name as it is, for an FTS5 option such as `content='…'`. */
  table: string;
  chunks: string;
  fts: string;
  /** The quoted name of the chunk table's trigger with this suffix ("ai", "ad", "au"). */
  trigger(suffix: string): string;
}

/**
 * Replaces a collection's full-text index and its triggers with an older release's (the statements `older` gives
 * for the collection's names) and marks the collection as of that schema `version`, as that release left it.
 */
export async function installOlderFullText(store: Store, col: Collection, version: number, older: (names: FullTextNames) => string[]): Promise<FullTextNames> {
  const tables = (col as unknown as { tables: { chunks: string; fts: string } }).tables;
  const names: FullTextNames = {
    table: tables.chunks,
    chunks: `"${tables.chunks}"`,
    fts: `"${tables.fts}"`,
    trigger: (suffix) => `"${tables.chunks}_${suffix}"`,
  };
  await store.client.batch(
    [
      ...["ai", "ad", "au"].map((suffix) => `DROP TRIGGER ${names.trigger(suffix)}`),
      `DROP TABLE ${names.fts}`,
      ...older(names),
      { sql: "UPDATE rag_collections SET schema_version = ? WHERE name = ?", args: [version, col.name] },
    ],
    "write",
  );
  return names;
}
