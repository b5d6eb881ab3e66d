import { generateText, stepCountIs, type ModelMessage } from "ai";
import { MockLanguageModelV3, MockRerankingModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { aiSdkEmbedder, aiSdkReranker, retrievalTool } from "../../src/ai-sdk/index.js";
import { createRag, type Rag } from "../../src/index.js";
import { rejection } from "../support/errors.js";
import { describeEachTarget, uniqueName, type Target } from "../support/targets.js";
import { SQL_DOCS, hashModel } from "./models.js";

const USAGE = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/**
 * The AI SDK's mock language model playing an agent: on its first turn it calls the `search` tool with
 * `toolInput`, and on its second it answers with the ids it was given, so the test sees what reached the model.
 */
function agentModel(toolInput: Record<string, unknown>): { model: MockLanguageModelV3; prompts: ModelMessage[][] } {
  const prompts: ModelMessage[][] = [];
  const model = new MockLanguageModelV3({
    async doGenerate(options) {
      prompts.push(options.prompt as ModelMessage[]);
      if (prompts.length === 1) {
        return {
          content: [{ type: "tool-call", toolCallId: "call-1", toolName: "search", input: JSON.stringify(toolInput) }],
          finishReason: { unified: "tool-calls", raw: undefined },
          usage: USAGE,
          warnings: [],
        };
      }
      return { content: [{ type: "text", text: "done" }], finishReason: { unified: "stop", raw: undefined }, usage: USAGE, warnings: [] };
    },
  });
  return { model, prompts };
}

async function openRag(target: Target): Promise<Rag> {
  const rag = await createRag({ ...target.options(), collection: uniqueName("tool"), embedder: await aiSdkEmbedder(hashModel().model) });
  await rag.ingest(SQL_DOCS);
  return rag;
}

describeEachTarget("retrievalTool", (target) => {
  it("is called by generateText and returns hits with ids, source and score", async () => {
    const rag = await openRag(target);
    try {
      const { model, prompts } = agentModel({ query: "vacuum rebuilds the database file", topK: 2 });
      const result = await generateText({ model, tools: { search: retrievalTool(rag) }, stopWhen: stepCountIs(3), prompt: "How do I shrink the file?" });
      expect(result.text).toBe("done");
      const [call] = result.steps[0]!.toolResults;
      expect(call?.toolName).toBe("search");
      const hits = call!.output as Array<{ id: string; documentId: string | null; content: string; metadata: Record<string, unknown>; score: number }>;
      expect(hits).toHaveLength(2);
      expect(hits[0]).toMatchObject({ documentId: "vacuum", metadata: { source: "vacuum.md" } });
      expect(Object.keys(hits[0]!).sort()).toEqual(["content", "documentId", "id", "metadata", "score"]);
      expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
      // The model's second turn saw the tool's output.
      expect(JSON.stringify(prompts[1])).toContain(hits[0]!.id);
    } finally {
      await rag.close();
    }
  });

  it("ANDs the model's filter with the tool's own, which the model cannot widen", async () => {
    const rag = await openRag(target);
    try {
      const tool = retrievalTool(rag, { topK: 10, filter: { topic: "journal" }, mode: "keyword" });
      const run = (input: Record<string, unknown>) =>
        Promise.resolve(tool.execute!(input as never, { toolCallId: "t", messages: [] }) as PromiseLike<Array<{ documentId: string | null }>>);
      expect((await run({ query: "writer" })).map((h) => h.documentId).sort()).toEqual(["busy", "wal"]);
      expect((await run({ query: "writer", filter: { source: "wal.md" } })).map((h) => h.documentId)).toEqual(["wal"]);
      expect(await run({ query: "vacuum", filter: { topic: "maintenance" } })).toEqual([]);
      expect(await rejection(run({ query: "writer", filter: { topic: { $bogus: 1 } } }))).toBeRagError("INVALID_FILTER");
    } finally {
      await rag.close();
    }
  });

  it("turns a bad input into a tool error the model sees, not a crash", async () => {
    const rag = await openRag(target);
    try {
      const { model, prompts } = agentModel({ query: "writer", filter: { topic: { $regex: "x" } } });
      const result = await generateText({ model, tools: { search: retrievalTool(rag) }, stopWhen: stepCountIs(3), prompt: "q" });
      const errors = result.steps[0]!.content.filter((part) => part.type === "tool-error");
      expect(errors).toHaveLength(1);
      expect(JSON.stringify(prompts[1])).toContain("$regex");
      const tooMany = agentModel({ query: "writer", topK: 500 });
      const second = await generateText({
        model: tooMany.model,
        tools: { search: retrievalTool(rag, { maxTopK: 20 }) },
        stopWhen: stepCountIs(3),
        prompt: "q",
      });
      expect(second.steps[0]!.content.some((part) => part.type === "tool-error")).toBe(true);
    } finally {
      await rag.close();
    }
  });
});

describe("retrievalTool: options", () => {
  it("refuses a missing rag and bad numbers", () => {
    expect(() => retrievalTool({} as never)).toThrow(/Rag from createRag/);
    expect(() => retrievalTool({ search: async () => [] } as never, { topK: 0 })).toThrow(/topK/);
    expect(() => retrievalTool({ search: async () => [] } as never, { filter: { $nope: 1 } as never })).toThrow(/\$nope/);
  });
});

describe("aiSdkReranker", () => {
  it("scores every document with the model's relevanceScore, in input order", async () => {
    const model = new MockRerankingModelV3({
      provider: "mock",
      modelId: "rerank-1",
      async doRerank({ documents, query }) {
        const values = documents.values as string[];
        const ranking = values.map((text, index) => ({ index, relevanceScore: text.includes(query) ? 1 : 0.1 * index }));
        return { ranking: ranking.sort((a, b) => b.relevanceScore - a.relevanceScore) };
      },
    });
    const reranker = aiSdkReranker(model);
    expect(reranker.id).toBe("ai-sdk:mock:rerank-1");
    expect(await reranker.rerank("fox", ["a", "b fox", "c"])).toEqual([0, 1, 0.2]);
  });

  it("reports failures and incomplete rankings as RERANK_FAILED", async () => {
    const boom = new Error("server down");
    const failing = aiSdkReranker(new MockRerankingModelV3({ doRerank: async () => Promise.reject(boom) }));
    const error = await rejection(failing.rerank("q", ["a"]));
    expect(error).toBeRagError("RERANK_FAILED");
    expect(error.cause).toBe(boom);
    const partial = aiSdkReranker(new MockRerankingModelV3({ doRerank: async () => ({ ranking: [{ index: 0, relevanceScore: 1 }] }) }));
    expect(await rejection(partial.rerank("q", ["a", "b"]))).toBeRagError("RERANK_FAILED");
    expect(() => aiSdkReranker("cohere/rerank-v3.5" as never)).toThrow(/RerankingModel/);
  });
});

describeEachTarget(
  "aiSdkReranker in rag.search",
  (target) => {
    it("re-orders hits by the model's scores", async () => {
      const rag = await openRag(target);
      try {
        // Prefers the longest passage, whatever the retrieval order.
        const model = new MockRerankingModelV3({
          async doRerank({ documents }) {
            return { ranking: (documents.values as string[]).map((text, index) => ({ index, relevanceScore: text.length })) };
          },
        });
        const hits = await rag.search("database writer", { topK: 2, rerank: { reranker: aiSdkReranker(model), topN: 4 } });
        expect(hits[0]?.documentId).toBe("busy");
        expect(hits[0]?.score).toBe(SQL_DOCS.find((d) => d.id === "busy")!.content.length);
      } finally {
        await rag.close();
      }
    });
  },
  ["file", "http"],
);
