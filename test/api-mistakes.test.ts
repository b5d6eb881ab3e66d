import { FakeEmbeddings } from "@langchain/core/utils/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRag, openStore, useLiteEmbedder, type Embedder } from "../src/index.js";
import { openAIEmbedder } from "../src/embed/openai/index.js";
import { LibSQLRagVectorStore } from "../src/langchain/index.js";
import { hashEmbedder } from "../src/testing/index.js";
import { startOpenAIDouble, type OpenAIDouble } from "./support/openai-double.js";
import { describeEachTarget, uniqueName } from "./support/targets.js";

const message = async (promise: Promise<unknown>): Promise<{ code: string; message: string }> => {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: string; message: string } | undefined;
  if (!error) throw new Error("expected a rejection");
  return error;
};

/** The shape of a Vercel AI SDK EmbeddingModel (v2): what users pass when they mix up the two interfaces. */
const aiSdkModel = {
  specificationVersion: "v2",
  provider: "openai.embedding",
  modelId: "text-embedding-3-small",
  maxEmbeddingsPerCall: 2048,
  supportsParallelCalls: true,
  doEmbed: async () => ({ embeddings: [[0.1, 0.2]] }),
};

describeEachTarget("common API mistakes", (target) => {
  it("an unknown option key is INVALID_ARGUMENT naming the closest known key", async () => {
    const typo = await message(openStore({ ...target.options(), authtoken: "t" } as never));
    expect(typo.code).toBe("INVALID_ARGUMENT");
    expect(typo.message).toMatch(/openStore: unknown option "authtoken"\. Did you mean "authToken"\?/);
    const rag = await message(createRag({ ...target.options(), colection: "docs", embedder: hashEmbedder({ dimensions: 8 }) } as never));
    expect(rag.code).toBe("INVALID_ARGUMENT");
    expect(rag.message).toMatch(/createRag: unknown option "colection"\. Did you mean "collection"\?/);
    const far = await message(openStore({ ...target.options(), connection: {} } as never));
    expect(far.message).toMatch(/unknown option "connection"\. Known options: url, authToken/);
    const notClient = await message(openStore({ client: {} } as never));
    expect(notClient.message).toMatch(/client must be an open @libsql\/client Client/);
  });

  it("a misspelt chunking, embedder or reranker option is refused when it is given", async () => {
    const chunking = await message(createRag({ ...target.options(), embedder: hashEmbedder({ dimensions: 8 }), chunking: { contextheader: false } } as never));
    expect(chunking.message).toMatch(/unknown option "chunking\.contextheader"\. Did you mean "chunking\.contextHeader"\?/);
    expect(() => useLiteEmbedder({ worker: 2 } as never)).toThrow(/useLiteEmbedder: unknown option "worker"\. Did you mean "workers"\?/);
    expect(() => hashEmbedder({ dimension: 8 } as never)).toThrow(/hashEmbedder: unknown option "dimension"\. Did you mean "dimensions"\?/);
  });

  it("a misspelt query or search option is refused, not ignored", async () => {
    const rag = await createRag({ ...target.options(), collection: uniqueName("o"), embedder: hashEmbedder({ dimensions: 8 }) });
    try {
      await rag.ingest([{ id: "a", content: "alpha beta" }]);
      const search = await message(rag.search("alpha", { topk: 3 } as never));
      expect(search.code).toBe("INVALID_ARGUMENT");
      expect(search.message).toMatch(/search: unknown option "topk"\. Did you mean "topK"\?/);
      const query = await message(rag.collection.query({ text: "alpha", filters: { a: 1 } } as never));
      expect(query.message).toMatch(/query: unknown option "filters"\. Did you mean "filter"\?/);
      const nested = await message(rag.collection.query({ text: "alpha", hybrid: { keywordWieght: 2 } } as never));
      expect(nested.message).toMatch(/unknown option "hybrid\.keywordWieght"\. Did you mean "hybrid\.keywordWeight"\?/);
      const del = await message(rag.collection.delete({ id: ["a"] } as never));
      expect(del.message).toMatch(/delete: unknown option "id"\. Did you mean "ids"\?/);
      expect(await rag.collection.count()).toBe(1);
    } finally {
      await rag.close();
    }
  });

  it("a LangChain Embeddings or an AI SDK model as createRag's embedder is wrapped; anything else says what is missing", async () => {
    const langchain = await createRag({ ...target.options(), collection: uniqueName("m"), embedder: new FakeEmbeddings() });
    expect(langchain.embedder.id).toBe("langchain:FakeEmbeddings");
    await langchain.close();
    const ai = await createRag({ ...target.options(), collection: uniqueName("m"), embedder: aiSdkModel });
    expect(ai.embedder).toMatchObject({ id: "ai-sdk:openai.embedding:text-embedding-3-small", dimensions: 2, maxBatchSize: 2048 });
    await ai.close();
    const half = await message(createRag({ ...target.options(), embedder: { id: "x", embed: async () => [] } as never }));
    expect(half.message).toMatch(/dimensions is undefined \(expected an integer from 1 to 65536\)/);
  });

  it("an embedder that returns no vector is reported as such, never as dimensions: 0", async () => {
    const inner = hashEmbedder({ dimensions: 8 });
    let mode: "none" | "empty" | "ok" = "ok";
    const flaky: Embedder = {
      id: inner.id,
      dimensions: 8,
      embed: async (texts) => (mode === "none" ? [] : mode === "empty" ? texts.map(() => new Float32Array(0)) : inner.embed(texts)),
    };
    const rag = await createRag({ ...target.options(), collection: uniqueName("m"), embedder: flaky });
    try {
      await rag.ingest([{ id: "a", content: "alpha beta" }]);
      for (const m of ["none", "empty"] as const) {
        mode = m;
        const error = await message(rag.search("alpha", { mode: "vector" }));
        expect(error.code, m).toBe("EMBEDDING_FAILED");
        expect(error.message, m).toMatch(/returned no vector for the query/);
        expect(error.message, m).not.toMatch(/dimensions: 0/);
        // In hybrid mode too, where the keyword side runs while the question is embedded.
        expect((await message(rag.search("alpha"))).code, m).toBe("EMBEDDING_FAILED");
        // Bad options are reported as such while the embedding fails too (and its failure goes unhandled nowhere).
        expect((await message(rag.search("alpha", { topK: -1 }))).code, m).toBe("INVALID_ARGUMENT");
      }
      const upsert = await message(rag.collection.upsert([{ id: "b", content: "b", vector: [] }]));
      expect(upsert.message).toMatch(/the vector is empty; expected 8 numbers/);
      expect(upsert.message).not.toMatch(/dimensions: 0/);
    } finally {
      await rag.close();
    }
  });

  it("LibSQLRagVectorStore.delete with a bare id array says to pass { ids }", async () => {
    const store = await target.open();
    try {
      const vs = new LibSQLRagVectorStore(new FakeEmbeddings(), { store, collection: uniqueName("lc") });
      await vs.addDocuments([{ pageContent: "a", metadata: {} }], { ids: ["a"] });
      const error = await message(vs.delete(["a"] as never));
      expect(error.code).toBe("INVALID_ARGUMENT");
      expect(error.message).toContain('call vectorStore.delete({ ids: ["a"] })');
      await vs.delete({ ids: ["a"] });
    } finally {
      await store.close();
    }
  });
});

describe("openAIEmbedder: an empty embedding", () => {
  let double: OpenAIDouble;
  beforeAll(async () => {
    double = await startOpenAIDouble();
  });
  afterAll(() => double.close());

  it("says the server returned no vector, not to pass dimensions: 0", async () => {
    double.always = { body: { data: [{ index: 0, embedding: [] }] } };
    const error = await message(openAIEmbedder({ baseURL: double.baseURL, apiKey: "test", model: "m", dimensions: 4 }).embed(["x"]));
    expect(error.code).toBe("EMBEDDING_FAILED");
    expect(error.message).toMatch(/is empty: the server returned no vector/);
    expect(error.message).not.toMatch(/dimensions: 0/);
  });
});
