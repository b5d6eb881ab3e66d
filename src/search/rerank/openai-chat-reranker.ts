import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { z } from "zod";
import { RagError, errorMessage } from "../../errors.js";
import { parseOptions } from "../../options.js";
import { type JudgeOptions, judgeOptionShapes, judgeReranker, resolveJudge, sentence } from "./judge.js";
import type { Reranker } from "./reranker.js";

/** Options of {@link openAIChatReranker}. */
export interface OpenAIChatRerankerOptions extends JudgeOptions {
  /** The chat model, e.g. `"gpt-4.1-mini"`, or a local server's (`"qwen2.5:7b"` on Ollama). */
  model: string;
  /**
   * The API root; requests go to `<baseURL>/chat/completions`.
   * @default process.env.OPENAI_BASE_URL, else "https://api.openai.com/v1"
   */
  baseURL?: string;
  /**
   * Sent as the bearer token; it never appears in errors.
   * @default process.env.OPENAI_API_KEY (a placeholder for servers other than api.openai.com)
   */
  apiKey?: string;
  /** @default "openai-chat:<model>" */
  id?: string;
  /**
   * Ask for a JSON object (`response_format: { type: "json_object" }`), which OpenAI and most compatible servers
   * honour; turn it off for a server that rejects the field. The reply is read the same way either way.
   * @default true
   */
  jsonMode?: boolean;
}

const optionsSchema = z.strictObject({
  model: z.string().min(1),
  baseURL: z.string().refine(isHttpURL, { error: 'an http(s) URL such as "http://localhost:11434/v1"' }).optional(),
  apiKey: z.string().optional(),
  id: z.string().min(1).optional(),
  jsonMode: z.boolean().optional(),
  ...judgeOptionShapes,
} satisfies Record<keyof OpenAIChatRerankerOptions, z.ZodType>);

/**
 * Uses a chat model behind the OpenAI chat completions API (OpenAI itself, or Ollama, vLLM, LM Studio, llama.cpp's
 * server) as a relevance judge, through the official `openai` SDK: the same judge as `languageModelReranker` in
 * `libsql-rag/ai-sdk` (batches of numbered, fenced passages, scores from 0 to 10, temperature 0), for users who
 * have an API key or a local server and not the AI SDK, and for the CLI's `--rerank-llm`. The SDK retries 429, 5xx
 * and network failures with backoff, honouring `retry-after`.
 *
 * A reply without one score from 0 to 10 per passage is `RERANK_FAILED` with the reply in `details.text`; a
 * failed call is `RERANK_FAILED` with the error as `cause` and the HTTP status in `details.status`; an abort is
 * `ABORTED`.
 *
 * @example
 * const reranker = openAIChatReranker({ model: "gpt-4.1-mini" }); // OPENAI_API_KEY from the environment
 * await rag.search("how do I enable WAL?", { topK: 5, rerank: { reranker, topN: 30 } });
 * const local = openAIChatReranker({ baseURL: "http://localhost:11434/v1", model: "qwen2.5:7b" });
 */
export function openAIChatReranker(options: OpenAIChatRerankerOptions): Reranker {
  const o = parseOptions(optionsSchema, options, { caller: "openAIChatReranker" });
  const baseURL = o.baseURL ?? nonEmpty(process.env.OPENAI_BASE_URL) ?? "https://api.openai.com/v1";
  if (!isHttpURL(baseURL)) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `openAIChatReranker: OPENAI_BASE_URL is ${JSON.stringify(baseURL)}; expected an http(s) URL such as "http://localhost:11434/v1".`,
    );
  }
  const apiKey = o.apiKey ?? nonEmpty(process.env.OPENAI_API_KEY);
  if (!apiKey && new URL(baseURL).hostname === "api.openai.com") {
    throw new RagError("INVALID_ARGUMENT", `openAIChatReranker: no API key for ${baseURL}. Set the OPENAI_API_KEY environment variable or pass apiKey.`);
  }
  const judge = resolveJudge(o);
  const client = new OpenAI({ apiKey: apiKey || "unused", baseURL, maxRetries: judge.maxRetries, timeout: judge.timeoutMs });
  const id = o.id ?? `openai-chat:${o.model}`;
  return judgeReranker(
    id,
    judge,
    async (prompt, signal) => {
      const completion = await client.chat.completions.create(
        {
          model: o.model,
          temperature: 0,
          messages: [
            { role: "system", content: judge.system },
            { role: "user", content: prompt },
          ],
          ...((o.jsonMode ?? true) ? { response_format: { type: "json_object" as const } } : {}),
        },
        signal ? { signal } : {},
      );
      return { text: completion.choices?.[0]?.message?.content ?? undefined };
    },
    (error, count) => callFailed(id, baseURL, judge.maxRetries, judge.timeoutMs, count, error),
  );
}

function callFailed(id: string, baseURL: string, retries: number, timeoutMs: number, count: number, error: unknown): RagError {
  const where = `the server at ${baseURL}`;
  const attempts = `${retries + 1} attempt${retries === 0 ? "" : "s"}`;
  const fail = (message: string, status?: number) =>
    new RagError("RERANK_FAILED", `Reranker "${id}" failed on ${count} passages: ${message}`, {
      cause: error,
      details: { reranker: id, baseURL, ...(status !== undefined ? { status } : {}) },
    });
  if (error instanceof APIConnectionTimeoutError) return fail(`${where} did not answer within timeoutMs (${timeoutMs} ms), after ${attempts}.`);
  if (error instanceof APIConnectionError) return fail(`could not reach ${where} after ${attempts}. Check baseURL and that the server is running.`);
  if (error instanceof APIError && typeof error.status === "number") {
    // The server's message for a bad key may quote part of it, so a 401 says only what to check.
    if (error.status === 401) return fail(`${where} rejected the API key (401). Check OPENAI_API_KEY or the apiKey option.`, 401);
    return fail(`${where} answered ${error.status} after ${attempts}: ${sentence(errorMessage(error))}`, error.status);
  }
  return fail(sentence(errorMessage(error)));
}

function isHttpURL(value: string): boolean {
  return URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
