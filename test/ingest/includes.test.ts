import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatIngestReport } from "../../src/cli/output.js";
import type { Rag } from "../../src/index.js";
import { resolveLimits } from "../../src/ingest/limits.js";
import { expandedText, writeTree } from "../support/include-tree.js";
import { withMemoryRag as withRag } from "../support/memory-rag.js";

let dir: string;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "libsql-rag-includes-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tree = (files: Record<string, string>) => writeTree(dir, files);
const expanded = (path: string, root = dir, limits = resolveLimits({})) => expandedText(dir, path, root, limits);

describe("AsciiDoc includes", () => {
  it("reads Antora's partial$ and example$ ids, another module's, a tag's region, lines and a level offset", async () => {
    tree({
      "docs/antora.yml": "name: guide\nversion: ~\n",
      "docs/modules/ROOT/pages/install.adoc":
        "= Install\n\ninclude::partial$steps.adoc[leveloffset=+1]\n\n[source,ruby]\n----\ninclude::example$app.rb[tag=run]\n----\n\ninclude::cli:example$flags.adoc[lines=2..3]\n",
      "docs/modules/ROOT/partials/steps.adoc": "== Download\n\nFetch the archive from the release page.\n",
      "docs/modules/ROOT/examples/app.rb": "require 'app'\n# tag::run[]\nApp.run(port: 8080)\n# end::run[]\nApp.stop\n",
      "docs/modules/cli/examples/flags.adoc": "first line\n`--port`:: the port to listen on\n`--host`:: the address to bind\nlast line\n",
    });
    const text = await expanded("docs/modules/ROOT/pages/install.adoc");
    expect(text).toContain("=== Download\n\nFetch the archive from the release page.");
    expect(text).toContain("----\nApp.run(port: 8080)\n----");
    expect(text).not.toMatch(/tag::|end::|require 'app'|App\.stop/);
    expect(text).toContain("`--port`:: the port to listen on\n`--host`:: the address to bind\n");
    expect(text).not.toMatch(/first line|last line|include::/);
  });

  it("reads a path from the including file's folder, with the document's own {attributes} in it", async () => {
    tree({
      "git/config.adoc": ":sub: config\n= git-config\n\ninclude::{sub}/core.adoc[]\n",
      "git/config/core.adoc": "core.editor::\n\tThe editor that commit messages are written in.\n",
    });
    expect(await expanded("git/config.adoc")).toContain("The editor that commit messages are written in.");
  });

  it("reads AsciiDoc's and reStructuredText's includes in .txt sources, as Git's documentation kept them until 2.48", async () => {
    tree({
      "Documentation/git-diff.txt": "git-diff(1)\n===========\n\nOPTIONS\n-------\ninclude::diff-options.txt[]\n",
      "Documentation/diff-options.txt": "--stat::\n\tGenerate a diffstat.\n",
      "docs/usage.txt": "Usage\n=====\n\n.. include:: notes.txt\n",
      "docs/notes.txt": "Notes on usage.\n",
    });
    expect(await expanded("Documentation/git-diff.txt")).toContain("OPTIONS\n-------\n--stat::\n\tGenerate a diffstat.\n");
    expect(await expanded("docs/usage.txt")).toContain("Usage\n=====\n\nNotes on usage.\n");
  });

  it("leaves as written an include it cannot read: a missing file, a cycle, a URL, another component's id", async () => {
    tree({
      "a.adoc": "= A\n\ninclude::b.adoc[]\n\ninclude::missing.adoc[]\n\ninclude::https://example.com/x.adoc[]\n\ninclude::other:ROOT:partial$x.adoc[]\n",
      "b.adoc": "Text of B.\n\ninclude::a.adoc[]\n",
    });
    const text = await expanded("a.adoc");
    expect(text).toContain("Text of B.\n\ninclude::a.adoc[]");
    expect(text).toContain("include::missing.adoc[]");
    expect(text).toContain("include::https://example.com/x.adoc[]");
    expect(text).toContain("include::other:ROOT:partial$x.adoc[]");
  });
});

describe("the jail", () => {
  it("reads nothing outside the root, hidden inside it, or through a link that leads out", async () => {
    tree({
      "outside.adoc": "SECRET outside the root.\n",
      "docs/.private/key.adoc": "SECRET hidden in the root.\n",
      "docs/page.adoc": "= Page\n\ninclude::../outside.adoc[]\n\ninclude::.private/key.adoc[]\n\ninclude::/etc/hostname[]\n\ninclude::link.adoc[]\n",
    });
    symlinkSync(join(dir, "outside.adoc"), join(dir, "docs", "link.adoc"));
    const text = await expanded("docs/page.adoc", join(dir, "docs"));
    expect(text).toBeUndefined();
  });

  it("fails a page whose text with its includes is over maxFileBytes, with LIMIT_EXCEEDED", async () => {
    tree({ "bomb.adoc": `= Bomb\n\n${"include::big.adoc[]\n".repeat(50)}`, "big.adoc": `${"x".repeat(1000)}\n` });
    await expect(expanded("bomb.adoc", dir, resolveLimits({ maxFileBytes: 20_000 }))).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
  });
});

describe("reStructuredText and Markdown includes", () => {
  it("reads .. include:: between its markers, a literalinclude's lines as a code block, and leaves pyobject as written", async () => {
    tree({
      "doc/conf.py": "project = 'x'\n",
      "doc/guide/usage.rst":
        "Usage\n=====\n\n.. include:: ../notes.rst\n   :start-after: .. begin\n   :end-before: .. end\n\n.. literalinclude:: /example/app.py\n   :language: python\n   :lines: 2-3\n\n.. literalinclude:: /example/app.py\n   :pyobject: main\n",
      "doc/notes.rst": "Preamble not shown.\n.. begin\n\nFixtures are set up once per test.\n\n.. end\nNot shown either.\n",
      "doc/example/app.py": "import sys\ndef main():\n    return 0\nprint('tail')\n",
    });
    const text = await expanded("doc/guide/usage.rst");
    expect(text).toContain("Fixtures are set up once per test.");
    expect(text).not.toMatch(/Preamble|Not shown/);
    expect(text).toContain(".. code-block:: python\n\n   def main():\n       return 0\n");
    expect(text).not.toContain("print('tail')");
    expect(text).toContain(".. literalinclude:: /example/app.py\n   :pyobject: main");
  });

  it("reads Hugo's include shortcode from a site folder above, without the fragment's front matter", async () => {
    tree({
      "content/en/_common/options.md": "---\n_comment: Do not remove front matter.\n---\n\n`path`\n: The path to the target page.\n",
      "content/en/functions/urls/Ref.md": '---\ntitle: urls.Ref\n---\n\n## Options\n\n{{% include "_common/options.md" %}}\n',
    });
    const text = await expanded("content/en/functions/urls/Ref.md");
    expect(text).toContain("## Options\n\n\n`path`\n: The path to the target page.\n");
    expect(text).not.toMatch(/_comment|\{\{%/);
  });

  it("reads a snippet named from the project's root when only docs/ is ingested, and nothing above it", async () => {
    tree({
      "mkdocs.yml": "site_name: x\n",
      "LICENSE.md": "All rights reserved.\n",
      "docs/index.md": '# Home\n\n--8<-- "docs/snippets/links.md"\n\n--8<-- "LICENSE.md"\n',
      "docs/snippets/links.md": "Links are listed here.\n",
    });
    const text = await expanded("docs/index.md", join(dir, "docs"));
    expect(text).toContain("Links are listed here.");
    expect(text).toContain('--8<-- "LICENSE.md"');
  });

  it("reads MkDocs snippets (lines, a section, a block of names), markdown-include's {!…!} and MyST's {include}", async () => {
    tree({
      "docs/index.md":
        '# Home\n\n{! snippets/a.md !}\n\n--8<-- "snippets/steps.md:2:3"\n\n--8<-- "snippets/steps.md:extra"\n\n--8<--\nsnippets/a.md\nsnippets/b.md\n--8<--\n\n```{include} ../README.md\n:start-after: <!-- start -->\n```\n',
      "docs/snippets/steps.md": "one\ntwo\nthree\n<!-- --8<-- [start:extra] -->\nExtra step.\n<!-- --8<-- [end:extra] -->\n",
      "docs/snippets/a.md": "Alpha text.\n",
      "docs/snippets/b.md": "Beta text.\n",
      "README.md": "Badges.\n<!-- start -->\nThe project in one line.\n",
    });
    const text = await expanded("docs/index.md");
    expect(text).toContain("two\nthree\n");
    expect(text).not.toMatch(/^one$/m);
    expect(text).toContain("Extra step.");
    expect(text).not.toContain("[start:extra]");
    expect(text).toContain("Alpha text.\nBeta text.\n");
    expect(text).toMatch(/^# Home\n\nAlpha text\.\n/);
    expect(text).toContain("The project in one line.");
    expect(text).not.toMatch(/Badges|\{include\}/);
  });
});

describe("code and indents in Markdown", () => {
  it("fences a file of code read outside a fence, reads it as it is inside one, and indents an indented snippet's lines", async () => {
    tree({
      "docs/usage.md": '# Usage\n\n--8<-- "app.py"\n\n```python\n--8<-- "app.py"\n```\n\n!!! note\n\n    --8<-- "note.md"\n',
      "docs/app.py": "# Start the app\napp.run()\n",
      "docs/note.md": "First line.\nSecond line.\n",
    });
    const text = await expanded("docs/usage.md");
    expect(text).toContain("# Usage\n\n```py\n# Start the app\napp.run()\n```\n\n```python\n# Start the app\napp.run()\n```\n");
    expect(text).toContain("!!! note\n\n    First line.\n    Second line.\n");
  });

  it("reads FastAPI's {* … *} code includes, named from the folder of mkdocs.yml, with their ln[…] lines, as fenced code", async () => {
    tree({
      "docs/en/docs/tutorial/query.md": "# Query\n\n{* ../../docs_src/query/tutorial001_py310.py hl[3] *}\n\nThen run it.\n",
      "docs/en/docs/index.md": "# Home\n\n{* ../../docs_src/app.py ln[2:3,5] hl[2] *}\n",
      "docs_src/query/tutorial001_py310.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
      "docs_src/app.py": "1\ntwo\nthree\n4\nfive\n",
    });
    expect(await expanded("docs/en/docs/tutorial/query.md")).toBe("# Query\n\n```py\nfrom fastapi import FastAPI\n\napp = FastAPI()\n```\n\nThen run it.\n");
    expect(await expanded("docs/en/docs/index.md")).toBe("# Home\n\n```py\ntwo\nthree\nfive\n```\n");
    // With only the pages' folder ingested, the code is outside the jail: the line stays, for the reader to drop.
    expect(await expanded("docs/en/docs/index.md", join(dir, "docs/en/docs"))).toBeUndefined();
  });
});

describe("MDX partials", () => {
  it("reads an imported Markdown file where its component stands, from the page's folder or the site's root", async () => {
    tree({
      "website/docusaurus.config.js": "export default {};\n",
      "website/docs/guides/install.mdx":
        "---\ntitle: Install\n---\nimport Setup from './_setup.mdx';\nimport Shared from '@site/docs/_shared/note.md';\nimport Tabs from '@theme/Tabs';\n\n# Install\n\n<Setup os=\"linux\" />\n\n<Shared/>\n\n<Tabs />\n",
      "website/docs/guides/_setup.mdx": "Run the installer with sudo.\n",
      "website/docs/_shared/note.md": "Back up your data first.\n",
    });
    const text = await expanded("website/docs/guides/install.mdx");
    expect(text).toContain("# Install\n\nRun the installer with sudo.\n\nBack up your data first.\n\n<Tabs />");
    expect(text).not.toMatch(/<Setup|<Shared/);
  });
});

describe("ingest with includes", () => {
  const partial = "site/modules/ROOT/partials/requirements.adoc";
  const files = {
    "site/modules/ROOT/pages/install.adoc": "= Installing Quasar\n\nBefore anything else:\n\ninclude::partial$requirements.adoc[]\n",
    "site/modules/ROOT/partials/requirements.adoc": "Quasar needs a zeppelin licence and forty kilos of ballast.\n",
    "site/modules/ROOT/pages/usage.adoc": "= Using Quasar\n\nStart the engine with the lever.\n",
  };
  const sources = async (rag: Rag) => [...new Set((await rag.collection.list({ limit: 100 })).map((r) => String(r.metadata.source)))].sort();
  const findZeppelin = async (rag: Rag) => (await rag.search("zeppelin licence ballast", { mode: "keyword", topK: 3 })).map((h) => h.metadata.source);

  it("reads a page with its partial, leaves the partial out and reports it; followIncludes: false reads each as written", async () => {
    tree(files);
    const site = join(dir, "site");
    await withRag(async (rag) => {
      const report = await rag.ingest([site], { root: dir });
      expect(report.includedFiles).toEqual([
        { source: join(site, "modules/ROOT/partials/requirements.adoc"), includedBy: join(site, "modules/ROOT/pages/install.adoc") },
      ]);
      expect(await sources(rag)).toEqual(["site/modules/ROOT/pages/install.adoc", "site/modules/ROOT/pages/usage.adoc"]);
      expect(await findZeppelin(rag)).toEqual(["site/modules/ROOT/pages/install.adoc"]);
      expect(formatIngestReport(report)).toMatch(/left out {3}1 file that pages include, read in with them \(.*requirements\.adoc, in .*install\.adoc\)/);
    });
    await withRag(async (rag) => {
      const report = await rag.ingest([site], { root: dir, followIncludes: false });
      expect(report.includedFiles).toEqual([]);
      expect(await findZeppelin(rag)).toEqual(["site/modules/ROOT/partials/requirements.adoc"]);
    });
  });

  it("keeps a partial named as a source", async () => {
    tree(files);
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "site"), join(dir, partial)], { root: dir });
      expect(report.includedFiles).toEqual([]);
      expect(await sources(rag)).toContain("site/modules/ROOT/partials/requirements.adoc");
    });
  });

  it("reads a page again when its partial changes, and with prune removes what an earlier run stored of the partial", async () => {
    tree(files);
    const site = join(dir, "site");
    await withRag(async (rag) => {
      await rag.ingest([site], { root: dir, followIncludes: false });
      expect(await sources(rag)).toHaveLength(3);
      const first = await rag.ingest([site], { root: dir, prune: true });
      expect(first.documents).toMatchObject({ updated: 1, unchanged: 1, removed: 1 });
      expect(await sources(rag)).toHaveLength(2);
      expect((await rag.ingest([site], { root: dir })).documents).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
      writeFileSync(join(dir, partial), "Quasar needs a dirigible permit.\n");
      expect((await rag.ingest([site], { root: dir })).documents).toMatchObject({ updated: 1, unchanged: 1 });
      const hits = await rag.search("dirigible permit", { mode: "keyword", topK: 1 });
      expect(hits[0]?.metadata.source).toBe("site/modules/ROOT/pages/install.adoc");
    });
  });

  it("with prune removes what an earlier run stored of a partial from another copy of the tree, by its id", async () => {
    tree(files);
    const copy = join(dir, "copy");
    cpSync(join(dir, "site"), join(copy, "site"), { recursive: true });
    await withRag(async (rag) => {
      // The first run reads the tree at one place, the partial as a document of its own; the second at another.
      await rag.ingest([join(dir, "site")], { root: dir, followIncludes: false });
      expect(await sources(rag)).toContain("site/modules/ROOT/partials/requirements.adoc");
      const second = await rag.ingest([join(copy, "site")], { root: copy, prune: true });
      expect(second.documents).toMatchObject({ updated: 1, unchanged: 1, removed: 1 });
      expect(await sources(rag)).not.toContain("site/modules/ROOT/partials/requirements.adoc");
    });
  });

  it("fails alone a page whose includes are over the size limit", async () => {
    tree({ ...files, "site/modules/ROOT/pages/bomb.adoc": `= Bomb\n\n${"include::partial$requirements.adoc[]\n".repeat(400)}` });
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "site")], { root: dir, limits: { maxFileBytes: 10_000 } });
      expect(report.failures).toEqual([expect.objectContaining({ code: "LIMIT_EXCEEDED" })]);
      expect(report.failures[0]?.source).toContain("bomb.adoc");
      expect(report.documents.added).toBe(2);
    });
  });
});

describe("ingest with includes, on random trees", () => {
  // Pages a.adoc … e.adoc in docs/ (b and d in a subfolder), each including others by relative path, itself, a missing
  // file, a file outside the folder ingested or a hidden one. Whatever the tree: the run ends; no word of the files
  // outside or hidden is indexed; every file is stored, listed as a part of a stored page, or failed; a part's page
  // is stored; and a second run finds everything unchanged.
  const NAMES = ["a.adoc", "sub/b.adoc", "c.adoc", "sub/d.adoc", "e.adoc"];
  const targetsFrom = (from: string) => [
    ...NAMES.map((n) => relativeTo(from, n)),
    "missing.adoc",
    relativeTo(from, "../outside.adoc"),
    relativeTo(from, ".hidden/h.adoc"),
  ];
  const relativeTo = (from: string, to: string) => (from.startsWith("sub/") ? `../${to}` : to);

  it("holds the run's invariants", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.nat({ max: 7 }), { maxLength: 4 }), { minLength: 5, maxLength: 5 }), async (includes) => {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        const files: Record<string, string> = { "outside.adoc": "OUTSIDEWORD\n", "docs/.hidden/h.adoc": "HIDDENWORD\n" };
        NAMES.forEach((name, i) => {
          const lines = includes[i]!.map((t) => `include::${targetsFrom(name)[t]}[]`);
          files[`docs/${name}`] = `= Page ${i}\n\nWord${i} stands here.\n\n${lines.join("\n\n")}\n`;
        });
        tree(files);
        const docs = join(dir, "docs");
        await withRag(async (rag) => {
          const report = await rag.ingest([docs], { root: docs });
          const stored = new Set((await rag.collection.list({ limit: 1000 })).map((r) => String(r.metadata.source)));
          const parts = report.includedFiles.map((p) => p.source.slice(docs.length + 1));
          const failed = report.failures.map((f) => String(f.source).slice(docs.length + 1));
          for (const name of NAMES) expect([stored.has(name), parts.includes(name), failed.includes(name)].filter(Boolean)).toHaveLength(1);
          for (const part of report.includedFiles) expect(stored.has(part.includedBy.slice(docs.length + 1))).toBe(true);
          const hits = await rag.search("OUTSIDEWORD HIDDENWORD", { mode: "keyword", topK: 10 });
          expect(hits).toEqual([]);
          // Each page's own word is found, in its own document or in the page that includes it.
          for (const [i] of NAMES.entries()) expect(await rag.search(`Word${i}`, { mode: "keyword", topK: 1 })).toHaveLength(1);
          expect((await rag.ingest([docs], { root: docs })).documents).toMatchObject({ added: 0, updated: 0, removed: 0 });
        });
      }),
      { numRuns: 25, seed: 20261206 },
    );
  });
});
