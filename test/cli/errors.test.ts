import { afterAll, describe, expect, it } from "vitest";
import { errorLines, runCli, tempTree, type CliResult } from "../support/run-cli.js";

/** Every failure is one `libsql-rag: ...` line on stderr and nothing on stdout. */
function expectOneLine(result: CliResult, pattern: RegExp): void {
  expect(result.stdout).toBe("");
  const lines = errorLines(result);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^libsql-rag: /);
  expect(lines[0]).toMatch(pattern);
}

describe("cli: errors and exit codes", () => {
  const tree = tempTree({ "a.md": "# A\n\nSome text.\n" });
  const db = `file:${tree.path("rag.db")}`;
  afterAll(() => tree.remove());

  it("an unknown flag is a usage error (exit 2)", async () => {
    const result = await runCli(["search", "wal", "--db", db, "--jsn"]);
    expect(result.code).toBe(2);
    expectOneLine(result, /unknown option '--jsn'.*--json/);
  });

  it("an unknown command is a usage error (exit 2)", async () => {
    const result = await runCli(["serach", "wal"]);
    expect(result.code).toBe(2);
    expectOneLine(result, /unknown command 'serach'/);
  });

  it("--filter that is not JSON, or not a valid filter, is a usage error (exit 2)", async () => {
    const bad = await runCli(["search", "wal", "--db", db, "--filter", "{lang:en}"]);
    expect(bad.code).toBe(2);
    expectOneLine(bad, /--filter.*JSON/);
    const op = await runCli(["search", "wal", "--db", db, "--filter", '{"lang":{"$regex":"e"}}']);
    expect(op.code).toBe(2);
    expectOneLine(op, /\$regex/);
  });

  it("-k outside 1..1000 is a usage error (exit 2)", async () => {
    for (const k of ["0", "-3", "1001", "2.5", "ten"]) {
      const result = await runCli(["search", "wal", "--db", db, "-k", k]);
      expect(result.code, k).toBe(2);
      expectOneLine(result, /integer from 1 to 1000/);
    }
  });

  it("a bad --mode or --embedder is a usage error (exit 2)", async () => {
    const mode = await runCli(["search", "wal", "--db", db, "--mode", "fuzzy"]);
    expect(mode.code).toBe(2);
    expectOneLine(mode, /vector, keyword, hybrid/);
    const embedder = await runCli(["ingest", tree.path("a.md"), "--db", db, "--embedder", "bert"]);
    expect(embedder.code).toBe(2);
    expectOneLine(embedder, /use-lite, openai:MODEL/);
  });

  it("a missing path is an error naming it (exit 2)", async () => {
    const result = await runCli(["ingest", tree.path("missing.md"), "--db", db]);
    expect(result.code).toBe(2);
    expectOneLine(result, /missing\.md/);
  });

  it("an unreachable database is a runtime error (exit 1) on one line", async () => {
    const result = await runCli(["search", "wal", "--db", "http://127.0.0.1:9"]);
    expect(result.code).toBe(1);
    expectOneLine(result, /fetch failed|connect|reach/i);
  });

  it("a malformed database URL is a usage error (exit 2)", async () => {
    const result = await runCli(["stats", "--db", "ftp://example.com/db"]);
    expect(result.code).toBe(2);
    expectOneLine(result, /ftp:\/\/example\.com/);
  });

  it("--help and --version succeed on stdout", async () => {
    const help = await runCli(["search", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: libsql-rag search \[options\] <text>/);
    const version = await runCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
