import { once } from "node:events";
import { createClient, LibsqlError, type Client, type Config } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startHranaServer, type HranaServer } from "./support/hrana-server.js";

type Transport = "http" | "ws";

function urlFor(server: HranaServer, transport: Transport): string {
  return transport === "http" ? server.url : server.wsUrl;
}

/** Opens a client, runs `fn`, and closes the client even when `fn` throws. */
async function withClient<T>(url: string, fn: (client: Client) => Promise<T>, config: Partial<Config> = {}) {
  const client = createClient({ url, ...config });
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/** Rejects with the error `promise` rejects with, or fails when it resolves. */
async function errorOf(promise: Promise<unknown>): Promise<LibsqlError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LibsqlError);
    return error as LibsqlError;
  }
  throw new Error("Expected the operation to fail, but it succeeded");
}

function f32Blob(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

type Json = any; // raw protocol replies, checked field by field by the assertions

/** One raw `POST /v2/pipeline`: what the client library does under the hood. */
async function pipeline(url: string, baton: string | null, requests: object[]): Promise<Json> {
  const response = await fetch(`${url}/v2/pipeline`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ baton, requests }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

const sql = (text: string, args: object[] = []) => ({ type: "execute", stmt: { sql: text, args } });
const int = (value: number) => ({ type: "integer", value: String(value) });

/** A raw Hrana 2 WebSocket session that sends requests and returns the server's reply to each. */
async function rawWs(url: string): Promise<{ request(request: object): Promise<Json>; close(): void }> {
  const socket = new WebSocket(url, ["hrana2"]);
  const replies = new Map<number, (reply: Json) => void>();
  let hello: Json;
  socket.on("message", (data) => {
    const message = JSON.parse(String(data));
    if (message.type === "hello_ok" || message.type === "hello_error") hello = message;
    else replies.get(message.request_id)?.(message);
  });
  await once(socket, "open");
  expect(socket.protocol).toBe("hrana2");
  socket.send(JSON.stringify({ type: "hello", jwt: null }));
  let nextId = 0;
  return {
    request(request) {
      const requestId = nextId++;
      socket.send(JSON.stringify({ type: "request", request_id: requestId, request }));
      return new Promise((resolve) => replies.set(requestId, resolve)).then((reply) => {
        expect(hello?.type).toBe("hello_ok");
        return reply;
      });
    },
    close: () => socket.close(),
  };
}

describe("hrana test server", () => {
  let server: HranaServer;

  beforeAll(async () => {
    server = await startHranaServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it("answers the HTTP v2 version check", async () => {
    const response = await fetch(`${server.url}/v2`);
    expect(response.status).toBe(200);
    await response.text();
  });

  describe.each<Transport>(["http", "ws"])("over %s", (transport) => {
    const table = (name: string) => `${name}_${transport}`;
    let url: string;

    beforeAll(() => {
      url = urlFor(server, transport);
    });

    it("round-trips integers, floats, text, blobs and NULL", async () => {
      await withClient(url, async (client) => {
        const t = table("vals");
        await client.execute(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB)`);
        const blob = f32Blob([0.1, -2.5, 3.25, 1e-30]);
        const inserted = await client.execute({
          sql: `INSERT INTO ${t} (i, r, s, b) VALUES (?, ?, ?, ?)`,
          args: [42, 1.5, "héllo ✓", blob],
        });
        expect(inserted.rowsAffected).toBe(1);
        expect(inserted.lastInsertRowid).toBe(1n);
        await client.execute({ sql: `INSERT INTO ${t} (i, r, s, b) VALUES (:i, @r, $s, NULL)`, args: { i: 7, r: 0.25, s: null } });

        const rs = await client.execute(`SELECT id, i, r, s, b, typeof(i) AS ti FROM ${t} ORDER BY id`);
        expect(rs.columns).toEqual(["id", "i", "r", "s", "b", "ti"]);
        expect(rs.columnTypes).toEqual(["INTEGER", "INTEGER", "REAL", "TEXT", "BLOB", ""]);
        expect(rs.rowsAffected).toBe(0);
        const [first, second] = rs.rows;
        expect(first?.i).toBe(42);
        expect(first?.ti).toBe("integer");
        expect(first?.r).toBe(1.5);
        expect(first?.s).toBe("héllo ✓");
        const back = new Float32Array(first?.b as ArrayBuffer);
        expect(Array.from(back)).toEqual(Array.from(new Float32Array(blob.buffer)));
        expect(new Uint8Array(first?.b as ArrayBuffer)).toEqual(blob);
        expect(second?.i).toBe(7);
        expect(second?.s).toBeNull();
        expect(second?.b).toBeNull();
      });
    });

    it("keeps integers beyond 2^53 exact with intMode bigint", async () => {
      await withClient(
        url,
        async (client) => {
          const big = 9_007_199_254_740_993n;
          const rs = await client.execute({ sql: "SELECT ? AS v, ? AS w, typeof(?) AS t", args: [big, -(2n ** 63n), big] });
          expect(rs.rows[0]?.v).toBe(big);
          expect(rs.rows[0]?.w).toBe(-(2n ** 63n));
          expect(rs.rows[0]?.t).toBe("integer");
        },
        { intMode: "bigint" },
      );
    });

    it("commits a write batch as one transaction, and rolls all of it back when a statement fails", async () => {
      await withClient(url, async (client) => {
        const t = table("batch");
        await client.execute(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`);
        const results = await client.batch(
          [
            { sql: `INSERT INTO ${t} VALUES (?, ?)`, args: [1, "a"] },
            { sql: `INSERT INTO ${t} VALUES (?, ?)`, args: [2, "b"] },
            `SELECT count(*) AS n FROM ${t}`,
          ],
          "write",
        );
        expect(results).toHaveLength(3);
        expect(results[2]?.rows[0]?.n).toBe(2);

        const error = await errorOf(
          client.batch(
            [
              { sql: `INSERT INTO ${t} VALUES (?, ?)`, args: [3, "c"] },
              { sql: `INSERT INTO ${t} VALUES (?, ?)`, args: [1, "duplicate"] },
              { sql: `INSERT INTO ${t} VALUES (?, ?)`, args: [4, "d"] },
            ],
            "write",
          ),
        );
        expect(error.code).toBe("SQLITE_CONSTRAINT");
        const rs = await client.execute(`SELECT id FROM ${t} ORDER BY id`);
        expect(rs.rows.map((row) => row.id)).toEqual([1, 2]);
      });
    });

    it("commits and rolls back interactive transactions", async () => {
      await withClient(url, async (client) => {
        const t = table("tx");
        await client.execute(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY)`);

        const committed = await client.transaction("write");
        await committed.execute({ sql: `INSERT INTO ${t} VALUES (?)`, args: [1] });
        const inside = await committed.execute(`SELECT count(*) AS n FROM ${t}`);
        expect(inside.rows[0]?.n).toBe(1);
        await committed.commit();

        const rolledBack = await client.transaction("write");
        await rolledBack.execute({ sql: `INSERT INTO ${t} VALUES (?)`, args: [2] });
        await rolledBack.rollback();

        const rs = await client.execute(`SELECT id FROM ${t}`);
        expect(rs.rows.map((row) => row.id)).toEqual([1]);
      });
    });

    it("runs several statements with executeMultiple", async () => {
      await withClient(url, async (client) => {
        const t = table("multi");
        await client.executeMultiple(`
          CREATE TABLE ${t} (x INTEGER);
          CREATE TABLE ${t}_log (x INTEGER);
          CREATE TRIGGER ${t}_tr AFTER INSERT ON ${t} BEGIN
            INSERT INTO ${t}_log VALUES (new.x * 10);
            INSERT INTO ${t}_log VALUES (new.x * 100);
          END;
          INSERT INTO ${t} VALUES (1); -- a comment; with a semicolon
          INSERT INTO ${t} VALUES ('2;');
        `);
        const rs = await client.execute(`SELECT sum(x) AS s, (SELECT sum(x) FROM ${t}_log) AS l FROM ${t}`);
        expect(rs.rows[0]?.s).toBe(3);
        expect(rs.rows[0]?.l).toBe(330);
      });
    });

    it("reports errors with the primary SQLite code only", async () => {
      await withClient(url, async (client) => {
        const t = table("errs");
        await client.execute(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY)`);
        await client.execute(`INSERT INTO ${t} VALUES (1)`);
        const constraint = await errorOf(client.execute(`INSERT INTO ${t} VALUES (1)`));
        expect(constraint.code).toBe("SQLITE_CONSTRAINT");
        expect(constraint.message).toMatch(/UNIQUE constraint failed/);
        const syntax = await errorOf(client.execute("SELEC 1"));
        expect(syntax.code).toBe("SQLITE_ERROR");
      });
    });

    it("supports F32_BLOB columns, libsql_vector_idx and vector_top_k", async () => {
      await withClient(url, async (client) => {
        const t = table("vec");
        await client.batch(
          [
            `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, embedding F32_BLOB(3))`,
            `CREATE INDEX ${t}_idx ON ${t} (libsql_vector_idx(embedding, 'metric=cosine'))`,
            { sql: `INSERT INTO ${t} VALUES (1, ?)`, args: [f32Blob([1, 0, 0])] },
            { sql: `INSERT INTO ${t} VALUES (2, vector32(?))`, args: ["[0, 1, 0]"] },
            { sql: `INSERT INTO ${t} VALUES (3, ?)`, args: [f32Blob([0.9, 0.1, 0])] },
          ],
          "write",
        );
        const rs = await client.execute({
          sql: `SELECT t.id, vector_distance_cos(t.embedding, vector32(?)) AS distance
                FROM vector_top_k('${t}_idx', vector32(?), 2) AS top JOIN ${t} AS t ON t.rowid = top.id
                ORDER BY distance`,
          args: ["[1, 0, 0]", "[1, 0, 0]"],
        });
        expect(rs.rows.map((row) => row.id)).toEqual([1, 3]);
        expect(rs.rows[0]?.distance).toBeCloseTo(0, 6);
        const stored = await client.execute(`SELECT embedding FROM ${t} WHERE id = 2`);
        expect(Array.from(new Float32Array(stored.rows[0]?.embedding as ArrayBuffer))).toEqual([0, 1, 0]);
      });
    });

    it("supports FTS5", async () => {
      await withClient(url, async (client) => {
        const t = table("fts");
        await client.execute(`CREATE VIRTUAL TABLE ${t} USING fts5(body)`);
        await client.batch(
          [
            { sql: `INSERT INTO ${t} (body) VALUES (?)`, args: ["the quick brown fox"] },
            { sql: `INSERT INTO ${t} (body) VALUES (?)`, args: ["a lazy dog sleeps"] },
          ],
          "write",
        );
        const rs = await client.execute({ sql: `SELECT body, bm25(${t}) AS score FROM ${t} WHERE ${t} MATCH ?`, args: ["fox"] });
        expect(rs.rows.map((row) => row.body)).toEqual(["the quick brown fox"]);
        expect(typeof rs.rows[0]?.score).toBe("number");
      });
    });

    it("shows one client's committed writes to another", async () => {
      const t = table("shared");
      await withClient(url, async (writer) => {
        await withClient(url, async (reader) => {
          await writer.execute(`CREATE TABLE ${t} (v TEXT)`);
          await writer.execute({ sql: `INSERT INTO ${t} VALUES (?)`, args: ["from writer"] });
          const rs = await reader.execute(`SELECT v FROM ${t}`);
          expect(rs.rows.map((row) => row.v)).toEqual(["from writer"]);
        });
      });
    });

    it("makes a writer wait for another stream's transaction instead of failing", async () => {
      const t = table("waiting");
      await withClient(url, async (holder) => {
        await withClient(url, async (waiter) => {
          await holder.execute(`CREATE TABLE ${t} (v INTEGER)`);
          const tx = await holder.transaction("write");
          await tx.execute(`INSERT INTO ${t} VALUES (1)`);
          const waiting = waiter.execute(`INSERT INTO ${t} VALUES (2)`);
          const sameClient = holder.execute(`INSERT INTO ${t} VALUES (3)`);
          await tx.commit();
          await Promise.all([waiting, sameClient]);
          const rs = await waiter.execute(`SELECT v FROM ${t} ORDER BY v`);
          expect(rs.rows.map((row) => row.v)).toEqual([1, 2, 3]);
        });
      });
    });

    it("rolls back a transaction whose client closed without committing", async () => {
      const t = table("abandoned");
      await withClient(url, (client) => client.execute(`CREATE TABLE ${t} (v INTEGER)`));

      const abandoning = createClient({ url });
      const tx = await abandoning.transaction("write");
      await tx.execute({ sql: `INSERT INTO ${t} VALUES (?)`, args: [1] });
      abandoning.close();

      await withClient(url, async (client) => {
        await client.execute({ sql: `INSERT INTO ${t} VALUES (?)`, args: [2] });
        const rs = await client.execute(`SELECT v FROM ${t}`);
        expect(rs.rows.map((row) => row.v)).toEqual([2]);
      });
    });
  });

  describe("raw HTTP pipeline", () => {
    it("evaluates batch conditions: ok, error, not, and, or, is_autocommit", async () => {
      const body = await pipeline(server.url, null, [
        {
          type: "batch",
          batch: {
            steps: [
              { stmt: { sql: "SELECT 1" } },
              { stmt: { sql: "SELEC 1" } },
              { condition: { type: "ok", step: 0 }, stmt: { sql: "SELECT 2" } },
              { condition: { type: "ok", step: 1 }, stmt: { sql: "SELECT 3" } },
              { condition: { type: "error", step: 1 }, stmt: { sql: "SELECT 4" } },
              { condition: { type: "not", cond: { type: "ok", step: 1 } }, stmt: { sql: "SELECT 5" } },
              {
                condition: {
                  type: "and",
                  conds: [
                    { type: "ok", step: 0 },
                    { type: "error", step: 1 },
                  ],
                },
                stmt: { sql: "SELECT 6" },
              },
              {
                condition: {
                  type: "or",
                  conds: [
                    { type: "ok", step: 1 },
                    { type: "ok", step: 3 },
                  ],
                },
                stmt: { sql: "SELECT 7" },
              },
              { condition: { type: "is_autocommit" }, stmt: { sql: "BEGIN" } },
              { condition: { type: "is_autocommit" }, stmt: { sql: "SELECT 9" } },
              { stmt: { sql: "ROLLBACK" } },
            ],
          },
        },
        { type: "close" },
      ]);
      expect(body.baton).toBeNull();
      expect(body.base_url).toBeNull();
      const result = body.results[0].response.result;
      const ran = result.step_results.map((step: Json) => step !== null);
      expect(ran).toEqual([true, false, true, false, true, true, true, false, true, false, true]);
      expect(result.step_errors.map((error: Json) => error?.code ?? null)).toEqual([
        null,
        "SQLITE_ERROR",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
      expect(result.step_results[2].rows).toEqual([[{ type: "integer", value: "2" }]]);
    });

    it("serves store_sql, close_sql, describe, get_autocommit, sequence and named arguments", async () => {
      const first = await pipeline(server.url, null, [
        { type: "sequence", sql: "CREATE TABLE raw_http (id INTEGER PRIMARY KEY, v TEXT); BEGIN" },
        { type: "get_autocommit" },
        { type: "store_sql", sql_id: 1, sql: "INSERT INTO raw_http (v) VALUES (:v) RETURNING id" },
        {
          type: "execute",
          stmt: { sql_id: 1, named_args: [{ name: "v", value: { type: "text", value: "x" } }], want_rows: true },
        },
        { type: "execute", stmt: { sql_id: 1, named_args: [{ name: ":v", value: { type: "null" } }], want_rows: false } },
        { type: "describe", sql: "SELECT id AS one, ?2, :name FROM raw_http WHERE v = ?1" },
        { type: "describe", sql: "DELETE FROM raw_http" },
        { type: "describe", sql: "EXPLAIN SELECT 1" },
        { type: "close_sql", sql_id: 1 },
        { type: "execute", stmt: { sql_id: 1 } },
      ]);
      const [, autocommit, stored, inserted, second, select, del, explain, closed, missing] = first.results;
      expect(first.baton).toEqual(expect.any(String));
      expect(autocommit.response).toEqual({ type: "get_autocommit", is_autocommit: false });
      expect(stored.response).toEqual({ type: "store_sql" });
      expect(inserted.response.result).toEqual({
        cols: [{ name: "id", decltype: "INTEGER" }],
        rows: [[{ type: "integer", value: "1" }]],
        affected_row_count: 1,
        last_insert_rowid: "1",
      });
      expect(second.response.result.rows).toEqual([]);
      expect(second.response.result.last_insert_rowid).toBe("2");
      expect(select.response.result).toEqual({
        params: [{ name: "?1" }, { name: "?2" }, { name: ":name" }],
        cols: [
          { name: "one", decltype: "INTEGER" },
          { name: "?2", decltype: null },
          { name: ":name", decltype: null },
        ],
        is_explain: false,
        is_readonly: true,
      });
      expect(del.response.result.is_readonly).toBe(false);
      expect(explain.response.result.is_explain).toBe(true);
      expect(closed.response).toEqual({ type: "close_sql" });
      expect(missing).toMatchObject({ type: "error", error: { code: "SQL_NOT_FOUND" } });

      const second2 = await pipeline(server.url, first.baton, [
        sql("SELECT v, typeof(v) AS t FROM raw_http ORDER BY id"),
        sql("ROLLBACK"),
        { type: "get_autocommit" },
        { type: "close" },
        sql("SELECT 1"),
      ]);
      expect(second2.results[0].response.result.rows).toEqual([
        [
          { type: "text", value: "x" },
          { type: "text", value: "text" },
        ],
        [{ type: "null" }, { type: "text", value: "null" }],
      ]);
      expect(second2.results[2].response.is_autocommit).toBe(true);
      expect(second2.results[4]).toMatchObject({ type: "error", error: { code: "STREAM_CLOSED" } });
      expect(second2.baton).toBeNull();

      const stale = await fetch(`${server.url}/v2/pipeline`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ baton: first.baton, requests: [] }),
      });
      expect(stale.status).toBe(400);
      expect(stale.headers.get("content-type")).toBe("application/json");
      expect(await stale.json()).toMatchObject({ code: "STREAM_EXPIRED" });
    });

    it("keeps a stream usable after a statement gave up waiting for the write lock", async () => {
      const busy = await startHranaServer({ busyTimeoutMs: 50 });
      try {
        await pipeline(busy.url, null, [sql("CREATE TABLE p (v INTEGER)"), { type: "close" }]);
        const holder = await pipeline(busy.url, null, [sql("BEGIN IMMEDIATE"), sql("INSERT INTO p VALUES (1)")]);
        const victim = await pipeline(busy.url, null, [sql("INSERT INTO p VALUES (?)", [int(2)])]);
        expect(victim.results[0]).toMatchObject({ type: "error", error: { code: "SQLITE_BUSY" } });
        await pipeline(busy.url, holder.baton, [sql("COMMIT"), { type: "close" }]);
        // The failed statement must not leave the victim's connection on a stale snapshot, where this write
        // would either fail or report success and never commit.
        const retried = await pipeline(busy.url, victim.baton, [sql("INSERT INTO p VALUES (?)", [int(3)]), { type: "close" }]);
        expect(retried.results[0].type).toBe("ok");
        const check = await pipeline(busy.url, null, [sql("SELECT v FROM p ORDER BY v"), { type: "close" }]);
        expect(check.results[0].response.result.rows).toEqual([[int(1)], [int(3)]]);
      } finally {
        await busy.close();
      }
    });
  });

  describe("raw WebSocket", () => {
    it("serves streams, stored SQL, batches, describe and get_autocommit over hrana2", async () => {
      const ws = await rawWs(server.wsUrl);
      try {
        expect(await ws.request({ type: "open_stream", stream_id: 1 })).toMatchObject({ type: "response_ok" });
        const duplicate = await ws.request({ type: "open_stream", stream_id: 1 });
        expect(duplicate).toMatchObject({ type: "response_error", error: { code: "STREAM_EXISTS" } });
        await ws.request({ type: "store_sql", sql_id: 7, sql: "SELECT ? + 1 AS n" });
        const executed = await ws.request({ type: "execute", stream_id: 1, stmt: { sql_id: 7, args: [int(41)] } });
        expect(executed.response.result.rows).toEqual([[int(42)]]);
        const batch = await ws.request({
          type: "batch",
          stream_id: 1,
          batch: {
            steps: [{ stmt: { sql: "BEGIN" } }, { condition: { type: "not", cond: { type: "is_autocommit" } }, stmt: { sql_id: 7, args: [int(1)] } }],
          },
        });
        expect(batch.response.result.step_results[1].rows).toEqual([[int(2)]]);
        const autocommit = await ws.request({ type: "get_autocommit", stream_id: 1 });
        expect(autocommit.response).toEqual({ type: "get_autocommit", is_autocommit: false });
        const described = await ws.request({ type: "describe", stream_id: 1, sql_id: 7 });
        expect(described.response.result.params).toEqual([{ name: null }]);
        await ws.request({ type: "sequence", stream_id: 1, sql: "ROLLBACK; SELECT 1" });
        const after = await ws.request({ type: "get_autocommit", stream_id: 1 });
        expect(after.response.is_autocommit).toBe(true);
        expect(await ws.request({ type: "close_stream", stream_id: 1 })).toMatchObject({ type: "response_ok" });
        const gone = await ws.request({ type: "execute", stream_id: 1, stmt: { sql: "SELECT 1" } });
        expect(gone).toMatchObject({ type: "response_error", error: { code: "STREAM_NOT_FOUND" } });
      } finally {
        ws.close();
      }
    });
  });

  describe("idle HTTP streams", () => {
    it("are closed and rolled back after the idle timeout", async () => {
      const idle = await startHranaServer({ streamIdleTimeoutMs: 50, busyTimeoutMs: 0 });
      try {
        await withClient(idle.url, (client) => client.execute("CREATE TABLE t (v INTEGER)"));
        // A stream that begins a write transaction and is never heard from again.
        const response = await fetch(`${idle.url}/v2/pipeline`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            baton: null,
            requests: [
              { type: "execute", stmt: { sql: "BEGIN IMMEDIATE" } },
              { type: "execute", stmt: { sql: "INSERT INTO t VALUES (1)" } },
            ],
          }),
        });
        const body = (await response.json()) as { baton: string | null };
        expect(body.baton).toEqual(expect.any(String));

        await withClient(idle.url, async (client) => {
          await expect
            .poll(
              async () => {
                try {
                  await client.execute("INSERT INTO t VALUES (2)");
                  return "written";
                } catch (error) {
                  return (error as LibsqlError).code;
                }
              },
              { timeout: 5_000, interval: 20 },
            )
            .toBe("written");
          const rs = await client.execute("SELECT v FROM t");
          expect(rs.rows.map((row) => row.v)).toEqual([2]);
        });

        const stale = await fetch(`${idle.url}/v2/pipeline`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ baton: body.baton, requests: [{ type: "close" }] }),
        });
        expect(stale.status).toBe(400);
        await stale.text();
      } finally {
        await idle.close();
      }
    });
  });

  describe("authToken", () => {
    let secured: HranaServer;

    beforeAll(async () => {
      secured = await startHranaServer({ authToken: "s3cret" });
    });

    afterAll(async () => {
      await secured.close();
    });

    it.each<Transport>(["http", "ws"])("accepts the right token and refuses a wrong one over %s", async (transport) => {
      const url = urlFor(secured, transport);
      await withClient(
        url,
        async (client) => {
          const rs = await client.execute("SELECT 1 AS one");
          expect(rs.rows[0]?.one).toBe(1);
        },
        { authToken: "s3cret" },
      );

      const wrong = await withClient(url, (client) => errorOf(client.execute("SELECT 1")), { authToken: "nope" });
      expect(wrong.code).toMatch(/UNAUTHORIZED|HRANA_WEBSOCKET_ERROR|SERVER_ERROR/);
      const missing = await withClient(url, (client) => errorOf(client.execute("SELECT 1")));
      expect(missing.code).toMatch(/UNAUTHORIZED|HRANA_WEBSOCKET_ERROR|SERVER_ERROR/);
    });

    it("answers 401 to HTTP requests without the token", async () => {
      const response = await fetch(`${secured.url}/v2/pipeline`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer nope" },
        body: JSON.stringify({ baton: null, requests: [] }),
      });
      expect(response.status).toBe(401);
      await response.text();
    });
  });
});
