import { RagError, errorMessage } from "../../errors.js";
import { describeBody, parseRerankResponse } from "./rerank-response.js";
import { abortedError } from "./reranker.js";

/** `HttpRerankerOptions` resolved once by `httpReranker`, with every default filled in. */
export interface HttpRerankerConfig {
  id: string;
  model: string;
  url: string;
  format: "cohere" | "tei";
  headers: Record<string, string>;
  maxDocumentsPerCall: number;
  maxConcurrency: number;
  maxRetries: number;
  maxRetryDelayMs: number;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** The outcome of one failed attempt: what went wrong, and whether another attempt may succeed. */
interface Failure {
  message: string;
  retry: boolean;
  retryAfterMs?: number | undefined;
  status?: number;
  cause?: unknown;
}

/** Sends one batch, retrying 429, 5xx, timeouts and network failures with backoff or as `Retry-After` asks. */
export async function withRetries(
  config: HttpRerankerConfig,
  query: string,
  documents: string[],
  signal: AbortSignal,
  userSignal: AbortSignal | undefined,
): Promise<number[]> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptOnce(config, query, documents, signal, userSignal);
    if (Array.isArray(outcome)) return outcome;
    const attempts = `${attempt + 1} attempt${attempt === 0 ? "" : "s"}`;
    const give = (message: string) =>
      new RagError("RERANK_FAILED", `${config.id}: ${message}.`, {
        cause: outcome.cause,
        details: { url: config.url, model: config.model, documents: documents.length, ...(outcome.status ? { status: outcome.status } : {}) },
      });
    if (!outcome.retry) throw give(outcome.message);
    if (attempt >= config.maxRetries) throw give(`${outcome.message} (after ${attempts}; raise maxRetries to try longer)`);
    const delay = outcome.retryAfterMs ?? Math.min(8000, 500 * 2 ** attempt) * (1 - Math.random() * 0.25);
    if (delay > config.maxRetryDelayMs) {
      throw give(
        `${outcome.message}; the server asked to wait ${Math.ceil(delay / 1000)} s before retrying, more than ` +
          `maxRetryDelayMs (${config.maxRetryDelayMs} ms). Raise maxRetryDelayMs or retry later`,
      );
    }
    try {
      await sleep(delay, signal);
    } catch (error) {
      throw userSignal?.aborted ? abortedError(config, userSignal) : error;
    }
  }
}

/** One request. Returns the scores, or a {@link Failure}; throws for an abort or an unusable 2xx body. */
async function attemptOnce(
  config: HttpRerankerConfig,
  query: string,
  documents: string[],
  signal: AbortSignal,
  userSignal: AbortSignal | undefined,
): Promise<number[] | Failure> {
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const body = config.format === "tei" ? { query, texts: documents } : { model: config.model, query, documents, top_n: documents.length };
  let status: number;
  let headers: Headers;
  let text: string;
  try {
    const response = await config.fetch(config.url, {
      method: "POST",
      headers: config.headers,
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, timeout]),
    });
    status = response.status;
    headers = response.headers;
    text = await response.text();
  } catch (error) {
    if (userSignal?.aborted) throw abortedError(config, userSignal);
    if (signal.aborted) throw error; // another batch failed; its error is the one reported
    if (timeout.aborted) {
      return {
        retry: true,
        cause: error,
        message: `${where(config)} did not answer within timeoutMs (${config.timeoutMs} ms). Raise timeoutMs or lower maxDocumentsPerCall`,
      };
    }
    return { retry: true, cause: error, message: `could not reach ${where(config)}: ${describeCause(error)}. Check baseURL and that the server is running` };
  }

  if (status < 200 || status >= 300) return statusFailure(config, status, headers, text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RagError(
      "RERANK_FAILED",
      `${config.id}: ${where(config)} answered ${status} with a body that is not JSON (${snippet(text)}); expected { results: [{ index, relevance_score }] }.`,
      { cause: error, details: { url: config.url, status } },
    );
  }
  return parseRerankResponse(parsed, documents.length, `${config.id}: ${where(config)}`);
}

function statusFailure(config: HttpRerankerConfig, status: number, headers: Headers, text: string): Failure {
  const at = where(config);
  // A server's answer to a bad key may quote part of it, so its text stays out of the message.
  if (status === 401 || status === 403) {
    return { status, retry: false, message: `${at} refused the request (${status}). Check apiKey (sent as "Authorization: Bearer ...")` };
  }
  const said = serverMessage(text);
  if (status === 429 || status >= 500) {
    const what = status === 429 ? "is rate-limiting the requests (429)" : `failed with ${status}`;
    return { status, retry: true, retryAfterMs: retryAfterMs(headers), message: `${at} ${what}: ${said}` };
  }
  if (status === 404) {
    return {
      status,
      retry: false,
      message:
        `${at} answered 404 (${said}): it has no /rerank route or no model ${JSON.stringify(config.model)}. ` +
        `Check baseURL (the request went to ${config.url}) and model`,
    };
  }
  const hint = config.format === "cohere" ? `. If the server is text-embeddings-inference, pass format: "tei"` : "";
  return { status, retry: false, message: `${at} rejected the request (${status}): ${said}${hint}` };
}

/** Milliseconds a 429 or 5xx answer asks to wait: `retry-after-ms`, or `Retry-After` in seconds or as an HTTP date. */
function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function where(config: HttpRerankerConfig): string {
  return `the server at ${config.url}`;
}

function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; detail?: unknown } | null;
    const nested = (body?.error as { message?: unknown } | null | undefined)?.message;
    for (const candidate of [body?.message, nested, body?.error, body?.detail]) {
      if (typeof candidate === "string" && candidate.length > 0) return snippet(candidate);
    }
    return describeBody(body);
  } catch {
    return text.trim() ? snippet(text) : "an empty body";
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat || "an empty body";
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined ? errorMessage(error) : `${errorMessage(error)} (${errorMessage(cause)})`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
