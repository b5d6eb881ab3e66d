// Data for the comparison, made once in the parent and handed to every worker as files: vectors and queries
// as raw little-endian float32, exact ground truth (cosine, unfiltered and per metadata flag) as JSON.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { clusteredVectors, seededRandom } from "../../src/testing/vectors.js";
import { docsEmbeddingsDir, type DocsEmbeddingsMeta } from "../docs-embeddings.js";
import { SELECTIVITIES, writeF32, type DataMeta, type Truth } from "./common.js";

export interface DataSpec {
  kind: "synthetic" | "fiori" | "docs";
  n: number;
  dim: number;
}

export const FIORI_DIR = join("node_modules", "@sap-ux", "fiori-docs-embeddings", "data", "embeddings");

export function specLabel(spec: DataSpec): string {
  if (spec.kind === "docs") return `docs-${spec.n}`;
  return spec.kind === "fiori" ? "fiori" : `${spec.n}x${spec.dim}`;
}

function pack(rows: Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => out.set(r, i * dim));
  return out;
}

function normalizeInPlace(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const inv = 1 / (Math.sqrt(s) || 1);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/**
 * Synthetic: n + q clustered unit vectors from one seed (50 clusters, `clusteredVectors`' default); the last q are
 * held out as queries, so queries come from the same distribution as the data.
 * Fiori: the 778 real all-MiniLM-L6-v2 vectors; queries are records perturbed by uniform noise of ±0.04 per
 * coordinate and renormalized (a paraphrase stand-in).
 */
export function makeVectors(spec: DataSpec, queries: number): { data: string; n: number; vectors: Float32Array; queryVectors: Float32Array } {
  if (spec.kind === "docs") return docsVectors(spec, queries);
  if (spec.kind === "fiori") {
    const buf = readFileSync(join(FIORI_DIR, "embeddings.bin"));
    const vectors = new Float32Array(buf.byteLength / 4);
    new Uint8Array(vectors.buffer).set(buf);
    const n = vectors.length / spec.dim;
    const rand = seededRandom(3);
    const q = new Float32Array(queries * spec.dim);
    for (let i = 0; i < queries; i++) {
      const base = Math.floor(rand() * n);
      const v = Float32Array.from(vectors.subarray(base * spec.dim, (base + 1) * spec.dim), (x) => x + (rand() - 0.5) * 0.08);
      q.set(normalizeInPlace(v), i * spec.dim);
    }
    return { data: "fiori MiniLM (all-MiniLM-L6-v2)", n, vectors, queryVectors: q };
  }
  const { vectors } = clusteredVectors(spec.n + queries, spec.dim, { seed: 11 });
  return {
    data: "synthetic clustered",
    n: spec.n,
    vectors: pack(vectors.slice(0, spec.n), spec.dim),
    queryVectors: pack(vectors.slice(spec.n), spec.dim),
  };
}

/**
 * Docs: real USE-lite embeddings of documentation chunks (bench/docs-embeddings.ts builds them). The queries
 * are chunks drawn at random (seeded) and left out of the data, so each query is real text the collection
 * does not hold; the data is the first `n` of the remaining rows (0 = all of them).
 */
function docsVectors(spec: DataSpec, queries: number): { data: string; n: number; vectors: Float32Array; queryVectors: Float32Array } {
  const dir = docsEmbeddingsDir();
  let meta: DocsEmbeddingsMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as DocsEmbeddingsMeta;
  } catch {
    throw new Error(`no docs embeddings in ${dir}: build them once with \`npx tsx bench/docs-embeddings.ts\``);
  }
  const dim = meta.dimensions;
  const buf = readFileSync(join(dir, "vectors.f32"));
  const all = new Float32Array(buf.byteLength / 4);
  new Uint8Array(all.buffer).set(buf);
  const rows = all.length / dim;
  const rand = seededRandom(5);
  const held = new Set<number>();
  while (held.size < Math.min(queries, rows)) held.add(Math.floor(rand() * rows));
  const n = spec.n === 0 ? rows - held.size : Math.min(spec.n, rows - held.size);
  if (spec.n > n) console.error(`docs: ${rows} rows built, so the data set has ${n}, not ${spec.n}`);
  const vectors = new Float32Array(n * dim);
  const queryVectors = new Float32Array(held.size * dim);
  let v = 0;
  let q = 0;
  for (let i = 0; i < rows; i++) {
    const row = all.subarray(i * dim, (i + 1) * dim);
    if (held.has(i)) queryVectors.set(row, q++ * dim);
    else if (v < n) vectors.set(row, v++ * dim);
  }
  return { data: `docs ${meta.model} (${Object.keys(meta.roots).length} doc sets)`, n, vectors, queryVectors };
}

/** The indices of the k largest scores among rows where `keep` holds, best first (ties by lower index). */
export function topK(scores: Float64Array, k: number, keep?: (i: number) => boolean): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (keep && !keep(i)) continue;
    const s = scores[i]!;
    if (best.length === k && s <= scores[best[k - 1]!]!) continue;
    let p = best.length === k ? k - 1 : best.length;
    while (p > 0 && scores[best[p - 1]!]! < s) {
      best[p] = best[p - 1]!;
      p--;
    }
    best[p] = i;
  }
  return best;
}

/** 1 / |row| for each row, so that scoring many queries computes each norm once. */
export function rowInverseNorms(vectors: Float32Array, dim: number, rows = vectors.length / dim): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let norm = 0;
    for (let j = 0, o = i * dim; j < dim; j++) norm += vectors[o + j]! * vectors[o + j]!;
    out[i] = 1 / (Math.sqrt(norm) || 1);
  }
  return out;
}

/** Cosine similarity of the query to every row (up to the query's own norm, which ranks nothing). */
export function cosineScores(
  vectors: Float32Array,
  dim: number,
  query: Float32Array,
  rows = vectors.length / dim,
  inverseNorms = rowInverseNorms(vectors, dim, rows),
): Float64Array {
  const scores = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let dot = 0;
    for (let j = 0, o = i * dim; j < dim; j++) dot += vectors[o + j]! * query[j]!;
    scores[i] = dot * inverseNorms[i]!;
  }
  return scores;
}

/** Where a generated data set is kept between runs (outside git): `~/.cache/libsql-rag/bench/datasets/<label>-q<queries>-k<k>`. */
function cachedDatasetDir(spec: DataSpec, queries: number, k: number): string {
  return join(homedir(), ".cache", "libsql-rag", "bench", "datasets", `${specLabel(spec)}-q${queries}-k${k}`);
}

/**
 * Writes meta.json, vectors.f32, queries.f32 and truth.json to `dir`. The data and its ground truth are made once
 * per spec and kept in the cache (1M × 384 takes minutes to make), then copied; docs data is made from its own
 * cache and is not kept twice.
 */
export function writeDataset(dir: string, spec: DataSpec, queries: number, k: number): DataMeta {
  mkdirSync(dir, { recursive: true });
  const cache = spec.kind === "synthetic" ? cachedDatasetDir(spec, queries, k) : undefined;
  const files = ["vectors.f32", "queries.f32", "truth.json", "meta.json"];
  if (cache !== undefined && files.every((f) => existsSync(join(cache, f)))) {
    for (const f of files) copyFileSync(join(cache, f), join(dir, f));
    return JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as DataMeta;
  }
  const { data, n, vectors, queryVectors } = makeVectors(spec, queries);
  const truth: Truth = { all: [], s1: [], s10: [], s50: [] };
  const inverseNorms = rowInverseNorms(vectors, spec.dim);
  for (let q = 0; q < queries; q++) {
    const scores = cosineScores(vectors, spec.dim, queryVectors.subarray(q * spec.dim, (q + 1) * spec.dim), vectors.length / spec.dim, inverseNorms);
    truth.all.push(topK(scores, k));
    for (const s of SELECTIVITIES) truth[s.field].push(topK(scores, k, (i) => i % s.modulo === 0));
  }
  const meta: DataMeta = { data, n, dim: spec.dim, queries, k };
  writeF32(join(dir, "vectors.f32"), vectors);
  writeF32(join(dir, "queries.f32"), queryVectors);
  writeFileSync(join(dir, "truth.json"), JSON.stringify(truth));
  writeFileSync(join(dir, "meta.json"), JSON.stringify(meta, null, 2));
  if (cache !== undefined) {
    mkdirSync(cache, { recursive: true });
    // meta.json last: its presence says the rest is complete.
    for (const f of files) copyFileSync(join(dir, f), join(cache, f));
  }
  return meta;
}
