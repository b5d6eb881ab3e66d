import { Document, MetadataMode, Settings, VectorStoreIndex, storageContextFromDefaults, type MetadataFilters } from "llamaindex";
import { describe, expect, it } from "vitest";
import { LibSQLRagVectorStore, translateFilters } from "../../src/llamaindex/index.js";
import { evaluateFilter, parseFilter } from "../../src/index.js";
import { rejection } from "../support/errors.js";
import { describeEachTarget, uniqueName, type Target } from "../support/targets.js";
import { HashEmbedding } from "./hash-embedding.js";

const DOCS = [
  new Document({
    id_: "wal",
    text: "write ahead logging lets readers and a writer run at once",
    metadata: { topic: "journal", year: 2010, tags: ["wal", "locking"] },
  }),
  new Document({
    id_: "vacuum",
    text: "vacuum rebuilds the database file and reclaims free pages",
    metadata: { topic: "maintenance", year: 2004, tags: ["size"] },
  }),
  new Document({
    id_: "fts",
    text: "full text search with fts5 tokenizers and bm25 ranking",
    metadata: { topic: "search", year: 2015, tags: ["search", "bm25"] },
  }),
  new Document({
    id_: "busy",
    text: "the busy timeout makes a writer wait for the lock instead of failing",
    metadata: { topic: "journal", year: 2006, tags: ["locking"] },
  }),
];

async function buildIndex(target: Target, extra: Record<string, unknown> = {}) {
  const embedModel = new HashEmbedding();
  const vectorStore = new LibSQLRagVectorStore({ ...target.options(), collection: uniqueName("li"), embedModel, ...extra });
  const storageContext = await storageContextFromDefaults({ vectorStore });
  // VectorStoreIndex reads LlamaIndex's global Settings.embedModel; withEmbedModel scopes it to this call.
  const index = await Settings.withEmbedModel(embedModel, () => VectorStoreIndex.fromDocuments(DOCS, { storageContext }));
  return { index, vectorStore, embedModel };
}

describeEachTarget("llamaindex LibSQLRagVectorStore", (target) => {
  it("serves VectorStoreIndex and its retriever, text and metadata included", async () => {
    const { index, vectorStore } = await buildIndex(target);
    try {
      const nodes = await index.asRetriever({ similarityTopK: 2 }).retrieve("vacuum rebuilds the database file");
      expect(nodes).toHaveLength(2);
      expect(nodes[0]!.node.sourceNode?.nodeId).toBe("vacuum");
      expect(nodes[0]!.node.getContent(MetadataMode.NONE)).toContain("vacuum rebuilds the database file");
      expect(nodes[0]!.node.metadata).toMatchObject({ topic: "maintenance", year: 2004 });
      expect(nodes[0]!.score).toBeGreaterThan(nodes[1]!.score!);
      expect(vectorStore.storesText).toBe(true);
    } finally {
      await vectorStore.close();
    }
  });

  it("translates MetadataFilters and docIds", async () => {
    const { index, vectorStore, embedModel } = await buildIndex(target);
    try {
      const ask = async (filters: MetadataFilters) =>
        (await index.asRetriever({ similarityTopK: 10, filters }).retrieve("writer database")).map((n) => n.node.sourceNode?.nodeId).sort();
      expect(await ask({ filters: [{ key: "topic", value: "journal", operator: "==" }] })).toEqual(["busy", "wal"]);
      expect(await ask({ filters: [{ key: "year", value: 2006, operator: ">" }] })).toEqual(["fts", "wal"]);
      expect(
        await ask({
          filters: [
            { key: "topic", value: "journal", operator: "==" },
            { key: "year", value: 2010, operator: "<" },
          ],
        }),
      ).toEqual(["busy"]);
      expect(
        await ask({
          condition: "or",
          filters: [
            { key: "topic", value: "search", operator: "==" },
            { key: "year", value: 2004, operator: "<=" },
          ],
        }),
      ).toEqual(["fts", "vacuum"]);
      expect(await ask({ filters: [{ key: "topic", value: ["search", "maintenance"], operator: "in" }] })).toEqual(["fts", "vacuum"]);
      expect(await ask({ filters: [{ key: "topic", value: ["journal"], operator: "nin" }] })).toEqual(["fts", "vacuum"]);
      expect(await ask({ filters: [{ key: "tags", value: ["bm25", "size"], operator: "any" }] })).toEqual(["fts", "vacuum"]);
      expect(await ask({ filters: [{ key: "tags", value: ["wal", "locking"], operator: "all" }] })).toEqual(["wal"]);
      expect(await ask({ filters: [{ key: "tags", value: "locking", operator: "contains" }] })).toEqual(["busy", "wal"]);
      expect(await ask({ filters: [{ key: "missing", operator: "is_empty" }] })).toHaveLength(4);
      const vector = await embedModel.getTextEmbedding("writer");
      const byDoc = await vectorStore.query({ queryEmbedding: vector, similarityTopK: 10, mode: "default" as never, docIds: ["wal", "fts"] });
      expect(byDoc.nodes!.map((n) => n.sourceNode?.nodeId).sort()).toEqual(["fts", "wal"]);
      expect(
        await rejection(
          vectorStore.query({
            queryEmbedding: vector,
            similarityTopK: 3,
            mode: "default" as never,
            filters: { filters: [{ key: "x", value: 1, operator: "regex" as never }] },
          }),
        ),
      ).toBeRagError("INVALID_FILTER");
    } finally {
      await vectorStore.close();
    }
  });

  it("runs hybrid and sparse queries, and deletes a document's nodes", async () => {
    const { vectorStore, embedModel } = await buildIndex(target);
    try {
      const queryEmbedding = await embedModel.getTextEmbedding("fts5 tokenizers");
      const sparse = await vectorStore.query({ queryStr: "fts5 tokenizers", similarityTopK: 2, mode: "sparse" as never });
      expect(sparse.nodes![0]!.sourceNode?.nodeId).toBe("fts");
      const hybrid = await vectorStore.query({ queryStr: "fts5 tokenizers", queryEmbedding, similarityTopK: 2, mode: "hybrid" as never });
      expect(hybrid.ids).toHaveLength(2);
      expect(hybrid.similarities[0]).toBeGreaterThanOrEqual(hybrid.similarities[1]!);
      await vectorStore.delete("fts");
      const after = await vectorStore.query({ queryEmbedding, similarityTopK: 10, mode: "default" as never });
      expect(after.nodes!.map((n) => n.sourceNode?.nodeId)).not.toContain("fts");
      expect(after.ids).toHaveLength(3);
    } finally {
      await vectorStore.close();
    }
  });

  it("weighs a hybrid query's two sides by LlamaIndex's alpha, 0 keyword only, 1 vector only", async () => {
    const { vectorStore, embedModel } = await buildIndex(target);
    try {
      // The two sides asked different things: the vector about vacuum, the words about fts5.
      const queryEmbedding = await embedModel.getTextEmbedding("vacuum rebuilds the database file");
      const hybrid = (alpha?: unknown) =>
        vectorStore.query({
          queryStr: "fts5 tokenizers",
          queryEmbedding,
          similarityTopK: 2,
          mode: "hybrid" as never,
          ...(alpha !== undefined ? { alpha } : {}),
        } as never);
      expect((await hybrid(1)).ids[0]).toBe((await vectorStore.query({ queryEmbedding, similarityTopK: 1, mode: "default" as never })).ids[0]);
      expect((await hybrid(1)).nodes![0]!.sourceNode?.nodeId).toBe("vacuum");
      expect((await hybrid(0)).nodes![0]!.sourceNode?.nodeId).toBe("fts");
      // Without alpha, hybrid's measured defaults (keyword-heavy with the offline model).
      expect((await hybrid()).nodes![0]!.sourceNode?.nodeId).toBe("fts");
      for (const alpha of [1.5, -0.1, Number.NaN, "0.5"]) await expect(hybrid(alpha), String(alpha)).rejects.toBeRagError("INVALID_ARGUMENT");
      // alpha is a hybrid setting; a vector query leaves it aside, as LlamaIndex's other stores do.
      const vector = await vectorStore.query({ queryEmbedding, similarityTopK: 1, mode: "default" as never, alpha: 7 });
      expect(vector.nodes![0]!.sourceNode?.nodeId).toBe("vacuum");
    } finally {
      await vectorStore.close();
    }
  });

  it("uses an open store and leaves it open", async () => {
    const store = await target.open();
    try {
      const embedModel = new HashEmbedding();
      const vectorStore = new LibSQLRagVectorStore({ store, collection: uniqueName("li"), embedModel });
      const storageContext = await storageContextFromDefaults({ vectorStore });
      await Settings.withEmbedModel(embedModel, () => VectorStoreIndex.fromDocuments(DOCS.slice(0, 2), { storageContext }));
      await vectorStore.close();
      expect((await store.listCollections()).length).toBeGreaterThan(0);
      const empty = new LibSQLRagVectorStore({ store, collection: uniqueName("none") });
      expect(await empty.query({ queryEmbedding: [1, 0], similarityTopK: 1, mode: "default" as never })).toEqual({ nodes: [], similarities: [], ids: [] });
    } finally {
      await store.close();
    }
  });
});

describe("llamaindex translateFilters", () => {
  it("gives the same answers as LlamaIndex's operators on plain records", () => {
    const record = (metadata: Record<string, unknown>) => ({ id: "r", documentId: null, metadata });
    const check = (filters: MetadataFilters, metadata: Record<string, unknown>) => evaluateFilter(parseFilter(translateFilters(filters)!), record(metadata));
    expect(check({ filters: [{ key: "a", value: 1, operator: "!=" }] }, {})).toBe(true);
    expect(check({ filters: [{ key: "a", value: "x", operator: "text_match" }] }, { a: "xyz" })).toBe(true);
    expect(check({ filters: [{ key: "a", operator: "is_empty" }] }, { a: null })).toBe(true);
    expect(check({ filters: [{ key: "a", operator: "is_empty" }] }, { a: 1 })).toBe(false);
    expect(translateFilters({ filters: [] })).toBeUndefined();
    expect(() => translateFilters({ filters: [{ key: "a", value: [], operator: "in" }] })).toThrow(/non-empty array/);
    expect(() => translateFilters({ filters: [{ key: "a", value: [1], operator: "==" }] })).toThrow(/string or number/);
  });
});
