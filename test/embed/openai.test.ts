import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openAIEmbedder, type OpenAIEmbedderOptions } from "../../src/embed/openai/index.js";
import { doubleVector, startOpenAIDouble, type OpenAIDouble } from "../support/openai-double.js";
import { rejection } from "../support/errors.js";

let double: OpenAIDouble;

beforeAll(async () => {
  double = await startOpenAIDouble();
});
afterAll(() => double.close());
afterEach(() => {
  double.requests.length = 0;
  double.always = {};
});

function embedder(options: OpenAIEmbedderOptions = {}) {
  return openAIEmbedder({ baseURL: double.baseURL, apiKey: "test", ...options });
}

const texts = (n: number, prefix = "text") => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

function expectVectors(vectors: Float32Array[], inputs: string[], dimensions: number) {
  expect(vectors).toHaveLength(inputs.length);
  vectors.forEach((vector, i) => {
    expect(vector).toBeInstanceOf(Float32Array);
    expect(Array.from(vector)).toEqual(Array.from(Float32Array.from(doubleVector(inputs[i]!, dimensions))));
  });
}

describe("openAIEmbedder: configuration", () => {
  it("names the model, and knows the native size of OpenAI's models", () => {
    const e = embedder();
    expect(e.id).toBe("openai:text-embedding-3-small");
    expect(e.dimensions).toBe(1536);
    expect(embedder({ model: "text-embedding-3-large" }).dimensions).toBe(3072);
    expect(embedder({ model: "text-embedding-ada-002" }).dimensions).toBe(1536);
  });

  it("appends @dimensions to the id exactly when the request shortens the vectors", () => {
    expect(embedder({ dimensions: 256 }).id).toBe("openai:text-embedding-3-small@256");
    expect(embedder({ dimensions: 1536 }).id).toBe("openai:text-embedding-3-small");
    expect(embedder({ model: "nomic-embed-text", dimensions: 768 }).id).toBe("openai:nomic-embed-text");
    expect(embedder({ model: "m", dimensions: 64, sendDimensions: true }).id).toBe("openai:m@64");
    expect(embedder({ id: "custom", dimensions: 256 }).id).toBe("custom");
  });

  it("requires dimensions for a model it does not know", () => {
    expect(() => embedder({ model: "nomic-embed-text" })).toThrow(/dimensions/);
    expect(() => embedder({ model: "nomic-embed-text" })).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
  });

  it("rejects sizes the model cannot produce", () => {
    expect(() => embedder({ dimensions: 4096 })).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
    expect(() => embedder({ model: "text-embedding-ada-002", dimensions: 512 })).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
    expect(() => embedder({ dimensions: 0 })).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
    expect(() => embedder({ concurrency: 0 })).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
    expect(() => embedder({ baseURL: "not a url" })).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
  });

  it("requires an API key for api.openai.com but not for other servers", () => {
    const saved = process.env["OPENAI_API_KEY"];
    delete process.env["OPENAI_API_KEY"];
    try {
      expect(() => openAIEmbedder({ baseURL: "https://api.openai.com/v1" })).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
      expect(() => openAIEmbedder({ baseURL: double.baseURL })).not.toThrow();
    } finally {
      if (saved !== undefined) process.env["OPENAI_API_KEY"] = saved;
    }
  });

  it("states its limits for the ingest pipeline", () => {
    const e = embedder({ batchSize: 100, concurrency: 3 });
    expect(e.maxBatchSize).toBe(100);
    expect(e.maxConcurrency).toBe(3);
    expect(e.maxInputTokens).toBe(8192);
    expect(openAIEmbedder({ apiKey: "k" }).maxBatchSize).toBe(2048);
  });
});

describe("openAIEmbedder.embed", () => {
  it("returns one Float32Array per input, in order, and sends float encoding", async () => {
    const inputs = texts(5);
    const vectors = await embedder().embed(inputs);
    expectVectors(vectors, inputs, 1536);
    expect(double.requests).toHaveLength(1);
    expect(double.requests[0]!.body).toMatchObject({ model: "text-embedding-3-small", input: inputs, encoding_format: "float" });
    expect(double.requests[0]!.body).not.toHaveProperty("dimensions");
    expect(double.requests[0]!.headers.authorization).toBe("Bearer test");
  });

  it("returns [] for no texts without a request", async () => {
    expect(await embedder().embed([])).toEqual([]);
    expect(double.requests).toHaveLength(0);
  });

  it("rejects input that is not an array of strings", async () => {
    await expect(embedder().embed(["a", 3 as unknown as string])).rejects.toBeRagError("INVALID_ARGUMENT");
  });

  it("splits a large call into requests of at most batchSize inputs", async () => {
    const inputs = texts(10);
    const vectors = await embedder({ batchSize: 3 }).embed(inputs);
    expectVectors(vectors, inputs, 1536);
    expect(double.requests.map((r) => r.body.input.length).sort()).toEqual([1, 3, 3, 3]);
    expect(double.requests.flatMap((r) => r.body.input).sort()).toEqual([...inputs].sort());
  });

  it("splits by the token budget, counting UTF-8 bytes", async () => {
    const inputs = ["a".repeat(40), "b".repeat(40), "c".repeat(40), "é".repeat(20)]; // 40 bytes each
    await embedder({ maxRequestTokens: 100 }).embed(inputs);
    expect(double.requests.map((r) => r.body.input.length)).toEqual([2, 2]);
    // One input over the budget still goes, alone.
    double.requests.length = 0;
    await embedder({ maxRequestTokens: 10 }).embed(["x".repeat(50), "y"]);
    expect(double.requests.map((r) => r.body.input.length)).toEqual([1, 1]);
  });

  it("never has more than `concurrency` requests in flight", async () => {
    const probe = await startOpenAIDouble();
    try {
      probe.always = { delayMs: 40 };
      const inputs = texts(12);
      const e = openAIEmbedder({ baseURL: probe.baseURL, apiKey: "test", batchSize: 1, concurrency: 3 });
      // Two overlapping calls share the embedder's limit.
      const [a, b] = await Promise.all([e.embed(inputs.slice(0, 6)), e.embed(inputs.slice(6))]);
      expectVectors([...a, ...b], inputs, 1536);
      expect(probe.requests).toHaveLength(12);
      expect(probe.maxInFlight).toBe(3);
    } finally {
      await probe.close();
    }
  });

  it("sends dimensions in the request body when shortening", async () => {
    const inputs = texts(3);
    const vectors = await embedder({ model: "text-embedding-3-large", dimensions: 256 }).embed(inputs);
    expect(double.requests[0]!.body.dimensions).toBe(256);
    expectVectors(vectors, inputs, 256);
  });

  it("puts vectors in input order even when the server shuffles `index`", async () => {
    double.always = { shuffle: true };
    const inputs = texts(7);
    const vectors = await embedder({ batchSize: 4 }).embed(inputs);
    expectVectors(vectors, inputs, 1536);
  });
});

describe("openAIEmbedder: retries", () => {
  it("retries a 429 and honours retry-after-ms", async () => {
    double.enqueue({ status: 429, headers: { "retry-after-ms": "200" } });
    const inputs = texts(2);
    const started = performance.now();
    const vectors = await embedder().embed(inputs);
    const elapsed = performance.now() - started;
    expectVectors(vectors, inputs, 1536);
    expect(double.requests).toHaveLength(2);
    expect(double.requests[1]!.receivedAt - double.requests[0]!.receivedAt).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2000);
  });

  it("honours Retry-After in seconds", async () => {
    double.enqueue({ status: 429, headers: { "retry-after": "0" } }, { status: 503, headers: { "retry-after": "0.1" } });
    const started = performance.now();
    await embedder().embed(["x"]);
    expect(double.requests).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it("fails with EMBEDDING_FAILED after maxRetries on a persistent 500", async () => {
    double.always = { status: 500, headers: { "retry-after-ms": "1" } };
    const error = await rejection(embedder({ maxRetries: 2 }).embed(["x"]));
    expect(error.code).toBe("EMBEDDING_FAILED");
    expect(error.message).toMatch(/500 after 3 attempts/);
    expect(error.details).toMatchObject({ status: 500 });
    expect(double.requests).toHaveLength(3);
  });

  it("does not retry a 400 and explains it", async () => {
    double.always = { status: 400 };
    const error = await rejection(embedder({ maxRetries: 3 }).embed(["x"]));
    expect(error.code).toBe("EMBEDDING_FAILED");
    expect(error.message).toMatch(/rejected a request of 1 input \(400\)/);
    expect(double.requests).toHaveLength(1);
  });

  it("explains a 401 without echoing the key", async () => {
    double.always = { status: 401 };
    const secret = "sk-this-must-not-leak";
    const error = await rejection(embedder({ apiKey: secret }).embed(["x"]));
    expect(error.code).toBe("EMBEDDING_FAILED");
    expect(error.message).toMatch(/API key/);
    expect(error.message).toMatch(/OPENAI_API_KEY/);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.details)).not.toContain(secret);
  });

  it("reports an unreachable server as EMBEDDING_FAILED", async () => {
    const gone = await startOpenAIDouble();
    const baseURL = gone.baseURL;
    await gone.close();
    const error = await rejection(openAIEmbedder({ baseURL, apiKey: "k", maxRetries: 0 }).embed(["x"]));
    expect(error.code).toBe("EMBEDDING_FAILED");
    expect(error.message).toMatch(/could not reach/);
  });

  it("reports a timeout as EMBEDDING_FAILED", async () => {
    double.always = { delayMs: 2000 };
    const started = performance.now();
    const error = await rejection(embedder({ timeoutMs: 100, maxRetries: 0 }).embed(["x"]));
    expect(error.code).toBe("EMBEDDING_FAILED");
    expect(error.message).toMatch(/did not answer within timeoutMs \(100 ms\)/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("stops the other requests after one fails", async () => {
    double.enqueue({ status: 400 });
    double.always = { delayMs: 30 };
    await expect(embedder({ batchSize: 1, concurrency: 1 }).embed(texts(5))).rejects.toBeRagError("EMBEDDING_FAILED");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(double.requests).toHaveLength(1);
  });
});

describe("openAIEmbedder: abort", () => {
  it("rejects promptly with ABORTED while a request is in flight", async () => {
    double.always = { delayMs: 5000 };
    const controller = new AbortController();
    const started = performance.now();
    const pending = embedder().embed(["x"], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeRagError("ABORTED");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("rejects promptly while the SDK waits out a Retry-After, and frees the concurrency slot", async () => {
    double.enqueue({ status: 429, headers: { "retry-after-ms": "5000" } });
    const e = embedder({ concurrency: 1 });
    const controller = new AbortController();
    const started = performance.now();
    const pending = e.embed(["x"], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeRagError("ABORTED");
    expect(await e.embed(["y"])).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(double.requests).toHaveLength(2);
  });

  it("sends nothing when the signal is already aborted", async () => {
    await expect(embedder().embed(["x"], { signal: AbortSignal.abort() })).rejects.toBeRagError("ABORTED");
    expect(double.requests).toHaveLength(0);
  });
});

describe("openAIEmbedder: response validation", () => {
  it("rejects vectors of the wrong length, naming expected and actual", async () => {
    double.always = { dimensions: 10 };
    const error = await rejection(embedder().embed(["x", "y"]));
    expect(error.code).toBe("EMBEDDING_FAILED");
    expect(error.message).toMatch(/10 dimensions; expected 1536/);
    expect(error.details).toMatchObject({ expected: 1536, actual: 10 });
  });

  it("rejects a response with too few embeddings", async () => {
    double.always = { drop: 1 };
    const error = await rejection(embedder().embed(["x", "y", "z"]));
    expect(error.code).toBe("EMBEDDING_FAILED");
    expect(error.message).toMatch(/expected 3 embeddings, got 2/);
  });

  it("rejects non-finite values and duplicate indices", async () => {
    double.always = { body: { data: [{ index: 0, embedding: [1, null] }] } };
    await expect(embedder({ model: "m", dimensions: 2 }).embed(["x"])).rejects.toThrow(/position 1; expected a finite number/);
    double.always = {
      body: {
        data: [
          { index: 0, embedding: [1, 0] },
          { index: 0, embedding: [0, 1] },
        ],
      },
    };
    await expect(embedder({ model: "m", dimensions: 2 }).embed(["x", "y"])).rejects.toThrow(/index 0 appears twice/);
  });

  it("takes items in order from a server that sends no index", async () => {
    double.always = { body: { data: [{ embedding: [1, 0] }, { embedding: [0, 1] }] } };
    const vectors = await embedder({ model: "m", dimensions: 2 }).embed(["x", "y"]);
    expect(vectors.map((v) => Array.from(v))).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
});
