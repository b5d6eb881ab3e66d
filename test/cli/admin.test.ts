import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS, errorLines, json, runCli, tempTree } from "../support/run-cli.js";

describe("cli: collections, stats and delete", () => {
  const tree = tempTree(DOCS);
  const db = `file:${tree.path("rag.db")}`;

  afterAll(() => tree.remove());

  beforeAll(async () => {
    for (const collection of ["alpha", "beta"]) {
      const result = await runCli(["ingest", tree.path("docs"), "--root", tree.dir, "--embedder", "hash:64", "--db", db, "--collection", collection, "--json"]);
      expect(result.code, result.stderr).toBe(0);
    }
  });

  it("collections --json lists every collection with its settings and row count", async () => {
    const result = await runCli(["collections", "--db", db, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    expect(out.db).toBe(db);
    expect(out.collections.map((c: { name: string }) => c.name)).toEqual(["alpha", "beta"]);
    for (const c of out.collections) {
      expect(c).toMatchObject({ dimensions: 64, embedderId: "hash-64", vectorType: "F32_BLOB", metric: "cosine" });
      expect(c.rows).toBeGreaterThanOrEqual(3);
    }
  });

  it("collections prints a table without --json", async () => {
    const result = await runCli(["collections", "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/^name\s+rows\s+dims\s+embedder/);
    expect(result.stdout).toMatch(/^alpha\s+\d+\s+64\s+hash-64/m);
  });

  it("stats --json reports counts and settings", async () => {
    const result = await runCli(["stats", "--db", db, "--collection", "alpha", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const stats = json(result);
    expect(stats).toMatchObject({ name: "alpha", documents: 3, dimensions: 64, embedderId: "hash-64" });
    expect(stats.rows).toBeGreaterThanOrEqual(3);
    expect(stats.vectorBytes).toBe(stats.rows * 64 * 4);
  });

  it("stats of a missing collection fails with exit 1 and names what exists", async () => {
    const result = await runCli(["stats", "--db", db, "--collection", "gamma"]);
    expect(result.code).toBe(1);
    expect(errorLines(result)).toEqual([expect.stringMatching(/^libsql-rag: Collection "gamma" does not exist in .* \(it has "alpha", "beta"\)/)]);
  });

  it("delete --ids removes those records", async () => {
    const before = json(await runCli(["stats", "--db", db, "--collection", "alpha", "--json"])).rows;
    const result = await runCli(["delete", "--db", db, "--collection", "alpha", "--ids", "docs/wal.md#0,docs/fts.md#0", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(json(result)).toEqual({ db, collection: "alpha", deleted: 2 });
    const after = json(await runCli(["stats", "--db", db, "--collection", "alpha", "--json"])).rows;
    expect(after).toBe(before - 2);
  });

  it("delete --filter removes the matching records", async () => {
    const result = await runCli(["delete", "--db", db, "--collection", "alpha", "--filter", '{"source":"docs/vacuum.txt"}', "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(json(result).deleted).toBe(1);
    const left = json(await runCli(["search", "database", "-k", "100", "--db", db, "--collection", "alpha", "--json"])).hits;
    expect(left.some((h: { metadata: { source: string } }) => h.metadata.source === "docs/vacuum.txt")).toBe(false);
  });

  it("refuses a bare delete, a filter matching everything, and two selectors at once (exit 2)", async () => {
    for (const args of [
      ["delete", "--db", db, "--collection", "beta"],
      ["delete", "--db", db, "--collection", "beta", "--filter", "{}"],
      ["delete", "--db", db, "--collection", "beta", "--all", "--drop"],
      ["delete", "--db", db, "--all"],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(errorLines(result)).toHaveLength(1);
      expect(result.stderr).toMatch(/^libsql-rag: /);
    }
    expect(json(await runCli(["stats", "--db", db, "--collection", "beta", "--json"])).rows).toBeGreaterThanOrEqual(3);
  });

  it("delete --all empties the collection and --drop removes it", async () => {
    const all = await runCli(["delete", "--db", db, "--collection", "beta", "--all", "--json"]);
    expect(all.code, all.stderr).toBe(0);
    expect(json(all).deleted).toBeGreaterThanOrEqual(3);
    expect(json(await runCli(["stats", "--db", db, "--collection", "beta", "--json"])).rows).toBe(0);

    const drop = await runCli(["delete", "--db", db, "--collection", "beta", "--drop", "--json"]);
    expect(drop.code, drop.stderr).toBe(0);
    expect(json(drop)).toEqual({ db, collection: "beta", dropped: true });
    const names = json(await runCli(["collections", "--db", db, "--json"])).collections.map((c: { name: string }) => c.name);
    expect(names).toEqual(["alpha"]);

    const again = await runCli(["delete", "--db", db, "--collection", "beta", "--drop"]);
    expect(again.code).toBe(1);
    expect(errorLines(again)).toHaveLength(1);
  });
});
