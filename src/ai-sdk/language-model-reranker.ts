import { APICallError, generateText, type LanguageModel, NoObjectGeneratedError, NoOutputGeneratedError, Output } from "ai";
import { z } from "zod";
import { RagError, errorMessage } from "../errors.js";
import { parseOptions } from "../options.js";
import { type JudgeOptions, judgeOptionShapes, judgeReplySchema, judgeReranker, resolveJudge, sentence } from "../search/rerank/judge.js";
import type { Reranker } from "../search/rerank/reranker.js";
import { checkModelObject, modelObjectId } from "./model.js";

/** Options of {@link languageModelReranker}. */
export interface LanguageModelRerankerOptions extends JudgeOptions {
  /** @default "llm:<provider>:<modelId>" */
  id?: string;
}

const optionsSchema = z.strictObject({ id: z.string().min(1).optional(), ...judgeOptionShapes } satisfies Record<
  keyof LanguageModelRerankerOptions,
  z.ZodType
>);

/**
 * Uses a chat model as a reranker: any AI SDK `LanguageModel` (`openai("gpt-4.1-mini")`, a local model behind
 * `@ai-sdk/openai-compatible`, ...) judges the candidates of a search, in batches of numbered passages, with
 * scores from 0 to 10 that compare across batches of the same query. For `search(text, { rerank: { reranker } })`
 * when a chat model is what you have and a dedicated reranking model (`aiSdkReranker`, `httpReranker`) is not.
 * Each call asks for structured output (`{ scores }`) at temperature 0; ties keep the search's order. The core
 * library's `openAIChatReranker` is the same judge through the `openai` SDK.
 *
 * A reply that is not JSON of that shape, or whose count of scores is not the count of passages, is
 * `RERANK_FAILED` with the model's text in `details.text`; a failed call (after the AI SDK's retries) is
 * `RERANK_FAILED` with its error as `cause`; an abort is `ABORTED`.
 *
 * @example
 * import { openai } from "@ai-sdk/openai";
 * const reranker = languageModelReranker(openai("gpt-4.1-mini"));
 * await rag.search("how do I enable WAL?", { topK: 5, rerank: { reranker, topN: 30 } });
 */
export function languageModelReranker(model: Exclude<LanguageModel, string>, options: LanguageModelRerankerOptions = {}): Reranker {
  checkModelObject(model, "languageModelReranker", "LanguageModel", "doGenerate");
  const resolved = parseOptions(optionsSchema, options, { caller: "languageModelReranker" });
  const id = resolved.id ?? modelObjectId("llm", model);
  const judge = resolveJudge(resolved);
  return judgeReranker(
    id,
    judge,
    async (prompt, signal) => {
      try {
        const result = await generateText({
          model,
          system: judge.system,
          prompt,
          output: Output.object({ schema: judgeReplySchema }),
          temperature: 0,
          timeout: judge.timeoutMs,
          maxRetries: judge.maxRetries,
          ...(signal ? { abortSignal: signal } : {}),
        });
        return { text: result.text, reply: result.output };
      } catch (error) {
        // A reply the SDK could not read as the schema may still hold it, inside a fence or a sentence.
        if (NoObjectGeneratedError.isInstance(error)) return { text: error.text, cause: error };
        if (NoOutputGeneratedError.isInstance(error)) return { cause: error };
        throw error;
      }
    },
    (error, count) => {
      // A provider's message for a bad key may quote part of it, so a 401 says only what to check.
      const said =
        APICallError.isInstance(error) && error.statusCode === 401
          ? "the provider rejected the API key (401). Check the provider's key."
          : sentence(errorMessage(error));
      return new RagError("RERANK_FAILED", `Reranker "${id}" failed on ${count} passages: ${said}`, { cause: error });
    },
  );
}
