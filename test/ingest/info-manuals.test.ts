import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadFile } from "../../src/index.js";
import { formatExtension } from "../../src/ingest/loaders/extension.js";
import { readInfo } from "../../src/ingest/loaders/info.js";
import { withMemoryRag } from "../support/memory-rag.js";

const FIXTURE = "test/fixtures/sources/acme.info";

/** A node as makeinfo writes it: the separator, its header line, a blank line, then its text. */
function node(name: string, text: string, file = "tool.info"): string {
  return `\x1f\nFile: ${file},  Node: ${name},  Up: Top\n\n${text}\n`;
}

/** The section whose heading path ends in `heading`, with its text. */
function section(content: string, sections: { headings: string[]; start: number; end: number }[] | undefined, heading: string): string | undefined {
  const found = sections?.find((s) => s.headings[s.headings.length - 1] === heading);
  return found === undefined ? undefined : content.slice(found.start, found.end);
}

let tmp: string;
beforeEach(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), "libsql-rag-info-")));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe("GNU Info manuals", () => {
  it("read as an Info reader shows them: the nodes' text, headings by their underlines, menus and indexes left out", async () => {
    const [doc] = await loadFile(FIXTURE, { root: "test/fixtures/sources" });
    expect(doc).toMatchObject({ id: "acme.info", title: "Acme", metadata: { source: "acme.info", format: "info", encoding: "utf-8" } });
    const content = doc!.content;
    expect(doc!.sections?.map((s) => s.headings)).toEqual([
      ["Acme"],
      ["1 Installation"],
      ["1 Installation", "1.1 Installing from packages"],
      ["2 Configuration"],
      ["2 Configuration", "2.1 The settings file"],
      ["2 Configuration", "2.1 The settings file", "2.1.1 Defaults"],
      ["Index"],
    ]);
    // Each section opens at its heading, whose underline is gone.
    for (const s of doc!.sections ?? [])
      expect(content.slice(s.start)).toMatch(new RegExp(`^${s.headings[s.headings.length - 1]!.replace(/\./g, "\\.")}(\n\n|$)`));
    expect(content).not.toMatch(/\*{4}|={4}|-{4}/);
    // Cross-references as the manual's HTML shows them; @xref's "See".
    expect(section(content, doc!.sections, "1 Installation")).toBe(
      "1 Installation\n\nAcme runs on any POSIX system.  See Configuration, for what to set\nafter installing, and see the port setting.\n\n",
    );
    expect(content).toContain("on Debian (Installing packages).");
    expect(content).toContain("The port Acme listens on; see Installation.");
    // A footnote's rule goes, its note stays; an image shows its text.
    expect(content).toContain("     $ apt install acme\n\n   (1) Unless ‘ACME_NO_START’ is set.");
    expect(section(content, doc!.sections, "2 Configuration")).toBe("2 Configuration\n\n[settings]\nport = 8080\n\n");
    // No preamble, header line, menu, index entry or tag table.
    for (const gone of [
      "makeinfo",
      "INFO-DIR",
      "File: acme.info",
      "* Menu:",
      "Getting Acme onto",
      "(line 6)",
      "[index]",
      "Tag Table",
      "*note",
      "*Note",
      "\x7f",
      "\x1f",
    ]) {
      expect(content).not.toContain(gone);
    }
    expect(section(content, doc!.sections, "Index")).toBe("Index");
  });

  it("name a node without a heading by the node, and leave indented and mismatched underlines as text", () => {
    const text =
      "preamble\n" +
      node("Top", "Tool\n****\n\nThe tool's manual.") +
      node("Notes", "A note with no heading of its own.\n\n     code\n     ----\n\nTable\n--------------------\n") +
      node("Usage", "1 Usage\n*******\n\nRun it.\n");
    const manual = readInfo(text);
    expect(manual.title).toBe("Tool");
    expect(manual.sections.map((s) => s.headings)).toEqual([["Tool"], ["Tool", "Notes"], ["1 Usage"]]);
    expect(section(manual.content, manual.sections, "Notes")).toBe(
      "A note with no heading of its own.\n\n     code\n     ----\n\nTable\n--------------------\n\n",
    );
  });

  it("open a part of a split manual under the node its first section is in, by the node's Up:", () => {
    const part = readInfo(
      "This is tool.info.\n\n\x1f\nFile: tool.info,  Node: Options,  Next: Files,  Up: Invoking\n\n2.1 Options\n===========\n\nSay -q.\n" +
        "\x1f\nFile: tool.info,  Node: Files,  Prev: Options,  Up: Invoking\n\n2.2 Files\n=========\n\nRead ~/.toolrc.\n" +
        "\x1f\nFile: tool.info,  Node: Index,  Prev: Files,  Up: Top\n\n3 Index\n*******\n\nAll topics.\n",
    );
    expect(part.sections.map((s) => s.headings)).toEqual([["Invoking", "2.1 Options"], ["Invoking", "2.2 Files"], ["3 Index"]]);
    expect(part.title).toBe("tool");
  });

  it("read Sphinx's references without the period after an anchor, and a label over a line break", () => {
    const manual = readInfo(
      node(
        "Top",
        "Python\n******\n\nSee the *note os.wait: a65. family, and *note the\ntutorial: 1f2. first; also *note Exit status::, *note Label: (other)Node name, here.",
      ),
    );
    expect(manual.content).toBe("Python\n\nSee the os.wait family, and the\ntutorial first; also Exit status, Label, here.");
    expect(manual.title).toBe("Python");
  });

  it("are found by their names, split manuals' parts too", () => {
    expect(formatExtension("info/coreutils.info.gz")).toBe(".info");
    expect(formatExtension("find.info-2.gz")).toBe(".info");
    expect(formatExtension("find.info-12")).toBe(".info");
    expect(formatExtension("notes.info-draft")).toBe(".info-draft");
  });

  it("split into parts: the table of parts is left out and listed, each part is read; a file only named .info is left out", async () => {
    const dir = join(tmp, "info");
    mkdirSync(dir);
    const table =
      "This is tool.info, produced by makeinfo.\n\n\x1f\nIndirect:\ntool.info-1: 100\ntool.info-2: 900\n\x1f\nTag Table:\n(Indirect)\nNode: Top\x7f100\nNode: Usage\x7f900\n\x1f\nEnd Tag Table\n";
    writeFileSync(join(dir, "tool.info.gz"), gzipSync(table));
    writeFileSync(join(dir, "tool.info-1.gz"), gzipSync(`This is tool.info.\n\n${node("Top", "Tool\n****\n\nThe tool's manual: frobnicate files.")}`));
    writeFileSync(join(dir, "tool.info-2"), `This is tool.info.\n\n${node("Usage", "1 Usage\n*******\n\nRun tool with --quietly to say less.")}`);
    // python-apt's distribution templates are named .info, and are no manuals; nor is a binary so named.
    writeFileSync(join(dir, "Debian.info"), "ChangelogURI: https://metadata.ftp-master.debian.org/changelogs/%s\n\nSuite: bookworm\n");
    writeFileSync(join(dir, "data.info"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0, 0]));
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest([dir], { root: dir });
      expect(report.failures).toEqual([]);
      expect(report.documents.added).toBe(2);
      expect(report.navigationFiles).toEqual([{ source: join(dir, "tool.info.gz") }]);
      const [hit] = await rag.search("say less quietly", { topK: 1, mode: "keyword" });
      // A part with no top node takes the manual's name for its title.
      expect(hit?.metadata).toMatchObject({ source: "tool.info-2", format: "info", title: "tool", headings: ["1 Usage"] });
      const sources = new Set((await rag.collection.list({ limit: 100 })).map((r) => r.metadata.source));
      expect([...sources].sort()).toEqual(["tool.info-1.gz", "tool.info-2"]);
    });
    // Loaded on its own, the table of parts is a typed failure that says where the text is.
    await expect(loadFile(join(dir, "tool.info.gz"), { root: dir })).rejects.toMatchObject({
      code: "LOAD_FAILED",
      message: expect.stringContaining("split Info manual's table of its parts"),
      details: { reason: "navigation" },
    });
  });

  it("read from memory with format info", async () => {
    // Text in memory holds no NUL (ingest refuses it): the index's mark keeps its backspaces alone.
    const text = readFileSync(FIXTURE, "utf8").replace(/\0/g, "");
    await withMemoryRag(async (rag) => {
      await rag.ingest([{ id: "acme", content: text, format: "info" }]);
      const [hit] = await rag.search("default port", { topK: 1, mode: "keyword" });
      expect(hit?.metadata).toMatchObject({ format: "info", title: "Acme", headings: ["2 Configuration", "2.1 The settings file", "2.1.1 Defaults"] });
      expect(hit?.content).toContain("The default port is 8080.");
      const passages = (await rag.collection.list({ limit: 100 })).map((r) => r.content);
      expect(passages.length).toBeGreaterThan(2);
      for (const passage of passages) expect(passage).not.toMatch(/\[index\]|\x08|\* Menu:/);
    });
  });
});
