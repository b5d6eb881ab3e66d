import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, type Collection, type Store } from "../../src/index.js";
import type { CollectionTables } from "../../src/db/ddl.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const DIMS = 8;
const WORDS = ["wal", "vacuum", "index", "trigger", "pragma", "checkpoint", "journal", "cursor", "page", "schema"];
const vector = (i: number) => Float32Array.from({ length: DIMS }, (_, j) => Math.sin(i * 1.7 + j * 0.9) + (j === i % DIMS ? 2 : 0));

/** A collection of 20 rows in 4 documents, with the documents table filled as ingest would. */
async function seeded(store: Store, options: { indexedFields?: string[] } = {}): Promise<{ col: Collection; t: CollectionTables }> {
  // With a vector index, which local stores do not build unless asked: the checks cover it.
  const col = await store.collection(uniqueName("chk"), { dimensions: DIMS, index: true, ...options });
  await col.upsert(
    Array.from({ length: 20 }, (_, i) => ({
      id: `r${i}`,
      documentId: `d${i % 4}`,
      content: `row ${i} about ${WORDS[i % WORDS.length]}`,
      metadata: { title: `Doc ${i % 4}`, lang: i % 2 === 0 ? "en" : "fr" },
      vector: vector(i),
    })),
  );
  const t = (col as unknown as { tables: CollectionTables }).tables;
  for (let d = 0; d < 4; d++) {
    await store.client.execute({
      sql: `INSERT INTO "${t.documents}" (document_id, content_hash, chunk_count, updated_at) VALUES (?, 'h', 5, 'now')`,
      args: [`d${d}`],
    });
  }
  return { col, t };
}

/** The problems of one collection, as [check, message] pairs. */
async function problemsOf(store: Store, col: Collection): Promise<Array<[string, string]>> {
  const report = await store.check();
  return report.problems.filter((p) => p.collection === col.name).map((p) => [p.check, p.message]);
}

/** After a repair: the check is clean and both index kinds answer correctly. */
async function expectHealthy(store: Store, col: Collection): Promise<void> {
  expect(await problemsOf(store, col)).toEqual([]);
  const ann = await col.query({ vector: vector(7), topK: 3, strategy: "ann" });
  expect(ann[0]!.id).toBe("r7");
  expect(ann).toHaveLength(3);
  const keyword = await col.query({ text: "vacuum", mode: "keyword", topK: 10 });
  expect(keyword.map((h) => h.id).sort()).toEqual(["r1", "r11"]);
}

describeEachTarget("store.check and collection.reindex", (target) => {
  it("a healthy store checks ok, with every collection listed", async () => {
    await withStore(target, async (store) => {
      const { col } = await seeded(store);
      const { col: fielded } = await seeded(store, { indexedFields: ["lang"] });
      const report = await store.check();
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.integrity).toBe("integrity_check");
      expect(report.collections).toEqual(expect.arrayContaining([col.name, fielded.name]));
      expect((await store.check({ quick: true })).integrity).toBe("quick_check");
      await expect(store.check({ quik: true } as never)).rejects.toBeRagError("INVALID_ARGUMENT");
    });
  });

  const damages: Array<[string, (store: Store, t: CollectionTables) => Promise<void>, string, RegExp]> = [
    [
      "rows deleted from the vector index's shadow table",
      (s, t) =>
        s.client
          .execute(`DELETE FROM "${t.vectorIndex}_shadow" WHERE index_key IN (SELECT index_key FROM "${t.vectorIndex}_shadow" LIMIT 5)`)
          .then(() => undefined),
      "vector-index",
      /for 20 rows: 5 rows missing from it, 0 entries without a row/,
    ],
    [
      "the vector index dropped with its shadow table left behind",
      (s, t) => s.client.execute(`DROP INDEX "${t.vectorIndex}"`).then(() => undefined),
      "vector-index",
      /index .* is missing/,
    ],
    [
      "the full-text index emptied by 'delete-all'",
      (s, t) => s.client.execute(`INSERT INTO "${t.fts}" ("${t.fts}") VALUES ('delete-all')`).then(() => undefined),
      "full-text",
      /20 rows missing/,
    ],
    [
      "rows deleted from the full-text _docsize table",
      (s, t) => s.client.execute(`DELETE FROM "${t.fts}_docsize" WHERE id % 2 = 0`).then(() => undefined),
      "full-text",
      /10 rows missing/,
    ],
    ["a full-text trigger dropped", (s, t) => s.client.execute(`DROP TRIGGER "${t.chunks}_ai"`).then(() => undefined), "triggers", /_ai missing/],
    ["a change-log trigger dropped", (s, t) => s.client.execute(`DROP TRIGGER "${t.chunks}_ld"`).then(() => undefined), "triggers", /_ld missing/],
    [
      "a wrong chunk_count",
      (s, t) => s.client.execute(`UPDATE "${t.documents}" SET chunk_count = 9 WHERE document_id = 'd2'`).then(() => undefined),
      "documents",
      /"d2" records 9 and has 5/,
    ],
    [
      "a change-log sequence set back",
      (s, t) => s.client.execute({ sql: "UPDATE sqlite_sequence SET seq = 1 WHERE name = ?", args: [t.log] }).then(() => undefined),
      "change-log",
      /behind its newest entry/,
    ],
  ];

  for (const [what, damage, check, message] of damages) {
    it(`reports ${what}, and reindex() fixes it`, async () => {
      await withStore(target, async (store) => {
        const { col, t } = await seeded(store);
        try {
          expect(await problemsOf(store, col)).toEqual([]);
          await damage(store, t);
          const found = (await store.check()).problems.filter((p) => p.collection === col.name);
          expect(found.map((p) => p.check)).toContain(check);
          const problem = found.find((p) => p.check === check)!;
          expect(problem.message).toMatch(message);
          expect(problem.repair).toMatch(/repair|reindex/);
          const done = await col.reindex();
          expect(done).toMatchObject({ collection: col.name, rows: 20, vectorIndex: true, fullText: true });
          await expectHealthy(store, col);
          // The rebuilt triggers follow writes again: a new row is found by both indexes.
          await col.upsert([{ id: "new", documentId: "d0", content: "a fresh note on vacuum", vector: vector(99) }]);
          expect((await col.query({ vector: vector(99), topK: 1, strategy: "ann" }))[0]!.id).toBe("new");
          expect((await col.query({ text: "fresh", mode: "keyword", topK: 1 }))[0]!.id).toBe("new");
        } finally {
          await store.dropCollection(col.name);
        }
      });
    });
  }

  it("reindex() rebuilds a field index and keeps filtered queries right", async () => {
    await withStore(target, async (store) => {
      const { col, t } = await seeded(store, { indexedFields: ["lang"] });
      try {
        await store.client.execute(`DELETE FROM "${t.fields}"`);
        await store.client.execute(`DROP TRIGGER "${t.chunks}_fi"`);
        expect((await problemsOf(store, col)).map(([c]) => c)).toContain("triggers");
        expect((await col.reindex()).fieldIndex).toBe(true);
        await expectHealthy(store, col);
        expect(await col.count({ filter: { lang: "en" } })).toBe(10);
      } finally {
        await store.dropCollection(col.name);
      }
    });
  });

  it("reports an invalid registry row without opening the collection, and repair() leaves it to a person", async () => {
    await withStore(target, async (store) => {
      const { col } = await seeded(store);
      try {
        await store.client.execute({ sql: `UPDATE rag_collections SET index_options = '{"metric":' WHERE name = ?`, args: [col.name] });
        const found = (await store.check()).problems.filter((p) => p.collection === col.name);
        expect(found).toEqual([expect.objectContaining({ check: "registry", message: expect.stringMatching(/column index_options/) })]);
        expect(found[0]!.repair).toMatch(/Fix the row/);
        const repaired = await store.repair();
        expect(repaired.failed).toEqual([expect.objectContaining({ collection: col.name, message: expect.stringMatching(/index_options/) })]);
        expect(repaired.after.ok).toBe(false);
      } finally {
        await store.dropCollection(col.name);
      }
    });
  });

  it("store.repair() reindexes exactly the damaged collections", async () => {
    await withStore(target, async (store) => {
      const { col: damaged, t } = await seeded(store);
      const { col: fine } = await seeded(store);
      try {
        await store.client.execute(`DELETE FROM "${t.vectorIndex}_shadow" WHERE index_key % 3 = 0`);
        const report = await store.repair();
        expect(report.before.ok).toBe(false);
        expect(report.reindexed.map((r) => r.collection)).toEqual([damaged.name]);
        expect(report.failed).toEqual([]);
        expect(report.after).toMatchObject({ ok: true, problems: [] });
        await expectHealthy(store, damaged);
        await expectHealthy(store, fine);
      } finally {
        await store.dropCollection(damaged.name);
        await store.dropCollection(fine.name);
      }
    });
  });
});

describe("store.check on a damaged file", () => {
  const dir = mkdtempSync(join(tmpdir(), "libsql-rag-check-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const src = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

  it("a read-only store checks without writing, and repair() is refused", async () => {
    const file = join(dir, "ro.db");
    await withStore({ open: () => openStore({ url: `file:${file}` }) } as never, (store) => seeded(store));
    const before = readFileSync(file);
    const ro = await openStore({ url: `file:${file}`, readOnly: true });
    try {
      expect((await ro.check()).ok).toBe(true);
      await expect(ro.repair()).rejects.toThrow(/read-only/);
    } finally {
      await ro.close();
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("reports bytes overwritten in the middle of the file, in a child process that does not crash", async () => {
    const file = join(dir, "damaged.db");
    const store = await openStore({ url: `file:${file}` });
    const col = await store.collection("docs", { dimensions: DIMS, index: true });
    const text = "lorem ipsum dolor sit amet ".repeat(40);
    for (let b = 0; b < 4; b++) {
      await col.upsert(Array.from({ length: 100 }, (_, i) => ({ id: `r${b}-${i}`, content: `${text} ${i}`, vector: vector(b * 100 + i) })));
    }
    await store.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    await store.close();
    expect(existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0).toBe(false);
    const pageSize = readFileSync(file).readUInt16BE(16);
    const pages = statSync(file).size / pageSize;
    expect(pages).toBeGreaterThan(20);
    const fd = openSync(file, "r+");
    // A few pages past the middle, well away from page 1 (the header and the schema): garbage over whole pages.
    for (const page of [Math.floor(pages / 2), Math.floor(pages / 2) + 3, Math.floor((pages * 3) / 4)]) {
      writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, page * pageSize);
    }
    closeSync(fd);
    const script = join(dir, "check.mts");
    writeFileSync(
      script,
      `import { openStore } from ${JSON.stringify(src)};
       const store = await openStore({ url: ${JSON.stringify(`file:${file}`)}, readOnly: true });
       const report = await store.check();
       await store.close();
       process.stdout.write(JSON.stringify(report));`,
    );
    const child = spawnSync(process.execPath, ["--import", "tsx", script], {
      encoding: "utf8",
      timeout: 60_000,
      cwd: fileURLToPath(new URL("../../", import.meta.url)),
    });
    expect(child.signal, child.stderr).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const report = JSON.parse(child.stdout) as { ok: boolean; problems: Array<{ collection?: string; check: string; message: string; repair?: string }> };
    expect(report.ok).toBe(false);
    const integrity = report.problems.filter((p) => p.check === "integrity");
    expect(integrity.length).toBeGreaterThan(0);
    // Damage the whole-file check cannot itemise is still pinned to the collection's tables.
    expect(integrity.some((p) => p.collection === "docs")).toBe(true);
    expect(integrity[0]!.repair).toMatch(/backup|REINDEX|repair/);
  });
});
