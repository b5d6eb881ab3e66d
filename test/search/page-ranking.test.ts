import { expect, it } from "vitest";
import { createRag, type Collection } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const DIMS = 4;
/** A unit vector at `cos` to the first axis. */
const near = (cos: number, axis = 1): number[] => {
  const v = [cos, 0, 0, 0];
  v[axis] = Math.sqrt(1 - cos * cos);
  return v;
};

/** One long page whose eight chunks are the nearest to the first axis, and three pages of one chunk each. */
async function fill(col: Collection): Promise<void> {
  await col.upsert([
    ...Array.from({ length: 8 }, (_, i) => ({ id: `long-${i}`, documentId: "long", content: `zebra crossing part ${i}`, vector: near(0.99 - i * 0.001) })),
    { id: "b", documentId: "b", content: "zebra facts", vector: near(0.9, 2) },
    { id: "c", documentId: "c", content: "a zebra herd", vector: near(0.85, 3) },
    { id: "d", documentId: "d", content: "zebra stripes", vector: near(0.8, 2) },
  ]);
}
const pages = (hits: { documentId: string | null }[]) => hits.map((h) => h.documentId);

describeEachTarget("page-aware ranking of vector and keyword results", (target) => {
  it("vector: plain by default in col.query, page-aware with documents: true", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("pr"), { dimensions: DIMS });
      await fill(col);
      const plain = await col.query({ vector: near(1), topK: 5 });
      expect(pages(plain)).toEqual(["long", "long", "long", "long", "long"]);
      const ranked = await col.query({ vector: near(1), topK: 5, documents: true });
      // The page's best chunk keeps its place and score; its next chunk gives way to the other pages.
      expect(pages(ranked)).toEqual(["long", "b", "c", "d", "long"]);
      expect(ranked[0]).toMatchObject({ id: plain[0]!.id });
      expect(ranked[0]!.score).toBeCloseTo(plain[0]!.score, 6);
      expect(ranked[4]!.score).toBeCloseTo(plain[1]!.score * 0.3, 6);
      expect(ranked.explain.notes).toContain("ranked by document (support 0, decay 0.3)");
      // A gentler decay keeps more of the long page.
      const gentle = await col.query({ vector: near(1), topK: 5, documents: { decay: 0.95 } });
      expect(pages(gentle).filter((p) => p === "long").length).toBeGreaterThan(2);
    });
  });

  it("keyword: documents: true ranks BM25 results by page too", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("pr"), { dimensions: DIMS });
      await fill(col);
      const plain = await col.query({ text: "zebra crossing", mode: "keyword", topK: 4 });
      expect(pages(plain)).toEqual(["long", "long", "long", "long"]);
      const ranked = await col.query({ text: "zebra crossing", mode: "keyword", topK: 4, documents: true });
      expect(new Set(pages(ranked)).size).toBe(4);
    });
  });

  it("refuses documents in hybrid mode (hybrid.documents is its setting) and a bad decay", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("pr"), { dimensions: DIMS });
      await fill(col);
      await expect(col.query({ vector: near(1), text: "zebra", documents: true })).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
        message: expect.stringContaining("hybrid.documents"),
      });
      await expect(col.query({ vector: near(1), documents: { decay: 2 } })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    });
  });

  it("rag.search ranks vector and keyword results by page unless documents: false", async () => {
    const rag = await createRag({ ...target.options(), collection: uniqueName("pr"), embedder: hashEmbedder({ dimensions: 16 }) });
    try {
      await rag.ingest(Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, content: `zebra crossing ${"word ".repeat(i)}\n\nzebra crossing again ${i}` })));
      for (const mode of ["vector", "keyword"] as const) {
        expect((await rag.search("zebra crossing", { mode })).explain.notes).toContain("ranked by document (support 0, decay 0.3)");
        expect((await rag.search("zebra crossing", { mode, documents: false })).explain.notes).not.toContain("ranked by document (support 0, decay 0.3)");
      }
      expect((await rag.search("zebra crossing")).explain.notes.some((n) => n.startsWith("ranked by document"))).toBe(false);
    } finally {
      await rag.close();
    }
  });
});
