import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Rag } from "../../src/index.js";
import { findSourceCopies, mirrorRank } from "../../src/ingest/copies.js";
import { resolveLimits } from "../../src/ingest/limits.js";
import { resolveSources } from "../../src/ingest/sources.js";
import { makePdf } from "../support/make-pdf.js";
import { withMemoryRag as withRag } from "../support/memory-rag.js";

const GUIDE =
  "Connections are opened with connect. A connection holds one transaction at a time, and commit ends it. " +
  "Rows come back as tuples unless a row factory is set, and the cursor closes when the connection does.";
const OTHER =
  "The scheduler runs each task once its inputs are ready. Tasks that fail are retried three times, then reported " +
  "with their last error, and the run goes on with the tasks that do not depend on them.";

function page(title: string, body: string): string {
  return `<!doctype html><html><head><title>${title}</title><script>var index = "${title} search";</script></head><body><nav><a href="index.html">Home</a></nav><main><h1>${title}</h1><p>${body}</p></main></body></html>`;
}

/** "path/to/x" as the segments the copy finder compares. */
const segs = (path: string) => path.split("/");

describe("mirrorRank: a source's path against a page's", () => {
  it("ranks a copy one folder below the page's tree (Sphinx's _sources) above sibling trees, and both above nothing", () => {
    const sphinx = mirrorRank(segs("html/_sources/library/os"), segs("html/library/os"));
    const siblings = mirrorRank(segs("doc/rst/library/os"), segs("doc/html/library/os"));
    const sameFolder = mirrorRank(segs("docs/quickstart"), segs("docs/quickstart"));
    expect(sphinx).toBeGreaterThan(0);
    expect(siblings).toBeGreaterThan(0);
    expect(sameFolder).toBeGreaterThan(sphinx);
    expect(sphinx).toBeGreaterThan(siblings);
  });

  it("ranks a longer shared ending higher: _sources/library/index is library/index.html's, not PCI/index.html's", () => {
    const right = mirrorRank(segs("html/_sources/library/index"), segs("html/library/index"));
    const wrong = mirrorRank(segs("html/_sources/library/index"), segs("html/PCI/index"));
    expect(right).toBeGreaterThan(wrong);
  });

  it("gives 0 to another name, and to paths that part by more than one folder on a side", () => {
    expect(mirrorRank(segs("html/_sources/os"), segs("html/sys"))).toBe(0);
    expect(mirrorRank(segs("a/b/c/os"), segs("x/y/os"))).toBe(0);
    expect(mirrorRank(segs("html/_sources/extra/os"), segs("html/os"))).toBe(0);
    // Names that differ share nothing.
    expect(mirrorRank(["install"], ["index"])).toBe(0);
  });

  it("pairs a source with its page in a build folder two deep, and nothing deeper", () => {
    expect(mirrorRank(segs("docs/install"), segs("docs/_build/html/install"))).toBeGreaterThan(0);
    expect(mirrorRank(segs("docs/source/install"), segs("docs/build/html/install"))).toBeGreaterThan(0);
    expect(mirrorRank(segs("docs/install"), segs("docs/a/b/c/install"))).toBe(0);
    // A page one folder below the source's (docs/html/) is nearer than one two below.
    expect(mirrorRank(segs("docs/install"), segs("docs/html/install"))).toBeGreaterThan(mirrorRank(segs("docs/install"), segs("docs/_build/html/install")));
    expect(mirrorRank(segs("html/_sources/os"), segs("html/os"))).toBeGreaterThan(mirrorRank(segs("docs/os"), segs("docs/_build/html/os")));
  });

  it("compares names without regard to case", () => {
    expect(mirrorRank(segs("doc/NEWS"), segs("doc/news"))).toBeGreaterThan(0);
  });
});

describe("findSourceCopies and ingest: a site's sources beside its pages", () => {
  let dir: string;
  let html: string;
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "copies-")));
    html = join(dir, "html");
    mkdirSync(join(html, "_sources", "guide"), { recursive: true });
    mkdirSync(join(html, "guide"), { recursive: true });
    writeFileSync(join(html, "guide", "db.html"), page("Databases", GUIDE));
    // Sphinx's copy: the reStructuredText the page was built from, markup and all.
    writeFileSync(join(html, "_sources", "guide", "db.rst.txt"), `Databases\n=========\n\n.. note::\n\n${GUIDE}\n`);
    writeFileSync(join(html, "tasks.html"), page("Tasks", OTHER));
    // Same name as a page, other words: not a copy.
    writeFileSync(join(html, "_sources", "tasks.rst.txt"), `Tasks\n=====\n\n${GUIDE}\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function copiesOf(sources: string[]) {
    const resolved = await resolveSources(sources, dir);
    return (await findSourceCopies(resolved.files, resolved.named, resolveLimits(undefined))).map((c) => [c.path, c.copyOf]);
  }

  it("finds the source whose path mirrors a page and whose words are the page's, and only that one", async () => {
    expect(await copiesOf([html])).toEqual([[join(html, "_sources", "guide", "db.rst.txt"), join(html, "guide", "db.html")]]);
  });

  it("takes a source that cannot be read as text for no copy, without failing the search for the others", async () => {
    writeFileSync(
      join(html, "_sources", "tasks.rst.txt"),
      Uint8Array.from({ length: 600 }, (_, i) => (i * 7) % 32),
    );
    expect(await copiesOf([html])).toEqual([[join(html, "_sources", "guide", "db.rst.txt"), join(html, "guide", "db.html")]]);
  });

  it("finds the page a source copies among pages of the same name in other folders", async () => {
    for (const folder of ["api", "zz"]) {
      mkdirSync(join(html, folder));
      writeFileSync(join(html, folder, "db.html"), page("Databases API", OTHER));
    }
    expect(await copiesOf([html])).toEqual([[join(html, "_sources", "guide", "db.rst.txt"), join(html, "guide", "db.html")]]);
  });

  it("finds it through a glob and in gzip-compressed files, and a Markdown page of MkDocs' install/index.html", async () => {
    rmSync(join(html, "guide", "db.html"));
    writeFileSync(join(html, "guide", "db.html.gz"), gzipSync(page("Databases", GUIDE)));
    mkdirSync(join(dir, "site", "install"), { recursive: true });
    mkdirSync(join(dir, "docs"));
    writeFileSync(join(dir, "site", "install", "index.html"), page("Install", OTHER));
    writeFileSync(join(dir, "docs", "install.md"), `# Install\n\n${OTHER}\n`);
    const found = await copiesOf(["**/*"]);
    expect(found).toContainEqual([join(html, "_sources", "guide", "db.rst.txt"), join(html, "guide", "db.html.gz")]);
    expect(found).toContainEqual([join(dir, "docs", "install.md"), join(dir, "site", "install", "index.html")]);
    expect(found).toHaveLength(2);
  });

  it("finds the files a copy includes whose words are its page's, and keeps an included file that is not", async () => {
    const options = "The --stat option prints a summary of the changed files, and --name-only prints their names alone.";
    writeFileSync(join(html, "diff.html"), page("git-diff", `${GUIDE} ${options}`));
    writeFileSync(join(html, "diff.txt"), `git-diff\n========\n\n${GUIDE}\n\ninclude::diff-options.txt[]\n\ninclude::other.txt[]\n`);
    writeFileSync(join(html, "diff-options.txt"), `${options}\n`);
    writeFileSync(join(html, "other.txt"), `${OTHER}\n`);
    writeFileSync(join(html, "alone.txt"), `${options}\n`);
    const found = await copiesOf([html]);
    expect(found).toContainEqual([join(html, "diff.txt"), join(html, "diff.html")]);
    expect(found).toContainEqual([join(html, "diff-options.txt"), join(html, "diff.html")]);
    expect(found.map(([path]) => path)).not.toContain(join(html, "other.txt"));
    expect(found.map(([path]) => path)).not.toContain(join(html, "alone.txt"));
  });

  it("leaves in a file a copy includes when the run did not find it or the user named it", async () => {
    const options = "The --stat option prints a summary of the changed files, and --name-only prints their names alone.";
    writeFileSync(join(html, "diff.html"), page("git-diff", `${GUIDE} ${options}`));
    writeFileSync(join(html, "diff.txt"), `git-diff\n========\n\n${GUIDE}\n\ninclude::../shared/diff-options.txt[]\n\ninclude::stat.txt[]\n`);
    mkdirSync(join(dir, "shared"));
    writeFileSync(join(dir, "shared", "diff-options.txt"), `${options}\n`);
    writeFileSync(join(html, "stat.txt"), `${options}\n`);
    const db = [join(html, "_sources", "guide", "db.rst.txt"), join(html, "guide", "db.html")];
    const diff = [join(html, "diff.txt"), join(html, "diff.html")];
    expect(await copiesOf([html, join(html, "stat.txt")])).toEqual([db, diff]);
    expect(await copiesOf([html])).toEqual([db, diff, [join(html, "stat.txt"), join(html, "diff.html")]]);
  });

  it("keeps a source whose text the page shows only in part: in a hidden tab, or not at all", async () => {
    const npm = "Install the client with npm install acme-client and import it in your module.";
    const yarn = "With yarn, add acme-client to the workspace and point the offline mirror at the cache folder first.";
    const tabs = `<div role="tabpanel">${npm}</div><div role="tabpanel" hidden>${yarn} ${GUIDE}</div>`;
    mkdirSync(join(dir, "site", "install"), { recursive: true });
    mkdirSync(join(dir, "docs"));
    writeFileSync(join(dir, "site", "install", "index.html"), page("Install", tabs));
    writeFileSync(join(dir, "docs", "install.md"), `# Install\n\n${npm}\n\n${yarn} ${GUIDE}\n`);
    // A source with a third of its text of its own (a section the built page does not have yet).
    writeFileSync(join(html, "guide", "db.rst.txt"), `Databases\n=========\n\n${GUIDE}\n\nCache\n-----\n\n${OTHER}\n`);
    mkdirSync(join(html, "_sources", "guide"), { recursive: true });
    writeFileSync(join(html, "_sources", "guide", "db.rst.txt"), `Databases\n=========\n\n${GUIDE}\n\nCache\n-----\n\n${OTHER}\n`);
    const found = (await copiesOf([dir])).map(([path]) => path);
    expect(found).not.toContain(join(dir, "docs", "install.md"));
    expect(found).not.toContain(join(html, "_sources", "guide", "db.rst.txt"));
  });

  it("finds Sphinx's sources beside a build folder and a notebook beside its page, compared by the cells' text", async () => {
    mkdirSync(join(dir, "proj", "docs", "_build", "html"), { recursive: true });
    writeFileSync(join(dir, "proj", "docs", "db.rst"), `Databases\n=========\n\n${GUIDE}\n`);
    writeFileSync(join(dir, "proj", "docs", "_build", "html", "db.html"), page("Databases", GUIDE));
    const notebook = {
      cells: [
        { cell_type: "markdown", source: ["# Tasks\n", `${OTHER}\n`] },
        { cell_type: "code", source: "run_tasks()", outputs: [] },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(dir, "proj", "docs", "tasks.ipynb"), JSON.stringify(notebook, null, 1));
    writeFileSync(join(dir, "proj", "docs", "_build", "html", "tasks.html"), page("Tasks", `${OTHER} run_tasks()`));
    const found = await copiesOf([join(dir, "proj")]);
    expect(found).toContainEqual([join(dir, "proj", "docs", "db.rst"), join(dir, "proj", "docs", "_build", "html", "db.html")]);
    expect(found).toContainEqual([join(dir, "proj", "docs", "tasks.ipynb"), join(dir, "proj", "docs", "_build", "html", "tasks.html")]);
  });

  it("compares what the page shows of a source: without its directives, toctree, targets, comments and substitutions", async () => {
    mkdirSync(join(html, "_sources", "reference"), { recursive: true });
    mkdirSync(join(html, "reference"), { recursive: true });
    // An autodoc page's source is its title and directives: the page shows what they make, none of their words.
    writeFileSync(
      join(html, "_sources", "reference", "acme.db.rst.txt"),
      '=====================\n ``acme.db``\n=====================\n\n.. contents::\n    :local:\n.. currentmodule:: acme.db\n\n.. automodule:: acme.db\n    :members:\n    :undoc-members:\n\n.. raw:: html\n\n    <div class="clearer"></div>\n',
    );
    writeFileSync(join(html, "reference", "acme.db.html"), page("acme.db", `Database access. ${GUIDE}`));
    // An index's source: a target, a comment, fields of substitutions and a toctree of file names.
    writeFileSync(
      join(html, "_sources", "reference", "index.rst.txt"),
      ".. _apiref:\n\n===============\n API Reference\n===============\n\n..\n  Keep the list sorted by module name.\n\n:Release: |version|\n:Date: |today|\n\n.. toctree::\n    :maxdepth: 1\n\n    acme.db\n    acme.tasks\n",
    );
    writeFileSync(join(html, "reference", "index.html"), page("API Reference", "Release: 5.2 Date: Jan 22, 2023 acme.db — Database access"));
    // A role's name and a link's target are not shown either; the text the page does not hold keeps a source in.
    writeFileSync(
      join(html, "_sources", "reference", "tasks.rst.txt"),
      `Tasks\n=====\n\nSee :ref:\`the database guide <guide-db>\` and :meth:\`~acme.Task.run\`.\n\n${OTHER}\n`,
    );
    writeFileSync(join(html, "reference", "tasks.html"), page("Tasks", "See the database guide and run()."));
    writeFileSync(
      join(html, "_sources", "reference", "conn.rst.txt"),
      `Connections\n===========\n\nSee :ref:\`the database guide <guide-db>\` and :meth:\`~acme.Connection.close\`.\n`,
    );
    writeFileSync(join(html, "reference", "conn.html"), page("Connections", `See the database guide and close(). ${OTHER}`));
    // A source that says nothing but a directive (it includes the file that holds the text) has nothing of its own.
    writeFileSync(join(html, "_sources", "changes.rst.txt"), ".. include:: ../CHANGES.rst\n");
    writeFileSync(join(html, "changes.html"), page("Changes", OTHER));
    const found = await copiesOf([html]);
    expect(found).toContainEqual([join(html, "_sources", "reference", "conn.rst.txt"), join(html, "reference", "conn.html")]);
    expect(found).toContainEqual([join(html, "_sources", "changes.rst.txt"), join(html, "changes.html")]);
    expect(found).toContainEqual([join(html, "_sources", "reference", "acme.db.rst.txt"), join(html, "reference", "acme.db.html")]);
    expect(found).toContainEqual([join(html, "_sources", "reference", "index.rst.txt"), join(html, "reference", "index.html")]);
    expect(found.map(([path]) => path)).not.toContain(join(html, "_sources", "reference", "tasks.rst.txt"));
  });

  it("compares a page's highlighted listing as its code, on a page with a hidden element as on any other", async () => {
    const code = ["conn = connect(path)", "rows = conn.execute(query).fetchall()", "conn.commit()"];
    const highlighted = code.map((line) => line.replace(/\w+|[=().]/g, (token) => `<span class="${/\w/.test(token) ? "n" : "o"}">${token}</span>`)).join("\n");
    // Sphinx's classic pages hide their search box until a script shows it.
    writeFileSync(
      join(html, "guide", "db.html"),
      page("Databases", `${GUIDE}</p><div id="searchbox" style="display: none">Quick search</div><pre>${highlighted}</pre><p>`),
    );
    writeFileSync(join(html, "_sources", "guide", "db.rst.txt"), `Databases\n=========\n\n.. code-block:: python\n\n    ${code.join("\n    ")}\n`);
    expect(await copiesOf([html])).toEqual([[join(html, "_sources", "guide", "db.rst.txt"), join(html, "guide", "db.html")]]);
  });

  it("compares a source whose path mirrors no page's with the page of its name, when there are one or two", async () => {
    // sphinx-gallery's download of each example, a notebook in a folder named by a hash.
    const notebook = (text: string) => JSON.stringify({ cells: [{ cell_type: "markdown", source: [text] }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    mkdirSync(join(html, "_downloads", "0a1b2c"), { recursive: true });
    mkdirSync(join(html, "auto_examples", "cluster"), { recursive: true });
    writeFileSync(join(html, "_downloads", "0a1b2c", "plot_tasks.ipynb"), notebook(OTHER));
    writeFileSync(join(html, "auto_examples", "cluster", "plot_tasks.html"), page("Tasks", OTHER));
    writeFileSync(join(html, "_downloads", "0a1b2c", "plot_db.ipynb"), notebook(GUIDE));
    writeFileSync(join(html, "auto_examples", "cluster", "plot_db.html"), page("Tasks", OTHER));
    const found = await copiesOf([html]);
    expect(found).toContainEqual([join(html, "_downloads", "0a1b2c", "plot_tasks.ipynb"), join(html, "auto_examples", "cluster", "plot_tasks.html")]);
    expect(found.map(([path]) => path)).not.toContain(join(html, "_downloads", "0a1b2c", "plot_db.ipynb"));
    // With more pages of its name than that, a name says too little to compare by.
    for (const folder of ["a", "b"]) {
      mkdirSync(join(html, folder), { recursive: true });
      writeFileSync(join(html, folder, "plot_tasks.html"), page("Tasks", OTHER));
    }
    expect((await copiesOf([html])).map(([path]) => path)).not.toContain(join(html, "_downloads", "0a1b2c", "plot_tasks.ipynb"));
  });

  it("keeps a source the user named, and a source with no page in the run", async () => {
    expect(await copiesOf([join(html, "_sources", "guide", "db.rst.txt"), join(html, "guide", "db.html")])).toEqual([]);
    expect(await copiesOf([join(html, "_sources")])).toEqual([]);
  });

  it("does not take a short text for a copy of a long page because the page holds its few common words", async () => {
    writeFileSync(join(html, "_sources", "guide", "db.rst.txt"), "Databases\n=========\n\nSee the connection and the cursor of the row.\n");
    expect(await copiesOf([html])).toEqual([]);
  });

  const sourcesOf = async (rag: Rag) => [...new Set((await rag.collection.list({ limit: 1000 })).map((r) => String(r.metadata.source)))].sort();

  it("ingest leaves the copy out and reports it; keepSourceCopies ingests it", async () => {
    await withRag(async (rag) => {
      const report = await rag.ingest([html], { root: dir });
      expect(report.sourceCopies).toEqual([{ source: join(html, "_sources", "guide", "db.rst.txt"), copyOf: join(html, "guide", "db.html") }]);
      expect(report.documents.added).toBe(3);
      expect(await sourcesOf(rag)).toEqual(["html/_sources/tasks.rst.txt", "html/guide/db.html", "html/tasks.html"]);
    });
    await withRag(async (rag) => {
      const report = await rag.ingest([html], { root: dir, keepSourceCopies: true });
      expect(report.sourceCopies).toEqual([]);
      expect(await sourcesOf(rag)).toContain(["html", "_sources", "guide", "db.rst.txt"].join("/"));
    });
  });

  it("with prune, removes what an earlier run stored of a copy; without, keeps it", async () => {
    await withRag(async (rag) => {
      await rag.ingest([html], { root: dir, keepSourceCopies: true });
      expect(await sourcesOf(rag)).toHaveLength(4);
      const kept = await rag.ingest([html], { root: dir });
      expect(kept.documents).toMatchObject({ removed: 0, unchanged: 3 });
      expect(await sourcesOf(rag)).toHaveLength(4);
      const pruned = await rag.ingest([html], { root: dir, prune: true });
      expect(pruned.documents).toMatchObject({ removed: 1, unchanged: 3 });
      expect(await sourcesOf(rag)).not.toContain("html/_sources/guide/db.rst.txt");
      expect(await sourcesOf(rag)).toHaveLength(3);
    });
  });

  it("does not read a file the user named again when the next run keeps copies", async () => {
    const file = join(html, "_sources", "guide", "db.rst.txt");
    await withRag(async (rag) => {
      expect((await rag.ingest([file], { root: dir })).documents.added).toBe(1);
      const stages: string[] = [];
      const again = await rag.ingest([file], { root: dir, keepSourceCopies: true, onProgress: (event) => stages.push(event.stage) });
      expect(again.documents).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
      expect(stages).toEqual(["scan", "write", "done"]);
    });
  });

  /** The sentences of a text, a PDF line each. */
  const lines = (text: string) => text.split(/(?<=\.) /);

  it("leaves out a PDF of the manual beside its pages, found by a folder, and keeps a PDF of its own", async () => {
    writeFileSync(join(dir, "manual.pdf"), makePdf([lines(GUIDE), lines(OTHER)], { title: "Manual" }));
    mkdirSync(join(dir, "papers"));
    writeFileSync(join(dir, "papers", "talk.pdf"), makePdf([["A talk about caches.", "Caches keep what was read so that it need not be read again."]]));
    await withRag(async (rag) => {
      const report = await rag.ingest([dir], { root: dir });
      expect(report.sourceCopies).toContainEqual({ source: join(dir, "manual.pdf"), copyOf: dir });
      expect(report.sourceCopies.map((c) => c.source)).not.toContain(join(dir, "papers", "talk.pdf"));
      const sources = await sourcesOf(rag);
      expect(sources).toContain("papers/talk.pdf");
      expect(sources).not.toContain("manual.pdf");
    });
  });

  it("keeps a PDF named as a source, a PDF with no pages near it, and a PDF when keepSourceCopies", async () => {
    writeFileSync(join(html, "guide", "manual.pdf"), makePdf([lines(GUIDE)]));
    await withRag(async (rag) => {
      const named = await rag.ingest([join(html, "guide", "manual.pdf"), join(html, "guide", "db.html")], { root: dir });
      expect(named.sourceCopies).toEqual([]);
      expect(named.documents.added).toBe(2);
    });
    await withRag(async (rag) => {
      const kept = await rag.ingest([html], { root: dir, keepSourceCopies: true });
      expect(kept.sourceCopies).toEqual([]);
      expect(await sourcesOf(rag)).toContain("html/guide/manual.pdf");
    });
    mkdirSync(join(dir, "alone"));
    writeFileSync(join(dir, "alone", "manual.pdf"), makePdf([lines(GUIDE)]));
    await withRag(async (rag) => {
      const alone = await rag.ingest([join(dir, "alone")], { root: dir });
      expect(alone.sourceCopies).toEqual([]);
      expect(await sourcesOf(rag)).toEqual(["alone/manual.pdf"]);
    });
  });

  it("compares a PDF stored by an earlier run again, and prune removes it once it is a copy", async () => {
    writeFileSync(join(html, "manual.pdf"), makePdf([lines(GUIDE), lines(OTHER)]));
    await withRag(async (rag) => {
      await rag.ingest([html], { root: dir, keepSourceCopies: true });
      expect(await sourcesOf(rag)).toContain("html/manual.pdf");
      const pruned = await rag.ingest([html], { root: dir, prune: true });
      expect(pruned.sourceCopies.map((c) => c.source)).toContain(join(html, "manual.pdf"));
      expect(await sourcesOf(rag)).not.toContain("html/manual.pdf");
    });
  });

  it("leaves out a page that shows a program's source file, unless it is named or copies are kept", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `<div class="line"><span class="lineno">${i + 1}</span>int value_${i} = compute(${i});</div>`);
    const listing = `<html><head><title>Matrix.h Source File</title></head><body><div class="contents"><div class="fragment">${lines.join("")}</div></div></body></html>`;
    writeFileSync(join(html, "Matrix_8h_source.html"), listing);
    await withRag(async (rag) => {
      const report = await rag.ingest([html], { root: dir });
      expect(report.sourceCopies).toContainEqual({ source: join(html, "Matrix_8h_source.html"), copyOf: "Matrix.h Source File" });
      expect(await sourcesOf(rag)).not.toContain("html/Matrix_8h_source.html");
    });
    await withRag(async (rag) => {
      await rag.ingest([join(html, "Matrix_8h_source.html")], { root: dir });
      expect(await sourcesOf(rag)).toEqual(["html/Matrix_8h_source.html"]);
    });
    await withRag(async (rag) => {
      await rag.ingest([html], { root: dir, keepSourceCopies: true });
      expect(await sourcesOf(rag)).toContain("html/Matrix_8h_source.html");
    });
  });

  it("keeps a page of numbered lines whose source beside it is left out as its copy, so that one of the two stays", async () => {
    const lines = Array.from({ length: 70 }, (_, i) => `deploy step ${i}: copy the release to server ${i} and restart it`);
    const gutter = lines.map((_, i) => i + 1).join("\n");
    writeFileSync(join(html, "deploy.txt"), `${lines.join("\n")}\n`);
    writeFileSync(
      join(html, "deploy.html"),
      `<html><head><title>deploy.txt</title></head><body><main><table class="highlighttable"><tr><td class="linenos"><div class="linenodiv"><pre>${gutter}</pre></div></td><td class="code"><div class="highlight"><pre>${lines.join("\n")}</pre></div></td></tr></table></main></body></html>`,
    );
    await withRag(async (rag) => {
      const report = await rag.ingest([html], { root: dir });
      expect(report.sourceCopies).toContainEqual({ source: join(html, "deploy.txt"), copyOf: join(html, "deploy.html") });
      expect(await sourcesOf(rag)).toContain("html/deploy.html");
      // The source gone, the page is a listing again: read again, and left out.
      rmSync(join(html, "deploy.txt"));
      const again = await rag.ingest([html], { root: dir, prune: true });
      expect(again.sourceCopies).toContainEqual({ source: join(html, "deploy.html"), copyOf: "deploy.txt" });
      expect(await sourcesOf(rag)).not.toContain("html/deploy.html");
    });
    // Ingested by a run that kept copies, it is left out by the next that does not.
    await withRag(async (rag) => {
      writeFileSync(join(html, "deploy.txt"), `${lines.join("\n")}\n`);
      await rag.ingest([html], { root: dir, keepSourceCopies: true });
      rmSync(join(html, "deploy.txt"));
      await rag.ingest([html], { root: dir, keepSourceCopies: true });
      expect(await sourcesOf(rag)).toContain("html/deploy.html");
      expect((await rag.ingest([html], { root: dir, prune: true })).sourceCopies.map((c) => c.source)).toContain(join(html, "deploy.html"));
      expect(await sourcesOf(rag)).not.toContain("html/deploy.html");
    });
  });
});
