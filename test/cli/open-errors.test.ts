import { randomBytes } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/index.js";
import { DOCS, errorLines, json, runCli, tempTree, type CliResult } from "../support/run-cli.js";

/** Every failure is one `libsql-rag: ...` line on stderr and nothing on stdout. */
function expectOneLine(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stdout).toBe("");
  const lines = errorLines(result);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^libsql-rag: /);
  expect(lines[0]).toMatch(pattern);
}

/** As root, permissions bind only other users: the child then runs as nobody (65534). */
const asOtherUser = process.getuid?.() === 0 ? { user: { uid: 65534, gid: 65534 } } : {};

describe("cli: opening the database", () => {
  const tree = tempTree(DOCS);
  const db = `file:${tree.path("rag.db")}`;
  afterAll(() => {
    for (const folder of ["locked", "locked-wal"]) chmodSync(tree.path(folder), 0o755);
    tree.remove();
  });

  beforeAll(async () => {
    const ingest = await runCli(["ingest", tree.path("docs"), "--root", tree.dir, "--embedder", "hash:64", "--db", db, "--collection", "docs"]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const store = await openStore({ url: db });
    // A copy taken while a commit is still only in the write-ahead log.
    await (await store.collection("docs")).upsert([{ id: "pending", content: "pending", vector: new Float32Array(64).fill(0.5) }]);
    mkdirSync(tree.path("locked-wal"));
    for (const file of ["rag.db", "rag.db-wal"]) copyFileSync(tree.path(file), tree.path("locked-wal", file));
    expect(statSync(tree.path("locked-wal", "rag.db-wal")).size).toBeGreaterThan(0);
    chmodSync(tree.path("locked-wal"), 0o555);
    // Fold the write-ahead log into the file, so that the file alone is the whole database.
    await store.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    await store.close();
    // mkdtemp makes the folder private to root; the other user needs to reach the locked folder inside.
    chmodSync(tree.dir, 0o755);
    mkdirSync(tree.path("locked"));
    copyFileSync(tree.path("rag.db"), tree.path("locked", "rag.db"));
    chmodSync(tree.path("locked", "rag.db"), 0o444);
    chmodSync(tree.path("locked"), 0o555);
  });

  it("search, stats and collections on a mistyped path fail with NOT_FOUND and create nothing", async () => {
    const typo = tree.path("rga.db");
    for (const args of [["search", "wal"], ["stats"], ["collections"]]) {
      const result = await runCli([...args, "--db", `file:${typo}`]);
      expectOneLine(result, 1, new RegExp(`No database at ${typo.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*--db or LIBSQL_URL`));
      expect(existsSync(typo), args[0]).toBe(false);
    }
  });

  it("searches a read-only database file in a read-only folder, and leaves the folder as it was", async () => {
    const before = readdirSync(tree.path("locked"));
    const url = `file:${tree.path("locked", "rag.db")}`;
    const result = await runCli(["search", "checkpoint", "--db", url, "--collection", "docs", "--json"], asOtherUser);
    expect(result.code, result.stderr).toBe(0);
    expect(json(result).hits.length).toBeGreaterThan(0);
    const stats = await runCli(["stats", "--db", url, "--collection", "docs", "--json"], asOtherUser);
    expect(stats.code, stats.stderr).toBe(0);
    expect(json(stats).documents).toBe(3);
    expect(readdirSync(tree.path("locked"))).toEqual(before);
  });

  it("a read-only folder whose write-ahead log holds commits is a clear error, not stale results", async () => {
    const result = await runCli(["search", "pending", "--db", `file:${tree.path("locked-wal", "rag.db")}`, "--collection", "docs"], asOtherUser);
    expectOneLine(result, 1, /read-only: its folder is not writable, and its write-ahead log .*rag\.db-wal\) holds commits/);
  });

  it("a writing command on a read-only database says it is read-only", async () => {
    const result = await runCli(["delete", "--db", `file:${tree.path("locked", "rag.db")}`, "--collection", "docs", "--ids", "x"], asOtherUser);
    expectOneLine(result, 1, /read-only/);
  });

  it("a database in a missing folder is an error naming the folder", async () => {
    const missing = tree.path("no", "such", "dir");
    for (const args of [
      ["search", "wal"],
      ["ingest", tree.path("docs"), "--embedder", "hash:64"],
    ]) {
      const result = await runCli([...args, "--db", `file:${missing}/x.db`]);
      expectOneLine(result, 1, new RegExp(`folder ${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} does not exist`));
    }
    expect(existsSync(tree.path("no"))).toBe(false);
  });

  it("a file that is not a database is CORRUPT-style: it says so, with no server or token hint", async () => {
    writeFileSync(tree.path("random.db"), randomBytes(4096));
    writeFileSync(tree.path("notes.db"), "These are my notes, not a database.\n".repeat(100));
    for (const name of ["random.db", "notes.db"]) {
      for (const args of [
        ["search", "wal"],
        ["ingest", tree.path("docs"), "--embedder", "hash:64"],
      ]) {
        const result = await runCli([...args, "--db", `file:${tree.path(name)}`]);
        expectOneLine(result, 1, /not a valid SQLite database \(SQLITE_NOTADB\)/);
        expect(result.stderr).not.toMatch(/server|auth token/i);
      }
    }
  });
});
