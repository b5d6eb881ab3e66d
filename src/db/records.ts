import { RagError, describeValue, errorMessage, isPlainObject, isWellFormedText } from "../errors.js";
import type { VectorInput } from "./vector.js";

/** A record to write. `id` is the stable key that `upsert` replaces by. */
export interface RecordInput {
  id: string;
  /** The document this chunk came from. @default null */
  documentId?: string | null;
  /** The text, indexed for keyword search. @default "" */
  content?: string;
  /** JSON metadata that filters can reach. @default {} */
  metadata?: Record<string, unknown>;
  vector: VectorInput;
}

/** A stored record as read back. */
export interface StoredRecord {
  id: string;
  documentId: string | null;
  content: string;
  metadata: Record<string, unknown>;
  /** Present only when `includeVectors` is asked for. */
  vector?: Float32Array;
}

/** A search hit. `score` is a similarity: higher is better. */
export interface QueryResult extends StoredRecord {
  score: number;
}

const MAX_ID_LENGTH = 2048;

/**
 * Checks an id: a non-empty string of at most 2048 characters without NUL, in well-formed Unicode. A lone
 * surrogate has no UTF-8 form and is stored as U+FFFD, so `"\ud800"` and `"\udfff"` would be one row.
 */
export function checkId(id: unknown, where: string): string {
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH || id.includes("\u0000")) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `${where}: an id must be a non-empty string of at most ${MAX_ID_LENGTH} characters without NUL, got ${describeValue(id)}.`,
    );
  }
  if (!isWellFormedText(id)) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `${where}: the id ${describeValue(id)} is not well-formed Unicode: it holds a lone surrogate, which the database stores as U+FFFD, so distinct ids would collide. Pass ids made of whole characters.`,
    );
  }
  return id;
}

/**
 * Checks a record's text: a string without NUL. SQLite stores a NUL, but text is read back only up to it, so the
 * passage would come back cut short.
 */
export function checkContent(content: unknown, where: string): string {
  if (typeof content !== "string") throw new RagError("INVALID_ARGUMENT", `${where}: content must be a string, got ${describeValue(content)}.`);
  if (content.includes("\u0000")) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `${where}: the text holds a NUL character (U+0000). SQLite stores it, but text is read back only up to it, so the passage would come back cut short. Remove NUL characters first.`,
      { details: { reason: "nul" } },
    );
  }
  return content;
}

function lonelySurrogate(path: string): never {
  throw new RagError(
    "INVALID_ARGUMENT",
    `metadata${path} holds a lone surrogate, which is not well-formed Unicode and has no UTF-8 form: SQLite's JSON functions turn it into invalid UTF-8, so no filter could match it. Pass whole characters.`,
    { path: `metadata${path}` },
  );
}

function checkJson(value: unknown, path: string, seen: Set<object>): void {
  if (typeof value === "string") {
    if (!isWellFormedText(value)) lonelySurrogate(path);
    return;
  }
  if (value === null || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new RagError("INVALID_ARGUMENT", `metadata${path} is ${value}; JSON has no NaN or Infinity.`, { path: `metadata${path}` });
    return;
  }
  if (typeof value !== "object") {
    throw new RagError("INVALID_ARGUMENT", `metadata${path} is a ${typeof value}; metadata must be JSON (strings, numbers, booleans, null, arrays, objects).`, {
      path: `metadata${path}`,
    });
  }
  if (seen.has(value)) throw new RagError("INVALID_ARGUMENT", `metadata${path} is circular.`, { path: `metadata${path}` });
  seen.add(value);
  if (Array.isArray(value)) value.forEach((v, i) => checkJson(v, `${path}[${i}]`, seen));
  else {
    if (!isPlainObject(value)) {
      throw new RagError("INVALID_ARGUMENT", `metadata${path} is a ${value.constructor?.name ?? "class instance"}; only plain JSON objects are stored.`, {
        path: `metadata${path}`,
      });
    }
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (!isWellFormedText(k)) lonelySurrogate(`${path}[${JSON.stringify(k)}]`);
      checkJson(v, `${path}.${k}`, seen);
    }
  }
  seen.delete(value);
}

/** Checks metadata is a plain JSON object and returns its JSON text. */
export function metadataJson(metadata: unknown, where: string): string {
  if (metadata === undefined) return "{}";
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) {
    throw new RagError("INVALID_ARGUMENT", `${where}: metadata must be a plain object, got ${describeValue(metadata)}.`);
  }
  try {
    checkJson(metadata, "", new Set());
    return JSON.stringify(metadata);
  } catch (error) {
    // A stack overflow on nesting past the depth limit is the caller's to report (ingest: the document's LOAD_FAILED).
    if (error instanceof RagError || error instanceof RangeError) throw error;
    // A getter that throws, a proxy that refuses to be read.
    throw new RagError("INVALID_ARGUMENT", `${where}: reading its metadata failed: ${errorMessage(error)}.`, { cause: error });
  }
}

/** Parses a metadata column value. */
export function parseMetadata(text: unknown): Record<string, unknown> {
  if (typeof text !== "string") return {};
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
