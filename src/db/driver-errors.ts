import pRetry, { AbortError } from "p-retry";
import { RagError, type RagErrorCode } from "../errors.js";

interface DriverErrorLike {
  code?: unknown;
  extendedCode?: unknown;
  message?: unknown;
  cause?: unknown;
}

const CONNECTION_CODES = new Set([
  "HRANA_WEBSOCKET_ERROR",
  "HRANA_CLOSED_ERROR",
  "HRANA_PROTO_ERROR",
  "SERVER_ERROR",
  "HTTP_ERROR",
  "WEBSOCKETS_NOT_SUPPORTED",
  "URL_INVALID",
  "URL_SCHEME_NOT_SUPPORTED",
  "STREAM_EXPIRED",
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "SQLITE_AUTH",
]);

/** The SQLite primary code of a driver error, whether it came from a local (extended) or remote (primary) source. */
function primaryCode(error: DriverErrorLike): string | undefined {
  const code = typeof error.code === "string" ? error.code : undefined;
  if (code === undefined) return undefined;
  // Local errors carry e.g. SQLITE_CONSTRAINT_PRIMARYKEY in extendedCode; remote ones only SQLITE_CONSTRAINT.
  const match = /^SQLITE_[A-Z]+/.exec(code);
  return match ? match[0] : code;
}

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const e = current as DriverErrorLike;
    if (typeof e.code === "string") codes.push(e.code);
    current = e.cause;
  }
  return codes;
}

function classify(error: unknown): RagErrorCode {
  const e = (error ?? {}) as DriverErrorLike;
  const message = typeof e.message === "string" ? e.message : String(error);
  const primary = primaryCode(e);
  if (primary === "SQLITE_BUSY" || primary === "SQLITE_LOCKED") return "BUSY";
  if (primary === "SQLITE_CONSTRAINT") return "CONSTRAINT";
  if (primary === "SQLITE_NOTADB" || primary === "SQLITE_CORRUPT") return "CORRUPT";
  if (/dimensions are different|vector.*dimension/i.test(message)) return "DIMENSION_MISMATCH";
  if (causeCodes(error).some((c) => CONNECTION_CODES.has(c))) return "CONNECTION_FAILED";
  if (/fetch failed|ECONNREFUSED|socket hang up|getaddrinfo|Unauthorized|status 401|status 403/i.test(message)) return "CONNECTION_FAILED";
  return "STORE_ERROR";
}

/** Advice for local file errors, whose driver messages say little (`… : 14`). */
function driverHint(error: unknown): string | undefined {
  const e = (error ?? {}) as DriverErrorLike;
  const primary = primaryCode(e);
  const message = typeof e.message === "string" ? e.message : "";
  if (primary === "SQLITE_NOTADB") {
    return " The file is not a valid SQLite database (SQLITE_NOTADB): its header is damaged, or it is another kind of file. Check that the url (the CLI's --db or LIBSQL_URL) names a libsql-rag database; restore it from a backup, or move it aside to start a new one.";
  }
  if (primary === "SQLITE_CORRUPT") {
    return " SQLite found the database file damaged (SQLITE_CORRUPT). Restore it from a backup; `sqlite3 <file> .recover` may salvage rows.";
  }
  if (primary === "SQLITE_READONLY" || /_1544$|readonly database/i.test(String(e.code ?? "") + message)) {
    return " The database is read-only (opened with readOnly: true, or its file or folder is not writable). To change it, open it without readOnly with write permission on the file and its folder; to only read it, pass readOnly: true.";
  }
  if (primary === "SQLITE_CANTOPEN" || /Unable to open connection to local database .*: 14\b/.test(message)) {
    return " SQLite could not open the file (SQLITE_CANTOPEN): check the path, that its folder exists, and that you may read it (and write it, to change it).";
  }
  return undefined;
}

/**
 * Translates any driver error into a {@link RagError}, once, at the store boundary. A `RagError` passes
 * through unchanged.
 */
export function translateError(error: unknown, action: string): RagError {
  if (error instanceof RagError) return error;
  const code = classify(error);
  const e = (error ?? {}) as DriverErrorLike;
  const detail = typeof e.message === "string" ? e.message : String(error);
  const hint: Partial<Record<RagErrorCode, string>> = {
    BUSY: " Another writer holds the lock; retry later or raise busyTimeoutMs.",
    CONNECTION_FAILED: " Check that the server is running, the URL is right and the auth token is valid.",
  };
  return new RagError(code, `${action} failed: ${detail}.${driverHint(error) ?? hint[code] ?? ""}`, {
    cause: error,
    details: { driverCode: e.code, extendedCode: e.extendedCode },
  });
}

export interface RetryOptions {
  /** How many times to retry a write that failed with SQLITE_BUSY. @default 6 */
  retries?: number;
  signal?: AbortSignal;
}

/**
 * Runs `fn`, translating driver errors, and retries with exponential backoff while the database is busy.
 * Only BUSY is retried: a busy write was not applied, so running it again is safe.
 */
export async function withStoreErrors<T>(action: string, fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await fn();
      } catch (error) {
        const translated = translateError(error, action);
        if (translated.code !== "BUSY") throw new AbortError(translated);
        throw translated;
      }
    },
    {
      retries: options.retries ?? 6,
      minTimeout: 20,
      factor: 2,
      maxTimeout: 1000,
      randomize: true,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  ).catch((error: unknown) => {
    throw translateError(error instanceof AbortError ? ((error as { originalError?: unknown }).originalError ?? error) : error, action);
  });
}
