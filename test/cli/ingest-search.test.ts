import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS, errorLines, json, ragVectorSearch, runCli, tempTree } from "../support/run-cli.js";

describe("cli: ingest and search", () => {
  const tree = tempTree(DOCS);
  const db = `file:${tree.path("rag.db")}`;
  const base = ["--db", db, "--collection", "docs"];

  afterAll(() => tree.remove());

  beforeAll(async () => {
    const first = await runCli(["ingest", tree.path("docs"), "--root", tree.dir, "--embedder", "hash:64", "--json", ...base]);
    expect(first.code, first.stderr).toBe(0);
    const report = json(first);
    expect(report.documents).toEqual({ added: 3, updated: 0, unchanged: 0, removed: 0, failed: 0 });
    expect(report.failures).toEqual([]);
    expect(report.embedder).toBe("hash-64");
    expect(report.chunks.written).toBeGreaterThanOrEqual(3);
    expect(report.chunks.embedded).toBe(report.chunks.written);
  });

  it("re-ingests incrementally, with the collection's own embedder when --embedder is left out", async () => {
    const again = await runCli(["ingest", tree.path("docs"), "--root", tree.dir, "--json", ...base]);
    expect(again.code, again.stderr).toBe(0);
    const report = json(again);
    expect(report.embedder).toBe("hash-64");
    expect(report.documents).toEqual({ added: 0, updated: 0, unchanged: 3, removed: 0, failed: 0 });
    expect(report.chunks.embedded).toBe(0);
    expect(again.stderr).toBe("");
  });

  it("prints a human summary without --json, and no progress bar when stderr is not a terminal", async () => {
    const result = await runCli(["ingest", tree.path("docs"), "--root", tree.dir, ...base]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/documents\s+0 added, 0 updated, 3 unchanged, 0 removed, 0 failed/);
    expect(result.stdout).toMatch(/chunks\/s/);
    expect(result.stderr).toBe("");
  });

  it("search --mode vector embeds the question as rag.search does, with its content words", async () => {
    const question = "How do I move the pages of the WAL file back?";
    const result = await runCli(["search", question, "--mode", "vector", "-k", "3", "--json", ...base]);
    expect(result.code, result.stderr).toBe(0);
    const got = json(result).hits.map((h: { id: string; score: number }) => [h.id, h.score]);
    const expected = await ragVectorSearch(db, 64, question, 3, "docs");
    expect(got).toEqual(expected.hits);
    // The question's vector alone scores otherwise, so the CLI did not embed it alone.
    expect(expected.aloneScores).not.toEqual(expected.hits.map(([, score]) => score));
  });

  it("search --json returns k hits as valid JSON, best first", async () => {
    const result = await runCli(["search", "checkpoint pages WAL file", "-k", "2", "--json", ...base]);
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    // Hybrid is the default mode.
    expect(out).toMatchObject({ query: "checkpoint pages WAL file", mode: "hybrid", collection: "docs", topK: 2 });
    expect(out.hits).toHaveLength(2);
    for (const hit of out.hits) {
      expect(hit).toEqual({
        id: expect.any(String),
        documentId: expect.any(String),
        content: expect.any(String),
        metadata: expect.any(Object),
        score: expect.any(Number),
      });
    }
    expect(out.hits[0].score).toBeGreaterThanOrEqual(out.hits[1].score);
    expect(out.explain).toMatchObject({ mode: "hybrid", strategy: "auto" });
  });

  it("search --strategy picks the vector path, and refuses unknown ones", async () => {
    const exact = json(await runCli(["search", "checkpoint", "-k", "2", "--strategy", "exact", "--json", ...base]));
    expect(exact.explain).toMatchObject({ strategy: "exact", vectorPath: "exact" });
    const ann = json(await runCli(["search", "checkpoint", "-k", "2", "--strategy", "ann", "--json", ...base]));
    expect(ann.explain.strategy).toBe("ann");
    expect(ann.hits.map((h: { id: string }) => h.id)).toEqual(exact.hits.map((h: { id: string }) => h.id));
    const bad = await runCli(["search", "checkpoint", "--strategy", "fast", ...base]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/strategy/);
  });

  it("search returns every chunk when k exceeds the collection", async () => {
    const stats = json(await runCli(["stats", "--json", ...base]));
    const out = json(await runCli(["search", "database", "-k", "50", "--json", ...base]));
    expect(out.hits).toHaveLength(stats.rows);
  });

  it("search --filter applies the metadata filter", async () => {
    const result = await runCli(["search", "database file", "--filter", '{"format":"text"}', "-k", "5", "--json", ...base]);
    expect(result.code, result.stderr).toBe(0);
    const hits = json(result).hits as Array<{ metadata: Record<string, unknown> }>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.metadata.format === "text" && h.metadata.source === "docs/vacuum.txt")).toBe(true);
  });

  it("search --mode keyword ranks by words and hybrid fuses both", async () => {
    const keyword = json(await runCli(["search", "MATCH virtual table", "--mode", "keyword", "-k", "1", "--json", ...base]));
    expect(keyword.hits).toHaveLength(1);
    expect(keyword.hits[0].metadata.source).toBe("docs/fts.md");
    const hybrid = json(await runCli(["search", "MATCH virtual table", "--mode", "hybrid", "-k", "3", "--json", ...base]));
    expect(hybrid.mode).toBe("hybrid");
    expect(hybrid.hits[0].metadata.source).toBe("docs/fts.md");
  });

  it("search ranks vector and keyword results by page, as rag.search does, unless --no-page-ranking", async () => {
    const ranked = json(await runCli(["search", "checkpoint", "--mode", "vector", "-k", "3", "--json", ...base]));
    expect(ranked.explain.notes).toContain("ranked by document (support 0, decay 0.3)");
    const plain = json(await runCli(["search", "checkpoint", "--mode", "vector", "-k", "3", "--no-page-ranking", "--json", ...base]));
    expect(plain.explain.notes.some((n: string) => n.startsWith("ranked by document"))).toBe(false);
    expect(plain.hits).toHaveLength(3);
  });

  it("search prints page, heading path, character offsets and score without --json", async () => {
    const result = await runCli(["search", "checkpoint", "--mode", "keyword", "-k", "1", ...base]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ 1\. \d+\.\d{4} {2}docs\/wal\.md › Write-Ahead Logging › Checkpoints {2}\[characters \d+–\d+\]\n/);
  });

  it("lists missing paths as failures but ingests the rest (exit 0), and --strict exits 1", async () => {
    const result = await runCli(["ingest", tree.path("docs"), "no/such/folder", "--root", tree.dir, "--json", ...base]);
    expect(result.code, result.stderr).toBe(0);
    const report = json(result);
    expect(report.documents.unchanged).toBe(3);
    expect(report.failures).toEqual([{ source: "no/such/folder", code: "LOAD_FAILED", reason: expect.stringContaining("no/such/folder") }]);

    const human = await runCli(["ingest", tree.path("docs"), "no/such/folder", "--root", tree.dir, ...base]);
    expect(human.code).toBe(0);
    expect(errorLines(human)).toEqual([expect.stringMatching(/^libsql-rag: failed: no\/such\/folder: /)]);

    const strict = await runCli(["ingest", tree.path("docs"), "no/such/folder", "--root", tree.dir, "--strict", "--json", ...base]);
    expect(strict.code).toBe(1);
    expect(json(strict).documents.failed).toBe(1);
    expect(errorLines(strict)).toEqual(["libsql-rag: 1 document failed (--strict)."]);
  });

  it("--quiet prints no summary and no progress, only the failures", async () => {
    const quiet = await runCli(["ingest", tree.path("docs"), "--root", tree.dir, "--quiet", ...base]);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toBe("");
    expect(quiet.stderr).toBe("");

    const failing = await runCli(["ingest", tree.path("docs"), "no/such/folder", "--root", tree.dir, "-q", ...base]);
    expect(failing.code).toBe(0);
    expect(failing.stdout).toBe("");
    expect(errorLines(failing)).toEqual([expect.stringMatching(/^libsql-rag: failed: no\/such\/folder: /)]);

    // The report asked for with --json is still printed.
    const asJson = await runCli(["ingest", tree.path("docs"), "--root", tree.dir, "--quiet", "--json", ...base]);
    expect(json(asJson).documents.unchanged).toBe(3);
  });

  it("refuses when no path matches, before creating a database (exit 2)", async () => {
    const file = tree.path("never.db");
    const result = await runCli(["ingest", "no/such/folder", tree.path("nope.md"), "--db", `file:${file}`]);
    expect(result.code).toBe(2);
    expect(errorLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/^libsql-rag: No supported file matches "no\/such\/folder", ".*nope\.md"/);
    expect(existsSync(file)).toBe(false);
  });

  it("takes the database from LIBSQL_URL when --db is left out", async () => {
    const result = await runCli(["collections", "--json"], { env: { LIBSQL_URL: db } });
    expect(result.code, result.stderr).toBe(0);
    expect(json(result).db).toBe(db);
  });

  it("takes the database from TURSO_DATABASE_URL after LIBSQL_URL", async () => {
    const turso = await runCli(["collections", "--json"], { env: { TURSO_DATABASE_URL: db } });
    expect(turso.code, turso.stderr).toBe(0);
    expect(json(turso).db).toBe(db);
    const both = await runCli(["collections", "--json"], { env: { LIBSQL_URL: db, TURSO_DATABASE_URL: "file:/no/such/dir/x.db" } });
    expect(both.code, both.stderr).toBe(0);
    expect(json(both).db).toBe(db);
  });
});

describe("cli: ingest a built site with its sources", () => {
  const text = "WAL mode lets readers continue while a writer commits, and a checkpoint moves the pages back into the database.";
  const site = tempTree({
    "html/wal.html": `<html><head><title>WAL</title></head><body><h1>WAL</h1><p>${text}</p></body></html>`,
    "html/_sources/wal.rst.txt": `WAL\n===\n\n${text}\n`,
  });
  afterAll(() => site.remove());

  it("leaves out a page's source copy and says so; --keep-source-copies ingests it", async () => {
    const base = ["--root", site.dir, "--embedder", "hash:64", "--collection", "site"];
    const left = await runCli(["ingest", site.path("html"), "--db", `file:${site.path("a.db")}`, ...base]);
    expect(left.code, left.stderr).toBe(0);
    expect(left.stdout).toMatch(/documents\s+1 added/);
    expect(left.stdout).toContain(`left out   1 copy of pages (${site.path("html", "_sources", "wal.rst.txt")}, of ${site.path("html", "wal.html")})`);

    const kept = await runCli(["ingest", site.path("html"), "--db", `file:${site.path("b.db")}`, "--keep-source-copies", "--json", ...base]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(json(kept).documents.added).toBe(2);
    expect(json(kept).sourceCopies).toEqual([]);
  });
});

describe("cli: ingest AsciiDoc pages with the partials they include", () => {
  const site = tempTree({
    "modules/ROOT/pages/install.adoc": "= Install\n\nFirst:\n\ninclude::partial$needs.adoc[]\n",
    "modules/ROOT/partials/needs.adoc": "A zeppelin licence and forty kilos of ballast.\n",
  });
  afterAll(() => site.remove());

  it("reads the partial into its page and says it left the partial out; --no-follow-includes ingests both as written", async () => {
    const base = ["--root", site.dir, "--embedder", "hash:64", "--collection", "site"];
    const read = await runCli(["ingest", site.path("modules"), "--db", `file:${site.path("a.db")}`, ...base]);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toMatch(/documents\s+1 added/);
    expect(read.stdout).toContain(
      `left out   1 file that pages include, read in with them (${site.path("modules", "ROOT", "partials", "needs.adoc")}, in ${site.path("modules", "ROOT", "pages", "install.adoc")})`,
    );

    const asWritten = await runCli(["ingest", site.path("modules"), "--db", `file:${site.path("b.db")}`, "--no-follow-includes", "--json", ...base]);
    expect(asWritten.code, asWritten.stderr).toBe(0);
    expect(json(asWritten).documents.added).toBe(2);
    expect(json(asWritten).includedFiles).toEqual([]);
  });
});

describe("cli: ingest a site with a translation in part", () => {
  const english = "The kernel is built from its sources with the configuration of the running system as a starting point.";
  const packages = "The apt-get command installs a package together with the packages it depends on, after reading the lists.";
  const french = "Le noyau est compilé à partir de ses sources avec la configuration du système en cours comme point de départ.";
  const page = (first: string) =>
    `<html><head><title>Kernel</title></head><body><h1>Kernel</h1><h2>Sources</h2><p>${first}</p><h2>Packages</h2><p>${packages}</p></body></html>`;
  const site = tempTree({ "html/en/kernel.html": page(english), "html/fr/kernel.html": page(french) });
  afterAll(() => site.remove());

  it("leaves out the passages a translated page repeats of its original and says so; --keep-source-copies keeps them", async () => {
    const base = ["--root", site.dir, "--embedder", "hash:64", "--collection", "site"];
    const left = await runCli(["ingest", site.path("html"), "--db", `file:${site.path("a.db")}`, ...base]);
    expect(left.code, left.stderr).toBe(0);
    expect(left.stdout).toContain(
      `left out   1 passage of 1 translated page repeating the page they translate (1 of ${site.path("html", "fr", "kernel.html")}, of ${site.path("html", "en", "kernel.html")})`,
    );

    const kept = await runCli(["ingest", site.path("html"), "--db", `file:${site.path("b.db")}`, "--keep-source-copies", "--json", ...base]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(json(kept).repeatedPassages).toEqual([]);
    expect(json(kept).chunks.written).toBe(4);
  });
});
