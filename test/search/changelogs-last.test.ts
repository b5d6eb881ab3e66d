import { describe, expect, it } from "vitest";
import type { Reranker } from "../../src/index.js";
import { asksAboutChanges } from "../../src/search/question-order.js";
import { withDocumentsRag } from "../support/memory-rag.js";

const GUIDE = "To delete untracked files from the working tree, run git clean with -f; add -d for untracked directories.";
/** Changelog lines that name the question's words more often than the guide does. */
const LOG = (v: string) =>
  `Version ${v}: clean: delete untracked files faster; clean -f deletes untracked files from the working tree; clean -d deletes untracked directories; clean: untracked files.`;
const QUESTION = "How do I delete untracked files from the working tree?";

const docs = [
  { id: "guide", content: GUIDE },
  { id: "log-2.3", content: LOG("2.3"), metadata: { changelog: true } },
  { id: "log-2.2", content: LOG("2.2"), metadata: { changelog: true } },
];

describe("rag.search puts hits from release histories last", () => {
  it("ranks the guide before changelog lines that match the question better by its words", async () => {
    await withDocumentsRag(docs, async (rag) => {
      const off = await rag.search(QUESTION, { mode: "keyword", topK: 2, changelogsLast: false });
      expect(off.map((h) => h.documentId).sort()).toEqual(["log-2.2", "log-2.3"]);
      const on = await rag.search(QUESTION, { mode: "keyword", topK: 2 });
      expect(on.map((h) => h.documentId)).toEqual(["guide", off[0]?.documentId]);
      expect(on.explain.notes.some((note) => note.startsWith("hits from release histories last"))).toBe(true);
      expect(off.explain.notes.some((note) => note.includes("release histories"))).toBe(false);
      // With MMR the first hits are not the first of a wider search's: the wider search runs after, as a second one.
      const mmr = await rag.search(QUESTION, { mode: "hybrid", topK: 2, mmr: { lambda: 1, fetchK: 3 } });
      expect(mmr.map((h) => h.documentId)).toEqual(["guide", expect.stringMatching(/^log-/)]);
    });
  });

  it("keeps the search's order when the question asks about versions or changes", async () => {
    await withDocumentsRag(docs, async (rag) => {
      for (const question of ["What changed in git clean in 2.3?", "When was deleting untracked directories added to clean?"]) {
        const on = await rag.search(question, { mode: "keyword", topK: 3 });
        const off = await rag.search(question, { mode: "keyword", topK: 3, changelogsLast: false });
        expect(on.map((h) => h.id)).toEqual(off.map((h) => h.id));
      }
    });
  });

  it("puts a changelog's hits last even when they score over twice the others", async () => {
    const weak = [{ id: "other", content: "The working tree is the folder you edit." }, ...docs.slice(1)];
    await withDocumentsRag(weak, async (rag) => {
      const off = await rag.search(QUESTION, { mode: "keyword", topK: 3, changelogsLast: false });
      const on = await rag.search(QUESTION, { mode: "keyword", topK: 3 });
      expect(off.at(-1)?.documentId).toBe("other");
      expect((off[0]?.score ?? 0) > 2 * (off.at(-1)?.score ?? 0)).toBe(true);
      expect(on.map((h) => h.id)).toEqual([off[2]?.id, off[0]?.id, off[1]?.id]);
    });
  });

  it("leaves a reranker's order as it is, and raises its topN for the language step's wider search", async () => {
    const byLength: Reranker = { id: "test:length", rerank: async (_query, documents) => documents.map((d) => d.length) };
    await withDocumentsRag(docs, async (rag) => {
      const hits = await rag.search(QUESTION, { mode: "keyword", topK: 2, rerank: { reranker: byLength, topN: 2 } });
      expect(hits.map((h) => h.documentId).sort()).toEqual(["log-2.2", "log-2.3"]);
    });
    const french = "La réplication : le serveur primary envoie son journal à chaque standby, et un standby le lit depuis les archives.";
    const frenchDocs = ["fr1", "fr2", "fr3"].map((id, i) => ({ id, content: `${french}${" Voir.".repeat(i)}` }));
    const english = { id: "en", content: "Replication: the primary server ships its log to each standby over the network." };
    await withDocumentsRag([...frenchDocs, english], async (rag) => {
      const question = "How does a standby catch up when it falls behind the primary?";
      const hits = await rag.search(question, { mode: "keyword", topK: 4, rerank: { reranker: byLength, topN: 4 } });
      expect(hits).toHaveLength(4);
      expect(hits[0]?.documentId).toBe("en");
    });
  });

  it("asks no more than 1,000 hits of the wider search, and says nothing when no hit moved", async () => {
    const many = Array.from({ length: 902 }, (_, i) => ({ id: `page-${i}`, content: `untracked files page ${i}` }));
    await withDocumentsRag([...many, docs[1]!], async (rag) => {
      const hits = await rag.search(QUESTION, { mode: "keyword", topK: 900 });
      expect(hits).toHaveLength(900);
      expect(hits.some((h) => h.documentId === "log-2.3")).toBe(false);
      expect(new Set(hits.map((h) => h.id)).size).toBe(900);
    });
    await withDocumentsRag(docs.slice(1), async (rag) => {
      const hits = await rag.search(QUESTION, { mode: "keyword", topK: 2 });
      expect(hits).toHaveLength(2);
      expect(hits.explain.notes.some((note) => note.includes("release histories"))).toBe(false);
    });
  });

  it("refuses a changelogsLast that is not a boolean", async () => {
    await withDocumentsRag(docs, async (rag) => {
      await expect(rag.search(QUESTION, { changelogsLast: "yes" as unknown as boolean })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    });
  });

  it("tells questions about versions and changes", () => {
    for (const q of ["What changed in 2.39?", "When was --onto added?", "Is json deprecated?", "What's new in v3.11.2?", "Which release fixed CVE-2024-32002?"])
      expect(asksAboutChanges(q), q).toBe(true);
    for (const q of [
      QUESTION,
      "How do I change the default branch?",
      "How do I rename a remote?",
      "What does git add -p do?",
      "The server's address changed; how do I point my repository at it?",
      "How do I sign a release tag?",
    ])
      expect(asksAboutChanges(q), q).toBe(false);
  });
});
