import { existsSync } from "node:fs";
import type { Embedder } from "../embed/embedder.js";
import { RagError } from "../errors.js";
import type { Collection } from "../store/collection.js";
import { collectionDocuments } from "../store/documents.js";
import { resolveChunkingOptions, type ChunkingOptions } from "./chunking/index.js";
import { CopyCheck, findSourceCopies } from "./copies.js";
import { includeJail, Includes } from "./includes/index.js";
import { resolveLimits, type IngestLimits } from "./limits.js";
import { findNavigationFiles } from "./navigation.js";
import { loneAliasTargets } from "./man-aliases.js";
import { Planner } from "./plan.js";
import { prune } from "./prune.js";
import { IngestLog, type IngestProgress, type IngestReport } from "./report.js";
import { Rounds } from "./rounds.js";
import { resolveSources, type IngestSource } from "./sources.js";
import { isDocumentStream, planStream, type DocumentStream } from "./stream.js";

export type { IngestFailure, IngestProgress, IngestReport, IngestStage } from "./report.js";

export interface IngestOptions {
  collection: Collection;
  embedder: Embedder;
  /**
   * Files, folders, globs and in-memory documents; or an iterable or async iterable of in-memory documents
   * (a {@link DocumentStream}), read a window at a time so that the documents are never all in memory.
   */
  sources: readonly IngestSource[] | DocumentStream;
  chunking?: ChunkingOptions;
  /**
   * Remove documents whose source file is gone, or whose record left a re-read JSON/JSONL file. Skipped when a
   * document stream throws part-way. @default false
   */
  prune?: boolean;
  /** Folder that file document ids are relative to. @default process.cwd() */
  root?: string;
  /** Follow symbolic links in folders and globs that lead outside the folders given (see `resolveSources`). @default false */
  followSymlinksOutside?: boolean;
  /**
   * Ingest copies of the run's HTML pages found beside them, too. By default a file that a folder or glob found is
   * left out and listed in the report's `sourceCopies` when it repeats HTML pages of the same run: a text,
   * reStructuredText, Markdown, AsciiDoc or notebook file that mirrors a page by its path and holds the page's words
   * (Sphinx's `_sources/library/os.rst.txt` beside `library/os.html`) and the files such a source includes, or a PDF
   * whose words are the pages' under its folder (zsh's `zsh.pdf` beside `html/`). With `prune`, what an earlier run
   * stored of a copy is removed. A file named as a source is always ingested. @default false
   */
  keepSourceCopies?: boolean;
  /**
   * Read each source's includes where they stand, as the site built from them shows them: AsciiDoc's `include::`
   * (with Antora's `partial$` and `example$` ids, `tag`, `lines` and `leveloffset`), reStructuredText's and MyST's
   * `include` and `literalinclude` (the first two also in `.txt` sources, as Git kept its AsciiDoc), MkDocs' `--8<--`
   * snippets and markdown-include's `{!part.md!}`, FastAPI's `{* ../../docs_src/app.py *}`, Hugo's `include` and
   * `readfile` shortcodes, and Docusaurus' MDX partials (`import Setup from './_setup.mdx'`, then `<Setup />`); and
   * AsciiDoc's conditionals (`ifdef::`, `ifndef::`) are evaluated, as Asciidoctor does for an HTML page.
   * A file is read in only from inside the folders being ingested (or a named file's folder), never from a hidden
   * one. The files that a page of the run includes (Antora's partials and examples, Hugo's `_common/` fragments),
   * found by a folder or glob, are then left out as documents of their own and listed in the report's
   * `includedFiles`; with `prune`, what an earlier run stored of them is removed. A changed included file re-reads
   * the pages that include it. `false` reads each file as it is written. @default true
   */
  followIncludes?: boolean;
  onProgress?: (event: IngestProgress) => void;
  signal?: AbortSignal;
  /**
   * Chunks gathered across documents per embedding round; each round's documents are written in one
   * transaction (a document that fails there is retried alone, so it fails alone). @default 256
   */
  groupSize?: number;
  /**
   * Input bounds; an input over one fails alone with `LIMIT_EXCEEDED`. Defaults: `maxFileBytes` 100 MiB,
   * `maxDocumentChars` 10,000,000, `maxDepth` 128, `maxMetadataBytes` 64 KiB (see {@link IngestLimits}).
   */
  limits?: IngestLimits;
}

/**
 * Loads, chunks, embeds and stores documents, incrementally: a document whose content, metadata, chunking
 * and embedder are unchanged, and whose chunks are all in the store, is skipped without embedding or writing;
 * a file is skipped unread when its bytes are unchanged and every document it yields was written completely
 * before. A changed document has its chunks replaced atomically (one transaction per round of documents);
 * `prune` removes documents whose source is gone. A file or document that fails (unreadable, malformed,
 * over a limit, refused by the store) is reported in `failures` and skipped, never half-written, and the run
 * goes on; so is a document stream that throws, after the documents it yielded are written. A Markdown page of
 * front matter alone has nothing to index and is left out, listed in `frontMatterPages`, not failed. Store outages,
 * aborts and programming errors propagate.
 *
 * @example
 * const report = await ingest({ collection, embedder, sources: ["docs/"], prune: true });
 * console.log(report.documents); // { added: 12, updated: 0, unchanged: 40, removed: 1, failed: 0 }
 *
 * @example
 * async function* rows() { for await (const row of db.query("SELECT id, body FROM posts")) yield { id: row.id, content: row.body }; }
 * await ingest({ collection, embedder, sources: rows() });
 */
export async function ingest(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const { collection, embedder, signal } = options;
  const documents = collectionDocuments(collection);
  if (embedder.dimensions !== collection.info.dimensions) {
    throw new RagError(
      "DIMENSION_MISMATCH",
      `Embedder "${embedder.id}" makes ${embedder.dimensions}-d vectors, but collection "${collection.name}" holds ${collection.info.dimensions}-d ones.`,
      { details: { expected: collection.info.dimensions, actual: embedder.dimensions } },
    );
  }
  await documents.claimEmbedder(embedder.id);
  const chunking = resolveChunkingOptions(options.chunking);
  const limits = resolveLimits(options.limits);
  const log = new IngestLog(options.onProgress ?? (() => {}));
  const rounds = new Rounds({ documents, embedder, log, groupSize: options.groupSize ?? 256, signal });
  const planner = new Planner({ chunking, embedderId: embedder.id, limits, root: options.root ?? process.cwd(), log, rounds, signal });

  let complete = true;
  if (isDocumentStream(options.sources)) {
    // The total grows as the stream is read.
    log.progress("scan", 0, 0);
    ({ complete } = await planStream(options.sources, planner, documents, log, signal));
  } else {
    log.progress("scan", 0, options.sources.length);
    const resolved = await resolveSources(options.sources, process.cwd(), { followSymlinksOutside: options.followSymlinksOutside === true });
    for (const m of resolved.missing) log.fail(m, new RagError("LOAD_FAILED", `No supported file matches ${JSON.stringify(m)}.`));
    for (const s of resolved.skipped) log.fail(s.path, s.error);

    // A file is stored under one of its paths: what an earlier run stored under another is pruned.
    for (const alias of resolved.aliases) planner.leftOut.add(alias);
    if (options.keepSourceCopies !== true) {
      const copies = await findSourceCopies(resolved.files, resolved.named, limits);
      for (const copy of copies) planner.leaveOut(copy);
      planner.copyCheck = new CopyCheck(resolved.files, resolved.named, limits, new Set(copies.map((copy) => copy.copyOf)));
    }
    for (const menu of await findNavigationFiles(resolved.files, resolved.named, limits)) planner.leaveOutMenu(menu);
    const jail = await includeJail(resolved.roots, resolved.named);
    planner.aliasReads = await loneAliasTargets(resolved.files, jail);
    if (options.followIncludes !== false) {
      const includes = new Includes(jail, limits);
      const pages = resolved.files.filter((file) => !planner.leftOut.has(file));
      for (const part of await includes.parts(pages, resolved.named)) planner.leaveOutPart(part);
      planner.includes = includes;
    }
    const files = resolved.files.filter((file) => !planner.leftOut.has(file));
    const known = await documents.known();
    log.total = files.length + resolved.documents.length;
    for (const file of files) await planner.file(file, known);
    for (const d of resolved.documents) await planner.inMemory(d, known);
    await rounds.drain();
    // This run's new copies are remembered (one read again with its stored hash needs no write); its other files are
    // no longer copies, and files gone are forgotten.
    const inRun = new Set(resolved.files);
    const changed = [...planner.remembered].filter(([file, copy]) => {
      const stored = known.leftOut.get(file);
      return stored?.hash !== copy.hash || stored.copyOf !== copy.copyOf;
    });
    await documents.recordLeftOut(
      new Map(changed),
      [...known.leftOut.keys()].filter((file) => (inRun.has(file) || !existsSync(file)) && !planner.remembered.has(file)),
    );
  }
  await rounds.drain();

  // A stream that broke off may not have yielded documents it still holds: nothing can be called gone.
  if (options.prune && complete) await prune(documents, planner, log, signal);
  // A run that replaced much of the collection leaves the full-text index in many segments: merged, it reads faster.
  if (signal?.aborted !== true) {
    const merging = performance.now();
    const { written, removed } = log.report.chunks;
    if (await documents.compactFullText(written + removed)) log.report.timings.writeMs += performance.now() - merging;
  }
  log.report.timings.totalMs = performance.now() - started;
  log.progress("done", log.total, log.total);
  return log.report;
}
