/**
 * Which changes to the loaders and the chunker a set of files notices (opt-in, not a test): how the files of
 * test/ingest/format-guard.test.ts were measured and chosen.
 *
 *   npx tsx bench/reading-mutants.ts [--jobs N] [--only TEXT] [--cover NAME] NAME=PATH[,PATH…] [NAME=PATH[,PATH…] …]
 *
 * A mutant is one `if` condition under src/ingest/loaders/, src/ingest/chunking/ or the rules across files (copies.ts,
 * translations.ts, changelog.ts) made `false`, leaving out those whose branch only throws. Each mutant is written into
 * a copy of src/ (the checkout is never touched), and the copy ingests every group's PATHs together (so rules across
 * files see them all), with the guard's hash embedder and chunking (test/support/format-guard.ts); the records of each
 * file are hashed. A group notices a mutant when one of its files is read differently; a mutant that makes ingest throw
 * is counted apart (any test that ingests notices it). Prints each group's count, the groups' together, the throws and
 * the mutants nothing notices by source file; with `--cover NAME`, the fewest files of group NAME that notice what the
 * other groups do not (greedy, the smaller file first among equals). Every mutant's changed files go to
 * bench/results/reading-mutants.tmp.json as JSON lines, one as each finishes. About 3–8 s a mutant on the
 * development machine; N copies of src/ run at once (default 2). `--only TEXT` keeps the mutants of the source
 * files whose path holds TEXT.
 *
 * `--suite PATH[,PATH…]` then runs Vitest on those test files or folders (`!PATH` leaves one out) against each mutant
 * that no group notices by its reading nor makes ingest throw, in copies of src/ and test/, after one run that must
 * pass without a mutant. A run stops at the first failure; one over 5 minutes counts as noticed, as a hang is. It
 * prints how many the tests notice, and the rest by source file, line and condition: what no file and no test would
 * catch. About 10–40 s a mutant for test/ingest.
 */
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { glob } from "tinyglobby";
import { FORMAT_GUARD } from "../test/support/format-guard.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "..");
const TARGETS = ["src/ingest/loaders/**/*.ts", "src/ingest/chunking/*.ts", "src/ingest/{copies,translations,changelog}.ts"];
const THROWS = "(ingest throws)";
const OUT = join(ROOT, "bench/results/reading-mutants.tmp.json");
const USAGE = "usage: bench/reading-mutants.ts [--jobs N] [--only TEXT] [--cover NAME] [--suite PATH,…] NAME=PATH[,PATH…] …";

interface Mutant {
  index: number;
  file: string;
  start: number;
  end: number;
  line: number;
  text: string;
}

/** Child mode: ingest the paths with the src/ at READING_MUTANTS_SRC and print each file's digest as JSON. */
async function digest(paths: string[]): Promise<void> {
  const src = process.env.READING_MUTANTS_SRC ?? join(ROOT, "src");
  const { createRag } = await import(pathToFileURL(join(src, "index.ts")).href);
  const { hashEmbedder } = await import(pathToFileURL(join(src, "testing/index.ts")).href);
  const rag = await createRag({ url: ":memory:", embedder: hashEmbedder({ dimensions: FORMAT_GUARD.dimensions }), chunking: FORMAT_GUARD.chunking });
  const out: Record<string, string> = {};
  try {
    const report = await rag.ingest(paths);
    const bySource = new Map<string, string[]>();
    for (let offset = 0; ; offset += 10_000) {
      const page = await rag.collection.list({ limit: 10_000, offset, includeVectors: true });
      for (const r of page) {
        const source = relative(ROOT, String(r.metadata.source ?? r.documentId));
        const records = bySource.get(source) ?? [];
        records.push(JSON.stringify([r.id, r.documentId, r.content, r.metadata, Array.from(r.vector ?? [])]));
        bySource.set(source, records);
      }
      if (page.length < 10_000) break;
    }
    for (const [source, records] of bySource) out[source] = createHash("sha256").update(records.sort().join("\n")).digest("hex");
    for (const f of report.failures) out[relative(ROOT, f.source)] = `failed: ${f.code}`;
  } finally {
    await rag.close();
  }
  console.log(JSON.stringify(out));
}

async function mutants(only: string): Promise<Mutant[]> {
  const { default: ts } = await import("typescript");
  const found: Mutant[] = [];
  for (const file of (await glob(TARGETS, { cwd: ROOT })).sort().filter((f) => f.includes(only))) {
    const text = readFileSync(join(ROOT, file), "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: import("typescript").Node): void => {
      if (ts.isIfStatement(node) && !/^\{?\s*throw\b/.test(node.thenStatement.getText(sf))) {
        const start = node.expression.getStart(sf);
        const line = sf.getLineAndCharacterOfPosition(start).line + 1;
        found.push({ index: found.length, file, start, end: node.expression.end, line, text: text.slice(start, node.expression.end).slice(0, 120) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

/** The files' digests as the copy at `copy` reads them, or `{ [THROWS]: why }`; a timeout is tried once more. */
async function readAll(copy: string, paths: string[], tries = 2): Promise<Record<string, string>> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", join(ROOT, "bench/reading-mutants.ts"), "--digest", ...paths], {
      cwd: ROOT,
      env: { ...process.env, READING_MUTANTS_SRC: join(copy, "src") },
      maxBuffer: 64 << 20,
      timeout: 180_000,
    });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
  } catch (error) {
    const e = error as { killed?: boolean; signal?: string; code?: number; stderr?: string };
    if (e.killed && tries > 1) return readAll(copy, paths, tries - 1);
    const how = e.killed ? "timed out" : `exit ${e.code ?? e.signal}`;
    return { [THROWS]: `${how}: ${(e.stderr ?? String(error)).trim().split("\n").slice(-3).join(" ").slice(0, 300)}` };
  }
}

function parseArgs(args: string[]) {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at < 0 ? undefined : args.splice(at, 2)[1];
  };
  const jobs = Number(option("--jobs") ?? 2);
  const only = option("--only") ?? "";
  const cover = option("--cover");
  // Test paths as seen from the repository, where Vitest runs (in a copy of it); "!PATH" leaves PATH out.
  const suite = option("--suite")
    ?.split(",")
    .filter(Boolean)
    .flatMap((p) => (p.startsWith("!") ? ["--exclude", relative(ROOT, resolve(p.slice(1)))] : [relative(ROOT, resolve(p))]));
  const groups = args.map((arg) => {
    const at = arg.indexOf("=");
    const paths = arg
      .slice(at + 1)
      .split(",")
      .filter(Boolean);
    if (at < 1 || paths.length === 0) throw new Error(USAGE);
    return { name: arg.slice(0, at), paths: paths.map((p) => relative(ROOT, resolve(p))) };
  });
  if (groups.length === 0 || !Number.isInteger(jobs) || jobs < 1 || (cover && !groups.some((g) => g.name === cover))) throw new Error(USAGE);
  if (suite !== undefined && suite.length === 0) throw new Error(USAGE);
  return { jobs, only, cover, suite, groups };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--digest") return digest(args.slice(1));
  const { jobs, only, cover, suite, groups } = parseArgs(args);
  const inGroup = (name: string, key: string) => groups.some((g) => g.name === name && g.paths.some((p) => key === p || key.startsWith(`${p}/`)));
  const paths = groups.flatMap((g) => g.paths);
  const all = await mutants(only);
  const changedBy = new Map<number, string[]>();
  writeFileSync(OUT, "");
  await withCopies(jobs, ["src"], async (copies) => {
    const base = await readAll(copies[0] as string, paths);
    if (base[THROWS]) throw new Error(`ingest fails without a mutant: ${base[THROWS]}`);
    for (const g of groups) if (!Object.keys(base).some((k) => inGroup(g.name, k))) throw new Error(`${g.name}: no file read`);
    await eachMutant(copies, all, async (copy, m) => {
      const read = await readAll(copy, paths);
      const changed = [...new Set([...Object.keys(base), ...Object.keys(read)])].filter((k) => base[k] !== read[k]).sort();
      changedBy.set(m.index, changed);
      appendFileSync(OUT, `${JSON.stringify({ ...m, changed, why: read[THROWS] })}\n`);
    });
  });
  report(all, changedBy, groups, inGroup, cover);
  if (suite)
    await runSuite(
      all.filter((m) => changedBy.get(m.index)?.length === 0),
      suite,
      jobs,
    );
}

/**
 * Runs `work` on `jobs` copies of the repository, removed after it: the folders named in `copied` copied (those a
 * mutant is written into, and what imports them by relative path), everything else linked but .git and build output.
 */
async function withCopies(jobs: number, copied: readonly string[], work: (copies: string[]) => Promise<void>): Promise<void> {
  const copies = Array.from({ length: jobs }, () => {
    const dir = mkdtempSync(join(tmpdir(), "reading-mutants-"));
    for (const name of readdirSync(ROOT)) {
      if (copied.includes(name)) cpSync(join(ROOT, name), join(dir, name), { recursive: true });
      else if (![".git", ".test-dist", "scratch"].includes(name)) symlinkSync(join(ROOT, name), join(dir, name));
    }
    return dir;
  });
  try {
    await work(copies);
  } finally {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes each mutant into one of the copies in turn (one mutant a copy at a time), probes it, and puts the file back. */
async function eachMutant(copies: string[], mutants: Mutant[], probe: (copy: string, m: Mutant) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    copies.map(async (copy) => {
      for (let i = next++; i < mutants.length; i = next++) {
        const m = mutants[i] as Mutant;
        const file = join(copy, m.file);
        const text = readFileSync(file, "utf8");
        writeFileSync(file, `${text.slice(0, m.start)}false${text.slice(m.end)}`);
        try {
          await probe(copy, m);
        } finally {
          writeFileSync(file, text);
        }
      }
    }),
  );
}

/** The process groups of the Vitest runs under way, killed when the bench is interrupted (see {@link runSuite}). */
const running = new Set<number>();

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // The group has ended.
  }
}

/**
 * Whether Vitest passes the test files `suite` in `copy`. It runs in a process group of its own, killed whole when
 * it ends, after 5 minutes (a hang counts as failing) or when the bench is interrupted: a worker stuck in a mutant's
 * endless loop outlives Vitest otherwise, and slows every later run.
 */
function suitePasses(copy: string, suite: string[]): Promise<boolean> {
  return new Promise((resolvePasses) => {
    const vitest = spawn(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--bail=1", "--reporter=dot", ...suite], {
      cwd: copy,
      detached: true,
      stdio: "ignore",
    });
    const pid = vitest.pid;
    if (pid !== undefined) running.add(pid);
    const timer = setTimeout(() => pid !== undefined && killGroup(pid), 300_000);
    const end = (passed: boolean) => {
      clearTimeout(timer);
      if (pid !== undefined) {
        killGroup(pid);
        running.delete(pid);
      }
      resolvePasses(passed);
    };
    vitest.on("error", () => end(false));
    vitest.on("exit", (code) => end(code === 0));
  });
}

/** Runs the test files `suite` against each of `left` in copies of the repository (src/ and test/ copied). */
async function runSuite(left: Mutant[], suite: string[], jobs: number): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      for (const pid of running) killGroup(pid);
      process.exit(130);
    });
  }
  const unnoticed: Mutant[] = [];
  await withCopies(jobs, ["src", "test"], async (copies) => {
    // Without a mutant the suite must pass, or every mutant would count as noticed.
    if (!(await suitePasses(copies[0] as string, suite))) throw new Error(`the suite fails without a mutant: vitest run ${suite.join(" ")}`);
    await eachMutant(copies, left, async (copy, m) => {
      if (await suitePasses(copy, suite)) unnoticed.push(m);
    });
  });
  console.log(`--suite ${suite.join(" ")}: notices ${left.length - unnoticed.length} of the ${left.length} mutants no group notices`);
  for (const m of unnoticed.sort((a, b) => a.index - b.index)) console.log(`    ${m.file}:${m.line}  ${m.text}`);
}

function report(
  all: Mutant[],
  changedBy: Map<number, string[]>,
  groups: { name: string }[],
  inGroup: (name: string, key: string) => boolean,
  cover: string | undefined,
): void {
  const throws = all.filter((m) => changedBy.get(m.index)?.includes(THROWS));
  const noticedBy = (name: string) => all.filter((m) => !throws.includes(m) && changedBy.get(m.index)?.some((k) => inGroup(name, k)));
  const any = new Set(groups.flatMap((g) => noticedBy(g.name)));
  console.log(`${all.length} mutants; ingest throws on ${throws.length}`);
  for (const g of groups) console.log(`  ${g.name}: notices ${noticedBy(g.name).length} by their reading`);
  console.log(`  together: ${any.size}; nothing notices ${all.length - any.size - throws.length}`);
  const left = new Map<string, number>();
  for (const m of all) if (!any.has(m) && !throws.includes(m)) left.set(m.file, (left.get(m.file) ?? 0) + 1);
  for (const [file, n] of [...left].sort((a, b) => b[1] - a[1])) console.log(`    ${String(n).padStart(3)} in ${file}`);
  if (!cover) return;
  const others = new Set(groups.filter((g) => g.name !== cover).flatMap((g) => noticedBy(g.name)));
  const files = new Map<string, Set<Mutant>>();
  for (const m of noticedBy(cover)) {
    if (others.has(m)) continue;
    for (const k of changedBy.get(m.index) ?? []) if (inGroup(cover, k)) files.set(k, (files.get(k) ?? new Set()).add(m));
  }
  const wanted = new Set([...files.values()].flatMap((s) => [...s]));
  console.log(`--cover ${cover}: ${wanted.size} mutants that only ${cover} notices`);
  while (wanted.size > 0) {
    const gain = (k: string) => [...(files.get(k) ?? [])].filter((m) => wanted.has(m)).length;
    const best = [...files.keys()].sort((a, b) => gain(b) - gain(a) || statSync(join(ROOT, a)).size - statSync(join(ROOT, b)).size)[0] as string;
    console.log(`  ${String(gain(best)).padStart(3)} ${best}`);
    for (const m of files.get(best) ?? []) wanted.delete(m);
  }
}

await main();
