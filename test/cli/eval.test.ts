import { afterAll, describe, expect, it } from "vitest";
import { errorLines, htmlPage, json, runCli, tempTree, questionsJsonl } from "../support/run-cli.js";

/** A tiny evaluation dataset: three pages with distinctive words, and three questions. */
const DATASET = {
  "tiny/pages/wal.html": htmlPage("Write-Ahead Logging", "Checkpoints copy frames from the journal back into the main database; readers never block writers."),
  "tiny/pages/vacuum.html": htmlPage("Vacuum", "The vacuum command rebuilds and defragments the file, reclaiming unused free pages."),
  "tiny/pages/fts.html": htmlPage("Full-text search", "Tokenizers split text into terms; the match operator queries the inverted index."),
  "tiny/questions.jsonl": questionsJsonl([
    { id: "q1", question: "How do checkpoints copy frames back?", relevant: ["wal.html"], kind: "keyword" },
    { id: "q2", question: "How do I defragment and reclaim free pages?", relevant: ["vacuum.html"], kind: "keyword" },
    { id: "q3", question: "Which tokenizers split terms for the inverted index?", relevant: ["fts.html", "wal.html"], kind: "paraphrase" },
  ]),
};

const METRICS = ["recallAt1", "recallAt5", "recallAtK", "mrrAtK", "ndcgAtK"] as const;

describe("cli: eval", () => {
  const tree = tempTree({
    ...DATASET,
    "bad/pages/a.md": "# A\n\nText.\n",
    "bad/questions.jsonl": '{"id":"q1","question":"x","relevant":["a.md"]}\n{"id":"q2","question":"y"}\n',
    // Two pages of one file name in two folders; the question's page is the second.
    "tree/pages/howto/logging.html": htmlPage("Logging how-to", "Checkpoints copy frames from the journal back into the main database."),
    "tree/pages/library/logging.html": htmlPage("Logging reference", "The vacuum command rebuilds the file; checkpoints are described elsewhere."),
    "tree/questions.jsonl": JSON.stringify({ id: "q1", question: "How do checkpoints copy frames back?", relevant: ["library/logging.html"] }),
  });
  const db = `file:${tree.path("rag.db")}`;
  afterAll(() => tree.remove());

  it("ingests the pages and prints page-level metrics in [0, 1] for each mode as JSON", async () => {
    const result = await runCli(["eval", tree.path("tiny"), "--db", db, "--embedder", "hash:64", "-k", "2", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    expect(out).toMatchObject({ collection: "eval-tiny", embedder: "hash-64", k: 2, questions: 3 });
    expect(out.fetchK).toBeGreaterThanOrEqual(50);
    expect(out.ingest.documents).toMatchObject({ added: 3, failed: 0 });
    expect(out.modes.map((m: { mode: string }) => m.mode)).toEqual(["vector", "keyword", "hybrid"]);
    for (const mode of out.modes) {
      for (const metric of METRICS) {
        expect(mode[metric], `${mode.mode} ${metric}`).toBeGreaterThanOrEqual(0);
        expect(mode[metric], `${mode.mode} ${metric}`).toBeLessThanOrEqual(1);
        expect(mode.intervals[metric].low, `${mode.mode} ${metric}`).toBeLessThanOrEqual(mode[metric]);
        expect(mode.intervals[metric].high, `${mode.mode} ${metric}`).toBeGreaterThanOrEqual(mode[metric]);
      }
      expect(mode.latencyMs.p50).toBeGreaterThan(0);
      expect(Object.keys(mode.byKind)).toEqual(["keyword", "paraphrase"]);
      expect(mode.perQuestion).toBeUndefined();
    }
    // Every question shares distinctive words with its main page, so BM25 ranks that page first.
    const keyword = out.modes.find((m: { mode: string }) => m.mode === "keyword");
    expect(keyword.mrrAtK).toBe(1);
    // q3 has two relevant pages and only one of them shares its words: recall@1 = (1 + 1 + 1/2) / 3.
    expect(keyword.recallAt1).toBeCloseTo(2.5 / 3, 10);
    // The best mode is compared with each other mode, question by question.
    expect(out.differences.comparisons).toHaveLength(2);
    expect(out.differences.comparisons.every((c: { candidate: string }) => c.candidate === out.differences.best)).toBe(true);
  });

  it("is incremental on a second run, and --details adds each question's pages", async () => {
    const result = await runCli(["eval", tree.path("tiny"), "--db", db, "-k", "2", "--modes", "keyword", "--details", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    expect(out.embedder).toBe("hash-64");
    expect(out.ingest.documents).toMatchObject({ added: 0, unchanged: 3 });
    expect(out.modes).toHaveLength(1);
    expect(out.modes[0].perQuestion.map((q: { id: string; top: string[] }) => [q.id, q.top[0]])).toEqual([
      ["q1", "wal.html"],
      ["q2", "vacuum.html"],
      ["q3", "fts.html"],
    ]);
  });

  it("--match path tells pages of one file name in different folders apart", async () => {
    const args = ["eval", tree.path("tree"), "--db", db, "--embedder", "hash:64", "-k", "2", "--modes", "keyword", "--json"];
    const byPath = await runCli([...args, "--collection", "by-path", "--match", "path", "--details"]);
    expect(byPath.code, byPath.stderr).toBe(0);
    const out = json(byPath);
    expect(out.modes[0].perQuestion[0].top).toEqual(["howto/logging.html", "library/logging.html"]);
    expect(out.modes[0].mrrAtK).toBe(0.5);
    // By file name both pages are "logging.html", which no label of folder and name matches.
    const byName = json(await runCli([...args, "--collection", "by-name", "--details"]));
    expect(byName.modes[0].perQuestion[0].top).toEqual(["logging.html"]);
    expect(byName.modes[0].mrrAtK).toBe(0);
    const bad = await runCli([...args, "--match", "folder"]);
    expect(bad.code).toBe(2);
  });

  it("prints a table without --json", async () => {
    const result = await runCli(["eval", tree.path("tiny"), "--db", db, "-k", "2"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/mode\s+recall@1\s+recall@5\s+recall@2\s+MRR@2\s+nDCG@2\s+p50 ms/);
    // Each mean is followed by its 95% bootstrap interval over the three questions.
    expect(result.stdout).toMatch(
      /^keyword\s+0\.833 \[0\.\d\d, 1\.00\]\s+\d\.\d{3} \[\d\.\d\d, \d\.\d\d\]\s+0\.833 \[0\.\d\d, 1\.00\]\s+1\.000 \[1\.00, 1\.00\]\s/m,
    );
    // Per kind too, recall@5 (the cut-off most targets name) beside recall@k. q3, the one paraphrase, has two
    // relevant pages, and BM25 finds only the one that shares its words.
    expect(result.stdout).toMatch(/mode\s+kind\s+questions\s+recall@1\s+recall@5\s+recall@2\s+MRR@2/);
    expect(result.stdout).toMatch(/^keyword\s+paraphrase\s+1\s+0\.500\s+0\.500\s+0\.500\s+1\.000$/m);
  });

  it("a folder without pages/ and questions.jsonl is a usage error (exit 2)", async () => {
    const result = await runCli(["eval", tree.path("tiny/pages"), "--db", db]);
    expect(result.code).toBe(2);
    expect(errorLines(result)).toEqual([expect.stringMatching(/^libsql-rag: .* is not an evaluation dataset/)]);
  });

  it("a malformed questions.jsonl fails with the line number (exit 1)", async () => {
    const result = await runCli(["eval", tree.path("bad"), "--db", db, "--embedder", "hash:64"]);
    expect(result.code).toBe(1);
    expect(errorLines(result)).toEqual([expect.stringMatching(/^libsql-rag: .*questions\.jsonl:2: field relevant is invalid/)]);
  });
});
