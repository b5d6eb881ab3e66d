import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Command, Option } from "commander";
import { applyConfig, loadConfig } from "../../src/cli/config.js";
import { UsageError } from "../../src/cli/errors.js";

const dirs: string[] = [];
/** A temporary project: a package.json at its top (so the upward search stops there) and the given files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "libsql-rag-config-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries({ "package.json": '{ "name": "app" }', ...files })) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("cli settings: loadConfig", () => {
  it("finds libsql-rag.config.json in a parent folder, allows comments, and resolves a relative file: path against it", () => {
    const dir = project({
      "libsql-rag.config.json":
        '{\n  // the knowledge base\n  "db": "file:data/kb.db", /* trailing */ "collection": "notes",\n  "search": { "topK": 3, "mode": "keyword" }\n}',
      "docs/deep/a.md": "# A",
    });
    const loaded = loadConfig(undefined, join(dir, "docs", "deep"));
    expect(loaded.path).toBe(join(dir, "libsql-rag.config.json"));
    expect(loaded.config).toEqual({ db: `file:${join(dir, "data", "kb.db")}`, collection: "notes", search: { topK: 3, mode: "keyword" } });
    // Remote URLs, :memory: and absolute paths are left alone.
    for (const db of ["libsql://x.turso.io", ":memory:", "file:/abs/kb.db", "http://127.0.0.1:8080"]) {
      writeFileSync(join(dir, "libsql-rag.config.json"), JSON.stringify({ db }));
      expect(loadConfig(undefined, dir).config.db).toBe(db);
    }
  });

  it('reads a "libsql-rag" key in package.json, and stops at the first package.json', () => {
    const dir = project({ "libsql-rag.config.json": '{ "collection": "outer" }', "inner/package.json": '{ "name": "inner" }' });
    expect(loadConfig(undefined, join(dir, "inner"))).toEqual({ config: {}, path: undefined });
    writeFileSync(join(dir, "inner", "package.json"), JSON.stringify({ name: "inner", "libsql-rag": { collection: "pkg", embedder: "hash:24" } }));
    expect(loadConfig(undefined, join(dir, "inner"))).toEqual({ config: { collection: "pkg", embedder: "hash:24" }, path: join(dir, "inner", "package.json") });
  });

  it("--config names a file, relative to the working folder", () => {
    const dir = project({ "conf/alt.json": '{ "db": "file:alt.db", "embedder": "openai:text-embedding-3-small@512" }' });
    expect(loadConfig("conf/alt.json", dir).config).toEqual({ db: `file:${join(dir, "conf", "alt.db")}`, embedder: "openai:text-embedding-3-small@512" });
    expect(usageError(() => loadConfig("nope.json", dir))).toContain(`--config nope.json: no such file (${join(dir, "nope.json")})`);
  });

  it("refuses unknown settings with the closest known one, bad values and bad JSON, naming the file", () => {
    const file = (content: string) => {
      const dir = project({ "libsql-rag.config.json": content });
      return { dir, path: join(dir, "libsql-rag.config.json") };
    };
    const cases: [string, RegExp][] = [
      ['{ "colection": "x" }', /unknown setting "colection"; did you mean "collection"\? Known: db, collection, embedder, search, chunking\./],
      ['{ "search": { "topk": 3 } }', /unknown setting "search\.topk"; did you mean "search\.topK"\?/],
      ['{ "embedder": "bert" }', /"embedder": expected use-lite, openai:MODEL\[@DIMS\] or hash:DIMS/],
      ['{ "search": { "mode": "fuzzy" } }', /"search\.mode"/],
      ['{ "search": { "topK": 0 } }', /"search\.topK"/],
      ['{ "search": { "vectorWeight": 1.5 } }', /"search\.vectorWeight"/],
      ['{ "db": "" }', /"db"/],
      ['{ "db": "file:x.db", }}', /is not valid JSON \(comments are allowed\)/],
      ["[1, 2]", /expected object/i],
    ];
    for (const [content, message] of cases) {
      const { dir, path } = file(content);
      const text = usageError(() => loadConfig(undefined, dir));
      expect(text, content).toContain(path);
      expect(text, content).toMatch(message);
    }
  });

  it("applyConfig fills only what the command line left at its default, and never narrows a collection-less command", () => {
    const config = { config: { db: "file:/x/kb.db", collection: "notes", search: { topK: 3 } }, path: "/x/libsql-rag.config.json" };
    const search = new Command("search").addOption(new Option("--db <url>")).addOption(new Option("--collection <name>").default("default"));
    search.addOption(new Option("-k, --top-k <n>").default(5));
    search.parse(["--collection", "mine"], { from: "user" });
    const saved = { LIBSQL_URL: process.env.LIBSQL_URL, TURSO_DATABASE_URL: process.env.TURSO_DATABASE_URL };
    delete process.env.LIBSQL_URL;
    delete process.env.TURSO_DATABASE_URL;
    try {
      applyConfig(search, config);
      expect(search.opts()).toEqual({ db: "file:/x/kb.db", collection: "mine", topK: 3 });
      // eval and repair have --collection without a default: unset means "their own" or "every collection".
      const repair = new Command("repair").addOption(new Option("--db <url>")).addOption(new Option("--collection <name>"));
      repair.parse([], { from: "user" });
      applyConfig(repair, config);
      expect(repair.opts()).toEqual({ db: "file:/x/kb.db" });
      process.env.LIBSQL_URL = "libsql://elsewhere";
      const stats = new Command("stats").addOption(new Option("--db <url>")).addOption(new Option("--collection <name>").default("default"));
      stats.parse([], { from: "user" });
      applyConfig(stats, config);
      expect(stats.opts()).toEqual({ collection: "notes" });
      // Hybrid's weight is the search command's and the MCP server's; eval measures its own.
      const weighted = { ...config, config: { search: { vectorWeight: 0.5 } } };
      for (const [name, filled] of [
        ["search", true],
        ["mcp", true],
        ["eval", false],
      ] as const) {
        const command = new Command(name).addOption(new Option("--vector-weight <w>"));
        command.parse([], { from: "user" });
        applyConfig(command, weighted);
        expect(command.opts(), name).toEqual(filled ? { vectorWeight: 0.5 } : {});
      }
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
