// Worker: LanceDB (embedded, what TypeScript RAG users pick for local files), pinned at 0.31.0 (newer releases
// break `npm ci` on this machine). Rows are appended in the benchmark's batches of 1000, then the ANN index is
// built once (`finalize`, counted in the ingest time, as "searchable" means indexed). Presets:
//   default  IVF_HNSW_SQ, cosine, queried with ef 300 and refineFactor 10 (its best recall found by hand)
//   ivf-pq   IVF_PQ with LanceDB's defaults, queried with its defaults
// Filters use LanceDB's prefilter (the default: the filter runs before the vector search).
import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Int32, Bool, Schema } from "apache-arrow";
import { folderBytes, packageVersion, row, runWorker, SELECTIVITIES, type Adapter } from "./common.js";

await runWorker(async (args) => {
  const dir = `${args.db}.lance`;
  let table: lancedb.Table | undefined;
  let indexed = false;
  const preset = args.preset === "default" ? "hnsw-sq" : args.preset;
  if (preset !== "hnsw-sq" && preset !== "ivf-pq") throw new Error(`lancedb presets: default (hnsw-sq), ivf-pq; got ${args.preset}`);
  const adapter: Adapter = {
    library: "LanceDB",
    version: `${packageVersion("node_modules/@lancedb/lancedb")} (apache-arrow ${packageVersion("node_modules/apache-arrow")})`,
    preset: args.preset,
    notes: [preset === "hnsw-sq" ? "IVF_HNSW_SQ cosine index, ef 300, refineFactor 10, prefilter" : "IVF_PQ cosine index with defaults, prefilter"],
    async setup(dim) {
      const db = await lancedb.connect(dir);
      const schema = new Schema([
        new Field("i", new Int32(), false),
        new Field("vector", new FixedSizeList(dim, new Field("item", new Float32(), true)), false),
        ...SELECTIVITIES.map((s) => new Field(s.field, new Bool(), false)),
      ]);
      table = await db.createEmptyTable("bench", schema, { mode: "overwrite" });
    },
    async open() {
      const db = await lancedb.connect(dir);
      table = await db.openTable("bench");
      indexed = (await table.listIndices()).length > 0;
    },
    async insert(ds, start, end) {
      const rows: Record<string, unknown>[] = [];
      for (let i = start; i < end; i++) {
        rows.push({ i, vector: Array.from(row(ds.vectors, ds.dim, i)), s1: i % 100 === 0, s10: i % 10 === 0, s50: i % 2 === 0 });
      }
      await table!.add(rows);
    },
    async finalize() {
      const rows = await table!.countRows();
      // IVF needs rows to train its partitions; below a few thousand LanceDB refuses, and a flat scan is exact.
      if (rows < 5000) {
        adapter.notes!.push(`no index below 5,000 rows (${rows}): flat scan`);
        return;
      }
      const config = preset === "hnsw-sq" ? lancedb.Index.hnswSq({ distanceType: "cosine" }) : lancedb.Index.ivfPq({ distanceType: "cosine" });
      await table!.createIndex("vector", { config });
      indexed = true;
    },
    async query(vector, k, flag) {
      let q = table!.vectorSearch(Array.from(vector)).distanceType("cosine").limit(k).select(["i"]);
      if (indexed && preset === "hnsw-sq") q = q.ef(300).refineFactor(10);
      if (flag) q = q.where(`${flag} = true`);
      const hits = (await q.toArray()) as { i: number }[];
      return hits.map((h) => h.i);
    },
    async bytes() {
      return folderBytes(dir);
    },
    async close() {
      table?.close();
    },
  };
  return adapter;
});
