import { readFile, stat } from "node:fs/promises";
import type { InStatement } from "@libsql/client";
import { EmbeddingCache, contentHash, embedQueue } from "../embed/cache.js";
import type { Embedder } from "../embed/embedder.js";
import { RagError, describeValue, isRagError } from "../errors.js";
import { CollectionImpl, type Collection } from "../store/collection.js";
import { withStoreErrors } from "../store/driver-errors.js";
import type { RecordInput } from "../store/records.js";
import { quoteIdent } from "../store/sql.js";
import { chunkDocument, embeddingText, resolveChunkingOptions, type Chunk, type ChunkingOptions, type ResolvedChunkingOptions } from "./chunking/index.js";
import { loadFile, type LoadedDocument } from "./loaders/index.js";
import { resolveSources, type IngestSource } from "./sources.js";

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
  /** Chunks gathered across documents per embedding round. @default 256 */
  groupSize?: number;
}

interface PreparedDocument {
  doc: LoadedDocument;
  /** Absolute file path, or null for in-memory documents. */
  file: string | null;
  /** Hash of the file's bytes and the ingest settings, to skip an unchanged file without parsing it. */
  sourceHash: string | null;
  hash: string;
  records: Omit<RecordInput, "vector">[];
  /** What the embedder is given for each record: its context header and passage (see embeddingText). */
  texts: string[];
  isNew: boolean;
}

/**
 * Drops chunks whose text is only a heading or the title (a page title line, an empty section): they match
 * many queries on their words alone and carry nothing to retrieve. A document keeps at least one chunk.
 */
function withoutBareHeadings(chunks: Chunk[], doc: LoadedDocument): Chunk[] {
  const labels = (c: Chunk) => new Set([...(doc.title ? [doc.title] : []), ...c.headings].map((h) => h.trim().toLowerCase()));
  const kept = chunks.filter((c) => {
    const body = doc.content.slice(c.startOffset, c.endOffset).trim().toLowerCase();
    return !(body.length <= 200 && !body.includes("\n") && (labels(c).has(body) || body === ""));
  });
  return kept.length > 0 ? kept : chunks.slice(0, 1);
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RagError("ABORTED", "Ingest was aborted; documents written before the abort are complete.", { cause: signal.reason });
}

/**
 * Bumped when loaders or chunking change what a file yields, so that a file whose bytes are unchanged is read
 * again after an upgrade. 2: generic HTML cleaning, clean chunk content with a context header.
 */
const INGEST_FORMAT = 2;

function fingerprint(doc: LoadedDocument, chunking: ResolvedChunkingOptions, embedderId: string): string {
  return contentHash(JSON.stringify([doc.content, doc.title ?? null, doc.metadata, chunking, embedderId]));
}

/**
 * Loads, chunks, embeds and stores documents, incrementally: a document whose content, metadata, chunking
 * and embedder are unchanged is skipped without embedding or writing; a changed one has its chunks replaced
 * in one transaction; `prune` removes documents whose source is gone. A file that fails to load is
 * reported and skipped, never half-written.
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
  const fail = (source: string, error: unknown) => {
    report.documents.failed += 1;
    report.failures.push({ source, code: isRagError(error) ? error.code : "LOAD_FAILED", reason: error instanceof Error ? error.message : String(error) });
  };

  progress({ stage: "scan", done: 0, total: options.sources.length });
  const resolved = await resolveSources(options.sources, process.cwd(), { followSymlinksOutside: options.followSymlinksOutside === true });
  for (const m of resolved.missing) fail(m, new RagError("LOAD_FAILED", `No supported file matches ${JSON.stringify(m)}.`));
  for (const s of resolved.skipped) fail(s.path, s.error);

  const known = new Map<string, string>();
  const knownFiles = new Map<string, { sourceHash: string | null; ids: string[] }>();
  const rs = await withStoreErrors("read documents", () => client.execute(`SELECT document_id, source, source_hash, content_hash FROM ${docsTable}`));
  for (const row of rs.rows) {
    known.set(String(row.document_id), String(row.content_hash));
    if (row.source === null) continue;
    const entry = knownFiles.get(String(row.source)) ?? { sourceHash: (row.source_hash as string | null) ?? null, ids: [] };
    if (entry.sourceHash !== row.source_hash) entry.sourceHash = null;
    entry.ids.push(String(row.document_id));
    knownFiles.set(String(row.source), entry);
  }
  const settings = JSON.stringify([INGEST_FORMAT, chunking, embedder.id, root]);

  const seen = new Set<string>();
  const loadedFiles = new Set<string>();
  const failedFiles = new Set<string>();
  const total = resolved.files.length + resolved.documents.length;
  let done = 0;
  let group: PreparedDocument[] = [];
  let groupChunks = 0;

  // Rounds overlap: while one round's chunks are embedded (on worker threads, for embedders that have them),
  // the next documents are loaded and chunked and the round before is written. Writes stay in document order,
  // one transaction per document, so crash safety is unchanged.
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

  const writeRound = async (batch: PreparedDocument[], embedded: Awaited<ReturnType<typeof embedRound>>) => {
    const fresh = new Map(embedded.fresh.map((f) => [f.hash, f.vector]));
    let offset = 0;
    const t1 = performance.now();
    for (const p of batch) {
      checkAbort(signal);
      const vectors = embedded.vectors.slice(offset, offset + p.records.length);
      offset += p.records.length;
      const records: RecordInput[] = p.records.map((r, i) => ({ ...r, vector: vectors[i]! }));
      const cacheRows = p.texts.flatMap((text) => {
        const hash = contentHash(text);
        const vector = fresh.get(hash);
        if (!vector) return [];
        fresh.delete(hash);
        return [{ hash, vector }];
      });
      const statements: InStatement[] = [
        { sql: `DELETE FROM ${chunksTable} WHERE document_id = ?`, args: [p.doc.id] },
        ...collection.upsertStatements(records),
        ...EmbeddingCache.storeStatements(embedder.id, cacheRows),
        {
          sql: `INSERT INTO ${docsTable} (document_id, source, source_hash, content_hash, chunk_count, metadata, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (document_id) DO UPDATE SET source = excluded.source, source_hash = excluded.source_hash, content_hash = excluded.content_hash,
                chunk_count = excluded.chunk_count, metadata = excluded.metadata, updated_at = excluded.updated_at`,
          args: [p.doc.id, p.file, p.sourceHash, p.hash, records.length, JSON.stringify({ title: p.doc.title ?? null, ...p.doc.metadata }), new Date().toISOString()],
        },
      ];
      try {
        await withStoreErrors(`write document ${JSON.stringify(p.doc.id)}`, () => client.batch(statements, "write"));
      } catch (error) {
        if (!isRagError(error) || (error.code !== "INVALID_ARGUMENT" && error.code !== "DIMENSION_MISMATCH" && error.code !== "CONSTRAINT")) throw error;
        fail(p.file ?? p.doc.id, error);
        continue;
      }
      report.chunks.written += records.length;
      if (p.isNew) report.documents.added += 1;
      else report.documents.updated += 1;
      progress({ stage: "write", done: ++done, total, documentId: p.doc.id });
      // Local writes run synchronously; between documents, embedding workers get their next batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    report.timings.writeMs += performance.now() - t1;
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

  const consider = async (doc: LoadedDocument, file: string | null, sourceHash: string | null) => {
    if (seen.has(doc.id)) {
      fail(file ?? doc.id, new RagError("INVALID_ARGUMENT", `Document id ${JSON.stringify(doc.id)} appears twice in one ingest.`));
      return;
    }
    seen.add(doc.id);
    const hash = fingerprint(doc, chunking, embedder.id);
    if (known.get(doc.id) === hash) {
      // Same content from a changed file (or a touched one): refresh the file hash so the next run skips it cheaply.
      if (file !== null && sourceHash !== null) {
        await withStoreErrors("update document", () =>
          client.execute({ sql: `UPDATE ${docsTable} SET source = ?, source_hash = ? WHERE document_id = ?`, args: [file, sourceHash, doc.id] }),
        );
      }
      report.documents.unchanged += 1;
      progress({ stage: "write", done: ++done, total, documentId: doc.id });
      return;
    }
    const title = doc.title ?? null;
    const chunks = withoutBareHeadings(await chunkDocument(doc, chunking), doc);
    const records = chunks.map((chunk, index) => ({
      id: `${doc.id}#${index}`,
      documentId: doc.id,
      content: chunk.content,
      metadata: {
        ...doc.metadata,
        source: (doc.metadata.source as string | undefined) ?? doc.id,
        title,
        chunkIndex: index,
        headings: chunk.headings,
        startOffset: chunk.startOffset,
        endOffset: chunk.endOffset,
        ...(chunk.page !== undefined ? { page: chunk.page } : {}),
      },
    }));
    group.push({ doc, file, sourceHash, hash, records, texts: chunks.map(embeddingText), isNew: !known.has(doc.id) });
    groupChunks += records.length;
    if (groupChunks >= groupSize) await flush();
  };

  for (const file of resolved.files) {
    checkAbort(signal);
    const t0 = performance.now();
    // An unchanged file is recognised by the hash of its bytes, before any parsing.
    const bytes = await readFile(file).catch(() => undefined);
    const sourceHash = bytes ? contentHash(settings + "\u0000" + contentHash(bytes)) : null;
    const previous = knownFiles.get(file);
    if (sourceHash !== null && previous?.sourceHash === sourceHash) {
      for (const id of previous.ids) seen.add(id);
      loadedFiles.add(file);
      report.documents.unchanged += previous.ids.length;
      report.timings.loadMs += performance.now() - t0;
      progress({ stage: "write", done: ++done, total, documentId: previous.ids[0] });
      continue;
    }
    let docs: LoadedDocument[];
    try {
      docs = await loadFile(file, { root });
      loadedFiles.add(file);
    } catch (error) {
      if (!isRagError(error, "LOAD_FAILED")) throw error;
      failedFiles.add(file);
      fail(file, error);
      progress({ stage: "load", done: ++done, total });
      continue;
    } finally {
      report.timings.loadMs += performance.now() - t0;
    }
    progress({ stage: "load", done, total, documentId: docs[0]?.id });
    for (const doc of docs) await consider(doc, file, sourceHash);
  }
  for (const d of resolved.documents) {
    checkAbort(signal);
    if (d.content.trim() === "") {
      fail(d.id, new RagError("LOAD_FAILED", `Document ${JSON.stringify(d.id)} is empty: expected some text.`));
      continue;
    }
    const doc: LoadedDocument = { id: d.id, content: d.content, metadata: { ...(d.metadata ?? {}) }, ...(d.title !== undefined ? { title: d.title } : {}) };
    await consider(doc, null, null);
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
