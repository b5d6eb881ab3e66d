import { join } from "node:path";
import fc from "fast-check";
import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import { describe, expect, it } from "vitest";
import { chunkDocument, DEFAULT_CHUNKING, embeddingText, type Chunk, type ChunkingOptions } from "../../src/ingest/chunking/index.js";
import { locatePieces } from "../../src/ingest/chunking/locate.js";
import { loadFile, type LoadedDocument, type Section } from "../../src/ingest/loaders/index.js";

const DOCS = join(import.meta.dirname, "../fixtures/docs");
const tokenizer = new Tiktoken(cl100k);
const countTokens = (text: string): number => tokenizer.encode(text, [], []).length;

function doc(content: string, extra: Partial<LoadedDocument> = {}): LoadedDocument {
  return { id: "doc", content, metadata: { source: "doc", format: "text" }, ...extra };
}

async function loadFixture(name: string): Promise<LoadedDocument> {
  const [loaded] = await loadFile(join(DOCS, name), { root: DOCS });
  return loaded!;
}

/** The section a chunk lies in, or undefined when it lies outside every section. */
function sectionOf(chunk: Chunk, sections: readonly Section[]): Section | undefined {
  return sections.find((s) => s.start <= chunk.startOffset && chunk.endOffset <= s.end);
}

/**
 * The invariants every chunking must keep: exact offsets, trimmed bodies in order, bodies within the size
 * limit, overlap within the limit, every non-whitespace character covered, no chunk across a section.
 */
function expectChunkInvariants(document: LoadedDocument, chunks: readonly Chunk[], options: ChunkingOptions = {}): void {
  const size = options.size ?? DEFAULT_CHUNKING.size;
  const overlap = options.overlap ?? Math.min(DEFAULT_CHUNKING.overlap, Math.floor(size / 5));
  const measure = options.unit === "tokens" ? countTokens : (text: string) => text.length;
  const covered = new Uint8Array(document.content.length);
  chunks.forEach((chunk, i) => {
    const body = document.content.slice(chunk.startOffset, chunk.endOffset);
    expect(chunk.index).toBe(i);
    expect(body.length).toBeGreaterThan(0);
    expect(body).toBe(body.trim());
    expect(chunk.content).toBe(body);
    if (options.contextHeader === false) expect(chunk.header).toBe("");
    // Only a single code point bigger than the limit (an emoji with size 1) may exceed it: it cannot be cut.
    // The limit holds for what the embedder is given: header and passage together.
    if (Array.from(body).length > 1) expect(measure(embeddingText(chunk))).toBeLessThanOrEqual(size);
    covered.fill(1, chunk.startOffset, chunk.endOffset);
    const previous = chunks[i - 1];
    if (previous !== undefined) {
      expect(chunk.startOffset).toBeGreaterThan(previous.startOffset);
      expect(chunk.endOffset).toBeGreaterThan(previous.endOffset);
      if (options.unit !== "tokens") expect(previous.endOffset - chunk.startOffset).toBeLessThanOrEqual(overlap);
    }
    if (document.sections !== undefined && document.sections.length > 0) {
      const section = sectionOf(chunk, document.sections);
      if (section !== undefined) {
        expect(chunk.headings.slice(0, section.headings.length)).toEqual(section.headings);
      } else {
        // Text between sections has no heading; a chunk over several sections must be a folded heading-only
        // section plus its sub-section, so its headings extend every section it touches.
        const touched = document.sections.filter((s) => s.start < chunk.endOffset && chunk.startOffset < s.end);
        if (touched.length === 0) expect(chunk.headings).toEqual([]);
        for (const s of touched) expect(chunk.headings.slice(0, s.headings.length)).toEqual(s.headings);
      }
    }
  });
  for (let i = 0; i < document.content.length; i += 1) {
    if (!/\s/.test(document.content[i]!) && covered[i] !== 1) {
      throw new Error(`character ${i} (${JSON.stringify(document.content.slice(i - 5, i + 5))}) is in no chunk`);
    }
  }
}

describe("chunkDocument: options", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_CHUNKING).toEqual({ size: 1000, overlap: 150, unit: "characters", contextHeader: true });
  });

  it.each([
    [{ size: 0 }],
    [{ size: -5 }],
    [{ size: 10.5 }],
    [{ size: Number.NaN }],
    [{ overlap: -1 }],
    [{ overlap: 1.5 }],
    [{ size: 100, overlap: 100 }],
    [{ size: 100, overlap: 250 }],
    [{ unit: "words" as "tokens" }],
    [{ contextHeader: "yes" as unknown as boolean }],
  ])("rejects %o with INVALID_ARGUMENT", async (options) => {
    await expect(chunkDocument(doc("text"), options)).rejects.toBeRagError("INVALID_ARGUMENT");
  });

  it("says what was expected and given", async () => {
    await expect(chunkDocument(doc("text"), { size: 100, overlap: 100 })).rejects.toThrow(
      "chunking.overlap must be less than chunking.size, got overlap 100 with size 100",
    );
  });

  it("lowers the default overlap for small sizes instead of failing", async () => {
    await expect(chunkDocument(doc("a b c d e f g h"), { size: 4 })).resolves.toBeDefined();
  });

  it("rejects sections that overlap or fall outside the content", async () => {
    const content = "0123456789";
    const outside = doc(content, { sections: [{ headings: ["A"], start: 0, end: 11 }] });
    const overlapping = doc(content, {
      sections: [
        { headings: ["A"], start: 0, end: 6 },
        { headings: ["B"], start: 5, end: 10 },
      ],
    });
    await expect(chunkDocument(outside)).rejects.toBeRagError("INVALID_ARGUMENT");
    await expect(chunkDocument(overlapping)).rejects.toBeRagError("INVALID_ARGUMENT");
  });
});

describe("chunkDocument", () => {
  it("returns no chunks for whitespace", async () => {
    expect(await chunkDocument(doc(" \n\n \t"))).toEqual([]);
  });

  it("keeps a short document whole, its passage clean and the title in the header", async () => {
    const chunks = await chunkDocument(doc("  Short text.\n", { title: "Title" }));
    expect(chunks).toEqual([{ index: 0, content: "Short text.", header: "Title", startOffset: 2, endOffset: 13, headings: [] }]);
    expect(embeddingText(chunks[0]!)).toBe("Title\n\nShort text.");
  });

  it("gives the embedder the passage alone with contextHeader: false", async () => {
    const chunks = await chunkDocument(doc("Short text.", { title: "Title" }), { contextHeader: false });
    expect(chunks[0]?.header).toBe("");
    expect(embeddingText(chunks[0]!)).toBe("Short text.");
  });

  it("fits a long header into half the size, keeping the title and the innermost heading", async () => {
    const headings = ["Part one of a long manual", "Chapter two about many things", "Section three on checkpoints"];
    const content = `${"word ".repeat(60).trim()}.`;
    const document = doc(content, { title: "Manual", sections: [{ headings, start: 0, end: content.length }] });
    const chunks = await chunkDocument(document, { size: 100, overlap: 10 });
    expectChunkInvariants(document, chunks, { size: 100, overlap: 10 });
    for (const chunk of chunks) {
      expect(chunk.header).toBe("Manual › Section three on checkpoints");
      expect(embeddingText(chunk).length).toBeLessThanOrEqual(100);
    }
  });

  it("names a heading once in the header where it begins with its neighbour, at a word's end", async () => {
    const header = async (title: string, headings: string[]) => {
      const chunks = await chunkDocument(doc("Text.", { title, sections: [{ headings, start: 0, end: 5 }] }));
      return chunks[0]?.header;
    };
    // A man page's h1 repeats the title and adds to it; an h1 can also be the start of a longer title.
    expect(await header("git-rebase(1)", ["git-rebase(1) Manual Page", "OPTIONS"])).toBe("git-rebase(1) Manual Page › OPTIONS");
    expect(await header("Pragma statements supported by SQLite", ["PRAGMA Statements", "PRAGMA cache_size"])).toBe(
      "Pragma statements supported by SQLite › PRAGMA cache_size",
    );
    expect(await header("Event Loop", ["Event Loop Methods", "loop.stop()"])).toBe("Event Loop Methods › loop.stop()");
    // Not a word's end: both stay.
    expect(await header("Config", ["Configuration", "Files"])).toBe("Config › Configuration › Files");
    expect(await header("Vacuum", ["VACUUM"])).toBe("Vacuum");
  });

  it("measures a Markdown chunk by its prose and gives the embedder that prose, its content exact", async () => {
    const link = (n: number) => `[step ${n}](https://example.com/a/very/long/path/to/the/documentation/page-${n}.html#section-${n})`;
    const content = `# Guide\n\n${Array.from({ length: 12 }, (_, i) => `Then follow ${link(i)} closely.`).join("\n\n")}\n`;
    const markdown = doc(content, { metadata: { source: "doc", format: "markdown" }, title: "Guide" });
    const chunks = await chunkDocument(markdown, { size: 200, overlap: 0 });
    for (const chunk of chunks) {
      expect(content.slice(chunk.startOffset, chunk.endOffset)).toBe(chunk.content);
      expect(embeddingText(chunk).length).toBeLessThanOrEqual(200);
      expect(embeddingText(chunk)).not.toContain("https://");
    }
    // The raw passages run past the size: their link targets do not count.
    expect(Math.max(...chunks.map((c) => c.content.length))).toBeGreaterThan(200);
    expect(chunks.map((c) => c.prose)).toEqual([
      ["Guide", ...[0, 1, 2, 3, 4, 5].map((n) => `Then follow step ${n} closely.`)].join("\n\n"),
      [6, 7, 8, 9, 10, 11].map((n) => `Then follow step ${n} closely.`).join("\n\n"),
    ]);
    // Plain text is measured and embedded as it is.
    const plain = await chunkDocument(doc(content, { title: "Guide" }), { size: 200, overlap: 0 });
    expect(plain.every((c) => c.prose === undefined && embeddingText(c).includes(c.content))).toBe(true);
    expect(plain.length).toBeGreaterThan(chunks.length);
  });

  it("measures and embeds a chunk that is not Markdown without its padding, so a padded table's rows stay whole", async () => {
    // reStructuredText's simple table, padded as a generator writes it: each row about 260 characters, 200 spaces.
    const row = (name: string, summary: string) => `${name.padEnd(40)}${summary.padEnd(200)}Mar 31, 2026  Beta`;
    const rows = Array.from({ length: 12 }, (_, i) => row(`pytest-plugin-${i}`, `Plugin number ${i} for tests`));
    const border = `${"=".repeat(38)}  ${"=".repeat(198)}  ${"=".repeat(12)}  ====`;
    const content = `Plugins\n=======\n\n${border}\n${rows.join("\n")}  \n${border}\n`;
    const chunks = await chunkDocument(doc(content, { metadata: { source: "doc", format: "rst" }, title: "Plugins" }), { size: 300, overlap: 0 });
    const rowChunks = chunks.filter((c) => c.content.includes("pytest-plugin-"));
    for (const chunk of rowChunks) {
      expect(content.slice(chunk.startOffset, chunk.endOffset)).toBe(chunk.content);
      // Whole rows only: each line of a chunk begins with a plugin's name and ends with its status.
      for (const line of chunk.content.split("\n")) expect(line.trim()).toMatch(/^pytest-plugin-\d+ .* Beta$/);
      expect(chunk.prose).toBe(chunk.content.replace(/ {2,}/g, " ").replace(/ +$/gm, ""));
      expect(embeddingText(chunk).length).toBeLessThanOrEqual(300);
    }
    // Three rows a chunk, where the padding counted would have cut every row in two.
    expect(rowChunks.length).toBeLessThan(rows.length / 2);
    expect(rowChunks.flatMap((c) => c.content.match(/pytest-plugin-\d+/g) ?? [])).toEqual(rows.map((_, i) => `pytest-plugin-${i}`));
  });

  it("keeps an MDX chunk within the size when its code reads like MDX out of context", async () => {
    // Fenced code starting with `import` and holding JSX: measured alone, a piece of it looks like an import
    // block and tags (next to nothing); the chunk must still be cut to fit.
    const code = [
      "import { useChat } from '@ai-sdk/react';",
      ...Array.from({ length: 12 }, (_, i) => `  <Message key="m${i}" text={messages[${i}].text} />`),
    ].join("\n");
    const content = `# Chat\n\nRender each message as it streams in, one component per message.\n\n\`\`\`tsx\n${code}\n\`\`\`\n`;
    const mdx = doc(content, { metadata: { source: "doc", format: "mdx" }, title: "Chat" });
    const chunks = await chunkDocument(mdx, { size: 200, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(content.slice(chunk.startOffset, chunk.endOffset)).toBe(chunk.content);
      expect(embeddingText(chunk).length).toBeLessThanOrEqual(200);
    }
    // The code is embedded as code, tags and all.
    expect(chunks.some((c) => embeddingText(c).includes('<Message key="m3"'))).toBe(true);
  });

  it("splits long text at paragraphs with overlap and exact offsets", async () => {
    const paragraph = (n: number): string => `Paragraph ${n} ${"word ".repeat(30).trim()}.`;
    const content = Array.from({ length: 12 }, (_, i) => paragraph(i)).join("\n\n");
    const document = doc(content);
    const options = { size: 400, overlap: 60, contextHeader: false };
    const chunks = await chunkDocument(document, options);
    expect(chunks.length).toBeGreaterThan(3);
    expectChunkInvariants(document, chunks, options);
    for (const chunk of chunks) expect(chunk.content).toMatch(/^Paragraph \d+/);
  });

  it("is deterministic", async () => {
    const document = await loadFixture("sqlite-lang_vacuum.html");
    expect(await chunkDocument(document, { size: 300, overlap: 50 })).toEqual(await chunkDocument(document, { size: 300, overlap: 50 }));
  });

  it("never crosses a section and gives each chunk its heading path", async () => {
    const document = await loadFixture("guide.md");
    const chunks = await chunkDocument(document, { size: 60, overlap: 10 });
    expectChunkInvariants(document, chunks, { size: 60, overlap: 10 });
    const fence = chunks.find((c) => c.content.includes("# this is a comment"));
    expect(fence?.headings).toEqual(["Write-Ahead Logging", "Enabling WAL"]);
    expect(chunks[0]?.headings).toEqual([]);
    expect(embeddingText(chunks[0]!)).toBe("WAL Guide\n\nIntro paragraph before any heading.");
    expect(chunks.at(-1)?.headings).toEqual(["Write-Ahead Logging", "Checkpoint settings", "Automatic checkpoints"]);
    // At size 60 the header gets 30 characters: the outer headings go, then the rest is cut at a word.
    expect(chunks.at(-1)?.header).toBe("WAL Guide › Automatic");
    const roomy = await chunkDocument(document, { size: 400, overlap: 10 });
    expect(roomy.at(-1)?.header).toBe("WAL Guide › Write-Ahead Logging › Checkpoint settings › Automatic checkpoints");
  });

  it("folds a heading-only section into the sub-section that follows", async () => {
    const content = "# Pragmas\n\n## journal_mode\n\nSets the journal mode.";
    const document = doc(content, {
      title: "Pragmas",
      sections: [
        { headings: ["Pragmas"], start: 0, end: 11 },
        { headings: ["Pragmas", "journal_mode"], start: 11, end: content.length },
      ],
    });
    const chunks = await chunkDocument(document);
    expect(chunks).toEqual([
      { index: 0, content, header: "Pragmas › journal_mode", startOffset: 0, endOffset: content.length, headings: ["Pragmas", "journal_mode"] },
    ]);
  });

  it("folds a heading written with markup, but not a one-line passage that resumes the outer section", async () => {
    const content = "# Pragmas\n\nIntro.\n\n## `journal_mode` pragma\n\nSets the journal mode.\n\nAll pragmas are case-insensitive.\n\n## Notes\n\nMore.";
    const at = (text: string) => content.indexOf(text);
    const document = doc(content, {
      title: "Pragmas",
      sections: [
        { headings: ["Pragmas"], start: 0, end: at("## `") },
        { headings: ["Pragmas", "journal_mode pragma"], start: at("## `"), end: at("Sets") },
        { headings: ["Pragmas", "journal_mode pragma", "Effect"], start: at("Sets"), end: at("All") },
        // The outer section resumes for one line (after an HTML definition list, say), then a sub-section begins.
        { headings: ["Pragmas"], start: at("All"), end: at("## Notes") },
        { headings: ["Pragmas", "Notes"], start: at("## Notes"), end: content.length },
      ],
    });
    const chunks = await chunkDocument(document, { size: 60, overlap: 0, contextHeader: false });
    expect(chunks.map((c) => [c.content, c.headings.join(" / ")])).toEqual([
      ["# Pragmas\n\nIntro.", "Pragmas"],
      ["## `journal_mode` pragma\n\nSets the journal mode.", "Pragmas / journal_mode pragma / Effect"],
      ["All pragmas are case-insensitive.", "Pragmas"],
      ["## Notes\n\nMore.", "Pragmas / Notes"],
    ]);
  });

  it("does not fold a heading-only section into a sibling", async () => {
    const document = await loadFixture("guide.md");
    const chunks = await chunkDocument(document);
    const checkpoints = chunks.find((c) => c.headings.join("/") === "Write-Ahead Logging/Checkpoints");
    expect(checkpoints?.header).toBe("WAL Guide › Write-Ahead Logging › Checkpoints");
    expect(checkpoints?.content).toBe("## Checkpoints");
  });

  it("joins a few words before the heading that names the page to its section (Javadoc's module and package), and nothing else", async () => {
    const content = "Module java.base\nPackage java.util\n\nClass HashMap<K,V>\n\nHash table based implementation of the Map interface.";
    const sections = [{ headings: ["Class HashMap<K,V>"], start: content.indexOf("Class"), end: content.length }];
    const joined = await chunkDocument(doc(content, { title: "Class HashMap<K,V>", sections }), { contextHeader: false });
    expect(joined.map((c) => [c.content, c.headings])).toEqual([[content, ["Class HashMap<K,V>"]]]);
    // Before a heading that does not name the page, or a preamble longer than a line or two, it stays apart.
    const other = await chunkDocument(doc(content, { title: "java.util.HashMap reference", sections }), { contextHeader: false });
    expect(other.map((c) => c.headings)).toEqual([[], ["Class HashMap<K,V>"]]);
    const long = `${"A preamble sentence that says a good deal about the page. ".repeat(5)}\n\n`;
    const later = [{ headings: ["Class HashMap<K,V>"], start: long.length, end: long.length + 18 }];
    const apart = await chunkDocument(doc(`${long}Class HashMap<K,V>`, { title: "Class HashMap<K,V>", sections: later }), { contextHeader: false });
    expect(apart.map((c) => c.headings)).toEqual([[], ["Class HashMap<K,V>"]]);
  });

  it("chunks text between sections with no heading", async () => {
    const content = "intro text\n\nsection text\n\noutro text";
    const document = doc(content, { sections: [{ headings: ["S"], start: 12, end: 24 }] });
    const chunks = await chunkDocument(document, { contextHeader: false });
    expect(chunks.map((c) => [c.content, c.headings])).toEqual([
      ["intro text", []],
      ["section text", ["S"]],
      ["outro text", []],
    ]);
  });

  it("keeps PDF chunks on one page and says which", async () => {
    const document = await loadFixture("sample.pdf");
    const chunks = await chunkDocument(document, { size: 50, overlap: 10 });
    expectChunkInvariants(document, chunks, { size: 50, overlap: 10 });
    expect(chunks[0]?.page).toBe(1);
    expect(chunks.at(-1)?.page).toBe(2);
    expect(chunks.every((c) => c.header === "Write-Ahead Logging")).toBe(true);
  });

  it("chunks a real SQLite page within the limits", async () => {
    const document = await loadFixture("sqlite-lang_vacuum.html");
    const chunks = await chunkDocument(document);
    expectChunkInvariants(document, chunks);
    const into = chunks.filter((c) => c.headings.includes("2.1. VACUUM with an INTO clause"));
    expect(into.length).toBeGreaterThan(0);
    expect(into[0]?.header).toBe("VACUUM › 2. Description › 2.1. VACUUM with an INTO clause");
    expect(into[0]?.content).toMatch(/^2\.1\. VACUUM with an INTO clause\n\nIf the INTO clause/);
  });

  it("covers repetitive text, where searching forward is ambiguous", async () => {
    for (const content of ["a".repeat(97), "ab ".repeat(60), "x\n".repeat(80), "aa aa\n\n".repeat(40)]) {
      for (const [size, overlap] of [
        [10, 3],
        [7, 6],
        [4, 0],
        [25, 12],
      ] as const) {
        const document = doc(content);
        const options = { size, overlap, contextHeader: false };
        expectChunkInvariants(document, await chunkDocument(document, options), options);
      }
    }
  });

  it("never cuts a surrogate pair", async () => {
    const document = doc("😀🎉日本語𠀀".repeat(30));
    const chunks = await chunkDocument(document, { size: 9, overlap: 2, contextHeader: false });
    expectChunkInvariants(document, chunks, { size: 9, overlap: 2, contextHeader: false });
    for (const chunk of chunks) expect(chunk.content).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it("measures size in cl100k tokens with unit: tokens", async () => {
    const document = await loadFixture("sqlite-lang_vacuum.html");
    const options = { unit: "tokens" as const, size: 120, overlap: 20 };
    const chunks = await chunkDocument(document, options);
    expectChunkInvariants(document, chunks, options);
    const characters = await chunkDocument(document, { size: 120, overlap: 20 });
    expect(chunks.length).toBeLessThan(characters.length);
    expect(Math.max(...chunks.map((c) => countTokens(document.content.slice(c.startOffset, c.endOffset))))).toBeGreaterThan(90);
  });

  it("treats special-token markers as text", async () => {
    const chunks = await chunkDocument(doc("before <|endoftext|> after"), { unit: "tokens", size: 50, overlap: 0 });
    expect(chunks).toHaveLength(1);
  });
});

describe("chunkDocument: properties", () => {
  const word = fc.constantFrom("a", "ab", "abc", "lorem", "ipsum", "SQLite", "WAL", "é", "日本", "😀", "x".repeat(30), "aaaa");
  const gap = fc.constantFrom(" ", " ", " ", "\n", "\n\n", "  ", "\t", "\n \n", "\n\n\n");
  const text = fc
    .array(fc.tuple(word, gap), { minLength: 0, maxLength: 120 })
    .map((parts) => parts.map(([w, g]) => w + g).join(""))
    .chain((body) => fc.tuple(fc.constantFrom("", " ", "\n\n"), fc.constant(body), fc.constantFrom("", "\n", "  ")))
    .map(([lead, body, trail]) => lead + body + trail);
  const sizes = fc.integer({ min: 1, max: 120 }).chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 })));

  it("character chunks: exact offsets, full coverage, size and overlap limits", async () => {
    await fc.assert(
      fc.asyncProperty(text, sizes, fc.constantFrom("text", "markdown"), async (content, [size, overlap], format) => {
        const document: LoadedDocument = { id: "p", content, metadata: { format } };
        const options = { size, overlap, contextHeader: false };
        expectChunkInvariants(document, await chunkDocument(document, options), options);
      }),
      { numRuns: 300 },
    );
  });

  it("chunks stay inside random sections", async () => {
    const withSections = text.chain((content) =>
      fc.uniqueArray(fc.integer({ min: 0, max: content.length }), { maxLength: 6 }).map((cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), content.length];
        const sections: Section[] = [];
        for (let i = 0; i + 1 < points.length; i += 1) {
          if (points[i]! < points[i + 1]!) sections.push({ headings: [`h$i`], start: points[i]!, end: points[i + 1]! });
        }
        return { content, sections };
      }),
    );
    await fc.assert(
      fc.asyncProperty(withSections, sizes, async ({ content, sections }, [size, overlap]) => {
        const document: LoadedDocument = { id: "p", content, metadata: {}, sections };
        const options = { size, overlap, contextHeader: false };
        const chunks = await chunkDocument(document, options);
        expectChunkInvariants(document, chunks, options);
        for (const chunk of chunks) expect(sectionOf(chunk, sections)?.headings).toEqual(chunk.headings);
      }),
      { numRuns: 200 },
    );
  });

  it("token chunks: exact offsets, full coverage, size limit", async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 2, max: 40 }), async (content, size) => {
        const document: LoadedDocument = { id: "p", content, metadata: {} };
        const options = { size, overlap: Math.floor(size / 4), unit: "tokens" as const, contextHeader: false };
        expectChunkInvariants(document, await chunkDocument(document, options), options);
      }),
      { numRuns: 100 },
    );
  });
});

describe("locatePieces: where the splitter's pieces lie", () => {
  it("drops a piece that the next one extends from the same start", () => {
    expect(locatePieces("ab abc", ["ab", "ab abc"])).toEqual([undefined, { start: 0, end: 6 }]);
  });

  it("places a piece that overlaps the one before by more characters than maxOverlap, rather than over an earlier copy", () => {
    // The splitter measures its overlap in its own units (a Markdown chunk's prose leaves a URL out), so in characters
    // the overlap can be longer; the copy of "A\nB" inside the first piece is not where the second one lies.
    expect(locatePieces("m\nA\nB\nn\nA\nB", ["m\nA\nB\nn\nA", "A\nB"], { maxOverlap: 0 })).toEqual([
      { start: 0, end: 9 },
      { start: 8, end: 11 },
    ]);
  });

  it("places a piece past the end of the one before when no ordered placement exists, not over a copy inside it", () => {
    expect(locatePieces("b a q a a", ["a q a", "a", "b"])).toEqual([
      { start: 2, end: 7 },
      { start: 8, end: 9 },
      { start: 0, end: 1 },
    ]);
  });

  it("places pieces out of order at their first occurrences when no ordered placement exists", () => {
    expect(locatePieces("b a", ["a", "b"])).toEqual([
      { start: 2, end: 3 },
      { start: 0, end: 1 },
    ]);
  });
});
