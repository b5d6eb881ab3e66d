import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRag } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";

const dir = mkdtempSync(join(tmpdir(), "libsql-rag-fts-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 40 pages of 30 paragraphs each: about 1,200 chunks at 300 characters. */
for (let page = 0; page < 40; page++) {
  const paragraphs = Array.from(
    { length: 30 },
    (_, i) => `Paragraph ${i} of page ${page} explains setting ${page * 100 + i}: ${"the option changes how the editor wraps lines. ".repeat(5)}`,
  );
  writeFileSync(join(dir, `page${page}.md`), `# Page ${page}\n\n${paragraphs.join("\n\n")}\n`);
}

/** The rows of the collection's full-text index's segment table, and what they are once merged. */
async function segments(url: string): Promise<{ rows: number; merged: number }> {
  const rag = await createRag({ url, embedder: hashEmbedder({ dimensions: 16 }) });
  try {
    const fts = await ftsTable(rag);
    const count = async () => Number((await rag.store.client.execute(`SELECT count(*) AS n FROM "${fts}_data"`)).rows[0]?.n);
    const rows = await count();
    await rag.store.client.execute(`INSERT INTO "${fts}"("${fts}") VALUES ('optimize')`);
    return { rows, merged: await count() };
  } finally {
    await rag.close();
  }
}

async function ftsTable(rag: Awaited<ReturnType<typeof createRag>>): Promise<string> {
  const rs = await rag.store.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_fts' ESCAPE '\\'");
  return String(rs.rows[0]?.name);
}

async function ingestWith(url: string, size: number, only?: string): Promise<number> {
  const rag = await createRag({ url, embedder: hashEmbedder({ dimensions: 16 }), chunking: { size, overlap: 0 } });
  try {
    const report = await rag.ingest([only ?? dir]);
    return report.chunks.written;
  } finally {
    await rag.close();
  }
}

describe("the full-text index after an ingest run", () => {
  it("is merged into one segment when the run replaced much of the collection, and left to FTS5 otherwise", async () => {
    const url = `file:${join(dir, "merge.db")}`;
    expect(await ingestWith(url, 300)).toBeGreaterThan(1000);
    // Every chunk again at another size: the old postings and their delete records are merged away.
    expect(await ingestWith(url, 280)).toBeGreaterThan(1000);
    const afterMassRun = await segments(url);
    expect(afterMassRun.rows).toBe(afterMassRun.merged);

    // One page changed: a few chunks, left to FTS5's own merging, so an explicit merge still has work.
    writeFileSync(join(dir, "page0.md"), "# Page 0\n\nOnly one paragraph is left of page zero, about the wrapping of lines.\n");
    expect(await ingestWith(url, 280)).toBeLessThan(10);
    const afterSmallRun = await segments(url);
    expect(afterSmallRun.rows).toBeGreaterThan(afterSmallRun.merged);

    // Search reads the merged index as before.
    const rag = await createRag({ url, embedder: hashEmbedder({ dimensions: 16 }) });
    try {
      const hits = await rag.search("setting 1507 wraps lines", { mode: "keyword", topK: 3 });
      expect(String(hits[0]?.metadata.source)).toMatch(/(^|\/)page15\.md$/);
    } finally {
      await rag.close();
    }
  });
});
