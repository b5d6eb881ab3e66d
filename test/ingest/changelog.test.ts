import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isReleaseHistory, namesVersion } from "../../src/ingest/changelog.js";
import type { LoadedDocument } from "../../src/ingest/loaders/document.js";
import { withMemoryRag } from "../support/memory-rag.js";

const doc = (content: string, headings: string[][] = [], source = "notes.txt"): LoadedDocument => ({
  id: source,
  content,
  metadata: { source },
  sections: headings.map((path, i) => ({ headings: path, start: i, end: i + 1 })),
});

describe("release histories", () => {
  it("tells a heading that names a version from a numbered section of a manual", () => {
    for (const heading of [
      "Version v2.39.5; changes since v2.39.4:",
      "Python 3.11.2 final",
      "Python 3.12.0 alpha 1",
      "[1.4.0] - 2024-01-05",
      "v2.0 (Jan 5, 2024)",
      "22.2.0 - 2022-12-21",
      "Django 4.2 release notes",
      // erl_docgen's release notes number each release's section.
      "1.1 Erts 13.1.5",
      "2.14 STDLIB 4.2",
    ])
      expect(namesVersion(heading), heading).toBe(true);
    for (const heading of [
      "2.1 Installation",
      "1.2 What is cURL?",
      "Installation",
      "Upgrading from an older release of the server to a newer one",
      "4.2.1 The query planner",
      "since: 2.0.2",
      "Table 3.1",
      "Chapter 1.2: Basics",
      "TLS 1.2",
      "IPv4 127.0.0.1",
      "10.0.0.1",
      // A numbered section about a version of something, in more words than a name.
      "2.1 Installing Python 3.11",
      "3.2 Kernel 6.1 and later",
      "1.1 2.2 3.3 4.4 Erts",
    ])
      expect(namesVersion(heading), heading).toBe(false);
  });

  it("tells a history by its versions' headings, its file's name or Debian's changelog format, and not a numbered manual", () => {
    const versions = [
      ["Changelog", "[1.4.0] - 2024-01-05"],
      ["Changelog", "[1.3.1] - 2023-11-02"],
      ["Changelog", "[1.3.0] - 2023-10-01"],
      ["Changelog", "Older"],
    ];
    expect(isReleaseHistory(doc("text", versions))).toBe(true);
    // A README whose last section is its changelog: the versions' sections hold a fifth of its text.
    const readme = doc("x".repeat(100), [
      ["clone", "Installation"],
      ["clone", "Changelog", "v2.1.2"],
      ["clone", "Changelog", "v2.1.1"],
      ["clone", "Changelog", "v2.1.0"],
    ]);
    readme.sections = readme.sections!.map((section, i) => ({ ...section, start: i === 0 ? 0 : 80 + (i - 1) * 7, end: i === 0 ? 80 : 87 + (i - 1) * 7 }));
    expect(isReleaseHistory(readme)).toBe(false);
    const manual = [["1.1 Introduction"], ["1.2 Installation"], ["1.3 Usage"], ["2.1 Configuration"]];
    expect(isReleaseHistory(doc("text", manual))).toBe(false);
    expect(isReleaseHistory(doc("text", [], "changelog.Debian.gz"))).toBe(true);
    expect(isReleaseHistory(doc("text", [], "RELEASE-NOTES.md"))).toBe(true);
    // CHANGES, NEWS and HISTORY name other pages too (the kernel's build requirements, a shell's command history):
    // their headings tell.
    expect(isReleaseHistory(doc("text", manual, "docs/NEWS"))).toBe(false);
    expect(isReleaseHistory(doc("text", [["Minimal requirements"], ["Current minimal requirements"]], "process/changes.html"))).toBe(false);
    expect(isReleaseHistory(doc("text", versions, "CHANGES.rst"))).toBe(true);
    // A title over every section names no version's section; parts and protocols numbered like versions are not.
    const titled = [
      ["Foo 2.1 documentation", "Install"],
      ["Foo 2.1 documentation", "Use"],
      ["Foo 2.1 documentation", "Lesson 1.1: Variables"],
    ];
    expect(isReleaseHistory(doc("text", titled))).toBe(false);
    const lessons = [["Lesson 1.1: Variables"], ["Lesson 1.2: Loops"], ["Lesson 1.3: Functions"]];
    expect(isReleaseHistory(doc("text", lessons))).toBe(false);
    expect(isReleaseHistory(doc("text", [], "news-feed.html"))).toBe(false);
    const debian = (v: string) =>
      `git (1:${v}-1) unstable; urgency=medium\n\n  * New upstream release.\n\n -- Jonathan Nieder <jrnieder@gmail.com>  Mon, 1 Jan 2024 10:00:00 +0000\n`;
    expect(isReleaseHistory(doc(`${debian("2.43.0")}\n${debian("2.42.0")}`, [], "debian-log.txt"))).toBe(true);
    expect(isReleaseHistory(doc(`Some text first.\n${debian("2.43.0")}\n${debian("2.42.0")}`, [], "debian-log.txt"))).toBe(false);
  });

  it("ingest marks a history's documents changelog: true, and keeps what a document states", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rag-changelog-"));
    try {
      await writeFile(join(dir, "CHANGELOG.md"), "# Changelog\n\nEvery change.\n\n## Unreleased\n\n- Nothing yet.\n");
      const releases = ["1.4.0", "1.3.1", "1.3.0"].map((v) => `## [${v}] - 2024-01-05\n\n- Fixed the parser for ${v}.\n`).join("\n");
      await writeFile(join(dir, "releases.md"), `# Releases\n\n${releases}`);
      await writeFile(join(dir, "manual.md"), "# Manual\n\n## 1.1 Introduction\n\nHello.\n\n## 1.2 Installation\n\nRun it.\n\n## 1.3 Usage\n\nUse it.\n");
      await withMemoryRag(async (rag) => {
        await rag.ingest([dir], { root: dir });
        await rag.ingest([{ id: "stated", content: "## 1.0\n\nA.\n\n## 2.0\n\nB.\n\n## 3.0\n\nC.", metadata: { changelog: false } }]);
        const marked = async (source: string) =>
          (await rag.search("parser installation usage changes", { mode: "keyword", topK: 20 })).find((h) => h.documentId === source)?.metadata.changelog;
        expect(await marked("CHANGELOG.md")).toBe(true);
        expect(await marked("releases.md")).toBe(true);
        expect(await marked("manual.md")).toBeUndefined();
        const stated = await rag.search("A B C", { mode: "keyword", topK: 20 });
        expect(stated.find((h) => h.documentId === "stated")?.metadata.changelog).toBe(false);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
