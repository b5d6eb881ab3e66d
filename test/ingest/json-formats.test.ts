import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFile } from "../../src/index.js";
import { withMemoryRag } from "../support/memory-rag.js";

const dir = mkdtempSync(join(tmpdir(), "libsql-rag-json-formats-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `records` as a JSONL file in the test folder and returns its path. */
function jsonl(name: string, records: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join("\n"));
  return path;
}

describe("ingest: JSON records in a format", () => {
  it("reads a crawler's { url, markdown } record as Markdown: title, heading path, fields kept", async () => {
    const path = jsonl("crawl.jsonl", [
      { id: "wal", url: "https://example.com/wal", markdown: "# Write-Ahead Logging\n\n## Checkpoints\n\nA checkpoint moves pages back." },
    ]);
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest([path], { root: dir });
      expect(report.failures).toEqual([]);
      const [chunk] = await rag.collection.list({});
      expect(chunk!.documentId).toBe("crawl.jsonl#wal");
      expect(chunk!.metadata).toMatchObject({
        title: "Write-Ahead Logging",
        headings: ["Write-Ahead Logging", "Checkpoints"],
        format: "markdown",
        url: "https://example.com/wal",
        source: "crawl.jsonl",
      });
      // Unchanged on a second run.
      expect((await rag.ingest([path], { root: dir })).documents.unchanged).toBe(1);
    });
    // loadFile gives it read, as ingest stores it.
    const [doc] = await loadFile(path, { root: dir });
    expect(doc).toMatchObject({ id: "crawl.jsonl#wal", title: "Write-Ahead Logging", metadata: { format: "markdown" } });
    expect(doc!.sections?.map((s) => s.headings)).toContainEqual(["Write-Ahead Logging", "Checkpoints"]);
    expect(doc!.readAs).toBeUndefined();
  });

  it("reads a record's text in the format its format field names, keeps a title it gives, and fails a record that has no text alone", async () => {
    const path = jsonl("pages.jsonl", [
      {
        id: "vacuum",
        title: "VACUUM",
        format: " HTML",
        content:
          "<html><body><nav><a href='/'>Home</a> <a href='/a'>A</a> <a href='/b'>B</a></nav><main><h1>Vacuum</h1><p>Rebuilds the file.</p></main></body></html>",
      },
      { id: "empty", format: "html", content: "<html><body><p> </p></body></html>" },
      { id: "plain", format: "article", content: "# Not read as Markdown" },
    ]);
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest([path], { root: dir });
      expect(report.failures.map((f) => [f.documentId, f.code])).toEqual([["pages.jsonl#empty", "LOAD_FAILED"]]);
      const chunks = await rag.collection.list({});
      const vacuum = chunks.find((c) => c.documentId === "pages.jsonl#vacuum")!;
      expect(vacuum.content).toBe("Vacuum\n\nRebuilds the file.");
      expect(vacuum.metadata).toMatchObject({ title: "VACUUM", format: "html", headings: ["Vacuum"] });
      // A format that is none of the text formats leaves the text plain (the stored format is the loader's).
      const plain = chunks.find((c) => c.documentId === "pages.jsonl#plain")!;
      expect(plain.content).toBe("# Not read as Markdown");
      expect(plain.metadata).toMatchObject({ headings: [], format: "jsonl" });
    });
  });
});
