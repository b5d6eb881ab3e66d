import { Document } from "@langchain/core/documents";
import { index } from "@langchain/core/indexing";
import { expect, it } from "vitest";
import type { Store } from "../../src/index.js";
import { LibSQLRagVectorStore, embeddingsFromEmbedder } from "../../src/langchain/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";
import { TestRecordManager } from "./record-manager.js";

const doc = (source: string, text: string) => new Document({ pageContent: text, metadata: { source } });

/** What the collection holds, as sorted "source|content" lines. */
async function contents(vs: LibSQLRagVectorStore): Promise<string[]> {
  const col = await vs.getCollection();
  return (await col.list({ limit: 10_000 })).map((r) => `${String(r.metadata.source)}|${r.content}`).sort();
}

function setup(store: Store) {
  const vectorStore = new LibSQLRagVectorStore(embeddingsFromEmbedder(hashEmbedder({ dimensions: 32 })), { store, collection: uniqueName("idx") });
  const recordManager = new TestRecordManager();
  return { vectorStore, recordManager };
}

describeEachTarget(
  "LangChain index() with LibSQLRagVectorStore",
  (target) => {
    it('cleanup "incremental" with sourceIdKey counts adds, skips, updates and deletes, and leaves exactly the indexed docs', async () => {
      await withStore(target, async (store) => {
        const { vectorStore, recordManager } = setup(store);
        const run = (docsSource: Document[], forceUpdate = false) =>
          index({ docsSource, recordManager, vectorStore, options: { cleanup: "incremental", sourceIdKey: "source", forceUpdate } });

        const v1 = [doc("a.md", "alpha one"), doc("a.md", "alpha two"), doc("b.md", "beta one"), doc("c.md", "gamma one")];
        expect(await run(v1)).toEqual({ numAdded: 4, numSkipped: 0, numUpdated: 0, numDeleted: 0 });
        expect(await contents(vectorStore)).toEqual(v1.map((d) => `${d.metadata.source}|${d.pageContent}`).sort());
        // The vector store's ids are the record manager's keys.
        expect((await (await vectorStore.getCollection()).list()).map((r) => r.id).sort()).toEqual([...recordManager.records.keys()].sort());

        expect(await run(v1)).toEqual({ numAdded: 0, numSkipped: 4, numUpdated: 0, numDeleted: 0 });

        // a.md changes one chunk and drops the other; b.md is unchanged; c.md is not in this run, so it stays.
        const v2 = [doc("a.md", "alpha one, edited"), doc("b.md", "beta one")];
        expect(await run(v2)).toEqual({ numAdded: 1, numSkipped: 1, numUpdated: 0, numDeleted: 2 });
        expect(await contents(vectorStore)).toEqual(["a.md|alpha one, edited", "b.md|beta one", "c.md|gamma one"]);

        expect(await run(v2, true)).toEqual({ numAdded: 0, numSkipped: 0, numUpdated: 2, numDeleted: 0 });
        expect(await contents(vectorStore)).toEqual(["a.md|alpha one, edited", "b.md|beta one", "c.md|gamma one"]);
        expect(recordManager.records.size).toBe(3);
      });
    });

    it('cleanup "full" removes everything not in the latest run', async () => {
      await withStore(target, async (store) => {
        const { vectorStore, recordManager } = setup(store);
        const run = (docsSource: Document[]) =>
          index({ docsSource, recordManager, vectorStore, options: { cleanup: "full", sourceIdKey: "source", batchSize: 2 } });

        // index() drops duplicates within a batch (of 2 here): the two "delta" documents share one.
        const v1 = [doc("a.md", "alpha"), doc("b.md", "beta"), doc("d.md", "delta"), doc("d.md", "delta"), doc("c.md", "gamma")];
        expect(await run(v1)).toEqual({ numAdded: 4, numSkipped: 0, numUpdated: 0, numDeleted: 0 });
        expect(await contents(vectorStore)).toEqual(["a.md|alpha", "b.md|beta", "c.md|gamma", "d.md|delta"]);

        const v2 = [doc("b.md", "beta"), doc("e.md", "epsilon"), doc("c.md", "gamma, revised")];
        expect(await run(v2)).toEqual({ numAdded: 2, numSkipped: 1, numUpdated: 0, numDeleted: 3 });
        expect(await contents(vectorStore)).toEqual(["b.md|beta", "c.md|gamma, revised", "e.md|epsilon"]);
        expect(recordManager.records.size).toBe(3);

        expect(await run([])).toEqual({ numAdded: 0, numSkipped: 0, numUpdated: 0, numDeleted: 3 });
        expect(await (await vectorStore.getCollection()).count()).toBe(0);
      });
    });
  },
  ["file", "http"],
);
