import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { extname, isAbsolute, join, relative } from "node:path";
import { formatExtension } from "./loaders/extension.js";

/** What a folder walk found. Paths are as walked (through links), absolute. */
export interface WalkResult {
  /** Supported files, reached directly or through symbolic links. */
  files: string[];
  /** Symbolic links whose target does not exist (or that loop onto themselves). */
  broken: string[];
  /** Symbolic links to folders whose real path is outside every root; not entered. */
  outsideFolders: Array<{ link: string; target: string }>;
}

export interface WalkOptions {
  /** Lower-case extensions, with the dot, of the files to collect (each also gzip-compressed, `.html.gz`). */
  extensions: ReadonlySet<string>;
  /** Real paths of the folders being ingested: a folder link is entered only when it leads inside one. */
  roots: readonly string[];
  /** Enter folder links that lead outside every root too. */
  followOutside: boolean;
}

/** True when the real path `path` is `root` or inside it. */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Lists the supported files under `dir` (whose real path is `realDir`), following symbolic links. Names
 * starting with a dot are skipped, as a glob without `dot` does. A folder whose real path is already on the
 * way down from `dir` is a link cycle and is not entered again, so every walk ends; a folder reached twice
 * by separate links is walked twice, and the caller keeps one path per real file.
 */
export async function walkFolder(dir: string, realDir: string, options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = { files: [], broken: [], outsideFolders: [] };
  // By the whole path: a man page's folder (`man8/`) says more than its name.
  const isCandidate = (path: string) => options.extensions.has(formatExtension(path));
  const visit = async (folder: string, ancestors: ReadonlySet<string>): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      // An unreadable folder (permissions, removed meanwhile) holds nothing this run can load.
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        const real = await realpath(path).catch(() => undefined);
        if (real !== undefined && !ancestors.has(real)) await visit(path, new Set(ancestors).add(real));
        continue;
      }
      if (entry.isFile()) {
        if (isCandidate(path)) result.files.push(path);
        continue;
      }
      if (!entry.isSymbolicLink()) continue;
      const target = await stat(path).catch(() => undefined);
      if (!target) {
        // A dangling link named like a supported file, or with no extension (it may have been a folder).
        if (extname(entry.name) === "" || isCandidate(path)) result.broken.push(path);
        continue;
      }
      if (target.isFile()) {
        if (isCandidate(path)) result.files.push(path);
        continue;
      }
      if (!target.isDirectory()) continue;
      const real = await realpath(path).catch(() => undefined);
      if (real === undefined || ancestors.has(real)) continue;
      if (!options.followOutside && !options.roots.some((root) => isInside(real, root))) {
        result.outsideFolders.push({ link: path, target: real });
        continue;
      }
      await visit(path, new Set(ancestors).add(real));
    }
  };
  await visit(dir, new Set([realDir]));
  return result;
}
