// A tiny PDF whose pages share one compressed content stream, so it inflates to far more text than its size:
// checks that loading stops at limits.maxDocumentChars. Usage: npx tsx bench/pdf-bomb.ts [pages=3000]
import { deflateSync } from "node:zlib";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFile } from "../src/index.js";
const line = `(${"a".repeat(200)}) '\n`;
const stream = `BT /F1 2 Tf 10 780 Td 2 TL\n${line.repeat(300)}ET`;
const pages = Number(process.argv[2] ?? 1000);
const z = deflateSync(Buffer.from(stream, "latin1"));
const objs = [
  "<< /Type /Catalog /Pages 2 0 R >>",
  `<< /Type /Pages /Kids [${Array.from({ length: pages }, () => "4 0 R").join(" ")}] /Count ${pages} >>`,
  "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
];
let pdf = Buffer.from("%PDF-1.4\n", "latin1");
const offs: number[] = [];
const add = (b: Buffer) => {
  pdf = Buffer.concat([pdf, b]);
};
objs.forEach((o, i) => {
  offs.push(pdf.length);
  add(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, "latin1"));
});
offs.push(pdf.length);
add(Buffer.from(`5 0 obj\n<< /Length ${z.length} /Filter /FlateDecode >>\nstream\n`, "latin1"));
add(z);
add(Buffer.from("\nendstream\nendobj\n", "latin1"));
const xref = pdf.length;
add(
  Buffer.from(
    `xref\n0 6\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
    "latin1",
  ),
);
const dir = mkdtempSync(join(tmpdir(), "bomb-"));
writeFileSync(join(dir, "bomb.pdf"), pdf);
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t = performance.now();
try {
  const [d] = await loadFile(join(dir, "bomb.pdf"), { root: dir });
  console.log("loaded", d!.content.length);
} catch (e) {
  console.log((e as Error & { code: string }).code, (e as Error).message.slice(0, 120));
}
clearInterval(timer);
console.log(
  `file ${(pdf.length / 1e6).toFixed(2)} MB, inflated ${((stream.length * pages) / 1e6).toFixed(0)} MB over ${pages} pages, ${((performance.now() - t) / 1000).toFixed(1)} s, peak RSS ${(peak / 1e6).toFixed(0)} MB`,
);
