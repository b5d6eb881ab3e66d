import { RagError, isRagError } from "../errors.js";
import type { LoadedDocument } from "./loaders/index.js";
import type { FileRun } from "./prepared.js";

export type IngestStage = "scan" | "load" | "embed" | "write" | "prune" | "done";

/**
 * A progress event. `done` of `total` counts documents (or, for `embed`, the chunks of the round being
 * embedded); `chunks` holds the run's running chunk counts, which only ever grow.
 */
export interface IngestProgress {
  stage: IngestStage;
  done: number;
  total: number;
  documentId?: string;
  chunks: IngestChunkProgress;
}

/** Chunks so far in a run; at the end, `embedded`, `cached` and `written` equal the report's. */
export interface IngestChunkProgress {
  /** Chunks of new or changed documents handed to embedding; grows as documents are read and chunked. */
  total: number;
  /** Chunks embedded now, counted as each embedding call returns. */
  embedded: number;
  /** Chunks whose vector came from the embedding cache. */
  cached: number;
  /** Chunks written to the store. */
  written: number;
}

export interface IngestFailure {
  /** The file path or in-memory document id. */
  source: string;
  /** The document that failed, when one document of a file failed rather than the whole file. */
  documentId?: string;
  /** A {@link RagErrorCode}: `LOAD_FAILED`, `LIMIT_EXCEEDED`, `INVALID_ARGUMENT`, ... */
  code: string;
  reason: string;
}

/** What an ingest run did. */
export interface IngestReport {
  documents: { added: number; updated: number; unchanged: number; removed: number; failed: number };
  failures: IngestFailure[];
  /**
   * Files a folder or glob found that were left out because they repeat HTML pages of the same run (Sphinx's
   * `_sources/*.rst.txt`, a manual's PDF beside its pages; see `IngestOptions.keepSourceCopies`), each with the page
   * or the folder of pages it repeats.
   */
  sourceCopies: Array<{ source: string; copyOf: string }>;
  /**
   * Pages of a site's translation, ingested, whose passages that repeat untranslated the page they translate were
   * left out (a folder's or glob's run, without `keepSourceCopies`): the page, how many passages, and the page they
   * repeat.
   */
  repeatedPassages: Array<{ source: string; passages: number; copyOf: string }>;
  /**
   * Files a folder or glob found that were left out because a page of the run includes them and was read with them
   * (Antora's partials, Hugo's `_common/` fragments; see `IngestOptions.followIncludes`), each with that page.
   */
  includedFiles: Array<{ source: string; includedBy: string }>;
  /**
   * Markdown pages of front matter alone, left out: a site generator's section or list page (Hugo's `_index.md`,
   * a Docusaurus category's `index.md`) holds a title and the site builds the rest, so there is nothing to index.
   * Not failures; with `prune`, what an earlier run stored of such a page is removed.
   */
  frontMatterPages: Array<{ source: string }>;
  /**
   * Pages that only name another, left out: man pages (`fstat.2` holding `.so man2/stat.2`), as `man` shows the page
   * named, which holds the text, so reading the alias would repeat it; and HTML pages that send their reader on with
   * `<meta http-equiv="refresh">` and at most a sentence of text (texinfo's page of a node's other name), `aliasOf`
   * their URL. Not failures; with `prune`, what an earlier run stored of such a page is removed. A run that does not
   * read the man page an alias names reads its first alias as that page instead (see `loneAliasTargets`), which is then
   * not listed here.
   */
  aliasPages: Array<{ source: string; aliasOf: string }>;
  /**
   * Files left out as navigation, holding no text of their own: an Antora component's menus that a folder or glob
   * found (`modules/ROOT/nav.adoc`: its `antora.yml`'s `nav:` list, or a list of `xref:` links beside a module's
   * `pages/`), of which the site makes no page; a split Info manual's table of its parts (`find.info.gz`, whose text
   * is in `find.info-1.gz` and `find.info-2.gz`). With `prune`, what an earlier run stored of them is removed.
   */
  navigationFiles: Array<{ source: string }>;
  chunks: { written: number; embedded: number; cached: number; removed: number };
  /**
   * Milliseconds: the whole run, and the time spent loading files, embedding and writing. Embedding overlaps
   * loading and writing (the next round embeds while the last is written), so the stages can add up to more
   * than `totalMs`; `embedMs` counts the time during which any round was embedding. `writeMs` includes merging the
   * full-text index after a run that wrote or removed a tenth of the collection's chunks or more.
   */
  timings: { totalMs: number; loadMs: number; embedMs: number; writeMs: number };
}

/**
 * The account of one run: the report it returns and the progress events that follow it, kept together so
 * that every count the report gets is also announced.
 */
export class IngestLog {
  readonly report: IngestReport = {
    documents: { added: 0, updated: 0, unchanged: 0, removed: 0, failed: 0 },
    failures: [],
    sourceCopies: [],
    repeatedPassages: [],
    includedFiles: [],
    frontMatterPages: [],
    aliasPages: [],
    navigationFiles: [],
    chunks: { written: 0, embedded: 0, cached: 0, removed: 0 },
    timings: { totalMs: 0, loadMs: 0, embedMs: 0, writeMs: 0 },
  };
  /** Documents (or whole unchanged files) finished so far, of `total` sources. */
  done = 0;
  total = 0;
  readonly chunks: IngestChunkProgress = { total: 0, embedded: 0, cached: 0, written: 0 };

  constructor(private readonly onProgress: (event: IngestProgress) => void) {}

  progress(stage: IngestStage, done: number, total: number, documentId?: string): void {
    this.onProgress({ stage, done, total, ...(documentId === undefined ? {} : { documentId }), chunks: { ...this.chunks } });
  }

  /** One more document (or unchanged file) finished, announced as written. */
  finished(documentId: string | undefined): void {
    this.progress("write", ++this.done, this.total, documentId);
  }

  /** Reports a source (a file, an in-memory document) that failed; `documentId` for one document of a file. */
  fail(source: string, error: unknown, documentId?: string): void {
    this.report.documents.failed += 1;
    this.report.failures.push({
      source,
      ...(documentId === undefined ? {} : { documentId }),
      code: isRagError(error) ? error.code : "LOAD_FAILED",
      reason: error instanceof Error ? error.message : String(error),
    });
  }

  /** Reports one document that failed; a file it came from is then not marked complete. */
  failDocument(doc: LoadedDocument, run: FileRun | null, error: RagError): void {
    if (run) run.failed = true;
    this.fail(run?.file ?? doc.id, error, run ? doc.id : undefined);
  }
}

/** Throws `ABORTED` once the signal is aborted; called between units of work, so what is written stays whole. */
export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RagError("ABORTED", "Ingest was aborted; documents written before the abort are complete.", { cause: signal.reason });
}
