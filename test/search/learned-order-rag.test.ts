import { afterAll, beforeAll, expect, it } from "vitest";
import { createRag, type Rag } from "../../src/index.js";

// The default pipeline as a user meets it: createRag with the offline embedder, rag.search with no options.
let rag: Rag;
beforeAll(async () => {
  rag = await createRag({ url: ":memory:" });
  const report = await rag.ingest([
    {
      id: "wal.md",
      content: "# Write-Ahead Logging\n\n## Checkpoints\n\nA checkpoint copies the pages of the write-ahead log back into the database file.",
      metadata: { source: "wal.md" },
    },
    {
      id: "vacuum.md",
      content: "# VACUUM\n\nVACUUM rebuilds the database file, repacking it into a minimal amount of disk space.",
      metadata: { source: "vacuum.md" },
    },
    {
      id: "locks.md",
      content: "# File locking\n\nA writer takes a reserved lock, then an exclusive lock to commit a transaction.",
      metadata: { source: "locks.md" },
    },
  ]);
  expect(report.failures).toEqual([]);
}, 60_000);
afterAll(async () => {
  await rag?.close();
});

it("rag.search with no options orders hybrid's pages by the learned order", async () => {
  const hits = await rag.search("how do I move the log's pages back into the database?");
  expect(rag.collection.info.embedderId).toBe("use-lite-512");
  expect(hits.explain.notes).toContain("pages in the learned order");
  expect(hits[0]!.documentId).toBe("wal.md");
  const fused = await rag.search("how do I move the log's pages back into the database?", { hybrid: { pageOrder: "fused" } });
  expect(fused.explain.notes).not.toContain("pages in the learned order");
  expect(new Set(fused.map((h) => h.id))).toEqual(new Set(hits.map((h) => h.id)));
});
