// A search endpoint for an edge runtime (Cloudflare Workers, Vercel Edge, Deno Deploy) on libsql-rag/web.
// `handleSearch` is the whole worker: it needs only `fetch`, Web Crypto and a remote libSQL server. The runner at
// the bottom seeds a collection and calls it as the runtime would, so the example runs under Node too:
//
//   LIBSQL_URL=http://127.0.0.1:8080 npx tsx examples/web-search.ts "how do I compact the database?"
//
// In production pass `openAIEmbedder({ apiKey: env.OPENAI_API_KEY, model: "text-embedding-3-small" })` as the
// embedder (the `openai` SDK runs on these runtimes); the runner uses the deterministic test embedder, offline.
import { hashEmbedder } from "../src/testing/index.js";
import { type Embedder, openStore } from "../src/web/index.js";

export interface Env {
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string | undefined;
}

/** GET /?q=question → the five best passages as JSON, hybrid search. */
export async function handleSearch(request: Request, env: Env, embedder: Embedder): Promise<Response> {
  const question = new URL(request.url).searchParams.get("q")?.trim() ?? "";
  if (question === "") return Response.json({ error: "pass ?q=your question" }, { status: 400 });
  const store = await openStore({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN, readOnly: true });
  try {
    const [vector] = await embedder.embed([question]);
    const col = await store.collection("docs");
    const hits = await col.query({ text: question, vector: vector!, mode: "hybrid", topK: 5, embedderId: embedder.id });
    return Response.json(hits.map(({ id, content, score }) => ({ id, score: Number(score.toFixed(3)), content })));
  } finally {
    await store.close();
  }
}

const env: Env = { LIBSQL_URL: process.env.LIBSQL_URL ?? "", LIBSQL_AUTH_TOKEN: process.env.LIBSQL_AUTH_TOKEN };
const embedder = hashEmbedder({ dimensions: 64 });
const docs = [
  { id: "vacuum", content: "VACUUM rebuilds the database file, repacking it into a minimal amount of disk space." },
  { id: "wal", content: "Write-ahead logging lets readers continue while a writer commits." },
  { id: "fts", content: "FTS5 is a virtual table module for full-text search, ranked with BM25." },
];
const seed = await openStore({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN });
const col = await seed.collection("docs", { dimensions: embedder.dimensions, embedderId: embedder.id });
const vectors = await embedder.embed(docs.map((d) => d.content));
await col.upsert(docs.map((d, i) => ({ id: d.id, content: d.content, metadata: {}, vector: vectors[i]! })));
await seed.close();

const question = process.argv[2] ?? "how do I compact the database?";
const response = await handleSearch(new Request(`https://search.example/?q=${encodeURIComponent(question)}`), env, embedder);
for (const hit of (await response.json()) as { id: string; score: number }[]) console.log(`${hit.score.toFixed(3)}  ${hit.id}`);
