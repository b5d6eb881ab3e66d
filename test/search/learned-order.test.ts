import { expect, it } from "vitest";
import type { Collection, QueryResult } from "../../src/index.js";
import type { CollectionTables } from "../../src/db/ddl.js";
import { pageEvidence } from "../../src/search/page-ranker/evidence.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const DIMS = 32;
const embedder = hashEmbedder({ dimensions: DIMS });
const vec = async (text: string) => (await embedder.embed([text]))[0]!;

/** Six pages of two or three chunks, with titles and heading paths for the keyword index's columns. */
const PAGES: { doc: string; title: string; chunks: { headings: string[]; content: string }[] }[] = [
  {
    doc: "wal",
    title: "Write-Ahead Logging",
    chunks: [
      { headings: ["Overview"], content: "The write-ahead log lets readers run while a writer commits its changes." },
      { headings: ["Checkpoints"], content: "A checkpoint moves the log's pages back into the database file." },
      { headings: ["Checkpoints", "Automatic"], content: "By default a checkpoint runs when the log reaches a thousand pages." },
    ],
  },
  {
    doc: "journal",
    title: "Journal modes",
    chunks: [
      { headings: ["Rollback"], content: "The rollback journal keeps the original pages until a transaction commits." },
      { headings: ["WAL"], content: "journal_mode=WAL turns on the write-ahead log for a database." },
    ],
  },
  {
    doc: "vacuum",
    title: "VACUUM",
    chunks: [
      { headings: ["Purpose"], content: "VACUUM rebuilds the database file, repacking it into a minimal amount of disk space." },
      { headings: ["Auto-vacuum"], content: "Auto-vacuum frees pages at each commit without rebuilding the file." },
    ],
  },
  {
    doc: "locking",
    title: "File locking",
    chunks: [
      { headings: ["Locks"], content: "A writer takes a reserved lock, then an exclusive lock to commit." },
      { headings: ["Readers"], content: "Readers take a shared lock while they read the database." },
    ],
  },
  {
    doc: "backup",
    title: "Online backup",
    chunks: [
      { headings: ["API"], content: "The backup API copies a live database page by page into another file." },
      { headings: ["Steps"], content: "Each step copies some pages; a writer may restart the copy." },
    ],
  },
  {
    doc: "pragma",
    title: "Pragmas",
    chunks: [
      { headings: ["journal_mode"], content: "PRAGMA journal_mode reads or sets the journal mode of a database." },
      { headings: ["wal_checkpoint"], content: "PRAGMA wal_checkpoint runs a checkpoint of the write-ahead log by hand." },
    ],
  },
];

async function fill(col: Collection): Promise<void> {
  const records = PAGES.flatMap((page) =>
    page.chunks.map((chunk, i) => ({
      id: `${page.doc}-${i}`,
      documentId: page.doc,
      content: chunk.content,
      metadata: { title: page.title, headings: chunk.headings },
    })),
  );
  await col.upsert(await Promise.all(records.map(async (r) => ({ ...r, vector: await vec(r.content) }))));
}

const QUESTION = "how does a checkpoint of the write-ahead log work";
const pages = (hits: readonly QueryResult[]) => [...new Set(hits.map((h) => h.documentId))];

describeEachTarget("the learned page order in hybrid search", (target) => {
  it("orders the pages of a collection of the offline embedder's vectors by default, keeping the fused candidates", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("lo"), { dimensions: DIMS, embedderId: "use-lite-512" });
      await fill(col);
      const query = { text: QUESTION, vector: await vec(QUESTION), topK: 50 };
      const learned = await col.query(query);
      const fused = await col.query({ ...query, hybrid: { pageOrder: "fused" } });
      expect(learned.explain.notes).toContain("pages in the learned order");
      expect(fused.explain.notes).not.toContain("pages in the learned order");
      // The same chunks, scores falling down the list, each page's chunks in their fused order.
      expect(learned.map((h) => h.id).sort()).toEqual(fused.map((h) => h.id).sort());
      for (let i = 1; i < learned.length; i++) expect(learned[i]!.score).toBeLessThanOrEqual(learned[i - 1]!.score);
      for (const doc of pages(fused)) {
        const within = (hits: readonly QueryResult[]) => hits.filter((h) => h.documentId === doc).map((h) => h.id);
        expect(within(learned)).toEqual(within(fused));
      }
      // The fused page scores are handed out again, in the model's order.
      const heads = (hits: readonly QueryResult[]) => pages(hits).map((doc) => hits.find((h) => h.documentId === doc)!.score);
      expect(heads(learned)).toEqual(heads(fused));
      // With a filter, both sides and the order keep to it.
      const filtered = await col.query({ ...query, filter: { documentId: { $in: ["wal", "pragma", "journal"] } } });
      expect(filtered.explain.notes).toContain("pages in the learned order");
      expect(new Set(filtered.map((h) => h.documentId))).toEqual(new Set(["wal", "pragma", "journal"]));
      // Asking for it by name gives the same order.
      const named = await col.query({ ...query, hybrid: { pageOrder: "learned" } });
      expect(named.map((h) => h.id)).toEqual(learned.map((h) => h.id));
    });
  });

  it("keeps the fused order for another embedder's vectors or other fusion settings, unless asked", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("lo"), { dimensions: DIMS, embedderId: "hash-32" });
      await fill(col);
      const query = { text: QUESTION, vector: await vec(QUESTION), topK: 50 };
      const plain = await col.query(query);
      expect(plain.explain.notes).not.toContain("pages in the learned order");
      expect(plain.map((h) => h.id)).toEqual((await col.query({ ...query, hybrid: { pageOrder: "fused" } })).map((h) => h.id));
      const asked = await col.query({ ...query, hybrid: { pageOrder: "learned" } });
      expect(asked.explain.notes).toContain("pages in the learned order");

      const own = await store.collection(uniqueName("lo"), { dimensions: DIMS, embedderId: "use-lite-512" });
      await fill(own);
      for (const hybrid of [{ vectorWeight: 0.5 }, { fusion: "rrf" as const }, { fetchK: 20 }, { documents: { decay: 0.5 } }, { documents: false as const }]) {
        const r = await own.query({ ...query, hybrid });
        expect(r.explain.notes, JSON.stringify(hybrid)).not.toContain("pages in the learned order");
      }
      // topK above the 50 candidates a side it was trained on.
      expect((await own.query({ ...query, topK: 60 })).explain.notes).not.toContain("pages in the learned order");
    });
  });

  it("takes a long text: its first 64 content words, within SQLite's 500 parts of one compound SELECT", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("lo"), { dimensions: DIMS, embedderId: "use-lite-512" });
      await fill(col);
      // 300 distinct words, "checkpoint" first: three parts a word would be 900.
      const text = `checkpoint ${Array.from({ length: 299 }, (_, i) => `word${i}x`).join(" ")}`;
      const long = await col.query({ text, vector: await vec(QUESTION), topK: 5 });
      expect(long).toHaveLength(5);
      expect(long.explain.notes).toContain("pages in the learned order");
      expect(long.some((h) => h.content.includes("checkpoint"))).toBe(true);
    });
  });

  it("keeps the fused order for records without documents, which it was not trained on", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("lo"), { dimensions: DIMS, embedderId: "use-lite-512" });
      const records = PAGES.flatMap((page) =>
        page.chunks.map((chunk, i) => ({ id: `${page.doc}-${i}`, content: chunk.content, metadata: { title: page.title } })),
      );
      await col.upsert(await Promise.all(records.map(async (r) => ({ ...r, vector: await vec(r.content) }))));
      const hits = await col.query({ text: QUESTION, vector: await vec(QUESTION), topK: 5 });
      expect(hits).toHaveLength(5);
      expect(hits.explain.notes).toContain("pages in the fused order: the learned order ranks documents, and these records have none");
    });
  });

  it("leaves the fused order alone when one side finds nothing, and refuses an unknown order", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("lo"), { dimensions: DIMS, embedderId: "use-lite-512" });
      await fill(col);
      // Words no chunk holds: the keyword side finds nothing, and the vector side ranks alone.
      const none = await col.query({ text: "qqqqqq zzzzzz", vector: await vec(QUESTION), topK: 5 });
      expect(none.explain.keywordHits).toBe(0);
      expect(none).toHaveLength(5);
      expect(none.explain.notes).not.toContain("pages in the learned order");
      await expect(col.query({ text: QUESTION, vector: await vec(QUESTION), hybrid: { pageOrder: "best" as never } })).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
      });
    });
  });

  it("reads each query term's document frequency and the candidates holding it, per column, in one statement", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("lo"), { dimensions: DIMS });
      await fill(col);
      const tables = (col as unknown as { tables: CollectionTables }).tables;
      const candidates = (await col.get({ ids: ["wal-0", "wal-1", "journal-1", "pragma-1", "vacuum-0"] })).map((r) => ({ ...r, score: 0 }));
      const evidence = await pageEvidence({ client: store.client, tables }, ["checkpoint", "journal", "zzzz"], candidates);
      const [checkpoint, journal, missing] = evidence.terms;
      // "checkpoint" (stemmed, so "checkpoints" too) is in wal-1, wal-2 and pragma-1, and heads wal-1 and wal-2.
      const total = 13;
      expect(checkpoint!.idf).toBeCloseTo(Math.log((total - 3 + 0.5) / (3 + 0.5) + 1), 12);
      expect([...checkpoint!.any].sort()).toEqual(["pragma-1", "wal-1"]);
      expect([...checkpoint!.headings].sort()).toEqual(["pragma-1", "wal-1"]);
      expect([...checkpoint!.title]).toEqual([]);
      // "journal" is in the titles of journal's chunks and in three passages.
      expect([...journal!.title]).toEqual(["journal-1"]);
      expect([...journal!.any].sort()).toEqual(["journal-1"]);
      expect(missing!.idf).toBeCloseTo(Math.log((total + 0.5) / 0.5 + 1), 12);
      expect(missing!.any.size).toBe(0);
      expect(evidence.documentChunks).toEqual(
        new Map([
          ["wal", 3],
          ["journal", 2],
          ["pragma", 2],
          ["vacuum", 2],
        ]),
      );
      expect(evidence.largestDocument).toBe(3);
    });
  });
});
