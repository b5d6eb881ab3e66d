import { contentHash } from "../embed/content-hash.js";
import type { DocumentWrite } from "../store/documents.js";
import type { RecordInput } from "../db/records.js";
import type { LoadedDocument } from "./loaders/index.js";

/** One file being ingested: its marker is written once all its documents are, and none failed. */
export interface FileRun {
  file: string;
  marker: string;
  /** Every document id the file yielded. */
  ids: string[];
  /** Documents handed to a round and not yet written. */
  pending: number;
  /** All its documents have been considered. */
  loaded: boolean;
  failed: boolean;
  marked: boolean;
}

/** A document chunked and waiting for its round to be embedded and written. */
export interface PreparedDocument {
  doc: LoadedDocument;
  run: FileRun | null;
  hash: string;
  records: Omit<RecordInput, "vector">[];
  /** What the embedder is given for each record: its context header and passage (see embeddingText). */
  texts: string[];
  isNew: boolean;
}

/**
 * A prepared document with its vectors, as the store writes it; `fresh` holds the vectors embedded now (by
 * text hash), which go into the embedding cache with the document.
 */
export function documentWrite(p: PreparedDocument, vectors: readonly Float32Array[], fresh: ReadonlyMap<string, Float32Array>): DocumentWrite {
  return {
    id: p.doc.id,
    source: p.run?.file ?? null,
    hash: p.hash,
    metadata: { title: p.doc.title ?? null, ...p.doc.metadata },
    chunks: p.records.map((r, i) => ({ ...r, vector: vectors[i]! })),
    embeddings: p.texts.flatMap((text) => {
      const hash = contentHash(text);
      const vector = fresh.get(hash);
      return vector ? [{ hash, vector }] : [];
    }),
  };
}
