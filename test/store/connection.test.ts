import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "@libsql/client";
import { defaultIndexOptions, openStore } from "../../src/index.js";

describe("local connections", () => {
  const dir = mkdtempSync(join(tmpdir(), "libsql-rag-conn-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const pragma = async (url: string, name: string, options: Record<string, unknown> = {}) => {
    const store = await openStore({ url, ...options });
    try {
      const rs = await store.client.execute(`PRAGMA ${name}`);
      return Object.values(rs.rows[0] ?? {})[0];
    } finally {
      await store.close();
    }
  };

  it("files get WAL, synchronous=NORMAL, the busy timeout, the page cache and a memory map", async () => {
    const url = `file:${join(dir, "a.db")}`;
    expect(await pragma(url, "journal_mode")).toBe("wal");
    expect(await pragma(url, "synchronous")).toBe(1);
    expect(await pragma(url, "busy_timeout", { busyTimeoutMs: 1234 })).toBe(1234);
    expect(await pragma(url, "cache_size", { cacheSizeMiB: 32 })).toBe(-32 * 1024);
    expect(await pragma(url, "mmap_size")).toBe(1024 * 1024 * 1024);
    expect(await pragma(url, "mmap_size", { mmapSizeMiB: 0 })).toBe(0);
  });

  it("new files get 16 KiB pages; an existing file keeps its page size and still opens", async () => {
    expect(await pragma(`file:${join(dir, "p16.db")}`, "page_size")).toBe(16384);
    const old = join(dir, "p4.db");
    const c = createClient({ url: `file:${old}` });
    await c.execute("PRAGMA page_size = 4096");
    await c.execute("CREATE TABLE t (a)");
    c.close();
    expect(await pragma(`file:${old}`, "page_size")).toBe(4096);
    const store = await openStore({ url: `file:${old}` });
    try {
      const col = await store.collection("c", { dimensions: 4 });
      await col.upsert([{ id: "a", content: "x", vector: [1, 0, 0, 0] }]);
      expect((await col.query({ vector: [1, 0, 0, 0], topK: 1 }))[0]!.id).toBe("a");
    } finally {
      await store.close();
    }
    expect(await pragma(`file:${old}`, "page_size")).toBe(4096);
  });

  it("a local store without a scan cache gives new collections the vector index by default; with one, none", async () => {
    const url = `file:${join(dir, "idx.db")}`;
    const cached = await openStore({ url });
    try {
      expect((await cached.collection("a", { dimensions: 8 })).info.index).toBe(false);
    } finally {
      await cached.close();
    }
    const uncached = await openStore({ url, scanCache: false });
    try {
      expect((await uncached.collection("b", { dimensions: 8 })).info.index).toEqual(defaultIndexOptions("cosine", 8));
      // Opening "a" (made without an index) through this store keeps it as it is.
      expect((await uncached.collection("a")).info.index).toBe(false);
    } finally {
      await uncached.close();
    }
  });

  it("refuses bad tuning values", async () => {
    for (const options of [{ mmapSizeMiB: -1 }, { mmapSizeMiB: 1.5 }, { cacheSizeMiB: 0 }, { busyTimeoutMs: -5 }]) {
      await expect(openStore({ url: `file:${join(dir, "b.db")}`, ...options })).rejects.toBeRagError("INVALID_ARGUMENT");
    }
  });
});
