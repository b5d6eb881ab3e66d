import { Document } from "@langchain/core/documents";
import { maximalMarginalRelevance } from "@langchain/core/utils/math";
import { FakeEmbeddings, SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import { LibSQLRagVectorStore, embeddingsFromEmbedder } from "../../src/langchain/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore, type Target } from "../support/targets.js";

const DOCS = [
  { id: "wal", text: "write ahead logging lets readers and a writer run at once", metadata: { source: "wal.html", lang: "en", year: 2010 } },
  { id: "vacuum", text: "vacuum rebuilds the database file and reclaims free pages", metadata: { source: "vacuum.html", lang: "en", year: 2004 } },
  { id: "fts", text: "full text search with fts5 tokenizers and bm25 ranking", metadata: { source: "fts5.html", lang: "en", year: 2015 } },
  { id: "json", text: "json functions extract values from json text", metadata: { source: "json1.html", lang: "en", year: 2015 } },
  { id: "wal-de", text: "write ahead logging erlaubt leser und schreiber gleichzeitig", metadata: { source: "wal.html", lang: "de", year: 2010 } },
];

function docs(): Document[] {
  return DOCS.map((d) => new Document({ id: d.id, pageContent: d.text, metadata: { ...d.metadata } }));
}

const hash = () => embeddingsFromEmbedder(hashEmbedder({ dimensions: 64 }));

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

describeEachTarget(
  "LibSQLRagVectorStore",
  (target: Target) => {
    it("opens lazily, takes dimensions from the first embedding, and records the embedder id", async () => {
      await withStore(target, async (store) => {
        const name = uniqueName("lc");
        const vs = new LibSQLRagVectorStore(hash(), { store, collection: name });
        expect((await store.listCollections()).map((c) => c.name)).not.toContain(name);
        expect(await vs.similaritySearch("anything")).toEqual([]);
        await expect(vs.getCollection()).rejects.toBeRagError("NOT_FOUND");
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        await expect(vs.addDocuments([new Document({ pageContent: "x", metadata: circular })])).rejects.toBeRagError("INVALID_ARGUMENT");
        expect((await store.listCollections()).map((c) => c.name)).not.toContain(name);
        await vs.addDocuments(docs());
        const col = await vs.getCollection();
        expect(col.info).toMatchObject({ name, dimensions: 64, embedderId: "hash-64", metric: "cosine" });
        expect(await col.count()).toBe(DOCS.length);

        const fake = new LibSQLRagVectorStore(new FakeEmbeddings(), { store, collection: uniqueName("lc") });
        await fake.addDocuments([new Document({ pageContent: "x" })]);
        expect((await fake.getCollection()).info).toMatchObject({ dimensions: 4, embedderId: "langchain:FakeEmbeddings" });
      });
    });

    it("opens its own store from a url and closes it", async () => {
      const name = uniqueName("lc");
      const vs = new LibSQLRagVectorStore(hash(), { ...target.options(), collection: name, collectionOptions: { metric: "l2", index: false } });
      await vs.addDocuments(docs());
      const [[doc, score]] = (await vs.similaritySearchWithScore(DOCS[1]!.text, 1)) as [[Document, number]];
      expect(doc.id).toBe("vacuum");
      expect(score).toBeCloseTo(1, 5); // 1 / (1 + L2 distance) with distance 0
      expect((await vs.getCollection()).info).toMatchObject({ metric: "l2", index: false });
      await vs.close();
    });

    it("addDocuments honours options.ids, then Document.id, else generates UUIDs, and upserts by id", async () => {
      await withStore(target, async (store) => {
        const vs = new LibSQLRagVectorStore(hash(), { store, collection: uniqueName("lc") });
        const given = await vs.addDocuments([new Document({ pageContent: "alpha", id: "doc-id" }), new Document({ pageContent: "beta", id: "ignored" })], {
          ids: ["opt-a", "opt-b"],
        });
        expect(given).toEqual(["opt-a", "opt-b"]);
        const fromDoc = await vs.addDocuments([new Document({ pageContent: "gamma", id: "g" })]);
        expect(fromDoc).toEqual(["g"]);
        const generated = await vs.addDocuments([new Document({ pageContent: "delta" }), new Document({ pageContent: "epsilon" })]);
        for (const id of generated) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(new Set(generated).size).toBe(2);

        const col = await vs.getCollection();
        expect((await col.list()).map((r) => r.id).sort()).toEqual(["g", "opt-a", "opt-b", ...generated].sort());
        await vs.addDocuments([new Document({ pageContent: "alpha again", metadata: { v: 2 } })], { ids: ["opt-a"] });
        expect(await col.count()).toBe(5);
        expect((await col.get({ ids: ["opt-a"] }))[0]).toMatchObject({ content: "alpha again", metadata: { v: 2 } });
        // One id twice in a call: the later document wins, and both positions report the id.
        expect(await vs.addDocuments([new Document({ pageContent: "one", id: "dup" }), new Document({ pageContent: "two", id: "dup" })])).toEqual([
          "dup",
          "dup",
        ]);
        expect((await col.get({ ids: ["dup"] }))[0]?.content).toBe("two");
        expect(await vs.addDocuments([])).toEqual([]);
        await expect(vs.addDocuments([new Document({ pageContent: "a" })], { ids: [] })).rejects.toBeRagError("INVALID_ARGUMENT");
      });
    });

    it("addVectors stores metadata as JSON and takes documentId from config.documentIdKey", async () => {
      await withStore(target, async (store) => {
        const vs = new LibSQLRagVectorStore(hash(), { store, collection: uniqueName("lc"), documentIdKey: "source" });
        const when = new Date("2024-01-02T03:04:05.000Z");
        const ids = await vs.addVectors(
          [
            [1, 0, 0, 0],
            [0, 1, 0, 0],
            [0, 0, 1, 0],
          ],
          [
            new Document({ pageContent: "a", metadata: { source: "a.md", when, nested: { x: [1, 2] }, gone: undefined } }),
            new Document({ pageContent: "b", metadata: { source: 7 } }),
            new Document({ pageContent: "c" }),
          ],
          { ids: ["a", "b", "c"] },
        );
        expect(ids).toEqual(["a", "b", "c"]);
        const col = await vs.getCollection();
        expect(col.info.dimensions).toBe(4);
        const records = await col.get({ ids });
        expect(records.map((r) => r.documentId)).toEqual(["a.md", "7", null]);
        expect(records[0]!.metadata).toEqual({ source: "a.md", when: when.toISOString(), nested: { x: [1, 2] } });
        const found = await vs.similaritySearchVectorWithScore([1, 0, 0, 0], 3, { documentId: "a.md" });
        expect(found.map(([d]) => d.id)).toEqual(["a"]);
        await expect(vs.addVectors([[1, 2, 3]], [new Document({ pageContent: "short" })])).rejects.toBeRagError("DIMENSION_MISMATCH");
        await expect(vs.addVectors([[1, 0, 0, 0]], [])).rejects.toBeRagError("INVALID_ARGUMENT");
      });
    });

    it("similaritySearchWithScore returns similarities, highest first, with ids and metadata", async () => {
      await withStore(target, async (store) => {
        const embeddings = hash();
        const vs = await LibSQLRagVectorStore.fromDocuments(docs(), embeddings, { store, collection: uniqueName("lc") });
        const query = "how do readers and a writer run with write ahead logging";
        const hits = await vs.similaritySearchWithScore(query, 5);
        expect(hits).toHaveLength(5);
        expect(hits[0]![0]).toMatchObject({ id: "wal", pageContent: DOCS[0]!.text, metadata: DOCS[0]!.metadata });
        const q = await embeddings.embedQuery(query);
        const vectors = await embeddings.embedDocuments(DOCS.map((d) => d.text));
        for (const [doc, score] of hits) {
          const i = DOCS.findIndex((d) => d.id === doc.id);
          expect(score).toBeCloseTo(cosine(q, vectors[i]!), 5);
        }
        const scores = hits.map(([, s]) => s);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        expect((await vs.similaritySearch(query, 2)).map((d) => d.id)).toEqual(hits.slice(0, 2).map(([d]) => d.id));
      });
    });

    it("filters with the Mongo-style filter language", async () => {
      await withStore(target, async (store) => {
        const vs = await LibSQLRagVectorStore.fromDocuments(docs(), hash(), { store, collection: uniqueName("lc"), documentIdKey: "source" });
        const query = "write ahead logging";
        expect((await vs.similaritySearch(query, 5, { lang: "de" })).map((d) => d.id)).toEqual(["wal-de"]);
        expect((await vs.similaritySearch(query, 5, { year: { $gte: 2015 } })).map((d) => d.id).sort()).toEqual(["fts", "json"]);
        expect((await vs.similaritySearch(query, 5, { $or: [{ source: "vacuum.html" }, { id: "json" }] })).map((d) => d.id).sort()).toEqual(["json", "vacuum"]);
        expect((await vs.similaritySearch(query, 5, { documentId: "wal.html", lang: { $ne: "de" } })).map((d) => d.id)).toEqual(["wal"]);
        expect(await vs.similaritySearch(query, 5, { lang: "fr" })).toEqual([]);
        await expect(vs.similaritySearch(query, 5, { lang: { $regex: "e" } } as never)).rejects.toBeRagError("INVALID_FILTER");
        await expect(vs.similaritySearch(query, 0)).rejects.toBeRagError("INVALID_ARGUMENT");
      });
    });

    it("search puts hits from changelogs last, as rag.search does, unless changelogsLast: false", async () => {
      await withStore(target, async (store) => {
        const log = "clean: delete untracked files faster; clean -f deletes untracked files; clean: untracked files.";
        const vs = await LibSQLRagVectorStore.fromDocuments(
          [
            new Document({ id: "guide", pageContent: "To delete untracked files, run git clean with -f.", metadata: {} }),
            new Document({ id: "log", pageContent: log, metadata: { changelog: true } }),
          ],
          hash(),
          { store, collection: uniqueName("lc") },
        );
        const query = "How do I delete untracked files?";
        expect((await vs.search(query, { k: 2, mode: "keyword", changelogsLast: false })).map((d) => d.id)).toEqual(["log", "guide"]);
        expect((await vs.search(query, { k: 2, mode: "keyword" })).map((d) => d.id)).toEqual(["guide", "log"]);
        await expect(vs.search(query, { changelogsLast: 1 as never })).rejects.toBeRagError("INVALID_ARGUMENT");
      });
    });

    it("search's wider search for the question's language asks a reranker for enough candidates", async () => {
      await withStore(target, async (store) => {
        const french = "La réplication : le serveur primary envoie son journal à chaque standby, et un standby le lit depuis les archives.";
        const vs = await LibSQLRagVectorStore.fromDocuments(
          [
            ...[0, 1, 2].map((i) => new Document({ id: `fr${i}`, pageContent: `${french}${" Voir.".repeat(i)}`, metadata: {} })),
            new Document({ id: "en", pageContent: "Replication: the primary server ships its log to each standby over the network.", metadata: {} }),
          ],
          hash(),
          { store, collection: uniqueName("lc") },
        );
        const reranker = { id: "test:length", rerank: async (_query: string, documents: string[]) => documents.map((d) => d.length) };
        const hits = await vs.search("How does a standby catch up when it falls behind the primary?", { k: 4, mode: "keyword", rerank: { reranker, topN: 4 } });
        expect(hits.map((d) => d.id)[0]).toBe("en");
        expect(hits).toHaveLength(4);
      });
    });

    it("maxMarginalRelevanceSearch trades relevance for diversity, and asRetriever({ searchType: 'mmr' }) uses it", async () => {
      await withStore(target, async (store) => {
        const vs = new LibSQLRagVectorStore(hash(), { store, collection: uniqueName("lc") });
        // Three near-copies about WAL and two other topics that share one query word each.
        await vs.addDocuments([
          new Document({ id: "w1", pageContent: "wal journal mode readers writer checkpoint" }),
          new Document({ id: "w2", pageContent: "wal journal mode readers writer checkpoint busy" }),
          new Document({ id: "w3", pageContent: "wal journal mode readers writer checkpoint pages" }),
          new Document({ id: "v", pageContent: "vacuum reclaims free pages journal" }),
          new Document({ id: "f", pageContent: "fts5 ranking bm25 readers" }),
        ]);
        const query = "wal journal readers";
        const plain = (await vs.similaritySearch(query, 3)).map((d) => d.id);
        expect(plain.sort()).toEqual(["w1", "w2", "w3"]);
        const mmr = await vs.maxMarginalRelevanceSearch(query, { k: 3, fetchK: 5, lambda: 0.3 });
        expect(mmr).toHaveLength(3);
        const mmrIds = mmr.map((d) => d.id!);
        expect(mmrIds.filter((id) => id.startsWith("w"))).toHaveLength(1);
        expect(mmr[0]!.pageContent).toContain("wal");
        // The same picks as LangChain's own maximalMarginalRelevance over the same candidates.
        const candidates = await (await vs.getCollection()).query({ vector: await vs.embeddings.embedQuery(query), topK: 5, includeVectors: true });
        const oracle = maximalMarginalRelevance(
          await vs.embeddings.embedQuery(query),
          candidates.map((c) => Array.from(c.vector!)),
          0.3,
          3,
        );
        expect(mmrIds).toEqual(oracle.map((i) => candidates[i]!.id));
        // lambda 1 is pure relevance: the plain ranking.
        expect((await vs.maxMarginalRelevanceSearch(query, { k: 3, fetchK: 5, lambda: 1 })).map((d) => d.id).sort()).toEqual(["w1", "w2", "w3"]);
        // The filter applies before reranking.
        expect((await vs.maxMarginalRelevanceSearch(query, { k: 3, filter: { id: { $in: ["v", "f"] } } })).map((d) => d.id).sort()).toEqual(["f", "v"]);

        const retriever = vs.asRetriever({ k: 3, searchType: "mmr", searchKwargs: { fetchK: 5, lambda: 0.3 } });
        expect((await retriever.invoke(query)).map((d) => d.id)).toEqual(mmrIds);
        await expect(vs.maxMarginalRelevanceSearch(query, { k: 3, lambda: 2 })).rejects.toBeRagError("INVALID_ARGUMENT");
      });
    });

    it("deletes by ids and by filter, and refuses a match-everything filter without all: true", async () => {
      await withStore(target, async (store) => {
        const vs = await LibSQLRagVectorStore.fromDocuments(docs(), hash(), { store, collection: uniqueName("lc") });
        const col = await vs.getCollection();
        await vs.delete({ ids: ["wal", "missing"] });
        expect(await col.count()).toBe(4);
        await vs.delete({ ids: [] });
        await vs.delete({ filter: { year: 2015 } });
        expect((await col.list()).map((r) => r.id).sort()).toEqual(["vacuum", "wal-de"]);
        await expect(vs.delete({ filter: {} })).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(vs.delete({} as never)).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(vs.delete()).rejects.toBeRagError("INVALID_ARGUMENT");
        await vs.delete({ filter: {}, all: true });
        expect(await col.count()).toBe(0);
        // Deleting from a collection that does not exist yet is a no-op.
        await new LibSQLRagVectorStore(hash(), { store, collection: uniqueName("lc") }).delete({ ids: ["x"] });
      });
    });

    it("fromTexts, fromDocuments and fromExistingIndex", async () => {
      await withStore(target, async (store) => {
        const name = uniqueName("lc");
        const vs = await LibSQLRagVectorStore.fromTexts(["red apple", "green pear", "yellow banana"], [{ n: 1 }, { n: 2 }, { n: 3 }], hash(), {
          store,
          collection: name,
        });
        const shared = await LibSQLRagVectorStore.fromTexts(["blue sky"], { kind: "shared" }, hash(), { store, collection: name });
        expect((await shared.similaritySearch("blue sky", 1))[0]).toMatchObject({ pageContent: "blue sky", metadata: { kind: "shared" } });
        expect((await vs.similaritySearch("green pear", 1))[0]).toMatchObject({ pageContent: "green pear", metadata: { n: 2 } });

        const existing = await LibSQLRagVectorStore.fromExistingIndex(hash(), { store, collection: name });
        expect(existing.collectionName).toBe(name);
        expect((await existing.similaritySearch("yellow banana", 1))[0]?.metadata).toEqual({ n: 3 });
        await expect(LibSQLRagVectorStore.fromExistingIndex(hash(), { store, collection: uniqueName("missing") })).rejects.toBeRagError("NOT_FOUND");
        await expect(LibSQLRagVectorStore.fromTexts(["a", "b"], [{}], hash(), { store })).rejects.toBeRagError("INVALID_ARGUMENT");
      });
    });

    it("catches another embedder or another dimension on an existing collection", async () => {
      await withStore(target, async (store) => {
        const name = uniqueName("lc");
        await LibSQLRagVectorStore.fromTexts(["some text"], {}, new FakeEmbeddings(), { store, collection: name });
        await expect(LibSQLRagVectorStore.fromExistingIndex(new SyntheticEmbeddings({ vectorSize: 4 }), { store, collection: name })).rejects.toBeRagError(
          "EMBEDDER_MISMATCH",
        );
        const synthetic = new LibSQLRagVectorStore(new SyntheticEmbeddings({ vectorSize: 4 }), { store, collection: name });
        await expect(synthetic.similaritySearch("some text")).rejects.toBeRagError("EMBEDDER_MISMATCH");
        // An explicit id that matches what is recorded is accepted.
        const overridden = new LibSQLRagVectorStore(new SyntheticEmbeddings({ vectorSize: 4 }), {
          store,
          collection: name,
          embedderId: "langchain:FakeEmbeddings",
        });
        expect(await overridden.similaritySearch("some text", 1)).toHaveLength(1);
        const wider = new LibSQLRagVectorStore(hash(), { store, collection: name, embedderId: null });
        await expect(wider.addDocuments([new Document({ pageContent: "x" })])).rejects.toBeRagError("DIMENSION_MISMATCH");
        // A collection built by our own pipeline (embedder id "hash-64") opens with the same embedder through the adapter.
        const ours = uniqueName("lc");
        const col = await store.collection(ours, { dimensions: 64, embedderId: "hash-64" });
        const [v] = await hashEmbedder({ dimensions: 64 }).embed(["native record"]);
        await col.upsert([{ id: "n1", documentId: "doc", content: "native record", metadata: {}, vector: v! }]);
        const adapter = new LibSQLRagVectorStore(hash(), { store, collection: ours, documentIdKey: "doc_id" });
        expect((await adapter.similaritySearch("native record", 1))[0]).toMatchObject({ id: "n1", metadata: { doc_id: "doc" } });
      });
    });

    it("works with LangChain's SyntheticEmbeddings and rejects a bad config", async () => {
      await withStore(target, async (store) => {
        const embeddings = new SyntheticEmbeddings({ vectorSize: 8 });
        const vs = await LibSQLRagVectorStore.fromTexts(["hello world", "lorem ipsum dolor", "quick brown fox"], {}, embeddings, {
          store,
          collection: uniqueName("lc"),
        });
        const [[doc, score]] = (await vs.similaritySearchWithScore("quick brown fox", 1)) as [[Document, number]];
        expect(doc.pageContent).toBe("quick brown fox");
        expect(score).toBeCloseTo(1, 5);
        expect((await vs.getCollection()).info.embedderId).toBe("langchain:SyntheticEmbeddings");
        expect(() => new LibSQLRagVectorStore(embeddings, { store, url: ":memory:" })).toThrow(/either/);
        expect(() => new LibSQLRagVectorStore(embeddings, { batchSize: 0 })).toThrow(/batchSize/);
        expect(() => new LibSQLRagVectorStore(embeddings, { colection: "typo" } as never)).toThrow(/colection|Unrecognized/);
      });
    });
  },
  ["file", "memory", "http"],
);

describe("LibSQLRagVectorStore config", () => {
  it('defaults the collection name to "default" and derives the embedder id', () => {
    const vs = new LibSQLRagVectorStore(new FakeEmbeddings(), { url: ":memory:" });
    expect(vs.collectionName).toBe("default");
    expect(vs.embedderId).toBe("langchain:FakeEmbeddings");
    expect(vs._vectorstoreType()).toBe("libsql-rag");
    expect(new LibSQLRagVectorStore(new FakeEmbeddings(), { url: ":memory:", embedderId: "custom" }).embedderId).toBe("custom");
    expect(new LibSQLRagVectorStore(new FakeEmbeddings(), { url: ":memory:", embedderId: null }).embedderId).toBeUndefined();
  });
});
