import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { RagError, describeValue } from "../errors.js";
import { SUPPORTED_EXTENSIONS } from "./loaders/index.js";

/** A document given in memory rather than as a file. */
export interface InMemoryDocument {
  /** Stable id; re-ingesting the same id replaces the document when its content changes. */
  id: string;
  content: string;
  title?: string;
  metadata?: Record<string, unknown>;
}

/** What `ingest` accepts: a file, a folder, a glob, or an in-memory document. */
export type IngestSource = string | InMemoryDocument;

export interface ResolvedSources {
  /** Absolute paths of supported files, sorted, without duplicates. */
  files: string[];
  documents: InMemoryDocument[];
  /** Path sources that matched nothing. */
  missing: string[];
}

const EXTENSION_GLOB = `**/*.{${SUPPORTED_EXTENSIONS.map((e) => e.slice(1)).join(",")}}`;

/** Expands files, folders and globs into supported files; in-memory documents pass through. */
export async function resolveSources(sources: readonly IngestSource[], cwd: string): Promise<ResolvedSources> {
  if (!Array.isArray(sources)) throw new RagError("INVALID_ARGUMENT", `ingest sources must be an array, got ${describeValue(sources)}.`);
  const files = new Set<string>();
  const documents: InMemoryDocument[] = [];
  const missing: string[] = [];
  for (const [i, source] of sources.entries()) {
    if (typeof source !== "string") {
      if (source === null || typeof source !== "object" || typeof source.id !== "string" || typeof source.content !== "string") {
        throw new RagError("INVALID_ARGUMENT", `ingest source ${i}: expected a path, glob or { id, content, metadata? } document, got ${describeValue(source)}.`);
      }
      documents.push(source);
      continue;
    }
    const absolute = resolve(cwd, source);
    const info = await stat(absolute).catch(() => undefined);
    let matched: string[];
    if (info?.isDirectory()) {
      matched = await glob(EXTENSION_GLOB, { cwd: absolute, absolute: true, caseSensitiveMatch: false, dot: false });
    } else if (info?.isFile()) {
      matched = [absolute];
    } else if (isDynamicPattern(source)) {
      matched = await glob(source, { cwd, absolute: true, dot: false });
    } else {
      matched = [];
    }
    if (matched.length === 0) missing.push(source);
    for (const file of matched) files.add(resolve(file));
  }
  return { files: [...files].sort(), documents, missing };
}
