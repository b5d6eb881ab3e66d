// The scan cache's candidate count, measured: for each dataset, how many of the exact top 10 fall among the
// R nearest rows by the int8 codes (candidate recall, which bounds the scan path's recall@10 since SQL
// re-ranks the candidates exactly), and the in-process time to pick them. Justifies PLANNER.scanOverfetch /
// scanMinCandidates (docs/benchmarks.md).
// Usage: npx tsx bench/scan-sweep.ts [--queries 100] [--data 100000x384,10000x768,10000x1536,fiori,corpus]
// "corpus" is the bundled SQLite docs embedded by the offline model, read from a database made by
// `npm run demo` (rag.db), if present.
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createClient } from "@libsql/client";
import { instantiateKernel } from "../src/search/scan-cache/kernel.js";
import { QuantizedRows } from "../src/search/scan-cache/quantized-rows.js";
import { decodeF32 } from "../src/db/vector.js";
import { makeVectors } from "./compare/data.js";

const { values } = parseArgs({
  options: {
    queries: { type: "string", default: "100" },
    data: { type: "string", default: "100000x384,10000x768,10000x1536,fiori,corpus" },
    counts: { type: "string", default: "10,20,40,80,160" },
  },
});
const Q = Number(values.queries);
const K = 10;
const counts = values.counts.split(",").map(Number);

interface Set {
  label: string;
  dim: number;
  rows: Float32Array[];
  queries: Float32Array[];
}

function rowsOf(packed: Float32Array, dim: number): Float32Array[] {
  return Array.from({ length: packed.length / dim }, (_, i) => packed.subarray(i * dim, (i + 1) * dim));
}

async function corpus(): Promise<Set | undefined> {
  if (!existsSync("rag.db")) return undefined;
  const client = createClient({ url: "file:rag.db" });
  try {
    const reg = await client.execute("SELECT table_name, dimensions FROM rag_collections ORDER BY name LIMIT 1");
    if (reg.rows.length === 0) return undefined;
    const rs = await client.execute(`SELECT embedding FROM "${String(reg.rows[0]!.table_name)}" ORDER BY rid`);
    const all = rs.rows.map((r) => decodeF32(r.embedding));
    // Every 20th chunk is held out as a query (a chunk asks for its neighbours, as a related question would).
    return {
      label: `SQLite docs, USE lite ${all.length - Math.ceil(all.length / 20)}×${all[0]!.length}`,
      dim: all[0]!.length,
      rows: all.filter((_, i) => i % 20 !== 0),
      queries: all.filter((_, i) => i % 20 === 0).slice(0, Q),
    };
  } finally {
    client.close();
  }
}

function exactTop(rows: Float32Array[], q: Float32Array): number[] {
  const scored = rows.map((v, i) => {
    let dot = 0;
    let norm = 0;
    for (let j = 0; j < v.length; j++) {
      dot += v[j]! * q[j]!;
      norm += v[j]! * v[j]!;
    }
    return [dot / Math.sqrt(norm), i] as const;
  });
  scored.sort((a, b) => b[0] - a[0]);
  return scored.slice(0, K).map((s) => s[1]);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

console.log(
  `scan-sweep — candidate recall of the int8 scan, k=${K}, ${Q} queries, ${cpus().length} cores (${cpus()[0]?.model}), load ${loadavg()[0]!.toFixed(1)}\n`,
);
console.log(`| data | ${counts.map((c) => `R=${c}`).join(" | ")} | scan p50 ms (R=40) |`);
console.log(`|---|${counts.map(() => "---").join("|")}|---|`);
for (const spec of values.data.split(",")) {
  let set: Set | undefined;
  if (spec === "corpus") set = await corpus();
  else {
    const m = /^(\d+)x(\d+)$/.exec(spec);
    const ds = spec === "fiori" ? { kind: "fiori" as const, n: 778, dim: 384 } : { kind: "synthetic" as const, n: Number(m![1]), dim: Number(m![2]) };
    const made = makeVectors(ds, Q);
    set = { label: `${made.data} ${made.n}×${ds.dim}`, dim: ds.dim, rows: rowsOf(made.vectors, ds.dim), queries: rowsOf(made.queryVectors, ds.dim) };
  }
  if (!set) {
    console.log(`| ${spec} | (no rag.db: run npm run demo first) |`);
    continue;
  }
  const kernel = instantiateKernel()!;
  const sample = set.rows.filter((_, i) => i % Math.max(1, Math.floor(set!.rows.length / 2048)) === 0);
  const cache = QuantizedRows.fit(kernel, set.dim, "cosine", sample, 2 ** 32);
  set.rows.forEach((v, i) => cache.put(i, v, { id: String(i), documentId: null, metadata: {} }, 0));
  const truths = set.queries.map((q) => exactTop(set!.rows, q));
  const recalls = counts.map((count) => {
    let hits = 0;
    set!.queries.forEach((q, qi) => {
      const got = new Set(cache.candidates(q, count));
      hits += truths[qi]!.filter((i) => got.has(i)).length;
    });
    return hits / (set!.queries.length * K);
  });
  const times = set.queries.map((q) => {
    const t = performance.now();
    cache.candidates(q, 40);
    return performance.now() - t;
  });
  console.log(`| ${set.label} | ${recalls.map((r) => r.toFixed(3)).join(" | ")} | ${pct(times, 50).toFixed(2)} |`);
}
