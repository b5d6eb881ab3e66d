import { existsSync } from "node:fs";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS, errorLines, json, runCli, tempTree } from "../support/run-cli.js";

describe("cli: check and repair", () => {
  const tree = tempTree(DOCS);
  const db = `file:${tree.path("rag.db")}`;
  let base = "";

  afterAll(() => tree.remove());

  beforeAll(async () => {
    const result = await runCli([
      "ingest",
      tree.path("docs"),
      "--root",
      tree.dir,
      "--embedder",
      "hash:64",
      "--db",
      db,
      "--collection",
      "docs",
      "--vector-index",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const client = createClient({ url: db });
    base = String((await client.execute("SELECT table_name FROM rag_collections WHERE name = 'docs'")).rows[0]!.table_name);
    client.close();
  });

  const damage = async (...sql: string[]) => {
    const client = createClient({ url: db });
    for (const s of sql) await client.execute(s);
    client.close();
  };

  it("check on a healthy database prints ok and exits 0", async () => {
    const result = await runCli(["check", "--db", db]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`ok: ${db} (1 collection, integrity_check)\n`);
    const report = json(await runCli(["check", "--db", db, "--json", "--quick"]));
    expect(report).toEqual({ db, ok: true, problems: [], collections: ["docs"], integrity: "quick_check" });
  });

  it("check lists each problem with its fix and exits 1; repair fixes them and says what it did", async () => {
    await damage(`DELETE FROM "${base}_vec_shadow" WHERE index_key = (SELECT min(index_key) FROM "${base}_vec_shadow")`, `DROP TRIGGER "${base}_au"`);
    const result = await runCli(["check", "--db", db]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^2 problems in .* \(1 collection, integrity_check\):\n/);
    expect(result.stdout).toMatch(/"docs" vector-index: The vector index has \d+ entries for \d+ rows: 1 row missing from it, 0 entries without a row/);
    expect(result.stdout).toMatch(/"docs" triggers: Trigger\(s\) \w+_au missing/);
    expect(result.stdout).toMatch(/fix: Rebuild the collection's indexes: libsql-rag repair --collection "docs"/);
    expect(errorLines(result)).toEqual(["libsql-rag: check found 2 problems; see above, or run libsql-rag repair."]);
    const checked = json(await runCli(["check", "--db", db, "--json"]));
    expect(checked.ok).toBe(false);
    expect(checked.problems.map((p: { check: string }) => p.check)).toEqual(["vector-index", "triggers"]);

    const repaired = await runCli(["repair", "--db", db]);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toMatch(/^Reindexed "docs": vector index, full-text index, triggers over \d+ rows in [\d.]+ s\.\nok: .* checks clean\.\n$/);
    expect((await runCli(["check", "--db", db])).code).toBe(0);
    const search = json(await runCli(["search", "checkpoint", "--db", db, "--collection", "docs", "--mode", "keyword", "--json"]));
    expect(JSON.stringify(search)).toMatch(/wal\.md/);
  });

  it("repair --collection reindexes that collection even when it is healthy; --json reports it", async () => {
    const result = await runCli(["repair", "--db", db, "--collection", "docs", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    expect(out.reindexed).toEqual([expect.objectContaining({ collection: "docs", vectorIndex: true, fullText: true })]);
    expect(out.after.ok).toBe(true);
  });

  it("repair --collection of a missing collection fails with exit 1, and neither check nor repair creates a database", async () => {
    const result = await runCli(["repair", "--db", db, "--collection", "nope"]);
    expect(result.code).toBe(1);
    expect(errorLines(result)).toEqual([expect.stringMatching(/^libsql-rag: Collection "nope" does not exist/)]);
    const missing = tree.path("missing.db");
    expect((await runCli(["check", "--db", `file:${missing}`])).code).toBe(1);
    const repairMissing = await runCli(["repair", "--db", `file:${missing}`]);
    expect(repairMissing.code).toBe(1);
    expect(repairMissing.stderr).toMatch(/No database at/);
    expect(existsSync(missing)).toBe(false);
  });
});
