import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { expect, it } from "vitest";
import { type HranaServer, startHranaServer } from "../support/hrana-server.js";
import { REPO } from "../support/run-cli.js";

// libsql-rag/web in a real Workers runtime: workerd (from npm, through Miniflare) runs a bundled worker that
// talks to the Hrana test server on 127.0.0.1.
it("runs in workerd: create, upsert, vector, filtered, keyword and hybrid search, delete, typed errors", async () => {
  const bundle = await build({
    entryPoints: [join(REPO, "test/support/web-worker.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    conditions: ["workerd", "worker", "browser"],
    write: false,
    logLevel: "silent",
  });
  let server: HranaServer | undefined;
  let embeddings: Server | undefined;
  let mf: Miniflare | undefined;
  try {
    server = await startHranaServer();
    // An OpenAI-shaped embeddings endpoint on 127.0.0.1 (msw cannot reach into workerd): texts about search
    // point along the third axis, others along the first.
    const requests: unknown[] = [];
    embeddings = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const { input } = JSON.parse(body) as { input: string[] };
        requests.push({ url: req.url, auth: req.headers.authorization, input });
        const data = input.map((text, index) => ({ object: "embedding", index, embedding: /search/.test(text) ? [0, 0, 1] : [1, 0, 0] }));
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ object: "list", data, model: "test-embedder", usage: { prompt_tokens: 1, total_tokens: 1 } }));
      });
    });
    await new Promise<void>((resolve) => embeddings!.listen(0, "127.0.0.1", resolve));
    const baseURL = `http://127.0.0.1:${(embeddings.address() as AddressInfo).port}/v1`;
    mf = new Miniflare({
      modules: true,
      script: bundle.outputFiles[0]!.text,
      compatibilityDate: "2024-09-23",
      bindings: { LIBSQL_URL: server.url, OPENAI_BASE_URL: baseURL },
    });
    const response = await mf.dispatchFetch("http://localhost/");
    const body = await response.text();
    expect(response.status, body).toBe(200);
    expect(JSON.parse(body)).toEqual({
      vector: ["vacuum", "wal"],
      filtered: ["wal", "fts"],
      keyword: ["vacuum"],
      hybrid: ["fts"],
      embedded: ["fts"],
      deleted: 1,
      count: 2,
      typedError: "DIMENSION_MISMATCH",
    });
    expect(requests).toEqual([{ url: "/v1/embeddings", auth: "Bearer sk-test", input: ["which module ranks text search?"] }]);
  } finally {
    await mf?.dispose();
    embeddings?.close();
    await server?.close();
  }
}, 60_000);
