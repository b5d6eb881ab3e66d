import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ingest, openStore, type Embedder, type IngestProgress } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../helpers/targets.js";

function countingEmbedder(dimensions = 32): Embedder & { calls: number; texts: number } {
  const base = hashEmbedder({ dimensions });
  const e = {
    ...base,
    calls: 0,
    texts: 0,
    async embed(texts: string[]) {
      e.calls += 1;
      e.texts += texts.length;
      return base.embed(texts);
    },
  };
  return e;
}

const para = (topic: string, n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i} about ${topic}. ${"Words fill the space here. ".repeat(6)}`).join("\n\n");

describeEachTarget("ingest pipeline", (target) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ingest-"));
    mkdirSync(join(dir, "a"));
    mkdirSync(join(dir, "b"));
    writeFileSync(join(dir, "a", "readme.md"), `# Alpha\n\n${para("alpha", 4)}\n\n## Details\n\n${para("alpha details", 3)}`);
    writeFileSync(join(dir, "b", "readme.md"), `# Beta\n\n${para("beta", 3)}`);
    writeFileSync(join(dir, "page.html"), `<html><head><title>Page</title><script>var x = "secret script";</script></head><body><nav>Menu Home</nav><h1>Gamma</h1><p>${para("gamma", 2)}</p></body></html>`);
    writeFileSync(join(dir, "notes.txt"), para("notes", 2));
    writeFileSync(join(dir, "records.jsonl"), [{ id: "r1", text: "first record about delta", lang: "en" }, { id: "r2", text: "second record about epsilon", lang: "fr" }].map((r) => JSON.stringify(r)).join("\n"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("ingests every format, keys documents by path, and skips unchanged ones without embedding", async () => {
    await withStore(target, async (store) => {
      const embedder = countingEmbedder();
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const events: IngestProgress[] = [];
      const first = await ingest({ collection: col, embedder, sources: [dir], root: dir, chunking: { size: 300, overlap: 30 }, onProgress: (e) => events.push(e) });
      expect(first.documents).toEqual({ added: 6, updated: 0, unchanged: 0, removed: 0, failed: 0 });
      expect(first.chunks.written).toBeGreaterThan(6);
      expect(await col.count()).toBe(first.chunks.written);
      expect(new Set(events.map((e) => e.stage))).toEqual(new Set(["scan", "load", "embed", "write", "done"]));
      const docIds = new Set((await col.list({ limit: 1000 })).map((r) => r.documentId));
      expect(docIds).toEqual(new Set(["a/readme.md", "b/readme.md", "page.html", "notes.txt", "records.jsonl#r1", "records.jsonl#r2"]));
      const [chunk] = await col.list({ filter: { documentId: "a/readme.md", chunkIndex: 0 } });
      expect(chunk!.metadata).toMatchObject({ source: "a/readme.md", title: "Alpha", chunkIndex: 0, headings: ["Alpha"] });
      expect(typeof chunk!.metadata.startOffset).toBe("number");
      expect((await col.list({ filter: { documentId: "records.jsonl#r2" } }))[0]!.metadata.lang).toBe("fr");
      const html = await col.list({ filter: { documentId: "page.html" } });
      expect(html.map((c) => c.content).join(" ")).not.toMatch(/secret script|Menu Home/);

      const callsBefore = embedder.calls;
      const second = await ingest({ collection: col, embedder, sources: [dir], root: dir, chunking: { size: 300, overlap: 30 } });
      expect(second.documents).toEqual({ added: 0, updated: 0, unchanged: 6, removed: 0, failed: 0 });
      expect(second.chunks).toEqual({ written: 0, embedded: 0, cached: 0, removed: 0 });
      expect(embedder.calls).toBe(callsBefore);
    });
  });

  it("replaces a changed document's chunks, re-embeds only changed chunks, and prunes deleted sources", async () => {
    await withStore(target, async (store) => {
      const embedder = countingEmbedder();
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const opts = { collection: col, embedder, root: dir, chunking: { size: 300, overlap: 30 } };
      await ingest({ ...opts, sources: [dir] });
      const before = await col.list({ filter: { documentId: "a/readme.md" }, limit: 1000 });
      writeFileSync(join(dir, "a", "readme.md"), `# Alpha\n\n${para("alpha", 2)}\n\nA brand new closing paragraph about zebras.`);
      unlinkSync(join(dir, "notes.txt"));
      writeFileSync(join(dir, "records.jsonl"), JSON.stringify({ id: "r1", text: "first record about delta", lang: "en" }));
      const texts = embedder.texts;
      const report = await ingest({ ...opts, sources: [dir], prune: true });
      expect(report.documents).toMatchObject({ updated: 1, removed: 2, failed: 0 });
      expect(report.documents.unchanged).toBe(3);
      const after = await col.list({ filter: { documentId: "a/readme.md" }, limit: 1000 });
      expect(after.length).toBeLessThan(before.length);
      expect(after.map((c) => c.id)).toEqual(after.map((_, i) => `a/readme.md#${i}`).sort());
      expect(after.some((c) => c.content.includes("zebras"))).toBe(true);
      expect(report.chunks.cached).toBeGreaterThan(0);
      expect(embedder.texts - texts).toBe(report.chunks.embedded);
      expect(report.chunks.embedded).toBeLessThan(after.length);
      expect(await col.count({ filter: { documentId: "notes.txt" } })).toBe(0);
      expect(await col.count({ filter: { documentId: "records.jsonl#r2" } })).toBe(0);
      expect(await col.count({ filter: { documentId: "records.jsonl#r1" } })).toBe(1);
      const hits = await col.query({ text: "zebras", mode: "keyword" });
      expect(hits[0]!.documentId).toBe("a/readme.md");
      expect(await col.query({ text: "notes", mode: "keyword", filter: { documentId: "notes.txt" } })).toEqual([]);
    });
  });

  it("reports bad, empty and binary files and missing paths, writing nothing for them", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      writeFileSync(join(dir, "empty.txt"), "   \n");
      writeFileSync(join(dir, "binary.txt"), Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 0, 7]));
      writeFileSync(join(dir, "broken.jsonl"), `{"id":"x","text":"ok"}\n{not json`);
      writeFileSync(join(dir, "image.png"), Buffer.from([137, 80, 78, 71]));
      const report = await ingest({ collection: col, embedder: countingEmbedder(), root: dir, sources: [dir, join(dir, "image.png"), join(dir, "nope.md"), { id: "mem", content: "in memory text", metadata: { kind: "memo" } }] });
      expect(report.documents.added).toBe(7);
      expect(report.documents.failed).toBe(5);
      const reasons = report.failures.map((f) => `${f.code} ${f.source}`).join("\n");
      for (const name of ["empty.txt", "binary.txt", "broken.jsonl", "image.png", "nope.md"]) expect(reasons).toContain(name);
      expect(report.failures.every((f) => f.code === "LOAD_FAILED")).toBe(true);
      expect(await col.count({ filter: { documentId: { $in: ["empty.txt", "binary.txt", "broken.jsonl#x", "broken.jsonl#0"] } } })).toBe(0);
      expect((await col.list({ filter: { documentId: "mem" } }))[0]!.metadata.kind).toBe("memo");
    });
  });

  it("refuses an embedder that does not match the collection", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32, embedderId: "other" });
      await expect(ingest({ collection: col, embedder: countingEmbedder(), sources: [dir] })).rejects.toBeRagError("EMBEDDER_MISMATCH");
      const col2 = await store.collection(uniqueName(), { dimensions: 16 });
      await expect(ingest({ collection: col2, embedder: countingEmbedder(32), sources: [dir] })).rejects.toBeRagError("DIMENSION_MISMATCH");
    });
  });
});

describeEachTarget("ingest after deletes", (target) => {
  it("a document whose chunks were deleted by hand is written again by the next ingest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ingest-del-"));
    try {
      writeFileSync(join(dir, "one.md"), `# One\n\n${para("one", 4)}`);
      writeFileSync(join(dir, "two.md"), `# Two\n\n${para("two", 4)}`);
      await withStore(target, async (store) => {
        const col = await store.collection(uniqueName(), { dimensions: 32 });
        const opts = { collection: col, embedder: countingEmbedder(), sources: [dir], root: dir, chunking: { size: 300, overlap: 30 } };
        const first = await ingest(opts);
        const total = first.chunks.written;
        await col.delete({ ids: ["one.md#0"] });
        await col.delete({ filter: { documentId: "two.md", chunkIndex: { $gte: 1 } } });
        const again = await ingest(opts);
        expect(again.documents).toMatchObject({ added: 2, unchanged: 0 });
        expect(await col.count()).toBe(total);
        expect(again.chunks.embedded).toBe(0);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it("embeds an earlier round's chunks before the next round's, so rounds finish (and are written) in turn", async () => {
  const store = await openStore({ url: ":memory:" });
  try {
    const col = await store.collection("rounds", { dimensions: 16 });
    const base = hashEmbedder({ dimensions: 16 });
    const starts: string[] = [];
    // Two calls at once, two texts each, a little latency: rounds overlap, as with worker threads.
    const embedder: Embedder = {
      ...base,
      maxBatchSize: 2,
      maxConcurrency: 2,
      async embed(texts) {
        starts.push(...texts.map((text) => text.slice(0, 6)));
        await new Promise((resolve) => setTimeout(resolve, 5));
        return base.embed(texts);
      },
    };
    const documents = Array.from({ length: 6 }, (_, d) => ({
      id: `doc${d}`,
      content: Array.from({ length: 6 }, (_, p) => `doc${d} p${p} ${"words about the topic of this paragraph ".repeat(4)}`).join("\n\n"),
    }));
    const report = await ingest({ collection: col, embedder, sources: documents, chunking: { size: 200, overlap: 0 }, groupSize: 6 });
    expect(report.documents.added).toBe(6);
    // Document order of first appearance equals the documents' order: no round's chunks start before an
    // earlier round's are all under way.
    const firstSeen = [...new Set(starts.map((s) => s.slice(0, 4)))];
    expect(firstSeen).toEqual(documents.map((d) => d.id));
    const lastOf = (id: string) => starts.lastIndexOf(starts.filter((s) => s.startsWith(id)).at(-1)!);
    const firstOf = (id: string) => starts.findIndex((s) => s.startsWith(id));
    for (let d = 1; d < documents.length; d++) expect(firstOf(`doc${d}`)).toBeGreaterThan(lastOf(`doc${d - 1}`));
  } finally {
    await store.close();
  }
});
