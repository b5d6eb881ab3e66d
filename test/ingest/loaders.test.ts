import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import { join, relative } from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import type { RagError } from "../../src/errors.js";
import { namesFile } from "../../src/ingest/loaders/file-title.js";
import { fileTitle, loadFile, parseHtml, parseMarkdown, SUPPORTED_EXTENSIONS, type LoadedDocument } from "../../src/ingest/loaders/index.js";
import { htmlDepth, jsonDepth, markdownDepth } from "../../src/ingest/loaders/depth.js";
import { makePdf, SAMPLE_PDF_PAGES, SAMPLE_PDF_TITLE } from "../support/make-pdf.js";
import { createRag } from "../../src/index.js";
import { chunkDocument, embeddingText } from "../../src/ingest/chunking/index.js";
import { resolveSources } from "../../src/ingest/sources.js";
import { hashEmbedder } from "../../src/testing/index.js";

const DOCS = join(import.meta.dirname, "../fixtures/docs");
const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-loaders-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Loads a fixture with ids relative to the fixtures folder. */
async function load(name: string, options: Parameters<typeof loadFile>[1] = {}): Promise<LoadedDocument[]> {
  return loadFile(join(DOCS, name), { root: DOCS, ...options });
}

async function loadOne(name: string): Promise<LoadedDocument> {
  const docs = await load(name);
  expect(docs).toHaveLength(1);
  return docs[0]!;
}

/** The error a load rejects with, checked to be a RagError of `code`. */
async function failure(promise: Promise<unknown>, code = "LOAD_FAILED"): Promise<RagError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeRagError(code);
  return error as RagError;
}

function writeTmp(name: string, bytes: Uint8Array | string): string {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
}

/** Every section's offsets lie in the content, in order, without overlap. */
function expectWellFormedSections(doc: LoadedDocument): void {
  let position = 0;
  for (const section of doc.sections ?? []) {
    expect(section.start).toBeGreaterThanOrEqual(position);
    expect(section.end).toBeGreaterThan(section.start);
    expect(section.end).toBeLessThanOrEqual(doc.content.length);
    position = section.end;
  }
}

describe("loadFile", () => {
  it("supports the documented extensions", () => {
    expect([...SUPPORTED_EXTENSIONS].sort()).toEqual([
      ".adoc",
      ".asciidoc",
      ".htm",
      ".html",
      ".info",
      ".ipynb",
      ".json",
      ".jsonl",
      ".man",
      ".markdown",
      ".md",
      ".mdown",
      ".mdwn",
      ".mdx",
      ".mkd",
      ".mkdn",
      ".mkdown",
      ".org",
      ".pdf",
      ".pod",
      ".rest",
      ".rst",
      ".text",
      ".txt",
      ".xhtml",
    ]);
  });

  it("names documents by their path relative to the root, with / separators", async () => {
    const [doc] = await loadFile(join(DOCS, "hello.txt"), { root: join(DOCS, "..") });
    expect(doc?.id).toBe("docs/hello.txt");
    expect(doc?.metadata.source).toBe("docs/hello.txt");
  });

  it("uses the working directory as the default root", async () => {
    const [doc] = await loadFile(join(DOCS, "hello.txt"));
    expect(doc?.id).toBe(relative(process.cwd(), join(DOCS, "hello.txt")).split("\\").join("/"));
  });

  it("reads extensions case-insensitively", async () => {
    const path = writeTmp("UPPER.TXT", "upper case extension");
    const [doc] = await loadFile(path, { root: tmp });
    expect(doc?.content).toBe("upper case extension");
  });

  it("fails with LOAD_FAILED for a missing file", async () => {
    const error = await failure(load("does-not-exist.txt"));
    expect(error.message).toMatch(/does-not-exist\.txt.*could not be read \(ENOENT\)/);
    expect(error.cause).toBeDefined();
  });

  it("fails with LOAD_FAILED for an unsupported extension", async () => {
    const error = await failure(loadFile(writeTmp("notes.docx", "x"), { root: tmp }));
    expect(error.message).toMatch(/"\.docx" is not supported: expected one of \.txt/);
  });

  it("rejects a bad contentKey option with INVALID_ARGUMENT", async () => {
    await failure(load("records.json", { contentKey: [] }), "INVALID_ARGUMENT");
    await failure(load("records.json", { contentKey: "" }), "INVALID_ARGUMENT");
  });
});

describe("loadFile: text", () => {
  it("reads UTF-8 and normalises line endings", async () => {
    const doc = await loadOne("hello.txt");
    expect(doc).toMatchObject({
      id: "hello.txt",
      content: "Hello, naïve café — ✓ works.\nSecond line of UTF-8 text.\n",
      metadata: { source: "hello.txt", format: "text", encoding: "utf-8" },
    });
    expect(doc.title).toBeUndefined();
  });

  it("detects a legacy 8-bit encoding (Latin-1)", async () => {
    const doc = await loadOne("latin1.txt");
    expect(doc.content).toBe("Café crème, naïve façade.\nGröße über 10°C - déjà vu.\n");
    expect(doc.metadata.encoding).toBe("windows-1252");
  });

  it("detects windows-1252 punctuation", async () => {
    const path = writeTmp("cp1252.txt", iconv.encode("“Smart quotes” – and an en dash… in a Windows file.", "windows-1252"));
    const [doc] = await loadFile(path, { root: tmp });
    expect(doc?.content).toBe("“Smart quotes” – and an en dash… in a Windows file.");
  });

  it("reads UTF-16 with a BOM and drops the BOM", async () => {
    const doc = await loadOne("utf16le-bom.txt");
    expect(doc.content).toBe("UTF-16 with a BOM: ü ñ 日本語.\nSecond line.\n");
    expect(doc.metadata.encoding).toBe("utf-16le");
  });

  it("reads UTF-16 without a BOM, both byte orders", async () => {
    const text = "No byte-order mark here, just UTF-16 text.\nLine two.";
    for (const encoding of ["utf-16le", "utf-16be"]) {
      const [doc] = await loadFile(writeTmp(`${encoding}.txt`, iconv.encode(text, encoding)), { root: tmp });
      expect(doc?.content).toBe(text);
      expect(doc?.metadata.encoding).toBe(encoding);
    }
  });

  it("reads UTF-16 with a BOM whose text has no NUL bytes (no ASCII), and UTF-32 of both byte orders", async () => {
    // Without ASCII characters nothing but the BOM says UTF-16: every byte pair of these kana is non-zero.
    const kana = "設定ファイルの書き方。";
    const text = "UTF-32 with a BOM: ü ñ 日本語.\nSecond line.";
    for (const [encoding, bom, content] of [
      ["utf-16le", [0xff, 0xfe], kana],
      ["utf-16be", [0xfe, 0xff], kana],
      ["utf-32le", [0xff, 0xfe, 0, 0], text],
      ["utf-32be", [0, 0, 0xfe, 0xff], text],
    ] as const) {
      const [doc] = await loadFile(writeTmp(`bom-${encoding}.txt`, Buffer.concat([Buffer.from(bom), iconv.encode(content, encoding)])), { root: tmp });
      expect(doc?.content).toBe(content);
      expect(doc?.metadata.encoding).toBe(encoding);
    }
  });

  it("drops a UTF-8 BOM", async () => {
    const [doc] = await loadFile(writeTmp("bom.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("with BOM")])), { root: tmp });
    expect(doc?.content).toBe("with BOM");
  });

  it("fails with LOAD_FAILED 'binary or undecodable' for a binary file", async () => {
    const error = await failure(load("binary.txt"));
    expect(error.message).toMatch(/binary\.txt.*binary or undecodable/);
    expect(error.details).toMatchObject({ reason: "binary" });
  });

  it("fails for binary bytes without NULs", async () => {
    const bytes = Uint8Array.from({ length: 400 }, (_, i) => [1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x1b, 0x7f, 0x90][i % 12]!);
    await failure(loadFile(writeTmp("controls.txt", bytes), { root: tmp }));
  });

  it("fails with LOAD_FAILED 'empty' for empty and whitespace-only files", async () => {
    expect((await failure(load("empty.txt"))).message).toMatch(/empty\.txt: the file is empty/);
    expect((await failure(load("blank.md"))).details).toMatchObject({ reason: "empty" });
    // Not a page of front matter alone, which ingest leaves out: an empty file fails.
    expect((await failure(load("blank.md"))).details).not.toHaveProperty("frontMatterAlone");
  });

  it("says that a Markdown page of front matter alone has no text after it", async () => {
    const file = writeTmp("index.md", "---\ntitle: Guides\ndescription: Common patterns.\n---\n\n");
    const error = await failure(loadFile(file, { root: tmp }));
    expect(error.message).toMatch(/index\.md: the text after its front matter is empty/);
    // Not "Remove the file": a Hugo or Docusaurus section page is front matter alone by design.
    expect(error.message).toMatch(/front matter alone \(a site generator's section or list page\) has nothing to index\.$/);
    expect(error.message).not.toMatch(/Remove the file/);
    expect(error.details).toMatchObject({ reason: "empty", frontMatterAlone: true });
  });

  it("reads documentation named without an extension (README, NEWS.gz, README.Debian) as text, and finds it in folders", async () => {
    const folder = join(tmp, "bare-names");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "README"), "Frobnicator\n===========\n\nInstall it with make install.\n");
    writeFileSync(join(folder, "NEWS.gz"), gzipSync("Version 2\n---------\n\nFaster frobbing.\n"));
    writeFileSync(join(folder, "README.Debian"), "Debian keeps the configuration in /etc/frob.\n");
    writeFileSync(join(folder, "Makefile"), "all:\n\tcc frob.c\n");
    writeFileSync(join(folder, "configure"), "#!/bin/sh\n");
    // A lower-case "install" is a script, not INSTALL's instructions.
    writeFileSync(join(folder, "install"), "#!/bin/sh\ncp frob /usr/bin\n");
    writeFileSync(join(folder, "README.docx"), "not text");
    const found = await resolveSources([folder], tmp);
    expect(found.files.map((f) => relative(folder, f)).sort()).toEqual(["NEWS.gz", "README", "README.Debian"]);
    const [readme] = await loadFile(join(folder, "README"), { root: folder });
    expect([readme?.title, readme?.metadata.format]).toEqual(["Frobnicator", "text"]);
    const [news] = await loadFile(join(folder, "NEWS.gz"), { root: folder });
    expect(news?.sections?.[0]?.headings).toEqual(["Version 2"]);
    expect((await failure(loadFile(join(folder, "Makefile"), { root: folder }))).message).toContain("the extension (none) is not supported");
  });

  it("reads such a file as Markdown when its head is written in Markdown, and as text otherwise", async () => {
    const folder = join(tmp, "bare-markdown");
    mkdirSync(folder, { recursive: true });
    // Debian renames an upstream CHANGELOG.md to changelog.gz.
    writeFileSync(join(folder, "changelog.gz"), gzipSync("# Changelog\n\n## 2.0 - 2024-05-01\n\n- Faster **frobbing**.\n\n## 1.0\n\n- First release.\n"));
    writeFileSync(join(folder, "README"), "Frob\n\nSee [the guide](guide.html), [the FAQ](faq.html) and [the API](api.html).\n");
    // A shell comment opens a line of code; a NEWS file whose Markdown starts after its first 200 lines is text.
    writeFileSync(join(folder, "INSTALL"), "Installing\n==========\n\nAs root:\n\n# make install\n\nthen\n\n# cp foo.conf /etc/foo.conf\n\nand test.\n");
    const old = `${"Old notes.\n".repeat(200)}\n### 0.9\n\nText.\n\n### 0.8\n\nText.\n`;
    writeFileSync(join(folder, "NEWS"), `Release notes\n=============\n\n${old}`);
    const [changelog] = await loadFile(join(folder, "changelog.gz"), { root: folder });
    expect(changelog?.metadata.format).toBe("markdown");
    expect(changelog?.sections?.map((s) => s.headings.at(-1))).toEqual(["Changelog", "2.0 - 2024-05-01", "1.0"]);
    const [readme] = await loadFile(join(folder, "README"), { root: folder });
    expect(readme?.metadata.format).toBe("markdown");
    // One heading beside a fenced block is Markdown too.
    writeFileSync(join(folder, "HACKING"), "# Building\n\nRun the build from the top folder:\n\n```\nmake all\n```\n");
    expect((await loadFile(join(folder, "HACKING"), { root: folder }))[0]?.metadata.format).toBe("markdown");
    for (const name of ["INSTALL", "NEWS"]) {
      const [doc] = await loadFile(join(folder, name), { root: folder });
      expect([name, doc?.metadata.format]).toEqual([name, "text"]);
    }
  });

  it("titles an ingested file that has no title inside it by its name, a generic name after its folder's", async () => {
    expect([fileTitle("fancyvrb/README"), fileTitle("docs/index.md.gz"), fileTitle("guide/configuration.md"), fileTitle("README")]).toEqual([
      "fancyvrb README",
      "docs index",
      "configuration",
      undefined,
    ]);
    // A name of nothing but spaces gives no title, not an empty one.
    expect(fileTitle("docs/ .md")).toBeUndefined();
    const folder = join(tmp, "titles");
    mkdirSync(join(folder, "fancyvrb"), { recursive: true });
    writeFileSync(join(folder, "fancyvrb", "README"), "Verbatim environments with frames and line numbers.\n");
    writeFileSync(join(folder, "frontpage.md"), "# Own title\n\nVerbatim text kept as it is.\n");
    writeFileSync(join(folder, "catalogue.jsonl"), '{"text": "Verbatim record one."}\n');
    const [loaded] = await loadFile(join(folder, "fancyvrb", "README"), { root: folder });
    expect(loaded?.title).toBeUndefined();
    const rag = await createRag({ url: ":memory:", embedder: hashEmbedder({ dimensions: 16 }) });
    try {
      await rag.ingest(folder, { root: folder });
      // The folder's name is only in the title: the keyword index's title column finds it.
      const [hit] = await rag.search("fancyvrb", { mode: "keyword" });
      expect(hit?.metadata.source).toBe("fancyvrb/README");
      // A title inside the file, and a JSON file's records, keep theirs.
      expect(await rag.search("catalogue", { mode: "keyword" })).toEqual([]);
      expect(await rag.search("frontpage", { mode: "keyword" })).toEqual([]);
      expect((await rag.search("verbatim", { mode: "keyword" })).map((h) => h.metadata.source).sort()).toEqual([
        "catalogue.jsonl",
        "fancyvrb/README",
        "frontpage.md",
      ]);
    } finally {
      await rag.close();
    }
  });

  it('titles a Sphinx page without a title of its own ("<no title> — Site") by its file\'s name', async () => {
    const page = (title: string) =>
      `<html><head><title>${title} &#8212; The Linux Kernel documentation</title></head><body><div role="main"><p>-q, --quiet</p><p>Print only a summary at the end of the session.</p></div></body></html>`;
    expect(parseHtml(page("&lt;no title&gt;")).title).toBeUndefined();
    expect(parseHtml(page("&lt;no title&gt;s and &lt;br&gt;s")).title).toContain("<no title>s");
    const folder = join(tmp, "no-title");
    mkdirSync(join(folder, "rtla"), { recursive: true });
    writeFileSync(join(folder, "rtla", "common_top_options.html"), page("&lt;no title&gt;"));
    const rag = await createRag({ url: ":memory:", embedder: hashEmbedder({ dimensions: 16 }) });
    try {
      await rag.ingest(folder, { root: folder });
      const [hit] = await rag.search("quiet summary", { mode: "keyword" });
      expect(hit?.metadata.title).toBe("common_top_options");
    } finally {
      await rag.close();
    }
  });

  it("reads Markdown's and reStructuredText's other extensions (.mkd, .mdown, .rest) by their format", async () => {
    for (const name of ["notes.mkd", "notes.mdown", "notes.mdwn", "notes.mkdn", "notes.mkdown"]) {
      const [doc] = await loadFile(writeTmp(name, "# Notes\n\nSee [the guide](guide.md).\n"), { root: tmp });
      expect([doc?.title, doc?.metadata.format]).toEqual(["Notes", "markdown"]);
    }
    const [rest] = await loadFile(writeTmp("notes.rest", "Notes\n=====\n\nText.\n"), { root: tmp });
    expect([rest?.title, rest?.metadata.format]).toEqual(["Notes", "rst"]);
    const [text] = await loadFile(writeTmp("notes.text", "Plain notes.\n"), { root: tmp });
    expect(text?.metadata.format).toBe("text");
  });
});

describe("loadFile: markdown", () => {
  it("reads a heading's hard line break as a space, and a rule-fenced line that YAML reads as no mapping as text", () => {
    expect(parseMarkdown("First part\\\nsecond part\n===\n\nBody.").title).toBe("First part second part");
    const ruled = parseMarkdown("---\nNote:read this first\n---\n\nText.");
    expect(ruled.content).toBe("---\nNote:read this first\n---\n\nText.");
    expect(ruled.frontMatter).toEqual({});
  });

  it("takes a file's only h1 for its title, however much text comes before it", () => {
    const intro = "A long introduction before the title, as some READMEs open with badges and a paragraph. ".repeat(5);
    expect(parseMarkdown(`${intro}\n\n# Widget\n\nShort body.\n`).title).toBe("Widget");
  });

  it("reads a changelog's versions as one level, each holding the sections under it (standard-version's patch releases too)", () => {
    const paths = (markdown: string) => parseMarkdown(markdown).sections.map((s) => s.headings.join(" › "));
    const changelog = `# Changelog

## [2.1.0](https://example.org/compare/v2.0.1...v2.1.0) (2024-02-01)

### Features

* add streaming

### [2.0.1](https://example.org/compare/v2.0.0...v2.0.1) (2024-01-15)


### Bug Fixes

* close the file on error

### Performance

* faster parse

## [2.0.0](https://example.org/compare/v1.0.0...v2.0.0) (2024-01-01)

### Bug Fixes

* first fix
`;
    expect(paths(changelog)).toEqual([
      "Changelog",
      "Changelog › 2.1.0 (2024-02-01)",
      "Changelog › 2.1.0 (2024-02-01) › Features",
      "Changelog › 2.0.1 (2024-01-15)",
      "Changelog › 2.0.1 (2024-01-15) › Bug Fixes",
      "Changelog › 2.0.1 (2024-01-15) › Performance",
      "Changelog › 2.0.0 (2024-01-01)",
      "Changelog › 2.0.0 (2024-01-01) › Bug Fixes",
    ]);
    // A version written at another level than most is read at theirs, with what it holds.
    const old = "# Changelog\n\n## 2.0.0 (2024-01-01)\n\nText.\n\n## 1.1.0 (2023-01-01)\n\nText.\n\n# 1.0.0 (2022-01-01)\n\n# Features\n\n* first\n";
    expect(paths(old).slice(-2)).toEqual(["Changelog › 1.0.0 (2022-01-01)", "Changelog › 1.0.0 (2022-01-01) › Features"]);
    // "1.1: Scope" and "1.1 - Setup" are numbered sections, nested as written.
    const sections = "# Spec\n\n## 1.1: Scope\n\n### 1.1.1: Terms\n\nWords.\n\n## 1.2 - Setup\n\n### 1.2.1 - Linux\n\nRun it.\n";
    expect(paths(sections)).toEqual([
      "Spec",
      "Spec › 1.1: Scope",
      "Spec › 1.1: Scope › 1.1.1: Terms",
      "Spec › 1.2 - Setup",
      "Spec › 1.2 - Setup › 1.2.1 - Linux",
    ]);
    // Numbered sections are no versions: an empty one holds nothing.
    const numbered = "# Guide\n\n## 2.1 Installation\n\n## Usage\n\nRun it.\n\n## 2.2 Options\n\nSet them.\n";
    expect(paths(numbered)).toEqual(["Guide", "Guide › 2.1 Installation", "Guide › Usage", "Guide › 2.2 Options"]);
  });

  it("moves front matter into metadata and takes its title", async () => {
    const doc = await loadOne("guide.md");
    expect(doc.title).toBe("WAL Guide");
    expect(doc.metadata).toEqual({
      source: "guide.md",
      format: "markdown",
      encoding: "utf-8",
      tags: ["sqlite", "wal"],
      version: 3,
      draft: false,
    });
    expect(doc.content.startsWith("Intro paragraph before any heading.")).toBe(true);
    expect(doc.content).not.toContain("title:");
  });

  it("reads .mdx as Markdown: front matter, title, headings, and the text as written", async () => {
    const file = join(tmp, "chatbot.mdx");
    const text =
      "---\ntitle: Chatbot\ndescription: Build a chat UI\n---\n\nimport { Note } from '../components';\n\n## Install\n\n<Snippet text=\"npm i ai\" />\n\n## Use\n\n```tsx\n# not a heading\n```\n";
    writeFileSync(file, text);
    const [doc] = await loadFile(file, { root: tmp });
    expect(doc!.title).toBe("Chatbot");
    expect(doc!.metadata).toEqual({ source: "chatbot.mdx", format: "mdx", encoding: "utf-8", description: "Build a chat UI" });
    expect(doc!.content).toBe(text.slice(text.indexOf("import")));
    expect(doc!.sections?.map((s) => s.headings)).toEqual([[], ["Install"], ["Use"]]);
  });

  it("reads a .md file with import or export paragraphs as MDX, as Docusaurus does, and no other", async () => {
    const load = async (name: string, text: string) => {
      writeFileSync(join(tmp, name), text);
      return (await loadFile(join(tmp, name), { root: tmp }))[0]!.metadata.format;
    };
    expect(
      await load(
        "tabs.md",
        "# Install\n\nimport Tabs from '@theme/Tabs';\nimport {\n  TabItem,\n} from '@theme/TabItem';\n\n<Tabs><TabItem value=\"npm\">npm i</TabItem></Tabs>\n",
      ),
    ).toBe("mdx");
    expect(await load("meta.md", "export const meta = { tags: ['a'] };\n\n# Title\n")).toBe("mdx");
    expect(await load("note.md", "# Keys\n\n<Note>\n  Keep your API key secret.\n</Note>\n")).toBe("mdx");
    expect(await load("card.md", '# Start\n\n<Card title="Quick start" href="/start" />\n')).toBe("mdx");
    // A key name in angle brackets, a lower-case HTML block, "import" in a fence or in prose: no MDX.
    expect(await load("keys.md", "# Keys\n\n<Tab> completes the command.\n\n<div>\nHTML\n</div>\n")).toBe("markdown");
    expect(await load("code.md", "# Use\n\n```js\nimport x from 'y';\n```\n\nimport the module, then call it.\n")).toBe("markdown");
  });

  it("builds sections from ATX and setext headings, ignoring # inside code fences", async () => {
    const doc = await loadOne("guide.md");
    expectWellFormedSections(doc);
    const sections = doc.sections ?? [];
    expect(sections.map((s) => s.headings)).toEqual([
      [],
      ["Write-Ahead Logging"],
      ["Write-Ahead Logging", "Enabling WAL"],
      ["Write-Ahead Logging", "Checkpoints"],
      ["Write-Ahead Logging", "Checkpoint settings"],
      ["Write-Ahead Logging", "Checkpoint settings", "Automatic checkpoints"],
    ]);
    const starts = sections.map((s) => doc.content.slice(s.start, s.start + 25));
    expect(starts).toEqual([
      "Intro paragraph before an",
      "# Write-Ahead Logging\n\nWA",
      "## Enabling WAL\n\nRun this",
      "## Checkpoints\n\nCheckpoin",
      "Checkpoint settings\n-----",
      "### Automatic checkpoints",
    ]);
    const enabling = sections[2]!;
    expect(doc.content.slice(enabling.start, enabling.end)).toContain("# this is a comment, not a heading");
    expect(sections.at(-1)?.end).toBe(doc.content.length);
  });

  it("reads front matter as YAML: nested maps, block lists, folded strings and quoted commas", () => {
    const markdown = [
      "---",
      "title: Guide",
      'tags: [a, "b, c"]',
      "authors:",
      "  - name: Ada",
      "    role: editor",
      "  - name: Lin",
      "summary: >",
      "  Folded lines",
      "  become one.",
      "date: 2024-05-01",
      "nested: { depth: { n: 2 } }",
      "---",
      "# Body",
      "",
      "text",
    ].join("\n");
    const parsed = parseMarkdown(markdown);
    expect(parsed.frontMatter).toEqual({
      title: "Guide",
      tags: ["a", "b, c"],
      authors: [{ name: "Ada", role: "editor" }, { name: "Lin" }],
      summary: "Folded lines become one.\n",
      date: "2024-05-01",
      nested: { depth: { n: 2 } },
    });
    expect(parsed.content.startsWith("# Body")).toBe(true);
    // Not YAML (a key given twice), or not a mapping: the block stays in the text, nothing is lost.
    for (const block of ["---\na: 1\na: 2\n---\nrest", "---\na: [unclosed\n---\nrest"]) {
      const kept = parseMarkdown(block);
      expect(kept.frontMatter, block).toEqual({});
      expect(kept.content, block).toContain("a: ");
    }
  });

  it("reads a heading's character references as the characters a page shows, but in code", () => {
    const parsed = parseMarkdown("# Tough Cookie &middot; [![npm](b.svg)](n)\n\nA cookie jar.\n\n## 2nd&ndash;4th &amp; `a&amp;b` &copy\\&amp;x\n\ntext\n");
    expect(parsed.title).toBe("Tough Cookie ·");
    // `&copy` without its semicolon is text, as is an escaped `&`; a code span shows its text as written.
    expect(parsed.sections.at(-1)?.headings).toEqual(["Tough Cookie ·", "2nd–4th & a&amp;b &copy&amp;x"]);
    const html = parseMarkdown('<h1 align="center">pino&nbsp;&nbsp;std</h1>\n\ntext\n');
    expect(html.title).toBe("pino std");
  });

  it("takes the one h1 as title without front matter, and plain text of inline markup", () => {
    const parsed = parseMarkdown("Some intro.\n\n# The *real* `title` [link](x.html)\r\n\r\n## Next\n\ntext\n");
    expect(parsed.title).toBe("The real title link");
    expect(parsed.content).not.toContain("\r");
    expect(parsed.sections.map((s) => s.headings)).toEqual([[], ["The real title link"], ["The real title link", "Next"]]);
    // h1s that follow one another as peers (a changelog's versions, "# Installation" then "# Summary") give no
    // title; front matter still does.
    const changelog = parseMarkdown(
      "1.52.0 / 2022-02-21\n===================\n\n* Add types\n\n1.51.0 / 2021-11-08\n===================\n\n* Fix\n\n1.50.0 / 2021-09-15\n===================\n\n* Add\n",
    );
    expect(changelog.title).toBeUndefined();
    expect(changelog.sections.map((s) => s.headings)).toEqual([["1.52.0 / 2022-02-21"], ["1.51.0 / 2021-11-08"], ["1.50.0 / 2021-09-15"]]);
    expect(parseMarkdown("---\ntitle: Guide\n---\n# One\n\nx\n\n# Two\n\ny").title).toBe("Guide");
    // An h1 whose section holds most of the file is its title, though other h1s follow (a README's "# Contributing").
    const readme = `# LangSmith Client SDK\n\n${"The client. ".repeat(20)}\n\n## Connect\n\n${"Set the key. ".repeat(20)}\n\n# Contributing\n\nSee the guide.`;
    expect(parseMarkdown(readme).title).toBe("LangSmith Client SDK");
    // A logo alone is no heading, so the name under it is the title.
    const logo = `<h1 align="center"><img src="logo.svg" alt="logo"></h1>\n\n# MyLib\n\n${"It does things. ".repeat(20)}\n\n## Install\n\nnpm i mylib`;
    expect(parseMarkdown(logo).title).toBe("MyLib");
  });

  it("takes a first h1 that names the file as its title, over a longer h1 after it", () => {
    // deepmerge's README: a short "# deepmerge", then "# API" with most of the text.
    const readme = `# deepmerge\n\nMerges objects.\n\n# Example\n\nx\n\n# API\n\n${"deepmerge(x, y, [options]) merges. ".repeat(20)}`;
    expect(parseMarkdown(readme).title).toBe("API");
    for (const source of ["node_modules/deepmerge/README.md", "deepmerge.md", "docs/DeepMerge.markdown"]) {
      expect(parseMarkdown(readme, source).title, source).toBe("deepmerge");
    }
    // A name that is not the h1's, or only its first letter, leaves the rule of the longest section.
    for (const source of ["merge/README.md", "d.md", "README.md"]) expect(parseMarkdown(readme, source).title, source).toBe("API");
    expect([
      namesFile("tldts - Blazing Fast URL Parsing", "tldts.md"),
      namesFile("`@inquirer/core`", "inquirer__core.md"),
      namesFile("Apache Arrow in JS", "apache-arrow/README"),
      namesFile("Installation", "summary.md"),
      namesFile("API", "a.md"),
    ]).toEqual([true, true, true, false, false]);
  });

  it("leaves a heading's badges out of its text, and reads an HTML heading block as a heading", () => {
    const badges = parseMarkdown("# dotenv [![NPM version](https://img.shields.io/npm/v/dotenv.svg)](https://npm.im/dotenv)\n\nLoads .env files.\n");
    expect(badges.title).toBe("dotenv");
    // A heading that is nothing but a picture keeps the picture's text.
    expect(parseMarkdown("# ![Logo](logo.png)\n\nx").title).toBe("Logo");
    // A centred name in HTML is a heading; a centred logo alone, or MDX's JSX, is not.
    const html = parseMarkdown('<h1 align="center">\n  Chalk\n  <br>\n</h1>\n\n> Terminal string styling\n\n## Install\n\nnpm install chalk\n');
    expect(html.title).toBe("Chalk");
    expect(html.sections.map((s) => s.headings)).toEqual([["Chalk"], ["Chalk", "Install"]]);
    expect(parseMarkdown('<h2 align="center">Zod</h2>\n\nSchema validation.\n').sections.map((s) => s.headings)).toEqual([["Zod"]]);
    expect(parseMarkdown('<h1 align="center"><img src="logo.svg" alt="Chalk logo"></h1>\n\nText.\n').sections.map((s) => s.headings)).toEqual([[]]);
    expect(parseMarkdown('<h1 className="hero__title">{siteConfig.title}</h1>\n\nText.\n').title).toBeUndefined();
  });

  it("leaves out a banner, a centred site name over the page's one top heading: the heading titles the page", () => {
    // Every page of Fastify's docs opens so; the page is what the heading under the banner says.
    const page = parseMarkdown('<h1 align="center">Fastify</h1>\n\n## Routes\n\nThe route methods.\n\n### Full declaration\n\nx\n');
    expect(page.title).toBe("Routes");
    expect(page.content.startsWith("## Routes\n")).toBe(true);
    expect(page.sections.map((s) => s.headings)).toEqual([["Routes"], ["Routes", "Full declaration"]]);
    // Centred by a style, over several lines, with an h1 under it.
    expect(parseMarkdown('<h1 style="text-align: center;">\n  Fastify\n</h1>\n\n# Testing\n\nx\n').title).toBe("Testing");
    // Text under the centred name (a tagline, an introduction), or on its line: it is the title, and the text stays.
    expect(parseMarkdown('<h1 align="center">Fastify</h1>\n\nThe docs come in two parts.\n\n## Where To Start\n\nx\n').title).toBe("Fastify");
    const tagline = parseMarkdown('<h1 align="center">Fastify</h1> Fast and low overhead web framework\n\n## Routes\n\nText.\n');
    expect(tagline.title).toBe("Fastify");
    expect(tagline.content).toContain("Fast and low overhead web framework");
    // A README's name over its sections is its title.
    const readme = parseMarkdown('<h1 align="center">MyLib</h1>\n\n## Installation\n\nnpm i mylib\n\n## Usage\n\nCall it.\n', "mylib/README.md");
    expect(readme.title).toBe("MyLib");
    expect(readme.content.startsWith("<h1")).toBe(true);
    // Over several sections, the first of which names the file, the name is a banner still (Fastify's Hooks.md).
    const hooks = parseMarkdown('<h1 align="center">Fastify</h1>\n\n## Hooks\n\nHooks listen.\n\n## Request/Reply Hooks\n\nx\n', "docs/Reference/Hooks.md");
    expect(hooks.title).toBe("Hooks");
    expect(hooks.sections.map((s) => s.headings)).toEqual([["Hooks"], ["Request/Reply Hooks"]]);
    // Not centred (an attribute that only ends in "align" is not one): an h1 over a sole h2 is the title, as ever.
    expect(parseMarkdown("<h1>Fastify</h1>\n\n## Routes\n\nx\n").title).toBe("Fastify");
    expect(parseMarkdown('<h1 data-align="center">Fastify</h1>\n\n## Routes\n\nx\n').title).toBe("Fastify");
    expect(parseMarkdown("# Guide\n\n## Install\n\nx\n").title).toBe("Guide");
  });

  it("does not take a thematic break for front matter", () => {
    const parsed = parseMarkdown("---\nJust a paragraph between rules.\n---\n\nBody.");
    expect(parsed.frontMatter).toEqual({});
    expect(parsed.content).toContain("Just a paragraph");
  });
});

describe("loadFile: html", () => {
  it("keeps readable text and drops scripts, styles, navigation, forms and hidden parts", async () => {
    const doc = await loadOne("page.html");
    for (const junk of [
      "<!DOCTYPE",
      "SCRIPT TEXT",
      "color: red",
      "Home",
      "Menu item",
      "SiteName",
      "Enable JavaScript",
      "HIDDEN TEXT",
      "ALSO HIDDEN",
      "SVG TEXT",
      "Search",
      "TEMPLATE TEXT",
      "FOOTER TEXT",
    ]) {
      expect(doc.content).not.toContain(junk);
    }
    expect(doc.content).toBe(
      [
        "Caching & Memory",
        "The page cache keeps recently used pages in memory. It is <fast>.",
        "Cache size",
        "Set it with PRAGMA cache_size.",
        "- Positive values are pages.\n- Negative values are kibibytes.",
        "PRAGMA cache_size = -2000;\n  -- two megabytes",
        "Defaults",
        "Setting | Value\ncache_size | -2000",
        "Memory limits",
        "See limits.",
      ].join("\n\n"),
    );
    expect(doc.title).toBe("Caching & Memory");
    expect(doc.metadata).toEqual({ source: "page.html", format: "html", encoding: "utf-8", lang: "en" });
  });

  it("makes h1-h6 into sections with heading paths and exact offsets", async () => {
    const doc = await loadOne("page.html");
    expectWellFormedSections(doc);
    const sections = doc.sections ?? [];
    expect(sections.map((s) => s.headings)).toEqual([
      ["Caching & Memory"],
      ["Caching & Memory", "Cache size"],
      ["Caching & Memory", "Cache size", "Defaults"],
      ["Caching & Memory", "Memory limits"],
    ]);
    for (const section of sections) {
      expect(doc.content.slice(section.start).startsWith(section.headings.at(-1)!)).toBe(true);
    }
  });

  it("strips the sqlite.org menu, keeps the page text and its numbered headings", async () => {
    const doc = await loadOne("sqlite-lang_vacuum.html");
    expect(doc.title).toBe("VACUUM");
    for (const junk of ["Small. Fast. Reliable", "Search Documentation", "Purchase", "toggle_search", "This page last modified", "<!DOCTYPE", "hide"]) {
      expect(doc.content).not.toContain(junk);
    }
    expect(doc.content).toContain("The VACUUM command rebuilds the database file, repacking it into a minimal amount of disk space.");
    expect(doc.content).toContain('- Unless SQLite is running in "auto_vacuum=FULL" mode');
    expect(doc.sections?.map((s) => s.headings)).toEqual([
      [],
      ["1. Syntax"],
      ["2. Description"],
      ["2. Description", "2.1. VACUUM with an INTO clause"],
      ["3. How VACUUM works"],
    ]);
    expectWellFormedSections(doc);
  });

  it("turns sqlite.org's hidden <h> headings into sub-headings of the last real heading", () => {
    const parsed = parseHtml(`<html><head><link href="sqlite.css" rel="stylesheet"><title>Pragmas</title></head><body>
      <h1 align="center">PRAGMA Statements</h1><p>Intro.</p>
      <h2>List Of PRAGMAs</h2><p>The list.</p>
      <a name="pragma_cache_size"></a><h _id=pragma_cache_size style="display:none"> PRAGMA cache_size</h><hr>
      <p>Sets the cache size.</p>
      <a name="pragma_journal_mode"></a><h _id=pragma_journal_mode style="display:none"> PRAGMA journal_mode</h><hr>
      <p>Sets the journal mode.</p></body></html>`);
    expect(parsed.sections.map((s) => s.headings)).toEqual([
      ["PRAGMA Statements"],
      ["PRAGMA Statements", "List Of PRAGMAs"],
      ["PRAGMA Statements", "List Of PRAGMAs", "PRAGMA cache_size"],
      ["PRAGMA Statements", "List Of PRAGMAs", "PRAGMA journal_mode"],
    ]);
    const last = parsed.sections.at(-1)!;
    expect(parsed.content.slice(last.start, last.end)).toBe("PRAGMA journal_mode\n\nSets the journal mode.");
  });

  it("keeps escaped markup as text", () => {
    expect(parseHtml("<p>Write &lt;!-- comments --&gt; and &lt;?php tags as text.</p>").content).toBe("Write <!-- comments --> and <?php tags as text.");
  });

  it("takes the first h1 as title when there is no <title>, and keeps ordered list numbers", () => {
    const parsed = parseHtml("<h1>Only heading</h1><ol start=3><li>three</li><li><p>four</p></li></ol><p>a<br>b</p>");
    expect(parsed.title).toBe("Only heading");
    expect(parsed.content).toBe("Only heading\n\n3. three\n4. four\n\na\nb");
  });

  it("keeps a page-wide form that holds the content, and a header inside an article", () => {
    const parsed = parseHtml("<form><article><header><h1>Post</h1></header><p>Body text.</p></article></form>");
    expect(parsed.content).toBe("Post\n\nBody text.");
  });

  it("honours <meta charset> for non-UTF-8 pages", async () => {
    const html = '<html><head><meta charset="iso-8859-1"><title>Übersicht</title></head><body><p>Größe</p></body></html>';
    const [doc] = await loadFile(writeTmp("latin1.html", iconv.encode(html, "latin1")), { root: tmp });
    expect(doc?.title).toBe("Übersicht");
    expect(doc?.content).toBe("Größe");
  });

  it("honours <meta charset> where detection alone guesses wrong (Cyrillic, Shift JIS)", async () => {
    // chardet takes both of these short pages for Latin-1 or windows-1252.
    for (const [encoding, text] of [
      ["windows-1251", "Настройка сервера"],
      ["shift_jis", "設定ファイルの書き方"],
    ] as const) {
      const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${encoding}"></head><body><p>${text}</p></body></html>`;
      const [doc] = await loadFile(writeTmp(`${encoding}.html`, iconv.encode(html, encoding)), { root: tmp });
      expect(doc?.content).toBe(text);
      expect(doc?.metadata.encoding).toBe(encoding);
    }
  });

  it("fails with LOAD_FAILED 'empty' for a page without text", async () => {
    const error = await failure(
      loadFile(writeTmp("blank.html", "<!DOCTYPE html><html><head><title>T</title></head><body><script>x()</script></body></html>"), { root: tmp }),
    );
    expect(error.details).toMatchObject({ reason: "empty" });
  });
});

describe("loadFile: json", () => {
  it("makes one document per element of an array, with ids, titles and metadata", async () => {
    const docs = await load("records.json");
    expect(docs).toEqual([
      {
        id: "records.json#wal",
        content: "Write-ahead logging is faster in most cases.",
        title: "WAL",
        metadata: { id: "wal", tags: ["sqlite"], year: 2010, source: "records.json", format: "json" },
      },
      {
        id: "records.json#1",
        content: "The rollback journal is the default.",
        metadata: { lang: "en", source: "records.json", format: "json" },
      },
      {
        id: "records.json#7",
        content: "VACUUM rebuilds the database file.",
        metadata: { id: 7, meta: { section: "maintenance" }, source: "records.json", format: "json" },
      },
    ]);
  });

  it("reads a single object as one record", async () => {
    const docs = await loadFile(writeTmp("one.json", JSON.stringify({ text: "Just one.", author: "me" })), { root: tmp });
    expect(docs).toEqual([{ id: "one.json#0", content: "Just one.", metadata: { author: "me", source: "one.json", format: "json" } }]);
  });

  it("reads JSON Lines, skipping blank lines", async () => {
    const docs = await load("records.jsonl");
    expect(docs.map((d) => [d.id, d.content, d.metadata.n])).toEqual([
      ["records.jsonl#a", "First record.", 1],
      ["records.jsonl#b", "Second record.", 2],
      ["records.jsonl#c", "Third record.", 3],
    ]);
    expect(docs[0]?.metadata.format).toBe("jsonl");
  });

  it("fails the whole file with the line number of a bad line", async () => {
    const error = await failure(load("records-bad.jsonl"));
    expect(error.message).toMatch(/records-bad\.jsonl: line 3 is not valid JSON/);
    expect(error.details).toMatchObject({ line: 3 });
  });

  it("takes the text from a custom contentKey", async () => {
    const path = writeTmp("custom.jsonl", '{"id":1,"question":"Q?","answer":"A."}\n');
    const [doc] = await loadFile(path, { root: tmp, contentKey: ["missing", "answer"] });
    expect(doc).toEqual({ id: "custom.jsonl#1", content: "A.", metadata: { id: 1, question: "Q?", source: "custom.jsonl", format: "jsonl" } });
  });

  it("fails for a record without text, naming it and the keys looked for", async () => {
    const path = writeTmp("notext.json", JSON.stringify([{ text: "ok" }, { content: 42 }]));
    const error = await failure(loadFile(path, { root: tmp }));
    expect(error.message).toMatch(/element 1 has no text: expected a non-empty string in "content" or "text".*found "content": 42/);
  });

  it("fails for records that are not objects, duplicate ids and syntax errors", async () => {
    expect((await failure(loadFile(writeTmp("scalars.json", "[1, 2]"), { root: tmp }))).message).toMatch(/element 0 is 1: expected an object/);
    expect((await failure(loadFile(writeTmp("dupes.jsonl", '{"id":"x","text":"a"}\n{"id":"x","text":"b"}'), { root: tmp }))).message).toMatch(
      /line 2 has the same id as line 1/,
    );
    expect((await failure(loadFile(writeTmp("broken.json", '[{"text": "a"},'), { root: tmp }))).message).toMatch(/not valid JSON/);
    expect((await failure(loadFile(writeTmp("empty.jsonl", "\n\n"), { root: tmp }))).details).toMatchObject({ reason: "empty" });
  });
});

describe("loadFile: pdf", () => {
  it("extracts the text of each page, its page count, title and page sections", async () => {
    const doc = await loadOne("sample.pdf");
    const pages = SAMPLE_PDF_PAGES.map((lines) => lines.join("\n"));
    expect(doc.content).toBe(pages.join("\n\n"));
    expect(doc.title).toBe(SAMPLE_PDF_TITLE);
    expect(doc.metadata).toEqual({ source: "sample.pdf", format: "pdf", pages: 2 });
    expect(doc.sections).toEqual([
      { headings: [], start: 0, end: pages[0]!.length, page: 1 },
      { headings: [], start: pages[0]!.length + 2, end: doc.content.length, page: 2 },
    ]);
  });

  it("matches the fixture generator", () => {
    expect(new Uint8Array(readFileSync(join(DOCS, "sample.pdf")))).toEqual(makePdf(SAMPLE_PDF_PAGES, { title: SAMPLE_PDF_TITLE }));
  });

  it("skips pages without text", async () => {
    const [doc] = await loadFile(writeTmp("gap.pdf", makePdf([["page one"], [], ["page three"]])), { root: tmp });
    expect(doc?.content).toBe("page one\n\npage three");
    expect(doc?.sections?.map((s) => s.page)).toEqual([1, 3]);
    expect(doc?.metadata.pages).toBe(3);
    // No title in its document info: its first line is the title.
    expect(doc?.title).toBe("page one");
  });

  it("fails with LOAD_FAILED for a PDF without extractable text", async () => {
    const error = await failure(loadFile(writeTmp("scan.pdf", makePdf([[], []])), { root: tmp }));
    expect(error.message).toMatch(/none of its 2 page\(s\) has extractable text/);
  });

  it("fails with LOAD_FAILED for a file that is not a PDF", async () => {
    const error = await failure(loadFile(writeTmp("fake.pdf", "this is not a PDF at all"), { root: tmp }));
    expect(error.message).toMatch(/not a readable PDF/);
  });
});

describe("loadFile: limits", () => {
  it("refuses a file over maxFileBytes before reading it, naming the limit and how to raise it", async () => {
    const path = writeTmp("large.txt", "a".repeat(5000));
    const error = await failure(loadFile(path, { root: tmp, limits: { maxFileBytes: 4096 } }), "LIMIT_EXCEEDED");
    expect(error.message).toMatch(/large\.txt: the file size in bytes is 5000, over limits\.maxFileBytes = 4096\. Raise it/);
    expect(error.details).toMatchObject({ limit: "maxFileBytes", value: 4096, actual: 5000 });
    expect(await loadFile(path, { root: tmp })).toHaveLength(1);
  });

  it("stops extracting a PDF's text once it passes maxDocumentChars", async () => {
    const path = writeTmp(
      "long.pdf",
      makePdf(Array.from({ length: 6 }, (_, p) => Array.from({ length: 10 }, (_, l) => `page ${p} line ${l} with some words`))),
    );
    const error = await failure(loadFile(path, { root: tmp, limits: { maxDocumentChars: 500 } }), "LIMIT_EXCEEDED");
    expect(error.message).toMatch(/limits\.maxDocumentChars = 500/);
    expect((await loadFile(path, { root: tmp }))[0]!.metadata.pages).toBe(6);
  });

  it("refuses Markdown, HTML and JSON nested deeper than maxDepth, and loads them within it", async () => {
    const md = writeTmp("quotes.md", `${"> ".repeat(20)}deep`);
    const html = writeTmp("divs.html", `${"<div>".repeat(20)}deep`);
    const json = writeTmp("deep.json", `{"text":"deep","nested":${"[".repeat(20)}${"]".repeat(20)}}`);
    for (const path of [md, html, json]) {
      const error = await failure(loadFile(path, { root: tmp, limits: { maxDepth: 10 } }), "LIMIT_EXCEEDED");
      expect(error.message).toMatch(/nesting depth .* is more than 10, over limits\.maxDepth = 10/);
      expect(await loadFile(path, { root: tmp, limits: { maxDepth: 30 } })).toHaveLength(1);
    }
  });

  it("rejects a limit that is not a positive number", async () => {
    await failure(loadFile(writeTmp("ok.txt", "ok"), { limits: { maxDepth: -1 } }), "INVALID_ARGUMENT");
    await failure(loadFile(writeTmp("ok.txt", "ok"), { limits: { maxBytes: 5 } as never }), "INVALID_ARGUMENT");
  });
});

describe("depth scans", () => {
  it("count JSON brackets outside strings", () => {
    expect(jsonDepth(`{"a":[{"b":"[[[[{{{{"}]}`, 100)).toBe(3);
    expect(jsonDepth(`{"a":"\\"}`, 100)).toBe(1);
    // An escaped quote does not end its string, and a closing bracket ends its level.
    expect(jsonDepth(`{"a":"\\"[[["}`, 100)).toBe(1);
    expect(jsonDepth("[[1], [2], {}, [3]]", 100)).toBe(2);
    expect(jsonDepth("[".repeat(1_000_000), 128)).toBe(129);
  });

  it("do not count HTML void elements, optional end tags, comments or script text", () => {
    expect(htmlDepth("<div><p>one<p>two<br><img src=x><ul><li>a<li>b</ul><!-- <div><div> --><script>'<div><div>'</script></div>", 100)).toBe(2);
    expect(htmlDepth("<span/><section><article></article></section>", 100)).toBe(2);
  });

  it("scan HTML for depth without taking '<name>' inside a quoted attribute value for a tag (CMake's index)", () => {
    // CMake's genindex.html: 2,213 links like these, whose <LANG> and <CONFIG> were each counted as an open tag.
    const links = Array.from({ length: 300 }, (_, i) => `<li><a href="variable/X.html#variable:CMAKE_<LANG>_FLAGS_<CONFIG>${i}">x</a></li>`).join("");
    expect(htmlDepth(`<div><ul>${links}</ul></div>`, 128)).toBe(3);
    expect(htmlDepth(`<p title='a > b'><span data-x="<div>">t</span></p>`, 100)).toBe(1);
    // Unquoted values and spaces around "=" are read as HTML reads them.
    expect(htmlDepth("<a href = x><b class=y>t</b></a>", 100)).toBe(2);
    // A quote inside an unquoted value opens nothing; a quoted value never closed ends the scan.
    expect(htmlDepth("<div><a title=don't>x</a><section><b>y</b></section></div>", 100)).toBe(3);
    expect(htmlDepth('<div><p title="never closed>text</p></div>', 100)).toBe(1);
    const started = performance.now();
    for (const hostile of [`${"<a x='".repeat(250_000)}>`, `${'<a x="'.repeat(250_000)}>`, `${"<a x= ".repeat(250_000)}>`])
      expect(htmlDepth(hostile, 128)).toBeLessThanOrEqual(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("scan HTML in linear time where no '>' or '-->' follows a '<' (each used to be scanned to the end from every '<')", () => {
    const started = performance.now();
    for (const hostile of ["<a x".repeat(250_000), `${"< ".repeat(500_000)}>`, "<!--".repeat(250_000)]) expect(htmlDepth(hostile, 128)).toBe(0);
    // Quadratic scans take about 50 s a megabyte here; linear ones, milliseconds.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(htmlDepth(`<div><!-- <div> -->${"<b>".repeat(3)}text`, 100)).toBe(4);
  });

  it("count Markdown quotes and list levels, not code", () => {
    expect(markdownDepth("> > quoted\n- a\n  - b\n    - c\n", 100)).toBe(3);
    expect(markdownDepth(`\`\`\`\n${" ".repeat(400)}- not a list\n\`\`\`\ntext`, 100)).toBe(0);
    expect(markdownDepth(">".repeat(1_000_000), 128)).toBe(129);
    expect(markdownDepth("> - a list in a quote\n>   - and its second level", 100)).toBe(3);
  });

  it("stop at the first level past the limit", () => {
    expect(htmlDepth(`${"<div>".repeat(200)}text`, 128)).toBe(129);
    expect(markdownDepth(`${" ".repeat(258)}- deep\n${" ".repeat(600)}- deeper`, 128)).toBe(130);
  });
});

describe("loadFile: XHTML", () => {
  it("reads an .xhtml page as HTML, its XML declaration and namespace aside", async () => {
    const path = writeTmp(
      "page.xhtml",
      '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Chapter 1</title></head><body><h1>Chapter 1</h1><p>It begins.</p></body></html>',
    );
    const [doc] = await loadFile(path, { root: tmp });
    expect([doc?.title, doc?.content, doc?.metadata.format]).toEqual(["Chapter 1", "Chapter 1\n\nIt begins.", "html"]);
  });
});

describe("loadFile: Jupyter notebooks", () => {
  const notebook = (cells: unknown[], metadata: Record<string, unknown> = { language_info: { name: "python" } }) =>
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells });

  it("reads Markdown cells as Markdown, code cells as fenced code with their plain-text output, and skips images and empty cells", async () => {
    const path = writeTmp(
      "intro.ipynb",
      notebook([
        { cell_type: "markdown", source: ["# Intro to frames\n", "\n", "A [frame](frame.html) holds columns."] },
        // A cell that is no object, and a Markdown cell of white space, add nothing.
        null,
        { cell_type: "markdown", source: ["  \n"] },
        {
          cell_type: "code",
          source: "df = load()\nprint(df.shape)",
          outputs: [
            { output_type: "stream", name: "stdout", text: ["(3, 2)\n"] },
            null,
            { output_type: "display_data", data: { "image/png": "iVBORw0KGgo=", "text/plain": ["<Figure size 640x480>"] } },
          ],
        },
        { cell_type: "markdown", source: "## Selecting\n\nUse `df.loc` with labels." },
        { cell_type: "code", source: "df.loc[0, 'x']", outputs: [{ output_type: "error", ename: "KeyError", evalue: "'x'", traceback: ["..."] }] },
        { cell_type: "code", source: "", outputs: [] },
      ]),
    );
    const [doc] = await loadFile(path, { root: tmp });
    expect(doc?.title).toBe("Intro to frames");
    expect(doc?.metadata).toMatchObject({ format: "ipynb", language: "python", source: "intro.ipynb" });
    expect(doc?.content).toBe(
      "# Intro to frames\n\nA [frame](frame.html) holds columns.\n\n```python\ndf = load()\nprint(df.shape)\n```\n\n```output\n(3, 2)\n\n<Figure size 640x480>\n```\n\n## Selecting\n\nUse `df.loc` with labels.\n\n```python\ndf.loc[0, 'x']\n```\n\n```output\nKeyError: 'x'\n```",
    );
    expect(doc?.sections?.map((section) => section.headings)).toEqual([["Intro to frames"], ["Intro to frames", "Selecting"]]);
    // Its chunks reach the embedder as Markdown prose: the link keeps its text, not its target.
    const chunks = await chunkDocument(doc!);
    expect(chunks.some((chunk) => embeddingText(chunk).includes("A frame holds columns."))).toBe(true);
  });

  it("caps a long output, keeps a cell's backticks inside its fence, and prefers the metadata's title", async () => {
    const long = Array.from({ length: 400 }, (_, i) => `row ${i}`).join("\n");
    const path = writeTmp(
      "long.ipynb",
      notebook(
        [
          { cell_type: "code", source: "s = '```'", outputs: [{ output_type: "execute_result", data: { "text/plain": long } }] },
          { cell_type: "markdown", source: "# Heading" },
        ],
        { title: "Notebook title", kernelspec: { language: "R" } },
      ),
    );
    const [doc] = await loadFile(path, { root: tmp });
    expect(doc?.title).toBe("Notebook title");
    expect(doc?.content.startsWith("````R\ns = '```'\n````")).toBe(true);
    const output = doc!.content.slice(doc!.content.indexOf("```output"));
    expect(output.length).toBeLessThan(1100);
    expect(output).toContain("row 0\n");
    expect(output).toContain("\n…\n```");
  });

  it("reads each cell on its own: a fence a Markdown cell leaves open, or a raw cell, hides no later heading", async () => {
    const path = writeTmp(
      "cells.ipynb",
      notebook([
        { cell_type: "markdown", source: "# Setup\n\n```bash\npip install x" },
        { cell_type: "markdown", source: "## Later\n\nText." },
        { cell_type: "raw", source: "<pre>\n\\begin{equation}" },
        { cell_type: "markdown", source: "### After raw\n\nMore." },
        // A code cell saved without its outputs (a stripped notebook).
        { cell_type: "code", source: "y = 2" },
        { cell_type: "code", source: "x = 1", outputs: [{ output_type: "error", ename: { bad: 1 }, evalue: 7 }] },
      ]),
    );
    const [doc] = await loadFile(path, { root: tmp });
    expect(doc?.sections?.map((section) => section.headings)).toEqual([["Setup"], ["Setup", "Later"], ["Setup", "Later", "After raw"]]);
    expect(doc?.content).toContain("```raw\n<pre>\n\\begin{equation}\n```");
    expect(doc?.content.endsWith("```output\nError:\n```")).toBe(true);
  });

  it("fails a file that is not JSON, or JSON that is not a notebook, or a notebook without text", async () => {
    expect((await failure(loadFile(writeTmp("bad.ipynb", "{ not json"), { root: tmp }))).message).toContain("not valid JSON");
    expect((await failure(loadFile(writeTmp("list.ipynb", "[1, 2]"), { root: tmp }))).message).toContain('"cells" array');
    expect((await failure(loadFile(writeTmp("v3.ipynb", '{"nbformat": 3, "worksheets": []}'), { root: tmp }))).message).toContain("nbconvert");
    expect((await failure(loadFile(writeTmp("empty.ipynb", notebook([{ cell_type: "code", source: "", outputs: [] }])), { root: tmp }))).message).toContain(
      "empty",
    );
  });
});

describe("loadFile: gzip-compressed files", () => {
  it("reads a .html.gz or .md.gz as its inner format, under its own name", async () => {
    const html = writeTmp("faq.html.gz", gzipSync("<title>FAQ</title><main><h1>FAQ</h1><p>What is cURL?</p></main>"));
    const [page] = await loadFile(html, { root: tmp });
    expect(page?.id).toBe("faq.html.gz");
    expect(page?.title).toBe("FAQ");
    expect(page?.content).toBe("FAQ\n\nWhat is cURL?");
    const md = writeTmp("NEWS.md.gz", gzipSync("# News\n\nVersion 2 is out.\n"));
    const [news] = await loadFile(md, { root: tmp });
    expect([news?.title, news?.metadata.format]).toEqual(["News", "markdown"]);
  });

  it("is skipped unchanged on a second ingest, and read again when its bytes change", async () => {
    const folder = join(tmp, "gz-again");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "faq.html.gz"), gzipSync("<h1>FAQ</h1><p>First answer.</p>"));
    const rag = await createRag({ url: ":memory:", embedder: hashEmbedder({ dimensions: 16 }) });
    try {
      expect((await rag.ingest(folder, { root: folder })).documents.added).toBe(1);
      expect((await rag.ingest(folder, { root: folder })).documents.unchanged).toBe(1);
      writeFileSync(join(folder, "faq.html.gz"), gzipSync("<h1>FAQ</h1><p>Second answer.</p>"));
      expect((await rag.ingest(folder, { root: folder })).documents.updated).toBe(1);
    } finally {
      await rag.close();
    }
  });

  it("is found in a folder and ingested like its inner format", async () => {
    const folder = join(tmp, "gz-folder");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "faq.html.gz"), gzipSync("<h1>FAQ</h1><p>Use curl --retry to retry transient errors.</p>"));
    writeFileSync(join(folder, "notes.txt"), "Plain notes.");
    writeFileSync(join(folder, "archive.tar.gz"), gzipSync("not a document"));
    const found = await resolveSources([folder], tmp);
    expect(found.files.map((f) => relative(folder, f)).sort()).toEqual(["faq.html.gz", "notes.txt"]);
    const rag = await createRag({ url: ":memory:", embedder: hashEmbedder({ dimensions: 16 }) });
    try {
      const report = await rag.ingest(folder, { root: folder });
      expect(report.documents.added).toBe(2);
      const [hit] = await rag.search("curl retry transient", { mode: "keyword" });
      expect(hit?.metadata.source).toBe("faq.html.gz");
    } finally {
      await rag.close();
    }
  });

  it("stops decompressing at limits.maxFileBytes, and fails a file that is not gzip or not a supported format", async () => {
    const bomb = writeTmp("bomb.txt.gz", gzipSync(Buffer.alloc(1_000_000, 0x61)));
    expect(readFileSync(bomb).byteLength).toBeLessThan(4096);
    const tooLarge = await failure(loadFile(bomb, { root: tmp, limits: { maxFileBytes: 4096 } }), "LIMIT_EXCEEDED");
    expect(tooLarge.message).toContain("decompressed size");
    const corrupt = await failure(loadFile(writeTmp("cut.html.gz", gzipSync("<p>text</p>").subarray(0, 12)), { root: tmp }));
    expect(corrupt.message).toContain("not valid gzip");
    expect((await failure(loadFile(writeTmp("plain.html.gz", "<p>not compressed</p>"), { root: tmp }))).message).toContain("not valid gzip");
    const inner = await failure(loadFile(writeTmp("data.bin.gz", gzipSync("x")), { root: tmp }));
    expect(inner.message).toContain('the extension inside ".gz" is ".bin", which is not supported');
    expect((await failure(loadFile(writeTmp("bare.gz", gzipSync("x")), { root: tmp }))).message).toContain('inside ".gz" is (none)');
  });

  it("reads every whole member of a gzip file with bytes after them, as gzip -d does, and nothing that does not check out", async () => {
    const garbage = Buffer.from("trailing garbage\n");
    // A file name in the header (gzip's FNAME), two members, then bytes that are no member.
    const named = Buffer.from(gzipSync("Part one.\n\n"));
    named[3] = 8;
    const withName = Buffer.concat([named.subarray(0, 10), Buffer.from("notes.txt\u0000"), named.subarray(10)]);
    const file = writeTmp("padded.txt.gz", Buffer.concat([withName, gzipSync("Part two."), garbage]));
    const [doc] = await loadFile(file, { root: tmp });
    expect(doc?.content).toBe("Part one.\n\nPart two.");
    // An extra field (FEXTRA, as dictzip writes its index) and a comment (FCOMMENT) before the deflate stream.
    const plain = Buffer.from(gzipSync("Dictionary text."));
    plain[3] = 4 | 16;
    const extra = Buffer.from([6, 0, 0x52, 0x41, 2, 0, 0x3e, 0x3c]);
    const withExtra = Buffer.concat([plain.subarray(0, 10), extra, Buffer.from("made by hand\u0000"), plain.subarray(10)]);
    const [dict] = await loadFile(writeTmp("dict.txt.gz", Buffer.concat([withExtra, garbage])), { root: tmp });
    expect(dict?.content).toBe("Dictionary text.");
    // A member whose checksum is wrong, or one cut short, fails as before.
    const bad = Buffer.from(gzipSync("Checked text."));
    bad[bad.length - 8] = (bad[bad.length - 8] ?? 0) ^ 0xff;
    expect((await failure(loadFile(writeTmp("crc.txt.gz", Buffer.concat([bad, garbage])), { root: tmp }))).message).toContain("not valid gzip");
    const cut = gzipSync("Some longer text that is cut short.").subarray(0, 20);
    expect((await failure(loadFile(writeTmp("cut.txt.gz", Buffer.concat([cut, garbage])), { root: tmp }))).message).toContain("not valid gzip");
    // A second member that is cut short or corrupt fails the file, as gzip -d fails it: it is no trailing garbage.
    const second = Buffer.from(gzipSync("Second part, long enough to be cut somewhere in its deflate stream."));
    for (const broken of [second.subarray(0, second.length - 20), Buffer.concat([second.subarray(0, 12), Buffer.from("xxxxxxxxxxxx")])]) {
      const twoMembers = writeTmp("broken-second.txt.gz", Buffer.concat([gzipSync("First part."), broken, garbage]));
      expect((await failure(loadFile(twoMembers, { root: tmp }))).message).toContain("not valid gzip");
    }
    // The limit holds on the way that ignores the trailing bytes too.
    const bomb = writeTmp("padded-bomb.txt.gz", Buffer.concat([gzipSync(Buffer.alloc(1_000_000, 0x61)), garbage]));
    await failure(loadFile(bomb, { root: tmp, limits: { maxFileBytes: 4096 } }), "LIMIT_EXCEEDED");
  });
});
