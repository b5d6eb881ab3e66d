/**
 * Every error this library throws on purpose is a {@link RagError} with a stable string `code`.
 * Messages say what failed, what was expected, what was given and how to fix it.
 */
export type RagErrorCode =
  /** A vector's length differs from the collection's dimensions. */
  | "DIMENSION_MISMATCH"
  /** A filter is malformed: unknown operator, bad shape, empty `$in`, bad key. */
  | "INVALID_FILTER"
  /** An argument is out of range or of the wrong type (topK, ids, URL, options). */
  | "INVALID_ARGUMENT"
  /** A collection is opened or queried with an embedder other than the one it was built with. */
  | "EMBEDDER_MISMATCH"
  /** The embedder failed (network, model, bad response). */
  | "EMBEDDING_FAILED"
  /** The reranker failed (network, server error, a malformed or incomplete response). */
  | "RERANK_FAILED"
  /** A collection exists with options that conflict with those given. */
  | "CONFLICT"
  /** The collection or record does not exist. */
  | "NOT_FOUND"
  /** The database rejected an operation; `cause` holds the driver error. */
  | "STORE_ERROR"
  /**
   * The database file, or libsql-rag's own data in it, is damaged: the file is not an SQLite database
   * (SQLITE_NOTADB: a corrupt header, a text file), SQLite found it corrupt (SQLITE_CORRUPT), or a row of the
   * collection registry (`rag_collections`) holds a value libsql-rag cannot use. The message names what is
   * wrong and how to repair it; nothing is retried.
   */
  | "CORRUPT"
  /** The database is busy or locked by another writer, after retries. */
  | "BUSY"
  /** The database could not be reached (dead server, refused connection, bad credentials). */
  | "CONNECTION_FAILED"
  /** A constraint in the database was violated. */
  | "CONSTRAINT"
  /** A document could not be loaded or parsed. */
  | "LOAD_FAILED"
  /**
   * An input exceeds an ingest limit (file size, extracted characters, nesting depth, metadata size); the
   * message names the limit, its value and the option that raises it (`limits` of `ingest`).
   */
  | "LIMIT_EXCEEDED"
  /** The operation was cancelled through an AbortSignal. */
  | "ABORTED"
  /** The store or collection has been closed. */
  | "CLOSED";

export interface RagErrorOptions {
  cause?: unknown;
  /** Where in the input the problem is, for example a filter path like `$and[1].price`. */
  path?: string;
  /** Extra structured facts (expected/actual values) for programs that handle the error. */
  details?: Record<string, unknown>;
}

/**
 * The base class of every error this library throws on purpose.
 *
 * @example
 * try { await col.upsert(records); }
 * catch (e) { if (isRagError(e, "DIMENSION_MISMATCH")) console.error(e.details); }
 */
export class RagError extends Error {
  readonly code: RagErrorCode;
  readonly path: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: RagErrorCode, message: string, options: RagErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RagError";
    this.code = code;
    this.path = options.path;
    this.details = options.details;
  }
}

/** True when `error` is a {@link RagError}, optionally with the given code. */
export function isRagError(error: unknown, code?: RagErrorCode): error is RagError {
  return error instanceof RagError && (code === undefined || error.code === code);
}

/** Throws `INVALID_ARGUMENT` unless `condition` holds. */
export function ensureArgument(condition: unknown, message: string, details?: Record<string, unknown>): asserts condition {
  if (!condition) throw new RagError("INVALID_ARGUMENT", message, details ? { details } : {});
}

/** A short, printable description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Float32Array) return `a Float32Array of ${value.length}`;
  return typeof value === "object" ? "an object" : typeof value;
}

/** True for an object made by `{}`, `JSON.parse` or `Object.create(null)`: not an array, a Date, a Map or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The message of anything thrown: an Error's, an error-like object's, or the value as a string. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String(error.message);
  return String(error);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * True when `text` is well-formed Unicode: no lone surrogate. A lone surrogate has no UTF-8 form, so SQLite
 * would store it as U+FFFD and two different strings would become one (`String.prototype.isWellFormed`
 * arrives with ES2024).
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** `text` with each lone surrogate made U+FFFD, as decoding its UTF-8 would give it (`String#toWellFormed`). */
export function wellFormedText(text: string): string {
  return isWellFormedText(text) ? text : text.replace(new RegExp(LONE_SURROGATE.source, "g"), "\ufffd");
}
