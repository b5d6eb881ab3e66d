import type { Client } from "@libsql/client";
import { z } from "zod";
import { RagError } from "../errors.js";
import { REGISTRY_TABLE, tablesFor, type CollectionTables, type VectorIndexOptions } from "./ddl.js";
import type { IvfOptions } from "./ivf.js";
import { quoteIdent, quoteLiteral } from "./sql.js";
import { MAX_DIMENSIONS, VECTOR_TYPES, vectorBytes, type Metric, type VectorType } from "./vector.js";

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
  /** Partition (IVF) options, or `false` for a collection without partitions (see db/ivf.ts). */
  ivf: IvfOptions | false;
  /** The embedder that produced the vectors, once one is recorded. */
  embedderId: string | null;
  schemaVersion: number;
  createdAt: string;
}

/** DiskANN index options as users pass them and as the registry stores them (JSON). */
export const indexOptionsSchema = z.strictObject({
  compressNeighbors: z.enum(["float1bit", "float8", "float16", "floatb16", "float32"]).optional(),
  maxNeighbors: z.number().int().min(2).max(1024).optional(),
  searchL: z.number().int().min(1).max(10_000).optional(),
  insertL: z.number().int().min(1).max(10_000).optional(),
  alpha: z.number().min(1).max(10).optional(),
});

/** Partition options as users pass them and as the registry stores them (JSON). */
export const ivfOptionsSchema = z.strictObject({
  lists: z.number().int().min(1).max(65_536).optional(),
});

/**
 * `ivf_options` as the registry stores it: the options, plus the calibration that training records (read by the
 * planner at query time: see db/ivf.ts), which is not an option and is left out of {@link CollectionInfo}.
 */
const ivfRegistrySchema = ivfOptionsSchema.extend({ calibration: z.unknown().optional() });

const METRICS: readonly Metric[] = ["cosine", "l2"];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `CORRUPT` for a registry value libsql-rag cannot use, naming the table, column and value, and the repair. */
function badRegistryValue(name: string, column: string, value: unknown, expected: string, cause?: unknown): RagError {
  const shown = typeof value === "string" ? JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value) : String(value);
  return new RagError(
    "CORRUPT",
    `The collection registry (table ${REGISTRY_TABLE}) has an invalid value for collection ${JSON.stringify(name)}: column ${column} is ${shown}, expected ${expected}. ` +
      `Repair the row with SQL (UPDATE ${REGISTRY_TABLE} SET ${column} = ... WHERE name = ${quoteLiteral(name)}), restore a backup, or drop the collection (store.dropCollection, or libsql-rag delete --drop) and ingest again.`,
    { ...(cause === undefined ? {} : { cause }), details: { table: REGISTRY_TABLE, collection: name, column, value } },
  );
}

function parseJson(name: string, column: string, text: unknown, expected: string): unknown {
  if (typeof text !== "string") throw badRegistryValue(name, column, text, expected);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRegistryValue(name, column, text, expected, error);
  }
}

/** The tables of a registry row, checking only the table name (enough to drop a collection whose row is damaged). */
export function tablesFromRow(row: Record<string, unknown>): CollectionTables {
  const table = row.table_name;
  if (typeof table !== "string" || !IDENTIFIER.test(table)) {
    throw badRegistryValue(String(row.name), "table_name", table, "a table name of letters, digits and _");
  }
  return tablesFor(table);
}

/** An options column of a registry row: `false` when NULL, else its JSON checked by `schema`. */
function optionsColumn(name: string, row: Record<string, unknown>, column: string, schema: z.ZodType, expected: string): unknown {
  const text = row[column];
  if (text === null || text === undefined) return false;
  const parsed = schema.safeParse(parseJson(name, column, text, expected));
  if (!parsed.success) throw badRegistryValue(name, column, text, expected, parsed.error);
  return parsed.data;
}

/** Reads and checks a registry row; a value libsql-rag cannot use is `CORRUPT` (see {@link badRegistryValue}). */
export function infoFromRow(row: Record<string, unknown>): { info: CollectionInfo; tables: CollectionTables } {
  const name = String(row.name);
  const tables = tablesFromRow(row);
  const dimensions = row.dimensions;
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    throw badRegistryValue(name, "dimensions", dimensions, `an integer from 1 to ${MAX_DIMENSIONS}`);
  }
  const vectorType = row.vector_type;
  if (!VECTOR_TYPES.includes(vectorType as VectorType)) throw badRegistryValue(name, "vector_type", vectorType, `one of ${VECTOR_TYPES.join(", ")}`);
  const metric = row.metric;
  if (!METRICS.includes(metric as Metric)) throw badRegistryValue(name, "metric", metric, `"cosine" or "l2"`);
  const index = optionsColumn(
    name,
    row,
    "index_options",
    indexOptionsSchema,
    "NULL or a JSON object of index options (compressNeighbors, maxNeighbors, searchL, insertL, alpha)",
  ) as VectorIndexOptions | false;
  const fieldsExpected = "a JSON array of metadata paths";
  const indexedFields =
    row.indexed_fields === undefined || row.indexed_fields === null ? [] : parseJson(name, "indexed_fields", row.indexed_fields, fieldsExpected);
  if (!Array.isArray(indexedFields) || !indexedFields.every((f) => typeof f === "string")) {
    throw badRegistryValue(name, "indexed_fields", row.indexed_fields, fieldsExpected);
  }
  const ivfColumn = optionsColumn(name, row, "ivf_options", ivfRegistrySchema, "NULL or a JSON object of partition options ({} or { lists })") as
    | (IvfOptions & { calibration?: unknown })
    | false;
  const ivf: IvfOptions | false = ivfColumn === false ? false : ivfColumn.lists === undefined ? {} : { lists: ivfColumn.lists };
  const embedderId = row.embedder_id ?? null;
  if (embedderId !== null && typeof embedderId !== "string") throw badRegistryValue(name, "embedder_id", embedderId, "NULL or a text id");
  const schemaVersion = row.schema_version;
  if (typeof schemaVersion !== "number" || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw badRegistryValue(name, "schema_version", schemaVersion, "a positive integer");
  }
  return {
    info: {
      name,
      dimensions,
      vectorType: vectorType as VectorType,
      metric: metric as Metric,
      index,
      embedderId,
      indexedFields: indexedFields as string[],
      ivf,
      schemaVersion,
      createdAt: String(row.created_at),
    },
    tables,
  };
}

/**
 * Checks the registry's dimensions and vector type against the collection's table: the declared column type
 * (`F32_BLOB(384)`) and the length of a stored vector. An edited registry would otherwise make queries
 * compare vectors of different lengths and silently find nothing. Throws `CORRUPT` with the SQL that sets
 * the registry back.
 */
export async function verifyVectorColumn(client: Client, info: CollectionInfo, tables: CollectionTables): Promise<void> {
  const fix = (column: string, value: string | number) =>
    `Set it back with UPDATE ${REGISTRY_TABLE} SET ${column} = ${typeof value === "number" ? value : quoteLiteral(value)} WHERE name = ${quoteLiteral(info.name)}, or drop the collection and ingest again.`;
  const ddl = await client.execute({ sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", args: [tables.chunks] });
  const sql = ddl.rows[0]?.sql;
  if (typeof sql !== "string") {
    throw new RagError(
      "CORRUPT",
      `Collection ${JSON.stringify(info.name)} is in the registry (table ${REGISTRY_TABLE}), but its table ${tables.chunks} is missing. Drop the collection (store.dropCollection, or libsql-rag delete --drop) and ingest again.`,
      { details: { collection: info.name, table: tables.chunks } },
    );
  }
  const declared = /\bembedding\s+([A-Za-z0-9_]+)\s*\(\s*(\d+)\s*\)/i.exec(sql);
  if (declared) {
    const [type, dims] = [declared[1]!.toUpperCase(), Number(declared[2])];
    if (dims !== info.dimensions) {
      throw new RagError(
        "CORRUPT",
        `The collection registry (table ${REGISTRY_TABLE}) says collection ${JSON.stringify(info.name)} has ${info.dimensions} dimensions (column dimensions), but its table ${tables.chunks} stores ${type}(${dims}) vectors. ${fix("dimensions", dims)}`,
        { details: { table: REGISTRY_TABLE, column: "dimensions", value: info.dimensions, actual: dims } },
      );
    }
    if (type !== info.vectorType) {
      throw new RagError(
        "CORRUPT",
        `The collection registry (table ${REGISTRY_TABLE}) says collection ${JSON.stringify(info.name)} stores ${info.vectorType} vectors (column vector_type), but its table ${tables.chunks} declares ${type}(${dims}). ${fix("vector_type", type)}`,
        { details: { table: REGISTRY_TABLE, column: "vector_type", value: info.vectorType, actual: type } },
      );
    }
  }
  const expected = vectorBytes(info.vectorType, info.dimensions);
  if (expected === undefined) return;
  const sample = await client.execute(`SELECT length(embedding) AS n FROM ${quoteIdent(tables.chunks)} LIMIT 1`);
  const bytes = sample.rows[0]?.n;
  if (typeof bytes === "number" && bytes !== expected) {
    throw new RagError(
      "CORRUPT",
      `Collection ${JSON.stringify(info.name)} stores vectors of ${bytes} bytes in table ${tables.chunks}, but its registry entry (table ${REGISTRY_TABLE}: ${info.vectorType}, ${info.dimensions} dimensions) needs ${expected}. The registry or the table was changed by hand; restore a backup, or drop the collection and ingest again.`,
      { details: { collection: info.name, expectedBytes: expected, actualBytes: bytes } },
    );
  }
}
