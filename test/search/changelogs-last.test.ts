import { describe, expect, it } from "vitest";
import type { Rag } from "../../src/index.js";
import { asksAboutChanges } from "../../src/search/question-order.js";
import { withMemoryRag } from "../support/memory-rag.js";

const GUIDE = "To delete untracked files from the working tree, run git clean with -f; add -d for untracked directories.";
/** Changelog lines that name the question's words more often than the guide does. */
const LOG = (v: string) =>
  `Version ${v}: clean: delete untracked files faster; clean -f deletes untracked files from the working tree; clean -d deletes untracked directories; clean: untracked files.`;
const QUESTION = "How do I delete untracked files from the working tree?";

function withRag<T>(docs: Array<{ id: string; content: string; metadata?: Record<string, unknown> }>, fn: (rag: Rag) => Promise<T>): Promise<T> {
  return withMemoryRag(async (rag) => {
    await rag.ingest(docs);
    return fn(rag);
  });
}

const docs = [
  { id: "guide", content: GUIDE },
  { id: "log-2.3", content: LOG("2.3"), metadata: { changelog: true } },
  { id: "log-2.2", content: LOG("2.2"), metadata: { changelog: true } },
];

describe("rag.search puts hits from release histories last", () => {
  it("ranks the guide before changelog lines that match the question better by its words", async () => {
    await withRag(docs, async (rag) => {
      const off = await rag.search(QUESTION, { mode: "keyword", topK: 2, changelogsLast: false });
      expect(off.map((h) => h.documentId).sort()).toEqual(["log-2.2", "log-2.3"]);
      const on = await rag.search(QUESTION, { mode: "keyword", topK: 2 });
      expect(on.map((h) => h.documentId)).toEqual(["guide", off[0]?.documentId]);
      expect(on.explain.notes.some((note) => note.startsWith("hits from release histories last"))).toBe(true);
      expect(off.explain.notes.some((note) => note.includes("release histories"))).toBe(false);
      // With MMR the first hits are not the first of a wider search's: the wider search runs after, as a second one.
      const mmr = await rag.search(QUESTION, { mode: "hybrid", topK: 2, mmr: { lambda: 1, fetchK: 3 } });
      expect(mmr.map((h) => h.documentId)[0]).toBe("guide");
      expect(mmr.explain.notes.some((note) => note.startsWith("hits from release histories last"))).toBe(true);
    });
  });

  it("keeps the search's order when the question asks about versions or changes", async () => {
    await withRag(docs, async (rag) => {
      for (const question of ["What changed in git clean in 2.3?", "When was deleting untracked directories added to clean?"]) {
        const on = await rag.search(question, { mode: "keyword", topK: 3 });
        const off = await rag.search(question, { mode: "keyword", topK: 3, changelogsLast: false });
        expect(on.map((h) => h.id)).toEqual(off.map((h) => h.id));
      }
    });
  });

  it("puts a changelog's hits last even when they score over twice the others", async () => {
    const weak = [{ id: "other", content: "The working tree is the folder you edit." }, ...docs.slice(1)];
    await withRag(weak, async (rag) => {
      const off = await rag.search(QUESTION, { mode: "keyword", topK: 3, changelogsLast: false });
      const on = await rag.search(QUESTION, { mode: "keyword", topK: 3 });
      expect(off.at(-1)?.documentId).toBe("other");
      expect((off[0]?.score ?? 0) > 2 * (off.at(-1)?.score ?? 0)).toBe(true);
      expect(on.map((h) => h.id)).toEqual([off[2]?.id, off[0]?.id, off[1]?.id]);
    });
  });

  it("refuses a changelogsLast that is not a boolean", async () => {
    await withRag(docs, async (rag) => {
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
