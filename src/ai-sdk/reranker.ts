import type { RerankingModel } from "ai";
import { z } from "zod";
import { RagError, describeValue, errorMessage, isRagError } from "../errors.js";
import { integer, parseOptions } from "../options.js";
import { sentence } from "../search/rerank/judge.js";
import { checkModelObject, modelObjectId } from "./model.js";
import { type Reranker, type RerankCallOptions, abortedError } from "../search/rerank/reranker.js";

/** Options of {@link aiSdkReranker}. */
export interface AiSdkRerankerOptions {
  /** @default "ai-sdk:<provider>:<modelId>" */
  id?: string;
  /** Documents per `doRerank` call. @default unlimited (one call per search) */
  maxDocumentsPerCall?: number;
}

const optionsSchema = z.strictObject({ id: z.string().min(1).optional(), maxDocumentsPerCall: integer(1).optional() } satisfies Record<
  keyof AiSdkRerankerOptions,
  z.ZodType
>);

/**
 * Wraps a Vercel AI SDK reranking model (`RerankingModel`, for example `cohere.reranking("rerank-v3.5")` from
 * `@ai-sdk/cohere`) as a {@link Reranker}, for `search(text, { rerank: { reranker } })`. Every document gets the
 * model's `relevanceScore`; a document the model leaves out of its ranking, an index out of range or a failed
 * call is `RERANK_FAILED` with the model's error as `cause`.
 *
 * @example
 * import { cohere } from "@ai-sdk/cohere";
 * const reranker = aiSdkReranker(cohere.reranking("rerank-v3.5"));
 * await rag.search("how do I enable WAL?", { topK: 5, rerank: { reranker, topN: 40 } });
 */
export function aiSdkReranker(model: Exclude<RerankingModel, string>, options: AiSdkRerankerOptions = {}): Reranker {
  checkModelObject(model, "aiSdkReranker", "RerankingModel", "doRerank");
  const { maxDocumentsPerCall: max } = parseOptions(optionsSchema, options, { caller: "aiSdkReranker" });
  const id = options.id ?? modelObjectId("ai-sdk", model);
  const reranker: Reranker = {
    id,
    ...(max !== undefined ? { maxDocumentsPerCall: max } : {}),
    async rerank(query: string, documents: string[], callOptions?: RerankCallOptions): Promise<number[]> {
      const signal = callOptions?.signal;
      if (documents.length === 0) return [];
      let ranking: unknown;
      try {
        const result = await model.doRerank({
          query,
          documents: { type: "text", values: documents },
          topN: documents.length,
          ...(signal ? { abortSignal: signal } : {}),
        });
        ranking = result?.ranking;
      } catch (error) {
        if (signal?.aborted) throw abortedError(reranker, signal);
        if (isRagError(error)) throw error;
        throw new RagError("RERANK_FAILED", `AI SDK reranking model "${id}" failed on ${documents.length} documents: ${sentence(errorMessage(error))}`, {
          cause: error,
        });
      }
      return scoresFrom(ranking, documents.length, id);
    },
  };
  return reranker;
}

function scoresFrom(ranking: unknown, count: number, id: string): number[] {
  if (!Array.isArray(ranking)) {
    throw new RagError(
      "RERANK_FAILED",
      `AI SDK reranking model "${id}" returned ${describeValue(ranking)} as its ranking; expected an array of { index, relevanceScore }.`,
    );
  }
  const scores = new Array<number | undefined>(count).fill(undefined);
  for (const entry of ranking as { index?: unknown; relevanceScore?: unknown }[]) {
    const index = entry?.index;
    const score = entry?.relevanceScore;
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count || typeof score !== "number" || !Number.isFinite(score)) {
      throw new RagError(
        "RERANK_FAILED",
        `AI SDK reranking model "${id}" returned a malformed ranking entry (index ${describeValue(index)}, relevanceScore ${describeValue(score)}) for ${count} documents.`,
      );
    }
    scores[index] = score;
  }
  const missing = scores.indexOf(undefined);
  if (missing !== -1) {
    throw new RagError(
      "RERANK_FAILED",
      `AI SDK reranking model "${id}" left document ${missing} of ${count} out of its ranking; every document needs a score.`,
    );
  }
  return scores as number[];
}
