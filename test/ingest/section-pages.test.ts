import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatIngestReport } from "../../src/cli/output.js";
import { writeTree } from "../support/include-tree.js";
import { withMemoryRag } from "../support/memory-rag.js";

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "libsql-rag-sections-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SECTION = "---\ntitle: Functions\ndescription: Use these functions in your templates.\n---\n";

describe("a site's section pages, of front matter alone", () => {
  it("are left out and listed, not failed; an empty file still fails", async () => {
    writeTree(dir, {
      "content/functions/_index.md": SECTION,
      "content/functions/abs.md": "---\ntitle: math.Abs\n---\n\nReturns the absolute value of the given number.\n",
      "content/empty.md": "",
    });
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest([join(dir, "content")], { root: dir });
      expect(report.documents).toMatchObject({ added: 1, failed: 1 });
      expect(report.frontMatterPages).toEqual([{ source: join(dir, "content/functions/_index.md") }]);
      expect(report.failures.map((f) => [f.source, f.code])).toEqual([[join(dir, "content/empty.md"), "LOAD_FAILED"]]);
      expect(formatIngestReport(report)).toMatch(/^left out {3}1 page of front matter alone, with nothing to index \(.*_index\.md\): a site's section pages$/m);
      // Read again each run (it is cheap), and left out again.
      const again = await rag.ingest([join(dir, "content")], { root: dir });
      expect(again.documents).toMatchObject({ unchanged: 1, failed: 1 });
      expect(again.frontMatterPages).toHaveLength(1);
    });
  });

  it("a page whose text is taken out is left out, and prune removes what an earlier run stored of it", async () => {
    writeTree(dir, {
      "content/guide/_index.md": `${SECTION}\nThe guide starts with installing the tool.\n`,
      "content/guide/setup.md": "# Setup\n\nRun the installer.\n",
    });
    await withMemoryRag(async (rag) => {
      const first = await rag.ingest([join(dir, "content")], { root: dir });
      expect(first.documents.added).toBe(2);
      writeFileSync(join(dir, "content/guide/_index.md"), SECTION);
      const kept = await rag.ingest([join(dir, "content")], { root: dir });
      // Without prune, nothing stored is removed, as for any file a run leaves out.
      expect(kept.documents).toMatchObject({ removed: 0, failed: 0 });
      expect((await rag.search("installing the tool", { mode: "keyword" })).map((h) => h.documentId)).toContain("content/guide/_index.md");
      const pruned = await rag.ingest([join(dir, "content")], { root: dir, prune: true });
      expect(pruned.documents).toMatchObject({ removed: 1, unchanged: 1, failed: 0 });
      expect(pruned.frontMatterPages).toEqual([{ source: join(dir, "content/guide/_index.md") }]);
      expect((await rag.search("installing the tool", { mode: "keyword" })).map((h) => h.documentId)).not.toContain("content/guide/_index.md");
    });
  });
});
