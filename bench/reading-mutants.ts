/**
 * Which changes to the loaders and the chunker a set of files notices (opt-in, not a test): how the files for
 * test/ingest/format-guard.test.ts were chosen.
 *
 *   npx tsx bench/reading-mutants.ts [--jobs N] [--only TEXT] NAME=PATH[,PATH…] [NAME=PATH[,PATH…] …]
 *
 * A mutant is one `if` condition under src/ingest/loaders/, src/ingest/chunking/ or the rules across files
 * (copies.ts, translations.ts, changelog.ts) made `false`, leaving out those whose branch only throws. Each mutant
 * is written into a copy of src/ (the checkout is never touched), and the copy ingests every PATH with the 16-d
 * hash embedder, as the guard does; the records of each file are hashed. A group NAME catches a mutant when one of
 * its files is read differently or the ingest fails. Prints each group's catches, what they catch together and the
 * uncaught mutants by source file, and writes every mutant's changed files as JSON lines to
 * bench/results/reading-mutants.tmp.json. About 3–8 s a mutant on the development machine; N copies run at once
 * (default 2). `--only TEXT` keeps the mutants of the source files whose path holds TEXT.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { glob } from "tinyglobby";
import ts from "typescript";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "..");
const TARGETS = ["src/ingest/loaders/**/*.ts", "src/ingest/chunking/*.ts", "src/ingest/{copies,translations,changelog}.ts"];

interface Mutant {
  file: string;
  start: number;
  end: number;
  line: number;
}

/** Child mode: ingest the paths with the src/ at SRC and print each file's digest as JSON. */
async function digest(paths: string[]): Promise<void> {
  const src = process.env.READING_MUTANTS_SRC ?? join(ROOT, "src");
  const { createRag } = await import(pathToFileURL(join(src, "index.ts")).href);
  const { hashEmbedder } = await import(pathToFileURL(join(src, "testing/index.ts")).href);
  const rag = await createRag({ url: ":memory:", embedder: hashEmbedder({ dimensions: 16 }), chunking: { size: 448, overlap: 56 } });
  const out: Record<string, string> = {};
  try {
    const report = await rag.ingest(paths);
    const bySource = new Map<string, unknown[]>();
    for (let offset = 0; ; offset += 10_000) {
      const page = await rag.collection.list({ limit: 10_000, offset, includeVectors: true });
      for (const r of page) {
        const source = relative(ROOT, String(r.metadata.source ?? r.documentId));
        bySource.set(source, [...(bySource.get(source) ?? []), [r.id, r.documentId, r.content, r.metadata, Array.from(r.vector ?? [])]]);
      }
      if (page.length < 10_000) break;
    }
    for (const [source, records] of bySource) {
      records.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      out[source] = createHash("sha256").update(JSON.stringify(records)).digest("hex");
    }
    for (const f of report.failures) out[relative(ROOT, f.source)] = `failed: ${f.code}`;
  } finally {
    await rag.close();
  }
  console.log(JSON.stringify(out));
}

async function mutants(): Promise<Mutant[]> {
  const found: Mutant[] = [];
  for (const file of (await glob(TARGETS, { cwd: ROOT })).sort()) {
    const text = readFileSync(join(ROOT, file), "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isIfStatement(node) && !/^\{?\s*throw\b/.test(node.thenStatement.getText(sf))) {
        const start = node.expression.getStart(sf);
        found.push({ file, start, end: node.expression.end, line: sf.getLineAndCharacterOfPosition(start).line + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

/** Runs the child in the copy at `copy`: the files' digests, or `{ "(ingest)": error }` when it fails. */
async function readAll(copy: string, paths: string[]): Promise<Record<string, string>> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", join(ROOT, "bench/reading-mutants.ts"), "--digest", ...paths], {
      cwd: ROOT,
      env: { ...process.env, READING_MUTANTS_SRC: join(copy, "src") },
      maxBuffer: 64 << 20,
      timeout: 180_000,
    });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
  } catch (error) {
    return { "(ingest)": String(error).slice(0, 200) };
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--digest") return digest(args.slice(1));
  const jobsAt = args.indexOf("--jobs");
  const jobs = jobsAt >= 0 ? Number(args.splice(jobsAt, 2)[1]) : 2;
  const onlyAt = args.indexOf("--only");
  const only = onlyAt >= 0 ? (args.splice(onlyAt, 2)[1] ?? "") : "";
  const groups = args.map((arg) => {
    const [name, list] = arg.split("=", 2);
    if (!name || !list || !Number.isInteger(jobs) || jobs < 1) throw new Error("usage: bench/reading-mutants.ts [--jobs N] NAME=PATH[,PATH…] …");
    return { name, paths: list.split(",").map((p) => relative(ROOT, resolve(p))) };
  });
  const paths = groups.flatMap((g) => g.paths);
  const all = (await mutants()).filter((m) => m.file.includes(only));
  const copies = Array.from({ length: jobs }, () => {
    const dir = mkdtempSync(join(tmpdir(), "reading-mutants-"));
    cpSync(join(ROOT, "src"), join(dir, "src"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    return dir;
  });
  const lines: string[] = [];
  const caught = new Map<string, Set<number>>(groups.map((g) => [g.name, new Set()]));
  try {
    const base = await readAll(copies[0] as string, paths);
    let next = 0;
    await Promise.all(
      copies.map(async (copy) => {
        for (let i = next++; i < all.length; i = next++) {
          const m = all[i] as Mutant;
          const file = join(copy, m.file);
          const text = readFileSync(file, "utf8");
          writeFileSync(file, `${text.slice(0, m.start)}false${text.slice(m.end)}`);
          const read = await readAll(copy, paths).finally(() => writeFileSync(file, text));
          const changed = [...new Set([...Object.keys(base), ...Object.keys(read)])].filter((k) => base[k] !== read[k]).sort();
          for (const g of groups) {
            if (changed.some((k) => k === "(ingest)" || g.paths.some((p) => k === p || k.startsWith(`${p}/`)))) caught.get(g.name)?.add(i);
          }
          lines.push(JSON.stringify({ ...m, changed }));
        }
      }),
    );
  } finally {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(join(ROOT, "bench/results/reading-mutants.tmp.json"), `${lines.join("\n")}\n`);
  const any = new Set([...caught.values()].flatMap((s) => [...s]));
  console.log(`${all.length} mutants`);
  for (const g of groups) console.log(`  ${g.name}: catches ${caught.get(g.name)?.size}`);
  console.log(`  together: ${any.size}; none: ${all.length - any.size}`);
  const left = new Map<string, number>();
  for (const [i, m] of all.entries()) if (!any.has(i)) left.set(m.file, (left.get(m.file) ?? 0) + 1);
  for (const [file, n] of [...left].sort((a, b) => b[1] - a[1])) console.log(`    ${String(n).padStart(3)} uncaught in ${file}`);
}

await main();
