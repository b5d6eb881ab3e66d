import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { includeSyntax } from "../../src/ingest/includes/directives.js";
import { expandIncludes } from "../../src/ingest/includes/expand.js";
import { IncludeJail } from "../../src/ingest/includes/resolve.js";
import { type ResolvedLimits, resolveLimits } from "../../src/ingest/limits.js";
import { withMemoryRag } from "./memory-rag.js";

/** Writes `files` (paths relative to `dir`, each with its text) under `dir`, folders made as needed; returns `dir`. */
export function writeTree(dir: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The text of `path` (relative to `dir`) with its includes read in, jailed to `root` (default: `dir`). */
export async function expandedText(dir: string, path: string, root = dir, limits: ResolvedLimits = resolveLimits({})): Promise<string | undefined> {
  const file = join(dir, path);
  const syntax = includeSyntax(path.slice(path.lastIndexOf(".")))!;
  return (await expandIncludes(readFileSync(file, "utf8"), file, syntax, new IncludeJail([root]), limits, path))?.text;
}

/** The passages stored for `path` (relative to `dir`, a file or a folder) ingested into a fresh in-memory collection. */
export function ingestedContents(dir: string, path: string, followIncludes: boolean): Promise<string> {
  return withMemoryRag(async (rag) => {
    await rag.ingest([join(dir, path)], { root: dir, followIncludes });
    return (await rag.collection.list({ limit: 10 })).map((r) => r.content).join("\n");
  });
}
