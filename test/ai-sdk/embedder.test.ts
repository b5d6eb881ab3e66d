import { APICallError } from "ai";
import { MockEmbeddingModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { aiSdkEmbedder } from "../../src/ai-sdk/index.js";
import { createRag } from "../../src/index.js";
import { rejection } from "../support/errors.js";
import { describeEachTarget, uniqueName } from "../support/targets.js";
import { SQL_DOCS, hashModel } from "./models.js";

describe("aiSdkEmbedder", () => {
  it("learns the dimensions with one probe and names the model in its id", async () => {
    const { model } = hashModel({ dimensions: 24 });
    const embedder = await aiSdkEmbedder(model);
    expect(embedder.dimensions).toBe(24);
    expect(embedder.id).toBe("ai-sdk:mock:hash-24");
    expect(model.doEmbedCalls).toHaveLength(1);
    const given = await aiSdkEmbedder(model, { dimensions: 24, id: "custom" });
    expect(given.id).toBe("custom");
    expect(model.doEmbedCalls).toHaveLength(1);
  });

  it("sends at most maxEmbeddingsPerCall texts per call, in order", async () => {
    const { model } = hashModel({ maxEmbeddingsPerCall: 3 });
    const embedder = await aiSdkEmbedder(model, { dimensions: 32 });
    expect(embedder.maxBatchSize).toBe(3);
    const texts = Array.from({ length: 8 }, (_, i) => `text number ${i}`);
    const vectors = await embedder.embed(texts);
    expect(model.doEmbedCalls.map((c) => c.values.length)).toEqual([3, 3, 2]);
    expect(model.doEmbedCalls.flatMap((c) => c.values)).toEqual(texts);
    const { model: one } = hashModel();
    const direct = await (await aiSdkEmbedder(one, { dimensions: 32 })).embed(texts);
    expect(vectors.map((v) => Array.from(v))).toEqual(direct.map((v) => Array.from(v)));
  });

  it("runs calls one at a time unless the model supports parallel calls", async () => {
    const serial = hashModel({ maxEmbeddingsPerCall: 1, supportsParallelCalls: false });
    const a = await aiSdkEmbedder(serial.model, { dimensions: 32 });
    expect(a.maxConcurrency).toBe(1);
    await a.embed(["a", "b", "c", "d"]);
    expect(serial.maxInFlight()).toBe(1);
    const parallel = hashModel({ maxEmbeddingsPerCall: 1, supportsParallelCalls: true });
    const b = await aiSdkEmbedder(parallel.model, { dimensions: 32, maxConcurrency: 3 });
    await b.embed(["a", "b", "c", "d"]);
    expect(parallel.maxInFlight()).toBe(3);
  });

  it("passes the abort signal on, and an aborted call is ABORTED", async () => {
    const { model } = hashModel();
    const embedder = await aiSdkEmbedder(model, { dimensions: 32 });
    const controller = new AbortController();
    await embedder.embed(["x"], { signal: controller.signal });
    expect(model.doEmbedCalls.at(-1)?.abortSignal).toBe(controller.signal);
    controller.abort(new Error("user stop"));
    expect(await rejection(embedder.embed(["x"], { signal: controller.signal }))).toBeRagError("ABORTED");
    const hanging = new MockEmbeddingModelV3({
      doEmbed: ({ abortSignal }) => new Promise((_, reject) => abortSignal?.addEventListener("abort", () => reject(new Error("aborted by signal")))),
    });
    const slow = await aiSdkEmbedder(hanging, { dimensions: 4 });
    const late = new AbortController();
    const pending = rejection(slow.embed(["x"], { signal: late.signal }));
    late.abort();
    expect(await pending).toBeRagError("ABORTED");
  });

  it("maps the model's errors to EMBEDDING_FAILED with the cause, and retries retryable ones", async () => {
    const boom = new Error("quota exceeded");
    const failing = new MockEmbeddingModelV3({ doEmbed: async () => Promise.reject(boom) });
    const embedder = await aiSdkEmbedder(failing, { dimensions: 4 });
    const error = await rejection(embedder.embed(["x"]));
    expect(error).toBeRagError("EMBEDDING_FAILED");
    expect((error as Error).cause).toBe(boom);
    expect((error as Error).message).toContain("quota exceeded");
    expect(failing.doEmbedCalls).toHaveLength(1);

    let calls = 0;
    const flaky = new MockEmbeddingModelV3({
      async doEmbed() {
        calls += 1;
        if (calls === 1) throw new APICallError({ message: "rate limited", url: "http://x", requestBodyValues: {}, statusCode: 429, isRetryable: true });
        return { embeddings: [[1, 0, 0, 0]], warnings: [] };
      },
    });
    const retried = await aiSdkEmbedder(flaky, { dimensions: 4, retryDelayMs: 1 });
    expect((await retried.embed(["x"]))[0]).toEqual(new Float32Array([1, 0, 0, 0]));
    expect(calls).toBe(2);
  });

  it("rejects wrong vectors and things that are not models", async () => {
    const short = new MockEmbeddingModelV3({ doEmbed: async () => ({ embeddings: [[1, 2]], warnings: [] }) });
    expect(await rejection((await aiSdkEmbedder(short, { dimensions: 3 })).embed(["x"]))).toBeRagError("EMBEDDING_FAILED");
    const none = new MockEmbeddingModelV3({ doEmbed: async () => ({ embeddings: [], warnings: [] }) });
    expect(await rejection((await aiSdkEmbedder(none, { dimensions: 3 })).embed(["x"]))).toBeRagError("EMBEDDING_FAILED");
    const asString = await rejection(aiSdkEmbedder("openai/text-embedding-3-small" as never));
    expect(asString).toBeRagError("INVALID_ARGUMENT");
    expect((asString as Error).message).toContain("openai.embedding(");
    expect(await rejection(aiSdkEmbedder({} as never))).toBeRagError("INVALID_ARGUMENT");
    expect(await rejection(aiSdkEmbedder(hashModel().model, { dimensions: 0 }))).toBeRagError("INVALID_ARGUMENT");
  });
});

describeEachTarget("aiSdkEmbedder with createRag", (target) => {
  it("ingests and searches through an AI SDK model", async () => {
    const { model } = hashModel({ maxEmbeddingsPerCall: 2 });
    const embedder = await aiSdkEmbedder(model);
    const rag = await createRag({ ...target.options(), collection: uniqueName("aisdk"), embedder });
    try {
      const report = await rag.ingest(SQL_DOCS);
      expect(report.documents.added).toBe(SQL_DOCS.length);
      expect(model.doEmbedCalls.every((c) => c.values.length <= 2)).toBe(true);
      const hits = await rag.search("vacuum rebuilds the database file", { topK: 2, mode: "vector" });
      expect(hits[0]?.documentId).toBe("vacuum");
      expect(rag.collection.info.embedderId).toBe("ai-sdk:mock:hash-32");
    } finally {
      await rag.close();
    }
  });
});
