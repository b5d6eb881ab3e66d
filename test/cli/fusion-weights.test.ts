import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorLines, htmlPage, json, runCli, tempTree, questionsJsonl } from "../support/run-cli.js";

// The two sides disagree here. The hash embedder is a bag of every word, stopwords too, so a question framed in
// "what is … how is it done" is nearest the page made of those words; the keyword side drops them and finds the page
// that names the topic. So hybrid at vector weight 0 answers both questions, and at weight 1 neither at rank 1.
const FILES = {
  "set/pages/wal.html": htmlPage("Write-ahead log", "Checkpointing copies frames from the log into the database."),
  "set/pages/vacuum.html": htmlPage("Vacuum", "Vacuuming rebuilds the database file."),
  "set/pages/notes.html": htmlPage("Notes", "What is it? How is it done, and why is it done? It is what it is, and that is how it is done."),
  "set/questions.jsonl": questionsJsonl([
    { id: "q1", question: "What is checkpointing and how is it done?", relevant: ["wal.html"] },
    { id: "q2", question: "What is vacuuming and how is it done?", relevant: ["vacuum.html"] },
  ]),
  "weight-1.json": JSON.stringify({ search: { vectorWeight: 1 } }),
};

describe("cli: hybrid's fusion weight (--vector-weight)", () => {
  const tree = tempTree(FILES);
  const db = `file:${tree.path("rag.db")}`;
  const common = ["--db", db, "--embedder", "hash:64", "-k", "2", "--no-progress"];
  afterAll(() => tree.remove());

  it("eval --vector-weight 0,1 evaluates hybrid at each weight, paired against the first", async () => {
    const result = await runCli(["eval", tree.path("set"), ...common, "--vector-weight", "0,1"]);
    expect(result.code, result.stderr).toBe(0);
    const tables = result.stdout.slice(result.stdout.indexOf("Hybrid at each fusion weight (vector : keyword):"));
    expect(tables).toMatch(/^0 : 1\s+1\.000 \[1\.00, 1\.00\]/m);
    expect(tables).toMatch(/^1 : 0\s+0\.000 \[0\.00, 0\.00\]/m);
    expect(tables).toContain("Paired differences, each weight minus 0 : 1");
    expect(tables).toMatch(/^1 : 0 - 0 : 1\s+recall@1\s+-1\.000\s+\[-1\.000, -1\.000\]\s+\*\s+0\s+2\s+0$/m);
    // Every mode is evaluated at the first weight: the mode table's hybrid row is the first weight's.
    expect(result.stdout).toMatch(/^hybrid\s+1\.000 \[1\.00, 1\.00\]/m);
    expect(result.stdout).toMatch(/^keyword\s+1\.000/m);
  });

  it("--json gives each weight's scores and difference, and a saved run records the weight it was made with", async () => {
    const saved = tree.path("one-weight.json");
    const result = await runCli(["eval", tree.path("set"), ...common, "--vector-weight", "0.75,0,1", "--modes", "hybrid", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    expect(out.search).toEqual({ hybrid: { fusion: "convex", vectorWeight: 0.75, keywordWeight: 0.25 } });
    expect(out.fusionWeights.map((w: { vectorWeight: number; keywordWeight: number }) => [w.vectorWeight, w.keywordWeight])).toEqual([
      [0.75, 0.25],
      [0, 1],
      [1, 0],
    ]);
    expect(out.fusionWeights[0].difference).toBeUndefined();
    expect(out.fusionWeights[1]).toMatchObject({ recallAt1: 1, difference: { questions: 2 } });
    expect(out.fusionWeights[2]).toMatchObject({ recallAt1: 0, mrrAtK: 0.5 });
    expect(out.fusionWeights[1].perQuestion).toBeUndefined();

    const one = await runCli(["eval", tree.path("set"), ...common, "--vector-weight", "1", "--modes", "hybrid", "--save", saved]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain("Hybrid's fusion weights, vector : keyword = 1 : 0 (--vector-weight)");
    expect(one.stdout).toMatch(/^hybrid\s+0\.000 \[0\.00, 0\.00\]/m);
    expect(one.stdout).not.toContain("Hybrid at each fusion weight");
    const compared = await runCli(["eval", tree.path("set"), ...common, "--modes", "hybrid", "--compare", saved, "--json"]);
    expect(compared.code, compared.stderr).toBe(0);
    // The default weight (0.25) answers both questions here; the saved run at 1 answered neither at rank 1.
    expect(json(compared).comparison.modes[0].metrics.recallAt1).toMatchObject({ mean: 1, wins: 2 });
    expect(json(compared).search).toBeUndefined();
  });

  it("refuses weights out of range, repeated or not numbers, and a weight with no hybrid mode to set", async () => {
    for (const [value, message] of [
      ["1.5", /Expected a number from 0 to 1/],
      ["-0.1", /Expected a number from 0 to 1/],
      ["a", /Expected a number from 0 to 1.*"a"/],
      ["0.5,", /Expected a number from 0 to 1.*""/],
      ["0.5,0.5", /Expected distinct weights/],
      ["0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.95,1", /at most 11 weights, got 12/],
    ] as const) {
      const result = await runCli(["eval", tree.path("set"), ...common, "--vector-weight", value]);
      expect(result.code, value).toBe(2);
      expect(result.stderr, value).toMatch(message);
    }
    const keyword = await runCli(["eval", tree.path("set"), ...common, "--modes", "keyword", "--vector-weight", "0.5"]);
    expect(keyword.code).toBe(2);
    expect(errorLines(keyword)).toEqual(["libsql-rag: --vector-weight sets hybrid's fusion, and --modes keyword has no hybrid: add it to --modes."]);
  });

  describe("search", () => {
    const question = "What is checkpointing and how is it done?";
    const args = ["search", question, "--db", db, "--collection", "eval-set", "-k", "1", "--json"];
    const first = async (...more: string[]) => {
      const result = await runCli([...args, ...more]);
      expect(result.code, result.stderr).toBe(0);
      return json(result).hits[0].metadata.source as string;
    };
    beforeAll(async () => {
      const ingested = await runCli(["eval", tree.path("set"), ...common, "--modes", "keyword"]);
      expect(ingested.code, ingested.stderr).toBe(0);
    });

    it("--vector-weight moves hybrid's ranking, and so does a config's vectorWeight", async () => {
      expect(await first("--vector-weight", "0")).toBe("pages/wal.html");
      expect(await first("--vector-weight", "1")).toBe("pages/notes.html");
      expect(await first()).toBe("pages/wal.html");
      expect(await first("--config", tree.path("weight-1.json"))).toBe("pages/notes.html");
      // The flag wins over the config.
      expect(await first("--config", tree.path("weight-1.json"), "--vector-weight", "0")).toBe("pages/wal.html");
    });

    it("refuses the flag in another mode, where a config's weight is left unused", async () => {
      const result = await runCli([...args, "--mode", "keyword", "--vector-weight", "0.5"]);
      expect(result.code).toBe(2);
      expect(errorLines(result)).toEqual(["libsql-rag: --vector-weight sets hybrid's fusion, and --mode is keyword: leave it out, or use --mode hybrid."]);
      expect(await first("--mode", "keyword", "--config", tree.path("weight-1.json"))).toBe("pages/wal.html");
    });
  });
});
