import { z } from "zod";
import type { Client } from "@libsql/client";
import { RagError, isRagError } from "../errors.js";
import { infoFromRow, tablesFromRow, verifyVectorColumn, type CollectionInfo } from "../db/collection-info.js";
import type { ConnectionKind } from "../db/connection.js";
import { createCollectionStatements, createVectorIndexSql, dropCollectionStatements, fieldIndexStatements, tablesFor } from "../db/ddl.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { checkSameEmbedder } from "../db/same-embedder.js";
import { COLLECTION_SCHEMA_VERSION, migrateStore, upgradeCollectionStatements } from "../db/migrations.js";
import {
  claimEmbedderStatement,
  deleteRegistryRow,
  insertRegistryRow,
  readRegistryRow,
  readRegistryRows,
  updateIndexedFields,
  updateIndexOptions,
  updateIvfOptions,
} from "../db/registry.js";
import { ivfStatements } from "../db/ivf.js";
import { ScanCache, type ScanCacheOptions, type SnapshotFiles } from "../search/scan-cache/index.js";
import type { WordList } from "../db/collection-context.js";
import { checkStore, type CheckOptions, type CheckReport } from "./check.js";
import { CollectionImpl, type Collection } from "./collection.js";
import {
  checkCollectionName,
  checkSameOptions,
  defaultIndexOptions,
  fieldPath,
  ivfSetting,
  newCollectionSettings,
  parseCollectionOptions,
  uniqueIndexedFields,
  type CollectionOptions,
} from "./collection-options.js";
import { parseOptions } from "../options.js";
import { randomHex } from "../random.js";
import { repairStore, type RepairOptions, type RepairReport } from "./repair.js";

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
    /** False for a client passed in with `{ client }`, which its owner closes. */
    private readonly ownsClient = true,
    /** Where scan caches keep their snapshots (local files only). */
    private readonly snapshots?: SnapshotFiles,
    /** The words keyword search never reads as slips (the Node entry's English word list). */
    private readonly words?: WordList,
  ) {}

  private refuseWrite(what: string): never {
    throw new RagError("STORE_ERROR", `Cannot ${what}: the store ${this.url} was opened read-only. Open it without readOnly to change it.`);
  }

  private assertOpen(): void {
    if (this.closed) throw new RagError("CLOSED", `The store ${this.url} is closed; open it again with openStore().`);
  }

  async migrate(): Promise<void> {
    this.noTables = (await migrateStore(this.client, this.url, this.readOnly)).noTables;
  }

  private async readRow(name: string): Promise<Record<string, unknown> | undefined> {
    if (this.noTables) return undefined;
    return withStoreErrors(`read collection "${name}"`, () => readRegistryRow(this.client, name));
  }

  private open(row: Record<string, unknown>): CollectionImpl {
    const { info, tables } = infoFromRow(row);
    if (info.schemaVersion > COLLECTION_SCHEMA_VERSION) {
      throw new RagError(
        "STORE_ERROR",
        `Collection "${info.name}" has table version ${info.schemaVersion}, newer than this libsql-rag supports. Upgrade libsql-rag.`,
      );
    }
    let cache: ScanCache | undefined;
    const previous = this.tableOf.get(info.name);
    // Dropped and made again, perhaps by another process: the old table's cache is garbage.
    if (previous !== undefined && previous !== tables.chunks) this.caches.delete(previous);
    this.tableOf.set(info.name, tables.chunks);
    if (this.scanCache !== false) {
      cache = this.caches.get(tables.chunks);
      if (cache === undefined) {
        cache = new ScanCache(this.client, info, tables, this.scanCache, this.snapshots);
        this.caches.set(tables.chunks, cache);
      }
    }
    return new CollectionImpl(this.client, info, tables, () => this.closed, cache, this.words);
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
      await withStoreErrors(`upgrade collection "${info.name}"`, () => this.client.batch(upgradeCollectionStatements(info, tables), "write"));
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
    checkSameOptions(info, o);
    if (o.indexedFields !== undefined) {
      const wanted = uniqueIndexedFields(o.indexedFields);
      const added = wanted.filter((f) => !info.indexedFields.includes(f));
      if (added.length > 0 && this.readOnly) this.refuseWrite(`index the fields ${added.join(", ")} of "${info.name}"`);
      if (added.length > 0) {
        const all = [...info.indexedFields, ...added];
        await withStoreErrors(`index fields of "${info.name}"`, () =>
          this.client.batch([...fieldIndexStatements(col.tables, all.map(fieldPath), true), updateIndexedFields(info.name, all)], "write"),
        );
        return this.openExisting((await this.readRow(info.name))!, { ...o, indexedFields: all });
      }
    }
    if (o.index !== undefined && o.index !== false && info.index === false) {
      if (this.readOnly) this.refuseWrite(`add a vector index to "${info.name}"`);
      const index = o.index === true ? defaultIndexOptions(info.metric, info.dimensions) : o.index;
      // One write transaction: a failed build rolls back and leaves no shadow table.
      await withStoreErrors(`add a vector index to "${info.name}"`, () =>
        this.client.batch([createVectorIndexSql(col.tables, info.metric, index), updateIndexOptions(info.name, index)], "write"),
      );
      return this.openExisting((await this.readRow(info.name))!, o);
    }
    if (o.ivf !== undefined && o.ivf !== false && info.ivf === false) {
      const ivf = ivfSetting(o.ivf, info.vectorType);
      if (this.readOnly) this.refuseWrite(`add partitions to "${info.name}"`);
      const decl = `${info.vectorType}(${info.dimensions})`;
      await withStoreErrors(`add partitions to "${info.name}"`, () =>
        this.client.batch([...ivfStatements(col.tables, info.metric, decl, false), updateIvfOptions(info.name, ivf === false ? {} : ivf)], "write"),
      );
      // Training changes no registry value: the row read once serves the training and the collection returned.
      const row = (await this.readRow(info.name))!;
      await this.open(row).trainIfDue();
      return this.openExisting(row, o);
    }
    if (o.embedderId !== undefined && info.embedderId !== o.embedderId) {
      checkSameEmbedder(info, o.embedderId);
      // A read-only store uses the collection as it is; the next writable open records the embedder.
      if (this.readOnly) return col;
      // First embedder to use a collection made without one claims it; the WHERE guards against a race.
      const rs = await withStoreErrors(`record embedder of "${info.name}"`, () => this.client.execute(claimEmbedderStatement(info.name, o.embedderId!)));
      if (rs.rowsAffected === 0) return this.openExisting((await this.readRow(info.name))!, o);
      return this.open({ ...(await this.readRow(info.name))! });
    }
    return col;
  }

  private async create(name: string, o: CollectionOptions & { dimensions: number }): Promise<Collection> {
    const { vectorType, metric, index, indexedFields, ivf } = newCollectionSettings(o, this.kind, this.scanCache !== false && !this.replica);
    const slug = name.replace(/[^A-Za-z0-9]/g, "_").slice(0, 24);
    const table = `rag_${slug}_${randomHex(4)}`;
    const row = insertRegistryRow({ name, table, dimensions: o.dimensions, vectorType, metric, index, embedderId: o.embedderId ?? null, indexedFields, ivf });
    const ddl = [
      ...createCollectionStatements(tablesFor(table), o.dimensions, vectorType, metric, index, indexedFields.map(fieldPath)),
      ...(ivf === false ? [] : ivfStatements(tablesFor(table), metric, `${vectorType}(${o.dimensions})`, false)),
    ];
    // One write transaction: a failed CREATE INDEX rolls back with everything else and leaves no shadow tables.
    await withStoreErrors(`create collection "${name}"`, () => this.client.batch([row, ...ddl], "write"));
    const created = await this.readRow(name);
    if (!created) throw new RagError("STORE_ERROR", `Collection "${name}" vanished right after it was created.`);
    return this.open(created);
  }

  async listCollections(): Promise<CollectionInfo[]> {
    this.assertOpen();
    if (this.noTables) return [];
    const rows = await withStoreErrors("list collections", () => readRegistryRows(this.client));
    return rows.map((row) => infoFromRow(row).info);
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
    await withStoreErrors(`drop collection "${name}"`, () => this.client.batch([...dropCollectionStatements(tables), deleteRegistryRow(name)], "write"));
    this.snapshots?.remove(tables.chunks);
    return true;
  }

  async check(options: CheckOptions = {}): Promise<CheckReport> {
    this.assertOpen();
    parseOptions(checkOptionsSchema, options, { caller: "store.check" });
    return withStoreErrors("check the store", () => checkStore(this.client, this.readOnly, options));
  }

  async repair(options: RepairOptions = {}): Promise<RepairReport> {
    this.assertOpen();
    parseOptions(repairOptionsSchema, options, { caller: "store.repair" });
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
    if (this.ownsClient) this.client.close();
  }
}

/**
 * A store over an open client: checks and migrates the database. `ownsClient` says whether `store.close()`
 * closes the client (and whether a failed migration does).
 */
export async function storeOverClient(
  client: Client,
  how: {
    url: string;
    kind: ConnectionKind;
    replica: boolean;
    scanCache: ScanCacheOptions | false;
    readOnly: boolean;
    ownsClient: boolean;
    snapshots?: SnapshotFiles;
    words?: WordList;
  },
): Promise<Store> {
  const store = new StoreImpl(client, how.url, how.kind, how.replica, how.scanCache, how.readOnly, how.ownsClient, how.snapshots, how.words);
  try {
    await store.migrate();
  } catch (error) {
    if (how.ownsClient) client.close();
    throw error;
  }
  return store;
}

const checkOptionsSchema = z.strictObject({ quick: z.boolean().optional() } satisfies Record<keyof CheckOptions, z.ZodType>);
const repairOptionsSchema = z.strictObject({
  collections: z.array(z.string()).optional(),
  quick: z.boolean().optional(),
} satisfies Record<keyof RepairOptions, z.ZodType>);
