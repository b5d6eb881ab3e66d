import { contentHash } from "../embed/content-hash.js";
import type { CopyCheck, SourceCopy } from "./copies.js";
import { RagError } from "../errors.js";
import type { KnownDocuments } from "../store/documents.js";
import type { ResolvedChunkingOptions } from "./chunking/index.js";
import type { ResolvedLimits } from "./limits.js";
import { parseSourceFile, readSourceFile, withFileTitle, type LoadedDocument } from "./loaders/index.js";
import { withReleaseHistory } from "./changelog.js";
import { INGEST_FORMAT, checkDocumentLimits, chunkForIngest, fingerprint, inputFailure, withLanguage } from "./prepare.js";
import type { FileRun, PreparedDocument } from "./prepared.js";
import { checkAbort, type IngestLog } from "./report.js";
import type { Rounds } from "./rounds.js";
import type { InMemoryDocument } from "./sources.js";
import { fileMarker, unchangedFileIds } from "./file-marker.js";

export interface PlanOptions {
  chunking: ResolvedChunkingOptions;
  embedderId: string;
  limits: ResolvedLimits;
  /** Folder that file document ids are relative to. */
  root: string;
  log: IngestLog;
  rounds: Rounds;
  signal: AbortSignal | undefined;
}

/**
 * Decides what each source needs: an unchanged file or document is skipped (by the hash of its bytes or of
 * its content and settings, and only when the store holds it complete), a bad one is reported, and the rest
 * is chunked and handed to the rounds. Remembers what it saw, for the duplicate check and for prune.
 */
export class Planner {
  /** Every document id met so far, written, unchanged or failed. */
  readonly seen = new Set<string>();
  /** Files read (or recognised unchanged) in this run. */
  readonly loadedFiles = new Set<string>();
  /** Files that could not be read: their stored documents are kept. */
  readonly failedFiles = new Set<string>();
  /**
   * Files left out of the run on purpose (copies of pages, other paths of a file read under one): prune removes what
   * an earlier run stored of them.
   */
  readonly leftOut = new Set<string>();
  /** Whether a file read is a copy of pages (a manual's PDF, a source listing); unset when copies are kept. */
  copyCheck: CopyCheck | undefined;
  private readonly settings: string;

  constructor(private readonly options: PlanOptions) {
    this.settings = JSON.stringify([INGEST_FORMAT, options.chunking, options.embedderId, options.root]);
  }

  /** Reads a file, skips it when it is unchanged and complete in the store, else plans each document in it. */
  async file(file: string, known: KnownDocuments): Promise<void> {
    const { log, limits, root, signal } = this.options;
    checkAbort(signal);
    const t0 = performance.now();
    let docs: LoadedDocument[];
    let run: FileRun;
    try {
      const read = await readSourceFile(file, { root }, limits);
      // An unchanged file is recognised by the hash of its bytes, before any parsing, when every document it
      // yielded was completely written by an earlier run.
      const mirrors = this.copyCheck?.mirrorsOf(file) ?? [];
      const sourceHash = contentHash(`${this.settings}\u0000${contentHash(read.bytes)}${mirrors.length === 0 ? "" : `\u0000${mirrors.join("\n")}`}`);
      // A PDF with pages beside it is read every run: whether it repeats them depends on them too.
      const ids = this.copyCheck?.mayRepeat(file) ? undefined : unchangedFileIds(known, file, sourceHash);
      if (ids !== undefined) {
        for (const id of ids) this.seen.add(id);
        this.loadedFiles.add(file);
        log.report.documents.unchanged += ids.length;
        log.finished(ids[0]);
        return;
      }
      docs = withFileTitle(await parseSourceFile(read), read);
      const copyOf = await this.copyCheck?.copied(file, docs);
      if (copyOf !== undefined) {
        this.leaveOut({ path: file, copyOf });
        log.progress("load", ++log.done, log.total);
        return;
      }
      this.loadedFiles.add(file);
      run = { file, marker: fileMarker(sourceHash, docs.length), ids: [], pending: 0, loaded: false, failed: false, marked: false };
    } catch (error) {
      const failure = inputFailure(error);
      if (!failure || failure.code === "INVALID_ARGUMENT") throw error;
      this.failedFiles.add(file);
      log.fail(file, failure);
      log.progress("load", ++log.done, log.total);
      return;
    } finally {
      log.report.timings.loadMs += performance.now() - t0;
    }
    log.progress("load", log.done, log.total, docs[0]?.id);
    for (const doc of docs) await this.document(doc, run, known);
    run.loaded = true;
    await this.options.rounds.finishFile(run);
  }

  /** Leaves a file out of the run as a copy of pages, and reports it. */
  leaveOut(copy: SourceCopy): void {
    this.leftOut.add(copy.path);
    this.options.log.report.sourceCopies.push({ source: copy.path, copyOf: copy.copyOf });
  }

  /**
   * The passages of a file's document to leave out as repeating, untranslated, the page the file translates; none
   * when every passage does (the page itself is then a copy or not by its whole text), and reported.
   */
  private async repeatedPassages(file: string, passages: string[]): Promise<ReadonlySet<number> | undefined> {
    const repeated = await this.copyCheck?.repeatedPassages(file, passages);
    if (repeated === undefined || repeated.indices.size === passages.length) return undefined;
    this.options.log.report.repeatedPassages.push({ source: file, passages: repeated.indices.size, copyOf: repeated.original });
    return repeated.indices;
  }

  /** Plans a document given in memory; an empty one fails alone. */
  async inMemory(d: InMemoryDocument, known: KnownDocuments): Promise<void> {
    checkAbort(this.options.signal);
    if (d.content.trim() === "") {
      this.options.log.fail(d.id, new RagError("LOAD_FAILED", `Document ${JSON.stringify(d.id)} is empty: expected some text.`));
      return;
    }
    const doc: LoadedDocument = { id: d.id, content: d.content, metadata: { ...(d.metadata ?? {}) }, ...(d.title !== undefined ? { title: d.title } : {}) };
    await this.document(doc, null, known);
  }

  /** Skips an unchanged document, reports a bad one, or chunks it and hands it to the rounds. */
  private async document(loaded: LoadedDocument, run: FileRun | null, known: KnownDocuments): Promise<void> {
    const { log, limits, chunking, embedderId } = this.options;
    const doc = withReleaseHistory(withLanguage(loaded));
    if (this.seen.has(doc.id)) {
      log.failDocument(doc, run, new RagError("INVALID_ARGUMENT", `Document id ${JSON.stringify(doc.id)} appears twice in one ingest.`));
      return;
    }
    this.seen.add(doc.id);
    run?.ids.push(doc.id);
    let prepared: PreparedDocument;
    try {
      checkDocumentLimits(doc, run?.file ?? doc.id, limits);
      const hash = fingerprint(doc, chunking, embedderId, run === null ? [] : (this.copyCheck?.mirrorsOf(run.file) ?? []));
      if (known.complete.get(doc.id) === hash) {
        log.report.documents.unchanged += 1;
        log.finished(doc.id);
        return;
      }
      const leaveOut = run === null ? undefined : (passages: string[]) => this.repeatedPassages(run.file, passages);
      prepared = { doc, run, hash, ...(await chunkForIngest(doc, chunking, leaveOut)), isNew: !known.existing.has(doc.id) };
    } catch (error) {
      const failure = inputFailure(error);
      if (!failure) throw error;
      log.failDocument(doc, run, failure);
      return;
    }
    await this.options.rounds.add(prepared);
  }
}
