import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS, runCli, tempTree } from "../support/run-cli.js";

/** `libsql-rag … | head -1`: the reader goes away, and the next write fails with EPIPE. */
describe("cli: closed output pipes", () => {
  const tree = tempTree(DOCS);
  const base = ["--db", `file:${tree.path("rag.db")}`, "--collection", "docs"];
  afterAll(() => tree.remove());

  beforeAll(async () => {
    const ingest = await runCli(["ingest", tree.path("docs"), "--root", tree.dir, "--embedder", "hash:64", ...base]);
    expect(ingest.code, ingest.stderr).toBe(0);
  });

  it("a closed stdout ends search quietly with status 0 and no stack trace", async () => {
    for (const extra of [[], ["--json"]]) {
      const result = await runCli(["search", "wal", "-k", "50", ...base, ...extra], { close: "stdout" });
      expect(result.stderr, extra.join(" ")).toBe("");
      expect(result.code, extra.join(" ")).toBe(0);
    }
  });

  it("a closed stdout ends collections and stats quietly too", async () => {
    for (const command of [
      ["collections", base[0]!, base[1]!],
      ["stats", ...base],
    ]) {
      const result = await runCli(command, { close: "stdout" });
      expect(result.stderr, command[0]).toBe("");
      expect(result.code, command[0]).toBe(0);
    }
  });

  it("a closed stderr keeps the command's own exit status (2 for a usage error), without a crash", async () => {
    const result = await runCli(["search", "wal", ...base, "-k", "0"], { close: "stderr" });
    expect(result.code).toBe(2);
    const ok = await runCli(["search", "wal", ...base, "--json"], { close: "stderr" });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).hits.length).toBeGreaterThan(0);
  });
});
