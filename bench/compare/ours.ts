// Worker: libsql-rag's own store. Presets: default (DEFAULT_INDEX_OPTIONS), recommended (the sweep's pick, see
// docs/benchmarks.md), float8, exact (no vector index), or a JSON index option object
// (`--preset '{"compressNeighbors":"float8","maxNeighbors":32}'`).
import { openStore, type Collection, type Store, type VectorIndexOptions } from "../../src/index.js";
import { fileBytes, metadataFor, packageVersion, row, runWorker, type Adapter } from "./common.js";

/**
 * The sweep's recommendation: 1-bit neighbours and 60% of libSQL's default graph degree 3·(⌊√D⌋+1),
 * i.e. 36 neighbours at 384 dimensions, 50 at 768, 72 at 1536.
 */
function recommendedIndex(dim: number): VectorIndexOptions {
  return { compressNeighbors: "float1bit", maxNeighbors: Math.floor(1.8 * (Math.floor(Math.sqrt(dim)) + 1)) };
}

const PRESETS: Record<string, (dim: number) => VectorIndexOptions | false | undefined> = {
  default: () => undefined,
  recommended: recommendedIndex,
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
  const adapter: Adapter = {
    library: "libsql-rag",
    version,
    preset: args.preset,
    notes,
    async setup(dim) {
      const index = indexFor(args.preset, dim);
      notes.push(`index ${index === undefined ? "DEFAULT_INDEX_OPTIONS (cosine)" : JSON.stringify(index)}; query strategy "auto"`);
      store = await openStore({ url: `file:${args.db}` });
      col = await store.collection("bench", { dimensions: dim, ...(index === undefined ? {} : { index }) });
    },
    async insert(ds, start, end) {
      const records = [];
      for (let i = start; i < end; i++) records.push({ id: String(i), content: `row ${i}`, metadata: metadataFor(i), vector: row(ds.vectors, ds.dim, i) });
      await col!.upsert(records);
    },
    async query(vector, k, flag) {
      const res = await col!.query({ vector, topK: k, ...(flag ? { filter: { [flag]: true } } : {}) });
      return res.map((r) => Number(r.id));
    },
    async bytes() {
      await store!.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      return fileBytes(args.db);
    },
    async close() {
      await store?.close();
    },
  };
  return adapter;
});
