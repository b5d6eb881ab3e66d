import type { Client, InStatement } from "@libsql/client";
import type { VectorIndexOptions } from "./ddl.js";
import type { IvfCalibration, IvfOptions } from "./ivf.js";
import { REGISTRY_TABLE } from "./ddl.js";
import { COLLECTION_SCHEMA_VERSION } from "./migrations.js";
import { quoteIdent } from "./sql.js";
import type { Metric, VectorType } from "./vector.js";

// The SQL over the collection registry (one row per collection); collection-info.ts reads and checks a row.

const registry = quoteIdent(REGISTRY_TABLE);

/** A collection's registry row as the driver returns it, or undefined when there is none. */
export async function readRegistryRow(client: Client, name: string): Promise<Record<string, unknown> | undefined> {
  const rs = await client.execute({ sql: `SELECT * FROM ${registry} WHERE name = ?`, args: [name] });
  return rs.rows[0] as Record<string, unknown> | undefined;
}

/** Every registry row, by name. */
export async function readRegistryRows(client: Client): Promise<Record<string, unknown>[]> {
  const rs = await client.execute(`SELECT * FROM ${registry} ORDER BY name`);
  return rs.rows as unknown as Record<string, unknown>[];
}

/** What a new collection records. */
export interface NewCollectionRow {
  name: string;
  /** The generated base name of its tables. */
  table: string;
  dimensions: number;
  vectorType: VectorType;
  metric: Metric;
  index: VectorIndexOptions | false;
  embedderId: string | null;
  indexedFields: string[];
  ivf: IvfOptions | false;
}

export function insertRegistryRow(row: NewCollectionRow): InStatement {
  return {
    sql: `INSERT INTO ${registry} (name, table_name, dimensions, vector_type, metric, index_options, embedder_id, schema_version, created_at, indexed_fields, ivf_options)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      row.name,
      row.table,
      row.dimensions,
      row.vectorType,
      row.metric,
      row.index === false ? null : JSON.stringify(row.index),
      row.embedderId,
      COLLECTION_SCHEMA_VERSION,
      new Date().toISOString(),
      JSON.stringify(row.indexedFields),
      row.ivf === false ? null : JSON.stringify(row.ivf),
    ],
  };
}

export function updateIndexedFields(name: string, fields: readonly string[]): InStatement {
  return { sql: `UPDATE ${registry} SET indexed_fields = ? WHERE name = ?`, args: [JSON.stringify(fields), name] };
}

/** Records a collection's vector index options, when an index is added to a collection made without one. */
export function updateIndexOptions(name: string, index: VectorIndexOptions): InStatement {
  return { sql: `UPDATE ${registry} SET index_options = ? WHERE name = ?`, args: [JSON.stringify(index), name] };
}

/** Records a collection's partition options (see db/ivf.ts). */
export function updateIvfOptions(name: string, ivf: IvfOptions): InStatement {
  return { sql: `UPDATE ${registry} SET ivf_options = ? WHERE name = ?`, args: [JSON.stringify(ivf), name] };
}

/** Records a collection's calibration in its `ivf_options`, keeping the options there (see db/ivf.ts). */
export function recordIvfCalibration(name: string, calibration: IvfCalibration): InStatement {
  return {
    sql: `UPDATE ${registry} SET ivf_options = json_set(coalesce(ivf_options, '{}'), '$.calibration', json(?)) WHERE name = ?`,
    args: [JSON.stringify(calibration), name],
  };
}

/** The SQL of a collection's recorded calibration as JSON text (NULL when there is none), for a subquery. */
export function calibrationSql(): string {
  return `(SELECT json_extract(ivf_options, '$.calibration') FROM ${registry} WHERE name = ?)`;
}

/** Records the embedder of a collection that has none; the WHERE makes the first of two racing claims win. */
export function claimEmbedderStatement(name: string, embedderId: string): InStatement {
  return { sql: `UPDATE ${registry} SET embedder_id = ? WHERE name = ? AND embedder_id IS NULL`, args: [embedderId, name] };
}

/** The embedder id recorded for a collection, or null. */
export async function readEmbedderId(client: Client, name: string): Promise<string | null> {
  const rs = await client.execute({ sql: `SELECT embedder_id FROM ${registry} WHERE name = ?`, args: [name] });
  return (rs.rows[0]?.embedder_id as string | null) ?? null;
}

export function deleteRegistryRow(name: string): InStatement {
  return { sql: `DELETE FROM ${registry} WHERE name = ?`, args: [name] };
}
