// Worker: Orama 3 (in-process JavaScript search engine with vector search), set up as its documentation says:
// a schema with a `vector[d]` property, `insertMultiple`, and `search` in vector mode with a `where` filter.
// It holds everything in memory, so dbBytes is the growth of the process's heap and array buffers during the
// ingest (an estimate of its RAM, not a file size). Its similarity threshold is set to -1 so that no true
// neighbour is dropped (the default, 0.8, would cut results on real data).
import { create, insertMultiple, search, type AnyOrama } from "@orama/orama";
import { packageVersion, row, runWorker, type Adapter } from "./common.js";

const memory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

await runWorker(async (args) => {
  let db: AnyOrama | undefined;
  let before = 0;
  const adapter: Adapter = {
    library: "Orama",
    version: packageVersion("node_modules/@orama/orama"),
    preset: args.preset,
    notes: ["in memory: dbBytes is heap + array-buffer growth during the ingest (after a GC when --expose-gc is on)"],
    async setup(dim) {
      globalThis.gc?.();
      before = memory();
      db = create({ schema: { i: "number", s1: "boolean", s10: "boolean", s50: "boolean", embedding: `vector[${dim}]` } as const });
    },
    async insert(ds, start, end) {
      const docs = [];
      for (let i = start; i < end; i++) {
        docs.push({ i, s1: i % 100 === 0, s10: i % 10 === 0, s50: i % 2 === 0, embedding: Array.from(row(ds.vectors, ds.dim, i)) });
      }
      await insertMultiple(db!, docs as never);
    },
    async query(vector, k, flag) {
      const result = await search(db!, {
        mode: "vector",
        vector: { value: Array.from(vector), property: "embedding" },
        similarity: -1,
        limit: k,
        includeVectors: false,
        ...(flag ? { where: { [flag]: true } } : {}),
      } as never);
      return (result.hits as unknown as { document: { i: number } }[]).map((h) => h.document.i);
    },
    async bytes() {
      globalThis.gc?.();
      return memory() - before;
    },
    async close() {
      db = undefined;
    },
  };
  return adapter;
});
