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
  let mf: Miniflare | undefined;
  try {
    server = await startHranaServer();
    mf = new Miniflare({ modules: true, script: bundle.outputFiles[0]!.text, compatibilityDate: "2024-09-23", bindings: { LIBSQL_URL: server.url } });
    const response = await mf.dispatchFetch("http://localhost/");
    const body = await response.text();
    expect(response.status, body).toBe(200);
    expect(JSON.parse(body)).toEqual({
      vector: ["vacuum", "wal"],
      filtered: ["wal", "fts"],
      keyword: ["vacuum"],
      hybrid: ["fts"],
      deleted: 1,
      count: 2,
      typedError: "DIMENSION_MISMATCH",
    });
  } finally {
    await mf?.dispose();
    await server?.close();
  }
}, 60_000);
