import { EmbeddingCache, type CachedEmbedResult } from "../embed/cache.js";
import { embedQueue, type EmbedQueue } from "../embed/embed-many.js";
import type { Embedder } from "../embed/embedder.js";
import type { CollectionDocuments } from "../store/documents.js";
import { documentWrite, type FileRun, type PreparedDocument } from "./prepared.js";
import { inputFailure } from "./prepare.js";
import { checkAbort, type IngestLog } from "./report.js";

type Embedded = CachedEmbedResult;

export interface RoundsOptions {
  documents: CollectionDocuments;
  embedder: Embedder;
  log: IngestLog;
  /** Chunks gathered across documents per round. */
  groupSize: number;
  signal: AbortSignal | undefined;
}

/**
 * Embeds and writes prepared documents in rounds of about `groupSize` chunks. Rounds overlap: while one
 * round's chunks are embedded (on worker threads, for embedders that have them), the next documents are
 * loaded and chunked and the round before is written. At most two rounds are in flight, and writes stay in
 * document order. Each round's documents are written in one transaction; a document the store refuses there
 * is retried alone, so it fails alone.
 */
export class Rounds {
  private group: PreparedDocument[] = [];
  private groupChunks = 0;
  private inflight: Promise<void> | undefined;
  // One queue of embed calls for all rounds: an earlier round's calls run first, so it finishes (and is written)
  // while the next embeds, instead of both finishing together and leaving the embedder idle between rounds.
  private readonly queue: EmbedQueue;
  private readonly cache: EmbeddingCache;
  private embedding = 0;
  private embeddingSince = 0;

  constructor(private readonly options: RoundsOptions) {
    this.queue = embedQueue(options.embedder);
    this.cache = new EmbeddingCache(options.documents.embeddingCache);
  }

  /** Adds a document to the current round, starting the round once it holds `groupSize` chunks. */
  async add(prepared: PreparedDocument): Promise<void> {
    if (prepared.run) prepared.run.pending += 1;
    this.options.log.chunks.total += prepared.records.length;
    this.group.push(prepared);
    this.groupChunks += prepared.records.length;
    if (this.groupChunks >= this.options.groupSize) await this.flush();
  }

  /** Starts the current round; returns once the round before it is written. */
  async flush(): Promise<void> {
    if (this.group.length === 0) return;
    const batch = this.group;
    this.group = [];
    this.groupChunks = 0;
    const embedded = this.embed(batch);
    const previous = this.inflight;
    const round = (async () => {
      const vectors = await embedded;
      await previous;
      await this.write(batch, vectors);
    })();
    // Marked handled here; the error still surfaces where the round is awaited.
    round.catch(() => undefined);
    embedded.catch(() => undefined);
    this.inflight = round;
    // At most two rounds at once: the one embedding now and the one before it.
    await previous;
  }

  /** Starts the last round and waits until every round is written. */
  async drain(): Promise<void> {
    await this.flush();
    await this.inflight;
  }

  /** Marks a file complete once all its documents are written: only then may the next run skip it unread. */
  async finishFile(run: FileRun): Promise<void> {
    if (!run.loaded || run.pending > 0 || run.failed || run.marked) return;
    run.marked = true;
    await this.options.documents.markComplete(run.file, run.marker, run.ids);
  }

  private async embed(batch: PreparedDocument[]): Promise<Embedded> {
    const { embedder, log, signal } = this.options;
    const texts = batch.flatMap((p) => p.texts);
    log.progress("embed", 0, texts.length);
    if (this.embedding++ === 0) this.embeddingSince = performance.now();
    let done = 0;
    const counted = countingEmbedder(embedder, (n) => {
      done += n;
      log.chunks.embedded += n;
      log.progress("embed", done, texts.length);
    });
    let embedded: Embedded;
    try {
      embedded = await this.cache.embed(counted, texts, signal ? { signal } : {}, this.queue);
    } finally {
      if (--this.embedding === 0) log.report.timings.embedMs += performance.now() - this.embeddingSince;
    }
    log.report.chunks.embedded += embedded.embedded;
    log.report.chunks.cached += embedded.cached;
    log.chunks.cached += embedded.cached;
    log.progress("embed", texts.length, texts.length);
    return embedded;
  }

  private async write(batch: PreparedDocument[], embedded: Embedded): Promise<void> {
    const { documents, embedder, log, signal } = this.options;
    const fresh = new Map(embedded.fresh.map((f) => [f.hash, f.vector]));
    const t1 = performance.now();
    let offset = 0;
    const docs = batch.map((p) => {
      const vectors = embedded.vectors.slice(offset, offset + p.records.length);
      offset += p.records.length;
      return { p, write: documentWrite(p, vectors, fresh) };
    });
    const replace = (writes: typeof docs) =>
      documents.replace(
        writes.map((d) => d.write),
        { embedderId: embedder.id },
      );
    const written = (p: PreparedDocument) => {
      if (p.run) p.run.pending -= 1;
      log.report.chunks.written += p.records.length;
      log.chunks.written += p.records.length;
      if (p.isNew) log.report.documents.added += 1;
      else log.report.documents.updated += 1;
      log.finished(p.doc.id);
    };
    checkAbort(signal);
    try {
      // One transaction for the round's documents: one commit (one fsync) instead of one per document.
      await replace(docs);
      for (const { p } of docs) written(p);
    } catch (error) {
      if (!inputFailure(error)) throw error;
      // Nothing was written (a bad record is refused before the transaction, a bad row rolls it back): each
      // document is tried alone, so only the bad one fails.
      for (const doc of docs) {
        checkAbort(signal);
        try {
          await replace([doc]);
          written(doc.p);
        } catch (single) {
          const failure = inputFailure(single);
          if (!failure) throw single;
          if (doc.p.run) doc.p.run.pending -= 1;
          log.failDocument(doc.p.doc, doc.p.run, failure);
        }
      }
    }
    log.report.timings.writeMs += performance.now() - t1;
    for (const run of new Set(batch.map((p) => p.run))) if (run) await this.finishFile(run);
    // Local writes run synchronously; between rounds, embedding workers get their next batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * The embedder seen through a proxy that calls `onBatch` with each call's text count once it returns, so that
 * progress moves during a round's embedding; everything else is the embedder's own (its `this` included).
 */
function countingEmbedder(embedder: Embedder, onBatch: (texts: number) => void): Embedder {
  const embed: Embedder["embed"] = async (texts, options) => {
    const vectors = await embedder.embed(texts, options);
    onBatch(texts.length);
    return vectors;
  };
  return new Proxy(embedder, {
    get(target, property) {
      if (property === "embed") return embed;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
