import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorLines, htmlPage, json, runCli, tempTree, questionsJsonl } from "../support/run-cli.js";

const FILES = {
  "set/pages/wal.html": htmlPage("Write-ahead log", "Checkpointing copies frames from the log into the database."),
  "set/pages/vacuum.html": htmlPage("Vacuum", "Vacuuming rebuilds the database file."),
  "set/pages/locks.html": htmlPage("Locks", "A writer takes a lock on the database file before it commits."),
  "set/questions.jsonl": questionsJsonl([
    { id: "q1", question: "How are frames copied from the log into the database?", relevant: ["wal.html"] },
    { id: "q2", question: "How do I rebuild the database file?", relevant: ["vacuum.html"] },
  ]),
};
const LEARNED = "pages in the learned order";

describe("cli: hybrid's page order (--page-order)", () => {
  const tree = tempTree(FILES);
  const db = `file:${tree.path("rag.db")}`;
  const common = ["--db", db, "--embedder", "hash:64", "-k", "2", "--no-progress"];
  afterAll(() => tree.remove());
  beforeAll(async () => {
    const ingested = await runCli(["eval", tree.path("set"), ...common, "--modes", "keyword"]);
    expect(ingested.code, ingested.stderr).toBe(0);
  });

  it("search: the fused order for another embedder's collection, the learned one when asked", async () => {
    const search = async (...more: string[]) => {
      const result = await runCli(["search", "how is the database file rebuilt", "--db", db, "--collection", "eval-set", "--json", ...more]);
      expect(result.code, result.stderr).toBe(0);
      return json(result).explain.notes as string[];
    };
    expect(await search()).not.toContain(LEARNED);
    expect(await search("--page-order", "learned")).toContain(LEARNED);
    expect(await search("--page-order", "fused")).not.toContain(LEARNED);
    const keyword = await runCli(["search", "vacuum", "--db", db, "--collection", "eval-set", "--mode", "keyword", "--page-order", "learned"]);
    expect(keyword.code).toBe(2);
    expect(errorLines(keyword)).toEqual(["libsql-rag: --page-order orders hybrid's pages, and --mode is keyword: leave it out, or use --mode hybrid."]);
    const bad = await runCli(["search", "vacuum", "--db", db, "--collection", "eval-set", "--page-order", "best"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are learned, fused/);
  });

  it("eval: evaluates hybrid with the order asked for, and records it", async () => {
    const result = await runCli(["eval", tree.path("set"), ...common, "--modes", "hybrid", "--page-order", "learned", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(json(result).search).toEqual({ hybrid: { pageOrder: "learned" } });
    const weighted = await runCli(["eval", tree.path("set"), ...common, "--modes", "hybrid", "--page-order", "fused", "--vector-weight", "0.5", "--json"]);
    expect(weighted.code, weighted.stderr).toBe(0);
    expect(json(weighted).search).toEqual({ hybrid: { fusion: "convex", vectorWeight: 0.5, keywordWeight: 0.5, pageOrder: "fused" } });
    const keyword = await runCli(["eval", tree.path("set"), ...common, "--modes", "keyword", "--page-order", "learned"]);
    expect(keyword.code).toBe(2);
    expect(errorLines(keyword)).toEqual(["libsql-rag: --page-order orders hybrid's pages, and --modes keyword has no hybrid: add it to --modes."]);
  });
});
