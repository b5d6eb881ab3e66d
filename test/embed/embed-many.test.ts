import { describe, expect, it } from "vitest";
import { embedMany, embedQueue } from "../../src/embed/embed-many.js";
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
