import { InvalidArgumentError, Option } from "commander";
import { isRagError } from "../errors.js";
import { nonEmpty } from "../options.js";
import { parseFilter, type Filter } from "../filter/index.js";
import { MAX_TOP_K } from "../search/options.js";
import type { StoreOptions } from "../store/store-options.js";
import { parseEmbedderSpec, type EmbedderSpec } from "./embedders.js";
import { oneLine } from "./errors.js";

export const DEFAULT_DB = "file:rag.db";
export const DEFAULT_COLLECTION = "default";

/** Options every command that opens the database has. */
export interface DbFlags {
  db?: string;
  json?: boolean;
}

/**
 * `--db` wins, then `LIBSQL_URL`, then `TURSO_DATABASE_URL` (the name in Turso's own guides), then `file:rag.db`;
 * `LIBSQL_AUTH_TOKEN`, then `TURSO_AUTH_TOKEN`, supplies the token.
 */
export function storeOptions(flags: DbFlags): StoreOptions {
  const url = flags.db ?? nonEmpty(process.env.LIBSQL_URL) ?? nonEmpty(process.env.TURSO_DATABASE_URL) ?? DEFAULT_DB;
  const authToken = nonEmpty(process.env.LIBSQL_AUTH_TOKEN) ?? nonEmpty(process.env.TURSO_AUTH_TOKEN);
  return { url, ...(authToken !== undefined ? { authToken } : {}) };
}

export function dbOption(): Option {
  return new Option(
    "--db <url>",
    `database URL: file:path, :memory:, libsql://, http(s)://, ws(s):// (default: $LIBSQL_URL, else $TURSO_DATABASE_URL, else ${DEFAULT_DB})`,
  );
}

/** `--collection`, defaulting to "default"; `required` makes it mandatory instead (for `delete`). */
export function collectionOption(options: { required?: boolean } = {}): Option {
  const option = new Option("--collection <name>", "collection name");
  return options.required ? option.makeOptionMandatory() : option.default(DEFAULT_COLLECTION);
}

export function jsonOption(): Option {
  return new Option("--json", "print machine-readable JSON on stdout, and nothing else");
}

export function embedderOption(): Option {
  return new Option(
    "--embedder <spec>",
    "use-lite (offline, 512-d), openai:MODEL[@DIMS] (OPENAI_API_KEY, OPENAI_BASE_URL) or hash:DIMS (tests); default: the collection's own, else use-lite",
  ).argParser(parseEmbedderFlag);
}

export function topKOption(fallback: number, description = "number of results"): Option {
  return new Option("-k, --top-k <n>", `${description}, 1 to ${MAX_TOP_K}`).argParser((value) => parseCount(value, MAX_TOP_K)).default(fallback);
}

export function filterOption(): Option {
  return new Option("--filter <json>", `metadata filter as JSON, e.g. '{"lang":"en"}' or '{"source":{"$contains":"wal"}}'`).argParser(parseFilterJson);
}

/** A flag's value as an integer from 1 to `max`, or commander's usage error. */
export function parseCount(value: string, max: number): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1 || n > max) {
    throw new InvalidArgumentError(`Expected an integer from 1 to ${max}.`);
  }
  return n;
}

/** Parses and checks a `--filter` value up front, so a bad filter fails before any database work. */
function parseFilterJson(value: string): Filter {
  let filter: unknown;
  try {
    filter = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`Expected a JSON object: ${oneLine((error as Error).message)}.`);
  }
  if (filter === null || typeof filter !== "object" || Array.isArray(filter)) {
    throw new InvalidArgumentError(`Expected a JSON object such as '{"lang":"en"}', got ${Array.isArray(filter) ? "an array" : JSON.stringify(filter)}.`);
  }
  try {
    parseFilter(filter as Filter);
  } catch (error) {
    if (isRagError(error)) throw new InvalidArgumentError(oneLine(error.message));
    throw error;
  }
  return filter as Filter;
}

function parseEmbedderFlag(value: string): EmbedderSpec {
  const spec = parseEmbedderSpec(value);
  if (!spec) throw new InvalidArgumentError("Expected use-lite, openai:MODEL[@DIMS] or hash:DIMS.");
  return spec;
}

/** `--ids a,b --ids c` → ["a", "b", "c"]. */
export function collectIds(value: string, previous: string[] | undefined): string[] {
  const ids = value
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length === 0) throw new InvalidArgumentError("Expected one or more comma-separated ids.");
  return [...(previous ?? []), ...ids];
}
