/**
 * SVG charts of the comparison results, written by hand (no browser, no dependency):
 *   docs/performance-recall-latency.svg  recall@10 against p50 latency per library, unfiltered and at a 10% filter
 *   docs/performance-ingest.svg          ingest rows/s with the vector index in place, per library and data set
 *
 *   npx tsx bench/chart.ts [--in bench/results/latest.json,...] [--data "clustered 10,000×384; fiori MiniLM 778×384"]
 *
 * By default it reads every comparison file in bench/results/ (arrays of results; other files are ignored)
 * and keeps, for each library, preset and data set, the entry from the newest file.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { CompareResult } from "./compare/common.js";
import { dataLabel, shortLibrary } from "./compare/table.js";

const { values } = parseArgs({
  options: {
    in: { type: "string" },
    data: { type: "string" },
    out: { type: "string", default: "docs" },
  },
});

function isCompareArray(x: unknown): x is CompareResult[] {
  return Array.isArray(x) && x.every((r) => typeof r === "object" && r !== null && "library" in r && "filtered" in r);
}

function loadResults(): CompareResult[] {
  const files = values.in
    ? values.in.split(",")
    : readdirSync("bench/results")
        .filter((f) => f.endsWith(".json"))
        .map((f) => join("bench/results", f));
  const byKey = new Map<string, { r: CompareResult; mtime: number }>();
  for (const file of files) {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (!isCompareArray(parsed)) continue;
    const mtime = statSync(file).mtimeMs;
    for (const r of parsed) {
      if (r.skipped) continue;
      const key = `${r.library}|${r.preset}|${r.data}|${r.n}|${r.dim}`;
      const seen = byKey.get(key);
      if (!seen || seen.mtime < mtime) byKey.set(key, { r, mtime });
    }
  }
  let results = [...byKey.values()].map((x) => x.r);
  if (values.data) {
    // Labels contain commas ("clustered 10,000×384"), so they are separated by ";".
    const keep = new Set(values.data.split(";").map((d) => d.trim()));
    results = results.filter((r) => keep.has(dataLabel(r)));
  }
  return results.sort((a, b) => a.n - b.n || a.dim - b.dim || a.data.localeCompare(b.data));
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const PALETTE = ["#1f6feb", "#8250df", "#0a7f6f", "#d1242f", "#bf8700", "#57606a", "#e16f24", "#2da44e"];
const FONT = `font-family="Helvetica, Arial, sans-serif"`;

function text(
  x: number,
  y: number,
  s: string,
  opts: { size?: number; anchor?: "start" | "middle" | "end"; weight?: string; fill?: string; rotate?: number } = {},
): string {
  const rot = opts.rotate ? ` transform="rotate(${opts.rotate} ${x} ${y})"` : "";
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${FONT} font-size="${opts.size ?? 12}" text-anchor="${opts.anchor ?? "start"}"${opts.weight ? ` font-weight="${opts.weight}"` : ""} fill="${opts.fill ?? "#24292f"}"${rot}>${esc(s)}</text>`;
}

/** Powers of ten spanning [lo, hi]. */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

const fmt = (x: number) => (x >= 1e6 ? `${x / 1e6}M` : x >= 1e3 ? `${x / 1e3}k` : x >= 1 ? String(x) : String(x));

/** A marker shape per data set, so that colour can stay per library. */
function marker(shape: number, x: number, y: number, fill: string, hollow = false): string {
  const paint = hollow ? `fill="white" stroke="${fill}" stroke-width="2"` : `fill="${fill}" fill-opacity="0.8" stroke="white" stroke-width="1"`;
  const r = 6;
  switch (shape % 4) {
    case 0:
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}" ${paint}/>`;
    case 1:
      return `<rect x="${(x - r).toFixed(1)}" y="${(y - r).toFixed(1)}" width="${2 * r}" height="${2 * r}" ${paint}/>`;
    case 2:
      return `<path d="M${x.toFixed(1)},${(y - r - 1).toFixed(1)} L${(x + r + 1).toFixed(1)},${(y + r).toFixed(1)} L${(x - r - 1).toFixed(1)},${(y + r).toFixed(1)} Z" ${paint}/>`;
    default:
      return `<path d="M${x.toFixed(1)},${(y - r - 1).toFixed(1)} L${(x + r + 1).toFixed(1)},${y.toFixed(1)} L${x.toFixed(1)},${(y + r + 1).toFixed(1)} L${(x - r - 1).toFixed(1)},${y.toFixed(1)} Z" ${paint}/>`;
  }
}

interface Legend {
  libraries: string[];
  datasets: string[];
}

function legendFor(results: CompareResult[]): Legend {
  return { libraries: [...new Set(results.map(shortLibrary))], datasets: [...new Set(results.map(dataLabel))] };
}

function recallLatencyChart(results: CompareResult[]): string {
  const { libraries, datasets } = legendFor(results);
  const panelW = 440,
    panelH = 330,
    left = 70,
    top = 90,
    gap = 70;
  const legendH = 22 * Math.ceil(libraries.length / 2) + 22 * Math.ceil(datasets.length / 3) + 40;
  const width = left + 2 * panelW + gap + 30;
  const height = top + panelH + 50 + legendH;
  const panels = [
    { title: "No filter", point: (r: CompareResult) => (r.p50Ms === null || r.recallAt10 === null ? undefined : { x: r.p50Ms, y: r.recallAt10 }) },
    {
      title: "Filter matching 10% of rows",
      point: (r: CompareResult) => {
        const f = r.filtered.find((p) => p.selectivity === 0.1);
        return f ? { x: f.p50Ms, y: f.recallAt10 } : undefined;
      },
    },
  ];
  const xs = results.flatMap((r) => panels.map((p) => p.point(r)?.x).filter((x): x is number => x !== undefined && x > 0));
  const ticks = decades(Math.min(...xs), Math.max(...xs));
  const lx0 = Math.log10(ticks[0]!),
    lx1 = Math.log10(ticks[ticks.length - 1]!);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  out.push(text(left, 28, "Recall@10 against median query latency (k = 10, 100 queries)", { size: 16, weight: "bold" }));
  out.push(text(left, 46, "Up and to the left is better. Latency axis is logarithmic.", { size: 12, fill: "#57606a" }));
  panels.forEach((panel, pi) => {
    const x0 = left + pi * (panelW + gap);
    const sx = (v: number) => x0 + ((Math.log10(Math.max(v, ticks[0]!)) - lx0) / (lx1 - lx0)) * panelW;
    // Zoom in when every point is near the top, where the differences are.
    const ys = results.map((r) => panel.point(r)?.y).filter((y): y is number => y !== undefined);
    const yMin = Math.min(...ys) >= 0.9 ? 0.9 : Math.min(...ys) >= 0.5 ? 0.5 : 0;
    const yStep = yMin === 0.9 ? 0.02 : 0.1 * (yMin === 0.5 ? 1 : 2);
    const sy = (v: number) => top + 12 + ((1 - v) / (1 - yMin)) * (panelH - 12);
    out.push(`<rect x="${x0}" y="${top}" width="${panelW}" height="${panelH}" fill="#f6f8fa" stroke="#d0d7de"/>`);
    out.push(text(x0 + panelW / 2, top - 8, panel.title, { anchor: "middle", weight: "bold", size: 13 }));
    for (let i = 0; yMin + i * yStep <= 1.0001; i++) {
      const v = yMin + i * yStep;
      out.push(`<line x1="${x0}" x2="${x0 + panelW}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}" stroke="#d0d7de" stroke-dasharray="3,3"/>`);
      out.push(text(x0 - 6, sy(v) + 4, v.toFixed(yStep < 0.1 ? 2 : 1), { anchor: "end", size: 11 }));
    }
    for (const t of ticks) {
      out.push(`<line x1="${sx(t).toFixed(1)}" x2="${sx(t).toFixed(1)}" y1="${top}" y2="${top + panelH}" stroke="#d0d7de" stroke-dasharray="3,3"/>`);
      out.push(text(sx(t), top + panelH + 16, `${fmt(t)} ms`, { anchor: "middle", size: 11 }));
    }
    out.push(text(x0 + panelW / 2, top + panelH + 34, "p50 latency (ms, log scale)", { anchor: "middle", size: 12 }));
    if (pi === 0) out.push(text(18, top + panelH / 2, "recall@10", { anchor: "middle", size: 12, rotate: -90 }));
    for (const r of results) {
      const p = panel.point(r);
      if (!p) continue;
      out.push(marker(datasets.indexOf(dataLabel(r)), sx(p.x), sy(p.y), PALETTE[libraries.indexOf(shortLibrary(r)) % PALETTE.length]!));
    }
  });
  let y = top + panelH + 62;
  libraries.forEach((lib, i) => {
    const x = left + (i % 2) * (panelW + gap);
    const yy = y + Math.floor(i / 2) * 22;
    out.push(`<rect x="${x}" y="${yy - 10}" width="14" height="14" fill="${PALETTE[i % PALETTE.length]}"/>`);
    out.push(text(x + 20, yy + 2, lib, { size: 12 }));
  });
  y += 22 * Math.ceil(libraries.length / 2) + 10;
  datasets.forEach((d, i) => {
    const x = left + (i % 3) * 330;
    const yy = y + Math.floor(i / 3) * 22;
    out.push(marker(i, x + 7, yy - 3, "#57606a"));
    out.push(text(x + 20, yy + 2, d, { size: 12 }));
  });
  out.push("</svg>");
  return out.join("\n");
}

function ingestChart(results: CompareResult[]): string {
  const rated = results.filter((r) => r.ingestRowsPerSec !== null);
  const { libraries, datasets } = legendFor(rated);
  const barH = 14,
    groupGap = 14,
    left = 260,
    right = 80,
    top = 70,
    plotW = 560;
  const groupH = datasets.length * barH + groupGap;
  const plotH = libraries.length * groupH;
  const width = left + plotW + right;
  const height = top + plotH + 40 + 22 * Math.ceil(datasets.length / 3) + 20;
  const xs = rated.map((r) => r.ingestRowsPerSec!);
  const ticks = decades(Math.min(...xs), Math.max(...xs));
  const lx0 = Math.log10(ticks[0]!),
    lx1 = Math.log10(ticks[ticks.length - 1]!);
  const sx = (v: number) => left + ((Math.log10(v) - lx0) / (lx1 - lx0)) * plotW;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  out.push(text(20, 28, "Ingest rate with the vector index in place (rows/s, batches of 1000)", { size: 16, weight: "bold" }));
  out.push(text(20, 46, "Longer is better. Logarithmic axis. The JS scan only copies rows into memory.", { size: 12, fill: "#57606a" }));
  for (const t of ticks) {
    out.push(`<line x1="${sx(t).toFixed(1)}" x2="${sx(t).toFixed(1)}" y1="${top - 6}" y2="${top + plotH}" stroke="#d0d7de" stroke-dasharray="3,3"/>`);
    out.push(text(sx(t), top + plotH + 16, fmt(t), { anchor: "middle", size: 11 }));
  }
  out.push(text(left + plotW / 2, top + plotH + 34, "rows per second (log scale)", { anchor: "middle", size: 12 }));
  libraries.forEach((lib, li) => {
    const gy = top + li * groupH;
    out.push(text(left - 10, gy + (datasets.length * barH) / 2 + 4, lib, { anchor: "end", size: 12 }));
    datasets.forEach((d, di) => {
      const r = rated.find((x) => shortLibrary(x) === lib && dataLabel(x) === d);
      if (!r) return;
      const y = gy + di * barH;
      const w = Math.max(1, sx(r.ingestRowsPerSec!) - left);
      out.push(`<rect x="${left}" y="${y + 1}" width="${w.toFixed(1)}" height="${barH - 2}" fill="${PALETTE[di % PALETTE.length]}"/>`);
      const v = r.ingestRowsPerSec!;
      out.push(text(left + w + 4, y + barH - 3, v >= 10_000 ? `${Math.round(v / 1000)}k` : v.toFixed(0), { size: 10, fill: "#57606a" }));
    });
  });
  const ly = top + plotH + 58;
  datasets.forEach((d, i) => {
    const x = 20 + (i % 3) * 290;
    const y = ly + Math.floor(i / 3) * 22;
    out.push(`<rect x="${x}" y="${y - 10}" width="14" height="14" fill="${PALETTE[i % PALETTE.length]}"/>`);
    out.push(text(x + 20, y + 2, d, { size: 12 }));
  });
  out.push("</svg>");
  return out.join("\n");
}

const results = loadResults();
if (results.length === 0) throw new Error("no comparison results in bench/results; run npm run bench:compare first");
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, "performance-recall-latency.svg"), `${recallLatencyChart(results)}\n`);
writeFileSync(join(values.out, "performance-ingest.svg"), `${ingestChart(results)}\n`);
console.log(`wrote ${join(values.out, "performance-recall-latency.svg")} and ${join(values.out, "performance-ingest.svg")} from ${results.length} results`);
