import type { Client, InValue } from "@libsql/client";
import { z } from "zod";
import { RagError, describeValue } from "../errors.js";
import { integer, parseOptions } from "../options.js";
import type { Collection } from "../store/collection.js";
import { withStoreErrors } from "../db/driver-errors.js";
import type { RecordInput } from "../db/records.js";
import type { CollectionOptions } from "../store/collection-options.js";
import type { Store } from "../store/store.js";
import { quoteIdent } from "../db/sql.js";
import { decodeF32 } from "../db/vector.js";
import { documentIdFrom } from "./metadata.js";

/** Options of {@link importLangChainLibSQLTable}. */
export interface ImportLangChainLibSQLTableOptions {
  /** The database holding the LangChain table, as a `@libsql/client` client. @default store.client */
  client?: Client;
  /** Our store: the source database when `client` is not given, and needed when `into` is a collection name. */
  store?: Store;
  /** The table `LibSQLVectorStore` wrote to (its `table` option). Must match `^[A-Za-z_][A-Za-z0-9_]*$`. */
  table: string;
  /** The vector column (its `column` option). @default "embedding" */
  column?: string;
  /** A column whose values become the record ids. @default none: ids are `"lc:" + rowid` */
  idColumn?: string;
  /** The target: an open collection, or the name of one in `store` (created when missing, with the table's dimensions). */
  into: Collection | string;
  /** Options for creating the target collection by name (vector type, metric, index, embedder id). */
  collectionOptions?: Omit<CollectionOptions, "dimensions">;
  /** A metadata key whose string (or number) value becomes the record's `documentId`. */
  documentIdKey?: string;
  /** Rows read and upserted per transaction. @default 500 */
  batchSize?: number;
  /** Called after each batch with the running totals. */
  onProgress?: (progress: { imported: number; skipped: number }) => void;
}

/** What {@link importLangChainLibSQLTable} did. */
export interface ImportLangChainLibSQLTableResult {
  /** The collection the rows went into. */
  collection: Collection;
  /** Rows written (upserted by id, so a second run rewrites the same records). */
  imported: number;
  /** Rows left out, with the reason: no vector, or metadata that is not a JSON object. */
  skipped: { rowid: number; reason: string }[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isCollection(value: unknown): value is Collection {
  return value !== null && typeof value === "object" && typeof (value as Collection).upsert === "function" && "info" in value;
}

/**
 * Copies a table written by `@langchain/community`'s `LibSQLVectorStore` into a libsql-rag collection, so an
 * app can move to {@link LibSQLRagVectorStore} without re-embedding. That store keeps `content`, `metadata`
 * (JSON text) and an `F32_BLOB(d)` vector column, with a vector index named `idx_<table>_<column>`; its
 * document ids are rowids.
 *
 * Each row becomes a record with id `"lc:" + rowid` (or the value of `idColumn`), its content, its metadata
 * parsed from JSON, and its vector (read with `vector32()`, so F16/F8 columns work too). Rows are read in
 * rowid order and upserted in batches of `batchSize`, one transaction each, so a run that stops halfway can
 * simply be run again. The source table is only read. Table and column names are checked against
 * `^[A-Za-z_][A-Za-z0-9_]*$` and quoted.
 *
 * @example
 * import { openStore } from "libsql-rag";
 * import { importLangChainLibSQLTable, LibSQLRagVectorStore } from "libsql-rag/langchain";
 *
 * const store = await openStore({ url: "file:app.db" });
 * const { imported, skipped } = await importLangChainLibSQLTable({ store, table: "vectors", into: "docs" });
 * const vectorStore = new LibSQLRagVectorStore(embeddings, { store, collection: "docs" });
 */
const identifier = z.string().regex(IDENTIFIER, { error: "an identifier matching ^[A-Za-z_][A-Za-z0-9_]*$" });

/** `collectionOptions` are checked by `store.collection`, `client` and `store` by their use. */
const optionsSchema = z
  .object({
    client: z.looseObject({}).optional(),
    store: z.looseObject({}).optional(),
    table: identifier,
    column: identifier.optional(),
    idColumn: identifier.optional(),
    into: z.union([z.custom<Collection>(isCollection), z.string()], { error: "a Collection or a collection name" }),
    collectionOptions: z.looseObject({}).optional(),
    documentIdKey: z.string().optional(),
    batchSize: integer(1, 10_000).optional(),
    onProgress: z.custom<() => void>((value) => typeof value === "function", { error: "a function" }).optional(),
  } satisfies Record<keyof ImportLangChainLibSQLTableOptions, z.ZodType>)
  .superRefine((o, ctx) => {
    if (o.client === undefined && o.store === undefined) {
      ctx.addIssue({ code: "custom", path: ["client"], message: "the source database is missing: pass { client } or { store }." });
    }
    if (typeof o.into === "string" && o.store === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["into"],
        message: `into "${o.into}" names a collection; pass { store } to open or create it, or pass an open Collection.`,
      });
    }
  });

export async function importLangChainLibSQLTable(options: ImportLangChainLibSQLTableOptions): Promise<ImportLangChainLibSQLTableResult> {
  const { table, column = "embedding", idColumn, batchSize = 500 } = parseOptions(optionsSchema, options, { caller: "importLangChainLibSQLTable" });
  // The schema has checked that one of them is given.
  const client = (options.client ?? options.store?.client)!;

  const columns = await withStoreErrors(`read the columns of "${table}"`, () =>
    client.execute({ sql: "SELECT name, type FROM pragma_table_info(?)", args: [table] }),
  );
  if (columns.rows.length === 0) throw new RagError("NOT_FOUND", `Table "${table}" does not exist in the source database.`);
  const types = new Map(columns.rows.map((r) => [String(r.name).toLowerCase(), String(r.type ?? "")]));
  for (const [name, what] of [
    ["content", "content"],
    ["metadata", "metadata"],
    [column, "vector column"],
    [idColumn, "idColumn"],
  ] as const) {
    if (name !== undefined && !types.has(name.toLowerCase())) {
      throw new RagError("NOT_FOUND", `Table "${table}" has no ${what} "${name}"; its columns are ${[...types.keys()].join(", ")}.`);
    }
  }

  let collection = isCollection(options.into) ? options.into : undefined;
  const declared = /^\s*F(?:32|64|16|B16|8|1BIT)_BLOB\s*\(\s*(\d+)\s*\)\s*$/i.exec(types.get(column.toLowerCase()) ?? "");
  const t = quoteIdent(table);
  const v = quoteIdent(column);
  const idSelect = idColumn ? `, ${quoteIdent(idColumn)} AS lc_id` : "";
  const sql = `SELECT rowid AS lc_rowid, content AS lc_content, metadata AS lc_metadata${idSelect},
      CASE WHEN ${v} IS NULL THEN NULL ELSE vector32(${v}) END AS lc_vector
    FROM ${t} WHERE (? IS NULL OR rowid > ?) ORDER BY rowid LIMIT ?`;

  let imported = 0;
  const skipped: ImportLangChainLibSQLTableResult["skipped"] = [];
  let after: InValue = null;
  for (;;) {
    const rs = await withStoreErrors(`read "${table}"`, () => client.execute({ sql, args: [after, after, batchSize] }));
    if (rs.rows.length === 0) break;
    const records = new Map<string, RecordInput>();
    for (const row of rs.rows) {
      const rowid = Number(row.lc_rowid);
      after = row.lc_rowid as InValue;
      if (row.lc_vector === null || row.lc_vector === undefined) {
        skipped.push({ rowid, reason: `the ${column} column is NULL` });
        continue;
      }
      const metadata = parseLangChainMetadata(row.lc_metadata);
      if (typeof metadata === "string") {
        skipped.push({ rowid, reason: metadata });
        continue;
      }
      const id = idColumn ? row.lc_id : `lc:${rowid}`;
      if (id === null || id === undefined || String(id).length === 0) {
        skipped.push({ rowid, reason: `the ${idColumn} column is empty` });
        continue;
      }
      records.delete(String(id));
      records.set(String(id), {
        id: String(id),
        documentId: documentIdFrom(metadata, options.documentIdKey),
        content: row.lc_content === null || row.lc_content === undefined ? "" : String(row.lc_content),
        metadata,
        vector: decodeF32(row.lc_vector),
      });
    }
    if (records.size > 0) {
      const batch = [...records.values()];
      collection ??= await options.store!.collection(options.into as string, {
        ...options.collectionOptions,
        dimensions: declared ? Number(declared[1]) : batch[0]!.vector.length,
      });
      await collection.upsert(batch);
      imported += batch.length;
    }
    options.onProgress?.({ imported, skipped: skipped.length });
    if (rs.rows.length < batchSize) break;
  }
  collection ??= await options.store!.collection(options.into as string, {
    ...options.collectionOptions,
    ...(declared ? { dimensions: Number(declared[1]) } : {}),
  });
  return { collection, imported, skipped };
}

/** The metadata object, or the reason it cannot be used. */
function parseLangChainMetadata(value: unknown): Record<string, unknown> | string {
  if (value === null || value === undefined || value === "") return {};
  if (typeof value !== "string") return `metadata is a ${typeof value}, not JSON text`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return `metadata is not valid JSON: ${describeValue(value)}`;
  }
  if (parsed === null) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) return `metadata is not a JSON object: ${describeValue(value)}`;
  return parsed as Record<string, unknown>;
}
