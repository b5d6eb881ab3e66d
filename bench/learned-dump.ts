/**
 * Dumps what bench/learned-ranker.py, bench/learned-fusion.py and bench/query-adapter.py train on (opt-in, not a test): for one corpus,
 * each question's page candidates with their features, the chunk vectors with their pages, and the questions'
 * vectors (embedded as `rag.search` embeds them, without the lead-in).
 *
 *   tsx bench/learned-dump.ts --db file:PATH --questions FILE --name NAME --out DIR [--collection NAME] [--match path] [--fetch-k 50]
 *
 * Writes DIR/NAME.candidates.json, DIR/NAME.chunks.f32 (row-major, 4-byte floats, one row per chunk),
 * DIR/NAME.questions.f32 and DIR/NAME.meta.json (dimensions, each chunk's page, the questions). The database is
 * only read.
 *
 * A question's candidates are the pages of the two sides' 50 chunks each (the pool the default hybrid fuses), with
 * the features the learned page order reads (`PAGE_FEATURES` in src/search/page-ranker/features.ts, computed by the
 * same code a search runs) and whether the question names the page (`rel`). `--collection eval-<set>` reads a
 * database `libsql-rag eval` built.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pageOfHit, pathUnderPages } from "../src/eval/evaluate.js";
import { collapseRanking } from "../src/eval/metrics.js";
import { contentWords } from "../src/words.js";
import { fuse } from "../src/search/query.js";
import { embeddingText } from "../src/embed/question.js";
import type { QueryResult } from "../src/db/records.js";
import { tablesFor } from "../src/db/ddl.js";
import { documentKey } from "../src/search/fusion/documents.js";
import { PAGE_FEATURES, candidatePages } from "../src/search/page-ranker/features.js";
import { pageEvidence } from "../src/search/page-ranker/evidence.js";
import { DEFAULT_FUSION as H, openSweep } from "./sweep.js";

const { values, questions, rag, col, raw, table } = await openSweep(["name", "out", "match", "fetch-k"]);
if (!values.name || !values.out) throw new Error("--name and --out are required");
// `--match path` for the sets whose questions name pages by their path under pages/, as `libsql-rag eval --match path`.
const page = values.match === "path" ? pathUnderPages : pageOfHit;
// Candidates a side (`--fetch-k`, default hybrid's 50): a deeper pool, to measure trees trained on it.
const depth = Number(values["fetch-k"] ?? H.fetchK);
const out = values.out;
mkdirSync(out, { recursive: true });

// Chunk vectors and their pages.
const rows = (await raw.execute(`SELECT embedding, metadata FROM "${table}" ORDER BY rid`)).rows;
const dims = (rows[0]?.embedding as ArrayBuffer | undefined)?.byteLength ?? 0;
const chunks = new Float32Array((rows.length * dims) / 4);
const chunkPages = rows.map((r, i) => {
  chunks.set(new Float32Array(r.embedding as ArrayBuffer), (i * dims) / 4);
  return page({ id: "", documentId: null, content: "", metadata: JSON.parse(String(r.metadata)), score: 0 });
});
writeFileSync(join(out, `${values.name}.chunks.f32`), Buffer.from(chunks.buffer));

const total = rows.length;

const questionVectors = new Float32Array(questions.length * (dims / 4));
const dumped: unknown[] = [];
for (const [n, q] of questions.entries()) {
  const qv = (await rag.embedder.embed([embeddingText(q.question)]))[0]!;
  questionVectors.set(qv, n * qv.length);
  const V = (await col.query({ vector: qv, mode: "vector", topK: depth })) as QueryResult[];
  const K = (await col.query({ text: q.question, mode: "keyword", topK: depth })) as QueryResult[];
  const base = fuse(V, K, { ...H, fetchK: depth });
  // The product's own features (src/search/page-ranker), so that a model trained here reads them as a search does.
  const evidence = await pageEvidence({ client: raw, tables: tablesFor(table) }, contentWords(q.question), [...V, ...K]);
  const pageOf = new Map([...V, ...K].map((r) => [documentKey(r), page(r)]));
  const candidates = candidatePages(V, K, base, evidence).map((c) => ({
    page: pageOf.get(c.key)!,
    rel: q.relevant.includes(pageOf.get(c.key)!) ? 1 : 0,
    f: Object.fromEntries(PAGE_FEATURES.map((name, i) => [name, c.features[i]])),
  }));
  dumped.push({
    corpus: values.name,
    id: q.id,
    split: q.split ?? "tune",
    kind: q.kind,
    relevant: q.relevant,
    // The default hybrid's pages as `rag.search(q, { topK: 10 })` returns them.
    baseRanking: collapseRanking(base.slice(0, 10), page),
    candidates,
  });
}
writeFileSync(join(out, `${values.name}.candidates.json`), JSON.stringify(dumped));
writeFileSync(join(out, `${values.name}.questions.f32`), Buffer.from(questionVectors.buffer));
writeFileSync(join(out, `${values.name}.meta.json`), JSON.stringify({ dimensions: dims / 4, pages: chunkPages, questions }));
console.log(`${values.name}: ${questions.length} questions, ${total} chunks → ${out}`);
raw.close();
await rag.close();
