import { Document } from "@langchain/core/documents";
import { Embeddings } from "@langchain/core/embeddings";
import { VectorStoreRetriever } from "@langchain/core/vectorstores";
import { RunnableSequence } from "@langchain/core/runnables";
import { expect, it } from "vitest";
import type { Reranker } from "../../src/index.js";
import { LibSQLRagRetriever, LibSQLRagVectorStore, embeddingsFromEmbedder } from "../../src/langchain/index.js";
import { meanDirection } from "../../src/embed/question.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore, type Target } from "../support/targets.js";

/**
 * Embeds by a fixed table, so the vector ranking is chosen by the test: the query "zebra xylophone quartz"
 * points at the fox document, whose words it does not share, while the zebra document holds its exact words.
 */
class TableEmbeddings extends Embeddings {
  private readonly table: Record<string, number[]> = {
    "the quick brown fox jumps": [1, 0, 0],
    "zebra xylophone quartz": [0, 1, 0],
    "lorem ipsum dolor sit": [0, 0, 1],
  };
  private readonly queries: Record<string, number[]> = {
    "zebra xylophone quartz": [1, 0, 0],
  };
  constructor() {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.table[t] ?? [0.1, 0.1, 0.1]);
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.queries[text] ?? this.table[text] ?? [0.1, 0.1, 0.1];
  }
}

/** Embeds documents, but every query fails, as an embedding API that went down between ingest and search. */
class QueryFailingEmbeddings extends TableEmbeddings {
  override async embedQuery(): Promise<number[]> {
    throw new Error("embedding service unavailable");
  }
}

const TABLE_DOCS = [
  new Document({ id: "fox", pageContent: "the quick brown fox jumps", metadata: { kind: "animal" } }),
  new Document({ id: "zebra", pageContent: "zebra xylophone quartz", metadata: { kind: "animal" } }),
  new Document({ id: "lorem", pageContent: "lorem ipsum dolor sit", metadata: { kind: "filler" } }),
];
const QUERY = "zebra xylophone quartz";

const SQL_DOCS = [
  new Document({ id: "wal", pageContent: "write ahead logging lets readers and a writer run at once" }),
  new Document({ id: "vacuum", pageContent: "vacuum rebuilds the database file and reclaims free pages" }),
  new Document({ id: "fts", pageContent: "full text search with fts5 tokenizers and bm25 ranking" }),
  new Document({ id: "json", pageContent: "json functions extract values from json text" }),
  new Document({ id: "busy", pageContent: "the busy timeout makes a writer wait for the lock instead of failing at once" }),
];

/** A reranker that prefers longer documents, recording what it was asked. */
function lengthReranker(calls: Array<{ query: string; documents: string[] }>): Reranker {
  return {
    id: "test:length",
    async rerank(query, documents) {
      calls.push({ query, documents });
      return documents.map((d) => d.length);
    },
  };
}

const hash = () => embeddingsFromEmbedder(hashEmbedder({ dimensions: 64 }));

describeEachTarget(
  "LibSQLRagVectorStore.asRetriever: search modes and rerank",
  (target: Target) => {
    it("defaults to hybrid: finds the keyword match that vector search ranks last", async () => {
      await withStore(target, async (store) => {
        const vs = await LibSQLRagVectorStore.fromDocuments(TABLE_DOCS, new TableEmbeddings(), { store, collection: uniqueName("ret") });
        // similaritySearch stays pure vector search: the fox comes first, the zebra is not in the top 1.
        expect((await vs.similaritySearch(QUERY, 1)).map((d) => d.id)).toEqual(["fox"]);

        const retriever = vs.asRetriever({ k: 1 });
        expect(retriever).toBeInstanceOf(LibSQLRagRetriever);
        expect(retriever).toBeInstanceOf(VectorStoreRetriever);
        expect(retriever.searchMode).toBe("hybrid");
        expect((await retriever.invoke(QUERY)).map((d) => d.id)).toEqual(["zebra"]);
        // The positional form gets the same default, and keeps k and filter.
        expect((await vs.asRetriever(1).invoke(QUERY)).map((d) => d.id)).toEqual(["zebra"]);
        expect((await vs.asRetriever(3, { kind: "filler" }).invoke(QUERY)).map((d) => d.id)).toEqual(["lorem"]);

        expect((await vs.asRetriever({ k: 1, searchMode: "keyword" }).invoke(QUERY)).map((d) => d.id)).toEqual(["zebra"]);
        expect((await vs.asRetriever({ k: 1, searchMode: "vector" }).invoke(QUERY)).map((d) => d.id)).toEqual(["fox"]);
        expect((await vs.asRetriever({ k: 3, searchMode: "hybrid", filter: { id: { $ne: "zebra" } } }).invoke(QUERY)).map((d) => d.id)).not.toContain("zebra");
        // Hybrid's weights: all on the vector side, the fox comes first; all on the keyword side, the zebra.
        const weighed = (vectorWeight: number) => vs.asRetriever({ k: 1, hybrid: { vectorWeight, keywordWeight: 1 - vectorWeight } });
        expect(weighed(1).hybrid).toEqual({ vectorWeight: 1, keywordWeight: 0 });
        expect((await weighed(1).invoke(QUERY)).map((d) => d.id)).toEqual(["fox"]);
        expect((await weighed(0).invoke(QUERY)).map((d) => d.id)).toEqual(["zebra"]);

        const [[top, score]] = (await vs.searchWithScore(QUERY, { k: 1 })) as [[Document, number]];
        expect(top.id).toBe("zebra");
        expect(Number.isFinite(score)).toBe(true);
        expect((await vs.search(QUERY, { k: 1, mode: "vector" })).map((d) => d.id)).toEqual(["fox"]);
        expect((await vs.search(QUERY, { k: 3, mode: "keyword" })).map((d) => d.id)).toEqual(["zebra"]);
      });
    });

    it('searchMode "vector" gives similaritySearch\'s documents and order for a query of content words alone, when every document is one chunk', async () => {
      await withStore(target, async (store) => {
        const vs = await LibSQLRagVectorStore.fromDocuments(SQL_DOCS, hash(), { store, collection: uniqueName("ret") });
        for (const query of ["writer waits lock", "reclaim pages", "bm25 ranking json text"]) {
          const expected = await vs.similaritySearch(query, 5);
          const got = await vs.asRetriever({ k: 5, searchMode: "vector" }).invoke(query);
          expect(got.map((d) => d.id)).toEqual(expected.map((d) => d.id));
          expect(got).toEqual(expected);
          expect(await vs.searchWithScore(query, { k: 5, mode: "vector" })).toEqual(await vs.similaritySearchWithScore(query, 5));
        }
      });
    });

    it('searchMode "vector" embeds a question and its content words through embedQuery, and ranks by their mean direction', async () => {
      await withStore(target, async (store) => {
        const asked: string[] = [];
        const embeddings = hash();
        const embedQuery = embeddings.embedQuery.bind(embeddings);
        embeddings.embedQuery = (text: string) => {
          asked.push(text);
          return embedQuery(text);
        };
        const vs = await LibSQLRagVectorStore.fromDocuments(SQL_DOCS, embeddings, { store, collection: uniqueName("ret") });
        const question = "How do I make a writer wait for the lock?";
        const got = await vs.searchWithScore(question, { k: 5, mode: "vector" });
        expect(asked).toEqual(["make a writer wait for the lock", "writer wait lock"]);
        const mean = meanDirection(await Promise.all(asked.map(embedQuery)));
        expect(got).toEqual(await vs.similaritySearchVectorWithScore(Array.from(mean), 5));
        // Hybrid embeds the question alone: its keyword side matches the words.
        asked.length = 0;
        await vs.searchWithScore(question, { k: 5 });
        expect(asked).toEqual(["make a writer wait for the lock"]);
        // Vectors of two sizes for the two texts are the embeddings' failure, said as such.
        embeddings.embedQuery = async (text: string) => (text === "writer wait lock" ? [] : embedQuery(text));
        await expect(vs.searchWithScore(question, { k: 5, mode: "vector" })).rejects.toMatchObject({
          code: "EMBEDDING_FAILED",
          message: expect.stringMatching(/vectors of sizes 64 and 0/),
        });
      });
    });

    it("a query embedding that fails is EMBEDDING_FAILED with its cause, in hybrid and vector mode; keyword mode embeds nothing", async () => {
      await withStore(target, async (store) => {
        const name = uniqueName("ret");
        await LibSQLRagVectorStore.fromDocuments(TABLE_DOCS, new TableEmbeddings(), { store, collection: name, embedderId: "table" });
        const vs = new LibSQLRagVectorStore(new QueryFailingEmbeddings(), { store, collection: name, embedderId: "table" });
        for (const mode of ["hybrid", "vector"] as const) {
          await expect(vs.search(QUERY, { mode })).rejects.toMatchObject({
            code: "EMBEDDING_FAILED",
            cause: expect.objectContaining({ message: "embedding service unavailable" }),
          });
        }
        expect((await vs.search(QUERY, { mode: "keyword", k: 1 })).map((d) => d.id)).toEqual(["zebra"]);
      });
    });

    it("search ranks vector results by page (documentIdKey), and documents: false gives similaritySearch's order", async () => {
      await withStore(target, async (store) => {
        const docs = [
          ...Array.from(
            { length: 4 },
            (_, i) =>
              new Document({ id: `wal-${i}`, pageContent: `write ahead logging lets readers and a writer run at once ${i}`, metadata: { page: "wal" } }),
          ),
          ...SQL_DOCS.slice(1).map((d) => new Document({ id: d.id!, pageContent: d.pageContent, metadata: { page: d.id! } })),
        ];
        const vs = await LibSQLRagVectorStore.fromDocuments(docs, hash(), { store, collection: uniqueName("ret"), documentIdKey: "page" });
        const query = "write ahead logging lets readers and a writer run at once";
        const plain = await vs.similaritySearch(query, 4);
        expect(plain.map((d) => d.metadata.page)).toEqual(["wal", "wal", "wal", "wal"]);
        expect((await vs.search(query, { k: 4, mode: "vector", documents: false })).map((d) => d.id)).toEqual(plain.map((d) => d.id));
        const ranked = await vs.asRetriever({ k: 4, searchMode: "vector" }).invoke(query);
        expect(ranked[0]!.id).toBe(plain[0]!.id);
        expect(new Set(ranked.map((d) => d.metadata.page)).size).toBeGreaterThan(1);
      });
    });

    it("rerank reorders the candidates and the score is the reranker's", async () => {
      await withStore(target, async (store) => {
        const vs = await LibSQLRagVectorStore.fromDocuments(SQL_DOCS, hash(), { store, collection: uniqueName("ret") });
        const calls: Array<{ query: string; documents: string[] }> = [];
        const reranker = lengthReranker(calls);
        const query = "a writer and readers at once";
        const byLength = [...SQL_DOCS].sort((a, b) => b.pageContent.length - a.pageContent.length).map((d) => d.id);

        const hits = await vs.searchWithScore(query, { k: 3, mode: "vector", rerank: { reranker, topN: 5 } });
        expect(hits.map(([d]) => d.id)).toEqual(byLength.slice(0, 3));
        for (const [doc, score] of hits) expect(score).toBe(doc.pageContent.length);
        expect(calls.at(-1)).toEqual({ query, documents: expect.arrayContaining(SQL_DOCS.map((d) => d.pageContent)) });
        // Without the reranker the vector order differs, so the reranker is what ordered them.
        expect((await vs.similaritySearch(query, 3)).map((d) => d.id)).not.toEqual(byLength.slice(0, 3));

        const retriever = vs.asRetriever({ k: 2, searchMode: "vector", rerank: { reranker, topN: 5 } });
        expect((await retriever.invoke(query)).map((d) => d.id)).toEqual(byLength.slice(0, 2));
        // Hybrid (the default) with a reranker: topN candidates of the fused ranking, ordered by the reranker.
        const before = calls.length;
        const hybrid = await vs.asRetriever({ k: 5, rerank: { reranker, topN: 5 } }).invoke(query);
        expect(calls.length).toBe(before + 1);
        expect(hybrid.map((d) => d.pageContent.length)).toEqual(
          calls
            .at(-1)!
            .documents.map((d) => d.length)
            .sort((a, b) => b - a),
        );
        await expect(vs.searchWithScore(query, { k: 3, rerank: { reranker, topN: 2 } })).rejects.toBeRagError("INVALID_ARGUMENT");
      });
    });

    it('searchType "mmr" is unchanged and refuses rerank or a non-vector searchMode', async () => {
      await withStore(target, async (store) => {
        const vs = await LibSQLRagVectorStore.fromDocuments(SQL_DOCS, hash(), { store, collection: uniqueName("ret") });
        const query = "a writer and readers at once";
        const mmr = await vs.maxMarginalRelevanceSearch(query, { k: 3, fetchK: 5, lambda: 0.3 });
        const retriever = vs.asRetriever({ k: 3, searchType: "mmr", searchKwargs: { fetchK: 5, lambda: 0.3 } });
        expect(retriever.searchType).toBe("mmr");
        expect(retriever.searchKwargs).toEqual({ fetchK: 5, lambda: 0.3 });
        expect((await retriever.invoke(query)).map((d) => d.id)).toEqual(mmr.map((d) => d.id));
        expect(
          (await vs.asRetriever({ k: 3, searchType: "mmr", searchMode: "vector", searchKwargs: { fetchK: 5, lambda: 0.3 } }).invoke(query)).map((d) => d.id),
        ).toEqual(mmr.map((d) => d.id));
        const reranker = lengthReranker([]);
        expect(() => vs.asRetriever({ k: 3, searchType: "mmr", rerank: { reranker } })).toThrow(/mmr.*rerank/);
        expect(() => vs.asRetriever({ k: 3, searchType: "mmr", searchMode: "hybrid" })).toThrow(/searchMode/);
        // Hybrid's settings where no hybrid search runs would do nothing.
        expect(() => vs.asRetriever({ k: 3, searchMode: "keyword", hybrid: { vectorWeight: 0.5 } })).toThrow(
          /hybrid sets how searchMode "hybrid" fuses.*searchMode "keyword"/,
        );
        expect(() => vs.asRetriever({ k: 3, searchType: "mmr", hybrid: { vectorWeight: 0.5 } })).toThrow(/searchType "mmr" fuses none/);
        expect(() => vs.asRetriever({ k: 3, hybrid: 0.5 as never })).toThrow(/hybrid/);
        await expect(vs.asRetriever({ k: 3, hybrid: { vectorWeight: -1 } }).invoke(query)).rejects.toBeRagError("INVALID_ARGUMENT");
        expect(() => vs.asRetriever({ k: 3, searchMode: "fuzzy" as never })).toThrow(/searchMode must be "hybrid", "vector" or "keyword"/);
        expect(() => vs.asRetriever({ k: 3, searchType: "similarity_score_threshold" as never })).toThrow(/searchType/);
        await expect(vs.search(query, { mode: "semantic" as never })).rejects.toBeRagError("INVALID_ARGUMENT");
        await expect(vs.search(query, { k: 0 })).rejects.toThrow(/k must be an integer from 1 to 1000, got 0/);
      });
    });

    it("keeps tags, metadata and callbacks, and runs inside a chain", async () => {
      await withStore(target, async (store) => {
        const vs = await LibSQLRagVectorStore.fromDocuments(TABLE_DOCS, new TableEmbeddings(), { store, collection: uniqueName("ret") });
        const seen: Array<{ tags: string[] | undefined; metadata: Record<string, unknown> | undefined }> = [];
        const ended: string[][] = [];
        const handler = {
          handleRetrieverStart(_r: unknown, _q: string, _id: string, _p?: string, tags?: string[], metadata?: Record<string, unknown>) {
            seen.push({ tags, metadata });
          },
          handleRetrieverEnd(docs: Document[]) {
            ended.push(docs.map((d) => d.id!));
          },
        };
        const retriever = vs.asRetriever({ k: 1, tags: ["mine"], metadata: { app: "test" }, callbacks: [handler] });
        expect(retriever.tags).toEqual(["mine", "libsql-rag"]);
        const chain = RunnableSequence.from([retriever, (docs: Document[]) => docs.map((d) => d.id).join(",")]);
        expect(await chain.invoke(QUERY)).toBe("zebra");
        expect(seen).toHaveLength(1);
        expect(seen[0]!.tags).toEqual(expect.arrayContaining(["mine", "libsql-rag"]));
        expect(seen[0]!.metadata).toMatchObject({ app: "test" });
        expect(ended).toEqual([["zebra"]]);
        // A collection that does not exist yet gives nothing, in every mode.
        const empty = new LibSQLRagVectorStore(new TableEmbeddings(), { store, collection: uniqueName("ret") });
        expect(await empty.asRetriever().invoke(QUERY)).toEqual([]);
        expect(await empty.search(QUERY, { mode: "keyword" })).toEqual([]);
      });
    });
  },
  ["file", "memory", "http"],
);
