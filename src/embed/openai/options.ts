import type { ClientOptions } from "openai";
import { RagError, describeValue, ensureArgument } from "../../errors.js";

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
   * Retries of one request after a 408, 409, 429 or 5xx answer, a timeout or a connection failure, with
   * the `openai` SDK's rules: exponential backoff (0.5 s doubling to 8 s, minus up to 25% jitter), or waits
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
export const OPENAI_MAX_INPUT_TOKENS = 8192;
const OPENAI_MAX_BATCH = 2048;
const OTHER_SERVER_BATCH = 256;
const DEFAULT_REQUEST_TOKENS = 300_000;

export interface ResolvedOptions {
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

export function resolveOptions(options: OpenAIEmbedderOptions): ResolvedOptions {
  const model = options.model ?? "text-embedding-3-small";
  ensureArgument(typeof model === "string" && model.length > 0, `openAIEmbedder: model must be a non-empty string, got ${describeValue(options.model)}.`);
  const known = KNOWN_MODELS[model];

  // Workers and browsers have no process: their settings come as options.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const baseURL = options.baseURL ?? nonEmpty(env["OPENAI_BASE_URL"]) ?? "https://api.openai.com/v1";
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

  const apiKey = options.apiKey ?? nonEmpty(env["OPENAI_API_KEY"]) ?? (isOpenAI ? undefined : "unused");
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
    ensureArgument(dimensions <= known.dimensions, `openAIEmbedder: ${model} returns at most ${known.dimensions} dimensions, got dimensions: ${dimensions}.`);
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

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  ensureArgument(Number.isInteger(resolved) && resolved >= 1, `openAIEmbedder: ${name} must be a positive integer, got ${describeValue(value)}.`);
  return resolved;
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  ensureArgument(Number.isInteger(resolved) && resolved >= 0, `openAIEmbedder: ${name} must be an integer of 0 or more, got ${describeValue(value)}.`);
  return resolved;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
