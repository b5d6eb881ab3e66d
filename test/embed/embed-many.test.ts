import { describe, expect, it } from "vitest";
import { embedMany, embedQueue, type BatchEmbedder } from "../../src/embed/embed-many.js";
import { RagError } from "../../src/errors.js";
import type { Embedder } from "../../src/embed/embedder.js";

/** An embedder that records when each call starts and how many run at once. */
function recordingEmbedder(maxConcurrency: number) {
  const starts: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const embedder: Embedder = {
    id: "recording",
    dimensions: 2,
    maxBatchSize: 2,
    maxConcurrency,
    async embed(texts) {
      starts.push(texts[0]!);
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return texts.map((text) => Float32Array.of(text.length, 1));
    },
  };
  return { embedder, starts, peak: () => peak };
}

describe("embedMany", () => {
  it("runs the calls of callers that share a queue first come first served, within maxConcurrency", async () => {
    const { embedder, starts, peak } = recordingEmbedder(2);
    const first = Array.from({ length: 10 }, (_, i) => `a${i}`);
    const second = Array.from({ length: 10 }, (_, i) => `b${i}`);
    const queue = embedQueue(embedder);
    const finished: string[] = [];
    const [a, b] = await Promise.all([
      embedMany(embedder, first, { queue }).then((v) => (finished.push("a"), v)),
      embedMany(embedder, second, { queue }).then((v) => (finished.push("b"), v)),
    ]);
    expect(a).toHaveLength(10);
    expect(b).toHaveLength(10);
    expect(peak()).toBe(2);
    // Every batch of the first caller starts before any of the second's, so the first finishes first.
    expect(starts).toEqual(["a0", "a2", "a4", "a6", "a8", "b0", "b2", "b4", "b6", "b8"]);
    expect(finished).toEqual(["a", "b"]);
  });

  it("gives each call a queue of its own by default: maxConcurrency per call, so an embedder may call itself", async () => {
    const { embedder, starts, peak } = recordingEmbedder(2);
    await Promise.all([embedMany(embedder, ["a0", "a1", "a2", "a3"]), embedMany(embedder, ["b0", "b1", "b2", "b3"])]);
    expect(peak()).toBe(4);
    expect(starts.slice(0, 4).sort()).toEqual(["a0", "a2", "b0", "b2"]);

    const inner = recordingEmbedder(1);
    const splitting: Embedder = {
      ...inner.embedder,
      id: "splitting",
      maxBatchSize: 4,
      async embed(texts) {
        if (texts.length <= 1) return inner.embedder.embed(texts);
        return (await Promise.all(texts.map((text) => embedMany(splitting, [text])))).flat();
      },
    };
    const vectors = await embedMany(splitting, ["aa", "b", "ccc", "dddd", "e"]);
    expect(vectors.map((v) => v[0])).toEqual([2, 1, 3, 4, 1]);
  });

  it("starts no more batches of a call after one fails", async () => {
    let calls = 0;
    const failing: Embedder = {
      id: "failing",
      dimensions: 2,
      maxBatchSize: 1,
      maxConcurrency: 1,
      async embed() {
        calls++;
        throw new Error("model exploded");
      },
    };
    await expect(embedMany(failing, ["a", "b", "c", "d"])).rejects.toBeRagError("EMBEDDING_FAILED");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(1);
  });

  it("keeps the order of texts and checks the number of vectors", async () => {
    const { embedder } = recordingEmbedder(3);
    const texts = ["x", "yy", "zzz", "wwww", "vvvvv"];
    const vectors = await embedMany(embedder, texts);
    expect(vectors.map((v) => v[0])).toEqual([1, 2, 3, 4, 5]);
    const short: Embedder = { ...embedder, embed: async (batch) => batch.slice(1).map(() => Float32Array.of(0, 0)) };
    await expect(embedMany(short, texts)).rejects.toBeRagError("EMBEDDING_FAILED");
  });
});

describe("embedMany: limits, retries and abort", () => {
  /** Records the texts of each call; vectors hold each text's length. */
  function callsOf(model: Partial<BatchEmbedder> = {}) {
    const calls: string[][] = [];
    const embedder: BatchEmbedder = {
      id: "calls",
      ...model,
      async embed(texts) {
        calls.push(texts);
        return texts.map((text) => Float32Array.of(text.length));
      },
    };
    return { embedder, calls };
  }

  it("sends all texts in one call when the embedder states no limit", async () => {
    const { embedder, calls } = callsOf();
    expect((await embedMany(embedder, ["a", "bb", "ccc"])).map((v) => v[0])).toEqual([1, 2, 3]);
    expect(calls).toEqual([["a", "bb", "ccc"]]);
  });

  it("keeps each call within maxBatchBytes (UTF-8), sending an oversized text alone", async () => {
    const { embedder, calls } = callsOf({ maxBatchBytes: 10 });
    await embedMany(embedder, ["aaaa", "éé", "bbbb", "x".repeat(30), "c"]);
    expect(calls).toEqual([["aaaa", "éé"], ["bbbb"], ["x".repeat(30)], ["c"]]);
  });

  it("batches texts of similar length together with groupByLength, and returns them in input order", async () => {
    const { embedder, calls } = callsOf({ maxBatchSize: 2, groupByLength: true });
    const texts = ["long text", "a", "medium", "bb"];
    expect((await embedMany(embedder, texts)).map((v) => v[0])).toEqual([9, 1, 6, 2]);
    expect(calls).toEqual([
      ["a", "bb"],
      ["medium", "long text"],
    ]);
  });

  it("retries what the policy retries, after its delay, and reports the last failure through `failure`", async () => {
    let attempts = 0;
    const flaky: BatchEmbedder = {
      id: "flaky",
      retry: { maxRetries: 2, delayMs: (error) => ((error as Error).message === "busy" ? 1 : undefined) },
      failure: (error) => new RagError("EMBEDDING_FAILED", `flaky gave up: ${(error as Error).message}`),
      async embed(texts) {
        attempts++;
        if (attempts < 3) throw new Error("busy");
        return texts.map(() => Float32Array.of(1));
      },
    };
    expect(await embedMany(flaky, ["x"])).toHaveLength(1);
    expect(attempts).toBe(3);

    attempts = -10;
    await expect(embedMany(flaky, ["x"])).rejects.toThrow(/flaky gave up: busy/);
    expect(attempts).toBe(-7); // the first attempt and two retries

    attempts = 0;
    const fatal: BatchEmbedder = { ...flaky, embed: async () => (attempts++, Promise.reject(new Error("bad input"))) };
    await expect(embedMany(fatal, ["x"])).rejects.toThrow(/flaky gave up: bad input/);
    expect(attempts).toBe(1);
  });

  it("ends a retry wait at once on abort, with ABORTED", async () => {
    const controller = new AbortController();
    const waiting: BatchEmbedder = {
      id: "waiting",
      retry: { maxRetries: 1, delayMs: () => 60_000 },
      embed: async () => {
        setTimeout(() => controller.abort(), 10);
        throw new Error("busy");
      },
    };
    await expect(embedMany(waiting, ["x"], { signal: controller.signal })).rejects.toBeRagError("ABORTED");
  });

  it("rejects input that is not an array of strings, and an aborted signal, before any call", async () => {
    const { embedder, calls } = callsOf();
    await expect(embedMany(embedder, ["a", 1 as unknown as string])).rejects.toBeRagError("INVALID_ARGUMENT");
    await expect(embedMany(embedder, "a" as unknown as string[])).rejects.toBeRagError("INVALID_ARGUMENT");
    await expect(embedMany(embedder, ["a"], { signal: AbortSignal.abort() })).rejects.toBeRagError("ABORTED");
    expect(calls).toEqual([]);
  });
});
