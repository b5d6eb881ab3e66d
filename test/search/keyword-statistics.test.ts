import { expect, it } from "vitest";
import { openStore } from "../../src/index.js";
import type { Collection, Store } from "../../src/index.js";
import { COLLECTION_SCHEMA_VERSION } from "../../src/db/migrations.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { installOlderFullText } from "../support/older-full-text.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const embedder = hashEmbedder({ dimensions: 32 });
const vec = async (text: string) => (await embedder.embed([text]))[0]!;

const PAGES = [
  { id: "wal", content: "Write-ahead logging lets readers run while a writer commits.", metadata: { title: "WAL", headings: ["Overview"] } },
  { id: "vac", content: "VACUUM rebuilds the database file and frees pages.", metadata: { title: "Vacuum" } },
  { id: "fts", content: "FTS5 ranks rows with BM25; the database keeps an index of words.", metadata: { title: "Full-text search" } },
  { id: "pragma", content: "A pragma changes how the database behaves, such as its journal mode.", metadata: { title: "Pragmas" } },
];

async function upsertPages(col: Collection, pages: typeof PAGES): Promise<void> {
  await col.upsert(await Promise.all(pages.map(async (page) => ({ ...page, documentId: page.id, vector: await vec(page.id) }))));
}

async function scores(col: Collection, text: string): Promise<string[]> {
  const hits = await col.query({ text, mode: "keyword", topK: 10 });
  return hits.map((hit) => `${hit.id} ${hit.score.toFixed(9)}`);
}

/** Every term of a collection's full-text index with how many rows and instances hold it, per column. */
async function vocabulary(store: Store, col: Collection): Promise<unknown[]> {
  const fts = (col as unknown as { tables: { fts: string } }).tables.fts;
  const vocab = `"${fts}_vocab_test"`;
  await store.client.execute(`CREATE VIRTUAL TABLE IF NOT EXISTS ${vocab} USING fts5vocab("${fts}", 'col')`);
  try {
    const rs = await store.client.execute(`SELECT term, col, doc, cnt FROM ${vocab} ORDER BY term, col`);
    return rs.rows.map((row) => [row.term, row.col, row.doc, row.cnt]);
  } finally {
    await store.client.execute(`DROP TABLE ${vocab}`);
  }
}

describeEachTarget("keyword search: BM25 statistics after rewrites", (target) => {
  it("scores a collection whose chunks were rewritten and deleted exactly as one written once", async () => {
    await withStore(target, async (store) => {
      const fresh = await store.collection(uniqueName("fresh"), { dimensions: 32 });
      await upsertPages(fresh, PAGES);
      const rewritten = await store.collection(uniqueName("rewritten"), { dimensions: 32 });
      // A first ingest, a re-ingest that changes every chunk, more pages that are then deleted, and the final text.
      await upsertPages(
        rewritten,
        PAGES.map((page) => ({ ...page, content: `${page.content} (draft)` })),
      );
      await upsertPages(
        rewritten,
        PAGES.map((page) => ({ ...page, content: `${page.content} Older words about the database.` })),
      );
      await upsertPages(
        rewritten,
        [1, 2, 3].map((n) => ({ id: `extra${n}`, content: `An extra database page ${n}.`, metadata: { title: `Extra ${n}` } })),
      );
      await rewritten.delete({ ids: ["extra1", "extra2", "extra3"] });
      await upsertPages(rewritten, PAGES);
      for (const text of ["database", "database pages index", "writer commits"]) {
        expect(await scores(rewritten, text), text).toEqual(await scores(fresh, text));
      }
      // And the index holds the same terms in the same rows and columns: a 'delete' with other values than were
      // indexed would leave phantom entries behind, which FTS5's integrity-check cannot see in a contentless table.
      expect(await vocabulary(store, rewritten)).toEqual(await vocabulary(store, fresh));
    });
  });
});

describeEachTarget("keyword search: migration of a version-3 full-text index", (target) => {
  it("rebuilds the index whose deletes never left BM25's statistics when a collection of the previous release is opened", async () => {
    const name = uniqueName("mig3");
    const options = target.options();
    const first = await openStore(options);
    const col = await first.collection(name, { dimensions: 32 });
    // The previous release's index: contentless_delete, with triggers that delete by rowid.
    const { fts } = await installOlderFullText(first, col, 3, ({ chunks, fts, trigger }) => {
      const insert = (row: string) =>
        `INSERT INTO ${fts} (rowid, title, headings, content) VALUES (${row}.rid, json_extract(${row}.metadata, '$.title'), NULL, ${row}.content);`;
      return [
        `CREATE VIRTUAL TABLE ${fts} USING fts5(title, headings, content, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2')`,
        `CREATE TRIGGER ${trigger("ai")} AFTER INSERT ON ${chunks} BEGIN ${insert("new")} END`,
        `CREATE TRIGGER ${trigger("ad")} AFTER DELETE ON ${chunks} BEGIN DELETE FROM ${fts} WHERE rowid = old.rid; END`,
        `CREATE TRIGGER ${trigger("au")} AFTER UPDATE OF content, metadata ON ${chunks} BEGIN DELETE FROM ${fts} WHERE rowid = old.rid; ${insert("new")} END`,
      ];
    });
    await upsertPages(
      col,
      PAGES.map((page) => ({ ...page, content: `${page.content} (draft)` })),
    );
    await upsertPages(col, PAGES);
    const fresh = await first.collection(uniqueName("fresh"), { dimensions: 32 });
    await upsertPages(fresh, PAGES);
    // Under the old index, the rewrite left its rows in BM25's statistics: the scores differ from a fresh index's.
    expect(await scores(col, "database")).not.toEqual(await scores(fresh, "database"));
    if (target.kind !== "memory") await first.close();

    const second = target.kind === "memory" ? first : await openStore(options);
    try {
      const upgraded = await second.collection(name);
      expect(upgraded.info.schemaVersion).toBe(COLLECTION_SCHEMA_VERSION);
      const again = await second.collection(fresh.name);
      expect(await scores(upgraded, "database")).toEqual(await scores(again, "database"));
      // Writes after the upgrade keep it exact, and the index passes FTS5's own check.
      await upsertPages(
        upgraded,
        PAGES.map((page) => ({ ...page, content: `${page.content} (revised)` })),
      );
      await upsertPages(upgraded, PAGES);
      expect(await scores(upgraded, "database")).toEqual(await scores(again, "database"));
      await second.client.execute(`INSERT INTO ${fts} (${fts}, rank) VALUES ('integrity-check', 0)`);
    } finally {
      await second.close();
    }
  });
});
