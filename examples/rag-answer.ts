/**
 * Retrieval-augmented answering over the SQLite documentation ingested by examples/ingest.ts.
 *
 *   npx tsx examples/rag-answer.ts "How do I turn on write-ahead logging?"
 *
 * Retrieval is offline (the default embedder, hybrid search). With OPENAI_API_KEY set, the answer comes from
 * an OpenAI chat model (OPENAI_CHAT_MODEL, default gpt-4o-mini; OPENAI_BASE_URL for a compatible server),
 * citing the context as [1], [2], ... Without a key, the example prints the numbered context it would send.
 * LIBSQL_URL picks the database (default file:rag.db).
 */
import OpenAI from "openai";
import { createRag, type RagHit } from "../src/index.js";

const question = process.argv.slice(2).join(" ").trim();
if (question === "") {
  console.error('usage: npx tsx examples/rag-answer.ts "<question>"');
  process.exit(2);
}

function label(hit: RagHit): string {
  const page = String(hit.metadata.source ?? hit.documentId)
    .split("/")
    .pop();
  const headings = Array.isArray(hit.metadata.headings) ? (hit.metadata.headings as string[]) : [];
  return [page, ...headings].join(" › ");
}

const rag = await createRag({ url: process.env.LIBSQL_URL ?? "file:rag.db", authToken: process.env.LIBSQL_AUTH_TOKEN });
let hits: RagHit[];
try {
  hits = await rag.search(question, { mode: "hybrid", topK: 5 });
} finally {
  await rag.close();
}
if (hits.length === 0) {
  console.error(`Nothing found in ${process.env.LIBSQL_URL ?? "file:rag.db"}: run examples/ingest.ts first.`);
  process.exit(1);
}

const context = hits.map((hit, i) => `[${i + 1}] ${label(hit)}\n${hit.content.replace(/\s+/g, " ").trim()}`).join("\n\n");
const sources = hits.map((hit, i) => `[${i + 1}] ${label(hit)}`).join("\n");

if (process.env.OPENAI_API_KEY) {
  const openai = new OpenAI({ ...(process.env.OPENAI_BASE_URL ? { baseURL: process.env.OPENAI_BASE_URL } : {}) });
  const completion = await openai.chat.completions.create({
    model: process.env.OPENAI_CHAT_MODEL ?? "gpt-4o-mini",
    temperature: 0,
    messages: [
      {
        role: "system",
        content:
          "Answer the question using only the numbered context. Cite the passages you use as [1], [2], ... " +
          "If the context does not contain the answer, say so.",
      },
      { role: "user", content: `Context:\n${context}\n\nQuestion: ${question}` },
    ],
  });
  console.log(completion.choices[0]?.message.content?.trim() ?? "(no answer)");
  console.log(`\nSources:\n${sources}`);
} else {
  console.log("OPENAI_API_KEY is not set, so no answer is generated. This is the context a model would be given:\n");
  console.log(context);
}
