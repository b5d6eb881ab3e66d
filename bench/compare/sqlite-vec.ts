// Worker: sqlite-vec 0.1.9, the other SQLite route: a `vec0` virtual table (brute force, exact) with the
// selectivity flags as vec0 metadata columns, so filtered KNN runs inside the extension
// (`WHERE embedding MATCH ? AND k = ? AND s10 = 1`). The extension is loaded into the `libsql` npm engine
// (better-sqlite3's API), the same engine as the project's Hrana test server; `better-sqlite3` itself would
// need its install script here.
import Database from "libsql";
import * as sqliteVec from "sqlite-vec";
import { fileBytes, packageVersion, row, runWorker, type Adapter } from "./common.js";

type Db = InstanceType<typeof Database>;

// The libsql binding binds a JS number as a REAL, which vec0 refuses for rowids, k and BOOLEAN columns.
const flag = (on: boolean) => (on ? 1n : 0n);

await runWorker(async (args) => {
  let db: Db | undefined;
  let insert: ReturnType<Db["prepare"]> | undefined;
  const queries = new Map<string, ReturnType<Db["prepare"]>>();
  const adapter: Adapter = {
    library: "sqlite-vec",
    version: `${packageVersion("node_modules/sqlite-vec")} (in libsql ${packageVersion("node_modules/libsql")})`,
    preset: args.preset,
    notes: ["vec0 table, cosine, exact KNN; flags as vec0 metadata columns filtered inside the KNN"],
    async setup(dim) {
      db = new Database(args.db);
      db.loadExtension(sqliteVec.getLoadablePath());
      db.exec("PRAGMA journal_mode = WAL");
      db.exec(`CREATE VIRTUAL TABLE v USING vec0(embedding float[${dim}] distance_metric=cosine, s1 boolean, s10 boolean, s50 boolean)`);
      insert = db.prepare("INSERT INTO v(rowid, embedding, s1, s10, s50) VALUES (?, ?, ?, ?, ?)");
    },
    async open() {
      db = new Database(args.db, { fileMustExist: true });
      db.loadExtension(sqliteVec.getLoadablePath());
    },
    async insert(ds, start, end) {
      db!.exec("BEGIN");
      for (let i = start; i < end; i++) {
        const v = row(ds.vectors, ds.dim, i);
        insert!.run([BigInt(i), Buffer.from(v.buffer, v.byteOffset, v.byteLength), flag(i % 100 === 0), flag(i % 10 === 0), flag(i % 2 === 0)]);
      }
      db!.exec("COMMIT");
    },
    async query(vector, k, flag) {
      const key = flag ?? "";
      let stmt = queries.get(key);
      if (!stmt) {
        stmt = db!.prepare(`SELECT rowid AS i FROM v WHERE embedding MATCH ? AND k = ?${flag ? ` AND ${flag} = 1` : ""} ORDER BY distance`);
        queries.set(key, stmt);
      }
      const rows = stmt.all([Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength), BigInt(k)]) as { i: number | bigint }[];
      return rows.map((r) => Number(r.i));
    },
    async bytes() {
      db!.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      return fileBytes(args.db);
    },
    async close() {
      db?.close();
    },
  };
  return adapter;
});
