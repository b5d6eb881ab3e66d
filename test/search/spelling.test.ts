import { expect, it } from "vitest";
import { oneEditAway } from "../../src/search/spelling.js";
import { hashedWords } from "../../src/store/english-words.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const embedder = hashEmbedder({ dimensions: 32 });
const vec = async (text: string) => (await embedder.embed([text]))[0]!;

describeEachTarget("keyword search: words typed with a slip", (target) => {
  it("reads a word that no chunk holds as the indexed word one edit away, the most common of them", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("spell"), { dimensions: 32 });
      const docs = [
        { id: "wal1", content: "Write-ahead logging is turned on with a pragma." },
        { id: "wal2", content: "Logging to the WAL file happens before the database changes." },
        { id: "long1", content: "A longing for speed." },
        { id: "long2", content: "Longing is no setting." },
        { id: "long3", content: "The longing stays." },
        { id: "long4", content: "Longing again." },
        { id: "other", content: "Nothing about the topic here." },
      ];
      await col.upsert(await Promise.all(docs.map(async (d) => ({ ...d, vector: await vec(d.id) }))));
      // "loging" is one edit from "logging" (2 chunks) and "longing" (4): the commoner wins, so the slip must be
      // read by how many chunks hold each candidate, not by the first one found.
      const hits = await col.query({ text: "how do I turn on loging", mode: "keyword", topK: 10 });
      expect(hits.map((h) => h.id).sort()).toEqual(["long1", "long2", "long3", "long4", "wal1"]);
      expect(hits.explain.notes).toContain('keyword: "loging" is in no chunk, read as "longing"');
      // A word the index holds is never corrected, and its own matches come first.
      const exact = await col.query({ text: "logging pragma", mode: "keyword", topK: 10 });
      expect(exact.map((h) => h.id).sort()).toEqual(["wal1", "wal2"]);
      expect(exact.explain.notes.some((note) => note.includes("read as"))).toBe(false);
      // Hybrid's keyword side reads it so too.
      const hybrid = await col.query({ text: "loging", vector: await vec("x"), topK: 3 });
      expect(hybrid.explain.notes).toContain('keyword: "loging" is in no chunk, read as "longing"');
      expect(hybrid.explain.keywordHits).toBe(4);
    });
  });

  it("leaves alone short words, words with digits, English words, and words whose only near word is held by one chunk", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("spell"), { dimensions: 32 });
      const docs = [
        { id: "a", content: "The wall stands. The ebook v2 reader." },
        { id: "b", content: "A wall again, and one database." },
      ];
      await col.upsert(await Promise.all(docs.map(async (d) => ({ ...d, vector: await vec(d.id) }))));
      // "wal" is one edit from "wall" (2 chunks) but has three letters; "ebook3" has a digit; "databse" is one edit
      // from "database", which one chunk holds.
      for (const text of ["wal", "ebook3", "databse"]) {
        const hits = await col.query({ text, mode: "keyword" });
        expect(hits, text).toEqual([]);
        expect(
          hits.explain.notes.some((note) => note.includes("read as")),
          text,
        ).toBe(false);
      }
      // An English word is the user's own, never a slip, though "walk" is one edit from "wall" too.
      const walk = await col.query({ text: "walk", mode: "keyword" });
      expect(walk).toEqual([]);
      expect(walk.explain.notes.some((note) => note.includes("read as"))).toBe(false);
      // Two chunks holding it make "wall" the reading of "walll".
      expect((await col.query({ text: "walll", mode: "keyword" })).map((h) => h.id).sort()).toEqual(["a", "b"]);
    });
  });
});

it("oneEditAway gives the deletions, swaps, changes and insertions of a word, not the word itself", () => {
  const variants = oneEditAway("cat");
  for (const v of ["at", "ct", "ca", "act", "cta", "bat", "cut", "cab", "scat", "cart", "cats"]) expect(variants).toContain(v);
  expect(variants).not.toContain("cat");
  expect(new Set(variants).size).toBe(variants.length);
  // 3 deletions + 2 swaps + 3 × 25 changes + 4 × 26 insertions, less the duplicates ("cat" → "caat" twice).
  expect(variants.length).toBeLessThan(3 + 2 + 75 + 104);
  expect(variants.length).toBeGreaterThan(150);
});

it("hashedWords finds every word of its list and not others", () => {
  const list = ["walk", "walks", "logging", "database", "zebra"];
  const words = hashedWords(list.join("\n"));
  for (const word of list) expect(words.has(word), word).toBe(true);
  for (const word of ["wall", "loging", "databse", "zebras", ""]) expect(words.has(word), word).toBe(false);
});
