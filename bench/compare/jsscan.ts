// Worker: a plain in-process JavaScript exact scan over one Float32Array, the floor every store is compared
// against. Recall is 1 by construction; what it shows is the latency of brute force in a single thread.
import { metadataFor, packageVersion, runWorker, type Adapter, type FlagField, type RowMetadata } from "./common.js";

await runWorker(async (args) => {
  let dim = 0;
  let data = new Float32Array(0);
  let invNorm = new Float32Array(0);
  const meta: RowMetadata[] = [];
  let n = 0;
  const adapter: Adapter = {
    library: "JS exact scan",
    version: `Node ${process.versions.node} (V8 ${process.versions.v8}), bench ${packageVersion(".")}`,
    preset: args.preset,
    notes: ["in memory: dbBytes is the size of its Float32Array; ingest copies rows and computes norms"],
    async setup(d) {
      dim = d;
    },
    async insert(ds, start, end) {
      if (data.length === 0) {
        data = new Float32Array(ds.n * dim);
        invNorm = new Float32Array(ds.n);
      }
      data.set(ds.vectors.subarray(start * dim, end * dim), start * dim);
      for (let i = start; i < end; i++) {
        let s = 0;
        for (let j = i * dim, e = j + dim; j < e; j++) s += data[j]! * data[j]!;
        invNorm[i] = 1 / (Math.sqrt(s) || 1);
        meta[i] = metadataFor(i);
      }
      n = end;
    },
    async query(vector, k, flag?: FlagField) {
      // Keep the k best in a small sorted array; k is 10, so insertion beats a heap.
      const bestScore = new Float64Array(k).fill(-Infinity);
      const bestId = new Int32Array(k).fill(-1);
      for (let i = 0; i < n; i++) {
        if (flag && !meta[i]![flag]) continue;
        // Four accumulators: about twice as fast as one in V8, and still plain JavaScript.
        const o = i * dim;
        let d0 = 0,
          d1 = 0,
          d2 = 0,
          d3 = 0,
          j = 0;
        for (; j + 3 < dim; j += 4) {
          d0 += vector[j]! * data[o + j]!;
          d1 += vector[j + 1]! * data[o + j + 1]!;
          d2 += vector[j + 2]! * data[o + j + 2]!;
          d3 += vector[j + 3]! * data[o + j + 3]!;
        }
        for (; j < dim; j++) d0 += vector[j]! * data[o + j]!;
        const score = (d0 + d1 + d2 + d3) * invNorm[i]!;
        if (score <= bestScore[k - 1]!) continue;
        let p = k - 1;
        while (p > 0 && bestScore[p - 1]! < score) {
          bestScore[p] = bestScore[p - 1]!;
          bestId[p] = bestId[p - 1]!;
          p--;
        }
        bestScore[p] = score;
        bestId[p] = i;
      }
      return [...bestId].filter((id) => id >= 0);
    },
    async bytes() {
      return data.byteLength + invNorm.byteLength;
    },
    async close() {},
  };
  return adapter;
});
