// Ingest throughput of one large JSON Lines file (small records) with the offline hash embedder.
// Usage: npx tsx bench/ingest-jsonl.ts [records=20000]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRag } from "../src/index.js";
import { hashEmbedder } from "../src/testing/index.js";

const records = Number(process.argv[2] ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), "bench-jsonl-"));
try {
  const lines = Array.from({ length: records }, (_, i) =>
    JSON.stringify({ id: `q${i}`, text: `Question ${i}: how does record ${i} relate to storage engine topic ${i % 97}?`, lang: i % 2 ? "en" : "fr" }),
  );
  writeFileSync(join(dir, "big.jsonl"), lines.join("\n"));
  const rag = await createRag({
    url: `file:${join(dir, "bench.db")}`,
    embedder: hashEmbedder({ dimensions: 64 }),
    ...(process.env.NO_INDEX ? { index: false as const } : {}),
  });
  let t = performance.now();
  const first = await rag.ingest([join(dir, "big.jsonl")], { root: dir });
  const s1 = (performance.now() - t) / 1000;
  t = performance.now();
  const second = await rag.ingest([join(dir, "big.jsonl")], { root: dir });
  const s2 = (performance.now() - t) / 1000;
  await rag.close();
  console.log(
    `first ingest: ${first.documents.added} records in ${s1.toFixed(1)} s = ${(first.documents.added / s1).toFixed(0)} records/s (write ${(first.timings.writeMs / 1000).toFixed(1)} s); failures ${first.failures.length}`,
  );
  console.log(`unchanged re-ingest: ${second.documents.unchanged} records in ${s2.toFixed(2)} s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
