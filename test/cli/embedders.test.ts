import { afterEach, describe, expect, it, vi } from "vitest";
import { chooseEmbedder, parseEmbedderSpec } from "../../src/cli/embedders.js";
import type { CollectionInfo } from "../../src/index.js";

const info = (embedderId: string | null, dimensions: number): Pick<CollectionInfo, "name" | "dimensions" | "embedderId"> => ({
  name: "docs",
  dimensions,
  embedderId,
});

describe("cli: --embedder specs", () => {
  it("reads flag forms and recorded ids", () => {
    expect(parseEmbedderSpec("use-lite")).toEqual({ kind: "use-lite" });
    expect(parseEmbedderSpec("use-lite-512")).toEqual({ kind: "use-lite" });
    expect(parseEmbedderSpec("hash:64")).toEqual({ kind: "hash", dimensions: 64 });
    expect(parseEmbedderSpec("hash-128")).toEqual({ kind: "hash", dimensions: 128 });
    expect(parseEmbedderSpec("openai:text-embedding-3-small")).toEqual({ kind: "openai", model: "text-embedding-3-small" });
    expect(parseEmbedderSpec("openai:text-embedding-3-large@256")).toEqual({ kind: "openai", model: "text-embedding-3-large", dimensions: 256 });
    for (const bad of ["bert", "hash:1", "hash:x", "openai:", "use-lite-256", ""]) expect(parseEmbedderSpec(bad), bad).toBeUndefined();
  });
});

describe("cli: chooseEmbedder", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("prefers --embedder, then the collection's recorded embedder, then use-lite", async () => {
    expect((await chooseEmbedder({ flag: { kind: "hash", dimensions: 32 }, collection: info("hash-64", 64), workload: "query" })).id).toBe("hash-32");
    expect((await chooseEmbedder({ collection: info("hash-64", 64), workload: "query" })).id).toBe("hash-64");
    const lite = await chooseEmbedder({ collection: info(null, 512), workload: "query" });
    expect(lite.id).toBe("use-lite-512");
    await lite.close?.();
  });

  it("rebuilds an OpenAI embedder whose id matches the recorded one", async () => {
    vi.stubEnv("OPENAI_API_KEY", "sk-test");
    const native = await chooseEmbedder({ collection: info("openai:text-embedding-3-small", 1536), workload: "query" });
    expect([native.id, native.dimensions]).toEqual(["openai:text-embedding-3-small", 1536]);
    const shortened = await chooseEmbedder({ collection: info("openai:text-embedding-3-large@256", 256), workload: "query" });
    expect([shortened.id, shortened.dimensions]).toEqual(["openai:text-embedding-3-large@256", 256]);
    const local = await chooseEmbedder({ collection: info("openai:nomic-embed-text", 768), workload: "query" });
    expect([local.id, local.dimensions]).toEqual(["openai:nomic-embed-text", 768]);
  });

  it("refuses a recorded embedder it cannot build", async () => {
    await expect(chooseEmbedder({ collection: info("my-custom-model", 384), workload: "query" })).rejects.toThrow(/my-custom-model.*--embedder/);
  });
});
