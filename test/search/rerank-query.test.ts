import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createRag, type Reranker } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const embedder = hashEmbedder({ dimensions: 32 });
/** Scores a passage by its length: an order no search mode would produce. */
const byLength: Reranker = { id: "test:length", rerank: async (_query, documents) => documents.map((d) => d.length) };

const docs = ["wal mode", "wal mode lets readers run", "wal mode lets readers and a writer run at once", "vacuum rebuilds the file"];

describeEachTarget("collection.query: rerank", (target) => {
  it("orders the first topN candidates by the reranker, whose score is returned", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("rr"), { dimensions: 32 });
      const vectors = await embedder.embed(docs);
      await col.upsert(docs.map((content, i) => ({ id: `d${i}`, content, vector: vectors[i]! })));
      const [query] = await embedder.embed(["wal mode"]);
      const plain = await col.query({ text: "wal mode", vector: query!, topK: 3 });
      expect(plain[0]!.id).toBe("d0");
      const reranked = await col.query({ text: "wal mode", vector: query!, topK: 2, rerank: { reranker: byLength, topN: 3 } });
      expect(reranked.map((h) => h.id)).toEqual(["d2", "d1"]);
      expect(reranked.map((h) => h.score)).toEqual([docs[2]!.length, docs[1]!.length]);
      expect(reranked.explain.rerank).toEqual({ reranker: "test:length", candidates: 3 });
      await expect(col.query({ text: "wal", vector: query!, topK: 3, rerank: { reranker: byLength, topN: 2 } })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.query({ text: "wal", vector: query!, mmr: true, rerank: { reranker: byLength } })).rejects.toBeRagError("INVALID_ARGUMENT");
      await expect(col.query({ vector: query!, rerank: { reranker: byLength } })).rejects.toBeRagError("INVALID_ARGUMENT");
    });
  });

  it("reranks rag.search results", async () => {
    const rag = await createRag({ ...target.options(), collection: uniqueName("rr"), embedder });
    try {
      await rag.ingest(docs.map((content, i) => ({ id: `doc${i}`, content })));
      const hits = await rag.search("wal mode", { topK: 1, rerank: { reranker: byLength, topN: 4 } });
      expect(hits.map((h) => h.content)).toEqual([docs[2]]);
    } finally {
      await rag.close();
    }
  });

  it("gives the reranker each hit under its page's title and headings, unless contextHeader is false", async () => {
    const rag = await createRag({ ...target.options(), collection: uniqueName("rr"), embedder });
    try {
      const folder = mkdtempSync(join(tmpdir(), "libsql-rag-rerank-"));
      const markdown = "# Write-Ahead Logging\n\n## Checkpoints\n\nA checkpoint moves pages from the WAL file back into the database.\n";
      writeFileSync(join(folder, "wal.md"), markdown);
      await rag.ingest(join(folder, "wal.md"));
      rmSync(folder, { recursive: true });
      const seen: string[][] = [];
      const recording: Reranker = { id: "test:recording", rerank: async (_query, documents) => (seen.push(documents), documents.map(() => 1)) };
      await rag.search("checkpoint", { mode: "keyword", topK: 1, rerank: { reranker: recording } });
      await rag.search("checkpoint", { mode: "keyword", topK: 1, rerank: { reranker: recording, contextHeader: false } });
      // One chunk: its passage is the page's text, heading lines and all.
      const passage = markdown.trim();
      expect(seen).toEqual([[`Write-Ahead Logging › Checkpoints\n\n${passage}`], [passage]]);
    } finally {
      await rag.close();
    }
  });
});
