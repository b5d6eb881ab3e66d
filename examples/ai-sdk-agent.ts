/**
 * A Vercel AI SDK agent that answers from a libsql-rag knowledge base through `retrievalTool`, with an AI SDK
 * embedding model serving as the embedder.
 *
 *   npx tsx examples/ai-sdk-agent.ts "How do readers and writers share the database?"
 *
 * To stay runnable offline (and in the test suite), the models are the AI SDK's own test doubles: the
 * embedding model returns the deterministic hash embedder's vectors, and the "language model" calls the
 * search tool with the question, then answers by quoting the best passage with its source. In an app, use
 * real providers instead, e.g. `openai.embedding("text-embedding-3-small")` and `openai("gpt-4o-mini")` from
 * `@ai-sdk/openai`; nothing else changes.
 */
import { generateText, stepCountIs } from "ai";
import { MockEmbeddingModelV3, MockLanguageModelV3 } from "ai/test";
import { retrievalTool } from "../src/ai-sdk/index.js";
import { createRag } from "../src/index.js";
import { hashEmbedder } from "../src/testing/index.js";

const question = process.argv[2] ?? "How do readers and writers share the database?";

const hash = hashEmbedder({ dimensions: 64 });
const embeddingModel = new MockEmbeddingModelV3({
  modelId: "hash-64",
  maxEmbeddingsPerCall: 16,
  doEmbed: async ({ values }) => ({ embeddings: (await hash.embed(values)).map((v) => Array.from(v)), warnings: [] }),
});

const usage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 0, text: 0, reasoning: undefined },
};
/** Stands in for an LLM: turn 1 calls `search`, turn 2 answers from the tool's output. */
const languageModel = new MockLanguageModelV3({
  async doGenerate({ prompt }) {
    const toolMessage = prompt.find((m) => m.role === "tool");
    if (!toolMessage) {
      return {
        content: [{ type: "tool-call", toolCallId: "1", toolName: "search", input: JSON.stringify({ query: question, topK: 2 }) }],
        finishReason: { unified: "tool-calls", raw: undefined },
        usage,
        warnings: [],
      };
    }
    const part = toolMessage.content[0] as unknown as { output: { value: Array<{ content: string; metadata: { source?: string } }> } };
    const best = part.output.value[0];
    const text = best ? `${best.content} [source: ${best.metadata.source}]` : "I found nothing about that.";
    return { content: [{ type: "text", text }], finishReason: { unified: "stop", raw: undefined }, usage, warnings: [] };
  },
});

// createRag wraps the AI SDK embedding model itself (or use aiSdkEmbedder(model, { dimensions }) to skip the probe).
const rag = await createRag({ url: process.env.LIBSQL_URL ?? ":memory:", collection: "ai-sdk-example", embedder: embeddingModel });
try {
  await rag.ingest([
    { id: "wal", content: "In WAL mode, readers do not block writers and a writer does not block readers.", metadata: { source: "wal.html" } },
    { id: "vacuum", content: "VACUUM rebuilds the database file, repacking it into a minimal amount of disk space.", metadata: { source: "lang_vacuum.html" } },
    { id: "fts", content: "FTS5 is an SQLite virtual table module that provides full-text search.", metadata: { source: "fts5.html" } },
  ]);
  const result = await generateText({
    model: languageModel,
    tools: { search: retrievalTool(rag, { topK: 3 }) },
    stopWhen: stepCountIs(3),
    prompt: question,
  });
  console.log(result.text);
} finally {
  await rag.close();
}
