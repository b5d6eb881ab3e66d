import type { ClientOptions } from "openai";
import { z } from "zod";
import { integer, nonEmpty, parseOptions } from "../../options.js";

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

const optionsSchema = z
  .object({
    model: z.string({ error: "a non-empty string" }).min(1, { error: "a non-empty string" }),
    apiKey: z.string().optional(),
    baseURL: z.string().refine(isAbsoluteURL, { error: 'an absolute URL such as "http://localhost:11434/v1"' }),
    dimensions: integer(1, 65536).optional(),
    sendDimensions: z.boolean().optional(),
    batchSize: integer(1).optional(),
    maxRequestTokens: integer(1).optional(),
    concurrency: integer(1).optional(),
    maxRetries: integer(0).optional(),
    timeoutMs: integer(1).optional(),
    id: z.string().min(1).optional(),
    fetch: z.custom<ClientOptions["fetch"]>((value) => typeof value === "function", { error: "a fetch function" }).optional(),
  })
  .superRefine((o, ctx) => {
    if (!o.apiKey && isAbsoluteURL(o.baseURL) && new URL(o.baseURL).hostname === "api.openai.com") {
      ctx.addIssue({
        code: "custom",
        path: ["apiKey"],
        message: `no API key for ${o.baseURL}. Set the OPENAI_API_KEY environment variable or pass apiKey.`,
      });
    }
    const known = KNOWN_MODELS[o.model];
    const dimensions = o.dimensions ?? known?.dimensions;
    const fail = (message: string) => ctx.addIssue({ code: "custom", path: ["dimensions"], message });
    if (dimensions === undefined) {
      fail(
        `the vector size of model ${JSON.stringify(o.model)} is not known. Pass dimensions (the length of the vectors the server returns), ` +
          `e.g. openAIEmbedder({ model: ${JSON.stringify(o.model)}, dimensions: 768 }).`,
      );
    } else if (known && dimensions > known.dimensions) {
      fail(`${o.model} returns at most ${known.dimensions} dimensions, got dimensions: ${dimensions}.`);
    } else if (known && !known.shortenable && dimensions !== known.dimensions) {
      fail(
        `${o.model} cannot shorten its vectors; it always returns ${known.dimensions} dimensions, got dimensions: ${dimensions}. ` +
          "Use text-embedding-3-small or -large for shorter vectors.",
      );
    } else if (known && o.sendDimensions === false && dimensions !== known.dimensions) {
      fail(`with sendDimensions: false, ${o.model} returns ${known.dimensions} dimensions, but dimensions is ${dimensions}.`);
    }
  });

export function resolveOptions(options: OpenAIEmbedderOptions): ResolvedOptions {
  // Workers and browsers have no process: their settings come as options.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const withDefaults =
    typeof options === "object" && options !== null
      ? {
          ...options,
          model: options.model ?? "text-embedding-3-small",
          baseURL: options.baseURL ?? nonEmpty(env["OPENAI_BASE_URL"]) ?? "https://api.openai.com/v1",
          apiKey: options.apiKey ?? nonEmpty(env["OPENAI_API_KEY"]),
        }
      : options;
  const o = parseOptions(optionsSchema, withDefaults, { caller: "openAIEmbedder" });
  const known = KNOWN_MODELS[o.model];
  const isOpenAI = new URL(o.baseURL).hostname === "api.openai.com";
  // The schema has checked that a model it does not know comes with dimensions.
  const dimensions = (o.dimensions ?? known?.dimensions)!;
  const sendDimensions = o.sendDimensions ?? (known !== undefined && dimensions !== known.dimensions);
  return {
    id: o.id ?? `openai:${o.model}${sendDimensions ? `@${dimensions}` : ""}`,
    model: o.model,
    dimensions,
    sendDimensions,
    known: known !== undefined,
    apiKey: o.apiKey || "unused",
    baseURL: o.baseURL,
    batchSize: o.batchSize ?? (isOpenAI ? OPENAI_MAX_BATCH : OTHER_SERVER_BATCH),
    maxRequestTokens: o.maxRequestTokens ?? DEFAULT_REQUEST_TOKENS,
    concurrency: o.concurrency ?? 4,
    maxRetries: o.maxRetries ?? 5,
    timeoutMs: o.timeoutMs ?? 120_000,
  };
}

function isAbsoluteURL(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
