import { describe, expect, it } from "vitest";
import { createRag, type Embedder, type InMemoryDocument } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { withMemoryRag } from "../support/memory-rag.js";
import { rejection } from "../support/errors.js";

const MARKDOWN = [
  "---",
  "author: ann",
  "lang: fr",
  "---",
  "# Write-Ahead Logging",
  "",
  "## Checkpoints",
  "",
  "A checkpoint moves pages from the WAL file back into the database.",
  "",
].join("\n");
const HTML =
  "<html><head><title>Vacuum - Example Docs</title></head><body>" +
  '<nav><a href="/">Home</a> <a href="/guide">Guide</a> <a href="/api">API</a></nav>' +
  "<main><h1>Vacuum</h1><p>The vacuum command rebuilds the database file.</p></main>" +
  "<footer>Copyright 2026 Example Inc.</footer></body></html>";

/** A hash embedder that records every text it is given. */
function recordingEmbedder(): Embedder & { texts: string[] } {
  const inner = hashEmbedder({ dimensions: 16 });
  const texts: string[] = [];
  return { ...inner, texts, embed: (batch, options) => (texts.push(...batch), inner.embed(batch, options)) };
}

describe("ingest: in-memory documents with a format", () => {
  it("reads Markdown as a .md file is read: title, headings, front matter, and the header the embedder is given", async () => {
    const embedder = recordingEmbedder();
    const rag = await createRag({ url: ":memory:", embedder });
    try {
      const report = await rag.ingest({ id: "wal", content: MARKDOWN, format: "markdown", metadata: { lang: "en" } });
      expect(report.documents.added).toBe(1);
      const [chunk] = await rag.collection.list({});
      expect(chunk!.metadata).toMatchObject({
        title: "Write-Ahead Logging",
        headings: ["Write-Ahead Logging", "Checkpoints"],
        format: "markdown",
        author: "ann",
      });
      // The caller's metadata wins over the front matter's.
      expect(chunk!.metadata.lang).toBe("en");
      expect(chunk!.metadata.encoding).toBeUndefined();
      expect(chunk!.content).not.toContain("author: ann");
      // Its header, then its passage as prose (Markdown's markup is not embedded).
      expect(embedder.texts).toHaveLength(1);
      expect(embedder.texts[0]).toMatch(/^Write-Ahead Logging › Checkpoints\n\n[^#]*A checkpoint moves pages from the WAL file back into the database\.$/);
    } finally {
      await rag.close();
    }
  });

  it("cleans HTML of its navigation and footer, and keeps a title given beside it", async () => {
    await withMemoryRag(async (rag) => {
      await rag.ingest([
        { id: "vacuum", content: HTML, format: "html" },
        { id: "titled", content: HTML, format: "html", title: "VACUUM command" },
      ]);
      const chunks = await rag.collection.list({});
      const vacuum = chunks.find((c) => c.documentId === "vacuum")!;
      expect(vacuum.content).toBe("Vacuum\n\nThe vacuum command rebuilds the database file.");
      expect(vacuum.metadata).toMatchObject({ title: "Vacuum", format: "html", source: "vacuum" });
      expect(chunks.find((c) => c.documentId === "titled")!.metadata.title).toBe("VACUUM command");
    });
  });

  it("stores content as given without a format, and re-ingests a document whose format changes", async () => {
    await withMemoryRag(async (rag) => {
      await rag.ingest({ id: "wal", content: MARKDOWN });
      const [plain] = await rag.collection.list({});
      expect(plain!.content).toBe(MARKDOWN.trim());
      expect(plain!.metadata).toMatchObject({ title: null, headings: [] });
      expect((await rag.ingest({ id: "wal", content: MARKDOWN, format: "markdown" })).documents.updated).toBe(1);
      expect((await rag.ingest({ id: "wal", content: MARKDOWN, format: "markdown" })).documents.unchanged).toBe(1);
      const [parsed] = await rag.collection.list({});
      expect(parsed!.metadata.headings).toEqual(["Write-Ahead Logging", "Checkpoints"]);
    });
  });

  it("fails a document without text or over the size limit alone", async () => {
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest(
        [
          { id: "empty", content: "<html><head><title>Nothing</title></head><body><p> </p></body></html>", format: "html" },
          { id: "big", content: `# Big\n\n${"word ".repeat(400)}`, format: "markdown" },
          { id: "fine", content: "plain words", format: "text" },
        ],
        { limits: { maxFileBytes: 1000 } },
      );
      expect(report.failures.map((f) => [f.source, f.code])).toEqual([
        ["empty", "LOAD_FAILED"],
        ["big", "LIMIT_EXCEEDED"],
      ]);
      expect((await rag.collection.list({})).map((c) => c.documentId)).toEqual(["fine"]);
    });
  });

  it("keeps the reader's format over a caller's metadata.format, which would change how the text is chunked", async () => {
    const embedder = recordingEmbedder();
    const rag = await createRag({ url: ":memory:", embedder });
    try {
      await rag.ingest({ id: "wal", content: MARKDOWN, format: "markdown", metadata: { format: "article" } });
      const [chunk] = await rag.collection.list({});
      expect(chunk!.metadata.format).toBe("markdown");
      // Embedded as Markdown is: prose, without the heading marks.
      expect(embedder.texts[0]).not.toContain("#");
    } finally {
      await rag.close();
    }
  });

  it("takes any string: replacement characters, lone surrogates and control characters are text, not a binary file", async () => {
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest([
        { id: "fffd", content: `# Odd\n\n${"word \ufffd ".repeat(50)}`, format: "markdown" },
        { id: "surrogate title", content: "# Halves \ud800 of a title\n\nbody text", format: "markdown" },
        { id: "surrogates", content: "<h1>Halves</h1><p>hello \ud800 world \udc00 end</p>", format: "html" },
        { id: "escapes", content: `Colours\n=======\n\n${"\u001b[31mred\u001b[0m ".repeat(40)}`, format: "text" },
      ]);
      expect(report.failures).toEqual([]);
      expect(report.documents.added).toBe(4);
      const [titled] = await rag.collection.list({ filter: { documentId: "surrogate title" } });
      expect(titled!.metadata.title).toBe("Halves \ufffd of a title");
      // A title given beside the text too, with or without a format.
      await rag.ingest([{ id: "given title", content: "body", title: "Hal\ud800f" }]);
      const [given] = await rag.collection.list({ filter: { documentId: "given title" } });
      expect(given!.metadata.title).toBe("Hal\ufffdf");
    });
  });

  it("takes null for a missing title, metadata or format, as a database row gives it, and reads each field once", async () => {
    await withMemoryRag(async (rag) => {
      let reads = 0;
      const fickle = {
        id: "fickle",
        get content() {
          reads += 1;
          return reads === 1 ? "read once" : (42 as unknown as string);
        },
      };
      const report = await rag.ingest([{ id: "row", content: "a row of text", title: null, metadata: null, format: null }, fickle]);
      expect(report.failures).toEqual([]);
      const chunks = await rag.collection.list({});
      expect(chunks.find((c) => c.documentId === "row")!.metadata.title).toBeNull();
      expect(chunks.find((c) => c.documentId === "fickle")!.content).toBe("read once");
      const bad = await rejection(rag.ingest([{ id: "t", content: "x", title: 5 as unknown as string }]));
      expect(bad.message).toMatch(/ingest source 0: title/);
      const list = await rejection(rag.ingest([{ id: "m", content: "x", metadata: ["a"] as unknown as Record<string, unknown> }]));
      expect(list.message).toMatch(/metadata must be a plain object/);
      // Not silently stored as {}: a Date, a Map or a class instance is refused, naming what it is.
      const date = await rejection(rag.ingest([{ id: "m", content: "x", metadata: new Date(0) as unknown as Record<string, unknown> }]));
      expect(date.message).toMatch(/got a Date/);
    });
  });

  it("gives each document of a stream its own metadata, though the stream changes one object between them", async () => {
    await withMemoryRag(async (rag) => {
      function* rows() {
        const metadata = { row: 0, nested: { row: 0 }, tags: [] as string[] };
        for (let row = 0; row < 3; row++) {
          metadata.row = row;
          metadata.nested.row = row;
          metadata.tags.push(`t${row}`);
          yield { id: `r${row}`, content: `row ${row} text`, metadata };
        }
      }
      await rag.ingest(rows());
      const chunks = await rag.collection.list({});
      expect(chunks.map((c) => [c.documentId, c.metadata.row, c.metadata.nested, c.metadata.tags]).sort()).toEqual([
        ["r0", 0, { row: 0 }, ["t0"]],
        ["r1", 1, { row: 1 }, ["t0", "t1"]],
        ["r2", 2, { row: 2 }, ["t0", "t1", "t2"]],
      ]);
    });
  });

  it("fails a document whose fields cannot be read, or whose metadata is no JSON, with a typed error", async () => {
    await withMemoryRag(async (rag) => {
      const throwing = {
        id: "t",
        get content(): string {
          throw new Error("boom");
        },
      };
      const unreadable = await rejection(rag.ingest([throwing]));
      expect(unreadable).toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringMatching(/reading the document's fields failed: boom/) });
      const report = await rag.ingest([
        { id: "big", content: "x", metadata: { n: 1n } as unknown as Record<string, unknown> },
        {
          id: "nested",
          content: "y",
          metadata: {
            inner: {
              get n() {
                throw new Error("no");
              },
            },
          },
        },
        { id: "fine", content: "z" },
      ]);
      expect(report.failures.map((f) => [f.source, f.code])).toEqual([
        ["big", "INVALID_ARGUMENT"],
        ["nested", "INVALID_ARGUMENT"],
      ]);
      expect(report.failures[0]!.reason).toMatch(/bigint/);
      expect(report.failures[1]!.reason).toMatch(/reading its metadata failed: no/);
      expect(report.documents.added).toBe(1);
    });
  });

  it("reports a second document with the id of one that failed to parse, instead of writing it", async () => {
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest([
        { id: "same", content: "<html><body><p> </p></body></html>", format: "html" },
        { id: "same", content: "the second copy" },
      ]);
      expect(report.failures.map((f) => f.code)).toEqual(["LOAD_FAILED", "INVALID_ARGUMENT"]);
      expect(report.failures[1]!.reason).toMatch(/appears twice/);
      expect(await rag.collection.count()).toBe(0);
      // And the other way round: a good copy first, then one that would fail, is still a second copy.
      const again = await rag.ingest([
        { id: "pair", content: "the first copy" },
        { id: "pair", content: "<p> </p>", format: "html" },
      ]);
      expect(again.failures.map((f) => f.reason)).toEqual([expect.stringMatching(/appears twice/)]);
    });
  });

  it("refuses an unknown key or format in a list, naming it, before anything is written", async () => {
    await withMemoryRag(async (rag) => {
      const misspelt = await rejection(rag.ingest([{ id: "a", content: "x" }, { id: "b", content: "y", formt: "html" } as unknown as InMemoryDocument]));
      expect(misspelt.code).toBe("INVALID_ARGUMENT");
      expect(misspelt.message).toMatch(/ingest source 1: unknown key "formt".*metadata/);
      const inherited = await rejection(rag.ingest([{ id: "b", content: "y", constructor: "x" } as unknown as InMemoryDocument]));
      expect(inherited.message).toMatch(/unknown key "constructor".*metadata/);
      const format = await rejection(rag.ingest([{ id: "a", content: "x", format: "docx" as "html" }]));
      expect(format.code).toBe("INVALID_ARGUMENT");
      expect(format.message).toMatch(/format/);
      expect(await rag.collection.count()).toBe(0);
    });
  });

  it("fails a stream's item with an unknown key alone", async () => {
    await withMemoryRag(async (rag) => {
      function* rows() {
        yield { id: "a", content: "alpha words" };
        yield { id: "b", content: "beta words", url: "https://example.com/b" } as unknown as InMemoryDocument;
        yield { id: "c", content: "# Gamma\n\ngamma words", format: "markdown" as const };
      }
      const report = await rag.ingest(rows());
      expect(report.failures).toHaveLength(1);
      expect(report.failures[0]).toMatchObject({ source: "<document stream> item 1", code: "INVALID_ARGUMENT" });
      expect(report.failures[0]!.reason).toMatch(/unknown key "url"/);
      expect((await rag.collection.list({})).map((c) => c.documentId).sort()).toEqual(["a", "c"]);
    });
  });
});
