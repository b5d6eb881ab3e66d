import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { DOCS, errorLines, json, runCli, tempTree } from "./run-cli.js";

// Each tree has its own package.json at the top, so the upward search for settings stops there.
const trees: { remove(): void }[] = [];
function project(files: Record<string, string>) {
  const tree = tempTree({ "package.json": JSON.stringify({ name: "app" }), ...files });
  trees.push(tree);
  return tree;
}
afterEach(() => {
  for (const tree of trees.splice(0)) tree.remove();
});

describe("cli: settings file and init", () => {
  it("init writes a commented file that later commands read, from a subfolder too, and refuses to overwrite it", async () => {
    const tree = project(DOCS);
    const init = await runCli(["init", "--db", "file:kb.db", "--collection", "notes", "--embedder", "hash:64"], { cwd: tree.dir });
    expect(init.code, init.stderr).toBe(0);
    const text = readFileSync(tree.path("libsql-rag.config.json"), "utf8");
    expect(text).toMatch(/^\s*\/\/ /m);
    expect(text).toContain('"collection": "notes"');

    const again = await runCli(["init"], { cwd: tree.dir });
    expect(again.code).toBe(1);
    expect(errorLines(again).join("\n")).toContain("--force");
    expect(readFileSync(tree.path("libsql-rag.config.json"), "utf8")).toBe(text);

    // Run from docs/: the relative database path means the settings file's folder, not the working one.
    const ingest = await runCli(["ingest", ".", "--json"], { cwd: tree.path("docs") });
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(json(ingest)).toMatchObject({ db: `file:${tree.path("kb.db")}`, collection: "notes", embedder: "hash-64" });
    const stats = json(await runCli(["stats", "--json"], { cwd: tree.path("docs") }));
    expect(stats).toMatchObject({ db: `file:${tree.path("kb.db")}`, name: "notes", embedderId: "hash-64", documents: 3 });

    const forced = await runCli(["init", "--force", "--collection", "other"], { cwd: tree.dir });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(tree.path("libsql-rag.config.json"), "utf8")).toContain('"collection": "other"');
  });

  it("flags win over the file, and LIBSQL_URL wins over its database", async () => {
    const tree = project({
      ...DOCS,
      "libsql-rag.config.json": `{ // comments are fine\n "db": "file:a.db", "collection": "c1", "embedder": "hash:32", "search": { "topK": 1, "mode": "keyword" } }`,
    });
    expect((await runCli(["ingest", "docs"], { cwd: tree.dir })).code).toBe(0);
    expect((await runCli(["ingest", "docs", "--collection", "c2", "--embedder", "hash:16"], { cwd: tree.dir })).code).toBe(0);
    const { collections } = json<{ collections: { name: string; dimensions: number }[] }>(await runCli(["collections", "--json"], { cwd: tree.dir }));
    expect(collections.map((c) => [c.name, c.dimensions]).sort()).toEqual([["c1", 32], ["c2", 16]]);

    const fromFile = json(await runCli(["search", "checkpoint", "--json"], { cwd: tree.dir }));
    expect(fromFile).toMatchObject({ mode: "keyword", topK: 1, collection: "c1" });
    expect(fromFile.hits).toHaveLength(1);
    const fromFlags = json(await runCli(["search", "checkpoint", "--json", "-k", "3", "--mode", "hybrid", "--collection", "c2"], { cwd: tree.dir }));
    expect(fromFlags).toMatchObject({ mode: "hybrid", topK: 3, collection: "c2" });

    const elsewhere = await runCli(["collections", "--json"], { cwd: tree.dir, env: { LIBSQL_URL: `file:${tree.path("b.db")}` } });
    // The variable's database is used (and, being missing, is not created by a read-only command).
    expect(elsewhere.code).toBe(1);
    expect(errorLines(elsewhere).join("\n")).toContain(`No database at ${tree.path("b.db")}`);
  });

  it("reads a \"libsql-rag\" key in package.json, and --config names a file", async () => {
    const tree = project({ ...DOCS, "alt.json": JSON.stringify({ collection: "alt", embedder: "hash:8" }) });
    writeFileSync(tree.path("package.json"), JSON.stringify({ name: "app", "libsql-rag": { db: "file:pkg.db", collection: "pkg", embedder: "hash:24" } }));
    expect((await runCli(["ingest", "docs"], { cwd: tree.dir })).code).toBe(0);
    expect((await runCli(["ingest", "docs", "--config", "alt.json"], { cwd: tree.dir })).code).toBe(0);
    const names = json<{ collections: { name: string }[] }>(await runCli(["collections", "--json", "--db", "file:pkg.db"], { cwd: tree.dir })).collections.map((c) => c.name);
    expect(names).toEqual(["pkg"]);
    // alt.json names no database: the default file:rag.db in the working folder.
    const alt = json<{ collections: { name: string; dimensions: number }[] }>(await runCli(["collections", "--json", "--db", "file:rag.db"], { cwd: tree.dir })).collections;
    expect(alt.map((c) => [c.name, c.dimensions])).toEqual([["alt", 8]]);
  });

  it("does not read settings from beyond the project's package.json", async () => {
    const tree = project({ "libsql-rag.config.json": JSON.stringify({ collection: "outer" }), "inner/package.json": "{}", "inner/a.md": "# A\n\nalpha text\n" });
    const ingest = json(await runCli(["ingest", "a.md", "--embedder", "hash:8", "--json", "--db", "file:x.db"], { cwd: tree.path("inner") }));
    expect(ingest.collection).toBe("default");
  });

  it("a bad settings file is a usage error that names the file and the fix, and never stops --help or init", async () => {
    const cases: [string, RegExp][] = [
      [`{ "colection": "x" }`, /unknown setting "colection"; did you mean "collection"\?/],
      [`{ "search": { "topk": 3 } }`, /unknown setting "search\.topk"; did you mean "search\.topK"\?/],
      [`{ "embedder": "bert" }`, /"embedder": expected use-lite, openai:MODEL\[@DIMS\] or hash:DIMS/],
      [`{ "db": "file:x.db", }}`, /is not valid JSON/],
    ];
    for (const [content, message] of cases) {
      const tree = project({ "libsql-rag.config.json": content });
      const result = await runCli(["collections"], { cwd: tree.dir });
      expect(result.code, content).toBe(2);
      const lines = errorLines(result);
      expect(lines, content).toHaveLength(1);
      expect(lines[0], content).toContain(tree.path("libsql-rag.config.json"));
      expect(lines[0], content).toMatch(message);
    }
    const tree = project({ "libsql-rag.config.json": "{ nope" });
    expect((await runCli(["--help"], { cwd: tree.dir })).code).toBe(0);
    expect((await runCli(["init", "--force"], { cwd: tree.dir })).code).toBe(0);
    expect((await runCli(["collections", "--config", "missing.json"], { cwd: tree.dir })).code).toBe(2);
  });
});

describe("cli: search output", () => {
  it("shows each hit's source, heading path and character offsets", async () => {
    const tree = project(DOCS);
    const db = `file:${tree.path("rag.db")}`;
    expect((await runCli(["ingest", "docs", "--db", db, "--embedder", "hash:32"], { cwd: tree.dir })).code).toBe(0);
    const result = await runCli(["search", "checkpoint", "--db", db, "-k", "1", "--mode", "keyword"], { cwd: tree.dir });
    expect(result.code, result.stderr).toBe(0);
    const text = DOCS["docs/wal.md"]!;
    const start = text.indexOf("A checkpoint");
    const line = result.stdout.split("\n")[0]!;
    expect(line).toMatch(/wal\.md › Write-Ahead Logging › Checkpoints {2}\[characters (\d+)–(\d+)\]$/);
    const [, from, to] = /\[characters (\d+)–(\d+)\]/.exec(line)!;
    expect(text.slice(Number(from), Number(to))).toContain("A checkpoint");
    expect(Number(from)).toBeLessThanOrEqual(start);
  });
});
