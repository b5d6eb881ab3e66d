import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestProgressHandler, type Progress } from "../../src/cli/progress.js";
import { ingest, openStore, type Embedder, type IngestProgress } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";

const para = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `Paragraph ${i} about ${topic}. ${"Words fill the space here. ".repeat(6)}`).join("\n\n");

/** Small batches, so a round takes several embedding calls. */
function smallBatches(): Embedder {
  return { ...hashEmbedder({ dimensions: 16 }), maxBatchSize: 4 };
}

describe("ingest progress: chunk counts", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ingest-progress-"));
    for (let i = 0; i < 6; i++) writeFileSync(join(dir, `doc-${i}.md`), `# Doc ${i}\n\n${para(`topic ${i}`, 6)}`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("every event carries running chunk counts that only grow and end at the report's", async () => {
    const store = await openStore({ url: ":memory:" });
    try {
      const col = await store.collection("progress", { dimensions: 16 });
      const events: IngestProgress[] = [];
      const options = { collection: col, embedder: smallBatches(), sources: [dir], root: dir, chunking: { size: 200, overlap: 0 }, groupSize: 16 };
      const report = await ingest({ ...options, onProgress: (e) => events.push(e) });
      expect(report.documents.added).toBe(6);
      for (const [i, e] of events.entries()) {
        const before = events[i - 1]?.chunks ?? { total: 0, embedded: 0, cached: 0, written: 0 };
        for (const key of ["total", "embedded", "cached", "written"] as const)
          expect(e.chunks[key], `${key} at event ${i}`).toBeGreaterThanOrEqual(before[key]);
        expect(e.chunks.embedded + e.chunks.cached).toBeLessThanOrEqual(e.chunks.total);
        expect(e.chunks.written).toBeLessThanOrEqual(e.chunks.embedded + e.chunks.cached);
      }
      const last = events.at(-1)!;
      expect(last.stage).toBe("done");
      expect(last.chunks).toEqual({
        total: report.chunks.written,
        embedded: report.chunks.embedded,
        cached: report.chunks.cached,
        written: report.chunks.written,
      });
      // Embedding moves the counts before the first document is written, one call (of at most 4 chunks) at a time.
      const beforeFirstWrite = events.slice(
        0,
        events.findIndex((e) => e.stage === "write"),
      );
      const embeddedSoFar = [...new Set(beforeFirstWrite.map((e) => e.chunks.embedded))];
      expect(embeddedSoFar.length).toBeGreaterThan(3);
      expect(Math.max(...embeddedSoFar.slice(1).map((n, i) => n - embeddedSoFar[i]!))).toBeLessThanOrEqual(4);
      // Documents done count up on write events.
      const writes = events.filter((e) => e.stage === "write").map((e) => e.done);
      expect(writes).toEqual([...writes].sort((a, b) => a - b));
      expect(writes.at(-1)).toBe(6);

      // A second run has nothing to embed: the counts stay at zero.
      const again: IngestProgress[] = [];
      await ingest({ ...options, onProgress: (e) => again.push(e) });
      expect(again.every((e) => e.chunks.total === 0 && e.chunks.written === 0)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("the CLI's bar counts chunks during embedding instead of sitting at 0 documents", async () => {
    const store = await openStore({ url: ":memory:" });
    try {
      const col = await store.collection("bar", { dimensions: 16 });
      const updates: Array<{ label: string; done: number; total: number; unit: string; detail: string }> = [];
      let stopped = 0;
      const progress: Progress = {
        update: (label, done, total, unit, detail = "") => updates.push({ label, done, total, unit, detail }),
        stop: () => void (stopped += 1),
      };
      const report = await ingest({
        collection: col,
        embedder: smallBatches(),
        sources: [dir],
        root: dir,
        chunking: { size: 200, overlap: 0 },
        onProgress: ingestProgressHandler(progress),
      });
      const chunkUpdates = updates.filter((u) => u.unit === "chunks");
      // Before any document is written, the bar already moves through the chunks being embedded.
      const embedding = chunkUpdates.filter((u) => u.detail.includes(" 0/6 docs"));
      expect(new Set(embedding.map((u) => u.done)).size).toBeGreaterThan(3);
      expect(embedding.every((u) => u.label === "embed" || u.label === "write")).toBe(true);
      const last = chunkUpdates.at(-1)!;
      expect(last).toEqual({
        label: "ingest",
        done: report.chunks.written,
        total: report.chunks.written,
        unit: "chunks",
        detail: `, ${report.chunks.written} written, 6/6 docs`,
      });
      expect(stopped).toBe(1);
    } finally {
      await store.close();
    }
  });
});
