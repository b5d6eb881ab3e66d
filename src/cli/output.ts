import type { IngestReport } from "../ingest/pipeline.js";

/** Writes a value as pretty JSON on stdout. `--json` output goes only through here. */
export function printJson(value: unknown): void {
  process.stdout.write(`${toJson(value)}\n`);
}

/** Pretty JSON, as `--json` prints it (typed arrays as arrays, non-finite numbers as null). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, jsonReplacer, 2);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Float32Array) return Array.from(value);
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

export function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** A warning on stderr, in the same `libsql-rag:` form as errors. */
export function warn(message: string): void {
  process.stderr.write(`libsql-rag: ${message}\n`);
}

export type Align = "left" | "right";

/** A plain-text table with a header row, columns padded to their widest cell. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (align[i] === "right" ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function fixed(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "-";
}

export function bytes(n: number | null): string {
  if (n === null) return "n/a";
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Collapses whitespace and cuts `text` to `max` characters. */
export function snippet(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Chunks written per second of the whole run. */
export function chunksPerSecond(report: IngestReport): number {
  return report.timings.totalMs > 0 ? report.chunks.written / (report.timings.totalMs / 1000) : 0;
}

/** The human summary of an ingest run (failures are listed separately, on stderr). */
export function formatIngestReport(report: IngestReport): string {
  const d = report.documents;
  const c = report.chunks;
  const t = report.timings;
  return [
    `documents  ${d.added} added, ${d.updated} updated, ${d.unchanged} unchanged, ${d.removed} removed, ${d.failed} failed`,
    `chunks     ${c.written} written, ${c.embedded} embedded, ${c.cached} from cache, ${c.removed} removed`,
    `time       ${seconds(t.totalMs)} (load ${seconds(t.loadMs)}, embed ${seconds(t.embedMs)}, write ${seconds(t.writeMs)}), ${chunksPerSecond(report).toFixed(1)} chunks/s`,
  ].join("\n");
}
