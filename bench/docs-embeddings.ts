/**
 * Builds the real-embedding data set for `bench:compare --data docs` (opt-in, not a test): the HTML pages of
 * public documentation that Debian packages install (PostgreSQL 15, Python 3.11, SQLite, Django 3.2), chunked and embedded by the default pipeline (the
 * offline model, USE lite 512-d), then exported as raw float32 rows. Nothing here is committed: the pages
 * come from the packages, the vectors go to a cache folder outside git.
 *
 *   apt-get install -y --no-install-recommends postgresql-doc-15 python3-doc sqlite3-doc python-django-doc   # once, as root
 *   npx tsx bench/docs-embeddings.ts [--cache DIR] [--roots DIR,DIR,...]
 *
 * The cache folder (default $LIBSQL_RAG_BENCH_CACHE, else ~/.cache/libsql-rag/bench) gets `docs.db` (a
 * libsql-rag collection: the ingest is incremental, so an interrupted build resumes where it stopped) and
 * `docs-embeddings/` with `vectors.f32` (rows × 512, little-endian) and `meta.json` (rows, dimensions, model,
 * roots, chunk count per root). A rebuild with unchanged pages embeds nothing.
 */
import { existsSync, mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createRag } from "../src/rag.js";

const DEFAULT_DOC_ROOTS = [
  "/usr/share/doc/postgresql-doc-15/html",
  "/usr/share/doc/python3/html",
  "/usr/share/doc/sqlite3",
  "/usr/share/doc/python-django-doc/html",
];

function benchCacheDir(): string {
  return process.env.LIBSQL_RAG_BENCH_CACHE ?? join(homedir(), ".cache", "libsql-rag", "bench");
}

/** Where the exported data set lives: `vectors.f32` and `meta.json`. */
export function docsEmbeddingsDir(cache = benchCacheDir()): string {
  return join(cache, "docs-embeddings");
}

export interface DocsEmbeddingsMeta {
  rows: number;
  dimensions: number;
  model: string;
  roots: Record<string, number>;
  builtAt: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cache: { type: "string" }, roots: { type: "string" } } });
  const cache = values.cache ?? benchCacheDir();
  const roots = values.roots ? values.roots.split(",") : DEFAULT_DOC_ROOTS;
  const missing = roots.filter((root) => !existsSync(root));
  if (missing.length > 0) {
    throw new Error(
      `missing documentation roots: ${missing.join(", ")}. Install postgresql-doc-15, python3-doc, sqlite3-doc and python-django-doc, or pass --roots.`,
    );
  }
  mkdirSync(cache, { recursive: true });
  // python3/html is a link to python3.11/html: ids come from the real paths.
  const real = roots.map((root) => realpathSync(root));
  const rag = await createRag({ url: `file:${join(cache, "docs.db")}` });
  try {
    for (const root of real) {
      const started = performance.now();
      // One collection-wide prune would drop the other roots' pages: each root is ingested on its own, with
      // ids relative to the filesystem root so that pages of different roots never collide.
      const report = await rag.ingest([join(root, "**/*.html")], { root: "/" });
      console.error(
        `${root}: ${JSON.stringify(report.documents)}, chunks ${JSON.stringify(report.chunks)}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
    const counts: Record<string, number> = {};
    for (const root of real) {
      const prefix = `${root.replace(/^\//, "")}/`;
      const { rows } = await rag.store.client.execute({
        sql: `SELECT count(*) AS n FROM ${await chunkTable(rag)} WHERE substr(document_id, 1, ?) = ?`,
        args: [prefix.length, prefix],
      });
      counts[root] = Number(rows[0]!.n);
    }
    const out = docsEmbeddingsDir(cache);
    mkdirSync(out, { recursive: true });
    const dimensions = rag.embedder.dimensions;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const vectors = new Float32Array(total * dimensions);
    let row = 0;
    // Rows in id order, read in pages so memory stays at the output array.
    let after = "";
    for (;;) {
      const { rows } = await rag.store.client.execute({
        sql: `SELECT id, embedding FROM ${await chunkTable(rag)} WHERE id > ? ORDER BY id LIMIT 5000`,
        args: [after],
      });
      if (rows.length === 0) break;
      for (const r of rows) {
        const blob = r.embedding as ArrayBuffer;
        vectors.set(new Float32Array(blob.slice(0)), row * dimensions);
        row++;
        after = String(r.id);
      }
    }
    writeFileSync(join(out, "vectors.f32"), new Uint8Array(vectors.buffer, 0, row * dimensions * 4));
    const meta: DocsEmbeddingsMeta = { rows: row, dimensions, model: rag.embedder.id, roots: counts, builtAt: new Date().toISOString() };
    writeFileSync(join(out, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
    console.log(`${row} vectors × ${dimensions} written to ${out}`);
  } finally {
    await rag.close();
  }
}

async function chunkTable(rag: Awaited<ReturnType<typeof createRag>>): Promise<string> {
  const { rows } = await rag.store.client.execute({ sql: "SELECT table_name FROM rag_collections WHERE name = ?", args: [rag.collection.name] });
  return `"${String(rows[0]!.table_name).replace(/"/g, '""')}"`;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
