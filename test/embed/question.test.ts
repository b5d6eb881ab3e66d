import { describe, expect, it } from "vitest";
import { createRag, type Embedder } from "../../src/index.js";
import { embeddingText, embedQuestion, meanDirection, questionTexts } from "../../src/embed/question.js";
import { hashEmbedder } from "../../src/testing/index.js";

describe("embeddingText: the text embedded for a question", () => {
  it("drops an English question's lead-in and question mark", () => {
    expect(embeddingText("How do I turn on write-ahead logging?")).toBe("turn on write-ahead logging");
    expect(embeddingText("how can you copy a file")).toBe("copy a file");
    expect(embeddingText("What is a virtual table?")).toBe("a virtual table");
    expect(embeddingText("What's the limit on columns??")).toBe("the limit on columns");
    expect(embeddingText("Is there a way to read a zip file?")).toBe("read a zip file");
    expect(embeddingText("Does SQLite support window functions?")).toBe("SQLite support window functions");
    expect(embeddingText("  Which pragma sets the page size?  ")).toBe("pragma sets the page size");
  });

  it("leaves other text as it is, and never returns nothing", () => {
    expect(embeddingText("PRAGMA journal_mode")).toBe("PRAGMA journal_mode");
    expect(embeddingText("howto pages")).toBe("howto pages"); // a word that begins like a lead-in
    expect(embeddingText("Wie öffne ich eine Datei?")).toBe("Wie öffne ich eine Datei");
    expect(embeddingText("How do I?")).toBe("How do I?");
    expect(embeddingText("?")).toBe("?");
  });
});

describe("questionTexts: what each search mode embeds of a question", () => {
  it("vector mode embeds the question's content words beside it; hybrid and keyword the question alone", () => {
    const question = "How do I turn on write-ahead logging?";
    expect(questionTexts(question, { mode: "vector" })).toEqual(["turn on write-ahead logging", "turn write ahead logging"]);
    // stripLeadIn: false embeds the text exactly as given, alone, in every mode (a model's own "query: " prefix).
    expect(questionTexts(`query: ${question}`, { mode: "vector", stripLeadIn: false })).toEqual([`query: ${question}`]);
    expect(questionTexts(question)).toEqual(["turn on write-ahead logging"]);
    expect(questionTexts(question, { mode: "hybrid" })).toEqual(["turn on write-ahead logging"]);
  });

  it("embeds one text when the content words are the text itself, and keeps a question of stopwords alone", () => {
    expect(questionTexts("reclaim free pages", { mode: "vector" })).toEqual(["reclaim free pages"]);
    expect(questionTexts("to be or to be", { mode: "vector" })).toEqual(["to be or to be", "to be or"]);
    expect(questionTexts("?", { mode: "vector" })).toEqual(["?"]);
  });
});

describe("meanDirection", () => {
  it("weighs each vector's direction alike whatever its length, at their mean length", () => {
    const mean = meanDirection([new Float32Array([10, 0]), [0, 0.5]]);
    expect(mean[0]).toBeCloseTo(5.25 * Math.SQRT1_2, 5);
    expect(mean[1]).toBeCloseTo(5.25 * Math.SQRT1_2, 5);
    expect(Array.from(meanDirection([[3, 4]]))).toEqual([3, 4]);
    expect(
      Math.hypot(
        ...meanDirection([
          [1, 0, 0],
          [0, 0.6, 0.8],
        ]),
      ),
    ).toBeCloseTo(1, 6);
  });

  it("leaves vectors of zeros as zeros rather than dividing by zero, and refuses vectors of different sizes", () => {
    const zeros = [0, 0];
    expect(Array.from(meanDirection([zeros, zeros]))).toEqual([0, 0]);
    expect(Array.from(meanDirection([zeros, [0, 2]]))).toEqual([0, 1]);
    expect(() => meanDirection([zeros, [1, 0, 0]])).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    expect(() => meanDirection([])).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
  });
});

/** A hash embedder that records every text it embeds, and each call's batch. */
function recording(): { embedder: Embedder; texts: string[]; batches: string[][] } {
  const inner = hashEmbedder({ dimensions: 16 });
  const texts: string[] = [];
  const batches: string[][] = [];
  return {
    texts,
    batches,
    embedder: {
      id: inner.id,
      dimensions: inner.dimensions,
      embed(batch, options) {
        texts.push(...batch);
        batches.push([...batch]);
        return inner.embed(batch, options);
      },
    },
  };
}

describe("rag.search embeds the question without its lead-in", () => {
  it("by default, and as given with stripLeadIn: false; the keyword side always sees the text as given", async () => {
    const { embedder, texts } = recording();
    const rag = await createRag({ url: ":memory:", embedder });
    try {
      await rag.ingest([{ id: "wal", content: "Write-ahead logging is turned on with PRAGMA journal_mode=WAL." }]);
      texts.length = 0;
      const hits = await rag.search("How do I turn on write-ahead logging?", { topK: 1 });
      expect(texts).toEqual(["turn on write-ahead logging"]);
      expect(hits[0]!.documentId).toBe("wal");
      texts.length = 0;
      await rag.search("How do I turn on write-ahead logging?", { topK: 1, stripLeadIn: false });
      expect(texts).toEqual(["How do I turn on write-ahead logging?"]);
      // Keyword mode embeds nothing; "how" and "do" are stopwords there, so the text is matched as given.
      texts.length = 0;
      const keyword = await rag.search("How do I turn on write-ahead logging?", { topK: 1, mode: "keyword" });
      expect(texts).toEqual([]);
      expect(keyword[0]!.documentId).toBe("wal");
      await expect(rag.search("x", { stripLeadIn: "yes" as unknown as boolean })).rejects.toBeRagError("INVALID_ARGUMENT");
    } finally {
      await rag.close();
    }
  });

  it("in vector mode, with the question's content words, in one call, and ranks by the mean of their vectors", async () => {
    const { embedder, batches } = recording();
    const rag = await createRag({ url: ":memory:", embedder });
    try {
      await rag.ingest(["wal", "vacuum", "fts", "json"].map((id) => ({ id, content: `${id} is described on this page, with examples of ${id}.` })));
      batches.length = 0;
      const question = "How do I turn on write-ahead logging?";
      const hits = await rag.search(question, { topK: 4, mode: "vector" });
      expect(batches).toEqual([["turn on write-ahead logging", "turn write ahead logging"]]);
      const mean = meanDirection(await embedder.embed(batches[0]!));
      const expected = await rag.collection.query({ vector: mean, topK: 4, documents: true });
      expect(hits.map((h) => [h.id, h.score])).toEqual(expected.map((h) => [h.id, h.score]));
    } finally {
      await rag.close();
    }
  });
});

describe("embedQuestion: how every search entry point embeds a question", () => {
  it("embeds the question's embeddingText (the text as given with stripLeadIn: false) and reports an embedder that returns no vector", async () => {
    const { embedder, texts } = recording();
    expect((await embedQuestion(embedder, "What is a virtual table?")).length).toBe(16);
    await embedQuestion(embedder, "What is a virtual table?", { stripLeadIn: false });
    expect(texts).toEqual(["a virtual table", "What is a virtual table?"]);
    const empty: Embedder = { id: "empty", dimensions: 16, embed: async () => [] };
    await expect(embedQuestion(empty, "What is a virtual table?")).rejects.toBeRagError("EMBEDDING_FAILED");
    // Vector mode asks for two vectors in one call; one back is the embedder's failure, named as such.
    const one: Embedder = { id: "one", dimensions: 16, embed: async () => [new Float32Array(16).fill(1)] };
    await expect(embedQuestion(one, "What is a virtual table?", { mode: "vector" })).rejects.toThrow(/expected 2 vectors of 16 numbers, got 1 vectors/);
    expect(await embedQuestion(one, "What is a virtual table?", { mode: "hybrid" })).toHaveLength(16);
    // A vector of another size than the embedder's is its failure too, whether it comes alone or second.
    const short: Embedder = { id: "short", dimensions: 16, embed: async (texts) => texts.map((_, i) => new Float32Array(i === 0 ? 16 : 8).fill(1)) };
    await expect(embedQuestion(short, "What is a virtual table?", { mode: "vector" })).rejects.toThrow(/expected 2 vectors of 16 numbers, got a vector of 8/);
    const wide: Embedder = { id: "wide", dimensions: 16, embed: async () => [new Float32Array(32)] };
    const missing: Embedder = { id: "missing", dimensions: 16, embed: async (texts) => texts.map((_, i) => (i === 0 ? new Float32Array(16) : undefined!)) };
    await expect(embedQuestion(missing, "What is a virtual table?", { mode: "vector" })).rejects.toThrow(
      /expected 2 vectors of 16 numbers, got an empty vector/,
    );
    const none: Embedder = { id: "none", dimensions: 16, embed: async () => [undefined!] };
    await expect(embedQuestion(none, "What is a virtual table?")).rejects.toBeRagError("EMBEDDING_FAILED");
    await expect(embedQuestion(wide, "What is a virtual table?")).rejects.toBeRagError("EMBEDDING_FAILED");
  });
});
