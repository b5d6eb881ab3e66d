import { relative } from "node:path";
import { contentHash } from "../embed/content-hash.js";
import type { CopyCheck, SourceCopy } from "./copies.js";
import type { IncludedFile, Includes } from "./includes/index.js";
import type { RepeatedPassages } from "./translations.js";
import { RagError, wellFormedText } from "../errors.js";
import type { KnownDocuments, LeftOutFile } from "../store/documents.js";
import type { ResolvedChunkingOptions } from "./chunking/index.js";
import type { ResolvedLimits } from "./limits.js";
import { parseSourceFile, readInFormat, readSourceFile, sourceOf, withFileTitle, type LoadedDocument } from "./loaders/index.js";
import { isFrontMatterAlone, isNotOfItsFormat, isTableOfParts, aliasOf } from "./loaders/document.js";
import { withReleaseHistory } from "./changelog.js";
import { INGEST_FORMAT } from "./format.js";
import { checkDocumentLimits, chunkForIngest, fingerprint, inputFailure, withLanguage } from "./prepare.js";
import type { FileRun, PreparedDocument } from "./prepared.js";
import { checkAbort, type IngestLog } from "./report.js";
import type { Rounds } from "./rounds.js";
import type { InMemoryDocument } from "./in-memory.js";
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
  /** Files left out as copies whose decision a later run may take again by their hash (see CopyCheck.mayRemember). */
  readonly remembered = new Map<string, LeftOutFile>();
  /** Whether a file read is a copy of pages (a manual's PDF, a source listing); unset when copies are kept. */
  copyCheck: CopyCheck | undefined;
  /** Reads a source's includes into it; unset when files are read as they are written. */
  includes: Includes | undefined;
  /** Man pages that name a page the run does not read (`.so man2/stat.2`), each read as the page it names. */
  aliasReads = new Map<string, string>();
  private readonly settings: string;

  constructor(private readonly options: PlanOptions) {
    this.settings = JSON.stringify([INGEST_FORMAT, options.chunking, options.embedderId, options.root, options.limits]);
  }

  /** Reads a file, skips it when it is unchanged and complete in the store, else plans each document in it. */
  async file(file: string, known: KnownDocuments): Promise<void> {
    const { log, limits, root, signal } = this.options;
    checkAbort(signal);
    const t0 = performance.now();
    let docs: LoadedDocument[];
    let run: FileRun;
    try {
      const target = this.aliasReads.get(file);
      // A lone alias is the page it names, under its own name, as `man` shows it.
      const read =
        target === undefined
          ? await readSourceFile(file, { root }, limits)
          : { ...(await readSourceFile(target, { root }, limits)), path: file, source: sourceOf(root, file) };
      // A file is read again when a file it includes changes, comes or goes.
      const withIncludes = await this.includes?.read(read);
      // An unchanged file is recognised by the hash of its bytes, before any parsing, when every document it
      // yielded was completely written by an earlier run.
      // A file is read again when whether it is a copy may have changed: a page it mirrors comes, goes or changes.
      const copies = (await this.copyCheck?.hashPart(file)) ?? "";
      const sourceHash = contentHash(`${this.settings}\u0000${contentHash(read.bytes)}${copies}${withIncludes?.partsHash ?? ""}`);
      // A file an earlier run left out as a copy, read with the same hash, is a copy still.
      const leftOut = known.leftOut.get(file);
      if (leftOut?.hash === sourceHash && this.copyCheck?.mayRemember(file) === true) {
        this.leaveOut({ path: file, copyOf: leftOut.copyOf });
        this.remembered.set(file, leftOut);
        log.progress("load", ++log.done, log.total);
        return;
      }
      // A PDF with pages beside it is read every run: whether it repeats them depends on them too.
      const ids = this.copyCheck?.mayRepeat(file) ? undefined : unchangedFileIds(known, file, sourceHash);
      if (ids !== undefined) {
        for (const id of ids) this.seen.add(id);
        this.loadedFiles.add(file);
        log.report.documents.unchanged += ids.length;
        log.finished(ids[0]);
        return;
      }
      docs = withFileTitle(await parseSourceFile(withIncludes?.file ?? read), read);
      const copyOf = await this.copyCheck?.copied(file, docs, (doc) => this.passagesOf(doc));
      if (copyOf !== undefined) {
        this.leaveOut({ path: file, copyOf });
        if (this.copyCheck?.mayRemember(file) === true) this.remembered.set(file, { hash: sourceHash, copyOf });
        log.progress("load", ++log.done, log.total);
        return;
      }
      this.loadedFiles.add(file);
      run = { file, marker: fileMarker(sourceHash, docs.length), ids: [], pending: 0, loaded: false, failed: false, marked: false };
    } catch (error) {
      if (!this.leftOutByLoad(file, error)) {
        const failure = inputFailure(error);
        if (!failure || failure.code === "INVALID_ARGUMENT") throw error;
        this.failedFiles.add(file);
        log.fail(file, failure);
      }
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

  /**
   * Leaves a file out of the run, and reports it where the report lists such files, when its load failure says it
   * holds no document of its own; whether it did.
   */
  private leftOutByLoad(file: string, error: unknown): boolean {
    // A file only its name took for a man page or an Info manual is no document of the run (none was before these
    // formats were read), and is not listed.
    if (isNotOfItsFormat(error)) return true;
    // A site's section page holds front matter alone: nothing to index, and nothing wrong.
    if (isFrontMatterAlone(error)) this.leaveOutSectionPage(file);
    // A split Info manual's table of its parts holds no text: the parts, beside it, are read.
    else if (isTableOfParts(error)) this.leaveOutMenu(file);
    else {
      // A man page that names another (`.so`), or an HTML page that sends its reader to another, is that page.
      const aliasTarget = aliasOf(error);
      if (aliasTarget === undefined) return false;
      this.leaveOutAlias(file, aliasTarget);
    }
    return true;
  }

  /**
   * The document ids of the files left out of this run (their paths under the root), so that prune finds what an
   * earlier run stored of them under another path to the same tree (another checkout, a moved folder).
   */
  leftOutIds(): Set<string> {
    return new Set([...this.leftOut].map((file) => sourceOf(this.options.root, file)));
  }

  /** Leaves a file out of the run as a copy of pages, and reports it. */
  leaveOut(copy: SourceCopy): void {
    this.leftOut.add(copy.path);
    this.options.log.report.sourceCopies.push({ source: copy.path, copyOf: copy.copyOf });
  }

  /** Leaves a file out of the run as a part of a page that includes it, and reports it. */
  leaveOutPart(part: IncludedFile): void {
    this.leftOut.add(part.path);
    this.options.log.report.includedFiles.push({ source: part.path, includedBy: part.includedBy });
  }

  /** Leaves a page of front matter alone (a site's section page) out of the run, and reports it. */
  leaveOutSectionPage(path: string): void {
    this.leftOut.add(path);
    this.options.log.report.frontMatterPages.push({ source: path });
  }

  /** Leaves a page that only names another (`aliasOf`) out of the run, and reports it. */
  private leaveOutAlias(path: string, aliasOf: string): void {
    this.leftOut.add(path);
    this.options.log.report.aliasPages.push({ source: path, aliasOf });
  }

  /** Leaves a file out of the run as a navigation file (an Antora component's menu, an Info manual's table of parts), and reports it. */
  leaveOutMenu(path: string): void {
    this.leftOut.add(path);
    this.options.log.report.navigationFiles.push({ source: path });
  }

  /** A document's passages as ingest would chunk it; `undefined` for one it cannot (it fails when it is planned). */
  private async passagesOf(doc: LoadedDocument): Promise<string[] | undefined> {
    try {
      const read = await readInFormat(doc, this.options.limits);
      return (await chunkForIngest(read, this.options.chunking)).records.map((record) => record.content ?? "");
    } catch {
      return undefined;
    }
  }

  /** Plans a document given in memory, to be read in its `format` if it has one; an empty one fails alone. */
  async inMemory(d: InMemoryDocument, known: KnownDocuments): Promise<void> {
    checkAbort(this.options.signal);
    // A lone surrogate in the title is U+FFFD, as in the text (which the database stores so).
    const title = d.title != null ? { title: wellFormedText(d.title) } : {};
    const doc: LoadedDocument = {
      id: d.id,
      content: d.content,
      metadata: { ...(d.metadata ?? {}) },
      ...title,
      ...(d.format != null ? { readAs: d.format } : {}),
    };
    await this.document(doc, null, known);
  }

  /**
   * Skips an unchanged document, reports a bad one, or reads it (`readAs`), chunks it and hands it to the rounds.
   * A document that fails still takes its id: a second one with it in this run is reported, not written in its place.
   */
  private async document(loaded: LoadedDocument, run: FileRun | null, known: KnownDocuments): Promise<void> {
    const { log, limits, chunking, embedderId } = this.options;
    if (this.seen.has(loaded.id)) {
      log.failDocument(loaded, run, appearsTwice(loaded.id));
      return;
    }
    this.seen.add(loaded.id);
    run?.ids.push(loaded.id);
    let prepared: PreparedDocument;
    let doc = loaded;
    try {
      // A file's loader refuses an empty text itself; a document given in memory is checked here.
      if (loaded.content.trim() === "") throw new RagError("LOAD_FAILED", `Document ${JSON.stringify(loaded.id)} is empty: expected some text.`);
      const t0 = performance.now();
      doc = withReleaseHistory(withLanguage(await readInFormat(loaded, limits)));
      // Reading a text in its format is loading, as reading a file is.
      if (loaded.readAs !== undefined) log.report.timings.loadMs += performance.now() - t0;
      checkDocumentLimits(doc, run?.file ?? doc.id, limits);
      // A page of a translation is chunked first: what it repeats of the pages it mirrors is part of what it is.
      const translated = run !== null && this.copyCheck !== undefined && this.copyCheck.mirrorsOf(run.file).length > 0;
      let repeated: RepeatedPassages | undefined;
      const leaveOut = async (passages: string[]) => {
        const found = await this.copyCheck?.repeatedPassages(run!.file, passages);
        // Every passage repeated is a page the copy check keeps for a reason of its own: kept whole.
        repeated = found !== undefined && found.indices.size < passages.length ? found : undefined;
        return repeated?.indices;
      };
      const chunked = translated ? await chunkForIngest(doc, chunking, leaveOut) : undefined;
      // The original by its path under the root, so that a folder moved whole is not written again.
      const leftOut = repeated === undefined ? [] : [relative(this.options.root, repeated.original), ...repeated.indices];
      const hash = fingerprint(doc, chunking, embedderId, leftOut);
      if (known.complete.get(doc.id) === hash) {
        log.report.documents.unchanged += 1;
        log.finished(doc.id);
        return;
      }
      if (repeated !== undefined) log.report.repeatedPassages.push({ source: run!.file, passages: repeated.indices.size, copyOf: repeated.original });
      prepared = { doc, run, hash, ...(chunked ?? (await chunkForIngest(doc, chunking))), isNew: !known.existing.has(doc.id) };
    } catch (error) {
      const failure = inputFailure(error);
      if (!failure) throw error;
      log.failDocument(doc, run, failure);
      return;
    }
    await this.options.rounds.add(prepared);
  }
}

/** The failure of a document whose id an earlier document of the same run had. */
function appearsTwice(id: string): RagError {
  return new RagError("INVALID_ARGUMENT", `Document id ${JSON.stringify(id)} appears twice in one ingest.`);
}
