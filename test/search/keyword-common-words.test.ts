import { expect, it } from "vitest";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

// A word that half the chunks hold or more gets an IDF of 1e-6 from FTS5's BM25: it moves no score, but scoring its
// every match is most of a keyword search's time on a large collection ("perl" in 34,182 of Perl's 36,444 chunks).
// The keyword side ranks without such words when enough chunks hold the others, and with every word otherwise.
describeEachTarget("collection.query: words that half the chunks hold", (target) => {
  const embedder = hashEmbedder({ dimensions: 16 });

  async function seeded(store: Awaited<ReturnType<typeof target.open>>) {
    const col = await store.collection(uniqueName("kwcommon"), { dimensions: 16 });
    const docs = Array.from({ length: 40 }, (_, i) => {
      const words = [i < 30 ? "sqlite" : "engine", i % 5 === 0 ? "vacuum reclaims free pages" : "", i % 13 === 1 ? "checkpoint" : ""];
      return { id: `c${String(i).padStart(2, "0")}`, content: `${words.join(" ")} row ${i} of the manual`, metadata: { i } };
    });
    const vectors = await embedder.embed(docs.map((d) => d.content));
    await col.upsert(docs.map((d, i) => ({ ...d, vector: vectors[i]! })));
    return col;
  }

  it("ranks without the common word when enough chunks hold the others: the same order, its 1e-6 left out", async () => {
    await withStore(target, async (store) => {
      const col = await seeded(store);
      // "vacuum" is in 8 chunks and "checkpoint" in 3: 11 chunks, enough for 5.
      const cut = await col.query({ text: "sqlite vacuum checkpoint", mode: "keyword", topK: 5 });
      const without = await col.query({ text: "vacuum checkpoint", mode: "keyword", topK: 5 });
      expect(cut.map((h) => h.id)).toEqual(without.map((h) => h.id));
      expect(cut.map((h) => h.score)).toEqual(without.map((h) => h.score));
      // Ranked with every word (too few chunks hold the others for 30), the order is the same, the scores a hair apart.
      const all = await col.query({ text: "sqlite vacuum checkpoint", mode: "keyword", topK: 30 });
      expect(all.slice(0, 5).map((h) => h.id)).toEqual(cut.map((h) => h.id));
      expect(all.slice(0, 5).map((h) => h.score)).not.toEqual(cut.map((h) => h.score));
      all.slice(0, 5).forEach((h, i) => expect(h.score).toBeCloseTo(cut[i]!.score, 4));
    });
  });

  it("still returns exactly topK chunks when fewer hold the other words, and searches a question of common words alone", async () => {
    await withStore(target, async (store) => {
      const col = await seeded(store);
      const hits = await col.query({ text: "sqlite vacuum checkpoint", mode: "keyword", topK: 20 });
      expect(hits).toHaveLength(20);
      const informative = new Set(hits.slice(0, 11).map((h) => h.metadata.i as number));
      expect([...informative].every((i) => i % 5 === 0 || i % 13 === 1)).toBe(true);
      expect(informative.size).toBe(11);
      // With a filter the others' chunks are fewer still: every chunk the filter keeps that holds a word comes back.
      const filtered = await col.query({ text: "sqlite vacuum", mode: "keyword", topK: 10, filter: { i: { $lt: 10 } } });
      expect(filtered.map((h) => h.metadata.i).sort((a, b) => Number(a) - Number(b))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await col.query({ text: "sqlite", mode: "keyword", topK: 7 })).toHaveLength(7);
    });
  });
});
