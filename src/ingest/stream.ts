import { RagError, isRagError } from "../errors.js";
import type { CollectionDocuments } from "../store/documents.js";
import type { Planner } from "./plan.js";
import { checkAbort, type IngestLog } from "./report.js";
import { checkInMemoryDocument, type InMemoryDocument } from "./in-memory.js";

/** In-memory documents produced one at a time: rows from a database, pages from an API or a crawler. */
export type DocumentStream = Iterable<InMemoryDocument> | AsyncIterable<InMemoryDocument>;

/** The `source` of the failure reported when a document stream throws. */
const STREAM_SOURCE = "<document stream>";

/**
 * Documents read ahead of the rounds, whose stored state is then looked up in one read: a window ends at
 * this many documents or characters of content, whichever comes first, so memory stays bounded whatever the
 * stream's length.
 */
const WINDOW_DOCUMENTS = 256;
const WINDOW_CHARS = 4_000_000;

/** True for an iterable or async iterable that is not an array (an array lists paths and documents). */
export function isDocumentStream(sources: unknown): sources is DocumentStream {
  return typeof sources === "object" && sources !== null && !Array.isArray(sources) && (Symbol.asyncIterator in sources || Symbol.iterator in sources);
}

/**
 * Plans the documents of a stream window by window. An item that is not a document fails alone. When the
 * stream itself throws, the documents it yielded before are still planned (and so written whole), the error is
 * reported as the stream's failure, and the result says the stream was not read to its end.
 */
export async function planStream(
  stream: DocumentStream,
  planner: Planner,
  documents: CollectionDocuments,
  log: IngestLog,
  signal: AbortSignal | undefined,
): Promise<{ complete: boolean }> {
  const iterator: Iterator<unknown> | AsyncIterator<unknown> = Symbol.asyncIterator in stream ? stream[Symbol.asyncIterator]() : stream[Symbol.iterator]();
  let window: InMemoryDocument[] = [];
  let chars = 0;
  let read = 0;
  const planWindow = async () => {
    if (window.length === 0) return;
    const batch = window;
    window = [];
    chars = 0;
    const known = await documents.known(batch.map((d) => d.id));
    for (const d of batch) await planner.inMemory(d, known);
  };
  let ended = false;
  try {
    for (;;) {
      checkAbort(signal);
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (error) {
        ended = true;
        // A stream that stops because the run was aborted is the abort, not the stream's failure.
        checkAbort(signal);
        if (isRagError(error, "ABORTED")) throw error;
        log.fail(STREAM_SOURCE, streamFailure(error, read));
        await planWindow();
        return { complete: false };
      }
      if (next.done) {
        ended = true;
        break;
      }
      const item = next.value;
      const at = read++;
      log.total += 1;
      let doc: InMemoryDocument;
      try {
        doc = checkInMemoryDocument(item, `Document stream item ${at}`);
      } catch (error) {
        if (!isRagError(error, "INVALID_ARGUMENT")) throw error;
        log.fail(`${STREAM_SOURCE} item ${at}`, error);
        continue;
      }
      window.push(doc);
      chars += doc.content.length;
      if (window.length >= WINDOW_DOCUMENTS || chars >= WINDOW_CHARS) await planWindow();
    }
    await planWindow();
    return { complete: true };
  } finally {
    // Stopped early (an abort, a store outage): let a generator run its own cleanup.
    if (!ended) await Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

function streamFailure(error: unknown, read: number): RagError {
  const message = error instanceof Error ? error.message : String(error);
  return new RagError(
    "LOAD_FAILED",
    `The document stream threw after ${read} item${read === 1 ? "" : "s"}: ${message}. The documents it yielded before are stored whole; ` +
      "fix the source and run again (unchanged documents are skipped).",
    { cause: error },
  );
}
