// Worker: @langchain/community's LibSQLVectorStore, set up as its documentation says: a hand-made table and
// a default `libsql_vector_idx` index named idx_<table>_<column>, a plain `createClient({ url })` (so the
// driver's defaults: rollback journal, synchronous=FULL), `addVectors` with precomputed vectors and
// `similaritySearchVectorWithScore` with its `{ column: { operator, value } }` filter, which it applies
// after `vector_top_k`.
import { createClient, type Client } from "@libsql/client";
import { LibSQLVectorStore } from "@langchain/community/vectorstores/libsql";
import { Document } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { fileBytes, metadataFor, packageVersion, row, runWorker, type Adapter } from "./common.js";

// Vectors are precomputed; the store never needs to embed.
const noEmbeddings: EmbeddingsInterface = {
  embedDocuments: () => Promise.reject(new Error("precomputed vectors only")),
  embedQuery: () => Promise.reject(new Error("precomputed vectors only")),
};

await runWorker(async (args) => {
  let client: Client | undefined;
  let store: LibSQLVectorStore | undefined;
  const adapter: Adapter = {
    library: "@langchain/community LibSQLVectorStore",
    version: `${packageVersion("node_modules/@langchain/community")} (@langchain/core ${packageVersion("node_modules/@langchain/core")}, @libsql/client ${packageVersion("node_modules/@libsql/client")})`,
    preset: args.preset,
    notes: ["table and index as documented; client with driver defaults; filters applied after vector_top_k"],
    async setup(dim) {
      client = createClient({ url: `file:${args.db}` });
      await client.execute(
        `CREATE TABLE IF NOT EXISTS vectors (id INTEGER PRIMARY KEY AUTOINCREMENT, content TEXT, metadata JSON, embedding F32_BLOB(${dim}))`,
      );
      await client.execute("CREATE INDEX IF NOT EXISTS idx_vectors_embedding ON vectors (libsql_vector_idx(embedding))");
      store = new LibSQLVectorStore(noEmbeddings, { db: client, table: "vectors", column: "embedding" });
    },
    async open() {
      client = createClient({ url: `file:${args.db}` });
      store = new LibSQLVectorStore(noEmbeddings, { db: client, table: "vectors", column: "embedding" });
    },
    async insert(ds, start, end) {
      const vectors: number[][] = [];
      const docs: Document[] = [];
      for (let i = start; i < end; i++) {
        vectors.push(Array.from(row(ds.vectors, ds.dim, i)));
        docs.push(new Document({ pageContent: `row ${i}`, metadata: metadataFor(i) }));
      }
      await store!.addVectors(vectors, docs);
    },
    async query(vector, k, flag) {
      // json_extract gives 1 for a JSON true.
      const filter = flag ? { [flag]: { operator: "=", value: 1 } } : undefined;
      const hits = await store!.similaritySearchVectorWithScore(Array.from(vector), k, filter as never);
      return hits.map(([doc]) => (doc.metadata as { i: number }).i);
    },
    async bytes() {
      await client!.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      return fileBytes(args.db);
    },
    async close() {
      client?.close();
    },
  };
  return adapter;
});
