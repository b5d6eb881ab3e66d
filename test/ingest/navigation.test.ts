import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatIngestReport } from "../../src/cli/output.js";
import { writeTree } from "../support/include-tree.js";
import { withMemoryRag } from "../support/memory-rag.js";

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "libsql-rag-menus-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const MENU = ".Getting started\n* xref:index.adoc[]\n** xref:install.adoc[Install]\n\n[]\n* xref:config.adoc[]\n// more later\n";
const PAGE = "= Install\n\nRun the installer, then start the service.\n";

describe("Antora's menus", () => {
  it("are left out and listed: a list of xref: links beside a module's pages/, and what antora.yml lists under nav:", async () => {
    writeTree(dir, {
      "docs/modules/ROOT/nav.adoc": MENU,
      "docs/modules/ROOT/pages/install.adoc": PAGE,
      "docs/modules/cli/menu-extra.adoc": "Options, in the order the menu shows them.\n\n* xref:flags.adoc[]\n",
      "docs/modules/cli/pages/flags.adoc": "= Flags\n\nThe --port flag sets the port.\n",
      "docs/antora.yml": "name: guide\nversion: ~\nnav:\n- modules/cli/menu-extra.adoc\n",
    });
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest([join(dir, "docs")], { root: dir });
      expect(report.navigationFiles.map((m) => m.source).sort()).toEqual([
        join(dir, "docs/modules/ROOT/nav.adoc"),
        join(dir, "docs/modules/cli/menu-extra.adoc"),
      ]);
      expect(report.documents).toMatchObject({ added: 2, failed: 0 });
      expect(formatIngestReport(report)).toMatch(
        /^left out {3}2 navigation files \(Antora menus, Info manuals' tables of parts\), with no text of their own \(.*\)$/m,
      );
    });
  });

  it("leave alone a list of links elsewhere, a page beside pages/ with prose, and a menu named as a source", async () => {
    writeTree(dir, {
      "notes/links.adoc": MENU,
      "docs/modules/ROOT/overview.adoc": `= Overview\n\nThe guide covers installing.\n\n${MENU}`,
      "docs/modules/ROOT/nav.adoc": MENU,
      "docs/modules/ROOT/pages/install.adoc": PAGE,
    });
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest([join(dir, "notes"), join(dir, "docs")], { root: dir });
      expect(report.navigationFiles).toEqual([{ source: join(dir, "docs/modules/ROOT/nav.adoc") }]);
      expect((await rag.collection.list({ limit: 10 })).map((r) => r.documentId).sort()).toEqual([
        "docs/modules/ROOT/overview.adoc",
        "docs/modules/ROOT/pages/install.adoc",
        "notes/links.adoc",
      ]);
      const named = await rag.ingest([join(dir, "docs/modules/ROOT/nav.adoc")], { root: dir });
      expect(named.navigationFiles).toEqual([]);
      expect(named.documents.added).toBe(1);
    });
  });
});
