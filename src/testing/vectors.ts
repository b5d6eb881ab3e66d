import { seededRandom } from "../random.js";

export { seededRandom };

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** `count` random unit vectors of `dimensions`, from `seed`. */
export function randomUnitVectors(count: number, dimensions: number, seed = 1): Float32Array[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, () => normalize(Float32Array.from({ length: dimensions }, () => gaussian(rand))));
}

/**
 * `count` unit vectors around `clusters` random centres (spread `spread`), the data of bench:compare's synthetic sets (docs/benchmarks.md).
 * Returns the vectors and each one's cluster.
 */
export function clusteredVectors(
  count: number,
  dimensions: number,
  options: { clusters?: number; spread?: number; seed?: number } = {},
): { vectors: Float32Array[]; cluster: number[] } {
  const clusters = options.clusters ?? 50;
  const spread = options.spread ?? 0.35;
  const rand = seededRandom(options.seed ?? 1);
  const centres = randomUnitVectors(clusters, dimensions, (options.seed ?? 1) + 1000);
  const cluster: number[] = [];
  const vectors = Array.from({ length: count }, () => {
    const c = Math.floor(rand() * clusters);
    cluster.push(c);
    const centre = centres[c]!;
    return normalize(Float32Array.from(centre, (x) => x + (spread * gaussian(rand)) / Math.sqrt(dimensions)));
  });
  return { vectors, cluster };
}
