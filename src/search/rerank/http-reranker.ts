import pLimit from "p-limit";
import { z } from "zod";
import { describeValue, ensureArgument } from "../../errors.js";
import { integer, isHttpURL, parseOptions } from "../../options.js";
import { type Reranker, type RerankCallOptions, throwIfAborted } from "./reranker.js";
import { withRetries, type HttpRerankerConfig } from "./http-request.js";

/** Options of {@link httpReranker}. */
export interface HttpRerankerOptions {
  /**
   * The API root. Requests go to `<baseURL>/rerank`, after dropping trailing slashes from the path (a query
   * string is kept): `http://localhost:8000/v1` and `http://localhost:8000/v1/` both give
   * `http://localhost:8000/v1/rerank`. Examples: `https://api.cohere.com/v2`, `https://api.jina.ai/v1`,
   * `https://api.voyageai.com/v1`, `http://localhost:8000/v1` (vLLM), `http://localhost:7997` (Infinity),
   * `http://localhost:8080` (text-embeddings-inference, with `format: "tei"`).
   */
  baseURL: string;
  /** The reranking model, sent as `model`; also names the reranker (`id` is `http:<model>`). */
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>` when given. It never appears in errors. */
  apiKey?: string;
  /**
   * The request body. `"cohere"` sends `{ model, query, documents, top_n }`, the shape of Cohere, Jina, vLLM
   * and Infinity. `"tei"` sends `{ query, texts }`, the shape of text-embeddings-inference's own `/rerank`.
   * Responses of either shape are accepted in both cases.
   * @default "cohere"
   */
  format?: "cohere" | "tei";
  /**
   * The most documents in one request; larger calls are split.
   * @default 100, or 32 with format "tei" (text-embeddings-inference's default --max-client-batch-size)
   */
  maxDocumentsPerCall?: number;
  /**
   * The most requests in flight at once, across all `rerank` calls on this reranker.
   * @default 4
   */
  maxConcurrency?: number;
  /**
   * Retries of one request after a 429 or 5xx answer, a timeout or a network failure; other statuses are not
   * retried. The wait doubles from 0.5 s up to 8 s (minus up to 25% jitter), or is exactly what a
   * `Retry-After` (seconds or an HTTP date) or `retry-after-ms` header asks. An abort ends the wait.
   * @default 3
   */
  maxRetries?: number;
  /**
   * The longest `Retry-After` wait to honour, in milliseconds. A server asking for more ends the retries with
   * `RERANK_FAILED` at once, rather than stalling a search.
   * @default 30000
   */
  maxRetryDelayMs?: number;
  /**
   * Time limit of one attempt (request and body), in milliseconds.
   * @default 60000
   */
  timeoutMs?: number;
  /** Extra request headers, e.g. `{ "X-Client-Name": "my-app" }`. */
  headers?: Record<string, string>;
  /** A `fetch` implementation (proxies, tests). @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * A {@link Reranker} over the `/rerank` request shape that Cohere, Jina, Voyage, vLLM, Infinity and
 * text-embeddings-inference accept: `POST <baseURL>/rerank` with `{ model, query, documents, top_n }`, reading
 * `{ results: [{ index, relevance_score }] }` (also `data` for `results`, `score` for `relevance_score`, or a
 * bare array). Calls are split into requests of `maxDocumentsPerCall`, sent `maxConcurrency` at a time; a 429,
 * 5xx, timeout or network failure is retried with backoff, honouring `Retry-After`. Failures are
 * `RERANK_FAILED`, an abort through the signal is `ABORTED`.
 *
 * @example
 * const reranker = httpReranker({ baseURL: "http://localhost:8080/v1", model: "BAAI/bge-reranker-base" });
 * const cohere = httpReranker({ baseURL: "https://api.cohere.com/v2", model: "rerank-v3.5", apiKey: process.env.COHERE_API_KEY });
 * const tei = httpReranker({ baseURL: "http://localhost:8080", model: "BAAI/bge-reranker-base", format: "tei" });
 */
export function httpReranker(options: HttpRerankerOptions): Reranker {
  const config = resolveOptions(options);
  const limit = pLimit(config.maxConcurrency);

  async function rerank(query: string, documents: string[], callOptions: RerankCallOptions = {}): Promise<number[]> {
    ensureArgument(typeof query === "string", `${config.id}: the query must be a string, got ${describeValue(query)}.`);
    ensureArgument(Array.isArray(documents), `${config.id}: documents must be an array of strings, got ${describeValue(documents)}.`);
    const bad = documents.findIndex((document) => typeof document !== "string");
    ensureArgument(bad === -1, `${config.id}: documents[${bad}] is ${describeValue(documents[bad])}; expected a string.`);
    const { signal } = callOptions;
    throwIfAborted(config, signal);
    if (documents.length === 0) return [];

    // The first failure cancels the requests in flight and skips those not yet sent.
    const stop = new AbortController();
    const requestSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    const scores = new Array<number>(documents.length);
    const work: Array<Promise<void>> = [];
    for (let start = 0; start < documents.length; start += config.maxDocumentsPerCall) {
      const batch = documents.slice(start, start + config.maxDocumentsPerCall);
      work.push(
        limit(async () => {
          throwIfAborted(config, signal);
          if (stop.signal.aborted) return;
          const part = await withRetries(config, query, batch, requestSignal, signal);
          part.forEach((score, k) => (scores[start + k] = score));
        }),
      );
    }
    try {
      await Promise.all(work);
    } finally {
      stop.abort();
    }
    return scores;
  }

  return { id: config.id, maxDocumentsPerCall: config.maxDocumentsPerCall, maxConcurrency: config.maxConcurrency, rerank };
}

const optionsSchema = z.strictObject({
  baseURL: z.string().refine(isHttpURL, { error: 'an absolute http(s) URL such as "http://localhost:8080/v1"' }),
  model: z.string().min(1, { error: 'a non-empty string such as "BAAI/bge-reranker-base"' }),
  apiKey: z.string().min(1, { error: "a non-empty string or left out" }).optional(),
  format: z.enum(["cohere", "tei"]).default("cohere"),
  maxDocumentsPerCall: integer(1).optional(),
  maxConcurrency: integer(1).default(4),
  maxRetries: integer(0).default(3),
  maxRetryDelayMs: integer(0).default(30_000),
  timeoutMs: integer(1).default(60_000),
  headers: z.record(z.string(), z.string(), { error: "an object of strings" }).default({}),
  fetch: z.custom<typeof fetch>((value) => typeof value === "function", { error: "a fetch function" }).optional(),
});

function resolveOptions(options: HttpRerankerOptions): HttpRerankerConfig {
  const o = parseOptions(optionsSchema, options, { caller: "httpReranker" });
  return {
    id: `http:${o.model}`,
    model: o.model,
    url: rerankURL(o.baseURL),
    format: o.format,
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      ...o.headers,
      ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}),
    },
    maxDocumentsPerCall: o.maxDocumentsPerCall ?? (o.format === "tei" ? 32 : 100),
    maxConcurrency: o.maxConcurrency,
    maxRetries: o.maxRetries,
    maxRetryDelayMs: o.maxRetryDelayMs,
    timeoutMs: o.timeoutMs,
    fetch: o.fetch ?? globalThis.fetch,
  };
}

/** `<baseURL>/rerank`, with trailing slashes of the path dropped first and any query string kept. */
function rerankURL(baseURL: string): string {
  const url = new URL(baseURL);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/rerank`;
  return url.toString();
}
