import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startHranaServer } from "../support/hrana-server.js";
import { CLI, REPO } from "../support/run-cli.js";

/** Runs an example as a user would (through tsx), offline and on an in-memory database. */
function runExample(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(LIBSQL_|TURSO_|OPENAI_)/.test(key)) childEnv[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...args], { cwd: REPO, env: { ...childEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} did not finish within 60 s.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("examples", () => {
  it("examples/ai-sdk-agent.ts answers with a cited passage", async () => {
    const result = await runExample("examples/ai-sdk-agent.ts", ["How do readers and writers share the database?"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/readers do not block writers.*\[source: wal\.html\]/);
  });

  it("examples/llamaindex-retriever.ts retrieves, and filters by metadata", async () => {
    const result = await runExample("examples/llamaindex-retriever.ts", ["What does VACUUM do?"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/^\d\.\d{3}\s+vacuum\s+VACUUM rebuilds/);
    expect(result.stdout).toContain("journal only: wal\n");
  });

  it("examples/langchain-retriever.ts runs an LCEL retrieval chain offline and cites wal.html", async () => {
    const result = await runExample("examples/langchain-retriever.ts", ["How do I turn on write-ahead logging?"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Indexed \d+ chunks from 4 pages/);
    expect(result.stdout).toMatch(/^\[\d\] \(wal\.html\) /m);
    expect(result.stdout).toMatch(/^A: .*\(wal\.html\)$/m);
  });

  it("examples/mcp-client.ts drives the MCP server", async () => {
    const result = await runExample("examples/mcp-client.ts", [], { LIBSQL_RAG_CLI: `node ${CLI.join(" ")}` });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("tools: search, get_documents, list_collections, ingest");
    expect(result.stdout).toMatch(/\d\.\d{3} {2}test\/fixtures\/docs\/guide\.md/);
    expect(result.stdout).toContain("bad filter is a tool error: true");
  });

  it("examples/web-search.ts answers through libsql-rag/web from a remote server", async () => {
    const server = await startHranaServer();
    try {
      const result = await runExample("examples/web-search.ts", ["how do I compact the database file with VACUUM?"], { LIBSQL_URL: server.url });
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.trim().split("\n");
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^\d\.\d{3} {2}vacuum$/);
    } finally {
      await server.close();
    }
  });
});
