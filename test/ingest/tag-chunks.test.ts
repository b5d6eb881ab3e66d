import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRag } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";

const PREFETCH =
  "The link prefetches the page it points to when it comes into view, so that a click shows it at once. Prefetching " +
  "happens in production only, and a prop turns it off for a link whose page changes on every request.";
const XML = Array.from({ length: 8 }, (_, i) => `  <neighbor name="Country ${i}" direction="W"/>`).join("\n");

describe("ingest: a Markdown chunk of tags alone", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "tag-chunks-"));
    // Next.js wraps one router's text in a component, each tag on a line of its own, and Sails ends every page
    // with its generator's <docmeta> tags: the splitter leaves such lines as chunks of their own.
    writeFileSync(join(dir, "link.md"), `# Link\n\n<PagesOnly>\n\n${PREFETCH}\n\n</PagesOnly>\n\n<docmeta name="displayName" value="Link">\n`);
    writeFileSync(join(dir, "xml.md"), `# Neighbours\n\nThe file lists each country's neighbours.\n\n\`\`\`xml\n<data>\n${XML}\n</data>\n\`\`\`\n`);
    // The same example as an indented code block, as older Markdown writes code.
    writeFileSync(
      join(dir, "indented.md"),
      `# Neighbours\n\nThe file lists each country's neighbours.\n\n    <data>\n${XML.replace(/^ {2}/gm, "      ")}\n    </data>\n`,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("leaves out a chunk of tags outside code, and keeps one inside a code fence", async () => {
    const rag = await createRag({ url: ":memory:", embedder: hashEmbedder({ dimensions: 16 }), chunking: { size: 120, overlap: 0 } });
    try {
      const report = await rag.ingest([dir], { root: dir });
      expect(report.failures).toEqual([]);
      const link = await rag.search("pagesonly docmeta displayname prefetches", { topK: 20, mode: "keyword" });
      const linkChunks = link.filter((hit) => hit.metadata.source === "link.md").map((hit) => hit.content.trim());
      expect(linkChunks.length).toBeGreaterThan(0);
      expect(linkChunks.some((content) => content.includes("prefetches the page"))).toBe(true);
      expect(linkChunks.filter((content) => /^(?:<[^<>]+>\s*)+$/.test(content))).toEqual([]);
      // Code is text: an XML example split into chunks of tags keeps every one of them.
      const xml = await rag.search("neighbor direction country", { topK: 20, mode: "keyword" });
      const xmlChunks = xml.filter((hit) => hit.metadata.source === "xml.md").map((hit) => hit.content.trim());
      expect(xmlChunks.filter((content) => /^(?:<[^<>]+>\s*)+$/.test(content)).length).toBeGreaterThan(0);
      // The chunk that opens the fence too, whose prose is its tags without the fence line.
      for (const i of [0, 7]) expect(xmlChunks.join("\n")).toContain(`name="Country ${i}"`);
      const indented = xml.filter((hit) => hit.metadata.source === "indented.md").map((hit) => hit.content);
      for (const i of [0, 7]) expect(indented.join("\n")).toContain(`name="Country ${i}"`);
    } finally {
      await rag.close();
    }
  });
});
