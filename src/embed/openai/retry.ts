import { APIConnectionError, APIError, APIUserAbortError } from "openai";
import type { RetryPolicy } from "../embed-many.js";

/**
 * Which failed requests are retried, and after how long: the `openai` SDK's own rules (its client runs with
 * `maxRetries: 0`, so that `embedMany` owns the retries and an abort ends a wait at once). Retried: a
 * connection failure or timeout, and 408, 409, 429 and 5xx answers, unless the server says `x-should-retry:
 * false` (or `true` for any status). The wait is what `retry-after-ms` or `Retry-After` (seconds or a date)
 * asks, without a cap; otherwise 0.5 s doubling to 8 s, minus up to 25% jitter.
 */
export function openAIRetryPolicy(maxRetries: number): RetryPolicy {
  return {
    maxRetries,
    delayMs(error, retry) {
      if (error instanceof APIUserAbortError || !(error instanceof APIError)) return undefined;
      if (!(error instanceof APIConnectionError) && !shouldRetry(error)) return undefined;
      return requestedDelay(error.headers) ?? backoff(retry);
    },
  };
}

function shouldRetry(error: APIError): boolean {
  const header = error.headers?.get("x-should-retry");
  if (header === "true") return true;
  if (header === "false") return false;
  const status = error.status;
  return status === 408 || status === 409 || status === 429 || (typeof status === "number" && status >= 500);
}

function requestedDelay(headers: Headers | undefined): number | undefined {
  const ms = parseFloat(headers?.get("retry-after-ms") ?? "");
  if (!Number.isNaN(ms) && ms) return ms;
  const after = headers?.get("retry-after");
  if (!after) return undefined;
  const seconds = parseFloat(after);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const at = Date.parse(after);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function backoff(retry: number): number {
  return Math.min(0.5 * 2 ** retry, 8) * (1 - Math.random() * 0.25) * 1000;
}
