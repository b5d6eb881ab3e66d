// Worker: @mastra/libsql's LibSQLVector (0.16.4, the newest that runs on Node 20): createIndex, upsert with
// metadata and ids, query with its Mongo-style filter. Its query is an exact scan (it never uses the index
// it creates), with the query vector inlined as JSON text, so it is exact but slow.
import { LibSQLVector } from "@mastra/libsql";
import { fileBytes, metadataFor, packageVersion, row, runWorker, type Adapter } from "./common.js";

const INDEX = "bench_vectors";

await runWorker(async (args) => {
  let store: LibSQLVector | undefined;
  const adapter: Adapter = {
    library: "@mastra/libsql LibSQLVector",
    version: `${packageVersion("node_modules/@mastra/libsql")} (@mastra/core ${packageVersion("node_modules/@mastra/core")}, @libsql/client ${packageVersion("node_modules/@mastra/libsql/node_modules/@libsql/client")})`,
    preset: args.preset,
    notes: ["createIndex/upsert/query as documented; query scans every row (the index is built but not used)"],
    async setup(dim) {
      store = new LibSQLVector({ connectionUrl: `file:${args.db}` });
      await store.createIndex({ indexName: INDEX, dimension: dim, metric: "cosine" });
    },
    async open() {
      store = new LibSQLVector({ connectionUrl: `file:${args.db}` });
    },
    async insert(ds, start, end) {
      const vectors: number[][] = [];
      const metadata: Record<string, unknown>[] = [];
      const ids: string[] = [];
      for (let i = start; i < end; i++) {
        vectors.push(Array.from(row(ds.vectors, ds.dim, i)));
        metadata.push({ ...metadataFor(i) });
        ids.push(String(i));
      }
      await store!.upsert({ indexName: INDEX, vectors, metadata, ids });
    },
    async query(vector, k, flag) {
      const hits = await store!.query({ indexName: INDEX, queryVector: Array.from(vector), topK: k, ...(flag ? { filter: { [flag]: true } } : {}) });
      return hits.map((h) => Number(h.id));
    },
    async bytes() {
      // The client is private; a second connection can checkpoint the WAL just as well.
      const { createClient } = await import("@libsql/client");
      const c = createClient({ url: `file:${args.db}` });
      await c.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      c.close();
      return fileBytes(args.db);
    },
    async close() {
      // LibSQLVector has no close(); the process ends after the run.
    },
  };
  return adapter;
});
