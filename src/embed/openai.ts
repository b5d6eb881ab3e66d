import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, type ClientOptions } from "openai";
import pLimit from "p-limit";
import { RagError, describeValue, ensureArgument, isRagError } from "../errors.js";
import type { Embedder, EmbedOptions } from "./embedder.js";

/** Options of {@link openAIEmbedder}. */
export interface OpenAIEmbedderOptions {
  /**
   * The embedding model.
   * @default "text-embedding-3-small"
   */
  model?: string;
  /**
   * The API key. It is sent only as the `Authorization` header and never appears in errors.
   * @default process.env.OPENAI_API_KEY (a placeholder for servers other than api.openai.com)
   */
  apiKey?: string;
  /**
   * The API root of an OpenAI-compatible server, for example `http://localhost:11434/v1` (Ollama),
   * `http://localhost:8000/v1` (vLLM) or `http://localhost:1234/v1` (LM Studio).
   * @default process.env.OPENAI_BASE_URL, else "https://api.openai.com/v1"
   */
  baseURL?: string;
  /**
   * The length of the vectors. Known models (`text-embedding-3-small` 1536, `text-embedding-3-large` 3072,
   * `text-embedding-ada-002` 1536) default to their native size; any other model must state it. A size below
   * a text-embedding-3 model's native one is requested from the server (`dimensions` in the request body).
   */
  dimensions?: number;
  /**
   * Whether to send `dimensions` in the request, asking the server to shorten the vectors.
   * @default true for a known model when `dimensions` is below its native size, false otherwise
   */
  sendDimensions?: boolean;
  /**
   * The most inputs in one request.
   * @default 2048 for api.openai.com (its limit), 256 for other servers
   */
  batchSize?: number;
  /**
   * The most tokens in one request. Tokens are counted as UTF-8 bytes, which never undercounts a byte-level
   * BPE tokenizer, so a request never exceeds the budget (English runs about 4 bytes per token).
   * @default 300000 (OpenAI's per-request limit)
   */
  maxRequestTokens?: number;
  /**
   * The most requests in flight at once, across all `embed` calls on this embedder.
   * @default 4
   */
  concurrency?: number;
  /**
   * Retries of one request after a 408, 409, 429 or 5xx answer, a timeout or a connection failure. The
   * `openai` SDK retries with exponential backoff (0.5 s doubling to 8 s, minus up to 25% jitter), or waits
   * exactly as long as a `retry-after-ms` or `Retry-After` header asks (without a cap). An abort ends the wait.
   * @default 5
   */
  maxRetries?: number;
  /**
   * Time limit of one attempt, in milliseconds.
   * @default 120000
   */
  timeoutMs?: number;
  /**
   * The embedder id recorded with each collection.
   * @default "openai:<model>", plus "@<dimensions>" when the request shortens the vectors
   */
  id?: string;
  /** A `fetch` implementation for the SDK (proxies, tests). @default globalThis.fetch */
  fetch?: ClientOptions["fetch"];
}

/** Native vector sizes of OpenAI's embedding models, and whether they can be shortened. */
const KNOWN_MODELS: Record<string, { dimensions: number; shortenable: boolean }> = {
  "text-embedding-3-small": { dimensions: 1536, shortenable: true },
  "text-embedding-3-large": { dimensions: 3072, shortenable: true },
  "text-embedding-ada-002": { dimensions: 1536, shortenable: false },
};
const OPENAI_MAX_INPUT_TOKENS = 8192;
const OPENAI_MAX_BATCH = 2048;
const OTHER_SERVER_BATCH = 256;
const DEFAULT_REQUEST_TOKENS = 300_000;

/**
 * Embeds through the OpenAI embeddings API or any server that speaks it (Ollama, vLLM, LM Studio, ...),
 * using the official `openai` SDK. Large calls are split into requests of at most `batchSize` inputs and
 * `maxRequestTokens` tokens, sent `concurrency` at a time; failed requests are retried by the SDK; responses
 * are checked (count, order by `index`, length, finite numbers) before use.
 *
 * The id is `openai:<model>`, with `@<dimensions>` appended exactly when the request asks the server to
 * shorten the vectors, so that collections built at different sizes never mix.
 *
 * @example
 * const embedder = openAIEmbedder({ model: "text-embedding-3-small" });            // OPENAI_API_KEY from env
 * const small = openAIEmbedder({ model: "text-embedding-3-large", dimensions: 256 }); // id "openai:text-embedding-3-large@256"
 * const local = openAIEmbedder({ baseURL: "http://localhost:11434/v1", model: "nomic-embed-text", dimensions: 768 });
 */
export function openAIEmbedder(options: OpenAIEmbedderOptions = {}): Embedder {
  const config = resolveOptions(options);
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    maxRetries: config.maxRetries,
    timeout: config.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const limit = pLimit(config.concurrency);

  async function request(input: string[], signal: AbortSignal): Promise<Float32Array[]> {
    const response: unknown = await client.embeddings.create(
      {
        model: config.model,
        input,
        encoding_format: "float",
        ...(config.sendDimensions ? { dimensions: config.dimensions } : {}),
      },
      { signal },
    );
    return parseResponse(config, response, input.length);
  }

  async function embed(texts: string[], embedOptions: EmbedOptions = {}): Promise<Float32Array[]> {
    ensureArgument(Array.isArray(texts), `${config.id}: embed expects an array of strings, got ${describeValue(texts)}.`);
    const badIndex = texts.findIndex((text) => typeof text !== "string");
    ensureArgument(
      badIndex === -1,
      `${config.id}: embed expects an array of strings, but texts[${badIndex}] is ${describeValue(texts[badIndex])}.`,
    );
    const { signal } = embedOptions;
    throwIfAborted(config, signal);
    if (texts.length === 0) return [];

    // The first failure cancels the requests in flight and skips those not yet sent.
    const stop = new AbortController();
    const requestSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    const vectors = new Array<Float32Array>(texts.length);
    const work = planRequests(texts, config.batchSize, config.maxRequestTokens).map(({ start, end }) =>
      limit(async () => {
        throwIfAborted(config, signal);
        if (stop.signal.aborted) return;
        const input = texts.slice(start, end);
        try {
          // Racing the signal frees this concurrency slot at once, even while the SDK sleeps out a retry delay.
          const batch = await untilAborted(config, request(input, requestSignal), requestSignal);
          batch.forEach((vector, k) => (vectors[start + k] = vector));
        } catch (error) {
          throw translateError(config, error, signal, input.length);
        }
      }),
    );
    try {
      await untilAborted(config, Promise.all(work), signal);
    } finally {
      stop.abort();
    }
    return vectors;
  }

  return {
    id: config.id,
    dimensions: config.dimensions,
    maxBatchSize: config.batchSize,
    maxConcurrency: config.concurrency,
    ...(config.known ? { maxInputTokens: OPENAI_MAX_INPUT_TOKENS } : {}),
    embed,
  };
}

interface ResolvedOptions {
  id: string;
  model: string;
  dimensions: number;
  sendDimensions: boolean;
  known: boolean;
  apiKey: string;
  baseURL: string;
  batchSize: number;
  maxRequestTokens: number;
  concurrency: number;
  maxRetries: number;
  timeoutMs: number;
}

function resolveOptions(options: OpenAIEmbedderOptions): ResolvedOptions {
  const model = options.model ?? "text-embedding-3-small";
  ensureArgument(
    typeof model === "string" && model.length > 0,
    `openAIEmbedder: model must be a non-empty string, got ${describeValue(options.model)}.`,
  );
  const known = KNOWN_MODELS[model];

  const baseURL = options.baseURL ?? nonEmpty(process.env["OPENAI_BASE_URL"]) ?? "https://api.openai.com/v1";
  let host: string;
  try {
    host = new URL(baseURL).hostname;
  } catch (error) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `openAIEmbedder: baseURL must be an absolute URL such as "http://localhost:11434/v1", got ${describeValue(baseURL)}.`,
      { cause: error },
    );
  }
  const isOpenAI = host === "api.openai.com";

  const apiKey = options.apiKey ?? nonEmpty(process.env["OPENAI_API_KEY"]) ?? (isOpenAI ? undefined : "unused");
  ensureArgument(
    typeof apiKey === "string" && apiKey.length > 0,
    `openAIEmbedder: no API key for ${baseURL}. Set the OPENAI_API_KEY environment variable or pass apiKey.`,
  );

  const dimensions = options.dimensions ?? known?.dimensions;
  ensureArgument(
    dimensions !== undefined,
    `openAIEmbedder: the vector size of model ${JSON.stringify(model)} is not known. Pass dimensions ` +
      `(the length of the vectors the server returns), e.g. openAIEmbedder({ model: ${JSON.stringify(model)}, dimensions: 768 }).`,
    { model },
  );
  ensureArgument(
    Number.isInteger(dimensions) && dimensions >= 1 && dimensions <= 65536,
    `openAIEmbedder: dimensions must be an integer from 1 to 65536, got ${describeValue(options.dimensions)}.`,
  );
  if (known) {
    ensureArgument(
      dimensions <= known.dimensions,
      `openAIEmbedder: ${model} returns at most ${known.dimensions} dimensions, got dimensions: ${dimensions}.`,
    );
    ensureArgument(
      known.shortenable || dimensions === known.dimensions,
      `openAIEmbedder: ${model} cannot shorten its vectors; it always returns ${known.dimensions} dimensions, ` +
        `got dimensions: ${dimensions}. Use text-embedding-3-small or -large for shorter vectors.`,
    );
  }
  const sendDimensions = options.sendDimensions ?? (known !== undefined && dimensions !== known.dimensions);
  if (known && !sendDimensions) {
    ensureArgument(
      dimensions === known.dimensions,
      `openAIEmbedder: with sendDimensions: false, ${model} returns ${known.dimensions} dimensions, but dimensions is ${dimensions}.`,
    );
  }

  const id = options.id ?? `openai:${model}${sendDimensions ? `@${dimensions}` : ""}`;
  ensureArgument(typeof id === "string" && id.length > 0, `openAIEmbedder: id must be a non-empty string, got ${describeValue(id)}.`);

  return {
    id,
    model,
    dimensions,
    sendDimensions,
    known: known !== undefined,
    apiKey,
    baseURL,
    batchSize: positiveInteger("batchSize", options.batchSize, isOpenAI ? OPENAI_MAX_BATCH : OTHER_SERVER_BATCH),
    maxRequestTokens: positiveInteger("maxRequestTokens", options.maxRequestTokens, DEFAULT_REQUEST_TOKENS),
    concurrency: positiveInteger("concurrency", options.concurrency, 4),
    maxRetries: nonNegativeInteger("maxRetries", options.maxRetries, 5),
    timeoutMs: positiveInteger("timeoutMs", options.timeoutMs, 120_000),
  };
}

/** Splits `texts` into consecutive requests within both the input count and the token budget. */
function planRequests(texts: string[], batchSize: number, maxTokens: number): Array<{ start: number; end: number }> {
  const plan: Array<{ start: number; end: number }> = [];
  let start = 0;
  let tokens = 0;
  texts.forEach((text, i) => {
    const cost = Buffer.byteLength(text, "utf8");
    if (i > start && (i - start >= batchSize || tokens + cost > maxTokens)) {
      plan.push({ start, end: i });
      start = i;
      tokens = 0;
    }
    tokens += cost;
  });
  plan.push({ start, end: texts.length });
  return plan;
}

/** Checks only what is used: one finite vector of the right length per input, placed by `index`. */
function parseResponse(config: ResolvedOptions, response: unknown, count: number): Float32Array[] {
  const fail = (what: string, details?: Record<string, unknown>): never => {
    throw new RagError(
      "EMBEDDING_FAILED",
      `${config.id}: the server at ${config.baseURL} returned an unusable response: ${what}.`,
      details ? { details } : {},
    );
  };
  const data = (response as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return fail("expected a `data` array");
  if (data.length !== count) {
    fail(`expected ${count} embeddings, got ${data.length}`, { expected: count, actual: data.length });
  }
  const items = data as Array<{ index?: unknown; embedding?: unknown } | null>;
  // A server that omits every index is taken to answer in input order.
  const positional = items.every((item) => item?.index === undefined);
  const vectors = new Array<Float32Array>(count);
  items.forEach((item, position) => {
    const index = positional ? position : item?.index;
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count) {
      fail(`item ${position} has index ${describeValue(index)}; expected an integer from 0 to ${count - 1}`);
    }
    const at = index as number;
    if (vectors[at]) fail(`index ${at} appears twice`);
    const embedding = item?.embedding;
    if (!Array.isArray(embedding)) {
      fail(`the embedding at index ${at} is ${describeValue(embedding)}; expected an array of numbers (encoding_format "float")`);
    }
    const values = embedding as unknown[];
    if (values.length === 0) fail(`the embedding at index ${at} is empty: the server returned no vector for that text; check the model and the server`);
    if (values.length !== config.dimensions) {
      fail(
        `the embedding at index ${at} has ${values.length} dimensions; expected ${config.dimensions}. ` +
          `If the model's size is ${values.length}, pass dimensions: ${values.length}`,
        { expected: config.dimensions, actual: values.length, index: at },
      );
    }
    const vector = new Float32Array(values.length);
    for (let d = 0; d < values.length; d++) {
      const value = values[d];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        fail(`the embedding at index ${at} has ${describeValue(value)} at position ${d}; expected a finite number`);
      }
      vector[d] = value as number;
    }
    vectors[at] = vector;
  });
  return vectors;
}

function translateError(config: ResolvedOptions, error: unknown, signal: AbortSignal | undefined, size: number): RagError {
  if (signal?.aborted) return abortedError(config, signal);
  if (isRagError(error)) return error;
  const where = `the server at ${config.baseURL}`;
  const attempts = `${config.maxRetries + 1} attempt${config.maxRetries === 0 ? "" : "s"}`;
  const failed = (message: string, status?: number) =>
    new RagError("EMBEDDING_FAILED", `${config.id}: ${message}`, {
      cause: error,
      details: { model: config.model, baseURL: config.baseURL, inputs: size, ...(status ? { status } : {}) },
    });

  if (error instanceof APIConnectionTimeoutError) {
    return failed(`${where} did not answer within timeoutMs (${config.timeoutMs} ms), after ${attempts}. Raise timeoutMs or lower batchSize.`);
  }
  if (error instanceof APIConnectionError) {
    return failed(`could not reach ${where} after ${attempts}: ${describeCause(error)}. Check baseURL and that the server is running.`);
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const status = error.status;
    // The server's message for a bad key may quote part of it, so it stays in `cause` only.
    if (status === 401) {
      return failed(
        `${where} rejected the API key (401 Unauthorized). Check the OPENAI_API_KEY environment variable or the apiKey option.`,
        status,
      );
    }
    const said = serverMessage(error);
    if (status === 403) return failed(`${where} refused access to model ${config.model} (403): ${said}`, status);
    if (status === 404) {
      return failed(`${where} has no model ${JSON.stringify(config.model)} or no /embeddings route (404): ${said}. Check model and baseURL.`, status);
    }
    if (status === 429) {
      return failed(`${where} kept rate-limiting the requests (429) after ${attempts}: ${said}. Lower concurrency or batchSize, or raise maxRetries.`, status);
    }
    if (status >= 500) return failed(`${where} failed with ${status} after ${attempts}: ${said}`, status);
    return failed(
      `${where} rejected a request of ${size} input${size === 1 ? "" : "s"} (${status}): ${said}. ` +
        `Inputs must be non-empty and within the model's token limit (8,192 for OpenAI models).`,
      status,
    );
  }
  return failed(`the request failed: ${error instanceof Error ? error.message : String(error)}`);
}

function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (typeof body?.message === "string") return body.message;
  return error.message.replace(/^\d{3}\s*/, "") || "no message";
}

function describeCause(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

function abortedError(config: ResolvedOptions, signal: AbortSignal): RagError {
  return new RagError("ABORTED", `${config.id}: embedding was aborted.`, { cause: signal.reason });
}

function throwIfAborted(config: ResolvedOptions, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(config, signal);
}

/**
 * Settles with `work`, or rejects with ABORTED as soon as `signal` fires. The SDK stops a request on abort,
 * but sleeps out a retry delay before it notices, so waiting for it could take as long as `Retry-After`.
 */
function untilAborted<T>(config: ResolvedOptions, work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(abortedError(config, signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(config, signal));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  ensureArgument(
    Number.isInteger(resolved) && resolved >= 1,
    `openAIEmbedder: ${name} must be a positive integer, got ${describeValue(value)}.`,
  );
  return resolved;
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  ensureArgument(
    Number.isInteger(resolved) && resolved >= 0,
    `openAIEmbedder: ${name} must be an integer of 0 or more, got ${describeValue(value)}.`,
  );
  return resolved;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
