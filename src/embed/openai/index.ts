import OpenAI from "openai";
import { embedMany, embedQueue, type BatchEmbedder } from "../embed-many.js";
import type { Embedder } from "../embedder.js";
import { translateError } from "./errors.js";
import { OPENAI_MAX_INPUT_TOKENS, resolveOptions, type OpenAIEmbedderOptions } from "./options.js";
import { parseResponse } from "./response.js";
import { openAIRetryPolicy } from "./retry.js";

export type { OpenAIEmbedderOptions } from "./options.js";

/**
 * Embeds through the OpenAI embeddings API or any server that speaks it (Ollama, vLLM, LM Studio, ...),
 * using the official `openai` SDK. Large calls are split into requests of at most `batchSize` inputs and
 * `maxRequestTokens` tokens, sent `concurrency` at a time (by `embedMany`, which also retries failed requests
 * with backoff, see `retry.ts`); responses
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
    // Retries belong to embedMany, whose waits end at once on abort.
    maxRetries: 0,
    timeout: config.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const model: BatchEmbedder = {
    id: config.id,
    maxBatchSize: config.batchSize,
    maxBatchBytes: config.maxRequestTokens,
    retry: openAIRetryPolicy(config.maxRetries),
    failure: (error, texts) => translateError(config, error, texts),
    async embed(input, { signal }) {
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
    },
  };
  // One queue for every call on this embedder, so `concurrency` bounds the requests in flight across them.
  const queue = embedQueue({ maxConcurrency: config.concurrency });

  return {
    id: config.id,
    dimensions: config.dimensions,
    maxBatchSize: config.batchSize,
    maxConcurrency: config.concurrency,
    ...(config.known ? { maxInputTokens: OPENAI_MAX_INPUT_TOKENS } : {}),
    embed: (texts, embedOptions = {}) => embedMany(model, texts, { ...embedOptions, queue }),
  };
}
