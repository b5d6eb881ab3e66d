import { Command } from "commander";
import type { Embedder } from "../../embed/embedder.js";
import type { Store } from "../../store/store.js";
import type { ChunkingOptions } from "../../ingest/chunking/index.js";
import { addChunkingOptions, chunkingFromFlags, type ChunkingFlags } from "../chunking.js";
import { withStore, type CommandContext } from "../context.js";
import { chooseEmbedder, type EmbedderSpec } from "../embedders.js";
import { collectionOption, dbOption, embedderOption } from "../options.js";
import { addRerankOptions, rerankFromFlags, type RerankFlags } from "../rerankers.js";
import { convexWeights } from "../../search/options.js";
import { vectorWeightOption } from "../fusion-weights.js";

interface McpFlags extends RerankFlags, ChunkingFlags {
  db?: string;
  collection: string;
  embedder?: EmbedderSpec;
  allowIngest?: boolean;
  /** The search tool's hybrid vector weight, from --vector-weight or the config. */
  vectorWeight?: number;
}

export function mcpCommand(context: CommandContext, version: string): Command {
  const command = new Command("mcp")
    .description("serve the database to AI assistants over stdio with the Model Context Protocol (tools: search, get_documents, list_collections, ingest)")
    .addOption(dbOption())
    .addOption(collectionOption())
    .addOption(embedderOption())
    .option(
      "--allow-ingest",
      "offer the ingest tool, which reads files on this machine and writes to the database (--chunk-size and the other chunking flags apply to it)",
    )
    .addOption(vectorWeightOption())
    .addHelpText(
      "after",
      "\nExample client configuration (Claude Desktop, Cursor, VS Code):\n" +
        '  { "mcpServers": { "docs": { "command": "npx", "args": ["libsql-rag", "mcp", "--db", "file:/abs/path/rag.db"] } } }\n' +
        "Without --allow-ingest the database is opened read-only. With --rerank-url, the search tool re-scores its candidates.",
    );
  return addRerankOptions(addChunkingOptions(command), { topN: true }).action((flags: McpFlags) => runMcp(flags, context, version));
}

async function runMcp(flags: McpFlags, context: CommandContext, version: string): Promise<void> {
  // Loaded here: the SDK is needed by this command only.
  const { StdioServerTransport } = await import("@modelcontextprotocol/sdk/server/stdio.js");
  const rerank = rerankFromFlags(flags);
  const chunking = chunkingFromFlags(flags);
  const embedders: Embedder[] = [];
  const track = async (embedder: Promise<Embedder>) => {
    const e = await embedder;
    embedders.push(e);
    return e;
  };
  await withStore(
    flags,
    async (store) => {
      // Loaded on use: importing the MCP SDK (and its JSON-schema validator) would slow the start of every other
      // command (docs/benchmarks.md).
      const { createRagMcpServer } = await import("../../mcp/server.js");
      const server = createRagMcpServer({
        store,
        collection: flags.collection,
        name: "libsql-rag",
        version,
        ...(rerank ? { rerank } : {}),
        ...(flags.vectorWeight !== undefined ? { hybrid: convexWeights(flags.vectorWeight) } : {}),
        embedderFor: (info) => track(chooseEmbedder({ flag: flags.embedder, collection: info, workload: "query" })),
        ...(flags.allowIngest
          ? { ingest: (collection: string, paths: string[]) => ingestInto(store, collection, paths, { flag: flags.embedder, chunking }, context.signal) }
          : {}),
      });
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => {
        process.stdin.once("end", resolve);
        process.stdin.once("close", resolve);
        context.signal.addEventListener("abort", () => resolve(), { once: true });
        transport.onclose = () => resolve();
      });
      await server.connect(transport);
      try {
        await closed;
      } finally {
        await server.close();
        for (const embedder of embedders) await embedder.close?.();
      }
    },
    { readOnly: !flags.allowIngest },
  );
}

/** Ingests through the server's own connection, so that `:memory:` works as well. */
async function ingestInto(
  store: Store,
  name: string,
  paths: string[],
  { flag, chunking }: { flag: EmbedderSpec | undefined; chunking: ChunkingOptions | undefined },
  signal: AbortSignal,
) {
  const { createRag } = await import("../../rag.js");
  const info = (await store.listCollections()).find((c) => c.name === name);
  const embedder = await chooseEmbedder({ flag, collection: info, workload: "bulk" });
  try {
    // On the server's own client, with the chunk sizes `libsql-rag ingest` uses; closing the rag leaves the client open.
    const rag = await createRag({ client: store.client, collection: name, embedder, ...(chunking ? { chunking } : {}) });
    try {
      return await rag.ingest(paths, { signal });
    } finally {
      await rag.store.close();
    }
  } finally {
    await embedder.close?.();
  }
}
