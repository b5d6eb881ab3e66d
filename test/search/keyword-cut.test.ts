import { expect, it } from "vitest";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

// keywordSearch ranks in the FTS index and reads chunk rows for the winners only; these pin down that the
// cut at topK still breaks ties by id and that minScore and filters apply before it.
describeEachTarget("collection.query: keyword cut at topK", (target) => {
  const embedder = hashEmbedder({ dimensions: 16 });

  async function seeded(store: Awaited<ReturnType<typeof target.open>>) {
    const col = await store.collection(uniqueName("kwcut"), { dimensions: 16 });
    // Ten identical passages tie on BM25; ids are inserted out of order so that rowid order is not id order.
    const tied = [7, 2, 9, 0, 5, 3, 8, 1, 6, 4].map((i) => ({ id: `tie-${i}`, content: "checkpoint starvation in wal mode", metadata: { n: i } }));
    const others = [
      { id: "strong", content: "wal checkpoint starvation: wal checkpoint starvation", metadata: { n: 100 } },
      { id: "weak", content: "a long passage about many unrelated things that mentions wal once among other words", metadata: { n: 101 } },
    ];
    const docs = [...tied, ...others];
    const vectors = await embedder.embed(docs.map((d) => d.content));
    await col.upsert(docs.map((d, i) => ({ ...d, vector: vectors[i]! })));
    return col;
  }

  it("keeps every tie at the cut and breaks it by id", async () => {
    await withStore(target, async (store) => {
      const col = await seeded(store);
      const all = await col.query({ text: "checkpoint starvation wal", mode: "keyword", topK: 20 });
      expect(all.map((h) => h.id)).toEqual(["strong", ...Array.from({ length: 10 }, (_, i) => `tie-${i}`), "weak"]);
      const cut = await col.query({ text: "checkpoint starvation wal", mode: "keyword", topK: 4 });
      expect(cut.map((h) => h.id)).toEqual(["strong", "tie-0", "tie-1", "tie-2"]);
      expect(cut.map((h) => h.score)).toEqual(all.slice(0, 4).map((h) => h.score));
    });
  });

  it("applies minScore and the filter before the cut", async () => {
    await withStore(target, async (store) => {
      const col = await seeded(store);
      const all = await col.query({ text: "checkpoint starvation wal", mode: "keyword", topK: 20 });
      const threshold = all.find((h) => h.id === "tie-0")!.score;
      const above = await col.query({ text: "checkpoint starvation wal", mode: "keyword", topK: 20, minScore: threshold });
      expect(above.map((h) => h.id)).toEqual(all.filter((h) => h.score >= threshold).map((h) => h.id));
      expect(above.map((h) => h.id)).not.toContain("weak");
      const filtered = await col.query({ text: "checkpoint starvation wal", mode: "keyword", topK: 3, filter: { n: { $in: [3, 8, 101] } } });
      expect(filtered.map((h) => h.id)).toEqual(["tie-3", "tie-8", "weak"]);
      const both = await col.query({ text: "checkpoint starvation wal", mode: "keyword", topK: 1, minScore: threshold, filter: { n: { $gte: 5, $lt: 100 } } });
      expect(both.map((h) => h.id)).toEqual(["tie-5"]);
    });
  });
});
