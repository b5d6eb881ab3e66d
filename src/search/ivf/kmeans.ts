import { seededRandom } from "../../random.js";
import { type Metric, vectorLength } from "../../db/vector.js";

/** Lloyd iterations; a sample of a few thousand rows settles within about this many (bench/remote-ivf.ts). */
const ITERATIONS = 8;

function normalize(v: Float32Array, offset: number, dim: number): void {
  const norm = vectorLength(v, offset, dim);
  const inv = norm > 0 ? 1 / norm : 0;
  for (let j = 0; j < dim; j++) v[offset + j]! *= inv;
}

/**
 * The index of the centroid nearest each row, by dot product on unit vectors (cosine) or by squared distance
 * (l2, as |c|² − 2·x·c, the row's own norm being the same for every centroid).
 */
function assign(rows: Float32Array, n: number, centroids: Float32Array, k: number, dim: number, metric: Metric, out: Int32Array): void {
  const norms = new Float32Array(k);
  if (metric === "l2") {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0, o = c * dim; j < dim; j++) s += centroids[o + j]! * centroids[o + j]!;
      norms[c] = s;
    }
  }
  for (let i = 0; i < n; i++) {
    const ro = i * dim;
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const co = c * dim;
      let dot0 = 0,
        dot1 = 0,
        dot2 = 0,
        dot3 = 0;
      let j = 0;
      for (; j + 3 < dim; j += 4) {
        dot0 += rows[ro + j]! * centroids[co + j]!;
        dot1 += rows[ro + j + 1]! * centroids[co + j + 1]!;
        dot2 += rows[ro + j + 2]! * centroids[co + j + 2]!;
        dot3 += rows[ro + j + 3]! * centroids[co + j + 3]!;
      }
      for (; j < dim; j++) dot0 += rows[ro + j]! * centroids[co + j]!;
      const dot = dot0 + dot1 + dot2 + dot3;
      const score = metric === "l2" ? 2 * dot - norms[c]! : dot;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    out[i] = best;
  }
}

/**
 * Lets the event loop run a full turn, I/O included. On a large collection each k-means pass blocks the thread
 * for long (docs/remote-search.md); between passes, the caller's other work goes on, and an HTTP client sees a
 * server close its idle keep-alive socket before it sends the next request on it (which would otherwise fail
 * with "other side closed").
 */
async function breathe(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/**
 * k-means over `n` rows of `dim` floats (row-major): spherical for cosine (rows and centroids on the unit sphere),
 * plain for l2. Seeded, so the same sample gives the same centroids. A list left empty takes a random row.
 * Returns `k` centroids, row-major.
 */
export async function kmeans(rows: Float32Array, n: number, dim: number, k: number, metric: Metric, seed = 1): Promise<Float32Array> {
  const rand = seededRandom(seed);
  const data = Float32Array.from(rows.subarray(0, n * dim));
  if (metric === "cosine") for (let i = 0; i < n; i++) normalize(data, i * dim, dim);
  const centroids = new Float32Array(k * dim);
  // Distinct random rows to start (a partial Fisher–Yates shuffle).
  const order = Array.from({ length: n }, (_, i) => i);
  for (let c = 0; c < k; c++) {
    const pick = c + Math.floor(rand() * (n - c));
    [order[c], order[pick]] = [order[pick]!, order[c]!];
    centroids.set(data.subarray(order[c]! * dim, (order[c]! + 1) * dim), c * dim);
  }
  const labels = new Int32Array(n);
  const counts = new Int32Array(k);
  for (let iter = 0; iter < ITERATIONS; iter++) {
    await breathe();
    assign(data, n, centroids, k, dim, metric, labels);
    centroids.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      counts[c]! += 1;
      for (let j = 0, o = c * dim, r = i * dim; j < dim; j++) centroids[o + j]! += data[r + j]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        const r = Math.floor(rand() * n);
        centroids.set(data.subarray(r * dim, (r + 1) * dim), c * dim);
        continue;
      }
      if (metric === "cosine") normalize(centroids, c * dim, dim);
      else for (let j = 0, o = c * dim; j < dim; j++) centroids[o + j]! /= counts[c]!;
    }
  }
  await breathe();
  return centroids;
}
