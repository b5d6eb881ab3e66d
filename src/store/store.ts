import { randomBytes } from "node:crypto";
import type { Client } from "@libsql/client";
import { z } from "zod";
import { RagError, describeValue, isRagError } from "../errors.js";
import { CollectionImpl, type Collection } from "./collection.js";
import { indexOptionsSchema, infoFromRow, tablesFromRow, verifyVectorColumn, type CollectionInfo } from "../db/collection-info.js";
import { openClient, resolveConnection, type ConnectionKind, type ConnectionOptions } from "../db/connection.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { checkOptionKeys } from "./option-keys.js";
import { checkStore, type CheckOptions, type CheckReport } from "./check.js";
import { repairStore, type RepairOptions, type RepairReport } from "./repair.js";
import {
  META_TABLE,
  changeLogStatements,
  upgradeFullTextStatements,
  REGISTRY_TABLE,
  createCollectionStatements,
  dropCollectionStatements,
  fieldIndexStatements,
  tablesFor,
  type VectorIndexOptions,
} from "../db/ddl.js";
import { COLLECTION_SCHEMA_VERSION, FIELD_AWARE_FTS_VERSION, STORE_MIGRATIONS, STORE_SCHEMA_VERSION, recordSchemaVersion } from "../db/migrations.js";
import { quoteIdent } from "../db/sql.js";
import { jsonPath, parseFilter } from "../filter/index.js";
import { MAX_DIMENSIONS, VECTOR_TYPES, type Metric, type VectorType } from "../db/vector.js";
import { ScanCache, type ScanCacheOptions } from "../search/scan-cache/index.js";

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
} satisfies Record<keyof StoreOptions, true>);

/**
 * Options of a collection. When the collection exists, every option given must match what it was
 * created with; an existing collection opens with none.
 */
export interface CollectionOptions {
  /** Vector length. Required to create a collection. */
  dimensions?: number;
  /** Column type of the vectors. @default "F32_BLOB" */
  vectorType?: VectorType;
  /** @default "cosine" */
  metric?: Metric;
  /** DiskANN index options, or `false` for no vector index (exact search only). @default defaultIndexOptions(metric, dimensions) */
  index?: VectorIndexOptions | false;
  /** The embedder id to record (or check against what is recorded). */
  embedderId?: string;
  /**
   * Metadata fields (dotted paths) to index, so that filters on them (`$eq`, `$in`, ranges, also on array
   * elements) are index lookups and filtered search stays fast at low selectivity. Opening an existing
   * collection with new fields adds their indexes; fields are never dropped this way.
   * @default []
   */
  indexedFields?: string[];
}

/**
 * A libSQL database holding collections.
 *
 * @example
 * const store = await openStore({ url: "file:rag.db" });
 * const docs = await store.collection("docs", { dimensions: 512 });
 */
export interface Store {
  /** The URL without credentials. */
  readonly url: string;
  readonly kind: ConnectionKind;
  /** Opened with `readOnly: true`: the store writes nothing of its own, and creates no collection. */
  readonly readOnly: boolean;
  /** The underlying `@libsql/client` client, for advanced use. */
  readonly client: Client;
  /** Creates a collection, or opens an existing one after checking the options. */
  collection(name: string, options?: CollectionOptions): Promise<Collection>;
  listCollections(): Promise<CollectionInfo[]>;
  /** Removes a collection and all its tables and indexes. Returns false when it did not exist. */
  dropCollection(name: string): Promise<boolean>;
  /**
   * Verifies the database without changing it: SQLite's integrity check over the file, then each collection's
   * registry row, tables, vector index, full-text index, documents table, change log and triggers. Every
   * problem says what is wrong and what to do (`repair`). Safe on a damaged database: it only reads, and never
   * through the vector index. Works on a store opened with `readOnly: true`.
   *
   * @example
   * const report = await store.check();
   * for (const p of report.problems) console.log(p.collection, p.check, p.message, p.repair);
   */
  check(options?: CheckOptions): Promise<CheckReport>;
  /**
   * Runs {@link check}, rebuilds the indexes of every collection with a problem (`col.reindex()`), and checks
   * again; `after` lists what is left (file damage needs a backup or a recovery, see the README).
   */
  repair(options?: RepairOptions): Promise<RepairReport>;
  /** Embedded replicas: pull changes from the primary now. A no-op elsewhere. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The index options a collection gets when created without any, by metric and dimensions. Chosen by the
 * index-option sweep (docs/benchmarks.md). For cosine: 1-bit neighbours, a graph degree of ⌊1.8·(⌊√D⌋+1)⌋
 * (36 at 384 dimensions, 50 at 768, 72 at 1536: 60% of libSQL's default), and `insertL: 20` (libSQL: 70).
 * Against libSQL's defaults that builds 3.5–4× as fast (about 1,300 rows/s at 10k × 384 on 2 cores) and
 * 55× → 4–5× the raw vector bytes, at the same index recall (0.998 at 10k × 384, 0.99 at 10k × 1536, 0.39
 * at 100k × 384 against 0.37). libSQL offers 1-bit neighbours only for cosine; l2 keeps 8-bit neighbours and
 * libSQL's degree (a smaller degree cost l2 recall).
 */
export function defaultIndexOptions(metric: Metric, dimensions: number): VectorIndexOptions {
  if (metric === "l2") return { compressNeighbors: "float8" };
  return { compressNeighbors: "float1bit", maxNeighbors: Math.floor(1.8 * (Math.floor(Math.sqrt(dimensions)) + 1)), insertL: 20 };
}


const collectionOptionsSchema = z.strictObject({
  dimensions: z.number().int().min(1).max(MAX_DIMENSIONS).optional(),
  vectorType: z.enum(VECTOR_TYPES as [VectorType, ...VectorType[]]).optional(),
  metric: z.enum(["cosine", "l2"]).optional(),
  index: z.union([z.literal(false), indexOptionsSchema]).optional(),
  embedderId: z.string().min(1).max(512).optional(),
  indexedFields: z.array(z.string()).max(32).optional(),
});

function checkIndexedFields(fields: readonly string[]): string[] {
  return [...new Set(fields)].map((field) => {
    if (field === "id" || field === "documentId") {
      throw new RagError("INVALID_ARGUMENT", `indexedFields: "${field}" is a record field and is always indexed; list metadata paths only.`);
    }
    try {
      parseFilter({ [field]: { $exists: true } });
    } catch (error) {
      throw new RagError("INVALID_ARGUMENT", `indexedFields: ${(error as Error).message}`, { cause: error });
    }
    return field;
  });
}

function checkCollectionName(name: unknown): string {
  if (typeof name !== "string" || name.length === 0 || name.length > 128 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `A collection name must be 1 to 128 characters without control characters, got ${describeValue(name)}.`,
    );
  }
  return name;
}

function parseCollectionOptions(options: unknown): z.infer<typeof collectionOptionsSchema> {
  const parsed = collectionOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RagError("INVALID_ARGUMENT", `Invalid collection option ${issue.path.join(".") || "(options)"}: ${issue.message}.`, { cause: parsed.error });
  }
  return parsed.data;
}

/** The JSON path of a dotted metadata field. */
function fieldPath(field: string): string {
  return jsonPath(field.split("."));
}

function sameIndex(a: VectorIndexOptions | false, b: VectorIndexOptions | false): boolean {
  if (a === false || b === false) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof VectorIndexOptions>;
  return [...keys].every((k) => a[k] === b[k]);
}

class StoreImpl implements Store {
  private closed = false;
  /** A read-only open of a database without libsql-rag's tables (an empty file): it has no collections. */
  private noTables = false;
  /** Scan caches by chunk table, shared by every handle of a collection. */
  private readonly caches = new Map<string, ScanCache>();
  /** The chunk table each collection name had when last opened, to free the cache of a replaced collection. */
  private readonly tableOf = new Map<string, string>();
  /** Collections whose registry row was checked against their table, by table, vector type and dimensions. */
  private readonly verified = new Set<string>();

  constructor(
    readonly client: Client,
    readonly url: string,
    readonly kind: ConnectionKind,
    private readonly replica: boolean,
    private readonly scanCache: ScanCacheOptions | false,
    readonly readOnly: boolean,
  ) {}

  private refuseWrite(what: string): never {
    throw new RagError("STORE_ERROR", `Cannot ${what}: the store ${this.url} was opened read-only. Open it without readOnly to change it.`);
  }

  private assertOpen(): void {
    if (this.closed) throw new RagError("CLOSED", `The store ${this.url} is closed; open it again with openStore().`);
  }

  async migrate(): Promise<void> {
    const current = await withStoreErrors(`open ${this.url}: read schema version`, async () => {
      const exists = await this.client.execute({ sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args: [META_TABLE] });
      if (exists.rows.length === 0) return 0;
      const rs = await this.client.execute({ sql: `SELECT value FROM ${quoteIdent(META_TABLE)} WHERE key = 'schema_version'` });
      return Number(rs.rows[0]?.value ?? 0);
    });
    if (current > STORE_SCHEMA_VERSION) {
      throw new RagError(
        "STORE_ERROR",
        `The database ${this.url} has schema version ${current}, newer than this libsql-rag supports (${STORE_SCHEMA_VERSION}). Upgrade libsql-rag.`,
      );
    }
    if (this.readOnly && current < STORE_SCHEMA_VERSION) {
      if (current === 0) {
        this.noTables = true;
        return;
      }
      throw new RagError(
        "STORE_ERROR",
        `The database ${this.url} has schema version ${current} and needs an upgrade to version ${STORE_SCHEMA_VERSION}, which a read-only open cannot write. Open it once without readOnly (any libsql-rag ingest does), on a writable copy if need be.`,
      );
    }
    for (const migration of STORE_MIGRATIONS) {
      if (migration.version <= current) continue;
      await this.runMigration(migration);
    }
  }

  private async schemaVersion(): Promise<number> {
    const rs = await this.client.execute({ sql: `SELECT value FROM ${quoteIdent(META_TABLE)} WHERE key = 'schema_version'` });
    return Number(rs.rows[0]?.value ?? 0);
  }

  private async runMigration(migration: (typeof STORE_MIGRATIONS)[number]): Promise<void> {
    try {
      await withStoreErrors(`migrate to schema version ${migration.version}`, () =>
        this.client.batch(
          [
            ...migration.statements,
            recordSchemaVersion(migration.version),
          ],
          "write",
        ),
      );
    } catch (error) {
      // Another process may have applied it between our version check and our write.
      if ((await this.schemaVersion().catch(() => 0)) >= migration.version) return;
      throw error;
    }
  }

  private async readRow(name: string): Promise<Record<string, unknown> | undefined> {
    if (this.noTables) return undefined;
    const rs = await withStoreErrors(`read collection "${name}"`, () =>
      this.client.execute({ sql: `SELECT * FROM ${quoteIdent(REGISTRY_TABLE)} WHERE name = ?`, args: [name] }),
    );
    return rs.rows[0] as Record<string, unknown> | undefined;
  }

  private open(row: Record<string, unknown>): CollectionImpl {
    const { info, tables } = infoFromRow(row);
    if (info.schemaVersion > COLLECTION_SCHEMA_VERSION) {
      throw new RagError("STORE_ERROR", `Collection "${info.name}" has table version ${info.schemaVersion}, newer than this libsql-rag supports. Upgrade libsql-rag.`);
    }
    let cache: ScanCache | undefined;
    const previous = this.tableOf.get(info.name);
    // Dropped and made again, perhaps by another process: the old table's cache is garbage.
    if (previous !== undefined && previous !== tables.chunks) this.caches.delete(previous);
    this.tableOf.set(info.name, tables.chunks);
    if (this.scanCache !== false) {
      cache = this.caches.get(tables.chunks);
      if (cache === undefined) {
        cache = new ScanCache(this.client, info, tables, this.scanCache);
        this.caches.set(tables.chunks, cache);
      }
    }
    return new CollectionImpl(this.client, info, tables, () => this.closed, cache);
  }

  /**
   * Brings a collection made by an older libsql-rag up to the current table version (idempotent, so two
   * processes may race). Returns the registry row to open, unchanged when the upgrade cannot be written
   * (a read-only database): the collection then works without a scan cache.
   */
  private async upgrade(row: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.readOnly || Number(row.schema_version) >= COLLECTION_SCHEMA_VERSION) return row;
    const { info, tables } = infoFromRow(row);
    try {
      await withStoreErrors(`upgrade collection "${info.name}"`, () =>
        this.client.batch(
          [
            ...(info.schemaVersion < 2 ? changeLogStatements(tables) : []),
            ...(info.schemaVersion < FIELD_AWARE_FTS_VERSION ? upgradeFullTextStatements(tables) : []),
            {
              sql: `UPDATE ${quoteIdent(REGISTRY_TABLE)} SET schema_version = ? WHERE name = ? AND schema_version < ?`,
              args: [COLLECTION_SCHEMA_VERSION, info.name, COLLECTION_SCHEMA_VERSION],
            },
          ],
          "write",
        ),
      );
    } catch {
      return row;
    }
    return (await this.readRow(info.name)) ?? row;
  }

  async collection(name: string, options?: CollectionOptions): Promise<Collection> {
    this.assertOpen();
    checkCollectionName(name);
    const o = parseCollectionOptions(options);
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await this.readRow(name);
      if (row) return this.openExisting(row, o);
      if (o.dimensions === undefined) {
        throw new RagError("NOT_FOUND", `Collection "${name}" does not exist. Pass { dimensions } to create it.`);
      }
      if (this.readOnly) {
        throw new RagError("NOT_FOUND", `Collection "${name}" does not exist in ${this.url}, and a store opened read-only cannot create it.`);
      }
      try {
        return await this.create(name, o as CollectionOptions & { dimensions: number });
      } catch (error) {
        // Another process created it first: open theirs (after checking options).
        if (!isRagError(error, "CONSTRAINT")) throw error;
      }
    }
    throw new RagError("STORE_ERROR", `Could not create or open collection "${name}" after 3 attempts.`);
  }

  private async openExisting(row: Record<string, unknown>, o: CollectionOptions): Promise<Collection> {
    const col = this.open(await this.upgrade(row));
    const info = col.info;
    const verified = `${col.tables.chunks}:${info.vectorType}:${info.dimensions}`;
    if (!this.verified.has(verified)) {
      await withStoreErrors(`check collection "${info.name}"`, () => verifyVectorColumn(this.client, info, col.tables));
      this.verified.add(verified);
    }
    if (o.dimensions !== undefined && o.dimensions !== info.dimensions) {
      throw new RagError(
        "DIMENSION_MISMATCH",
        `Collection "${info.name}" has ${info.dimensions} dimensions, but ${o.dimensions} were asked for. Use another collection name, or drop this one first.`,
        { details: { expected: info.dimensions, actual: o.dimensions } },
      );
    }
    const conflicts: string[] = [];
    if (o.vectorType !== undefined && o.vectorType !== info.vectorType) conflicts.push(`vectorType ${info.vectorType} (asked ${o.vectorType})`);
    if (o.metric !== undefined && o.metric !== info.metric) conflicts.push(`metric ${info.metric} (asked ${o.metric})`);
    if (o.index !== undefined && !sameIndex(o.index, info.index)) {
      conflicts.push(`index ${JSON.stringify(info.index)} (asked ${JSON.stringify(o.index)})`);
    }
    if (conflicts.length > 0) {
      throw new RagError("CONFLICT", `Collection "${info.name}" exists with ${conflicts.join(", ")}. Open it without these options, or use another name.`);
    }
    if (o.indexedFields !== undefined) {
      const wanted = checkIndexedFields(o.indexedFields);
      const added = wanted.filter((f) => !info.indexedFields.includes(f));
      if (added.length > 0 && this.readOnly) this.refuseWrite(`index the fields ${added.join(", ")} of "${info.name}"`);
      if (added.length > 0) {
        const all = [...info.indexedFields, ...added];
        await withStoreErrors(`index fields of "${info.name}"`, () =>
          this.client.batch(
            [
              ...fieldIndexStatements(col.tables, all.map(fieldPath), true),
              { sql: `UPDATE ${quoteIdent(REGISTRY_TABLE)} SET indexed_fields = ? WHERE name = ?`, args: [JSON.stringify(all), info.name] },
            ],
            "write",
          ),
        );
        return this.openExisting((await this.readRow(info.name))!, { ...o, indexedFields: all });
      }
    }
    if (o.embedderId !== undefined && info.embedderId !== o.embedderId) {
      if (info.embedderId !== null) {
        throw new RagError(
          "EMBEDDER_MISMATCH",
          `Collection "${info.name}" was built with embedder "${info.embedderId}", not "${o.embedderId}". Use the same embedder, or another collection.`,
          { details: { expected: info.embedderId, actual: o.embedderId } },
        );
      }
      // A read-only store uses the collection as it is; the next writable open records the embedder.
      if (this.readOnly) return col;
      // First embedder to use a collection made without one claims it; the WHERE guards against a race.
      const rs = await withStoreErrors(`record embedder of "${info.name}"`, () =>
        this.client.execute({
          sql: `UPDATE ${quoteIdent(REGISTRY_TABLE)} SET embedder_id = ? WHERE name = ? AND embedder_id IS NULL`,
          args: [o.embedderId!, info.name],
        }),
      );
      if (rs.rowsAffected === 0) return this.openExisting((await this.readRow(info.name))!, o);
      return this.open({ ...(await this.readRow(info.name))! });
    }
    return col;
  }

  private async create(name: string, o: CollectionOptions & { dimensions: number }): Promise<Collection> {
    const vectorType = o.vectorType ?? "F32_BLOB";
    const metric = o.metric ?? "cosine";
    const index = o.index === undefined ? defaultIndexOptions(metric, o.dimensions) : o.index;
    if (vectorType === "F1BIT_BLOB" && metric === "l2") {
      throw new RagError("INVALID_ARGUMENT", "F1BIT_BLOB vectors support only the cosine metric (a Hamming distance); use metric: \"cosine\".");
    }
    if (index !== false && index.compressNeighbors === "float1bit" && metric === "l2") {
      throw new RagError("INVALID_ARGUMENT", "compressNeighbors \"float1bit\" works only with the cosine metric; choose \"float8\" for l2.");
    }
    const indexedFields = checkIndexedFields(o.indexedFields ?? []);
    const slug = name.replace(/[^A-Za-z0-9]/g, "_").slice(0, 24);
    const base = `rag_${slug}_${randomBytes(4).toString("hex")}`;
    const tables = tablesFor(base);
    const now = new Date().toISOString();
    // One write transaction: a failed CREATE INDEX rolls back with everything else and leaves no shadow tables.
    await withStoreErrors(`create collection "${name}"`, () =>
      this.client.batch(
        [
          {
            sql: `INSERT INTO ${quoteIdent(REGISTRY_TABLE)} (name, table_name, dimensions, vector_type, metric, index_options, embedder_id, schema_version, created_at, indexed_fields)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            args: [name, base, o.dimensions, vectorType, metric, index === false ? null : JSON.stringify(index), o.embedderId ?? null, COLLECTION_SCHEMA_VERSION, now, JSON.stringify(indexedFields)],
          },
          ...createCollectionStatements(tables, o.dimensions, vectorType, metric, index, indexedFields.map(fieldPath)),
        ],
        "write",
      ),
    );
    const row = await this.readRow(name);
    if (!row) throw new RagError("STORE_ERROR", `Collection "${name}" vanished right after it was created.`);
    return this.open(row);
  }

  async listCollections(): Promise<CollectionInfo[]> {
    this.assertOpen();
    if (this.noTables) return [];
    const rs = await withStoreErrors("list collections", () => this.client.execute(`SELECT * FROM ${quoteIdent(REGISTRY_TABLE)} ORDER BY name`));
    return rs.rows.map((row) => infoFromRow(row as Record<string, unknown>).info);
  }

  async dropCollection(name: string): Promise<boolean> {
    this.assertOpen();
    checkCollectionName(name);
    const row = await this.readRow(name);
    if (!row) return false;
    if (this.readOnly) this.refuseWrite(`drop collection "${name}"`);
    // Only the table name: a collection whose registry row is damaged can still be dropped.
    const tables = tablesFromRow(row);
    this.caches.delete(tables.chunks);
    this.tableOf.delete(name);
    await withStoreErrors(`drop collection "${name}"`, () =>
      this.client.batch(
        [...dropCollectionStatements(tables), { sql: `DELETE FROM ${quoteIdent(REGISTRY_TABLE)} WHERE name = ?`, args: [name] }],
        "write",
      ),
    );
    return true;
  }

  async check(options: CheckOptions = {}): Promise<CheckReport> {
    this.assertOpen();
    checkOptionKeys(options, ["quick"], "store.check");
    return withStoreErrors("check the store", () => checkStore(this.client, this.readOnly, options));
  }

  async repair(options: RepairOptions = {}): Promise<RepairReport> {
    this.assertOpen();
    checkOptionKeys(options, ["collections", "quick"], "store.repair");
    if (this.readOnly) this.refuseWrite("repair");
    return repairStore(this, options);
  }

  async sync(): Promise<void> {
    this.assertOpen();
    if (!this.replica) return;
    await withStoreErrors("sync", async () => {
      await this.client.sync();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.caches.clear();
    this.tableOf.clear();
    this.client.close();
  }
}

function scanCacheOptions(option: StoreOptions["scanCache"], kind: ConnectionKind): ScanCacheOptions | false {
  if (option === undefined) return kind === "remote" ? false : {};
  if (option === false) return false;
  if (option === true) return {};
  const maxBytes = option?.maxBytes;
  if (typeof option !== "object" || option === null || (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes < 1))) {
    throw new RagError("INVALID_ARGUMENT", `scanCache must be a boolean or { maxBytes: positive integer }, got ${describeValue(option)}.`);
  }
  return maxBytes === undefined ? {} : { maxBytes };
}

/**
 * Opens a libSQL database as a store of collections, creating or migrating its tables.
 * Local files use WAL, `synchronous=NORMAL` and a busy timeout; writes retry with backoff while busy.
 *
 * @example
 * const store = await openStore({ url: ":memory:" });
 * const store2 = await openStore({ url: "libsql://my-db.turso.io", authToken: process.env.LIBSQL_AUTH_TOKEN });
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  if (options === null || typeof options !== "object") {
    throw new RagError("INVALID_ARGUMENT", `openStore expects an options object such as { url: "file:rag.db" }, got ${describeValue(options)}.`);
  }
  checkOptionKeys(options, STORE_OPTION_KEYS, "openStore");
  const resolved = resolveConnection(options);
  const scanCache = scanCacheOptions(options.scanCache, resolved.kind);
  const client = await withStoreErrors(`open ${resolved.displayUrl}`, () => openClient(resolved));
  const store = new StoreImpl(client, resolved.displayUrl, resolved.kind, resolved.config.syncUrl !== undefined, scanCache, resolved.readOnly);
  try {
    await store.migrate();
  } catch (error) {
    client.close();
    throw error;
  }
  return store;
}
