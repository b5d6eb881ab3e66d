import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachTarget, uniqueName } from "../support/targets.js";
import { startRerankServer } from "../support/rerank-server.js";
import { CLI, DOCS, REPO, ragVectorSearch, runCli, tempTree } from "../support/run-cli.js";

interface ToolResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
}

/** Starts the built CLI's MCP server as a child process and connects the SDK's own client to it. */
async function connect(args: string[]): Promise<Client> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(LIBSQL_|TURSO_|OPENAI_)/.test(key)) env[key] = value;
  }
  const transport = new StdioClientTransport({ command: process.execPath, args: [...CLI, "mcp", ...args], cwd: REPO, env, stderr: "pipe" });
  const client = new Client({ name: "libsql-rag-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

function parse<T = any>(result: ToolResult): T {
  expect(result.isError, result.content[0]?.text).toBeFalsy();
  return JSON.parse(result.content[0]!.text!) as T;
}

function errorText(result: ToolResult): string {
  expect(result.isError).toBe(true);
  return result.content[0]?.text ?? "";
}

let tree: ReturnType<typeof tempTree>;
beforeAll(() => {
  tree = tempTree(DOCS);
});
afterAll(() => tree.remove());

describeEachTarget(
  "libsql-rag mcp --allow-ingest",
  (target) => {
    let client: Client;
    const collection = uniqueName("mcp");
    beforeAll(async () => {
      client = await connect(["--db", target.options().url!, "--collection", collection, "--embedder", "hash:32", "--allow-ingest"]);
    });
    afterAll(async () => {
      await client?.close();
    });

    it("lists the four tools", async () => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(["get_documents", "ingest", "list_collections", "search"]);
      const search = tools.find((t) => t.name === "search")!;
      expect(Object.keys(search.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(["query", "topK", "filter", "mode"]));
    });

    it("ingests, lists, searches in every mode and fetches documents", async () => {
      const report = parse(await call(client, "ingest", { paths: [tree.path("docs")] }));
      expect(report.documents.added).toBe(3);
      const collections = parse<Array<{ name: string; rows: number; embedder: string }>>(await call(client, "list_collections", {}));
      expect(collections.find((c) => c.name === collection)).toMatchObject({ embedder: "hash-32" });
      for (const mode of ["hybrid", "vector", "keyword"]) {
        const hits = parse<Array<{ id: string; documentId: string; metadata: { source: string }; score: number }>>(
          await call(client, "search", { query: "checkpoint moves pages from the WAL file", topK: 2, mode }),
        );
        expect(hits.length, mode).toBeGreaterThan(0);
        expect(hits[0]!.metadata.source, mode).toContain("wal.md");
      }
      const filtered = parse<Array<{ metadata: { source: string } }>>(
        await call(client, "search", { query: "database", topK: 5, filter: { source: { $contains: "vacuum" } } }),
      );
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.every((h) => h.metadata.source.includes("vacuum"))).toBe(true);
      const [hit] = parse<Array<{ id: string; documentId: string }>>(await call(client, "search", { query: "FTS5 virtual table", topK: 1 }));
      const byId = parse<Array<{ id: string; content: string }>>(await call(client, "get_documents", { ids: [hit!.id] }));
      expect(byId.map((r) => r.id)).toEqual([hit!.id]);
      const byDocument = parse<Array<{ documentId: string }>>(await call(client, "get_documents", { documentIds: [hit!.documentId] }));
      expect(byDocument.length).toBeGreaterThan(0);
      expect(byDocument.every((r) => r.documentId === hit!.documentId)).toBe(true);
    });

    it("returns tool errors for bad input, and keeps serving", async () => {
      expect(errorText(await call(client, "search", { query: "x", filter: { a: { $regex: "y" } } }))).toContain("$regex");
      expect(errorText(await call(client, "search", { query: "x", topK: 0 }))).toMatch(/topK/);
      expect(errorText(await call(client, "search", { query: "" }))).toMatch(/query/);
      expect(errorText(await call(client, "search", { query: "x", mode: "fuzzy" }))).toMatch(/mode/);
      expect(errorText(await call(client, "search", { query: "x", collection: "nope" }))).toContain('"nope" does not exist');
      expect(errorText(await call(client, "get_documents", {}))).toContain("needs ids");
      expect(errorText(await call(client, "ingest", { paths: [] }))).toMatch(/paths/);
      const missing = parse(await call(client, "ingest", { paths: [tree.path("no-such-dir")] }));
      expect(missing.documents.added).toBe(0);
      expect(parse<unknown[]>(await call(client, "search", { query: "vacuum", topK: 1 }))).toHaveLength(1);
    });
  },
  ["file", "memory", "http"],
);

describe("libsql-rag mcp --allow-ingest with chunking flags", () => {
  it("ingests with the chunk size given, as libsql-rag ingest would", async () => {
    const client = await connect([
      "--db",
      `file:${tree.path("chunked.db")}`,
      "--embedder",
      "hash:32",
      "--allow-ingest",
      "--chunk-size",
      "60",
      "--chunk-overlap",
      "0",
    ]);
    try {
      expect(parse(await call(client, "ingest", { paths: [tree.path("docs")] })).documents.added).toBe(3);
      const [hit] = parse<Array<{ documentId: string }>>(await call(client, "search", { query: "checkpoint moves pages from the WAL file", topK: 1 }));
      const chunks = parse<Array<{ content: string }>>(await call(client, "get_documents", { documentIds: [hit!.documentId] }));
      expect(chunks.length).toBeGreaterThan(2);
      // The size counts the context header too.
      expect(Math.max(...chunks.map((c) => c.content.length))).toBeLessThanOrEqual(60);
    } finally {
      await client.close();
    }
  });
});

describe("libsql-rag mcp (read-only)", () => {
  it("serves a database built by libsql-rag ingest, without the ingest tool", async () => {
    const db = `file:${tree.path("ro.db")}`;
    const ingested = await runCli(["ingest", tree.path("docs"), "--db", db, "--embedder", "hash:32", "--json"]);
    expect(ingested.code, ingested.stderr).toBe(0);
    const client = await connect(["--db", db]);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(["get_documents", "list_collections", "search"]);
      const hits = parse<Array<{ metadata: { source: string } }>>(
        await call(client, "search", { query: "VACUUM repacks the database", topK: 1, mode: "vector" }),
      );
      expect(hits[0]!.metadata.source).toContain("vacuum.txt");
      // Vector mode embeds the question as rag.search does, with its content words: the same hits and scores.
      const question = "How do I move the pages of the WAL file back?";
      const tool = parse<Array<{ id: string; score: number }>>(await call(client, "search", { query: question, topK: 3, mode: "vector" }));
      const expected = await ragVectorSearch(db, 32, question, 3);
      expect(tool.map((h) => [h.id, h.score])).toEqual(expected.hits);
      expect(expected.aloneScores).not.toEqual(expected.hits.map(([, score]) => score));
      await expect(client.callTool({ name: "ingest", arguments: { paths: ["x"] } })).resolves.toMatchObject({ isError: true });
    } finally {
      await client.close();
    }
  });

  it("re-scores the search tool's candidates with the --rerank-url server, raising its top-n to what a call asks", async () => {
    const db = `file:${tree.path("rerank.db")}`;
    const ingested = await runCli(["ingest", tree.path("docs"), "--db", db, "--embedder", "hash:32", "--json"]);
    expect(ingested.code, ingested.stderr).toBe(0);
    // Prefers whatever mentions VACUUM, whatever was asked: the search puts a WAL passage first.
    const server = await startRerankServer("vacuum");
    const client = await connect(["--db", db, "--rerank-url", server.baseURL, "--rerank-model", "judge-1", "--rerank-top-n", "2"]);
    try {
      const [hit] = parse<Array<{ metadata: { source: string }; score: number }>>(await call(client, "search", { query: "checkpoint WAL file", topK: 1 }));
      expect(hit).toMatchObject({ metadata: { source: expect.stringContaining("vacuum.txt") }, score: 1 });
      expect(server.requests.at(-1)!.body.documents).toHaveLength(2);
      const three = parse<unknown[]>(await call(client, "search", { query: "checkpoint WAL file", topK: 3 }));
      expect(three).toHaveLength(3);
      expect(server.requests.at(-1)!.body.documents).toHaveLength(3);

      // A call the client cancels ends the server's reranker request, and the server keeps serving.
      server.hang = true;
      const cancelled = client.callTool({ name: "search", arguments: { query: "checkpoint WAL file", topK: 1 } }, undefined, {
        signal: AbortSignal.timeout(300),
      });
      await expect(cancelled).rejects.toThrow();
      while (server.abandoned === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      server.hang = false;
      expect(parse<unknown[]>(await call(client, "search", { query: "checkpoint WAL file", topK: 1 }))).toHaveLength(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("puts hits from changelogs last, as rag.search does", async () => {
    const logs = ["2.3", "2.2"].map((v) => `## ${v}\n\n- clean: delete untracked files faster; clean -f deletes untracked files; clean: untracked files.\n`);
    const own = tempTree({
      "docs/clean.md": "# git clean\n\nTo delete untracked files, run git clean with -f.\n",
      "docs/CHANGELOG.md": `# Changelog\n\n${logs.join("\n")}`,
    });
    try {
      const db = `file:${own.path("log.db")}`;
      const ingested = await runCli(["ingest", own.path("docs"), "--root", own.dir, "--db", db, "--embedder", "hash:32", "--json"]);
      expect(ingested.code, ingested.stderr).toBe(0);
      const client = await connect(["--db", db]);
      try {
        const query = "How do I delete untracked files?";
        const keyword = parse<Array<{ metadata: { source: string } }>>(await call(client, "search", { query, topK: 2, mode: "keyword" }));
        expect(keyword.map((hit) => hit.metadata.source)).toEqual(["docs/clean.md", "docs/CHANGELOG.md"]);
        const asked = parse<Array<{ metadata: { source: string } }>>(
          await call(client, "search", { query: "What changed in 2.3 for untracked files?", topK: 1, mode: "keyword" }),
        );
        expect(asked[0]!.metadata.source).toBe("docs/CHANGELOG.md");
      } finally {
        await client.close();
      }
    } finally {
      own.remove();
    }
  });

  it("fuses the search tool's hybrid mode with the --vector-weight given", async () => {
    // The hash embedder finds the page made of the question's framing words; the keyword side, which drops them, the topic's.
    const own = tempTree({
      "docs/wal.md": "# Write-ahead log\n\nCheckpointing copies frames from the log into the database.\n",
      "docs/notes.md": "# Notes\n\nWhat is it? How is it done, and why is it done? It is what it is, and that is how it is done.\n",
    });
    try {
      const db = `file:${own.path("weights.db")}`;
      const ingested = await runCli(["ingest", own.path("docs"), "--root", own.dir, "--db", db, "--embedder", "hash:32", "--json"]);
      expect(ingested.code, ingested.stderr).toBe(0);
      const query = "What is checkpointing and how is it done?";
      for (const [weight, hybrid, keyword] of [
        ["0", "docs/wal.md", "docs/wal.md"],
        ["1", "docs/notes.md", "docs/wal.md"],
      ] as const) {
        const client = await connect(["--db", db, "--vector-weight", weight]);
        try {
          const first = async (mode?: string) =>
            parse<Array<{ metadata: { source: string } }>>(await call(client, "search", { query, topK: 1, ...(mode ? { mode } : {}) }))[0]!.metadata.source;
          expect(await first(), weight).toBe(hybrid);
          expect(await first("keyword"), weight).toBe(keyword);
        } finally {
          await client.close();
        }
      }
    } finally {
      own.remove();
    }
  });

  it("reports a database it cannot open as one line on stderr and a non-zero exit", async () => {
    const result = await runCli(["mcp", "--db", `file:${tree.path("missing", "x.db")}`]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^libsql-rag: /);
  });
});
