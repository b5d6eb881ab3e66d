import { stat } from "node:fs/promises";
import type { InStatement } from "@libsql/client";
import { EmbeddingCache, contentHash, embedQueue } from "../embed/cache.js";
import type { Embedder } from "../embed/embedder.js";
import { RagError, describeValue, isRagError } from "../errors.js";
import { CollectionImpl, type Collection } from "../store/collection.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { quoteIdent } from "../db/sql.js";
import { resolveChunkingOptions, type ChunkingOptions } from "./chunking/index.js";
import { resolveLimits, type IngestLimits } from "./limits.js";
import { parseSourceFile, readSourceFile, type LoadedDocument } from "./loaders/index.js";
import { checkDocumentLimits, chunkForIngest, fingerprint, inputFailure } from "./prepare.js";
import { documentStatements, type FileRun, type PreparedDocument } from "./write-statements.js";
import { resolveSources, type IngestSource } from "./sources.js";
import { fileMarker, markFileStatements, readStoredState, unchangedFileIds } from "./stored-state.js";

export type IngestStage = "scan" | "load" | "embed" | "write" | "prune" | "done";

/** A progress event; `done` of `total` counts documents (or chunks, for `embed`). */
export interface IngestProgress {
  stage: IngestStage;
  done: number;
  total: number;
  documentId?: string;
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
  chunks: { written: number; embedded: number; cached: number; removed: number };
  /**
   * Milliseconds: the whole run, and the time spent loading files, embedding and writing. Embedding overlaps
   * loading and writing (the next round embeds while the last is written), so the stages can add up to more
   * than `totalMs`; `embedMs` counts the time during which any round was embedding.
   */
  timings: { totalMs: number; loadMs: number; embedMs: number; writeMs: number };
}

export interface IngestOptions {
  collection: Collection;
  embedder: Embedder;
  sources: readonly IngestSource[];
  chunking?: ChunkingOptions;
  /** Remove documents whose source file is gone, or whose record left a re-read JSON/JSONL file. @default false */
  prune?: boolean;
  /** Folder that file document ids are relative to. @default process.cwd() */
  root?: string;
  /** Follow symbolic links in folders and globs that lead outside the folders given (see `resolveSources`). @default false */
  followSymlinksOutside?: boolean;
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

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RagError("ABORTED", "Ingest was aborted; documents written before the abort are complete.", { cause: signal.reason });
}

/**
 * Bumped when loaders or chunking change what a file yields, so that a file whose bytes are unchanged is read
 * again after an upgrade. 2: generic HTML cleaning, clean chunk content with a context header.
 */
const INGEST_FORMAT = 2;

/**
 * Loads, chunks, embeds and stores documents, incrementally: a document whose content, metadata, chunking
 * and embedder are unchanged, and whose chunks are all in the store, is skipped without embedding or writing;
 * a file is skipped unread when its bytes are unchanged and every document it yields was written completely
 * before. A changed document has its chunks replaced atomically (one transaction per round of documents);
 * `prune` removes documents whose source is gone. A file or document that fails (unreadable, malformed,
 * over a limit, refused by the store) is reported in `failures` and skipped, never half-written, and the run
 * goes on; store outages, aborts and programming errors propagate.
 *
 * @example
 * const report = await ingest({ collection, embedder, sources: ["docs/"], prune: true });
 * console.log(report.documents); // { added: 12, updated: 0, unchanged: 40, removed: 1, failed: 0 }
 */
export async function ingest(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const { collection, embedder, signal } = options;
  if (!(collection instanceof CollectionImpl)) {
    throw new RagError("INVALID_ARGUMENT", `ingest needs a collection from store.collection(), got ${describeValue(collection)}.`);
  }
  if (embedder.dimensions !== collection.info.dimensions) {
    throw new RagError(
      "DIMENSION_MISMATCH",
      `Embedder "${embedder.id}" makes ${embedder.dimensions}-d vectors, but collection "${collection.name}" holds ${collection.info.dimensions}-d ones.`,
      { details: { expected: collection.info.dimensions, actual: embedder.dimensions } },
    );
  }
  await collection.claimEmbedder(embedder.id);
  const chunking = resolveChunkingOptions(options.chunking);
  const groupSize = options.groupSize ?? 256;
  const limits = resolveLimits(options.limits);
  const root = options.root ?? process.cwd();
  const progress = options.onProgress ?? (() => {});
  const client = collection.client;
  const docsTable = quoteIdent(collection.tables.documents);
  const chunksTable = quoteIdent(collection.tables.chunks);
  const cache = new EmbeddingCache(client);

  const report: IngestReport = {
    documents: { added: 0, updated: 0, unchanged: 0, removed: 0, failed: 0 },
    failures: [],
    chunks: { written: 0, embedded: 0, cached: 0, removed: 0 },
    timings: { totalMs: 0, loadMs: 0, embedMs: 0, writeMs: 0 },
  };
  const fail = (source: string, error: unknown, documentId?: string) => {
    report.documents.failed += 1;
    report.failures.push({
      source,
      ...(documentId === undefined ? {} : { documentId }),
      code: isRagError(error) ? error.code : "LOAD_FAILED",
      reason: error instanceof Error ? error.message : String(error),
    });
  };
  const failDocument = (doc: LoadedDocument, run: FileRun | null, error: RagError) => {
    if (run) run.failed = true;
    fail(run?.file ?? doc.id, error, run ? doc.id : undefined);
  };

  progress({ stage: "scan", done: 0, total: options.sources.length });
  const resolved = await resolveSources(options.sources, process.cwd(), { followSymlinksOutside: options.followSymlinksOutside === true });
  for (const m of resolved.missing) fail(m, new RagError("LOAD_FAILED", `No supported file matches ${JSON.stringify(m)}.`));
  for (const s of resolved.skipped) fail(s.path, s.error);

  const stored = await readStoredState(collection);
  const settings = JSON.stringify([INGEST_FORMAT, chunking, embedder.id, root]);

  const seen = new Set<string>();
  const loadedFiles = new Set<string>();
  const failedFiles = new Set<string>();
  const total = resolved.files.length + resolved.documents.length;
  let done = 0;
  let group: PreparedDocument[] = [];
  let groupChunks = 0;

  // Rounds overlap: while one round's chunks are embedded (on worker threads, for embedders that have them),
  // the next documents are loaded and chunked and the round before is written. Writes stay in document order.
  let inflight: Promise<void> | undefined;
  // One queue of embed calls for all rounds: an earlier round's calls run first, so it finishes (and is written)
  // while the next embeds, instead of both finishing together and leaving the embedder idle between rounds.
  const embedCalls = embedQueue(embedder);
  let embedding = 0;
  let embeddingSince = 0;

  const embedRound = async (batch: PreparedDocument[]) => {
    const texts = batch.flatMap((p) => p.texts);
    progress({ stage: "embed", done: 0, total: texts.length });
    if (embedding++ === 0) embeddingSince = performance.now();
    let embedded: Awaited<ReturnType<typeof cache.embed>>;
    try {
      embedded = await cache.embed(embedder, texts, signal ? { signal } : {}, embedCalls);
    } finally {
      if (--embedding === 0) report.timings.embedMs += performance.now() - embeddingSince;
    }
    report.chunks.embedded += embedded.embedded;
    report.chunks.cached += embedded.cached;
    progress({ stage: "embed", done: texts.length, total: texts.length });
    return embedded;
  };

  /** Marks a file complete once all its documents are written: only then may the next run skip it unread. */
  const finishFile = async (run: FileRun) => {
    if (!run.loaded || run.pending > 0 || run.failed || run.marked) return;
    run.marked = true;
    await withStoreErrors(`mark ${JSON.stringify(run.file)} as ingested`, () => client.batch(markFileStatements(collection, run.file, run.marker, run.ids), "write"));
  };

  const writeRound = async (batch: PreparedDocument[], embedded: Awaited<ReturnType<typeof embedRound>>) => {
    const fresh = new Map(embedded.fresh.map((f) => [f.hash, f.vector]));
    const t1 = performance.now();
    let offset = 0;
    const docs = batch.map((p) => {
      const vectors = embedded.vectors.slice(offset, offset + p.records.length);
      offset += p.records.length;
      return { p, vectors };
    });
    const written = (p: PreparedDocument) => {
      if (p.run) p.run.pending -= 1;
      report.chunks.written += p.records.length;
      if (p.isNew) report.documents.added += 1;
      else report.documents.updated += 1;
      progress({ stage: "write", done: ++done, total, documentId: p.doc.id });
    };
    const write = (statements: InStatement[], what: string) => withStoreErrors(what, () => client.batch(statements, "write"));
    checkAbort(signal);
    try {
      // One transaction for the round's documents: one commit (one fsync) instead of one per document.
      await write(documentStatements(collection, embedder.id, docs, fresh), `write ${docs.length} document(s)`);
      for (const { p } of docs) written(p);
    } catch (error) {
      if (!inputFailure(error)) throw error;
      // Nothing was written (a bad record is refused before the transaction, a bad row rolls it back): each
      // document is tried alone, so only the bad one fails.
      for (const doc of docs) {
        checkAbort(signal);
        try {
          await write(documentStatements(collection, embedder.id, [doc], fresh), `write document ${JSON.stringify(doc.p.doc.id)}`);
          written(doc.p);
        } catch (single) {
          const failure = inputFailure(single);
          if (!failure) throw single;
          if (doc.p.run) doc.p.run.pending -= 1;
          failDocument(doc.p.doc, doc.p.run, failure);
        }
      }
    }
    report.timings.writeMs += performance.now() - t1;
    for (const run of new Set(batch.map((p) => p.run))) if (run) await finishFile(run);
    // Local writes run synchronously; between rounds, embedding workers get their next batches.
    await new Promise((resolve) => setImmediate(resolve));
  };

  const flush = async () => {
    if (group.length === 0) return;
    const batch = group;
    group = [];
    groupChunks = 0;
    const embedded = embedRound(batch);
    const previous = inflight;
    const round = (async () => {
      const vectors = await embedded;
      await previous;
      await writeRound(batch, vectors);
    })();
    // Marked handled here; the error still surfaces where the round is awaited.
    round.catch(() => undefined);
    embedded.catch(() => undefined);
    inflight = round;
    // At most two rounds at once: the one embedding now and the one before it.
    await previous;
  };

  const consider = async (doc: LoadedDocument, run: FileRun | null) => {
    if (seen.has(doc.id)) {
      failDocument(doc, run, new RagError("INVALID_ARGUMENT", `Document id ${JSON.stringify(doc.id)} appears twice in one ingest.`));
      return;
    }
    seen.add(doc.id);
    run?.ids.push(doc.id);
    let prepared: PreparedDocument;
    try {
      checkDocumentLimits(doc, run?.file ?? doc.id, limits);
      const hash = fingerprint(doc, chunking, embedder.id);
      if (stored.complete.get(doc.id) === hash) {
        report.documents.unchanged += 1;
        progress({ stage: "write", done: ++done, total, documentId: doc.id });
        return;
      }
      prepared = { doc, run, hash, ...(await chunkForIngest(doc, chunking)), isNew: !stored.existing.has(doc.id) };
    } catch (error) {
      const failure = inputFailure(error);
      if (!failure) throw error;
      failDocument(doc, run, failure);
      return;
    }
    if (run) run.pending += 1;
    group.push(prepared);
    groupChunks += prepared.records.length;
    if (groupChunks >= groupSize) await flush();
  };

  for (const file of resolved.files) {
    checkAbort(signal);
    const t0 = performance.now();
    let docs: LoadedDocument[];
    let run: FileRun;
    try {
      const read = await readSourceFile(file, { root }, limits);
      // An unchanged file is recognised by the hash of its bytes, before any parsing, when every document it
      // yielded was completely written by an earlier run.
      const sourceHash = contentHash(settings + "\u0000" + contentHash(read.bytes));
      const ids = unchangedFileIds(stored, file, sourceHash);
      if (ids !== undefined) {
        for (const id of ids) seen.add(id);
        loadedFiles.add(file);
        report.documents.unchanged += ids.length;
        progress({ stage: "write", done: ++done, total, documentId: ids[0] });
        continue;
      }
      docs = await parseSourceFile(read);
      loadedFiles.add(file);
      run = { file, marker: fileMarker(sourceHash, docs.length), ids: [], pending: 0, loaded: false, failed: false, marked: false };
    } catch (error) {
      const failure = inputFailure(error);
      if (!failure || failure.code === "INVALID_ARGUMENT") throw error;
      failedFiles.add(file);
      fail(file, failure);
      progress({ stage: "load", done: ++done, total });
      continue;
    } finally {
      report.timings.loadMs += performance.now() - t0;
    }
    progress({ stage: "load", done, total, documentId: docs[0]?.id });
    for (const doc of docs) await consider(doc, run);
    run.loaded = true;
    await finishFile(run);
  }
  for (const d of resolved.documents) {
    checkAbort(signal);
    if (d.content.trim() === "") {
      fail(d.id, new RagError("LOAD_FAILED", `Document ${JSON.stringify(d.id)} is empty: expected some text.`));
      continue;
    }
    const doc: LoadedDocument = { id: d.id, content: d.content, metadata: { ...(d.metadata ?? {}) }, ...(d.title !== undefined ? { title: d.title } : {}) };
    await consider(doc, null);
  }
  await flush();
  await inflight;

  if (options.prune) {
    checkAbort(signal);
    const rows = await withStoreErrors("read documents", () => client.execute(`SELECT document_id, source FROM ${docsTable} WHERE source IS NOT NULL`));
    const gone: string[] = [];
    for (const row of rows.rows) {
      const id = String(row.document_id);
      const source = String(row.source);
      if (seen.has(id) || failedFiles.has(source)) continue;
      const exists = loadedFiles.has(source) || (await stat(source).then((s) => s.isFile(), () => false));
      // Gone from disk, or a record that left a JSON/JSONL file we just re-read.
      if (!exists || loadedFiles.has(source)) gone.push(id);
    }
    for (const [i, id] of gone.entries()) {
      const results = await withStoreErrors(`remove document ${JSON.stringify(id)}`, () =>
        client.batch(
          [
            { sql: `DELETE FROM ${chunksTable} WHERE document_id = ?`, args: [id] },
            { sql: `DELETE FROM ${docsTable} WHERE document_id = ?`, args: [id] },
            ...collection.trimStatements(),
          ],
          "write",
        ),
      );
      report.chunks.removed += results[0]?.rowsAffected ?? 0;
      report.documents.removed += 1;
      progress({ stage: "prune", done: i + 1, total: gone.length, documentId: id });
    }
  }
  report.timings.totalMs = performance.now() - started;
  progress({ stage: "done", done: total, total });
  return report;
}
