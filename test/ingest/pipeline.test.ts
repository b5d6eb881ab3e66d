import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ingest, openStore, type Embedder, type IngestProgress } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

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

const para = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `Paragraph ${i} about ${topic}. ${"Words fill the space here. ".repeat(6)}`).join("\n\n");

describeEachTarget("ingest pipeline", (target) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ingest-"));
    mkdirSync(join(dir, "a"));
    mkdirSync(join(dir, "b"));
    writeFileSync(join(dir, "a", "readme.md"), `# Alpha\n\n${para("alpha", 4)}\n\n## Details\n\n${para("alpha details", 3)}`);
    writeFileSync(join(dir, "b", "readme.md"), `# Beta\n\n${para("beta", 3)}`);
    writeFileSync(
      join(dir, "page.html"),
      `<html><head><title>Page</title><script>var x = "secret script";</script></head><body><nav>Menu Home</nav><h1>Gamma</h1><p>${para("gamma", 2)}</p></body></html>`,
    );
    writeFileSync(join(dir, "notes.txt"), para("notes", 2));
    writeFileSync(
      join(dir, "records.jsonl"),
      [
        { id: "r1", text: "first record about delta", lang: "en" },
        { id: "r2", text: "second record about epsilon", lang: "fr" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("ingests every format, keys documents by path, and skips unchanged ones without embedding", async () => {
    await withStore(target, async (store) => {
      const embedder = countingEmbedder();
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const events: IngestProgress[] = [];
      const first = await ingest({
        collection: col,
        embedder,
        sources: [dir],
        root: dir,
        chunking: { size: 300, overlap: 30 },
        onProgress: (e) => events.push(e),
      });
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
      const report = await ingest({
        collection: col,
        embedder: countingEmbedder(),
        root: dir,
        sources: [dir, join(dir, "image.png"), join(dir, "nope.md"), { id: "mem", content: "in memory text", metadata: { kind: "memo" } }],
      });
      expect(report.documents.added).toBe(7);
      expect(report.documents.failed).toBe(5);
      const reasons = report.failures.map((f) => `${f.code} ${f.source}`).join("\n");
      for (const name of ["empty.txt", "binary.txt", "broken.jsonl", "image.png", "nope.md"]) expect(reasons).toContain(name);
      expect(report.failures.every((f) => f.code === "LOAD_FAILED")).toBe(true);
      expect(await col.count({ filter: { documentId: { $in: ["empty.txt", "binary.txt", "broken.jsonl#x", "broken.jsonl#0"] } } })).toBe(0);
      expect((await col.list({ filter: { documentId: "mem" } }))[0]!.metadata.kind).toBe("memo");
    });
  });

  it("fails a document whose text holds a NUL, and only that document", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const report = await ingest({
        collection: col,
        embedder: countingEmbedder(),
        sources: [
          { id: "nul", content: "abc\u0000def near" },
          { id: "fine", content: "plain text" },
        ],
      });
      expect(report.documents).toMatchObject({ added: 1, failed: 1 });
      expect(report.failures).toEqual([expect.objectContaining({ code: "INVALID_ARGUMENT", source: "nul" })]);
      expect(report.failures[0]!.reason).toMatch(/NUL character/);
      // Its id is its source: named once.
      expect(report.failures[0]!.reason).toMatch(/^Document "nul": the text holds/);
      expect((await col.list()).map((r) => r.documentId)).toEqual(["fine"]);
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

const jsonl = (records: Record<string, unknown>[]) => records.map((r) => JSON.stringify(r)).join("\n");
const faq = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `q${i}`, text: `Answer ${i} about topic ${i}.`, topic: i % 3 }));
const tablesOf = (col: unknown) => (col as { tables: { chunks: string; documents: string } }).tables;

describeEachTarget("ingest: a document counts as unchanged only when it is complete", (target) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ingest-complete-"));
    writeFileSync(join(dir, "faq.jsonl"), jsonl(faq(3)));
    writeFileSync(join(dir, "one.md"), `# One\n\n${para("one", 2)}`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("a JSONL record deleted by hand comes back on a re-ingest of the unchanged file", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const opts = { collection: col, embedder: countingEmbedder(), sources: [dir], root: dir };
      await ingest(opts);
      const total = await col.count();
      expect(await col.delete({ ids: ["faq.jsonl#q1#0"] })).toBe(1);
      const again = await ingest(opts);
      expect(again.documents).toMatchObject({ added: 1, unchanged: 3, failed: 0 });
      expect(await col.count()).toBe(total);
      expect(await col.count({ filter: { documentId: "faq.jsonl#q1" } })).toBe(1);
      // The file is complete again: the next run skips it unread.
      expect((await ingest(opts)).documents).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
    });
  });

  it("a document whose chunk rows went missing (its documents row kept) is written again", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const opts = { collection: col, embedder: countingEmbedder(), sources: [dir], root: dir };
      await ingest(opts);
      const total = await col.count();
      const chunks = `"${tablesOf(col).chunks}"`;
      await store.client.execute({ sql: `DELETE FROM ${chunks} WHERE document_id IN (?, ?)`, args: ["faq.jsonl#q2", "one.md"] });
      const again = await ingest(opts);
      expect(again.documents).toMatchObject({ updated: 2, unchanged: 2, failed: 0 });
      expect(await col.count()).toBe(total);
    });
  });

  it("after an abort part-way through a JSONL file, a re-run writes every record once", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      writeFileSync(join(dir, "faq.jsonl"), jsonl(faq(60)));
      const controller = new AbortController();
      const opts = { collection: col, embedder: countingEmbedder(), sources: [join(dir, "faq.jsonl")], root: dir, groupSize: 8 };
      const aborted = ingest({
        ...opts,
        signal: controller.signal,
        onProgress: (e: IngestProgress) => {
          if (e.stage === "write" && e.done >= 10) controller.abort();
        },
      });
      await expect(aborted).rejects.toBeRagError("ABORTED");
      const partial = await col.count();
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(60);
      const rerun = await ingest(opts);
      expect(rerun.documents).toMatchObject({ added: 60 - partial, unchanged: partial, failed: 0 });
      const ids = (await col.list({ limit: 1000 })).map((r) => r.id);
      expect(ids).toHaveLength(60);
      expect(new Set(ids)).toEqual(new Set(faq(60).map((r) => `faq.jsonl#${r.id}#0`)));
      expect((await ingest(opts)).documents).toMatchObject({ added: 0, updated: 0, unchanged: 60 });
    });
  });

  it("writes a round's documents in one transaction, and a document that fails there fails alone", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      writeFileSync(join(dir, "faq.jsonl"), jsonl(faq(40)));
      // A trigger rejects one record's chunk as the database would reject a bad row.
      const chunks = tablesOf(col).chunks;
      await store.client.execute(
        `CREATE TRIGGER "${chunks}_reject" BEFORE INSERT ON "${chunks}" WHEN NEW.id = 'faq.jsonl#q7#0' BEGIN SELECT RAISE(ABORT, 'rejected'); END`,
      );
      const report = await ingest({ collection: col, embedder: countingEmbedder(), sources: [join(dir, "faq.jsonl")], root: dir, groupSize: 16 });
      expect(report.documents).toMatchObject({ added: 39, failed: 1 });
      expect(report.failures).toEqual([expect.objectContaining({ documentId: "faq.jsonl#q7", code: "CONSTRAINT" })]);
      expect(await col.count()).toBe(39);
      await store.client.execute(`DROP TRIGGER "${chunks}_reject"`);
      // The file was not marked complete: the next run reads it again and writes the one that failed.
      expect((await ingest({ collection: col, embedder: countingEmbedder(), sources: [join(dir, "faq.jsonl")], root: dir })).documents).toMatchObject({
        added: 1,
        unchanged: 39,
      });
    });
  });
});

describeEachTarget("ingest: bad inputs fail alone, later files are still ingested", (target) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ingest-bad-"));
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    writeFileSync(join(dir, "a-quotes.md"), `${"> ".repeat(2000)}deep`);
    writeFileSync(join(dir, "b-divs.html"), `${"<div>".repeat(200_000)}text`);
    writeFileSync(join(dir, "c-deep.jsonl"), `${jsonl([{ id: "ok", text: "fine" }])}\n{"id":"deep","text":"x","nested":${deep(5000)}}`);
    writeFileSync(
      join(dir, "d-ids.jsonl"),
      jsonl([
        { id: "x".repeat(3000), text: "long id" },
        { id: "nul\u0000id", text: "nul in id" },
        { id: "good", text: "a good record" },
      ]),
    );
    writeFileSync(join(dir, "e-inf.json"), `[{"id":"inf","text":"huge number","score":1e999},{"id":"fine","text":"finite"}]`);
    writeFileSync(join(dir, "z-last.md"), `# Last\n\n${para("last", 2)}`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("each hostile or invalid input is one typed failure", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const report = await ingest({ collection: col, embedder: countingEmbedder(), sources: [dir], root: dir });
      const failures = report.failures.map((f) => `${f.code} ${f.documentId ?? f.source.split("/").pop()}`).sort();
      expect(failures).toEqual(
        [
          "INVALID_ARGUMENT d-ids.jsonl#nul\u0000id",
          `INVALID_ARGUMENT d-ids.jsonl#${"x".repeat(3000)}`,
          "INVALID_ARGUMENT e-inf.json#inf",
          "LIMIT_EXCEEDED a-quotes.md",
          "LIMIT_EXCEEDED b-divs.html",
          "LIMIT_EXCEEDED c-deep.jsonl",
        ].sort(),
      );
      expect(report.failures.find((f) => f.source.endsWith("b-divs.html"))!.reason).toMatch(/limits\.maxDepth = 128/);
      expect(report.documents).toMatchObject({ added: 3, failed: 6 });
      expect(new Set((await col.list({ limit: 100 })).map((r) => r.documentId))).toEqual(new Set(["d-ids.jsonl#good", "e-inf.json#fine", "z-last.md"]));
    });
  });

  it("without the depth limit, a parser's stack overflow is the file's (or record's) LOAD_FAILED", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const sources = [join(dir, "a-quotes.md"), join(dir, "c-deep.jsonl"), join(dir, "z-last.md")];
      const report = await ingest({ collection: col, embedder: countingEmbedder(), sources, root: dir, limits: { maxDepth: Infinity } });
      expect(report.failures.map((f) => `${f.code} ${f.documentId ?? f.source.split("/").pop()}`).sort()).toEqual([
        "LOAD_FAILED a-quotes.md",
        "LOAD_FAILED c-deep.jsonl#deep",
      ]);
      expect(new Set((await col.list({ limit: 100 })).map((r) => r.documentId))).toEqual(new Set(["c-deep.jsonl#ok", "z-last.md"]));
    });
  });
});

describeEachTarget("ingest: limits", (target) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ingest-limits-"));
    writeFileSync(join(dir, "big.txt"), "x ".repeat(2000));
    writeFileSync(
      join(dir, "meta.jsonl"),
      jsonl([
        { id: "fat", text: "fat metadata", blob: "m".repeat(2000) },
        { id: "thin", text: "thin metadata" },
      ]),
    );
    writeFileSync(join(dir, "nested.md"), `# Nested\n\n${Array.from({ length: 12 }, (_, i) => `${"  ".repeat(i)}- level ${i}`).join("\n")}`);
    writeFileSync(join(dir, "small.txt"), "small enough");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("each exceeded limit is one LIMIT_EXCEEDED failure naming the limit; the rest is ingested", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const report = await ingest({
        collection: col,
        embedder: countingEmbedder(),
        sources: [dir, { id: "memo", content: "y".repeat(600) }],
        root: dir,
        limits: { maxFileBytes: 3000, maxMetadataBytes: 1000, maxDepth: 8, maxDocumentChars: 500 },
      });
      const byLimit = Object.fromEntries(report.failures.map((f) => [(/limits\.(\w+)/.exec(f.reason) ?? [])[1], f]));
      expect(report.failures.every((f) => f.code === "LIMIT_EXCEEDED")).toBe(true);
      expect(Object.keys(byLimit).sort()).toEqual(["maxDepth", "maxDocumentChars", "maxFileBytes", "maxMetadataBytes"]);
      expect(byLimit.maxFileBytes!.source).toMatch(/big\.txt$/);
      expect(byLimit.maxMetadataBytes!.documentId).toBe("meta.jsonl#fat");
      expect(byLimit.maxDepth!.source).toMatch(/nested\.md$/);
      expect(byLimit.maxDocumentChars!.source).toBe("memo");
      expect(byLimit.maxFileBytes!.reason).toMatch(/ingest\(\{ limits: \{ maxFileBytes/);
      expect(new Set((await col.list({ limit: 100 })).map((r) => r.documentId))).toEqual(new Set(["meta.jsonl#thin", "small.txt"]));
      await expect(ingest({ collection: col, embedder: countingEmbedder(), sources: [dir], limits: { maxDepth: 0 } })).rejects.toBeRagError("INVALID_ARGUMENT");
    });
  });
});
