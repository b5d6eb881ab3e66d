import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, RagError } from "../../src/index.js";
import { translateError, withStoreErrors } from "../../src/db/driver-errors.js";

describe("driver errors: translated once at the store boundary", () => {
  it("maps local extended codes and remote primary codes alike", () => {
    const local = Object.assign(new Error("SQLITE_CONSTRAINT: UNIQUE constraint failed"), {
      code: "SQLITE_CONSTRAINT",
      extendedCode: "SQLITE_CONSTRAINT_PRIMARYKEY",
    });
    const remote = Object.assign(new Error("UNIQUE constraint failed"), { code: "SQLITE_CONSTRAINT" });
    const localOnlyExtended = Object.assign(new Error("x"), { code: "SQLITE_CONSTRAINT_UNIQUE" });
    for (const e of [local, remote, localOnlyExtended]) expect(translateError(e, "write").code).toBe("CONSTRAINT");
    expect(translateError(Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }), "w").code).toBe("BUSY");
    expect(translateError(Object.assign(new Error("x"), { code: "SQLITE_BUSY_SNAPSHOT" }), "w").code).toBe("BUSY");
    expect(translateError(Object.assign(new Error("closed"), { code: "HRANA_WEBSOCKET_ERROR" }), "w").code).toBe("CONNECTION_FAILED");
    expect(translateError(new TypeError("fetch failed", { cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }) }), "w").code).toBe(
      "CONNECTION_FAILED",
    );
    expect(translateError(Object.assign(new Error("vector index(insert): dimensions are different: 2 != 3"), { code: "SQLITE_ERROR" }), "w").code).toBe(
      "DIMENSION_MISMATCH",
    );
    const other = translateError(Object.assign(new Error("no such table: x"), { code: "SQLITE_ERROR" }), "read x");
    expect(other.code).toBe("STORE_ERROR");
    expect(other.message).toMatch(/^read x failed: no such table: x/);
    expect(other.cause).toBeInstanceOf(Error);
    const passthrough = new RagError("NOT_FOUND", "gone");
    expect(translateError(passthrough, "x")).toBe(passthrough);
  });

  const dir = mkdtempSync(join(tmpdir(), "busy-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("retries a busy write with backoff until the other writer lets go", async () => {
    const file = join(dir, "busy.db");
    const store = await openStore({ url: `file:${file}`, busyTimeoutMs: 0 });
    const col = await store.collection("c", { dimensions: 2 });
    const other = createClient({ url: `file:${file}` });
    const tx = await other.transaction("write");
    await tx.execute("INSERT INTO rag_meta (key, value) VALUES ('lock', '1')");
    const pending = col.upsert([{ id: "a", vector: [1, 0] }]);
    await new Promise((r) => setTimeout(r, 120));
    await tx.commit();
    await expect(pending).resolves.toEqual({ upserted: 1 });
    expect(await col.count()).toBe(1);
    other.close();
    await store.close();
  });

  it("gives up with BUSY when the lock is never released", async () => {
    const file = join(dir, "busy2.db");
    const store = await openStore({ url: `file:${file}`, busyTimeoutMs: 0 });
    const col = await store.collection("c", { dimensions: 2 });
    const other = createClient({ url: `file:${file}` });
    const tx = await other.transaction("write");
    await tx.execute("INSERT INTO rag_meta (key, value) VALUES ('lock', '1')");
    await expect(col.upsert([{ id: "a", vector: [1, 0] }])).rejects.toBeRagError("BUSY");
    await tx.rollback();
    expect(await col.count()).toBe(0);
    // The engine leaves a connection that hit BUSY inside a transaction it cannot commit; the store must
    // replace it, so this write really lands (another connection sees it).
    await col.upsert([{ id: "b", vector: [0, 1] }]);
    const seen = await other.execute("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'rag_c_%' AND type = 'table'");
    expect(Number(seen.rows[0]!.n)).toBeGreaterThan(0);
    const table = (await other.execute("SELECT table_name FROM rag_collections WHERE name = 'c'")).rows[0]!.table_name as string;
    expect((await other.execute(`SELECT id FROM "${table}"`)).rows.map((r) => r.id)).toEqual(["b"]);
    other.close();
    await store.close();
  });

  it("withStoreErrors does not retry errors other than BUSY", async () => {
    let calls = 0;
    await expect(
      withStoreErrors("x", async () => {
        calls += 1;
        throw Object.assign(new Error("boom"), { code: "SQLITE_ERROR" });
      }),
    ).rejects.toBeRagError("STORE_ERROR");
    expect(calls).toBe(1);
  });
});

describe("schema migrations", () => {
  it("a process that applies an older migration late never moves the schema version back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mig-"));
    try {
      const file = join(dir, "m.db");
      const first = await openStore({ url: `file:${file}` });
      await first.close();
      // Replay migration 1 as a slower process would, after migrations 2 and 3 are in.
      const { STORE_MIGRATIONS, recordSchemaVersion } = await import("../../src/db/migrations.js");
      const raw = createClient({ url: `file:${file}` });
      await raw.batch([...STORE_MIGRATIONS[0]!.statements, recordSchemaVersion(1)], "write");
      expect((await raw.execute("SELECT value FROM rag_meta WHERE key = 'schema_version'")).rows[0]![0]).toBe("3");
      raw.close();
      const again = await openStore({ url: `file:${file}` });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
