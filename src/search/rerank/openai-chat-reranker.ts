import OpenAI, { APIConnectionError, APIError } from "openai";
import { z } from "zod";
import { RagError, errorMessage } from "../../errors.js";
import { isHttpURL, nonEmpty, parseOptions } from "../../options.js";
import { type JudgeAnswer, type JudgeOptions, judgeOptionShapes, judgeReranker, resolveJudge, sentence } from "./judge.js";
import { type Reranker, untilAborted } from "./reranker.js";

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
  /**
   * The sampling temperature; `null` leaves it out, for reasoning models (o-series, gpt-5) that accept only their
   * own.
   * @default 0
   */
  temperature?: number | null;
}

const optionsSchema = z.strictObject({
  model: z.string().trim().min(1, { error: "a model name such as gpt-4.1-mini" }),
  baseURL: z.string().refine(isHttpURL, { error: 'an http(s) URL such as "http://localhost:11434/v1"' }).optional(),
  apiKey: z.string().optional(),
  id: z.string().min(1).optional(),
  jsonMode: z.boolean().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  ...judgeOptionShapes,
} satisfies Record<keyof OpenAIChatRerankerOptions, z.ZodType>);

/** Statuses the `openai` SDK retries; any other is sent once. */
const RETRIED = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/**
 * Uses a chat model behind the OpenAI chat completions API (OpenAI itself, or Ollama, vLLM, LM Studio, llama.cpp's
 * server) as a relevance judge, through the official `openai` SDK: the same judge as `languageModelReranker` in
 * `libsql-rag/ai-sdk` (batches of numbered, fenced passages, scores from 0 to 10, temperature 0), for users who
 * have an API key or a local server and not the AI SDK, and for the CLI's `--rerank-llm`. The SDK retries 408,
 * 409, 429, 5xx and network failures with backoff, honouring `retry-after`; `timeoutMs` bounds the whole call,
 * retries and their waits included, and an abort ends it at once.
 *
 * A reply without one score from 0 to 10 per passage is `RERANK_FAILED` with the reply in `details.text` (and a
 * refusal or a reply cut at the model's output limit said so); a failed call is `RERANK_FAILED` with the error as
 * `cause` and the HTTP status in `details.status`; an abort is `ABORTED`.
 *
 * @example
 * const reranker = openAIChatReranker({ model: "gpt-4.1-mini" }); // OPENAI_API_KEY from the environment
 * await rag.search("how do I enable WAL?", { topK: 5, rerank: { reranker, topN: 30 } });
 * const local = openAIChatReranker({ baseURL: "http://localhost:11434/v1", model: "qwen2.5:7b" });
 */
export function openAIChatReranker(options: OpenAIChatRerankerOptions): Reranker {
  const o = parseOptions(optionsSchema, options, { caller: "openAIChatReranker" });
  const baseURL = o.baseURL ?? nonEmpty(process.env.OPENAI_BASE_URL) ?? "https://api.openai.com/v1";
  // The variable's value is not repeated: a URL can carry a password.
  if (!isHttpURL(baseURL))
    throw new RagError("INVALID_ARGUMENT", 'openAIChatReranker: OPENAI_BASE_URL is not an http(s) URL such as "http://localhost:11434/v1".');
  const where = `the server at ${shown(baseURL)}`;
  const apiKey = o.apiKey ?? nonEmpty(process.env.OPENAI_API_KEY);
  if (!apiKey && new URL(baseURL).hostname === "api.openai.com") {
    throw new RagError("INVALID_ARGUMENT", `openAIChatReranker: no API key for ${where}. Set the OPENAI_API_KEY environment variable or pass apiKey.`, {
      details: { missing: "apiKey" },
    });
  }
  const judge = resolveJudge(o);
  const client = new OpenAI({ apiKey: apiKey || "unused", baseURL, maxRetries: judge.maxRetries, timeout: judge.timeoutMs });
  const id = o.id ?? `openai-chat:${o.model}`;
  const temperature = o.temperature === undefined ? 0 : o.temperature;

  async function ask(prompt: string, signal: AbortSignal | undefined): Promise<JudgeAnswer> {
    // One deadline for the call, its retries and their waits (the SDK's own timeout is per attempt, and it waits
    // out a retry-after of any length without looking at the signal).
    const deadline = AbortSignal.timeout(judge.timeoutMs);
    const stop = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const request = client.chat.completions.create(
      {
        model: o.model,
        messages: [
          { role: "system", content: judge.system },
          { role: "user", content: prompt },
        ],
        ...(temperature === null ? {} : { temperature }),
        ...((o.jsonMode ?? true) ? { response_format: { type: "json_object" as const } } : {}),
      },
      { signal: stop },
    );
    // Marked handled: when the deadline wins the race below, the request still rejects on its own later.
    request.catch(() => {});
    let completion: Awaited<typeof request>;
    try {
      completion = await untilAborted(request, stop);
    } catch (error) {
      if (deadline.aborted && !signal?.aborted) throw new TimedOut(error);
      throw error;
    }
    const choice = completion.choices?.[0];
    const message = choice?.message;
    const text = message?.content ?? undefined;
    const refusal = message?.refusal ?? undefined;
    const finishReason = choice?.finish_reason;
    if (refusal) return { text, instead: { message: `The model refused: ${sentence(refusal)}`, details: { refusal, finishReason } } };
    if (finishReason === "length") {
      return { text, instead: { message: "The reply was cut at the model's output limit (finish_reason length).", details: { finishReason } } };
    }
    return { text };
  }

  function failed(error: unknown, count: number): RagError {
    const attempts = (retried: boolean) => (retried ? ` after ${judge.maxRetries + 1} attempt${judge.maxRetries === 0 ? "" : "s"}` : "");
    const fail = (message: string, status?: number) =>
      new RagError("RERANK_FAILED", `Reranker "${id}" failed on ${count} passages: ${message}`, {
        cause: error,
        details: { reranker: id, baseURL: shown(baseURL), ...(status !== undefined ? { status } : {}) },
      });
    if (error instanceof TimedOut) return fail(`${where} did not answer within timeoutMs (${judge.timeoutMs} ms), retries included.`);
    if (error instanceof APIConnectionError) return fail(`could not reach ${where}${attempts(true)}. Check baseURL and that the server is running.`);
    if (error instanceof APIError && typeof error.status === "number") {
      // The server's message for a bad key may quote part of it, so a 401 says only what to check.
      if (error.status === 401) return fail(`${where} rejected the API key (401). Check OPENAI_API_KEY or the apiKey option.`, 401);
      return fail(`${where} answered ${error.status}${attempts(RETRIED(error.status))}: ${sentence(errorMessage(error))}`, error.status);
    }
    return fail(sentence(errorMessage(error)));
  }

  return judgeReranker(id, judge, ask, failed);
}

/** The call outlasted `timeoutMs`. */
class TimedOut extends Error {
  constructor(cause: unknown) {
    super("timed out", { cause });
  }
}

/** A URL as messages may show it: without a user, a password or a query, which can carry secrets. */
function shown(url: string): string {
  const { protocol, host, pathname } = new URL(url);
  return `${protocol}//${host}${pathname}`;
}
