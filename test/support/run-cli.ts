import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { embedQuestion } from "../../src/embed/question.js";
import { createRag } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { TEST_DIST } from "./build-cli.js";

/** The repository root. */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The command that starts the CLI, relative to REPO: the suite's compiled copy (see test/support/build-cli.ts),
 * as the published package runs it from `dist/`.
 */
export const CLI = [join(REPO, TEST_DIST, "cli", "main.js")];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time until the process exited, in milliseconds. */
  ms: number;
}

export interface RunOptions {
  /** Variables to set (or, with `undefined`, remove) on top of a copy of this process's environment. */
  env?: Record<string, string | undefined>;
  /** @default 45000 */
  timeoutMs?: number;
  /** Close this end of the child's pipe at once, as `| head -0` would: its writes there then fail with EPIPE. */
  close?: "stdout" | "stderr";
  /** The child's working folder. @default REPO */
  cwd?: string;
  /** Run the child as this user (and group): root may, to see what permissions do to someone else. */
  user?: { uid: number; gid: number };
}

/**
 * Runs the CLI as a child process and collects its output. LIBSQL_URL, LIBSQL_AUTH_TOKEN, the TURSO_ pair and
 * OPENAI_API_KEY are removed from the environment unless given, so a developer's settings never leak into a test.
 */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    LIBSQL_URL: undefined,
    LIBSQL_AUTH_TOKEN: undefined,
    TURSO_DATABASE_URL: undefined,
    TURSO_AUTH_TOKEN: undefined,
    OPENAI_API_KEY: undefined,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      cwd: options.cwd ?? REPO,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.user ?? {}),
    });
    let stdout = "";
    let stderr = "";
    if (options.close) child[options.close].destroy();
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`libsql-rag ${args.join(" ")} did not exit within ${options.timeoutMs ?? 45_000} ms.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 45_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Parses stdout as JSON, with the output in the error when it is not. */
export function json<T = any>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}).\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}

/** The lines a failed command wrote on stderr. */
export function errorLines(result: CliResult): string[] {
  return result.stderr.split("\n").filter((line) => line.trim() !== "");
}

/** A small HTML page: its title, as the page's heading too, and one paragraph. */
export const htmlPage = (title: string, body: string) =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;

/** A dataset's `questions.jsonl`: one question a line. */
export const questionsJsonl = (questions: readonly Record<string, unknown>[]) => questions.map((q) => JSON.stringify(q)).join("\n");

/** A temporary folder with the given files (paths relative to it), removed by the returned `remove`. */
export function tempTree(files: Record<string, string>): { dir: string; path(...parts: string[]): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "libsql-rag-cli-"));
  for (const [name, content] of Object.entries(files)) {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { dir, path: (...parts) => join(dir, ...parts), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Three small documents: two Markdown files with headings and one plain text file. */
export const DOCS: Record<string, string> = {
  "docs/wal.md":
    "# Write-Ahead Logging\n\nWAL mode lets readers continue while a writer commits.\n\n## Checkpoints\n\nA checkpoint moves pages from the WAL file back into the database file.\n",
  "docs/fts.md": "# Full-text search\n\nFTS5 is a virtual table module for full-text search. Use MATCH to query it.\n",
  "docs/vacuum.txt": "VACUUM rebuilds the database file, repacking it into a minimal amount of disk space.\n",
};

/**
 * A vector-mode search as `rag.search` runs it over a database the CLI built with `hash:DIMS`: its hits' ids and
 * scores, and the scores the question's vector alone (without its content words) gives, which must differ for a
 * comparison with another entry point to tell the two apart.
 */
export async function ragVectorSearch(url: string, dimensions: number, question: string, topK: number, collection?: string) {
  const rag = await createRag({ url, embedder: hashEmbedder({ dimensions }), ...(collection ? { collection } : {}) });
  try {
    const hits = await rag.search(question, { mode: "vector", topK });
    const alone = await rag.collection.query({ vector: await embedQuestion(rag.embedder, question), topK, documents: true });
    return { hits: hits.map((h) => [h.id, h.score]), aloneScores: alone.map((h) => h.score) };
  } finally {
    await rag.close();
  }
}
