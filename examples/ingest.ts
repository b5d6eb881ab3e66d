/**
 * Ingests the bundled SQLite documentation (62 HTML pages) with the offline embedder, no API key needed.
 *
 *   npx tsx examples/ingest.ts                          # into file:rag.db
 *   LIBSQL_URL=file:/tmp/demo.db npx tsx examples/ingest.ts
 *
 * Run it twice: the second run finds every page unchanged and embeds nothing. Then try examples/query.ts.
 */
import { fileURLToPath } from "node:url";
import { createRag, useLiteEmbedder, type IngestProgress } from "../src/index.js";

const DATASET = fileURLToPath(new URL("../datasets/sqlite-docs/", import.meta.url));

const rag = await createRag({
  url: process.env.LIBSQL_URL ?? "file:rag.db",
  authToken: process.env.LIBSQL_AUTH_TOKEN,
  // The offline default model. Worker threads ("auto": one per CPU, at most 4) speed up bulk embedding.
  embedder: useLiteEmbedder({ workers: "auto" }),
});

function showProgress(event: IngestProgress): void {
  if (event.stage !== "write") return;
  const line = `ingesting: ${event.done}/${event.total} pages`;
  // One line that updates in place on a terminal; a line per step when the output is a file or pipe.
  if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
  else if (event.done === event.total || event.done % 10 === 0) console.log(line);
}

try {
  const report = await rag.ingest([`${DATASET}pages`], { root: DATASET, onProgress: showProgress });
  if (process.stdout.isTTY) process.stdout.write("\n");
  const { documents: d, chunks: c, timings: t } = report;
  const seconds = t.totalMs / 1000;
  console.log(`documents: ${d.added} added, ${d.updated} updated, ${d.unchanged} unchanged, ${d.removed} removed, ${d.failed} failed`);
  console.log(`chunks:    ${c.written} written, ${c.embedded} embedded (${c.cached} from the embedding cache)`);
  console.log(`time:      ${seconds.toFixed(1)} s (embedding ${(t.embedMs / 1000).toFixed(1)} s), ${(c.written / seconds).toFixed(1)} chunks/s`);
  for (const f of report.failures) console.log(`failed:    ${f.source}: ${f.reason}`);
  console.log(`database:  ${rag.store.url}, collection "${rag.collection.name}", embedder ${rag.embedder.id}`);
} finally {
  await rag.close();
}
