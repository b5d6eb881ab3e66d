// Upsert throughput and database size, with and without the vector index.
// Usage: npm run bench:store -- [--n 10000] [--dim 384] [--batch 1000]
import { mkdtempSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openStore, type CollectionOptions } from "../src/index.js";
import { clusteredVectors } from "../src/testing/vectors.js";

const { values } = parseArgs({
  options: { n: { type: "string", default: "10000" }, dim: { type: "string", default: "384" }, batch: { type: "string", default: "1000" } },
});
const n = Number(values.n),
  dim = Number(values.dim),
  batch = Number(values.batch);

const variants: [string, CollectionOptions["index"]][] = [
  ["no index", false],
  ["default index", undefined],
  ["float8", { compressNeighbors: "float8" }],
];

const { vectors } = clusteredVectors(n, dim, { seed: 11 });
console.log(`upsert ${n} × ${dim} (F32_BLOB), batches of ${batch}, ${cpus().length} cores, ${cpus()[0]?.model}`);
console.log("| variant | rows/s | DB bytes | raw vector bytes | DB / raw |");
console.log("|---|---|---|---|---|");
for (const [label, index] of variants) {
  const dir = mkdtempSync(join(tmpdir(), "bench-store-"));
  const file = join(dir, "b.db");
  const store = await openStore({ url: `file:${file}` });
  const col = await store.collection("bench", { dimensions: dim, ...(index === undefined ? {} : { index }) });
  const start = performance.now();
  for (let i = 0; i < n; i += batch) {
    await col.upsert(
      vectors
        .slice(i, i + batch)
        .map((vector, j) => ({ id: `r${i + j}`, documentId: `d${(i + j) % 100}`, content: `row ${i + j}`, metadata: { i: i + j }, vector })),
    );
  }
  const seconds = (performance.now() - start) / 1000;
  await store.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  await store.close();
  const bytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
  const raw = n * dim * 4;
  console.log(
    `| ${label} | ${Math.round(n / seconds).toLocaleString("en")} | ${bytes.toLocaleString("en")} | ${raw.toLocaleString("en")} | ${(bytes / raw).toFixed(2)}× |`,
  );
  rmSync(dir, { recursive: true, force: true });
}
