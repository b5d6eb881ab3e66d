import { expect, it } from "vitest";
import type { Collection, QueryResults, RecordInput, Store } from "../../src/index.js";
import { oneEditAway } from "../../src/search/spelling.js";
import { hashedWords } from "../../src/store/english-words.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const embedder = hashEmbedder({ dimensions: 32 });
const vec = async (text: string) => (await embedder.embed([text]))[0]!;

/** A new collection of `docs`, each with a vector made from its id. */
async function collectionOf(store: Store, docs: Omit<RecordInput, "vector">[]): Promise<Collection> {
  const col = await store.collection(uniqueName("spell"), { dimensions: 32 });
  await col.upsert(await Promise.all(docs.map(async (d) => ({ ...d, vector: await vec(d.id) }))));
  return col;
}

/** Whether a query's notes say that a word was read as another. */
const corrected = (results: QueryResults) => results.explain.notes.some((note) => note.includes("read as"));

describeEachTarget("keyword search: words typed with a slip", (target) => {
  it("reads a word that no chunk holds as the indexed word one edit away, the most common of them", async () => {
    await withStore(target, async (store) => {
      const col = await collectionOf(store, [
        { id: "wal1", content: "Write-ahead logging is turned on with a pragma." },
        { id: "wal2", content: "Logging to the WAL file happens before the database changes." },
        { id: "long1", content: "A longing for speed." },
        { id: "long2", content: "Longing is no setting." },
        { id: "long3", content: "The longing stays." },
        { id: "long4", content: "Longing again." },
        { id: "other", content: "Nothing about the topic here." },
      ]);
      // "loging" is one edit from "logging" (2 chunks) and "longing" (4): the commoner wins, so the slip must be
      // read by how many chunks hold each candidate, not by the first one found.
      const hits = await col.query({ text: "how do I turn on loging", mode: "keyword", topK: 10 });
      expect(hits.map((h) => h.id).sort()).toEqual(["long1", "long2", "long3", "long4", "wal1"]);
      expect(hits.explain.notes).toContain('keyword: "loging" is in no chunk, read as "longing"');
      // A word the index holds is never corrected, and its own matches come first.
      const exact = await col.query({ text: "logging pragma", mode: "keyword", topK: 10 });
      expect(exact.map((h) => h.id).sort()).toEqual(["wal1", "wal2"]);
      expect(corrected(exact)).toBe(false);
      // Hybrid's keyword side reads it so too.
      const hybrid = await col.query({ text: "loging", vector: await vec("x"), topK: 3 });
      expect(hybrid.explain.notes).toContain('keyword: "loging" is in no chunk, read as "longing"');
      expect(hybrid.explain.keywordHits).toBe(4);
    });
  });

  it("leaves alone short words, words with digits, English words, and words whose only near word is held by one chunk", async () => {
    await withStore(target, async (store) => {
      const col = await collectionOf(store, [
        { id: "a", content: "The wall stands. The ebook v2 reader." },
        { id: "b", content: "A wall again, and one database." },
      ]);
      // "wal" is one edit from "wall" (2 chunks) but has three letters; "ebook3" has a digit; "databse" is one edit
      // from "database", which one chunk holds.
      for (const text of ["wal", "ebook3", "databse"]) {
        const hits = await col.query({ text, mode: "keyword" });
        expect(hits, text).toEqual([]);
        expect(corrected(hits), text).toBe(false);
      }
      // An English word is the user's own, never a slip, though "walk" is one edit from "wall" too.
      const walk = await col.query({ text: "walk", mode: "keyword" });
      expect(walk).toEqual([]);
      expect(corrected(walk)).toBe(false);
      // Two chunks holding it make "wall" the reading of "walll".
      expect((await col.query({ text: "walll", mode: "keyword" })).map((h) => h.id).sort()).toEqual(["a", "b"]);
    });
  });
});

describeEachTarget("keyword search: slips read with care", (target) => {
  it("reads a slip as an English word or a word a chunk writes as it is, never as a stem's other form or a stopword", async () => {
    await withStore(target, async (store) => {
      const col = await collectionOf(store, [
        { id: "w1", content: "Handle it with the option." },
        { id: "w2", content: "Nothing handles it, with or without care." },
        { id: "w3", content: "The writer is handling a loop." },
        { id: "w4", content: "Readers handle retries." },
        { id: "l1", content: "Signal handlers loop." },
        { id: "l2", content: "Two handlers wait." },
        { id: "s1", content: "Open it with the sqlite library." },
        { id: "s2", content: "The sqlite shell reads it." },
      ]);
      // "handl", "handls" and "handle" are one slip from "handlz" and all stem to "handl" (four chunks): the English
      // word wins the tie, and a non-word that no chunk writes is never shown as the reading.
      const handlz = await col.query({ text: "handlz", mode: "keyword", topK: 10 });
      expect(handlz.explain.notes).toContain('keyword: "handlz" is in no chunk, read as "handle"');
      expect(handlz.map((h) => h.id).sort()).toEqual(["w1", "w2", "w3", "w4"]);
      // No English word is one slip from "sqlit"; "sqlite" is written in chunks as it is.
      const sqlit = await col.query({ text: "sqlit", mode: "keyword", topK: 10 });
      expect(sqlit.explain.notes).toContain('keyword: "sqlit" is in no chunk, read as "sqlite"');
      // "wiht" is one slip from "with", a stopword, which would match nearly every chunk.
      const wiht = await col.query({ text: "wiht", mode: "keyword", topK: 10 });
      expect(wiht).toEqual([]);
      expect(corrected(wiht)).toBe(false);
      // A 10,000-letter word is not looked up letter by letter (54 variants a letter would take gigabytes).
      const long = await col.query({ text: `${"q".repeat(10_000)} retries`, mode: "keyword", topK: 10 });
      expect(long.map((h) => h.id)).toEqual(["w4"]);
    });
  });

  it("looks for slips' readings only within the query's filter", async () => {
    await withStore(target, async (store) => {
      const col = await collectionOf(store, [
        { id: "a1", content: "Our project plan for logging.", metadata: { tenant: "A" } },
        { id: "a2", content: "The project budget and logging.", metadata: { tenant: "A" } },
        { id: "b1", content: "Codename projectz is longing for logging.", metadata: { tenant: "B" } },
        { id: "b2", content: "A longing.", metadata: { tenant: "B" } },
        { id: "b3", content: "Longing again.", metadata: { tenant: "B" } },
        { id: "b4", content: "More longing.", metadata: { tenant: "B" } },
        { id: "b5", content: "Still longing.", metadata: { tenant: "B" } },
      ]);
      // Over the whole collection "longing" (five chunks) beats "logging" (three); within tenant A only "logging" is held.
      const all = await col.query({ text: "loging", mode: "keyword", topK: 10 });
      expect(all.explain.notes).toContain('keyword: "loging" is in no chunk, read as "longing"');
      const a = await col.query({ text: "loging", mode: "keyword", topK: 10, filter: { tenant: "A" } });
      expect(a.explain.notes).toContain('keyword: "loging" is in no chunk, read as "logging"');
      expect(a.map((h) => h.id).sort()).toEqual(["a1", "a2"]);
      // Tenant A learns nothing of tenant B's words: "projectz" is in no chunk of A, and "projecty" reads as "project".
      const z = await col.query({ text: "projectz", mode: "keyword", topK: 10, filter: { tenant: "A" } });
      expect(z.map((h) => h.id).sort()).toEqual(["a1", "a2"]);
      expect(z.explain.notes).toContain('keyword: "projectz" is in no chunk, read as "project"');
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
