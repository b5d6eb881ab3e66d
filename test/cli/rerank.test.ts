import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, DOCS, errorLines, htmlPage, json, REPO, runCli, tempTree } from "../support/run-cli.js";
import { startRerankServer, type RerankServer } from "../support/rerank-server.js";

describe("cli: --rerank-url", () => {
  const tree = tempTree({
    ...DOCS,
    "tiny/pages/wal.html": htmlPage("Write-Ahead Logging", "Checkpoints copy frames from the journal back into the main database."),
    "tiny/pages/vacuum.html": htmlPage("Vacuum", "The vacuum command rebuilds and defragments the file, reclaiming unused free pages."),
    "tiny/questions.jsonl": JSON.stringify({ id: "q1", question: "How do checkpoints copy frames back into the file?", relevant: ["wal.html"] }),
  });
  const db = `file:${tree.path("rag.db")}`;
  const base = ["--db", db, "--collection", "docs"];
  // Prefers whatever mentions vacuum, whatever was asked: the order it gives is not the search's.
  let server: RerankServer;

  beforeAll(async () => {
    server = await startRerankServer("vacuum");
    const ingest = await runCli(["ingest", tree.path("docs"), "--root", tree.dir, "--embedder", "hash:64", "--json", ...base]);
    expect(ingest.code, ingest.stderr).toBe(0);
  });
  afterAll(async () => {
    await server.close();
    tree.remove();
  });

  it("search re-scores --rerank-top-n candidates with the server, sending RERANK_API_KEY", async () => {
    const plain = json(await runCli(["search", "checkpoint pages WAL file", "-k", "1", "--json", ...base]));
    expect(plain.hits[0].documentId).not.toMatch(/vacuum/);

    const args = ["search", "checkpoint pages WAL file", "-k", "1", "--json", "--rerank-url", server.baseURL, "--rerank-model", "judge-1", ...base];
    const result = await runCli([...args, "--rerank-top-n", "3"], { env: { RERANK_API_KEY: "sk-test" } });
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    expect(out.reranker).toBe("http:judge-1");
    expect(out.hits).toHaveLength(1);
    expect(out.hits[0].documentId).toMatch(/vacuum/);
    expect(out.hits[0].score).toBe(1);
    const [request] = server.requests.slice(-1);
    expect(request).toMatchObject({ body: { model: "judge-1", query: "checkpoint pages WAL file" }, authorization: "Bearer sk-test" });
    expect(request!.body.documents).toHaveLength(3);

    // Each passage goes under its page's title and headings, unless --no-rerank-header.
    const bare = await runCli([...args, "--rerank-top-n", "3", "--no-rerank-header"]);
    expect(bare.code, bare.stderr).toBe(0);
    const passages = server.requests.at(-1)!.body.documents!;
    expect(passages).toHaveLength(3);
    request!.body.documents!.forEach((headed, i) => {
      expect(headed).not.toBe(passages[i]);
      expect(headed.endsWith(`\n\n${passages[i]}`), headed).toBe(true);
    });
    expect(request!.body.documents).toContain(`Write-Ahead Logging › Checkpoints\n\n${passages.find((p) => p.includes("A checkpoint moves"))}`);
  });

  it("search --rerank-llm has a chat model judge the candidates, through OPENAI_BASE_URL and OPENAI_API_KEY", async () => {
    const before = server.chats.length;
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-chat" };
    const result = await runCli(["search", "checkpoint pages WAL file", "-k", "1", "--json", "--rerank-llm", "judge-1", "--rerank-top-n", "3", ...base], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    const out = json(result);
    expect(out.reranker).toBe("openai-chat:judge-1");
    expect(out.hits[0]).toMatchObject({ documentId: expect.stringMatching(/vacuum/), score: 10 });
    expect(server.chats.length - before).toBe(1);
    expect(server.chats.at(-1)).toMatchObject({ body: { model: "judge-1" }, authorization: "Bearer sk-chat" });
  });

  it("eval re-scores every mode's fetched chunks and says so", async () => {
    const args = ["eval", tree.path("tiny"), "--db", db, "--embedder", "hash:64", "-k", "2", "--modes", "keyword", "--json"];
    const plain = json(await runCli(args));
    expect(plain.reranker).toBeUndefined();
    expect(plain.modes[0].mrrAtK).toBe(1);

    const before = server.requests.length;
    const reranked = await runCli([...args, "--rerank-url", server.baseURL, "--rerank-model", "judge-1"]);
    expect(reranked.code, reranked.stderr).toBe(0);
    const out = json(reranked);
    expect(out.reranker).toBe("http:judge-1");
    // The server put the vacuum page first, so the relevant page came second.
    expect(out.modes[0].mrrAtK).toBe(0.5);
    expect(server.requests.length).toBeGreaterThan(before);

    const text = await runCli([...args.filter((a) => a !== "--json"), "--rerank-url", server.baseURL, "--rerank-model", "judge-1"]);
    expect(text.stdout).toMatch(/chunks fetched per question, re-scored by http:judge-1, collapsed to pages/);
  });

  it("refuses half a reranker and a bad top-n with a usage error", async () => {
    const noModel = await runCli(["search", "wal", ...base, "--rerank-url", server.baseURL]);
    expect(noModel.code).toBe(2);
    expect(errorLines(noModel).join("\n")).toMatch(/--rerank-url needs --rerank-model/);
    const noUrl = await runCli(["eval", tree.path("tiny"), "--db", db, "--rerank-model", "judge-1"]);
    expect(noUrl.code).toBe(2);
    expect(errorLines(noUrl).join("\n")).toMatch(/--rerank-model needs --rerank-url/);
    const below = await runCli(["search", "wal", "-k", "3", ...base, "--rerank-url", server.baseURL, "--rerank-model", "m", "--rerank-top-n", "2"]);
    expect(below.code).toBe(2);
    expect(errorLines(below).join("\n")).toMatch(/--rerank-top-n 2 is below -k 3/);
    const zero = await runCli(["search", "wal", ...base, "--rerank-url", server.baseURL, "--rerank-model", "m", "--rerank-top-n", "0"]);
    expect(zero.code).toBe(2);
    // Flags that mean nothing without the server are refused, not ignored.
    for (const orphan of [["--rerank-top-n", "30"], ["--rerank-format", "tei"], ["--no-rerank-header"]]) {
      const alone = await runCli(["search", "wal", ...base, ...orphan]);
      expect(alone.code, orphan[0]).toBe(2);
      expect(errorLines(alone).join("\n")).toContain(`${orphan[0]} needs a reranker`);
    }
    // Checked before the database is opened: a bad flag is reported, not the missing collection behind it.
    const first = await runCli(["search", "wal", "--db", db, "--collection", "no-such", "--rerank-top-n", "30"]);
    expect(first.code).toBe(2);
    expect(errorLines(first).join("\n")).toContain("--rerank-top-n needs a reranker");
    const unnamed = await runCli(["search", "wal", ...base, "--rerank-llm", " "]);
    expect(unnamed.code).toBe(2);
    expect(errorLines(unnamed).join("\n")).toContain("--rerank-llm needs a model name");
    const keyless = await runCli(["search", "wal", ...base, "--rerank-llm", "gpt-4.1-mini"], { env: { OPENAI_BASE_URL: undefined } });
    expect(keyless.code).toBe(2);
    expect(errorLines(keyless).join("\n")).toContain("--rerank-llm: no API key for api.openai.com. Set OPENAI_API_KEY");
    const both = await runCli(["search", "wal", ...base, "--rerank-llm", "judge-1", "--rerank-url", server.baseURL, "--rerank-model", "m"]);
    expect(both.code).toBe(2);
    expect(errorLines(both).join("\n")).toContain("--rerank-llm names a reranker of its own");
  });

  it("search ends a reranker call that does not answer on Ctrl-C, with status 130", async () => {
    server.hang = true;
    try {
      const before = server.requests.length;
      const child = spawn(process.execPath, [...CLI, "search", "wal", ...base, "--rerank-url", server.baseURL, "--rerank-model", "m"], { cwd: REPO });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      while (server.requests.length === before) await new Promise((resolve) => setTimeout(resolve, 20));
      const sent = performance.now();
      child.kill("SIGINT");
      expect(await exited, stderr).toBe(130);
      // The reranker's request was given up, not waited out (the server never answers; its timeout is 60 s).
      expect(performance.now() - sent).toBeLessThan(10_000);
      while (server.abandoned === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      server.hang = false;
    }
  });
});
