import { Embeddings } from "@langchain/core/embeddings";
import { FakeEmbeddings, SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import type { Embedder } from "../../src/index.js";
import { embedderFromEmbeddings, embeddingsFromEmbedder, langChainEmbedderId } from "../../src/langchain/index.js";
import { hashEmbedder } from "../../src/testing/index.js";

/** Counts calls and records batch sizes. */
function countingEmbedder(maxBatchSize?: number): Embedder & { batches: number[] } {
  const inner = hashEmbedder({ dimensions: 8 });
  const batches: number[] = [];
  return {
    id: inner.id,
    dimensions: inner.dimensions,
    ...(maxBatchSize !== undefined ? { maxBatchSize } : {}),
    batches,
    async embed(texts) {
      batches.push(texts.length);
      return inner.embed(texts);
    },
  };
}

class CountingEmbeddings extends Embeddings {
  calls = 0;
  model = "counting-1";
  constructor(
    private readonly size: number,
    private readonly lie = false,
  ) {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls += 1;
    return this.vectors(texts);
  }
  async embedQuery(text: string): Promise<number[]> {
    this.calls += 1;
    return this.vectors([text])[0]!;
  }
  vectors(texts: string[]): number[][] {
    return texts.map((t, i) => Array.from({ length: this.lie && i === 1 ? this.size + 1 : this.size }, (_, j) => (t.length + j + 1) / 10));
  }
}

describe("embeddingsFromEmbedder", () => {
  it("returns number[] vectors equal to the embedder's, batched by maxBatchSize", async () => {
    const embedder = countingEmbedder(3);
    const embeddings = embeddingsFromEmbedder(embedder);
    const texts = ["a b", "c d", "e f", "g h", "i j", "k l", "m n"];
    const vectors = await embeddings.embedDocuments(texts);
    expect(embedder.batches).toEqual([3, 3, 1]);
    const direct = await hashEmbedder({ dimensions: 8 }).embed(texts);
    expect(vectors).toEqual(direct.map((v) => Array.from(v)));
    expect(Array.isArray(vectors[0])).toBe(true);
    expect(await embeddings.embedQuery("a b")).toEqual(vectors[0]);
    expect(await embeddings.embedDocuments([])).toEqual([]);
    expect(embeddings.embedder).toBe(embedder);
    expect(embeddings).toBeInstanceOf(Embeddings);
  });

  it("reports an embedder that returns the wrong number of vectors", async () => {
    const broken: Embedder = { id: "broken", dimensions: 2, embed: async () => [new Float32Array([1, 0])] };
    await expect(embeddingsFromEmbedder(broken).embedDocuments(["a", "b"])).rejects.toBeRagError("EMBEDDING_FAILED");
    expect(() => embeddingsFromEmbedder({} as Embedder)).toThrow(/Embedder/);
  });
});

describe("embedderFromEmbeddings", () => {
  it("probes the dimensions once when they are not given", async () => {
    const lc = new CountingEmbeddings(5);
    const embedder = await embedderFromEmbeddings(lc);
    expect(lc.calls).toBe(1);
    expect(embedder).toMatchObject({ id: "langchain:CountingEmbeddings:counting-1", dimensions: 5 });
    const vectors = await embedder.embed(["x", "yy"]);
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(vectors[1]!)).toEqual(lc.vectors(["yy"])[0]!.map((x) => Math.fround(x)));
  });

  it("skips the probe when dimensions are given, and takes an explicit id", async () => {
    const lc = new CountingEmbeddings(3);
    const embedder = await embedderFromEmbeddings(lc, { id: "my-model", dimensions: 3, maxBatchSize: 64 });
    expect(lc.calls).toBe(0);
    expect(embedder).toMatchObject({ id: "my-model", dimensions: 3, maxBatchSize: 64 });
    expect(await embedder.embed([])).toEqual([]);
  });

  it("checks every vector, wraps failures as EMBEDDING_FAILED, and honours an aborted signal", async () => {
    const wrongDims = await embedderFromEmbeddings(new CountingEmbeddings(3), { dimensions: 4 });
    await expect(wrongDims.embed(["a"])).rejects.toBeRagError("EMBEDDING_FAILED");
    const liar = await embedderFromEmbeddings(new CountingEmbeddings(3, true), { dimensions: 3 });
    await expect(liar.embed(["a", "b"])).rejects.toMatchObject({ code: "EMBEDDING_FAILED", details: { expected: 3, actual: 4, index: 1 } });

    class Failing extends FakeEmbeddings {
      override async embedDocuments(): Promise<number[][]> {
        throw new Error("429 rate limited");
      }
    }
    const failing = await embedderFromEmbeddings(new Failing(), { dimensions: 4 });
    const error = await failing.embed(["a"]).catch((e: unknown) => e);
    expect(error).toBeRagError("EMBEDDING_FAILED");
    expect((error as Error).message).toContain("429 rate limited");
    expect((error as Error).cause).toBeInstanceOf(Error);
    await expect(embedderFromEmbeddings(new Failing())).resolves.toMatchObject({ dimensions: 4 }); // the probe uses embedQuery

    const controller = new AbortController();
    controller.abort();
    await expect((await embedderFromEmbeddings(new FakeEmbeddings())).embed(["a"], { signal: controller.signal })).rejects.toBeRagError("ABORTED");
    await expect(embedderFromEmbeddings(new FakeEmbeddings(), { dimensions: 0 })).rejects.toBeRagError("INVALID_ARGUMENT");
    await expect(embedderFromEmbeddings({} as never)).rejects.toBeRagError("INVALID_ARGUMENT");
  });

  it("gives back the original embedder for embeddingsFromEmbedder's wrapper", async () => {
    const embedder = hashEmbedder({ dimensions: 16 });
    expect(await embedderFromEmbeddings(embeddingsFromEmbedder(embedder))).toBe(embedder);
    const renamed = await embedderFromEmbeddings(embeddingsFromEmbedder(embedder), { id: "renamed" });
    expect(renamed).toMatchObject({ id: "renamed", dimensions: 16 });
  });
});

describe("langChainEmbedderId", () => {
  it("names the class and the model, or the wrapped embedder", () => {
    expect(langChainEmbedderId(new FakeEmbeddings())).toBe("langchain:FakeEmbeddings");
    expect(langChainEmbedderId(new SyntheticEmbeddings())).toBe("langchain:SyntheticEmbeddings");
    expect(langChainEmbedderId(new CountingEmbeddings(2))).toBe("langchain:CountingEmbeddings:counting-1");
    expect(langChainEmbedderId(embeddingsFromEmbedder(hashEmbedder({ dimensions: 32 })))).toBe("hash-32");
    const plain = { embedDocuments: async () => [], embedQuery: async () => [], modelName: "m" };
    expect(langChainEmbedderId(plain)).toBe("langchain:Embeddings:m");
  });
});
