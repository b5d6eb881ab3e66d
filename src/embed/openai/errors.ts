import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { RagError, isRagError } from "../../errors.js";
import type { ResolvedOptions } from "./options.js";

/** The error a caller sees for a request that failed, after its retries: what failed, and what to check. */
export function translateError(config: ResolvedOptions, error: unknown, size: number): RagError {
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
      return failed(`${where} rejected the API key (401 Unauthorized). Check the OPENAI_API_KEY environment variable or the apiKey option.`, status);
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
