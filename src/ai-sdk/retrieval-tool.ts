import { tool, type Tool } from "ai";
import { z } from "zod";
import { RagError, describeValue } from "../errors.js";
import { finiteNumber, integer, parseOptions } from "../options.js";
import { parseFilter, type Filter } from "../filter/index.js";
import type { Rag, RagHit, RagSearchOptions } from "../rag.js";
import { MAX_TOP_K, type SearchMode } from "../search/options.js";

/** Options of {@link retrievalTool}. */
export interface RetrievalToolOptions {
  /** Results when the model does not ask for a number. @default 5 */
  topK?: number;
  /** The most results the model may ask for. @default 20 */
  maxTopK?: number;
  /** @default "hybrid" */
  mode?: SearchMode;
  /** A filter always applied; a filter from the model is ANDed with it, so the model cannot widen it. */
  filter?: Filter;
  /** Drops hits scoring below this. */
  minScore?: number;
  /** Other search options (rerank, mmr, hybrid weights) passed to `rag.search`. */
  search?: Omit<RagSearchOptions, "topK" | "filter" | "mode" | "minScore" | "signal">;
  /** What the model reads to decide when to call the tool. @default a description of a knowledge-base search */
  description?: string;
}

/** `filter` is checked by parseFilter, `search` by `rag.search`. */
const optionsSchema = z.strictObject({
  topK: integer(1, MAX_TOP_K).optional(),
  maxTopK: integer(1, MAX_TOP_K).optional(),
  mode: z.enum(["hybrid", "vector", "keyword"]).optional(),
  filter: z.unknown().optional(),
  minScore: finiteNumber().optional(),
  search: z.looseObject({}).optional(),
  description: z.string().optional(),
} satisfies Record<keyof RetrievalToolOptions, z.ZodType>);

/** The tool's input, as the model sends it. */
export interface RetrievalToolInput {
  query: string;
  topK?: number | undefined;
  filter?: Record<string, unknown> | undefined;
}

/** One hit, as the tool returns it: enough to quote and cite (`metadata.source`, `id`). */
export type RetrievalToolHit = RagHit;

const DEFAULT_DESCRIPTION =
  "Search the knowledge base for passages relevant to a question. Returns passages with their id, documentId, " +
  "metadata (source, title, headings) and a relevance score (higher is better); cite the source of what you use.";

/**
 * An AI SDK `tool()` that searches `rag`, for `generateText`/`streamText` agents. The input is
 * `{ query, topK?, filter? }` (checked with zod; `filter` uses libsql-rag's Mongo-style filters), and the output
 * is the hits: `{ id, documentId, content, metadata, score }[]`. A bad filter or a failed search becomes the
 * AI SDK's tool error, which the model sees and can correct.
 *
 * @example
 * import { generateText, stepCountIs } from "ai";
 * const { text } = await generateText({
 *   model, tools: { search: retrievalTool(rag, { topK: 5 }) }, stopWhen: stepCountIs(3),
 *   prompt: "How do I enable WAL mode?",
 * });
 */
export function retrievalTool(rag: Pick<Rag, "search">, options: RetrievalToolOptions = {}): Tool<RetrievalToolInput, RetrievalToolHit[]> {
  if (rag === null || typeof rag !== "object" || typeof rag.search !== "function") {
    throw new RagError("INVALID_ARGUMENT", `retrievalTool expects a Rag from createRag(), got ${describeValue(rag)}.`);
  }
  const { topK = 5, maxTopK = 20 } = parseOptions(optionsSchema, options, { caller: "retrievalTool" });
  if (options.filter !== undefined) parseFilter(options.filter);
  const inputSchema = z.object({
    query: z.string().trim().min(1).max(4000).describe("The question or keywords to search for."),
    topK: z
      .number()
      .int()
      .min(1)
      .max(maxTopK)
      .optional()
      .describe(`How many passages to return (1 to ${maxTopK}, default ${Math.min(topK, maxTopK)}).`),
    filter: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'Metadata filter, MongoDB style, e.g. {"lang":"en"} or {"source":{"$contains":"guide"}}; operators $eq $ne $gt $gte $lt $lte $in $nin $exists $contains $and $or $not.',
      ),
  });
  return tool({
    description: options.description ?? DEFAULT_DESCRIPTION,
    inputSchema,
    async execute(input: RetrievalToolInput, { abortSignal }): Promise<RetrievalToolHit[]> {
      const asked = input.filter === undefined ? undefined : (input.filter as Filter);
      if (asked !== undefined) parseFilter(asked);
      const filter = options.filter !== undefined && asked !== undefined ? { $and: [options.filter, asked] } : (asked ?? options.filter);
      const hits = await rag.search(input.query, {
        ...options.search,
        topK: input.topK ?? Math.min(topK, maxTopK),
        ...(options.mode !== undefined ? { mode: options.mode } : {}),
        ...(filter !== undefined ? { filter } : {}),
        ...(options.minScore !== undefined ? { minScore: options.minScore } : {}),
        ...(abortSignal ? { signal: abortSignal } : {}),
      });
      return hits.map(({ id, documentId, content, metadata, score }) => ({ id, documentId, content, metadata, score }));
    },
  });
}
