import pLimit, { type LimitFunction } from "p-limit";
import { RagError, describeValue, ensureArgument, errorMessage, isRagError } from "../errors.js";
import type { Embedder, EmbedOptions } from "./embedder.js";

/**
 * One model call's worth of embedding, with the model's limits: what `embedMany` needs to split, schedule and
 * retry the calls. Every `Embedder` is one (its `embed` then takes whole batches); the built-in embedders also
 * describe their single request or model run this way and build their public `embed` on `embedMany`.
 */
export interface BatchEmbedder {
  /** Names the embedder in errors. */
  readonly id: string;
  /** The most texts in one call. @default all texts in one call */
  readonly maxBatchSize?: number;
  /**
   * The most UTF-8 bytes of text in one call: a token budget that never undercounts a byte-level BPE tokenizer.
   * A text over the budget still goes, alone.
   */
  readonly maxBatchBytes?: number;
  /** Calls in flight at once, for a call of `embedMany` that brings no queue of its own. @default 1 */
  readonly maxConcurrency?: number;
  /** Batch texts of similar length together, for models whose call costs what its longest text costs. */
  readonly groupByLength?: boolean;
  /** Which failures of one call are retried, and after how long. @default none */
  readonly retry?: RetryPolicy;
  /** The error a caller sees for a call that failed (after its retries). @default the error if a RagError, else EMBEDDING_FAILED */
  failure?(error: unknown, texts: number): RagError;
  /** Embeds one call's texts, in order. `signal` fires on the caller's abort and when another call failed. */
  embed(texts: string[], options: { signal: AbortSignal }): Promise<Float32Array[]>;
}

export interface RetryPolicy {
  /** Retries of one call after its first attempt. */
  readonly maxRetries: number;
  /** How long to wait before retry number `retry` (0 for the first) after `error`; `undefined` when not worth retrying. */
  delayMs(error: unknown, retry: number): number | undefined;
}

/**
 * A queue of calls to an embedder, at most `maxConcurrency` at once, first come, first served. Callers that
 * share one (an ingest's rounds of chunks, or every call of one OpenAI embedder) have their calls run in
 * order, so an earlier round finishes before a later one rather than all of them together.
 */
export type EmbedQueue = LimitFunction;

/** A new {@link EmbedQueue} for `embedder`'s `maxConcurrency`. */
export function embedQueue(embedder: Pick<BatchEmbedder, "maxConcurrency">): EmbedQueue {
  return pLimit(Math.max(1, embedder.maxConcurrency ?? 1));
}

/**
 * An {@link Embedder} seen as one call per batch, with its stated limits. `defaultBatchSize` applies when it
 * states no `maxBatchSize`. Methods are called on the embedder itself, so class-based embedders keep `this`.
 */
export function batchesOf(embedder: Embedder, defaultBatchSize?: number): BatchEmbedder {
  const maxBatchSize = embedder.maxBatchSize ?? defaultBatchSize;
  return {
    id: embedder.id,
    ...(maxBatchSize !== undefined ? { maxBatchSize } : {}),
    ...(embedder.maxConcurrency !== undefined ? { maxConcurrency: embedder.maxConcurrency } : {}),
    embed: (texts, options) => embedder.embed(texts, options),
  };
}

export interface EmbedManyOptions extends EmbedOptions {
  /** The queue the calls wait in. @default a new queue of the embedder's `maxConcurrency`, for this call alone */
  queue?: EmbedQueue;
}

/**
 * The one batching path: checks the input, splits it into calls within the embedder's limits, runs them
 * through a bounded queue, retries what the embedder's policy says is worth retrying, checks that each call
 * returns one vector per text, and returns the vectors in input order. After the first failure, calls not yet
 * started are skipped and those in flight are signalled to stop; on abort it rejects with ABORTED at once.
 *
 * @example
 * const vectors = await embedMany(embedder, texts, { signal });
 */
export async function embedMany(model: BatchEmbedder, texts: string[], options: EmbedManyOptions = {}): Promise<Float32Array[]> {
  ensureArgument(Array.isArray(texts), `${model.id}: embed expects an array of strings, got ${describeValue(texts)}.`);
  const badIndex = texts.findIndex((text) => typeof text !== "string");
  ensureArgument(badIndex === -1, `${model.id}: embed expects an array of strings, but texts[${badIndex}] is ${describeValue(texts[badIndex])}.`);
  const { signal } = options;
  if (signal?.aborted) throw abortedError(model.id, signal);
  if (texts.length === 0) return [];

  const queue = options.queue ?? embedQueue(model);
  // The first failure stops the calls in flight and skips those not yet started.
  const stop = new AbortController();
  const callSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const vectors = new Array<Float32Array>(texts.length);
  const work = planCalls(model, texts).map((indices) =>
    queue(async () => {
      if (signal?.aborted) throw abortedError(model.id, signal);
      if (stop.signal.aborted) return;
      try {
        const batch = await callWithRetries(
          model,
          indices.map((i) => texts[i]!),
          callSignal,
        );
        indices.forEach((textIndex, k) => (vectors[textIndex] = batch[k]!));
      } catch (error) {
        const first = !stop.signal.aborted;
        stop.abort();
        if (signal?.aborted) throw abortedError(model.id, signal);
        if (first) throw error;
      }
    }),
  );
  try {
    await untilAborted(model.id, Promise.all(work), signal);
  } finally {
    stop.abort();
  }
  return vectors;
}

/** The texts of each call, as indices into `texts`, within the count and byte limits. */
function planCalls(model: BatchEmbedder, texts: string[]): number[][] {
  const order = texts.map((_, index) => index);
  if (model.groupByLength) order.sort((a, b) => texts[a]!.length - texts[b]!.length);
  const maxCount = Math.max(1, model.maxBatchSize ?? texts.length);
  const maxBytes = model.maxBatchBytes ?? Infinity;
  const calls: number[][] = [];
  let call: number[] = [];
  let bytes = 0;
  for (const index of order) {
    const cost = maxBytes === Infinity ? 0 : utf8Length(texts[index]!);
    if (call.length > 0 && (call.length >= maxCount || bytes + cost > maxBytes)) {
      calls.push(call);
      call = [];
      bytes = 0;
    }
    call.push(index);
    bytes += cost;
  }
  calls.push(call);
  return calls;
}

async function callWithRetries(model: BatchEmbedder, texts: string[], signal: AbortSignal): Promise<Float32Array[]> {
  for (let retry = 0; ; retry++) {
    let vectors: Float32Array[];
    try {
      // Racing the signal frees the queue slot at once, even if the model takes its time to notice.
      vectors = await untilAborted(model.id, model.embed(texts, { signal }), signal);
    } catch (error) {
      if (signal.aborted) throw abortedError(model.id, signal);
      const delay = retry < (model.retry?.maxRetries ?? 0) ? model.retry!.delayMs(error, retry) : undefined;
      if (delay === undefined) throw model.failure ? model.failure(error, texts.length) : failure(model.id, error, texts.length);
      await sleep(delay, signal).catch(() => {
        throw abortedError(model.id, signal);
      });
      continue;
    }
    if (!Array.isArray(vectors) || vectors.length !== texts.length) {
      const got = Array.isArray(vectors) ? `${vectors.length} vectors` : describeValue(vectors);
      throw new RagError("EMBEDDING_FAILED", `Embedder "${model.id}" returned ${got} for ${texts.length} texts; expected one vector per text.`);
    }
    return vectors;
  }
}

function failure(id: string, error: unknown, texts: number): RagError {
  if (isRagError(error)) return error;
  return new RagError("EMBEDDING_FAILED", `Embedder "${id}" failed on a batch of ${texts}: ${errorMessage(error)}`, { cause: error });
}

function abortedError(id: string, signal: AbortSignal): RagError {
  return new RagError("ABORTED", `${id}: embedding was aborted.`, { cause: signal.reason });
}

/** Settles with `work`, or rejects with ABORTED as soon as `signal` fires. */
function untilAborted<T>(id: string, work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(abortedError(id, signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(id, signal));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Bytes of `text` in UTF-8, without Node's Buffer (this file also runs in Workers and browsers). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
