import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chunkDocument } from "../../src/ingest/chunking/index.js";
import { loadFile, type LoadedDocument } from "../../src/ingest/loaders/index.js";
import { makePdf, type PdfBookmark } from "../support/make-pdf.js";

const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-pdf-outline-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PAGES = [
  ["Getting started", "Install the package and open a database."],
  ["Configuration", "Settings live in one file.", "2.1 Journal modes", "WAL lets readers run beside a writer."],
  ["More about journal modes: the rollback journal is the default."],
  [],
  ["Appendix", "Limits of the format."],
];

async function loadPdf(name: string, outline?: readonly PdfBookmark[]): Promise<LoadedDocument> {
  writeFileSync(join(tmp, name), makePdf(PAGES, { title: "Manual", ...(outline === undefined ? {} : { outline }) }));
  const [doc] = await loadFile(join(tmp, name), { root: tmp });
  return doc!;
}

/** `pdf` with each bookmark's destination a page number instead of a reference to the page, padded to its length. */
function withPageNumberDestinations(pdf: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(pdf);
  const pageIds = [...text.matchAll(/(\d+) 0 obj\n<< \/Type \/Page \//g)].map((m) => m[1]);
  return new TextEncoder().encode(text.replace(/\/Dest \[(\d+) 0 R/g, (match, id: string) => `/Dest [${pageIds.indexOf(id)}`.padEnd(match.length)));
}

/** Each section of a PDF of `pages` with `outline`, written to `name`, as its heading path and first line. */
async function sectionsOf(name: string, pages: readonly (readonly string[])[], outline: readonly PdfBookmark[]): Promise<[string, string][]> {
  writeFileSync(join(tmp, name), makePdf(pages, { outline }));
  const [doc] = await loadFile(join(tmp, name), { root: tmp });
  return outlineOf(doc!).map(([, headings, first]) => [headings, first]);
}

/** Each section as its page, heading path and first line. */
function outlineOf(doc: LoadedDocument): [number | undefined, string, string][] {
  return (doc.sections ?? []).map((s) => [s.page, s.headings.join(" / "), doc.content.slice(s.start, s.end).split("\n")[0] ?? ""]);
}

describe("loadFile: PDF outline", () => {
  it("makes the outline's entries headings, starting where their titles are on their pages", async () => {
    const doc = await loadPdf("outline.pdf", [
      { title: "Getting started", page: 0 },
      // Found after its section number, it starts with the number.
      { title: "Configuration", page: 1, items: [{ title: "Journal modes", page: 1 }] },
      // Not in the page's text: it starts at the top of its page.
      { title: "Reference material", page: 4, items: [{ title: "APPENDIX", page: 4 }] },
    ]);
    expect(outlineOf(doc)).toEqual([
      [1, "Getting started", "Getting started"],
      [2, "Configuration", "Configuration"],
      [2, "Configuration / Journal modes", "2.1 Journal modes"],
      // A page without a bookmark goes on under the heading before it.
      [3, "Configuration / Journal modes", "More about journal modes: the rollback journal is the default."],
      [5, "Reference material / APPENDIX", "Appendix"],
    ]);
    let end = 0;
    for (const section of doc.sections ?? []) {
      expect(section.start).toBeGreaterThanOrEqual(end);
      end = section.end;
    }
    const chunks = await chunkDocument(doc);
    expect(chunks.find((c) => c.content.startsWith("2.1"))?.header).toBe("Manual › Configuration › Journal modes");
  });

  it("starts a bookmark to a page without text on the next page with text", async () => {
    const doc = await loadPdf("empty-page.pdf", [
      { title: "Start", page: 0 },
      { title: "Blank", page: 3 },
    ]);
    expect(outlineOf(doc).map(([page, headings]) => [page, headings])).toEqual([
      [1, "Start"],
      [2, "Start"],
      [3, "Start"],
      [5, "Blank"],
    ]);
  });

  it("keeps page sections without headings when the PDF has no outline", async () => {
    const doc = await loadPdf("plain.pdf");
    expect(outlineOf(doc).map(([page, headings]) => [page, headings])).toEqual([
      [1, ""],
      [2, ""],
      [3, ""],
      [5, ""],
    ]);
  });

  it("leaves out a bookmark to a blank last page, where no page with text follows", async () => {
    writeFileSync(
      join(tmp, "blank-end.pdf"),
      makePdf([["Start", "Some text."], []], {
        outline: [
          { title: "Start", page: 0 },
          { title: "Notes", page: 1 },
        ],
      }),
    );
    const [doc] = await loadFile(join(tmp, "blank-end.pdf"), { root: tmp });
    expect(outlineOf(doc!)).toEqual([[1, "Start", "Start"]]);
  });

  it("leaves out a bookmark without a title, and the bookmarks under it", async () => {
    const doc = await loadPdf("untitled.pdf", [
      { title: "Getting started", page: 0 },
      { title: " ", page: 1, items: [{ title: "Journal modes", page: 1 }] },
    ]);
    expect(new Set(outlineOf(doc).map(([, headings]) => headings))).toEqual(new Set(["Getting started"]));
  });

  it("reads an outline at most 16 levels deep", async () => {
    let nested: PdfBookmark = { title: "Level 30", page: 4 };
    for (let level = 29; level >= 1; level--) nested = { title: `Level ${level}`, page: 4, items: [nested] };
    const doc = await loadPdf("deep.pdf", [nested]);
    const last = doc.sections?.at(-1)?.headings ?? [];
    expect(last).toHaveLength(16);
    expect(last.at(-1)).toBe("Level 16");
  });

  it("finds titles at the start of lines, in any outline order, after a section number", async () => {
    const pages = [
      [
        "Overview of the tool; see Usage below for more.",
        "Journal modes and WAL",
        "Intro to modes.",
        "WAL",
        "Readers and a writer.",
        "Chapter 2 Setup",
        "Install it.",
        "II. Usage",
        "Run it.",
        "Alpha",
        "First.",
        "Beta",
        "Second.",
      ],
    ];
    const outline = [
      { title: "Journal modes and WAL", page: 0, items: [{ title: "WAL", page: 0 }] },
      { title: "Setup", page: 0 },
      { title: "Usage", page: 0 },
      // Listed out of the text's order.
      { title: "Beta", page: 0 },
      { title: "Alpha", page: 0 },
      // Not on the page, after headings were found there: left out rather than taking their text.
      { title: "Installation guide", page: 0 },
    ];
    expect(await sectionsOf("lines.pdf", pages, outline)).toEqual([
      ["", "Overview of the tool; see Usage below for more."],
      ["Journal modes and WAL", "Journal modes and WAL"],
      ["Journal modes and WAL / WAL", "WAL"],
      ["Setup", "Chapter 2 Setup"],
      ["Usage", "II. Usage"],
      ["Alpha", "Alpha"],
      ["Beta", "Beta"],
    ]);
  });

  it("bounds the work of placing many bookmarks on a long page", async () => {
    const page = Array.from({ length: 3_000 }, () => "a a a a a a a a a a a a a a a a a a a a a a a a");
    const outline = Array.from({ length: 2_000 }, (_, i) => ({ title: `${"a ".repeat(23)}b${i}`, page: 0 }));
    writeFileSync(join(tmp, "hostile.pdf"), makePdf([page], { outline }));
    const started = performance.now();
    const [doc] = await loadFile(join(tmp, "hostile.pdf"), { root: tmp });
    // Scanning the page once per bookmark took minutes; the line index takes well under a second.
    expect(performance.now() - started).toBeLessThan(20_000);
    // No title is on the page: all start at its top, and the last listed wins.
    expect(doc?.sections?.map((s) => s.headings)).toEqual([[`${"a ".repeat(23)}b1999`]]);
  });

  it("prefers the line that is the title to a contents line or a sentence that begins with it", async () => {
    const pages = [
      [
        "Contents",
        "1 Introduction .......... 1",
        "2.1 Journal modes .......... 2",
        "Introduction",
        "We study X.",
        "Journal modes are explained below; pick one.",
        "2.1 Journal modes",
        "Rollback and WAL.",
        "A.1 Limits",
        "Sizes.",
        "Section 2 Scope",
        "What is covered.",
        "Appendix B.2 Tables",
        "Rows.",
      ],
    ];
    const outline = ["Introduction", "Journal modes", "Limits", "Scope", "Tables"].map((title) => ({ title, page: 0 }));
    expect(await sectionsOf("contents.pdf", pages, outline)).toEqual([
      ["", "Contents"],
      ["Introduction", "Introduction"],
      ["Journal modes", "2.1 Journal modes"],
      ["Limits", "A.1 Limits"],
      ["Scope", "Section 2 Scope"],
      ["Tables", "Appendix B.2 Tables"],
    ]);
  });

  it("reads a bookmark whose destination is a page number rather than a reference to the page", async () => {
    const outline = [
      { title: "Getting started", page: 0 },
      { title: "Configuration", page: 1 },
    ];
    writeFileSync(join(tmp, "numbered-dest.pdf"), withPageNumberDestinations(makePdf(PAGES, { outline })));
    const [doc] = await loadFile(join(tmp, "numbered-dest.pdf"), { root: tmp });
    expect(outlineOf(doc!)).toEqual([
      [1, "Getting started", "Getting started"],
      [2, "Configuration", "Configuration"],
      [3, "Configuration", "More about journal modes: the rollback journal is the default."],
      [5, "Configuration", "Appendix"],
    ]);
  });

  it("reads at most 10,000 bookmarks", async () => {
    const outline = Array.from({ length: 10_001 }, (_, i) => ({ title: `Note ${i + 1}`, page: 0 }));
    writeFileSync(join(tmp, "many.pdf"), makePdf([["Some text."]], { outline }));
    const [doc] = await loadFile(join(tmp, "many.pdf"), { root: tmp });
    // No title is on the page: all start at its top, and the last one read wins.
    expect(doc?.sections?.map((s) => s.headings)).toEqual([["Note 10000"]]);
  });

  it("does not start a heading at its line in a table of contents", async () => {
    const pages = [
      [
        "Contents",
        "Journal modes .......... 1",
        "Checkpoints .......... 1",
        "Journal modes. SQLite keeps a rollback journal by default.",
        "Checkpoints. A checkpoint moves WAL content back.",
      ],
    ];
    const outline = [
      { title: "Journal modes", page: 0 },
      { title: "Checkpoints", page: 0 },
    ];
    expect(await sectionsOf("run-in.pdf", pages, outline)).toEqual([
      ["", "Contents"],
      ["Journal modes", "Journal modes. SQLite keeps a rollback journal by default."],
      ["Checkpoints", "Checkpoints. A checkpoint moves WAL content back."],
    ]);
  });

  it("starts one bookmark at a line: a repeated title whose line another took is left out", async () => {
    const pages = [["Tutorial", "Examples", "Learn by doing.", "Summary", "What was covered."]];
    const outline = [
      { title: "Tutorial", page: 0, items: [{ title: "Examples", page: 0 }] },
      { title: "Summary", page: 0 },
      { title: "Reference", page: 0, items: [{ title: "Examples", page: 0 }] },
    ];
    expect(await sectionsOf("repeated.pdf", pages, outline)).toEqual([
      ["Tutorial", "Tutorial"],
      ["Tutorial / Examples", "Examples"],
      ["Summary", "Summary"],
    ]);
  });
});
