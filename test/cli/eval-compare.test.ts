import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { errorLines, htmlPage, json, runCli, tempTree } from "../support/run-cli.js";

const PAGES = {
  "pages/wal.html": htmlPage("Write-Ahead Logging", "Checkpoints copy frames from the journal back into the main database; readers never block writers."),
  "pages/vacuum.html": htmlPage("Vacuum", "The vacuum command rebuilds and defragments the file, reclaiming unused free pages."),
  "pages/fts.html": htmlPage("Full-text search", "Tokenizers split text into terms; the match operator queries the inverted index."),
};

/** Nine questions, three per page, each sharing words with its page only; every third one is in split "test". */
const QUESTIONS: [string, string][] = [
  ["How do checkpoints copy frames back?", "wal.html"],
  ["Do readers block writers in the journal?", "wal.html"],
  ["frames main database journal", "wal.html"],
  ["How do I defragment and reclaim free pages?", "vacuum.html"],
  ["vacuum command rebuilds the file", "vacuum.html"],
  ["unused free pages reclaiming", "vacuum.html"],
  ["Which tokenizers split terms?", "fts.html"],
  ["match operator inverted index", "fts.html"],
  ["split text into terms", "fts.html"],
];

/** A dataset folder of the three pages and the questions, with the first `wrong` questions labelled with a page that does not exist. */
function dataset(name: string, wrong: number): Record<string, string> {
  const lines = QUESTIONS.map(([question, page], i) =>
    JSON.stringify({ id: `q${i + 1}`, question, relevant: [i < wrong ? "missing.html" : page], split: i % 3 === 0 ? "test" : "dev" }),
  );
  return { ...Object.fromEntries(Object.entries(PAGES).map(([path, html]) => [`${name}/${path}`, html])), [`${name}/questions.jsonl`]: lines.join("\n") };
}

describe("cli: eval --save, --compare and --split", () => {
  // "good" is labelled right, "broken" has six of its nine labels wrong, "one-off" one of them.
  const tree = tempTree({ ...dataset("good", 0), ...dataset("broken", 6), ...dataset("one-off", 1) });
  const db = `file:${tree.path("rag.db")}`;
  const base = tree.path("base.json");
  const common = ["--db", db, "--embedder", "hash:64", "-k", "2"];
  afterAll(() => tree.remove());

  it("prints intervals and mode differences, and --save writes each question's scores", async () => {
    const result = await runCli(["eval", tree.path("good"), ...common, "--modes", "keyword,hybrid", "--save", base]);
    expect(result.code, result.stderr).toBe(0);
    // Every question is answered at rank 1, so every interval has no width.
    expect(result.stdout).toMatch(/^keyword\s+1\.000 \[1\.00, 1\.00\]\s+1\.000 \[1\.00, 1\.00\]/m);
    expect(result.stdout).toMatch(/Best mode by nDCG@2: keyword\. Paired differences, keyword minus each other mode/);
    expect(result.stdout).toMatch(/^keyword - hybrid\s+recall@1\s+\+0\.000\s+\[\+0\.000, \+0\.000\]\s+0\s+0\s+9$/m);
    expect(result.stdout).toContain(`Saved the evaluation to ${base}`);
    const saved = JSON.parse(readFileSync(base, "utf8"));
    expect(saved).toMatchObject({ k: 2, questions: 9, embedder: "hash-64", bootstrap: { resamples: 2000, confidence: 0.95, seed: 1 } });
    expect(saved.modes[0].perQuestion[0]).toMatchObject({ id: "q1", split: "test", scores: { recallAt1: 1, mrrAtK: 1 } });
  });

  it("--compare prints this run minus the saved one, marking a clear change as significant", async () => {
    const result = await runCli(["eval", tree.path("broken"), ...common, "--modes", "keyword,hybrid", "--compare", base]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Compared with ${base}: this run minus the saved one, paired over 9 questions`);
    // Six questions lose their only relevant page: -6/9, and the interval stays below 0.
    const table = result.stdout.slice(result.stdout.indexOf("Compared with"));
    expect(table).toMatch(/^keyword\s+recall@1\s+-0\.667\s+\[-1\.000, -0\.\d{3}\]\s+\*\s+0\s+6\s+3$/m);
    expect(table).toMatch(/^\s+MRR@2\s+-0\.667\s+\[-1\.000, -0\.\d{3}\]\s+\*\s+0\s+6\s+3$/m);
    expect(table).toMatch(/^hybrid\s+recall@1\s+-0\.667\s+\[-1\.000, -0\.\d{3}\]\s+\*/m);
  });

  it("--compare --json: a one-question change is not significant, and modes of only one run are listed", async () => {
    const result = await runCli(["eval", tree.path("one-off"), ...common, "--modes", "keyword", "--compare", base, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    expect(out.modes[0].intervals.recallAt1.high).toBe(1);
    expect(out.differences).toBeUndefined();
    expect(out.comparison).toMatchObject({ file: base, k: 2, questions: 9, unmatchedModes: ["hybrid"] });
    expect(out.comparison.modes).toHaveLength(1);
    expect(out.comparison.modes[0].mode).toBe("keyword");
    expect(out.comparison.modes[0].metrics.recallAt1).toMatchObject({ wins: 0, losses: 1, ties: 8, high: 0, significant: false });
    expect(out.comparison.modes[0].metrics.recallAt1.mean).toBeCloseTo(-1 / 9, 12);
    expect(out.comparison.modes[0].metrics.recallAt1.low).toBeLessThan(0);
  });

  it("--split evaluates only that split's questions", async () => {
    const result = await runCli(["eval", tree.path("good"), ...common, "--modes", "keyword", "--split", "test", "--details", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    expect(out).toMatchObject({ split: "test", questions: 3 });
    expect(out.modes[0].perQuestion.map((q: { id: string }) => q.id)).toEqual(["q1", "q4", "q7"]);
  });

  it("--questions asks another file's questions over the same pages, and is refused when it is no file", async () => {
    const asked = tree.path("terse.jsonl");
    // The same ids and labels as "good", asked as search-box queries.
    const terse = [
      "checkpoints frames",
      "readers writers journal",
      "main database",
      "defragment",
      "vacuum rebuilds",
      "free pages",
      "tokenizers",
      "match operator",
      "text terms",
    ];
    writeFileSync(asked, terse.map((question, i) => JSON.stringify({ id: `q${i + 1}`, question, relevant: [QUESTIONS[i]![1]] })).join("\n"));
    const result = await runCli(["eval", tree.path("good"), ...common, "--modes", "keyword", "--questions", asked, "--compare", base, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    expect(out).toMatchObject({ questionsFile: asked, questions: 9 });
    expect(out.comparison.questions).toBe(9);
    const missing = await runCli(["eval", tree.path("good"), ...common, "--questions", tree.path("nothing.jsonl")]);
    expect(missing.code).toBe(2);
    expect(errorLines(missing)).toEqual([expect.stringMatching(/--questions ".*nothing\.jsonl" is not a file/)]);
  });

  it("refuses, before running, to compare other questions or another k (exit 2)", async () => {
    const split = await runCli(["eval", tree.path("good"), ...common, "--split", "test", "--compare", base]);
    expect(split.code).toBe(2);
    expect(errorLines(split)).toEqual([
      expect.stringMatching(/^libsql-rag: Cannot compare the saved run with this run: the questions differ \(only the saved run has "q2", "q3"/),
    ]);
    const k = await runCli(["eval", tree.path("good"), "--db", db, "-k", "3", "--compare", base]);
    expect(k.code).toBe(2);
    expect(errorLines(k)).toEqual([expect.stringMatching(/was run with -k 2, this run with -k 3: pass -k 2/)]);
  });
});
