// A Workers-style module (bundled by test/web/workerd.test.ts and run in workerd through Miniflare): it opens
// the store with libsql-rag/web and answers with what each operation returned, or the error's stack.
import { openAIEmbedder, openStore, RagError } from "../../src/web/index.js";

export default {
  async fetch(_request: Request, env: { LIBSQL_URL: string; OPENAI_BASE_URL: string }): Promise<Response> {
    try {
      const store = await openStore({ url: env.LIBSQL_URL });
      const col = await store.collection("edge", { dimensions: 3 });
      const embedder = openAIEmbedder({ baseURL: env.OPENAI_BASE_URL, apiKey: "sk-test", model: "test-embedder", dimensions: 3 });
      await col.upsert([
        { id: "vacuum", content: "VACUUM rebuilds the database file.", metadata: { topic: "maintenance" }, vector: [1, 0, 0] },
        { id: "wal", content: "Write-ahead logging lets readers run while a writer commits.", metadata: { topic: "journal" }, vector: [0, 1, 0] },
        { id: "fts", content: "FTS5 gives full-text search with BM25 ranking.", metadata: { topic: "search" }, vector: [0, 0, 1] },
      ]);
      const ids = (hits: { id: string }[]) => hits.map((h) => h.id);
      const result = {
        vector: ids(await col.query({ vector: [0.9, 0.1, 0], topK: 2, mode: "vector" })),
        filtered: ids(await col.query({ vector: [0.9, 0.1, 0], topK: 3, filter: { topic: { $ne: "maintenance" } } })),
        keyword: ids(await col.query({ text: "database file", mode: "keyword", topK: 1 })),
        hybrid: ids(await col.query({ text: "full-text search", vector: [0, 0.2, 1], mode: "hybrid", topK: 1 })),
        // The question embedded by the openai SDK inside the isolate, through the test's embeddings endpoint.
        embedded: ids(await col.query({ vector: (await embedder.embed(["which module ranks text search?"]))[0]!, topK: 1 })),
        deleted: await col.delete({ ids: ["fts"] }),
        count: await col.count(),
        typedError: await col.query({ vector: [1, 0], topK: 1 }).then(
          () => "none",
          (error: unknown) => (error instanceof RagError ? error.code : String(error)),
        ),
      };
      await store.close();
      return Response.json(result);
    } catch (error) {
      return new Response(error instanceof Error ? (error.stack ?? error.message) : String(error), { status: 500 });
    }
  },
};
