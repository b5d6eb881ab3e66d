import { createClient } from "@libsql/client";
import { FakeEmbeddings } from "@langchain/core/utils/testing";
import { Embeddings } from "@langchain/core/embeddings";
import { MockEmbeddingModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { createRag, openStore } from "../../src/index.js";
import { LibSQLRagVectorStore } from "../../src/langchain/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { rejection } from "../support/errors.js";
import { describeEachTarget, uniqueName } from "../support/targets.js";

/** LangChain Embeddings over the hash embedder, so that ranking is meaningful. */
class HashEmbeddings extends Embeddings {
  private readonly hash = hashEmbedder({ dimensions: 16 });
  constructor() {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.hash.embed(texts)).map((v) => Array.from(v));
  }
  async embedQuery(text: string): Promise<number[]> {
    return (await this.embedDocuments([text]))[0]!;
  }
}

const DOCS = [
  { id: "wal", content: "write ahead logging lets readers and a writer run at once" },
  { id: "vacuum", content: "vacuum rebuilds the database file and reclaims free pages" },
];

describeEachTarget(
  "openStore({ client })",
  (target) => {
    it("uses the caller's client and leaves it open on close", async () => {
      const { url, authToken } = target.options();
      const client = createClient({ url: url!, ...(authToken ? { authToken } : {}) });
      try {
        const store = await openStore({ client });
        expect(store.client).toBe(client);
        const col = await store.collection(uniqueName("byo"), { dimensions: 2 });
        await col.upsert([{ id: "a", content: "a", vector: [1, 0] }]);
        await store.close();
        expect(client.closed).toBe(false);
        const rs = await client.execute("SELECT count(*) AS n FROM rag_collections");
        expect(Number(rs.rows[0]!.n)).toBeGreaterThan(0);
        expect(await rejection(store.listCollections())).toBeRagError("CLOSED");

        const name = uniqueName("byo");
        const rag = await createRag({ client, collection: name, embedder: hashEmbedder({ dimensions: 16 }) });
        await rag.ingest(DOCS);
        await rag.close();
        expect(client.closed).toBe(false);
        const again = await createRag({ client, collection: name, embedder: hashEmbedder({ dimensions: 16 }) });
        expect((await again.search("vacuum rebuilds", { topK: 1 }))[0]?.documentId).toBe("vacuum");
        await again.close();

        const lc = new LibSQLRagVectorStore(new FakeEmbeddings(), { storeOptions: { client }, collection: uniqueName("lc") });
        await lc.addDocuments([{ pageContent: "hello", metadata: {} }], { ids: ["h"] });
        expect((await lc.similaritySearch("hello", 1))[0]?.id).toBe("h");
        await (await lc.getStore()).close();
        expect(client.closed).toBe(false);
      } finally {
        client.close();
      }
    });
  },
  ["file", "memory", "http"],
);

describe("openStore({ client }): mistakes", () => {
  it("refuses connection options beside a client, and a closed client", async () => {
    const client = createClient({ url: ":memory:" });
    const both = await rejection(openStore({ client, url: "file:x.db" }));
    expect(both).toBeRagError("INVALID_ARGUMENT");
    expect(both.message).toMatch(/url cannot be combined with client/);
    client.close();
    expect(await rejection(openStore({ client }))).toBeRagError("CLOSED");
  });
});

describeEachTarget(
  "createRag({ embedder }) wraps other libraries' embedders",
  (target) => {
    it("takes a LangChain Embeddings and an AI SDK EmbeddingModel directly", async () => {
      const lc = await createRag({ ...target.options(), collection: uniqueName("lc"), embedder: new HashEmbeddings() });
      try {
        expect(lc.embedder).toMatchObject({ id: "langchain:HashEmbeddings", dimensions: 16 });
        await lc.ingest(DOCS);
        expect((await lc.search("write ahead logging", { topK: 1, mode: "vector" }))[0]?.documentId).toBe("wal");
      } finally {
        await lc.close();
      }
      const hash = hashEmbedder({ dimensions: 16 });
      const model = new MockEmbeddingModelV3({
        modelId: "hash",
        maxEmbeddingsPerCall: 1,
        doEmbed: async ({ values }) => ({ embeddings: (await hash.embed(values)).map((v) => Array.from(v)), warnings: [] }),
      });
      const ai = await createRag({ ...target.options(), collection: uniqueName("ai"), embedder: model });
      try {
        expect(ai.embedder).toMatchObject({ id: "ai-sdk:mock-provider:hash", dimensions: 16, maxBatchSize: 1 });
        await ai.ingest(DOCS);
        expect(model.doEmbedCalls.every((c) => c.values.length === 1)).toBe(true);
        expect((await ai.search("vacuum rebuilds", { topK: 1, mode: "vector" }))[0]?.documentId).toBe("vacuum");
      } finally {
        await ai.close();
      }
    });

    it("says what is missing when the embedder is none of these", async () => {
      const error = await rejection(createRag({ ...target.options(), embedder: { embedQuery: async () => [1] } as never }));
      expect(error).toBeRagError("INVALID_ARGUMENT");
      expect(error.message).toMatch(/embedder is not an Embedder.*embed is undefined/);
      const model = await rejection(createRag({ ...target.options(), embedder: "openai/text-embedding-3-small" as never }));
      expect(model.message).toMatch(/embedder must be an Embedder/);
    });
  },
  ["file", "memory", "http"],
);
