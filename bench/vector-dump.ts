/**
 * Dumps what bench/vector-transforms.py and bench/corpus-expansion.py measure (opt-in, not a test): one corpus's
 * chunk vectors with their pages and texts, its questions' vectors (embedded as `rag.search` embeds them, without
 * the lead-in), and the vectors of each question's sentences.
 *
 *   tsx bench/vector-dump.ts --db file:PATH --questions FILE --name NAME --out DIR
 *
 * Writes DIR/NAME.chunks.f32, DIR/NAME.questions.f32 and DIR/NAME.sentences.f32 (row-major 4-byte floats) and
 * DIR/NAME.meta.json: the dimensions, each chunk's page (its source under `pages/`) and text, the questions, and
 * the question each sentence row belongs to. The database is only read.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { embeddingText } from "../src/embed/question.js";
import { openSweep } from "./sweep.js";

const { values, questions, rag, raw, table } = await openSweep(["name", "out"]);
if (!values.name || !values.out) throw new Error("--name and --out are required");
const out = values.out;
mkdirSync(out, { recursive: true });

const rows = (await raw.execute(`SELECT embedding, metadata, content FROM "${table}" ORDER BY rid`)).rows;
const dimensions = rows.length > 0 ? (rows[0]!.embedding as ArrayBuffer).byteLength / 4 : 0;
const chunks = new Float32Array(rows.length * dimensions);
const pages = rows.map((r, i) => {
  chunks.set(new Float32Array(r.embedding as ArrayBuffer), i * dimensions);
  const source = String(JSON.parse(String(r.metadata)).source ?? "");
  return source.startsWith("pages/") ? source.slice("pages/".length) : source;
});

/** Vectors of `texts`, one row each. */
async function rowsOf(texts: string[]): Promise<Float32Array> {
  const vectors = await rag.embedder.embed(texts);
  const all = new Float32Array(vectors.length * dimensions);
  vectors.forEach((v, i) => all.set(v, i * dimensions));
  return all;
}

// A question's sentences: split where a sentence end is followed by a capital.
const sentences = questions.flatMap((q, i) =>
  q.question
    .split(/(?<=[.?!])\s+(?=[A-Z])/)
    .filter((s) => s.trim() !== "")
    .map((text) => ({ question: i, text })),
);
writeFileSync(join(out, `${values.name}.chunks.f32`), Buffer.from(chunks.buffer));
writeFileSync(join(out, `${values.name}.questions.f32`), Buffer.from((await rowsOf(questions.map((q) => embeddingText(q.question)))).buffer));
writeFileSync(join(out, `${values.name}.sentences.f32`), Buffer.from((await rowsOf(sentences.map((s) => embeddingText(s.text)))).buffer));
writeFileSync(
  join(out, `${values.name}.meta.json`),
  JSON.stringify({ dimensions, pages, texts: rows.map((r) => String(r.content)), questions, sentenceOf: sentences.map((s) => s.question) }),
);
console.log(`${values.name}: ${rows.length} chunks, ${questions.length} questions, ${sentences.length} sentences → ${out}`);
raw.close();
await rag.close();
