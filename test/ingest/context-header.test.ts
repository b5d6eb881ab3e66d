import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ingest, type Embedder } from "../../src/index.js";
import { resolveChunkingOptions } from "../../src/ingest/chunking/index.js";
import { fingerprint } from "../../src/ingest/prepare.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

/** The hash embedder, remembering every text it was given. */
function recordingEmbedder(): Embedder & { seen: string[] } {
  const base = hashEmbedder({ dimensions: 32 });
  const seen: string[] = [];
  return { ...base, seen, embed: async (texts: string[]) => (seen.push(...texts), base.embed(texts)) };
}

const guide = (heading: string) => `# WAL guide\n\n## ${heading}\n\nIt is off by default. Turn it on with a pragma.\n`;

describeEachTarget("ingest: contextual chunks", (target) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "context-"));
    writeFileSync(join(dir, "wal.md"), guide("Enabling WAL"));
    writeFileSync(join(dir, "vacuum.md"), "# Vacuum\n\n## Why\n\nThe file keeps free pages until it is rebuilt.\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("embeds each passage under its title and heading path, and stores the passage alone", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const embedder = recordingEmbedder();
      await ingest({ collection: col, embedder, sources: [dir], root: dir });
      // A Markdown passage reaches the embedder as prose: its heading markers are markup.
      expect(embedder.seen).toContain("WAL guide › Enabling WAL\n\nWAL guide\n\nEnabling WAL\n\nIt is off by default. Turn it on with a pragma.");
      const [chunk] = await col.list({ filter: { documentId: "wal.md" } });
      expect(chunk!.content).toBe("# WAL guide\n\n## Enabling WAL\n\nIt is off by default. Turn it on with a pragma.");
      const text = guide("Enabling WAL");
      expect(text.slice(chunk!.metadata.startOffset as number, chunk!.metadata.endOffset as number)).toBe(chunk!.content);
    });
  });

  it("re-embeds only the document whose heading changed", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const embedder = recordingEmbedder();
      await ingest({ collection: col, embedder, sources: [dir], root: dir });
      embedder.seen.length = 0;
      writeFileSync(join(dir, "wal.md"), guide("Turning WAL on"));
      const report = await ingest({ collection: col, embedder, sources: [dir], root: dir });
      expect(report.documents).toMatchObject({ updated: 1, unchanged: 1 });
      expect(embedder.seen).toEqual(["WAL guide › Turning WAL on\n\nWAL guide\n\nTurning WAL on\n\nIt is off by default. Turn it on with a pragma."]);
    });
  });

  it("re-chunks a page when a definition term gains an id and heads its entry", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const embedder = recordingEmbedder();
      const page = (dt: string) => `<html><body><h1>Settings</h1><dl>${dt}fsync</dt><dd>Forces writes to disk.</dd></dl></body></html>`;
      writeFileSync(join(dir, "settings.html"), page("<dt>"));
      await ingest({ collection: col, embedder, sources: [dir], root: dir });
      expect(embedder.seen).toContain("Settings\n\nSettings\n\nfsync\nForces writes to disk.");
      embedder.seen.length = 0;
      writeFileSync(join(dir, "settings.html"), page('<dt id="guc-fsync">'));
      const report = await ingest({ collection: col, embedder, sources: [dir], root: dir });
      expect(report.documents).toMatchObject({ updated: 1, unchanged: 2 });
      expect(embedder.seen).toEqual(["Settings › fsync\n\nSettings\n\nfsync\n\nForces writes to disk."]);
    });
  });

  it("stores no chunk that is only a heading, however the heading is written", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      // Each heading is followed by a block too long to share a chunk with it.
      const listing = Array.from({ length: 40 }, (_, i) => `run --option-${i} value-${i}`).join("\n");
      const prose = Array.from({ length: 40 }, (_, i) => `Option ${i} changes how the build runs.`).join(" ");
      writeFileSync(join(dir, "task.md"), `# Exec\n\nRuns a command.\n\n## Parameters\n\n\`\`\`\n${listing}\n\`\`\`\n`);
      writeFileSync(join(dir, "task.rst"), `Exec\n====\n\nRuns a command.\n\nParameters\n----------\n\n${prose}\n`);
      await ingest({ collection: col, embedder: hashEmbedder({ dimensions: 32 }), sources: [dir], root: dir, chunking: { size: 300, overlap: 0 } });
      const chunks = await col.list({ filter: { documentId: { $in: ["task.md", "task.rst"] } }, limit: 1000 });
      expect(chunks.filter((c) => c.documentId === "task.rst").length).toBeGreaterThan(2);
      expect(chunks.filter((c) => /^(## )?Parameters(\n-+)?$/.test(c.content))).toEqual([]);
      // A heading over content of symbols alone keeps its chunk: the symbols are content, not markup.
      writeFileSync(join(dir, "ops.md"), "# Ops\n\nIntro.\n\n## Operators\n\n```\n+ - * / % ** // << >>\n```\n");
      await ingest({ collection: col, embedder: hashEmbedder({ dimensions: 32 }), sources: [dir], root: dir, chunking: { size: 300, overlap: 0 } });
      const ops = await col.list({ filter: { documentId: "ops.md" } });
      expect(ops.some((c) => c.content.includes("+ - * / %"))).toBe(true);
      // Nor one of a section's heading and its first sub-section's, cut off from the text below them.
      const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
      writeFileSync(
        join(dir, "chain.html"),
        `<html><body><h1>Chain</h1><h2>Redirecting output</h2><h3>Writing results to a file</h3><p>${words}.</p></body></html>`,
      );
      await ingest({ collection: col, embedder: hashEmbedder({ dimensions: 32 }), sources: [dir], root: dir, chunking: { size: 300, overlap: 0 } });
      const chain = await col.list({ filter: { documentId: "chain.html" } });
      expect(chain.some((c) => c.content.includes("word59"))).toBe(true);
      expect(
        chain.filter((c) => c.content.split("\n").every((line) => line.trim() === "" || /^(Chain|Redirecting output|Writing results to a file)$/.test(line))),
      ).toEqual([]);
      // What follows the headings is all there.
      expect(chunks.some((c) => c.content.includes("run --option-0 value-0"))).toBe(true);
      expect(chunks.some((c) => c.content.startsWith("Option 0 changes"))).toBe(true);
    });
  });

  it("stores no chunk of markup alone, however long: a table's border longer than the size, cut from its rows", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const border = `${"=".repeat(30)}  ${"=".repeat(600)}  ${"-".repeat(20)}`;
      const rows = Array.from({ length: 6 }, (_, i) => `${`plugin-${i}`.padEnd(32)}Summary of plugin ${i}.`);
      const grid = `+${"-".repeat(400)}+${"-".repeat(350)}+`;
      writeFileSync(
        join(dir, "plugins.rst"),
        `Plugins\n=======\n\n${border}\nname  summary\n${border}\n${rows.join("\n")}\n${border}\n\n${grid}\n| a | b |\n${grid}\n`,
      );
      await ingest({ collection: col, embedder: hashEmbedder({ dimensions: 32 }), sources: [dir], root: dir, chunking: { size: 300, overlap: 0 } });
      const chunks = await col.list({ filter: { documentId: "plugins.rst" }, limit: 1000 });
      expect(chunks.filter((c) => /^[=+\-\s]*$/.test(c.content))).toEqual([]);
      for (let i = 0; i < rows.length; i++) expect(chunks.some((c) => c.content.includes(`plugin-${i}`))).toBe(true);
      expect(chunks.some((c) => c.content.includes("| a | b |"))).toBe(true);
    });
  });

  it("keeps a chunk of fenced code whose words are the page's title or a heading: code is content", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const intro = Array.from({ length: 12 }, (_, i) => `The body holds text parameter ${i} of the request.`).join(" ");
      const page = `# req.body\n\n${intro}\n\n### Usage\n\n\`\`\`usage\nreq.body;\n\`\`\`\n\n### Notes\n\n${intro}\n`;
      writeFileSync(join(dir, "req.body.md"), page);
      await ingest({ collection: col, embedder: hashEmbedder({ dimensions: 32 }), sources: [dir], root: dir, chunking: { size: 300, overlap: 0 } });
      const chunks = await col.list({ filter: { documentId: "req.body.md" }, limit: 100 });
      expect(chunks.filter((c) => c.content.includes("req.body;")).map((c) => c.content)).toEqual(["### Usage\n\n```usage\nreq.body;\n```"]);
      // The heading alone over a code block in the next chunk is still no chunk of its own.
      expect(chunks.filter((c) => /^(### )?(Usage|Notes)$/.test(c.content))).toEqual([]);
    });
  });

  it("embeds no HTML comment of a Markdown page, and stores no chunk that is only a heading and a comment", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const embedder = recordingEmbedder();
      const history = Array.from({ length: 30 }, (_, i) => `  - version: v1${i}.0.0\n    pr-url: https://github.com/nodejs/node/pull/${i}`).join("\n");
      const page = `# File system\n\n<!--introduced_in=v0.10.0-->\n\n## fs.open()\n\n<!-- YAML\nadded: v0.1.94\nchanges:\n${history}\n-->\n\nOpens a file and returns its descriptor.\n\n## fs.openSync()\n\n<!-- YAML\nchanges:\n${history}\n-->\n`;
      writeFileSync(join(dir, "fs.md"), page);
      await ingest({ collection: col, embedder, sources: [dir], root: dir, chunking: { size: 300, overlap: 0 } });
      const fsTexts = embedder.seen.filter((t) => t.startsWith("File system"));
      expect(fsTexts.length).toBeGreaterThan(0);
      expect(fsTexts.filter((t) => /pr-url|introduced_in|<!--|-->/.test(t))).toEqual([]);
      // The comment is not measured: the passage and its heading share one chunk, whose content is the page's text.
      expect(fsTexts).toContain("File system › fs.open()\n\nfs.open()\n\nOpens a file and returns its descriptor.");
      const chunks = await col.list({ filter: { documentId: "fs.md" }, limit: 100 });
      const open = chunks.find((c) => c.content.includes("Opens a file"));
      expect(open?.content.startsWith("## fs.open()\n\n<!-- YAML")).toBe(true);
      expect(page.slice(open!.metadata.startOffset as number, open!.metadata.endOffset as number)).toBe(open!.content);
      // fs.openSync() has a heading and a comment, nothing to embed.
      expect(chunks.filter((c) => c.content.includes("fs.openSync()"))).toEqual([]);
    });
  });

  it("embeds an MDX page's prose: no import lines, no JSX markup, the strings in its tags kept", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const embedder = recordingEmbedder();
      const page = `---\ntitle: Settings\n---\n\nimport { PropertiesTable } from '../components';\n\n## maxRetries\n\n{/* TODO: link the guide */}\n<PropertiesTable\n  content={[\n    { name: 'maxRetries', type: 'number', description: 'Retries after a failure.' },\n  ]}\n/>\n\nSet it to 0 to fail at once.\n`;
      writeFileSync(join(dir, "settings.mdx"), page);
      await ingest({ collection: col, embedder, sources: [dir], root: dir });
      expect(embedder.seen).toContain("Settings › maxRetries\n\nmaxRetries\n\nmaxRetries number Retries after a failure.\n\nSet it to 0 to fail at once.");
      expect(embedder.seen.filter((t) => /import |PropertiesTable|TODO|content=/.test(t))).toEqual([]);
      const chunks = await col.list({ filter: { documentId: "settings.mdx" } });
      expect(chunks.some((c) => c.content.includes("<PropertiesTable\n  content={["))).toBe(true);
    });
  });

  it("gives the embedder the passage alone with contextHeader: false", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 32 });
      const embedder = recordingEmbedder();
      await ingest({ collection: col, embedder, sources: [dir], root: dir, chunking: { contextHeader: false } });
      expect(embedder.seen).toContain("WAL guide\n\nEnabling WAL\n\nIt is off by default. Turn it on with a pragma.");
      expect(embedder.seen.some((t) => t.includes("›"))).toBe(false);
    });
  });
});

it("fingerprints a document's sections, so that a loader that finds other headings in the same text re-chunks it", () => {
  const doc = { id: "a.html", content: "Settings\n\nfsync\n\nForces writes.", metadata: {} };
  const chunking = resolveChunkingOptions({});
  const flat = fingerprint({ ...doc, sections: [{ headings: ["Settings"], start: 0, end: 32 }] }, chunking, "e");
  const nested = fingerprint(
    {
      ...doc,
      sections: [
        { headings: ["Settings"], start: 0, end: 8 },
        { headings: ["Settings", "fsync"], start: 10, end: 32 },
      ],
    },
    chunking,
    "e",
  );
  expect(nested).not.toBe(flat);
  expect(fingerprint({ ...doc, sections: [{ headings: ["Settings"], start: 0, end: 32 }] }, chunking, "e")).toBe(flat);
});
