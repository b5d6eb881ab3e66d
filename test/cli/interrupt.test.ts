import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, REPO, json, runCli, tempTree } from "../support/run-cli.js";

/**
 * The pipeline embeds in rounds of 256 chunks. The first 256 files are one short chunk each (a quick first
 * round); the last 64 are one full-size chunk each, the round that is still being embedded on the workers
 * when the first round's documents are written.
 */
const SHORT = 256;
const LONG = 64;
const FILES = SHORT + LONG;

function notes(): Record<string, string> {
  const words = ["checkpoint", "journal", "replica", "vector", "index", "cursor", "page", "schema", "trigger", "query"];
  const word = (n: number) => words[n % words.length]!;
  const files: Record<string, string> = {};
  for (let n = 0; n < SHORT; n++) files[`notes/a-${String(n).padStart(3, "0")}.md`] = `The ${word(n)} of note ${n} moved.\n`;
  for (let n = 0; n < LONG; n++) {
    const sentences = Array.from({ length: 8 }, (_, k) => `The ${word(n + k)} of part ${n} keeps the ${word(n * 3 + k)} near the ${word(n * 7 + k)}.`);
    files[`notes/b-${String(n).padStart(3, "0")}.md`] = `${sentences.join(" ")}\n`;
  }
  return files;
}

/** Documents written so far, or `undefined` while the collection does not exist yet (or the file is busy). */
async function documentsWritten(url: string): Promise<number | undefined> {
  if (!existsSync(url.slice("file:".length))) return undefined;
  const client = createClient({ url });
  try {
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_docs' ESCAPE '\\'");
    const name = tables.rows[0]?.name;
    if (typeof name !== "string") return undefined;
    const rs = await client.execute(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`);
    return Number(rs.rows[0]!.n);
  } catch {
    return undefined;
  } finally {
    client.close();
  }
}

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Documents in the store when SIGINT was sent; -1 when the run ended before. */
  atInterrupt: number;
}

/**
 * Runs `libsql-rag ingest` with the offline embedder (worker threads on onnxruntime), and sends SIGINT as
 * soon as the first documents are in the store: the last round is then being embedded on the workers.
 * With `secondAfterMs`, a second SIGINT follows (if the process still runs), as a user pressing Ctrl-C twice.
 */
function ingestThenInterrupt(args: string[], url: string, options: { secondAfterMs?: number } = {}): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.LIBSQL_URL;
    delete env.LIBSQL_AUTH_TOKEN;
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let atInterrupt = -1;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const poll = setInterval(() => {
      void documentsWritten(url).then((n) => {
        if (!n || atInterrupt >= 0 || child.exitCode !== null) return;
        atInterrupt = n;
        clearInterval(poll);
        child.kill("SIGINT");
        if (options.secondAfterMs !== undefined) {
          setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill("SIGINT"), options.secondAfterMs);
        }
      });
    }, 25);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`ingest did not exit within 40 s.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 40_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, atInterrupt });
    });
  });
}

describe("cli: Ctrl-C during ingest", () => {
  const tree = tempTree(notes());
  afterAll(() => tree.remove());

  it("stops cleanly with the offline embedder's workers busy: exit 130, one line, and a re-run finishes", async () => {
    const url = `file:${tree.path("rag.db")}`;
    const args = ["ingest", tree.path("notes"), "--root", tree.dir, "--db", url, "--collection", "notes"];
    const run = await ingestThenInterrupt(args, url);
    const context = `stdout: ${run.stdout}\nstderr: ${run.stderr}`;
    // SIGINT was sent mid-run: some documents were written, not all.
    expect(run.atInterrupt, context).toBeGreaterThan(0);
    expect(run.atInterrupt, context).toBeLessThan(FILES);
    expect(run.signal, context).toBeNull();
    expect(run.code, context).toBe(130);
    expect(run.stderr).not.toMatch(/terminate called|Napi::Error|Aborted|core dumped/);
    const line = /Interrupted: (\d+) documents? written; run the same command again to finish/.exec(run.stderr);
    expect(line, context).not.toBeNull();
    const written = Number(line![1]);
    expect(written).toBeGreaterThanOrEqual(run.atInterrupt);
    expect(written).toBeLessThan(FILES);
    // The line counts what the store holds: every document it names is complete.
    expect(await documentsWritten(url)).toBe(written);

    const again = await runCli([...args, "--json"], { timeoutMs: 50_000 });
    expect(again.code, again.stderr).toBe(0);
    const report = json(again);
    expect(report.documents).toEqual({ added: FILES - written, updated: 0, unchanged: written, removed: 0, failed: 0 });
    expect(await documentsWritten(url)).toBe(FILES);
  });

  it("quits at once on a second Ctrl-C, with status 130 (by the signal) and no native crash", async () => {
    const url = `file:${tree.path("twice.db")}`;
    const args = ["ingest", tree.path("notes"), "--root", tree.dir, "--db", url, "--collection", "notes"];
    const run = await ingestThenInterrupt(args, url, { secondAfterMs: 20 });
    const context = `stdout: ${run.stdout}\nstderr: ${run.stderr}`;
    expect(run.atInterrupt, context).toBeGreaterThan(0);
    // Killed by SIGINT itself (a shell shows 130), or the first interrupt had already ended the run with 130.
    expect(run.signal === "SIGINT" || run.code === 130, context).toBe(true);
    expect(run.stderr).not.toMatch(/terminate called|Napi::Error|Aborted|core dumped/);
    // It stopped before the end.
    expect(await documentsWritten(url)).toBeLessThan(FILES);
  });
});
