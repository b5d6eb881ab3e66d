// Worker: libsql-rag's own store. Presets: default (defaultIndexOptions(), scan cache on as for any local
// file), index-only (the default index with the scan cache off: what a remote server's clients got before
// partitions), remote (the collection served by the project's Hrana test server, in its own process, over HTTP, as a remote client
// makes it: default index, partitions, no scan cache; rows add rowsReadPerQuery),
// libsql-degree (1-bit neighbours at libSQL's default degree), float8, exact (no vector index), or a JSON index
// option object (`--preset '{"compressNeighbors":"float8","maxNeighbors":32}'`).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { openStore, type Collection, type Store, type VectorIndexOptions } from "../../src/index.js";
import { startHranaProcess, type HranaProcess } from "../hrana-process.js";
import { fileBytes, metadataFor, packageVersion, row, runWorker, type Adapter } from "./common.js";

const PRESETS: Record<string, (dim: number) => VectorIndexOptions | false | undefined> = {
  default: () => undefined,
  "index-only": () => undefined,
  remote: () => undefined,
  // 1-bit neighbours at libSQL's own graph degree: the defaults before the sweep chose a smaller degree.
  "libsql-degree": () => ({ compressNeighbors: "float1bit" }),
  float8: () => ({ compressNeighbors: "float8" }),
  exact: () => false,
};

function indexFor(preset: string, dim: number): VectorIndexOptions | false | undefined {
  const make = PRESETS[preset];
  if (make) return make(dim);
  if (preset.startsWith("{")) return JSON.parse(preset) as VectorIndexOptions;
  throw new Error(`unknown preset ${preset}: use ${Object.keys(PRESETS).join(", ")} or a JSON index object`);
}

await runWorker(async (args) => {
  const version = `${packageVersion(".")} (@libsql/client ${packageVersion("node_modules/@libsql/client")}, libsql ${packageVersion("node_modules/libsql")})`;
  let store: Store | undefined;
  let col: Collection | undefined;
  const notes: string[] = [];
  let firstQuery = true;
  let server: HranaProcess | undefined;
  let rowsRead: number | undefined;
  const adapter: Adapter = {
    library: "libsql-rag",
    version,
    preset: args.preset,
    notes,
    async setup(dim) {
      const index = indexFor(args.preset, dim);
      const remote = args.preset === "remote";
      const scanCache = args.preset !== "index-only" && !remote;
      notes.push(
        `index ${index === undefined ? "defaultIndexOptions() (cosine)" : JSON.stringify(index)}; query strategy "auto"; scan cache ${scanCache ? "on" : "off"}${remote ? "; Hrana test server over HTTP, partitions (ivf) as a remote client gets them by default" : ""}`,
      );
      if (remote) server = await startHranaProcess(args.db);
      store = await openStore(remote ? { url: server!.url } : { url: `file:${args.db}`, scanCache });
      // index-only keeps the DiskANN-only path it has always measured.
      col = await store.collection("bench", { dimensions: dim, ...(index === undefined ? {} : { index }), ...(remote ? {} : { ivf: false }) });
    },
    async open() {
      store = await openStore({ url: `file:${args.db}`, scanCache: args.preset !== "index-only" });
      col = await store.collection("bench");
    },
    async insert(ds, start, end) {
      const records = [];
      for (let i = start; i < end; i++) records.push({ id: String(i), content: `row ${i}`, metadata: metadataFor(i), vector: row(ds.vectors, ds.dim, i) });
      await col!.upsert(records);
    },
    async query(vector, k, flag) {
      const started = performance.now();
      const res = await col!.query({ vector, topK: k, ...(flag ? { filter: { [flag]: true } } : {}) });
      rowsRead = args.preset === "remote" ? res.explain.rowsRead : undefined;
      if (firstQuery) {
        firstQuery = false;
        notes.push(
          `first query ${(performance.now() - started).toFixed(0)} ms (${res.explain.vectorPath}${res.explain.vectorPath === "scan" ? ", includes loading the scan cache" : ""})`,
        );
      }
      return res.map((r) => Number(r.id));
    },
    lastRowsRead: () => rowsRead,
    sidecarBytes() {
      // Written when the scan cache's full load ends, which the queries after the first wait for.
      const folder = `${args.db}-scan`;
      return existsSync(folder) ? readdirSync(folder).reduce((sum, f) => sum + statSync(join(folder, f)).size, 0) : 0;
    },
    async bytes() {
      await store!.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      return fileBytes(args.db);
    },
    async close() {
      await store?.close();
      await server?.close();
    },
  };
  return adapter;
});
