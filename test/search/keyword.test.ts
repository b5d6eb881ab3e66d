import { expect, it } from "vitest";
import { openStore } from "../../src/index.js";
import { ftsQuery } from "../../src/search/keyword.js";
import { contentWords } from "../../src/words.js";
import { COLLECTION_SCHEMA_VERSION } from "../../src/db/migrations.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { installOlderFullText } from "../support/older-full-text.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const embedder = hashEmbedder({ dimensions: 32 });
const vec = async (text: string) => (await embedder.embed([text]))[0]!;

describeEachTarget("keyword search: fields and stopwords", (target) => {
  it("ranks a title-only match above a body-only match", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("kw"), { dimensions: 32 });
      await col.upsert([
        { id: "title", documentId: "a", content: "lorem ipsum dolor sit amet", metadata: { title: "Zebra crossings" }, vector: await vec("a") },
        { id: "body", documentId: "b", content: "lorem ipsum zebra sit amet", metadata: { title: "Road signs" }, vector: await vec("b") },
      ]);
      const hits = await col.query({ text: "zebra", mode: "keyword" });
      expect(hits.map((h) => h.id)).toEqual(["title", "body"]);
      // Weighting the title down to nothing leaves only the body match.
      const bodyOnly = await col.query({ text: "zebra", mode: "keyword", keyword: { fieldWeights: { title: 0, headings: 0 } } });
      expect(bodyOnly[0]!.id).toBe("body");
    });
  });

  it("matches the heading path, without repeating a heading that is the title", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("kw"), { dimensions: 32 });
      await col.upsert([
        { id: "h", content: "it is off by default", metadata: { title: "Guide", headings: ["Guide", "Checkpoint starvation"] }, vector: await vec("h") },
        { id: "x", content: "nothing to see", metadata: { title: "Other" }, vector: await vec("x") },
      ]);
      expect((await col.query({ text: "starvation", mode: "keyword" })).map((h) => h.id)).toEqual(["h"]);
      expect((await col.query({ text: "guide", mode: "keyword" })).map((h) => h.id)).toEqual(["h"]);
      // Updating the metadata updates the index.
      await col.upsert([{ id: "h", content: "it is off by default", metadata: { title: "Guide", headings: ["Guide", "Locking"] }, vector: await vec("h") }]);
      expect(await col.query({ text: "starvation", mode: "keyword" })).toEqual([]);
    });
  });

  it("still answers a query made only of stopwords", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName("kw"), { dimensions: 32 });
      await col.upsert([
        { id: "hamlet", content: "To be, or not to be, that is the question", vector: await vec("hamlet") },
        { id: "other", content: "Whether tis nobler in the mind to suffer", vector: await vec("other") },
      ]);
      const hits = await col.query({ text: "to be, or to be", mode: "keyword" });
      expect(hits[0]!.id).toBe("hamlet");
      // And hybrid degrades to what the vector side finds when the keyword side has nothing.
      const hybrid = await col.query({ text: "qqqq zzzz", vector: await vec("hamlet"), topK: 2 });
      expect(hybrid.explain.mode).toBe("hybrid");
      expect(hybrid.explain.keywordHits).toBe(0);
      expect(hybrid.map((h) => h.id)).toEqual(["hamlet", "other"]);
    });
  });
});

describeEachTarget("keyword search: migration of a version-2 full-text index", (target) => {
  it("rebuilds the field-aware index when a collection made by the previous release is opened", async () => {
    const name = uniqueName("mig");
    const options = target.options();
    const first = await openStore(options);
    const col = await first.collection(name, { dimensions: 32 });
    // The previous release's full-text index: one content column over the chunk table, kept by triggers.
    const { fts } = await installOlderFullText(first, col, 2, ({ table, chunks, fts, trigger }) => [
      `CREATE VIRTUAL TABLE ${fts} USING fts5(content, content='${table}', content_rowid='rid', tokenize='porter unicode61 remove_diacritics 2')`,
      `CREATE TRIGGER ${trigger("ai")} AFTER INSERT ON ${chunks} BEGIN INSERT INTO ${fts} (rowid, content) VALUES (new.rid, new.content); END`,
      `CREATE TRIGGER ${trigger("ad")} AFTER DELETE ON ${chunks} BEGIN INSERT INTO ${fts} (${fts}, rowid, content) VALUES ('delete', old.rid, old.content); END`,
    ]);
    await col.upsert([
      {
        id: "wal",
        documentId: "wal",
        content: "Readers do not block writers.",
        metadata: { title: "Write-Ahead Logging", headings: ["Overview"] },
        vector: await vec("wal"),
      },
      { id: "vac", documentId: "vac", content: "The VACUUM command rebuilds the file.", metadata: { title: "Vacuum" }, vector: await vec("vac") },
    ]);
    // Under the old index, a title word finds nothing.
    const oldStyle = await first.client.execute({ sql: `SELECT rowid FROM ${fts} WHERE ${fts} MATCH ?`, args: ['"logging"'] });
    expect(oldStyle.rows).toHaveLength(0);
    if (target.kind !== "memory") await first.close();

    const second = target.kind === "memory" ? first : await openStore(options);
    try {
      const upgraded = await second.collection(name);
      expect(upgraded.info.schemaVersion).toBe(COLLECTION_SCHEMA_VERSION);
      expect((await upgraded.query({ text: "logging", mode: "keyword" })).map((h) => h.id)).toEqual(["wal"]);
      expect((await upgraded.query({ text: "readers", mode: "keyword" })).map((h) => h.id)).toEqual(["wal"]);
      // Writes after the upgrade keep the new index in step.
      await upgraded.delete({ ids: ["wal"] });
      expect(await upgraded.query({ text: "logging", mode: "keyword" })).toEqual([]);
      const integrity = await second.client.execute(`INSERT INTO ${fts} (${fts}, rank) VALUES ('integrity-check', 0)`).then(
        () => "ok",
        (e: Error) => e.message,
      );
      expect(integrity).toBe("ok");
    } finally {
      await second.close();
    }
  });
});

it("contentWords drops stopwords unless nothing else remains, and keeps the first 64 words", () => {
  const many = Array.from({ length: 70 }, (_, i) => `w${i}`);
  expect(contentWords(many.join(" "))).toEqual(many.slice(0, 64));
  expect(contentWords("How do I turn on write-ahead logging?")).toEqual(["turn", "write", "ahead", "logging"]);
  expect(contentWords("to be or not to be")).toEqual(["not"]);
  expect(contentWords("to be or to be")).toEqual(["to", "be", "or"]);
  expect(ftsQuery('NEAR( "x" * -y')).toBe('"near" OR "x" OR "y"');
  expect(ftsQuery("?!")).toBeUndefined();
});
