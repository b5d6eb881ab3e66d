/**
 * LlamaIndex.TS on libSQL: a `VectorStoreIndex` whose nodes live in a libsql-rag collection, searched with
 * a retriever and a LlamaIndex metadata filter.
 *
 *   npx tsx examples/llamaindex-retriever.ts "What does VACUUM do?"
 *
 * The embedding model is a small deterministic one (LlamaIndex's own BaseEmbedding over the hash embedder),
 * so the example runs offline; use any LlamaIndex embedding (OpenAIEmbedding, HuggingFaceEmbedding) in an app.
 * LIBSQL_URL picks the database (default: in memory).
 */
import { BaseEmbedding, Document, MetadataMode, Settings, VectorStoreIndex, storageContextFromDefaults } from "llamaindex";
import { LibSQLRagVectorStore } from "../src/llamaindex/index.js";
import { hashEmbedder } from "../src/testing/index.js";

class HashEmbedding extends BaseEmbedding {
  // biome-ignore lint/complexity/noUselessConstructor: BaseEmbedding's constructor is protected; this one is public.
  constructor() {
    super();
  }

  private readonly hash = hashEmbedder({ dimensions: 64 });
  async getTextEmbedding(text: string): Promise<number[]> {
    return Array.from((await this.hash.embed([text]))[0]!);
  }
}

const question = process.argv[2] ?? "What does VACUUM do?";
const embedModel = new HashEmbedding();
// VectorStoreIndex embeds the question with Settings.embedModel; the store embeds nodes with its own model.
// Passing it to the store too keeps working when two copies of @llamaindex/core are installed side by side.
Settings.embedModel = embedModel;

const vectorStore = new LibSQLRagVectorStore({ url: process.env.LIBSQL_URL ?? ":memory:", collection: "llamaindex-example", embedModel });
try {
  const index = await VectorStoreIndex.fromDocuments(
    [
      new Document({ id_: "wal", text: "In WAL mode, readers do not block writers and a writer does not block readers.", metadata: { topic: "journal" } }),
      new Document({
        id_: "vacuum",
        text: "VACUUM rebuilds the database file, repacking it into a minimal amount of disk space.",
        metadata: { topic: "maintenance" },
      }),
      new Document({ id_: "fts", text: "FTS5 is an SQLite virtual table module that provides full-text search.", metadata: { topic: "search" } }),
    ],
    { storageContext: await storageContextFromDefaults({ vectorStore }) },
  );
  const retriever = index.asRetriever({ similarityTopK: 2 });
  for (const { node, score } of await retriever.retrieve(question)) {
    console.log(`${score?.toFixed(3)}  ${node.sourceNode?.nodeId}  ${node.getContent(MetadataMode.NONE)}`);
  }
  const filtered = index.asRetriever({ similarityTopK: 2, filters: { filters: [{ key: "topic", value: "journal", operator: "==" }] } });
  console.log("journal only:", (await filtered.retrieve(question)).map((n) => n.node.sourceNode?.nodeId).join(", "));
} finally {
  await vectorStore.close();
}
