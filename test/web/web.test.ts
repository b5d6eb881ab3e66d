import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/web/index.js";
import { REPO } from "../support/run-cli.js";
import { type HranaServer, startHranaServer } from "../support/hrana-server.js";

// The entry is checked three ways: its browser bundle reaches no Node built-in (here), it works in Node through
// @libsql/client/web (here), and it runs in workerd, the Workers runtime (workerd.test.ts).
describe("libsql-rag/web: the bundle", () => {
  it("bundles for the browser with every dependency, reaching no Node built-in and no native libSQL", async () => {
    const result = await build({
      entryPoints: [join(REPO, "src/web/index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.entries(result.metafile.inputs);
    const nodeImports = inputs.flatMap(([file, info]) =>
      info.imports.filter((imp) => imp.path.startsWith("node:") || builtinModules.includes(imp.path)).map((imp) => `${file} -> ${imp.path}`),
    );
    expect(nodeImports).toEqual([]);
    // Node's globals are not there either: no Buffer or process in our own modules that the entry reaches.
    const ours = inputs.map(([file]) => file).filter((file) => file.startsWith("src/"));
    expect(ours.length).toBeGreaterThan(20);
    const globals = ours.filter((file) =>
      /(?<![\w.])(?:Buffer|process)\.[A-Za-z_$]/.test(readFileSync(join(REPO, file), "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "")),
    );
    expect(globals).toEqual([]);
    const files = inputs.map(([file]) => file);
    expect(files.some((file) => file.includes("@libsql/hrana-client"))).toBe(true);
    // Neither the native engine nor the client's Node entry (local files, embedded replicas) comes along.
    expect(
      files.filter((file) => /node_modules\/(libsql|@libsql\/(linux|darwin|win32)[^/]*)\//.test(file) || file.endsWith("@libsql/client/lib-esm/node.js")),
    ).toEqual([]);
  });

  it("opens remote servers only, and names the closest option for a typo", async () => {
    for (const url of ["file:rag.db", ":memory:", "rag.db"]) {
      await expect(openStore({ url }), url).rejects.toBeRagError("INVALID_ARGUMENT");
    }
    await expect(openStore({ url: "http://127.0.0.1:1", authtoken: "x" } as never)).rejects.toThrow(/authToken/);
  });
});

for (const protocol of ["http", "ws"] as const) {
  describe(`libsql-rag/web over ${protocol}`, () => {
    let server: HranaServer;
    let store: Store;
    beforeAll(async () => {
      server = await startHranaServer();
      store = await openStore({ url: protocol === "http" ? server.url : server.wsUrl });
    });
    afterAll(async () => {
      await store?.close();
      await server?.close();
    });

    it("creates a collection, upserts, and searches by vector, keyword and hybrid with filters, then deletes", async () => {
      const col = await store.collection("docs", { dimensions: 3 });
      await col.upsert([
        {
          id: "wal#0",
          documentId: "wal",
          content: "Write-ahead logging lets readers run while a writer commits.",
          metadata: { topic: "journal" },
          vector: [1, 0, 0],
        },
        { id: "vacuum#0", documentId: "vacuum", content: "VACUUM rebuilds the database file.", metadata: { topic: "maintenance" }, vector: [0, 1, 0] },
        { id: "fts#0", documentId: "fts", content: "FTS5 gives full-text search with BM25 ranking.", metadata: { topic: "search" }, vector: [0, 0, 1] },
      ]);
      expect(await col.count()).toBe(3);

      const vector = await col.query({ vector: [0.9, 0.1, 0], topK: 2, mode: "vector" });
      expect(vector.map((h) => h.id)).toEqual(["wal#0", "vacuum#0"]);
      const filtered = await col.query({ vector: [0.9, 0.1, 0], topK: 3, filter: { topic: { $ne: "journal" } } });
      expect(filtered.map((h) => h.id)).toEqual(["vacuum#0", "fts#0"]);
      const keyword = await col.query({ text: "database file", mode: "keyword", topK: 3 });
      expect(keyword[0]?.id).toBe("vacuum#0");
      const hybrid = await col.query({ text: "full-text search", vector: [0, 0.2, 1], mode: "hybrid", topK: 1, filter: { topic: "search" } });
      expect(hybrid.map((h) => h.id)).toEqual(["fts#0"]);

      expect(await col.delete({ ids: ["fts#0"] })).toBe(1);
      expect((await col.list()).map((r) => r.id)).toEqual(["vacuum#0", "wal#0"]);
      // A second store sees the same server, as another isolate would.
      const other = await openStore({ url: protocol === "http" ? server.url : server.wsUrl, readOnly: true });
      try {
        expect((await other.listCollections()).map((c) => c.name)).toEqual(["docs"]);
        expect(await (await other.collection("docs")).count()).toBe(2);
      } finally {
        await other.close();
      }
    });
  });
}
