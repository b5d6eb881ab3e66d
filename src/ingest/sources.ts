import { lstat, realpath, stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { RagError, describeValue } from "../errors.js";
import { checkInMemoryDocument, type InMemoryDocument } from "./in-memory.js";
import { SUPPORTED_EXTENSIONS } from "./loaders/index.js";
import { isInside, walkFolder } from "./walk.js";

/** What `ingest` accepts: a file, a folder, a glob, or an in-memory document. */
export type IngestSource = string | InMemoryDocument;

export interface ResolvedSources {
  /** Absolute paths of supported files, sorted, one per real file (see {@link resolveSources}). */
  files: string[];
  /** Those of `files` that the user named as a file (not found by a folder or glob). */
  named: Set<string>;
  /** Other paths of files in `files` (links found in folders and globs): prune removes what earlier runs stored under them. */
  aliases: string[];
  documents: InMemoryDocument[];
  /** Path sources that matched nothing. */
  missing: string[];
  /** Real paths of the folders given and of each glob's fixed leading folders: where the run's files are. */
  roots: string[];
  /** Links found in folders or globs that were not followed: each is that path's `LOAD_FAILED` failure. */
  skipped: Array<{ path: string; error: RagError }>;
}

export interface ResolveOptions {
  /** See `IngestOptions.followSymlinksOutside`. @default false */
  followSymlinksOutside?: boolean;
}

const EXTENSIONS = new Set(SUPPORTED_EXTENSIONS);

/** A file found, with its real path; `walked` when a folder or glob found it rather than the user naming it. */
interface Candidate {
  path: string;
  real: string;
  walked: boolean;
  /** The folder the walk started from, as given and as its real path, for a file a folder walk found. */
  root?: { path: string; real: string };
}

/** Whether a candidate is reached where it is, through no link below the folder walked (or none at all). */
function reachedDirectly(c: Candidate): boolean {
  if (c.root === undefined) return c.path === c.real;
  return relative(c.root.path, c.path) === relative(c.root.real, c.real);
}

/**
 * Expands files, folders and globs into supported files; in-memory documents pass through.
 *
 * Symbolic links: a file or folder named as a source is followed wherever it leads (the user named it).
 * Inside a folder or glob, a link is followed only when its real path lies inside one of the folders being
 * ingested (the real paths of the folder sources and of each glob's fixed leading folders); a link that
 * leads elsewhere, and a dangling link, is skipped and reported, unless `followSymlinksOutside`. Each real
 * file is listed once, under its own path when that is among its paths (else the first of them in sorted order),
 * and link cycles are walked once.
 * In a glob, dangling links are not seen (the glob matcher drops them silently).
 */
export async function resolveSources(sources: readonly IngestSource[], cwd: string, options: ResolveOptions = {}): Promise<ResolvedSources> {
  if (!Array.isArray(sources))
    throw new RagError(
      "INVALID_ARGUMENT",
      `ingest sources must be an array of paths and { id, content } documents, or an (async) iterable of documents, got ${describeValue(sources)}.`,
    );
  const followOutside = options.followSymlinksOutside === true;
  const documents: InMemoryDocument[] = [];
  const missing: string[] = [];
  const skipped: ResolvedSources["skipped"] = [];
  const paths: Array<{ source: string; absolute: string; kind: "folder" | "file" | "glob" | "broken" | "none"; root?: string }> = [];
  for (const [i, source] of sources.entries()) {
    if (typeof source !== "string") {
      documents.push(checkInMemoryDocument(source, `ingest source ${i}`, "a path, glob or { id, content, title?, metadata?, format? } document"));
      continue;
    }
    const absolute = resolve(cwd, source);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isDirectory()) paths.push({ source, absolute, kind: "folder", root: await realpath(absolute) });
    else if (info?.isFile()) paths.push({ source, absolute, kind: "file" });
    else if (isDynamicPattern(source)) {
      const root = await realpath(globBase(resolve(cwd), source)).catch(() => undefined);
      paths.push({ source, absolute, kind: "glob", ...(root !== undefined ? { root } : {}) });
    } else paths.push({ source, absolute, kind: (await lstat(absolute).catch(() => undefined))?.isSymbolicLink() ? "broken" : "none" });
  }
  const roots = paths.flatMap((p) => (p.root === undefined ? [] : [p.root]));

  const candidates: Candidate[] = [];
  const realOf = (path: string) => realpath(path).catch(() => undefined);
  for (const p of paths) {
    let found = 0;
    if (p.kind === "folder") {
      const walk = await walkFolder(p.absolute, p.root!, { extensions: EXTENSIONS, roots, followOutside });
      for (const path of walk.files) {
        const real = await realOf(path);
        if (real === undefined) skipped.push({ path, error: brokenLink(path) });
        else candidates.push({ path, real, walked: true, root: { path: p.absolute, real: p.root! } });
      }
      for (const path of walk.broken) skipped.push({ path, error: brokenLink(path) });
      for (const { link, target } of walk.outsideFolders) skipped.push({ path: link, error: outsideRoots(link, target, roots) });
      found = walk.files.length + walk.broken.length + walk.outsideFolders.length;
    } else if (p.kind === "file") {
      candidates.push({ path: p.absolute, real: (await realOf(p.absolute)) ?? p.absolute, walked: false });
      found = 1;
    } else if (p.kind === "glob") {
      // tinyglobby follows links and ends link cycles itself; the real-path checks below keep it inside.
      const matched = await glob(p.source, { cwd, absolute: true, dot: false, followSymbolicLinks: true });
      for (const path of matched) {
        const real = await realOf(path);
        if (real !== undefined) candidates.push({ path: resolve(path), real, walked: true });
      }
      found = matched.length;
    } else if (p.kind === "broken") {
      skipped.push({ path: p.absolute, error: brokenLink(p.absolute) });
      found = 1;
    }
    if (found === 0) missing.push(p.source);
  }

  candidates.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // A file the user named is wanted wherever it is: a link to it found in a folder is then a duplicate, not a failure.
  const named = new Set(candidates.filter((c) => !c.walked).map((c) => c.real));
  // A file reached both where it is and through links goes under its own path: Debian's Apache manual links each
  // untranslated page of da/ and de/ to en/'s, and en/ is where the page is.
  const direct = new Set(candidates.filter(reachedDirectly).map((c) => c.real));
  const files: string[] = [];
  const namedFiles = new Set<string>();
  const aliases: string[] = [];
  const seenPaths = new Set<string>();
  const seenReal = new Set<string>();
  for (const c of candidates) {
    if (seenPaths.has(c.path)) continue;
    seenPaths.add(c.path);
    if (c.walked && !followOutside && !named.has(c.real) && !roots.some((root) => isInside(c.real, root))) {
      skipped.push({ path: c.path, error: outsideRoots(c.path, c.real, roots) });
      continue;
    }
    if (seenReal.has(c.real) || (!reachedDirectly(c) && direct.has(c.real))) {
      aliases.push(c.path);
      continue;
    }
    seenReal.add(c.real);
    files.push(c.path);
    if (named.has(c.real)) namedFiles.add(c.path);
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, named: namedFiles, aliases, documents, missing, skipped, roots };
}

/** The folder a glob starts from: its leading segments up to the first one with a wildcard. */
function globBase(cwd: string, pattern: string): string {
  const fixed: string[] = [];
  for (const segment of pattern.split("/")) {
    if (isDynamicPattern(segment)) break;
    fixed.push(segment);
  }
  return resolve(cwd, fixed.join("/") || ".");
}

function brokenLink(path: string): RagError {
  return new RagError("LOAD_FAILED", `${path} is a broken symbolic link: its target does not exist (or the link loops onto itself). Fix or remove the link.`, {
    details: { reason: "broken-link", path },
  });
}

function outsideRoots(path: string, target: string, roots: readonly string[]): RagError {
  return new RagError(
    "LOAD_FAILED",
    `${path} is a symbolic link to ${target}, outside the folders being ingested (${roots.join(", ")}), so it was not followed. ` +
      "Pass the target itself as a source, or set followSymlinksOutside: true to follow such links.",
    { details: { reason: "outside-roots", path, target } },
  );
}
