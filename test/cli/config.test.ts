import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { DOCS, errorLines, json, runCli, tempTree } from "../support/run-cli.js";

// The parsing and discovery rules are unit-tested in config-file.test.ts; these run the real CLI end to end.
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

    const forced = await runCli(["init", "--force", "--collection", "other"], { cwd: tree.dir });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(tree.path("libsql-rag.config.json"), "utf8")).toContain('"collection": "other"');
  });

  it("flags win over the file, LIBSQL_URL wins over its database, and search shows character offsets", async () => {
    const tree = project({
      ...DOCS,
      "libsql-rag.config.json": `{ // comments are fine\n "db": "file:a.db", "collection": "c1", "embedder": "hash:32", "search": { "topK": 1, "mode": "keyword" } }`,
    });
    expect((await runCli(["ingest", "docs"], { cwd: tree.dir })).code).toBe(0);

    const fromFile = json(await runCli(["search", "checkpoint", "--json"], { cwd: tree.dir }));
    expect(fromFile).toMatchObject({ mode: "keyword", topK: 1, collection: "c1" });
    expect(fromFile.hits).toHaveLength(1);

    // Human output: source, heading path, and the character span of the passage in its document.
    const fromFlags = await runCli(["search", "checkpoint", "-k", "3", "--mode", "hybrid"], { cwd: tree.dir });
    expect(fromFlags.code, fromFlags.stderr).toBe(0);
    const lines = fromFlags.stdout.split("\n").filter((line) => /^\s*\d+\. /.test(line));
    expect(lines).toHaveLength(3);
    const [, from, to] = /wal\.md › Write-Ahead Logging › Checkpoints {2}\[characters (\d+)–(\d+)\]$/.exec(lines[0]!) ?? [];
    expect(DOCS["docs/wal.md"]!.slice(Number(from), Number(to))).toContain("A checkpoint moves pages");

    const elsewhere = await runCli(["collections", "--json"], { cwd: tree.dir, env: { LIBSQL_URL: `file:${tree.path("b.db")}` } });
    // The variable's database is used (and, being missing, is not created by a read-only command).
    expect(elsewhere.code).toBe(1);
    expect(errorLines(elsewhere).join("\n")).toContain(`No database at ${tree.path("b.db")}`);
  });

  it("a bad settings file is a usage error (exit 2, one line naming the file and the fix) that never stops --help", async () => {
    const tree = project({ "libsql-rag.config.json": '{ "colection": "x" }' });
    const result = await runCli(["collections"], { cwd: tree.dir });
    expect(result.code).toBe(2);
    expect(errorLines(result)).toEqual([
      `libsql-rag: ${tree.path("libsql-rag.config.json")}: unknown setting "colection"; did you mean "collection"? Known: db, collection, embedder, search, chunking.`,
    ]);
    expect((await runCli(["--help"], { cwd: tree.dir })).code).toBe(0);
  });
});
