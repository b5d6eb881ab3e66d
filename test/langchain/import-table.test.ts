import { LibSQLVectorStore } from "@langchain/community/vectorstores/libsql";
import { Document } from "@langchain/core/documents";
import { expect, it } from "vitest";
import type { Store } from "../../src/index.js";
import { LibSQLRagVectorStore, embeddingsFromEmbedder, importLangChainLibSQLTable } from "../../src/langchain/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const DIMS = 16;
const embeddings = () => embeddingsFromEmbedder(hashEmbedder({ dimensions: DIMS }));

const DOCS = [
  new Document({ pageContent: "write ahead logging lets readers and a writer run at once", metadata: { source: "wal.html", year: 2010 } }),
  new Document({ pageContent: "vacuum rebuilds the database file", metadata: { source: "vacuum.html", tags: ["maintenance"] } }),
  new Document({ pageContent: "fts5 full text search with bm25", metadata: { source: "fts5.html", nested: { a: 1 } } }),
  new Document({ pageContent: "json functions extract values", metadata: {} }),
  new Document({ pageContent: "the query planner uses indexes", metadata: { source: "optoverview.html" } }),
];

/** Creates the table and index the way @langchain/community's docs ask, then lets its LibSQLVectorStore fill it. */
async function communityTable(store: Store, extraColumns = ""): Promise<{ table: string; ids: string[]; lc: LibSQLVectorStore }> {
  const table = uniqueName("lc_vectors");
  await store.client.execute(`CREATE TABLE ${table} (content TEXT, metadata TEXT, embedding F32_BLOB(${DIMS})${extraColumns})`);
  await store.client.execute(`CREATE INDEX idx_${table}_embedding ON ${table} (libsql_vector_idx(embedding))`);
  const lc = new LibSQLVectorStore(embeddings(), { db: store.client, table, column: "embedding" });
  const ids = await lc.addDocuments(DOCS);
  return { table, ids, lc };
}

describeEachTarget(
  "importLangChainLibSQLTable",
  (target) => {
    it("copies a table that @langchain/community's LibSQLVectorStore created and filled", async () => {
      await withStore(target, async (store) => {
        const { table, ids, lc } = await communityTable(store);
        expect(ids).toHaveLength(DOCS.length);
        const name = uniqueName("migrated");
        const progress: number[] = [];
        const result = await importLangChainLibSQLTable({
          store,
          table,
          into: name,
          batchSize: 2,
          collectionOptions: { embedderId: "hash-16" },
          documentIdKey: "source",
          onProgress: (p) => progress.push(p.imported),
        });
        expect(result.imported).toBe(DOCS.length);
        expect(result.skipped).toEqual([]);
        expect(progress).toEqual([2, 4, 5]);
        const col = result.collection;
        expect(col.info).toMatchObject({ name, dimensions: DIMS, vectorType: "F32_BLOB", embedderId: "hash-16" });

        const records = await col.get({ ids: ids.map((id) => `lc:${id}`), includeVectors: true });
        expect(records.map((r) => r.content)).toEqual(DOCS.map((d) => d.pageContent));
        expect(records.map((r) => r.metadata)).toEqual(DOCS.map((d) => d.metadata));
        expect(records.map((r) => r.documentId)).toEqual(["wal.html", "vacuum.html", "fts5.html", null, "optoverview.html"]);
        const expected = await hashEmbedder({ dimensions: DIMS }).embed(DOCS.map((d) => d.pageContent));
        records.forEach((r, i) => expect(Array.from(r.vector!)).toEqual(Array.from(expected[i]!)));

        // The same search through both stores finds the same documents; theirs reports distances, ours similarities.
        const ours = new LibSQLRagVectorStore(embeddings(), { store, collection: name });
        const query = "readers and writers with write ahead logging";
        const theirs = await lc.similaritySearchWithScore(query, 3);
        const mine = await ours.similaritySearchWithScore(query, 3);
        expect(mine.map(([d]) => d.id)).toEqual(theirs.map(([d]) => `lc:${d.id}`));
        mine.forEach(([, score], i) => expect(score).toBeCloseTo(1 - theirs[i]![1], 5));

        // Running it again rewrites the same records.
        const again = await importLangChainLibSQLTable({ store, table, into: col });
        expect(again.imported).toBe(DOCS.length);
        expect(await col.count()).toBe(DOCS.length);
      });
    });

    it("keeps ids from idColumn, reads from a client into an open collection, and reports rows it skips", async () => {
      await withStore(target, async (store) => {
        const { table } = await communityTable(store, ", doc_key TEXT");
        await store.client.execute(`UPDATE ${table} SET doc_key = 'key-' || rowid`);
        await store.client.execute({
          sql: `INSERT INTO ${table} (content, metadata, embedding, doc_key) VALUES (?, ?, NULL, ?)`,
          args: ["no vector", "{}", "key-x"],
        });
        await store.client.execute({
          sql: `INSERT INTO ${table} (content, metadata, embedding, doc_key) VALUES (?, ?, vector(?), ?)`,
          args: ["bad metadata", "not json", JSON.stringify(Array(DIMS).fill(0.5)), "key-y"],
        });
        await store.client.execute({
          sql: `INSERT INTO ${table} (content, metadata, embedding, doc_key) VALUES (?, NULL, vector(?), ?)`,
          args: ["null metadata", JSON.stringify(Array(DIMS).fill(0.25)), "key-z"],
        });
        const col = await store.collection(uniqueName("target"), { dimensions: DIMS });
        const result = await importLangChainLibSQLTable({ client: store.client, table, idColumn: "doc_key", into: col, batchSize: 3 });
        expect(result.imported).toBe(DOCS.length + 1);
        expect(result.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/NULL/), expect.stringMatching(/not valid JSON/)]);
        expect((await col.list()).map((r) => r.id).sort()).toEqual([...DOCS.map((_, i) => `key-${i + 1}`), "key-z"].sort());
        expect((await col.get({ ids: ["key-z"] }))[0]).toMatchObject({ content: "null metadata", metadata: {} });
      });
    });

    it("validates identifiers and names what is missing", async () => {
      await withStore(target, async (store) => {
        const { table } = await communityTable(store);
        const into = uniqueName("x");
        await expect(importLangChainLibSQLTable({ store, table: `${table}; DROP TABLE ${table}`, into })).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(importLangChainLibSQLTable({ store, table: 'a"b', into })).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(importLangChainLibSQLTable({ store, table, column: "1embedding", into })).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(importLangChainLibSQLTable({ store, table, idColumn: "id-col", into })).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(importLangChainLibSQLTable({ store, table: uniqueName("missing"), into })).rejects.toBeRagError("NOT_FOUND");
        await expect(importLangChainLibSQLTable({ store, table, column: "vec", into })).rejects.toBeRagError("NOT_FOUND");
        await expect(importLangChainLibSQLTable({ client: store.client, table, into })).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(importLangChainLibSQLTable({ table, into } as never)).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(importLangChainLibSQLTable({ store, table, into, batchSize: 0 })).rejects.toBeRagError("INVALID_ARGUMENT");
        expect(await store.client.execute(`SELECT count(*) AS n FROM ${table}`).then((rs) => Number(rs.rows[0]!.n))).toBe(DOCS.length);
        expect((await store.listCollections()).map((c) => c.name)).not.toContain(into);
      });
    });
  },
  ["file", "http"],
);
