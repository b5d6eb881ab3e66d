import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createRag, type StoreOptions } from "../../src/index.js";
import { REGISTRY_TABLE } from "../../src/db/ddl.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, type Target, uniqueName } from "../support/targets.js";

const dir = mkdtempSync(join(tmpdir(), "libsql-rag-fts-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 40 pages of 30 paragraphs each: about 1,200 chunks at 300 characters. */
function writePages(): void {
  for (let page = 0; page < 40; page++) {
    const paragraphs = Array.from(
      { length: 30 },
      (_, i) => `Paragraph ${i} of page ${page} explains setting ${page * 100 + i}: ${"the option changes how the editor wraps lines. ".repeat(5)}`,
    );
    writeFileSync(join(dir, `page${page}.md`), `# Page ${page}\n\n${paragraphs.join("\n\n")}\n`);
  }
}
writePages();

// A collection that outlives each run: a file or a server's database (`:memory:` is a new database each time).
describeEachTarget(
  "the full-text index after an ingest run",
  (target: Target) => {
    // One database for the test: a file target's `options()` names a new file each call.
    let store: StoreOptions;
    const rag = (collection: string, size?: number) =>
      createRag({
        ...store,
        collection,
        embedder: hashEmbedder({ dimensions: 16 }),
        ...(size === undefined ? {} : { chunking: { size, overlap: 0 } }),
      });

    /** The rows of the collection's full-text segment table, and how many an explicit merge leaves. */
    async function segments(collection: string): Promise<{ rows: number; merged: number }> {
      const r = await rag(collection);
      try {
        const client = r.store.client;
        const named = await client.execute({ sql: `SELECT table_name FROM ${REGISTRY_TABLE} WHERE name = ?`, args: [collection] });
        const fts = `${String(named.rows[0]?.table_name)}_fts`;
        const count = async () => Number((await client.execute(`SELECT count(*) AS n FROM "${fts}_data"`)).rows[0]?.n);
        const rows = await count();
        await client.execute(`INSERT INTO "${fts}"("${fts}") VALUES ('optimize')`);
        return { rows, merged: await count() };
      } finally {
        await r.close();
      }
    }

    async function ingestWith(collection: string, size: number): Promise<number> {
      const r = await rag(collection, size);
      try {
        return (await r.ingest([dir])).chunks.written;
      } finally {
        await r.close();
      }
    }

    it("is merged into one segment when the run replaced much of the collection, and left to FTS5 otherwise", async () => {
      writePages();
      store = target.options();
      const name = uniqueName("merge");
      expect(await ingestWith(name, 300)).toBeGreaterThan(1000);
      // Every chunk again at another size: the old postings and their delete records are merged away.
      expect(await ingestWith(name, 280)).toBeGreaterThan(1000);
      const afterMassRun = await segments(name);
      expect(afterMassRun.rows).toBe(afterMassRun.merged);

      // One page changed: a few chunks, left to FTS5's own merging, so an explicit merge still has work.
      writeFileSync(join(dir, "page0.md"), "# Page 0\n\nOnly one paragraph is left of page zero, about the wrapping of lines.\n");
      expect(await ingestWith(name, 280)).toBeLessThan(10);
      const afterSmallRun = await segments(name);
      expect(afterSmallRun.rows).toBeGreaterThan(afterSmallRun.merged);

      // Search reads the merged index as before.
      const r = await rag(name);
      try {
        const hits = await r.search("setting 1507 wraps lines", { mode: "keyword", topK: 3 });
        expect(String(hits[0]?.metadata.source)).toMatch(/(^|\/)page15\.md$/);
      } finally {
        await r.close();
      }
    });
  },
  ["file", "http", "ws", ...(process.env.LIBSQL_TEST_URL ? (["real"] as const) : [])],
);
