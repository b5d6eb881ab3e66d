/**
 * Talks to `libsql-rag mcp` the way an AI assistant does: spawns the server over stdio with the Model Context
 * Protocol SDK's own client, lists its tools, ingests a folder and searches it.
 *
 *   npx tsx examples/mcp-client.ts [folder]
 *
 * It starts the CLI from this checkout (`npx tsx src/cli/main.ts`, or LIBSQL_RAG_CLI="node dist/cli/main.js"),
 * on an in-memory database with the deterministic `hash:64` embedder, so it runs offline. Assistants
 * (Claude Desktop, Cursor, VS Code) are configured with the same command: see docs/mcp.md.
 */
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const folder = process.argv[2] ?? fileURLToPath(new URL("../test/fixtures/docs/", import.meta.url));
const [command, ...cliArgs] = (process.env.LIBSQL_RAG_CLI ?? "npx tsx src/cli/main.ts").split(" ");
const repo = fileURLToPath(new URL("../", import.meta.url));

const transport = new StdioClientTransport({
  command: command!,
  args: [...cliArgs, "mcp", "--db", ":memory:", "--embedder", "hash:64", "--allow-ingest"],
  cwd: repo,
  stderr: "inherit",
});
const client = new Client({ name: "libsql-rag-example", version: "1.0.0" });
await client.connect(transport);
try {
  const { tools } = await client.listTools();
  console.log("tools:", tools.map((t) => t.name).join(", "));
  const ingested = await client.callTool({ name: "ingest", arguments: { paths: [folder] } });
  console.log("ingest:", (ingested.content as Array<{ text: string }>)[0]!.text.replace(/\s+/g, " ").slice(0, 200));
  const found = await client.callTool({ name: "search", arguments: { query: "write-ahead log checkpoint", topK: 3 } });
  const hits = JSON.parse((found.content as Array<{ text: string }>)[0]!.text) as Array<{ score: number; metadata: { source: string } }>;
  for (const hit of hits) console.log(`${hit.score.toFixed(3)}  ${hit.metadata.source}`);
  const bad = await client.callTool({ name: "search", arguments: { query: "x", filter: { a: { $regex: "." } } } });
  console.log("bad filter is a tool error:", bad.isError === true);
} finally {
  await client.close();
}
