import { createClient, type Client, type Config } from "@libsql/client";
import { RagError } from "../errors.js";
import { checkLocalFile, hasPendingWal, localFilePath, readOnlyUrl } from "./local-file.js";

/**
 * Where and how to connect. `url` is `":memory:"`, `file:path`, or a remote libSQL server
 * (`libsql://`, `http(s)://`, `ws(s)://`).
 */
export interface ConnectionOptions {
  /** @default "file:rag.db" */
  url?: string | undefined;
  /** Token for a remote server (Turso, sqld with JWT auth). */
  authToken?: string | undefined;
  /** Embedded replica: the remote primary to sync a local `file:` database from. */
  syncUrl?: string | undefined;
  /** Embedded replica: seconds between automatic syncs. */
  syncInterval?: number;
  /** Embedded replica: read your own writes. @default true */
  readYourWrites?: boolean;
  /** Local files: milliseconds a writer waits for a lock before SQLITE_BUSY. @default 5000 */
  busyTimeoutMs?: number;
  /** Local files: SQLite page cache size in MiB. Larger caches speed up vector index inserts. @default 64 */
  cacheSizeMiB?: number;
  /**
   * Local files: bytes of the database SQLite may memory-map, in MiB, so reads come straight from the OS page
   * cache (random row lookups, as the scan cache's re-rank does, get faster once the table outgrows
   * `cacheSizeMiB`: docs/benchmarks.md). Address space only; `0` turns it off.
   * @default 1024
   */
  mmapSizeMiB?: number;
  /** Maximum concurrent requests to a remote server. */
  concurrency?: number;
  /** Database encryption key for local files (passed to `@libsql/client`). */
  encryptionKey?: string | undefined;
  /**
   * Open without writing anything: a missing `file:` database is `NOT_FOUND` instead of being created, the
   * file is opened by SQLite in read-only mode (so a file or folder without write permission can be
   * searched), and the store skips its own writes on open (migrations, table upgrades, recording the
   * embedder). Writes through the store then fail with `STORE_ERROR`. On a remote URL only the store's own
   * writes are skipped; use a read-only token to forbid the rest. Not with `syncUrl`.
   * @default false
   */
  readOnly?: boolean;
}

export type ConnectionKind = "memory" | "file" | "remote";

export interface ResolvedConnection {
  kind: ConnectionKind;
  /** The URL with any credentials removed, safe to print. */
  displayUrl: string;
  config: Config;
  busyTimeoutMs: number;
  cacheSizeMiB: number;
  mmapSizeMiB: number;
  readOnly: boolean;
  /** Local files: the database file's path. */
  path?: string;
}

const REMOTE_PROTOCOLS = new Set(["libsql:", "http:", "https:", "ws:", "wss:"]);

/**
 * Normalizes connection options once, at the boundary, and checks the URLs' form; the options' types and
 * ranges are checked by the schema of the options object that holds them (`connectionOptionsShape`).
 */
export function resolveConnection(options: ConnectionOptions): ResolvedConnection {
  const url = (options.url ?? "file:rag.db").trim();
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const cacheSizeMiB = options.cacheSizeMiB ?? 64;
  const mmapSizeMiB = options.mmapSizeMiB ?? 1024;
  const readOnly = options.readOnly ?? false;
  const base = { busyTimeoutMs, cacheSizeMiB, mmapSizeMiB, readOnly };
  const shared: Partial<Config> = {};
  if (options.authToken !== undefined) shared.authToken = options.authToken;
  if (options.concurrency !== undefined) shared.concurrency = options.concurrency;
  if (options.encryptionKey !== undefined) shared.encryptionKey = options.encryptionKey;

  if (url === ":memory:" || url === "file::memory:") {
    return { kind: "memory", displayUrl: ":memory:", config: { ...shared, url: ":memory:" }, ...base };
  }
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length).split("?")[0] ?? "";
    if (path === "" || path === "//") {
      throw new RagError(
        "INVALID_ARGUMENT",
        `Malformed database URL ${JSON.stringify(url)}: a file: URL needs a path, e.g. "file:rag.db" or "file:/data/rag.db".`,
      );
    }
    const filePath = localFilePath(url);
    if (readOnly && options.syncUrl !== undefined) {
      throw new RagError(
        "INVALID_ARGUMENT",
        "readOnly cannot be combined with syncUrl: an embedded replica writes what it syncs into the local file. Drop one of them.",
      );
    }
    const config: Config = { ...shared, url: readOnly ? readOnlyUrl(filePath, false) : url };
    if (options.syncUrl !== undefined) {
      checkRemote(options.syncUrl, "syncUrl");
      config.syncUrl = options.syncUrl;
      if (options.syncInterval !== undefined) config.syncInterval = options.syncInterval;
      config.readYourWrites = options.readYourWrites ?? true;
    }
    return { kind: "file", displayUrl: url, config, path: filePath, ...base };
  }
  if (options.syncUrl !== undefined) {
    throw new RagError("INVALID_ARGUMENT", `syncUrl needs a local "file:" url for the embedded replica, got url ${JSON.stringify(redact(url))}.`);
  }
  const parsed = checkRemote(url, "url");
  return {
    kind: "remote",
    displayUrl: `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`,
    config: { ...shared, url },
    ...base,
  };
}

function checkRemote(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `Malformed database ${what} ${JSON.stringify(redact(url))}: expected ":memory:", "file:path", or a libsql://, http(s):// or ws(s):// URL.`,
      { cause },
    );
  }
  if (!REMOTE_PROTOCOLS.has(parsed.protocol) || parsed.hostname === "") {
    throw new RagError(
      "INVALID_ARGUMENT",
      `Unsupported database ${what} ${JSON.stringify(redact(url))}: expected ":memory:", "file:path", or a libsql://, http(s):// or ws(s):// URL with a host.`,
    );
  }
  return parsed;
}

function redact(url: string): string {
  return url.replace(/(authToken=)[^&]+/i, "$1***").replace(/\/\/[^/@]*@/, "//***@");
}

/** The page size of a database file this library creates. */
const NEW_FILE_PAGE_SIZE = 16384;

async function openLocal(resolved: ResolvedConnection): Promise<Client> {
  const client = createClient(resolved.config);
  const pragmas = [`PRAGMA busy_timeout = ${resolved.busyTimeoutMs}`, `PRAGMA cache_size = ${-Math.round(resolved.cacheSizeMiB * 1024)}`];
  if (resolved.kind === "file" && resolved.config.syncUrl === undefined) {
    // Switching to WAL writes the file header; a read-only open keeps whatever journal mode the file has.
    if (!resolved.readOnly) {
      // A new file gets 16 KiB pages (a no-op for an existing one, whose page size is fixed once it is in WAL
      // mode): a 512-d float32 row (2 KiB and a header) fits once in a 4 KiB page but seven times in 16 KiB,
      // which took a 100k × 512 collection from 2.0× to 1.2× the raw vector bytes (docs/benchmarks.md).
      pragmas.unshift(`PRAGMA page_size = ${NEW_FILE_PAGE_SIZE}`, "PRAGMA journal_mode = WAL");
      pragmas.push("PRAGMA synchronous = NORMAL");
    }
    // Encrypted pages must go through the codec, never a raw mapping.
    if (resolved.config.encryptionKey === undefined) pragmas.push(`PRAGMA mmap_size = ${resolved.mmapSizeMiB * 1024 * 1024}`);
    // Reading the schema now makes a read-only open fail here, where it can still fall back, if it must.
    if (resolved.readOnly) pragmas.push("SELECT count(*) FROM sqlite_master");
  }
  try {
    for (const sql of pragmas) await client.execute(sql);
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}

/**
 * A read-only open of a WAL database needs its WAL index (`-shm`), which SQLite cannot create in a folder
 * without write permission (SQLITE_READONLY_DIRECTORY, or SQLITE_CANTOPEN). Nobody can be writing there,
 * so the file is then opened as immutable, unless a non-empty `-wal` holds commits that mode would not see.
 */
function needsImmutable(resolved: ResolvedConnection, error: unknown): boolean {
  if (!resolved.readOnly || resolved.path === undefined) return false;
  return isFolderProblem(error) && !hasPendingWal(resolved.path);
}

function isFolderProblem(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  const message = String((error as { message?: unknown } | null)?.message ?? "");
  return /READONLY|CANTOPEN|_1544$/.test(code) || /readonly|unable to open/i.test(message);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/**
 * Opens the driver client. Local clients get their pragmas (WAL, busy timeout, synchronous=NORMAL, cache
 * size) and heal themselves: with the native engine, a statement that fails with SQLITE_BUSY leaves the
 * connection inside a transaction it can no longer commit, so later writes would report success and never
 * land. After a BUSY error the connection is replaced before the error reaches the caller, whose retry then
 * runs on a clean connection.
 */
export async function openClient(resolved: ResolvedConnection): Promise<Client> {
  if (resolved.kind === "remote") return createClient(resolved.config);
  if (resolved.kind === "file" && resolved.path !== undefined) checkLocalFile(resolved.displayUrl, resolved.path, resolved.readOnly);
  // A :memory: database lives and dies with its connection, so it cannot be replaced; it has no other writers.
  if (resolved.kind === "memory") return openLocal(resolved);
  let inner: Client;
  try {
    inner = await openLocal(resolved);
  } catch (error) {
    if (!needsImmutable(resolved, error)) {
      if (resolved.readOnly && resolved.path !== undefined && isFolderProblem(error) && hasPendingWal(resolved.path)) {
        throw new RagError(
          "STORE_ERROR",
          `Cannot read ${resolved.path} read-only: its folder is not writable, and its write-ahead log (${resolved.path}-wal) holds commits that SQLite can only read through an index file (-shm) it cannot create there. Open it once with write access to the folder (a writable open folds the log into the file), or copy the database with its -wal file to a writable folder.`,
          { cause: error },
        );
      }
      throw error;
    }
    resolved = { ...resolved, config: { ...resolved.config, url: readOnlyUrl(resolved.path!, true) } };
    inner = await openLocal(resolved);
  }
  let healing: Promise<void> | undefined;
  const heal = async (failed: Client) => {
    if (inner !== failed) return;
    healing ??= (async () => {
      try {
        const fresh = await openLocal(resolved);
        failed.close();
        inner = fresh;
      } finally {
        healing = undefined;
      }
    })();
    await healing;
  };
  const guarded =
    (name: "execute" | "batch" | "executeMultiple") =>
    async (...args: unknown[]) => {
      if (healing) await healing;
      const client = inner;
      try {
        return await (client[name] as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        if (isBusy(error)) await heal(client).catch(() => undefined);
        throw error;
      }
    };
  const wrappers: Record<string, unknown> = { execute: guarded("execute"), batch: guarded("batch"), executeMultiple: guarded("executeMultiple") };
  return new Proxy({} as Client, {
    get(_target, prop) {
      if (typeof prop === "string" && prop in wrappers) return wrappers[prop];
      const value = (inner as unknown as Record<string | symbol, unknown>)[prop];
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(inner) : value;
    },
  });
}
