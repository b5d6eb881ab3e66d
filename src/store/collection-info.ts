import type { Client } from "@libsql/client";
import { tablesFor, type CollectionTables, type VectorIndexOptions } from "./schema.js";
import type { Metric, VectorType } from "./vector.js";
import type { ScanCache } from "../search/scan-cache.js";

/** What the registry records about a collection. */
export interface CollectionInfo {
  name: string;
  dimensions: number;
  vectorType: VectorType;
  metric: Metric;
  /** The vector index options, or `false` for a collection without a vector index. */
  index: VectorIndexOptions | false;
  /** Metadata fields (dotted paths) with a field index, for fast filtered search. */
  indexedFields: string[];
  /** The embedder that produced the vectors, once one is recorded. */
  embedderId: string | null;
  schemaVersion: number;
  createdAt: string;
}

/** Everything the query and write paths need about one open collection. */
export interface CollectionContext {
  readonly client: Client;
  readonly info: CollectionInfo;
  readonly tables: CollectionTables;
  /** The in-process scan cache of this collection's vectors, when the store keeps one. */
  readonly scanCache?: ScanCache | undefined;
  /** Throws `CLOSED` when the store has been closed. */
  assertOpen(): void;
}

export function infoFromRow(row: Record<string, unknown>): { info: CollectionInfo; tables: CollectionTables } {
  const indexText = row.index_options as string | null;
  return {
    info: {
      name: String(row.name),
      dimensions: Number(row.dimensions),
      vectorType: row.vector_type as VectorType,
      metric: row.metric as Metric,
      index: indexText === null ? false : (JSON.parse(indexText) as VectorIndexOptions),
      embedderId: (row.embedder_id as string | null) ?? null,
      indexedFields: JSON.parse(String(row.indexed_fields ?? "[]")) as string[],
      schemaVersion: Number(row.schema_version),
      createdAt: String(row.created_at),
    },
    tables: tablesFor(String(row.table_name)),
  };
}
