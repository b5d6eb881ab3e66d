import type { IngestReport } from "../ingest/pipeline.js";

/** Exit status when the reader of stdout or stderr goes away early (`libsql-rag search … | head -1`). */
const EXIT_OUTPUT_CLOSED = 0;

/**
 * Ends the process at once, quietly, when stdout is a pipe whose reader has gone (EPIPE), as with
 * `libsql-rag search wal -k 50 | head -1`. The reader got what it asked for and nothing more can be shown, so
 * the status is 0 ({@link EXIT_OUTPUT_CLOSED}), not the 141 of a process killed by SIGPIPE, which would fail
 * a `set -o pipefail` script that only wanted the first line. Work in flight is abandoned as a crash would
 * be; the store and the ingest pipeline are built to lose nothing that way. A closed stderr only silences
 * warnings and errors: the command carries on and ends with its own status. Any other stdout error is one
 * line on stderr and status 1.
 */
export function exitQuietlyWhenOutputCloses(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") process.exit(EXIT_OUTPUT_CLOSED);
    process.stderr.write(`libsql-rag: cannot write the output: ${error.message}\n`);
    process.exit(1);
  });
  // Without a listener, a failed write to a closed stderr would crash the process with a stack trace.
  process.stderr.on("error", () => {});
}

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

/** "1 file", "3 files"; `many` for a plural that is not the word with an "s". */
function counted(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The report's line for files of one kind left out of the run: none when there are none; `line` tells the first. */
function leftOut<T>(list: readonly T[], line: (first: T, more: string) => string): string[] {
  return list.length === 0 ? [] : [`left out   ${line(list[0]!, list.length > 1 ? ", …" : "")}`];
}

/** The human summary of an ingest run (failures are listed separately, on stderr). */
export function formatIngestReport(report: IngestReport): string {
  const d = report.documents;
  const c = report.chunks;
  const t = report.timings;
  const copies = report.sourceCopies;
  const repeated = report.repeatedPassages;
  const parts = report.includedFiles;
  const sections = report.frontMatterPages;
  const aliases = report.aliasPages;
  const menus = report.navigationFiles;
  const passages = repeated.reduce((sum, page) => sum + page.passages, 0);
  return [
    `documents  ${d.added} added, ${d.updated} updated, ${d.unchanged} unchanged, ${d.removed} removed, ${d.failed} failed`,
    ...leftOut(
      copies,
      (first, more) => `${counted(copies.length, "copy", "copies")} of pages (${first.source}, of ${first.copyOf}${more}); --keep-source-copies ingests them`,
    ),
    ...leftOut(
      repeated,
      (first, more) =>
        `${counted(passages, "passage")} of ${counted(repeated.length, "translated page")} repeating the page${repeated.length === 1 ? "" : "s"} they translate (${first.passages} of ${first.source}, of ${first.copyOf}${more}); --keep-source-copies ingests them`,
    ),
    ...leftOut(
      parts,
      (first, more) =>
        `${counted(parts.length, "file")} that pages include, read in with them (${first.source}, in ${first.includedBy}${more}); --no-follow-includes ingests each as written`,
    ),
    ...leftOut(
      sections,
      (first, more) => `${counted(sections.length, "page")} of front matter alone, with nothing to index (${first.source}${more}): a site's section pages`,
    ),
    ...leftOut(
      aliases,
      (first, more) =>
        `${counted(aliases.length, "alias", "aliases")} of the page they name (man pages' .so, HTML redirects; ${first.source}, of ${first.aliasOf}${more})`,
    ),
    ...leftOut(
      menus,
      (first, more) =>
        `${counted(menus.length, "navigation file")} (Antora menus, Info manuals' tables of parts), with no text of their own (${first.source}${more})`,
    ),
    `chunks     ${c.written} written, ${c.embedded} embedded, ${c.cached} from cache, ${c.removed} removed`,
    `time       ${seconds(t.totalMs)} (load ${seconds(t.loadMs)}, embed ${seconds(t.embedMs)}, write ${seconds(t.writeMs)}), ${chunksPerSecond(report).toFixed(1)} chunks/s`,
  ].join("\n");
}
