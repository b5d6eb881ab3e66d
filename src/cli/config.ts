import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import stripJsonComments from "strip-json-comments";
import type { Command } from "commander";
import { z } from "zod";
import { closestKey } from "../options.js";
import { parseEmbedderSpec } from "./embedders.js";
import { UsageError } from "./errors.js";

/** The file `libsql-rag init` writes and every command reads, found in the working folder or a parent. */
export const CONFIG_FILE = "libsql-rag.config.json";
/** The key that holds the same settings inside a `package.json`. */
export const PACKAGE_KEY = "libsql-rag";

const searchSettings = z.strictObject({
  topK: z.number().int().min(1).max(1000).optional(),
  mode: z.enum(["vector", "keyword", "hybrid"]).optional(),
  vectorWeight: z.number().min(0).max(1).optional(),
});

const chunkingSettings = z.strictObject({
  size: z.number().int().min(1).optional(),
  overlap: z.number().int().min(0).optional(),
  unit: z.enum(["characters", "tokens"]).optional(),
  contextHeader: z.boolean().optional(),
});

const settings = z.strictObject({
  $schema: z.string().optional(),
  db: z.string().min(1).optional(),
  collection: z.string().min(1).optional(),
  embedder: z
    .string()
    .refine((spec) => parseEmbedderSpec(spec) !== undefined, "expected use-lite, openai:MODEL[@DIMS] or hash:DIMS")
    .optional(),
  search: searchSettings.optional(),
  chunking: chunkingSettings.optional(),
});

/** What a config file may set. Flags win over it; for the database, `LIBSQL_URL`/`TURSO_DATABASE_URL` do too. */
type CliConfig = z.infer<typeof settings>;

/** A config and where it came from (`undefined` when no file was found). */
export interface LoadedConfig {
  config: CliConfig;
  path: string | undefined;
}

const KNOWN = {
  "": Object.keys(settings.shape),
  search: Object.keys(searchSettings.shape),
  chunking: Object.keys(chunkingSettings.shape),
};

/**
 * Reads the config named by `--config`, or else the first `libsql-rag.config.json` (or `package.json` with a
 * `"libsql-rag"` key) from `cwd` upwards. The search stops at the first `package.json`, the project's root, so
 * a file in some parent project is never picked up. Comments are allowed in `libsql-rag.config.json`.
 */
export function loadConfig(explicit: string | undefined, cwd = process.cwd()): LoadedConfig {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new UsageError(`--config ${explicit}: no such file (${path}).`);
    return { config: parse(path, readJson(path), path), path };
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE);
    if (existsSync(file)) return { config: parse(file, readJson(file), file), path: file };
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      const json = readJson(pkg);
      const section = json !== null && typeof json === "object" ? (json as Record<string, unknown>)[PACKAGE_KEY] : undefined;
      return section === undefined ? { config: {}, path: undefined } : { config: parse(`${pkg} ("${PACKAGE_KEY}")`, section, pkg), path: pkg };
    }
    if (dirname(dir) === dir) return { config: {}, path: undefined };
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(stripJsonComments(readFileSync(path, "utf8")));
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON (comments are allowed): ${(error as Error).message}`);
  }
}

function parse(where: string, value: unknown, file: string): CliConfig {
  const result = settings.safeParse(value);
  if (result.success) return { ...result.data, ...(result.data.db !== undefined ? { db: relativeTo(dirname(file), result.data.db) } : {}) };
  const issue = result.error.issues[0]!;
  const at = issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    const section = at as keyof typeof KNOWN;
    const key = issue.keys[0]!;
    const near = closestKey(key, KNOWN[section] ?? []);
    const name = at ? `${at}.${key}` : key;
    throw new UsageError(
      `${where}: unknown setting "${name}"${near ? `; did you mean "${at ? `${at}.` : ""}${near}"?` : "."} Known: ${(KNOWN[section] ?? []).filter((k) => k !== "$schema").join(", ")}.`,
    );
  }
  throw new UsageError(`${where}: ${at ? `"${at}": ` : ""}${issue.message}.`);
}

/** A relative `file:` path in a settings file means the file's own folder, wherever the command runs. */
function relativeTo(dir: string, url: string): string {
  const path = /^file:(?!\/)(.+)$/.exec(url)?.[1];
  return path === undefined ? url : `file:${resolve(dir, path)}`;
}

/** The commented file `libsql-rag init` writes. */
export function configTemplate(values: { db: string; collection: string; embedder: string }): string {
  return `{
  // libsql-rag settings for this project. Every command reads them; a flag on the command line wins.
  // For the database, LIBSQL_URL (or TURSO_DATABASE_URL) wins over this file too. Keep auth tokens out of
  // this file: set LIBSQL_AUTH_TOKEN (or TURSO_AUTH_TOKEN) in the environment.

  // Database: file:path, :memory:, libsql://, http(s):// or ws(s)://
  "db": ${JSON.stringify(values.db)},

  // The collection that ingest, search, stats and delete use.
  "collection": ${JSON.stringify(values.collection)},

  // The embedder ingest uses: use-lite (offline, 512-d) or openai:MODEL[@DIMS] (needs OPENAI_API_KEY;
  // OPENAI_BASE_URL for other servers). Search always uses the one the collection was built with.
  "embedder": ${JSON.stringify(values.embedder)},

  "search": {
    // Results per search (1 to 1000), and the mode: vector, keyword or hybrid.
    "topK": 5,
    "mode": "hybrid"
    // Hybrid's vector weight, 0 to 1, the keyword side getting the rest (search and mcp). The default, 0.25, was
    // measured with use-lite; for another embedder, measure yours: libsql-rag eval <dataset> --vector-weight 0.25,0.5,0.75
    // "vectorWeight": 0.25
  },

  "chunking": {
    // How ingest (and mcp --allow-ingest) cuts documents; what is unset is fitted to the embedder's input window
    // (448 characters for use-lite, overlap an eighth). Stored documents are chunked and embedded again when it
    // changes. Measure a choice first: libsql-rag eval <dataset> --chunk-size 640 --compare <a run saved with --save>
    // "size": 448, "overlap": 56, "unit": "characters", "contextHeader": true
  }
}
`;
}

/**
 * Fills the options a command did not get on the command line from the config: only options that would
 * otherwise take their built-in default, so a flag always wins. `--db` is filled only when neither
 * `LIBSQL_URL` nor `TURSO_DATABASE_URL` is set.
 */
export function applyConfig(command: Command, { config }: LoadedConfig): void {
  const has = (name: string) => command.options.some((option) => option.attributeName() === name);
  const fill = (name: string, value: unknown) => {
    if (value === undefined || !has(name)) return;
    const source = command.getOptionValueSource(name);
    // A collection is filled only where the command would otherwise use "default": eval names its own, and
    // repair and check without --collection mean every collection, which the setting must not narrow.
    const open = name === "collection" ? source === "default" : source === undefined || source === "default";
    if (open) command.setOptionValueWithSource(name, value, "config");
  };
  if (!process.env.LIBSQL_URL?.trim() && !process.env.TURSO_DATABASE_URL?.trim()) fill("db", config.db);
  fill("collection", config.collection);
  // Search and eval use the embedder each collection records; the setting is for the collections ingest makes.
  if (command.name() === "ingest") fill("embedder", config.embedder === undefined ? undefined : parseEmbedderSpec(config.embedder));
  if (command.name() === "search") {
    fill("topK", config.search?.topK);
    fill("mode", config.search?.mode);
  }
  if (command.name() === "search" || command.name() === "mcp") fill("vectorWeight", config.search?.vectorWeight);
  // The chunking of the project's collections: the commands that write them (eval's collection is the dataset's).
  if (command.name() === "ingest" || command.name() === "mcp") {
    fill("chunkSize", config.chunking?.size);
    fill("chunkOverlap", config.chunking?.overlap);
    fill("chunkUnit", config.chunking?.unit);
    fill("contextHeader", config.chunking?.contextHeader);
  }
}
