import { describe, expect, it } from "vitest";
import { createRag, type Embedder } from "../../src/index.js";
import { embeddingText, embedQuestion } from "../../src/embed/question.js";
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

/** A hash embedder that records every text it embeds. */
function recording(): { embedder: Embedder; texts: string[] } {
  const inner = hashEmbedder({ dimensions: 16 });
  const texts: string[] = [];
  return {
    texts,
    embedder: {
      id: inner.id,
      dimensions: inner.dimensions,
      embed(batch, options) {
        texts.push(...batch);
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
});

describe("embedQuestion: how every search entry point embeds a question", () => {
  it("embeds the question's embeddingText (the text as given with stripLeadIn: false) and reports an embedder that returns no vector", async () => {
    const { embedder, texts } = recording();
    expect((await embedQuestion(embedder, "What is a virtual table?")).length).toBe(16);
    await embedQuestion(embedder, "What is a virtual table?", { stripLeadIn: false });
    expect(texts).toEqual(["a virtual table", "What is a virtual table?"]);
    const empty: Embedder = { id: "empty", dimensions: 16, embed: async () => [] };
    await expect(embedQuestion(empty, "What is a virtual table?")).rejects.toBeRagError("EMBEDDING_FAILED");
  });
});
