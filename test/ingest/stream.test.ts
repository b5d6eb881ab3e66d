import { expect, it } from "vitest";
import { createRag, ingest, type Embedder, type IngestProgress } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

function countingEmbedder(dimensions = 16): Embedder & { texts: number } {
  const base = hashEmbedder({ dimensions });
  const e = {
    ...base,
    texts: 0,
    async embed(texts: string[]) {
      e.texts += texts.length;
      return base.embed(texts);
    },
  };
  return e;
}

const doc = (i: number) => ({ id: `doc-${i}`, content: `Document ${i} is about topic ${i % 7} and nothing else.`, metadata: { n: i, topic: i % 7 } });

/** Yields `count` small documents, counting how many it has handed out; throws after `failAfter` when given. */
function source(count: number, failAfter?: number) {
  const state = { yielded: 0 };
  async function* generate() {
    for (let i = 0; i < count; i++) {
      if (i === failAfter) throw new Error("the crawler lost its connection");
      state.yielded += 1;
      yield doc(i);
    }
  }
  return { state, stream: generate() };
}

// Enough documents for a dozen read windows of 256, so an unbounded read-ahead could not hide.
const N = 3000;

describeEachTarget("ingest: a stream of documents", (target) => {
  it("ingests 3,000 documents from an async generator without reading far ahead, and a second run skips them all", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 16, index: false });
      const embedder = countingEmbedder();
      const { state, stream } = source(N);
      let lead = 0;
      const onProgress = (e: IngestProgress) => {
        // How far the generator has run ahead of the documents written: bounded, not the whole stream.
        if (e.stage === "write") lead = Math.max(lead, state.yielded - e.done);
      };
      const report = await ingest({ collection: col, embedder, sources: stream, onProgress });
      expect(report.documents).toEqual({ added: N, updated: 0, unchanged: 0, removed: 0, failed: 0 });
      expect(report.failures).toEqual([]);
      // A remote target shares its embedding cache between the tests of a file.
      expect(report.chunks).toMatchObject({ written: N, removed: 0 });
      expect(report.chunks.embedded + report.chunks.cached).toBe(N);
      expect(embedder.texts).toBe(report.chunks.embedded);
      expect(lead).toBeGreaterThan(0);
      expect(lead).toBeLessThan(1000);
      expect(await col.count()).toBe(N);
      const [row] = await col.get({ ids: ["doc-2321#0"] });
      expect(row).toMatchObject({
        documentId: "doc-2321",
        content: expect.stringContaining("Document 2321 is about topic 4"),
        metadata: { n: 2321, topic: 4, source: "doc-2321", chunkIndex: 0 },
      });
      expect(await col.count({ filter: { topic: 3 } })).toBe(429);

      const again = await ingest({ collection: col, embedder, sources: source(N).stream });
      expect(again.documents).toEqual({ added: 0, updated: 0, unchanged: N, removed: 0, failed: 0 });
      expect(again.chunks).toEqual({ written: 0, embedded: 0, cached: 0, removed: 0 });
      expect(embedder.texts).toBe(report.chunks.embedded);
    });
  }, 120_000);

  it("a generator that throws part-way leaves every document it yielded complete and reports the error", async () => {
    await withStore(target, async (store) => {
      const col = await store.collection(uniqueName(), { dimensions: 16, index: false });
      const embedder = countingEmbedder();
      const report = await ingest({ collection: col, embedder, sources: source(1000, 700).stream, groupSize: 64, prune: true });
      expect(report.documents).toEqual({ added: 700, updated: 0, unchanged: 0, removed: 0, failed: 1 });
      expect(report.failures).toEqual([
        { source: "<document stream>", code: "LOAD_FAILED", reason: expect.stringContaining("threw after 700 items: the crawler lost its connection") },
      ]);
      expect(report.chunks.written).toBe(700);
      expect(await col.count()).toBe(700);
      // Complete: a run over the same 700 documents finds every one unchanged, and the next 300 are added.
      const rest = await ingest({ collection: col, embedder, sources: source(1000).stream });
      expect(rest.documents).toMatchObject({ added: 300, unchanged: 700, failed: 0 });
      expect(rest.chunks.written).toBe(300);
      expect(await col.count()).toBe(1000);
    });
  }, 60_000);
});

it("a sync iterable works too, a changed document is updated, and an item that is not a document fails alone", async () => {
  const rag = await createRag({ url: ":memory:", embedder: countingEmbedder() });
  try {
    const first = await rag.ingest(new Set([doc(1), doc(2), doc(3)]));
    expect(first.documents).toMatchObject({ added: 3, failed: 0 });
    function* items(): Generator<unknown> {
      yield doc(1);
      yield { ...doc(2), content: "Document 2 now speaks of something else entirely." };
      yield "not-a-document.md";
      yield doc(4);
    }
    const second = await rag.ingest(items() as Iterable<ReturnType<typeof doc>>);
    expect(second.documents).toEqual({ added: 1, updated: 1, unchanged: 1, removed: 0, failed: 1 });
    expect(second.failures).toEqual([expect.objectContaining({ source: "<document stream> item 2", code: "INVALID_ARGUMENT" })]);
    expect((await rag.collection.get({ ids: ["doc-2#0"] }))[0]!.content).toContain("something else");
    expect(await rag.collection.count()).toBe(4);
  } finally {
    await rag.close();
  }
});

it("an abort while the stream is read stops it, runs the generator's cleanup and writes what it had whole", async () => {
  const rag = await createRag({ url: ":memory:", embedder: countingEmbedder() });
  try {
    const controller = new AbortController();
    let cleanedUp = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          if (i === 1500) controller.abort();
          yield doc(i);
        }
      } finally {
        cleanedUp = true;
      }
    }
    await expect(rag.ingest(endless(), { signal: controller.signal })).rejects.toBeRagError("ABORTED");
    expect(cleanedUp).toBe(true);
    const written = await rag.collection.count();
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(1500);
    const stats = await rag.collection.stats();
    expect(stats.documents).toBe(written);
  } finally {
    await rag.close();
  }
});
