import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createRag } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { errorLines, htmlPage, json, runCli, tempTree } from "../support/run-cli.js";

/** Prose long enough for several chunks of any size below: twelve paragraphs of six sentences. */
const prose = Array.from({ length: 12 }, (_, p) => Array.from({ length: 6 }, (_, i) => `Paragraph ${p} sentence ${i} tells a little more.`).join(" ")).join(
  "\n\n",
);

/** The chunks a collection holds, read back through the library. */
async function storedChunks(db: string, collection: string): Promise<string[]> {
  const rag = await createRag({ url: db, collection, embedder: hashEmbedder({ dimensions: 16 }) });
  try {
    return (await rag.collection.list({ limit: 1000 })).map((chunk) => chunk.content);
  } finally {
    await rag.close();
  }
}

const longest = (chunks: string[]) => Math.max(...chunks.map((c) => c.length));

describe("cli: chunking flags and settings", () => {
  const tree = tempTree({
    "docs/guide.md": `# Guide\n\n${prose}\n`,
    "tiny/pages/guide.html": htmlPage("Guide", prose),
    "tiny/questions.jsonl": JSON.stringify({ id: "q1", question: "What does paragraph 3 tell?", relevant: ["guide.html"] }),
  });
  const db = `file:${tree.path("rag.db")}`;
  const ingest = (...flags: string[]) =>
    runCli(["ingest", tree.path("docs"), "--root", tree.dir, "--db", db, "--collection", "docs", "--embedder", "hash:16", "--json", ...flags]);
  afterAll(() => tree.remove());

  it("ingest --chunk-size and --chunk-overlap cut chunks so; a run without them chunks the documents again", async () => {
    const small = await ingest("--chunk-size", "200", "--chunk-overlap", "20");
    expect(small.code, small.stderr).toBe(0);
    const chunks = await storedChunks(db, "docs");
    // The size counts the "Guide" header too.
    expect(longest(chunks)).toBeLessThanOrEqual(200);
    expect(chunks.length).toBeGreaterThan(12);
    // The hash embedder states no input window: without the flags, the chunker's 1000 characters.
    const again = await ingest();
    expect(json(again).documents).toMatchObject({ updated: 1, unchanged: 0 });
    expect(longest(await storedChunks(db, "docs"))).toBeGreaterThan(200);
    expect(json(await ingest()).documents).toMatchObject({ updated: 0, unchanged: 1 });
    // Turning the header off is another chunking too.
    expect(json(await ingest("--no-context-header")).documents).toMatchObject({ updated: 1 });
  });

  it("refuses a size of 0, an overlap not under the size and an unknown unit, before opening the database", async () => {
    for (const flags of [
      ["--chunk-size", "0"],
      ["--chunk-size", "100", "--chunk-overlap", "100"],
      ["--chunk-unit", "words"],
    ]) {
      const result = await runCli(["ingest", tree.path("docs"), "--db", `file:${tree.path("never.db")}`, ...flags]);
      expect(result.code, flags.join(" ")).toBe(2);
      expect(errorLines(result)).toHaveLength(1);
      expect(result.stderr).toMatch(/chunk/);
    }
    expect((await runCli(["stats", "--db", `file:${tree.path("never.db")}`])).code).not.toBe(0);
  });

  it('reads "chunking" from the settings file for ingest, and a flag wins over it', async () => {
    writeFileSync(tree.path("libsql-rag.config.json"), JSON.stringify({ chunking: { size: 150, overlap: 10 } }));
    const run = (...flags: string[]) =>
      runCli(["ingest", "docs", "--db", db, "--collection", "configured", "--embedder", "hash:16", "--json", ...flags], { cwd: tree.dir });
    const configured = await run();
    expect(configured.code, configured.stderr).toBe(0);
    expect(longest(await storedChunks(db, "configured"))).toBeLessThanOrEqual(150);
    expect(json(await run("--chunk-size", "400")).documents).toMatchObject({ updated: 1 });
    expect(longest(await storedChunks(db, "configured"))).toBeGreaterThan(150);
    writeFileSync(tree.path("libsql-rag.config.json"), JSON.stringify({ chunking: { size: 150, overlapp: 10 } }));
    const misspelt = await run();
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain('did you mean "chunking.overlap"');
  });

  it("eval --chunk-size chunks the dataset's pages so, and records the chunking in its JSON", async () => {
    const run = (...flags: string[]) => runCli(["eval", tree.path("tiny"), "--db", db, "--embedder", "hash:16", "--modes", "keyword", "--json", ...flags]);
    const small = json(await run("--chunk-size", "180"));
    // The overlap the chunker gives a size: a fifth of it, at most 150.
    expect(small.chunking).toEqual({ size: 180, overlap: 36, unit: "characters", contextHeader: true });
    const fitted = json(await run());
    // The hash embedder states no input window: the chunker's own defaults.
    expect(fitted.chunking).toEqual({ size: 1000, overlap: 150, unit: "characters", contextHeader: true });
    expect(fitted.ingest.documents).toMatchObject({ updated: 1 });
    expect(small.ingest.chunks.written).toBeGreaterThan(fitted.ingest.chunks.written);
    const printed = await run("--chunk-size", "180", "--no-context-header");
    expect(printed.code, printed.stderr).toBe(0);
    const text = await runCli(["eval", tree.path("tiny"), "--db", db, "--embedder", "hash:16", "--modes", "keyword", "--chunk-unit", "tokens"]);
    expect(text.stdout).toContain("Chunks of at most 1000 tokens, overlap 150, context header on");
  });
});
