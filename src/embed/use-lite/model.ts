import { RagError, errorMessage, isRagError } from "../../errors.js";

/** What every part of the offline embedder agrees on: the model's id, its output and its input window. */
export const ID = "use-lite-512";
export const DIMENSIONS = 512;
/** The model's graph clips every input to its first 128 tokens (`KonaTransformer/ClipToMaxLength`). */
export const MAX_INPUT_TOKENS = 128;

/** Where the model runs; see `UseLiteEmbedderOptions.runtime`. */
export type UseLiteRuntime = "auto" | "onnx" | "tfjs";

/**
 * The model on one runtime: a batch of token-id rows (each non-empty, at most 128 ids) in, their unit vectors
 * out, one after another in one array.
 */
export interface UseLiteModel {
  readonly vocabulary: Array<[string, number]>;
  run(rows: number[][]): Promise<Float32Array>;
}

/** Cuts a flat array of vectors (as a runtime or a worker returns them) into one owned array per text. */
export function splitRows(flat: Float32Array): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let offset = 0; offset < flat.length; offset += DIMENSIONS) rows.push(flat.slice(offset, offset + DIMENSIONS));
  return rows;
}

/** The reverse of {@link splitRows}: one array to send to another thread. */
export function joinRows(vectors: Float32Array[]): Float32Array {
  const flat = new Float32Array(vectors.length * DIMENSIONS);
  vectors.forEach((vector, r) => flat.set(vector, r * DIMENSIONS));
  return flat;
}

export function batchError(size: number, error: unknown): RagError {
  if (isRagError(error)) return error;
  return new RagError("EMBEDDING_FAILED", `${ID}: the model failed on a batch of ${size} text${size === 1 ? "" : "s"}: ${errorMessage(error)}`, {
    cause: error,
  });
}

export function closedError(): RagError {
  return new RagError("CLOSED", `${ID}: the embedder was closed while embedding; call embed again to restart it.`);
}

function abortedError(signal: AbortSignal): RagError {
  return new RagError("ABORTED", `${ID}: embedding was aborted.`, { cause: signal.reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}

/** Runs one batch of texts through the model, on this thread or a worker. */
export interface BatchRunner {
  /** `signal`, if the runner waits before it starts the batch, skips a batch aborted meanwhile. */
  run(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
  close(): Promise<void>;
}
