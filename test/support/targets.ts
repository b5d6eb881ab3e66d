import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { openStore, type Store, type StoreOptions } from "../../src/index.js";
import { startHranaServer, type HranaServer } from "./hrana-server.js";

export type TargetKind = "file" | "memory" | "http" | "ws" | "real";

/** One kind of database URL the suite runs against. */
export interface Target {
  kind: TargetKind;
  /** Opens a store on this target. Local targets get a fresh database each call; remote ones share a server. */
  open(extra?: Partial<StoreOptions>): Promise<Store>;
  /** The options `open()` would use, for code that opens its own store (createRag, CLI). */
  options(): StoreOptions;
}

let counter = 0;

/** A fresh, unique collection name, so tests on a shared remote database never collide. */
export function uniqueName(prefix = "c"): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

function kindsFromEnv(): TargetKind[] {
  const kinds: TargetKind[] = ["file", "memory", "http", "ws"];
  if (process.env.LIBSQL_TEST_URL) kinds.push("real");
  const only = process.env.RAG_TEST_TARGETS;
  return only ? kinds.filter((k) => only.split(",").includes(k)) : kinds;
}

/**
 * Runs `body` once per database target: a local file, `:memory:`, the Hrana test server over HTTP and
 * over WebSocket, and a real server when `LIBSQL_TEST_URL` is set.
 */
export function describeEachTarget(name: string, body: (target: Target) => void, kinds: TargetKind[] = kindsFromEnv()): void {
  for (const kind of kinds) {
    describe(`${name} [${kind}]`, () => {
      let server: HranaServer | undefined;
      let dir: string | undefined;
      beforeAll(async () => {
        if (kind === "http" || kind === "ws") server = await startHranaServer();
        if (kind === "file") dir = mkdtempSync(join(tmpdir(), "libsql-rag-test-"));
      });
      afterAll(async () => {
        await server?.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });
      const options = (): StoreOptions => {
        switch (kind) {
          case "file":
            counter += 1;
            return { url: `file:${join(dir!, `db-${counter}.db`)}` };
          case "memory":
            return { url: ":memory:" };
          case "http":
            return { url: server!.url };
          case "ws":
            return { url: server!.wsUrl };
          case "real":
            return { url: process.env.LIBSQL_TEST_URL!, ...(process.env.LIBSQL_TEST_AUTH_TOKEN ? { authToken: process.env.LIBSQL_TEST_AUTH_TOKEN } : {}) };
        }
      };
      body({ kind, options, open: (extra = {}) => openStore({ ...options(), ...extra }) });
    });
  }
}

/** Opens a store on `target`, runs `fn`, and always closes the store. */
export async function withStore<T>(target: Target, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await target.open();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
