import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { RagError } from "../errors.js";

/**
 * The filesystem path a `file:` URL names, as `@libsql/client` reads it: `file:rag.db` is relative to the
 * working directory, `file:/abs`, `file:///abs` and `file://localhost/abs` are absolute, and `%XX` escapes
 * are decoded.
 */
export function localFilePath(url: string): string {
  let rest = url.slice("file:".length).split(/[?#]/)[0] ?? "";
  if (rest.startsWith("//")) rest = rest.slice(rest.indexOf("/", 2) === -1 ? rest.length : rest.indexOf("/", 2));
  try {
    rest = decodeURIComponent(rest);
  } catch {
    // A stray "%" is part of the name; @libsql/client rejects such a URL with its own message.
  }
  return resolve(rest);
}

/** The first folder on the way to `path` that does not exist (or is not a folder), if any. */
function missingFolder(path: string): string | undefined {
  let folder = dirname(path);
  let missing: string | undefined;
  while (!isFolder(folder)) {
    missing = folder;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return missing;
}

/** False only when `path` is certainly not a folder; a folder we may not look into (EACCES) is SQLite's to report. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== "ENOENT" && code !== "ENOTDIR";
  }
}

/**
 * Checks, before SQLite sees it, that a database file can be where `url` says: its folder must exist (SQLite
 * would report only "Unable to open … : 14"), and for a read-only open the file itself must exist, since a
 * read-only open never creates one. Throws `NOT_FOUND` naming the path.
 */
export function checkLocalFile(url: string, path: string, readOnly: boolean): void {
  const folder = missingFolder(path);
  if (folder !== undefined) {
    throw new RagError(
      "NOT_FOUND",
      `Cannot open the database ${url}: the folder ${dirname(path)} does not exist${folder === dirname(path) ? "" : ` (missing from ${folder} on)`}. Create it first (mkdir -p), or fix the path (the CLI's --db or LIBSQL_URL).`,
      { details: { path, missingFolder: folder } },
    );
  }
  if (readOnly && !existsSync(path)) {
    throw new RagError(
      "NOT_FOUND",
      `No database at ${path} (url ${url}); a read-only open never creates one. Check the path (the CLI's --db or LIBSQL_URL), or create the database first (libsql-rag ingest).`,
      { details: { path } },
    );
  }
}

/** True when a write-ahead log next to `path` holds data that an immutable open would not see. */
export function hasPendingWal(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

/**
 * A `file:` URL that `@libsql/client` passes through to SQLite as the URI filename
 * `file:<path>?mode=ro[&immutable=1]`. The client accepts no query parameters on `file:` URLs, but it
 * percent-decodes the path, and libSQL opens SQLite URI filenames; so the SQLite URI is escaped once more as
 * the client's path. `mode=ro` never creates and never writes the file; `immutable=1` also skips the locking
 * that needs a writable folder for the WAL index, and is used only when no WAL content is pending.
 */
export function readOnlyUrl(path: string, immutable: boolean): string {
  const sqliteUri = `file:${path.replace(/[%?#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}?mode=ro${immutable ? "&immutable=1" : ""}`;
  return `file:${encodeURIComponent(sqliteUri)}`;
}
