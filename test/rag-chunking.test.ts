import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import { describe, expect, it } from "vitest";
import { createRag, type ChunkingOptions, type Embedder } from "../src/index.js";
import { hashEmbedder } from "../src/testing/index.js";

/** The hash embedder with an input window, as USE lite states its 128 tokens, remembering every text it was given. */
function windowedEmbedder(maxInputTokens?: number): Embedder & { seen: string[] } {
  const base = hashEmbedder({ dimensions: 16 });
  const seen: string[] = [];
  return { ...base, ...(maxInputTokens ? { maxInputTokens } : {}), seen, embed: async (texts: string[]) => (seen.push(...texts), base.embed(texts)) };
}

/** Eight sections of prose, each longer than any chunk size below. */
const page = Array.from(
  { length: 8 },
  (_, s) => `## Section ${s}\n\n${Array.from({ length: 30 }, (_, i) => `Sentence ${i} of section ${s} says a little more.`).join(" ")}`,
).join("\n\n");

/** The texts the embedder was given for a page ingested by `createRag` with these options. */
async function embeddedTexts(embedder: Embedder & { seen: string[] }, chunking?: ChunkingOptions): Promise<string[]> {
  const rag = await createRag({ url: ":memory:", embedder, ...(chunking ? { chunking } : {}) });
  try {
    await rag.ingest([{ id: "guide.md", content: `# Guide\n\n${page}`, format: "markdown" }]);
  } finally {
    await rag.close();
  }
  return embedder.seen;
}

const longest = (texts: string[]) => Math.max(...texts.map((t) => t.length));

describe("createRag: chunks fitted to the embedder's input window", () => {
  it("says the chunking it ingests with, fitted and given", async () => {
    const chunkingOf = async (chunking?: ChunkingOptions) => {
      const rag = await createRag({ url: ":memory:", embedder: windowedEmbedder(128), ...(chunking ? { chunking } : {}) });
      await rag.close();
      return rag.chunking;
    };
    expect(await chunkingOf()).toEqual({ size: 448, overlap: 56, unit: "characters", contextHeader: true });
    expect(await chunkingOf({ contextHeader: false, overlap: 10 })).toEqual({ size: 448, overlap: 10, unit: "characters", contextHeader: false });
    expect(await chunkingOf({ unit: "tokens" })).toEqual({ size: 128, overlap: 16, unit: "tokens", contextHeader: true });
    // A long window (OpenAI's 8,192 tokens) gives 1000 characters, or their worth in tokens.
    const rag = await createRag({ url: ":memory:", embedder: windowedEmbedder(8192), chunking: { unit: "tokens" } });
    await rag.close();
    expect(rag.chunking).toMatchObject({ size: 285, overlap: 35, unit: "tokens" });
  });

  it("sizes chunks by the window, at 3.5 characters a token, when no chunking is given", async () => {
    const texts = await embeddedTexts(windowedEmbedder(128));
    expect(longest(texts)).toBeLessThanOrEqual(448);
    expect(longest(texts)).toBeGreaterThan(380);
    expect(texts.filter((t) => t.startsWith("Guide › Section ")).length).toBeGreaterThan(8);
  });

  it("keeps the fitted size when only other options are given: the context header off, an overlap", async () => {
    const noHeader = await embeddedTexts(windowedEmbedder(128), { contextHeader: false });
    expect(noHeader.some((t) => t.startsWith("Guide › Section "))).toBe(false);
    // Not the chunker's 1000 characters, eight times what the model reads.
    expect(longest(noHeader)).toBeLessThanOrEqual(448);
    expect(longest(await embeddedTexts(windowedEmbedder(128), { overlap: 20 }))).toBeLessThanOrEqual(448);
  });

  it("takes a size given, and sizes token chunks by the window's tokens", async () => {
    expect(longest(await embeddedTexts(windowedEmbedder(128), { size: 250 }))).toBeLessThanOrEqual(250);
    const tokens = await embeddedTexts(windowedEmbedder(64), { unit: "tokens" });
    const tokenizer = new Tiktoken(cl100k);
    const counts = tokens.map((t) => tokenizer.encode(t, [], []).length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(64);
    expect(Math.max(...counts)).toBeGreaterThan(40);
  });

  it("falls back to the chunker's defaults for an embedder that states no window", async () => {
    const texts = await embeddedTexts(windowedEmbedder());
    expect(longest(texts)).toBeLessThanOrEqual(1000);
    expect(longest(texts)).toBeGreaterThan(448);
  });
});
