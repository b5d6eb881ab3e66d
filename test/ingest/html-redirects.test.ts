import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatIngestReport } from "../../src/cli/output.js";
import { loadFile } from "../../src/index.js";
import { writeTree } from "../support/include-tree.js";
import { withMemoryRag } from "../support/memory-rag.js";

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "libsql-rag-redirects-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const page = (head: string, body: string) => `<!DOCTYPE html><html><head><title>T</title>${head}</head><body>${body}</body></html>`;
const LONG = `<h1>Shell Grammar</h1><p>${"An alias is a word the shell replaces before it parses the line. ".repeat(8)}</p>`;

describe("HTML pages that only send their reader on", () => {
  it("are left out and listed with the aliases; a refresh for readers without scripts, or without a URL, or beside a page's text, is no redirect", async () => {
    writeTree(dir, {
      // texinfo's page of a node's other name.
      "html/Aliasing.html": page(
        '<meta http-equiv="Refresh" content="0; url=Shell-Grammar.html#Aliasing">',
        '<p>The node you are looking for is at <a href="Shell-Grammar.html#Aliasing">Aliasing</a>.</p>',
      ),
      // Attributes the other way round, and no text at all (which alone would fail as empty).
      "html/old.html": page("<meta content='2;URL=new.html' http-equiv='refresh'/>", ""),
      "html/Shell-Grammar.html": page('<meta http-equiv="refresh" content="30; url=Shell-Grammar.html">', LONG),
      "html/help.html": page(
        '<noscript><meta http-equiv="refresh" content="0; URL=noscript.html"></noscript>',
        "<h1>Filters</h1><p>Choose Data - More Filters.</p>",
      ),
      "html/clock.html": page('<meta http-equiv="refresh" content="60">', "<p>The time is now.</p>"),
    });
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest([join(dir, "html")], { root: dir });
      expect(report.failures).toEqual([]);
      expect(report.documents.added).toBe(3);
      expect(report.aliasPages).toEqual([
        { source: join(dir, "html/Aliasing.html"), aliasOf: "Shell-Grammar.html#Aliasing" },
        { source: join(dir, "html/old.html"), aliasOf: "new.html" },
      ]);
      expect(formatIngestReport(report)).toMatch(
        /^left out {3}2 aliases of the page they name \(man pages' \.so, HTML redirects; .*Aliasing\.html, of Shell-Grammar\.html#Aliasing, …\)$/m,
      );
      const sources = new Set((await rag.collection.list({ limit: 100 })).map((r) => r.metadata.source));
      expect([...sources].sort()).toEqual(["html/Shell-Grammar.html", "html/clock.html", "html/help.html"]);
    });
    // Loaded on its own, a redirect is a typed failure that names where it leads.
    await expect(loadFile(join(dir, "html/Aliasing.html"), { root: dir })).rejects.toMatchObject({
      code: "LOAD_FAILED",
      details: { reason: "alias", aliasOf: "Shell-Grammar.html#Aliasing" },
    });
  });
});
