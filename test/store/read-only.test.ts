import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/index.js";
import { describeEachTarget, uniqueName } from "../support/targets.js";

const vector = (i: number) => Float32Array.from({ length: 4 }, (_, j) => (j === i % 4 ? 1 : 0.1));

describeEachTarget("openStore({ readOnly })", (target) => {
  it("reads what a writable store wrote, and neither creates nor drops a collection", async () => {
    const name = uniqueName("ro");
    const other = uniqueName("ro_new");
    const writer = await target.open();
    try {
      const col = await writer.collection(name, { dimensions: 4, embedderId: "e1" });
      await col.upsert([0, 1, 2].map((i) => ({ id: `r${i}`, content: `row ${i}`, vector: vector(i) })));
      // :memory: is one database per connection, so only the writer itself can be reopened there.
      const reader =
        target.kind === "memory" ? undefined : await openStore({ ...target.options(), ...(target.kind === "file" ? { url: writer.url } : {}), readOnly: true });
      if (!reader) return;
      try {
        expect(reader.readOnly).toBe(true);
        const mine = await reader.collection(name);
        expect(await mine.count()).toBe(3);
        const hits = await mine.query({ vector: vector(1), topK: 2 });
        expect(hits[0]!.id).toBe("r1");
        await expect(reader.collection(other, { dimensions: 4 })).rejects.toBeRagError("NOT_FOUND");
        await expect(reader.dropCollection(name)).rejects.toThrow(/read-only/);
      } finally {
        await reader.close();
      }
      expect((await writer.listCollections()).map((c) => c.name)).not.toContain(other);
      expect(await (await writer.collection(name)).count()).toBe(3);
    } finally {
      await writer.close();
    }
  });

  it.skipIf(target.kind !== "memory")("on a database without libsql-rag's tables it lists no collections and creates none", async () => {
    const store = await openStore({ url: ":memory:", readOnly: true });
    try {
      expect(await store.listCollections()).toEqual([]);
      const rs = await store.client.execute("SELECT count(*) AS n FROM sqlite_master");
      expect(Number(rs.rows[0]!.n)).toBe(0);
    } finally {
      await store.close();
    }
  });
});

describe("openStore({ readOnly }) on local files", () => {
  const dir = mkdtempSync(join(tmpdir(), "libsql-rag-ro-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const digest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

  it("a missing file is NOT_FOUND, names the path, and is not created", async () => {
    const path = join(dir, "missing.db");
    const error = await openStore({ url: `file:${path}`, readOnly: true }).catch((e: unknown) => e);
    expect(error).toBeRagError("NOT_FOUND");
    expect((error as Error).message).toContain(`No database at ${path}`);
    expect(existsSync(path)).toBe(false);
  });

  it("changes not a byte of the file, not even to record the embedder, and refuses writes", async () => {
    const path = join(dir, "ro.db");
    const writer = await openStore({ url: `file:${path}` });
    await (await writer.collection("docs", { dimensions: 4 })).upsert([{ id: "a", content: "a", vector: vector(0) }]);
    await writer.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    await writer.close();
    const before = digest(path);
    const reader = await openStore({ url: `file:${path}`, readOnly: true });
    try {
      const col = await reader.collection("docs", { embedderId: "claims-it" });
      expect(col.info.embedderId).toBeNull();
      const error = await col.upsert([{ id: "b", content: "b", vector: vector(1) }]).catch((e: unknown) => e);
      expect(error).toBeRagError("STORE_ERROR");
      expect((error as Error).message).toMatch(/read-only/);
    } finally {
      await reader.close();
    }
    expect(digest(path)).toBe(before);
  });

  it("an empty file has no collections and stays empty", async () => {
    const path = join(dir, "empty.db");
    writeFileSync(path, "");
    const store = await openStore({ url: `file:${path}`, readOnly: true });
    expect(await store.listCollections()).toEqual([]);
    await store.close();
    expect(readFileSync(path).length).toBe(0);
  });

  it("a database that needs a migration is a clear error, not a write", async () => {
    const path = join(dir, "old.db");
    const writer = await openStore({ url: `file:${path}` });
    await writer.client.execute("UPDATE rag_meta SET value = '1' WHERE key = 'schema_version'");
    await writer.close();
    await expect(openStore({ url: `file:${path}`, readOnly: true })).rejects.toThrow(/needs an upgrade to version 3, which a read-only open cannot write/);
  });

  it("readOnly with syncUrl is INVALID_ARGUMENT", async () => {
    await expect(openStore({ url: `file:${join(dir, "r.db")}`, syncUrl: "http://127.0.0.1:9", readOnly: true })).rejects.toBeRagError("INVALID_ARGUMENT");
  });
});

describe("openStore: files that cannot be opened", () => {
  const dir = mkdtempSync(join(tmpdir(), "libsql-rag-open-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a missing folder is NOT_FOUND naming the folder, for writers too", async () => {
    const url = `file:${join(dir, "no", "such", "x.db")}`;
    const error = await openStore({ url }).catch((e: unknown) => e);
    expect(error).toBeRagError("NOT_FOUND");
    expect((error as Error).message).toContain(`the folder ${join(dir, "no", "such")} does not exist (missing from ${join(dir, "no")} on)`);
    expect(existsSync(join(dir, "no"))).toBe(false);
  });

  it("random bytes or text are CORRUPT: not a valid SQLite database (SQLITE_NOTADB)", async () => {
    for (const [name, content] of [
      ["random.db", randomBytes(4096)],
      ["text.db", "not a database\n".repeat(300)],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, content);
      for (const readOnly of [false, true]) {
        const error = await openStore({ url: `file:${path}`, readOnly }).catch((e: unknown) => e);
        expect(error, name).toBeRagError("CORRUPT");
        expect((error as Error).message).toMatch(/not a valid SQLite database \(SQLITE_NOTADB\)/);
        expect((error as Error).message).not.toMatch(/auth token/);
      }
    }
  });
});
