/**
 * Searches the SQLite documentation ingested by examples/ingest.ts in the three search modes.
 *
 *   npx tsx examples/ingest.ts && npx tsx examples/query.ts
 *
 * LIBSQL_URL picks the database (default file:rag.db). "hybrid" is what rag.search does by default. Scores are
 * per mode: the fused 0..1 score (plus page support) for "hybrid", a cosine similarity for "vector", and BM25
 * for "keyword"; higher is better in each.
 */
import { createRag, type RagHit, type SearchMode } from "../src/index.js";

const QUESTIONS = [
  "How do I turn on write-ahead logging?",
  "Will the ids of rows I deleted ever be handed out again?",
  "How can I shrink the database file after deleting a lot of data?",
  "Can I search text with a MATCH query?",
];
const MODES: SearchMode[] = ["hybrid", "vector", "keyword"];

const rag = await createRag({ url: process.env.LIBSQL_URL ?? "file:rag.db", authToken: process.env.LIBSQL_AUTH_TOKEN });

/** "wal.html › Write-Ahead Logging › Overview": the page, then the heading path of the chunk. */
function where(hit: RagHit): string {
  const page = String(hit.metadata.source ?? hit.documentId)
    .split("/")
    .pop();
  const headings = Array.isArray(hit.metadata.headings) ? (hit.metadata.headings as string[]) : [];
  return [page, ...headings].join(" › ");
}

try {
  if ((await rag.collection.count()) === 0) {
    console.error(`The collection "${rag.collection.name}" in ${rag.store.url} is empty: run examples/ingest.ts first.`);
    process.exitCode = 1;
  } else {
    for (const question of QUESTIONS) {
      console.log(`\n${question}`);
      for (const mode of MODES) {
        const started = performance.now();
        const hits = await rag.search(question, { mode, topK: 3 });
        const ms = (performance.now() - started).toFixed(0);
        console.log(`  ${mode} (${ms} ms)`);
        for (const hit of hits) console.log(`    ${hit.score.toFixed(3).padStart(7)}  ${where(hit)}`);
      }
    }
  }
} finally {
  await rag.close();
}
