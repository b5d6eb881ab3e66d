// Markdown tables of comparison results, for the terminal and docs/benchmarks.md.
import type { CompareResult } from "./common.js";

const mb = (bytes: number) => (bytes / 1e6 >= 100 ? (bytes / 1e6).toFixed(0) : (bytes / 1e6).toFixed(1));
const ms = (x: number | null) => (x === null ? "—" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const rate = (x: number | null) => (x === null ? "—" : x >= 10_000 ? `${Math.round(x / 1000)}k` : x.toFixed(0));
const recall = (x: number | null) => (x === null ? "—" : x.toFixed(3));

export function shortLibrary(r: Pick<CompareResult, "library" | "preset">): string {
  const name = r.library.startsWith("@langchain") ? "LangChain LibSQLVectorStore" : r.library.startsWith("@mastra") ? "Mastra LibSQLVector" : r.library;
  return r.preset === "default" ? name : `${name} (${r.preset})`;
}

export function dataLabel(r: Pick<CompareResult, "data" | "n" | "dim">): string {
  const kind = r.data.startsWith("fiori") ? "fiori MiniLM" : r.data.startsWith("docs") ? "docs USE-lite" : "clustered";
  return `${kind} ${r.n.toLocaleString("en-US")}×${r.dim}`;
}

/** One row per run; filtered columns read "returned / recall / p50 ms". */
export function compareTable(results: CompareResult[]): string {
  const lines = [
    "| data | library | ingest rows/s (per CPU-s) | DB MB (× raw) | p50 ms | p95 ms | recall@10 | first query ms | 1%: rows / recall / p50 | 10%: rows / recall / p50 | 50%: rows / recall / p50 |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|---|---|",
  ];
  for (const r of results) {
    if (r.skipped) {
      lines.push(`| ${dataLabel(r)} | ${shortLibrary(r)} | skipped: ${r.skipped} | | | | | | | | |`);
      continue;
    }
    const sidecar = r.sidecarBytes ? ` + ${mb(r.sidecarBytes)} snapshot (${(r.sidecarBytes / r.rawVectorBytes).toFixed(2)}×)` : "";
    const size = r.dbBytes === null ? "—" : `${mb(r.dbBytes)} (${(r.dbBytes / r.rawVectorBytes).toFixed(1)}×)${sidecar}`;
    const f = (sel: number) => {
      const x = r.filtered.find((p) => p.selectivity === sel);
      return x ? `${x.returnedAvg} of ${x.expected} / ${recall(x.recallAt10)} / ${ms(x.p50Ms)}` : "—";
    };
    lines.push(
      `| ${dataLabel(r)} | ${shortLibrary(r)}${r.rowsReadPerQuery === undefined ? "" : `, ${r.rowsReadPerQuery.toLocaleString("en-US")} rows read/query`} | ${rate(r.ingestRowsPerSec)}${r.ingestRowsPerCpuSec ? ` (${rate(r.ingestRowsPerCpuSec)})` : ""} | ${size} | ${ms(r.p50Ms)} | ${ms(r.p95Ms)} | ${recall(r.recallAt10)} | ${r.firstQueryMs == null ? "—" : ms(r.firstQueryMs)} | ${f(0.01)} | ${f(0.1)} | ${f(0.5)} |`,
    );
  }
  return lines.join("\n");
}
