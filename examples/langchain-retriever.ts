/**
 * A LangChain (LCEL) retrieval chain over the bundled SQLite documentation, stored and searched by
 * libsql-rag through `LibSQLRagVectorStore`.
 *
 *   npx tsx examples/langchain-retriever.ts "How do I turn on write-ahead logging?"
 *
 * Embeddings come from the offline model (`useLiteEmbedder`, wrapped with `embeddingsFromEmbedder`), so the
 * retrieval runs with no network. With OPENAI_API_KEY set, the answer step asks OpenAI (OPENAI_MODEL,
 * default gpt-4o-mini) through the `openai` SDK; without it, an extractive step prints the context it would
 * send and answers with the best-matching sentence. LIBSQL_URL (and LIBSQL_AUTH_TOKEN) pick the database;
 * the default is an in-memory one.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import { RunnableLambda, RunnablePassthrough, RunnableSequence } from "@langchain/core/runnables";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { parse } from "node-html-parser";
import OpenAI from "openai";
import { useLiteEmbedder } from "../src/embed/use-lite/index.js";
import { LibSQLRagVectorStore, embeddingsFromEmbedder } from "../src/langchain/index.js";

const PAGES = ["wal.html", "isolation.html", "inmemorydb.html", "lang_vacuum.html"];
const PAGES_DIR = fileURLToPath(new URL("../datasets/sqlite-docs/pages/", import.meta.url));

/** A deliberately simple HTML-to-text step; the ingest pipeline does this properly. */
async function loadPage(file: string): Promise<Document> {
  const html = (await readFile(PAGES_DIR + file, "utf8")).replace(/<!DOCTYPE[^>]*>/i, "");
  const root = parse(html);
  const title = root.querySelector("title")?.text.trim() ?? file;
  root.querySelectorAll("script, style, svg, title, .menu, .searchmenu, .tagline, .fancy_toc").forEach((node) => node.remove());
  const text = root.structuredText
    .replace(/[ \t]+/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return new Document({ pageContent: text, metadata: { source: file, title } });
}

function formatDocs(docs: DocumentInterface[]): string {
  return docs.map((d, i) => `[${i + 1}] (${d.metadata.source}) ${d.pageContent.replace(/\s+/g, " ")}`).join("\n\n");
}

interface Prompt {
  question: string;
  context: string;
  docs: DocumentInterface[];
}

/** Answers with OpenAI when a key is set. */
const openAIAnswer = RunnableLambda.from(async ({ question, context }: Prompt) => {
  const openai = new OpenAI();
  const completion = await openai.chat.completions.create({
    model: process.env.OPENAI_MODEL ?? "gpt-4o-mini",
    temperature: 0,
    messages: [
      { role: "system", content: "Answer from the numbered context only, citing sources like [1]. Say so when the context does not answer." },
      { role: "user", content: `Context:\n${context}\n\nQuestion: ${question}` },
    ],
  });
  return completion.choices[0]?.message.content ?? "";
});

/** Without a key: show the context that would be sent, and answer with the sentence that best shares the question's words. */
const extractiveAnswer = RunnableLambda.from(({ question, context, docs }: Prompt) => {
  console.log("No OPENAI_API_KEY: this is the context an LLM would get.\n");
  console.log(`${context}\n`);
  const words = new Set(question.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? []);
  let best = { sentence: "I found nothing relevant.", score: 0, source: "" };
  for (const doc of docs) {
    for (const sentence of doc.pageContent.replace(/\s+/g, " ").split(/(?<=[.!?])\s+/)) {
      const sentenceWords = sentence.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? [];
      const score = sentenceWords.filter((w) => words.has(w)).length / Math.sqrt(sentenceWords.length + 1);
      if (score > best.score) best = { sentence, score, source: String(doc.metadata.source) };
    }
  }
  return best.source ? `${best.sentence} (${best.source})` : best.sentence;
});

async function main(): Promise<void> {
  const question = process.argv.slice(2).join(" ") || "How do I turn on write-ahead logging, and can readers continue while a writer commits?";
  const embedder = useLiteEmbedder({ workers: "auto" });
  const vectorStore = new LibSQLRagVectorStore(embeddingsFromEmbedder(embedder), {
    url: process.env.LIBSQL_URL ?? ":memory:",
    ...(process.env.LIBSQL_AUTH_TOKEN ? { authToken: process.env.LIBSQL_AUTH_TOKEN } : {}),
    collection: "sqlite-docs-langchain",
    documentIdKey: "source",
  });
  try {
    // The model reads about 450 characters of English, so chunks stay near that size.
    const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 450, chunkOverlap: 60 });
    const pages = await Promise.all(PAGES.map(loadPage));
    const chunks = await splitter.splitDocuments(pages);
    const started = performance.now();
    // Stable ids (source#n) make a second run against a file database an upsert, not a duplicate.
    const perSource = new Map<string, number>();
    const ids = chunks.map((c) => {
      const n = perSource.get(c.metadata.source) ?? 0;
      perSource.set(c.metadata.source, n + 1);
      return `${c.metadata.source}#${n}`;
    });
    await vectorStore.addDocuments(chunks, { ids });
    console.log(`Indexed ${chunks.length} chunks from ${pages.length} pages in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);

    const retriever = vectorStore.asRetriever({ k: 4, searchType: "mmr", searchKwargs: { fetchK: 20, lambda: 0.6 } });
    const chain = RunnableSequence.from([
      { question: new RunnablePassthrough<string>(), docs: retriever },
      RunnableLambda.from(({ question, docs }: { question: string; docs: DocumentInterface[] }): Prompt => ({ question, docs, context: formatDocs(docs) })),
      process.env.OPENAI_API_KEY ? openAIAnswer : extractiveAnswer,
    ]);

    console.log(`Q: ${question}\n`);
    console.log(`A: ${await chain.invoke(question)}`);
  } finally {
    await vectorStore.close();
    await embedder.close?.();
  }
}

await main();
