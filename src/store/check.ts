import type { Client } from "@libsql/client";
import { infoFromRow, tablesFromRow, verifyVectorColumn, type CollectionInfo } from "../db/collection-info.js";
import { LEFT_OUT_VERSION } from "../db/migrations.js";
import { CHANGE_LOG_KEEP, REGISTRY_TABLE, type CollectionTables } from "../db/ddl.js";
import { quoteIdent } from "../db/sql.js";
import { IVF_TRIGGERS } from "../db/ivf.js";
import { partitionProblems } from "./check-partitions.js";

/** What {@link Store.check} verifies. */
export interface CheckOptions {
  /**
   * Run SQLite's `PRAGMA quick_check` instead of `PRAGMA integrity_check`: it skips the check that every
   * index matches its table, so it is several times faster on a large file and finds less.
   * @default false
   */
  quick?: boolean;
}

/** The part of the database a problem was found in. */
export type CheckName = "integrity" | "registry" | "tables" | "vector-index" | "full-text" | "documents" | "change-log" | "triggers" | "partitions";

/** One thing found wrong: what, where, and what to do about it. */
export interface CheckProblem {
  /** The collection it belongs to; absent for file-level problems that name no collection's table. */
  collection?: string;
  check: CheckName;
  message: string;
  /** What to do about it. */
  repair?: string;
}

/** The result of {@link Store.check}. `ok` is true exactly when `problems` is empty. */
export interface CheckReport {
  ok: boolean;
  problems: CheckProblem[];
  /** The collections checked, by name (from the registry). */
  collections: string[];
  /** Which SQLite check ran over the whole file. */
  integrity: "integrity_check" | "quick_check";
}

interface Ctx {
  client: Client;
  readOnly: boolean;
  /** Every schema object: name → type. */
  objects: Map<string, string>;
  problems: CheckProblem[];
  /** FTS5 tables the file-level check already found damaged. */
  damagedFts: Set<string>;
}

const INTEGRITY_LIMIT = 100;

const RESTORE =
  'The file itself is damaged. Stop every writer, keep a copy of the file, then restore a backup, or recover what can be read into a new file (see "When the database is damaged" in the README).';

/** "1 row", "2 rows". */
const n = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

const sqlCount = async (client: Client, sql: string): Promise<number> => Number((await client.execute(sql)).rows[0]?.n ?? 0);

/**
 * Verifies a store without changing it: SQLite's integrity check over the file, then for each collection
 * its registry row, tables, vector index, full-text index, documents table, change log and triggers. Only
 * reads: it never queries the vector index through `vector_top_k`, whose native code can crash on a damaged
 * index, and an error while checking one thing is reported as a problem instead of ending the check.
 */
export async function checkStore(client: Client, readOnly: boolean, options: CheckOptions = {}): Promise<CheckReport> {
  const pragma = options.quick ? "quick_check" : "integrity_check";
  const problems: CheckProblem[] = [];
  const ctx: Ctx = { client, readOnly, objects: new Map(), problems, damagedFts: new Set() };
  const master = await attempt(ctx, { check: "integrity" }, "read the schema", () => client.execute("SELECT type, name, rootpage FROM sqlite_master"));
  for (const row of master?.rows ?? []) ctx.objects.set(String(row.name), String(row.type));
  const rows = ctx.objects.has(REGISTRY_TABLE)
    ? ((
        await attempt(ctx, { check: "registry" }, "read the collection registry", () =>
          client.execute(`SELECT * FROM ${quoteIdent(REGISTRY_TABLE)} ORDER BY name`),
        )
      )?.rows ?? [])
    : [];
  const bases = rows.flatMap((row) => (typeof row.table_name === "string" ? [{ name: String(row.name), base: row.table_name }] : []));
  const report = (line: string, table?: string) =>
    problems.push({
      ...owner(`${table ?? ""} ${line}`, bases, ctx),
      check: "integrity",
      message: `SQLite ${pragma}${table === undefined ? "" : ` of ${table}`}: ${line}`,
      repair: integrityRepair(line),
    });
  const whole = await attempt(ctx, { check: "integrity" }, `run PRAGMA ${pragma}`, async () => {
    const rs = await client.execute(`PRAGMA ${pragma}(${INTEGRITY_LIMIT})`);
    for (const r of rs.rows) if (String(Object.values(r)[0]) !== "ok") report(String(Object.values(r)[0]));
    return true;
  });
  // The whole-file check stops at the first error it cannot report as a line (a damaged page under an FTS5
  // table, say); checking table by table still says which tables are damaged.
  if (whole === undefined) {
    for (const table of (master?.rows ?? []).filter((r) => r.type === "table" && Number(r.rootpage) > 0).map((r) => String(r.name))) {
      try {
        // Any table of the file, the user's own too, so quoted here rather than refused by quoteIdent.
        const rs = await client.execute(`PRAGMA ${pragma}("${table.replaceAll('"', '""')}")`);
        for (const r of rs.rows) if (String(Object.values(r)[0]) !== "ok") report(String(Object.values(r)[0]), table);
      } catch (error) {
        report(error instanceof Error ? error.message : String(error), table);
      }
    }
  }
  for (const row of rows) await checkCollection(ctx, row as Record<string, unknown>);
  return { ok: problems.length === 0, problems, collections: rows.map((r) => String(r.name)), integrity: pragma };
}

/** The collection whose table a message names (longest table-name match), and notes FTS5 tables found damaged. */
function owner(line: string, bases: Array<{ name: string; base: string }>, ctx: Ctx): { collection?: string } {
  const fts = /FTS5 table (?:\w+\.)?(\w+)/.exec(line)?.[1];
  if (fts !== undefined) ctx.damagedFts.add(fts);
  const hit = bases.filter((b) => line.includes(b.base)).sort((a, b) => b.base.length - a.base.length)[0];
  return hit ? { collection: hit.name } : {};
}

function integrityRepair(line: string): string {
  if (/FTS5 table/.test(line)) return "Rebuild the full-text index: libsql-rag repair (col.reindex()).";
  const index = /(?:missing from index|entries in index|in index) (\w+)/.exec(line)?.[1];
  if (index !== undefined && !/_vec$/.test(index)) {
    return `Only the B-tree index ${index} is damaged: rebuild it with REINDEX ${quoteIdent(index)} (any SQL shell on this database). ${RESTORE}`;
  }
  return RESTORE;
}

/** Runs one check step; a failure becomes a problem of that step instead of ending the whole check. */
async function attempt<T>(ctx: Ctx, where: { check: CheckName; collection?: string }, what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.problems.push({
      ...where,
      message: `Could not ${what}: ${message}`,
      repair: /CORRUPT|malformed/i.test(message) ? RESTORE : "Run the check again; if it keeps failing, look at the error above.",
    });
    return undefined;
  }
}

async function checkCollection(ctx: Ctx, row: Record<string, unknown>): Promise<void> {
  const collection = String(row.name);
  const at = (check: CheckName) => ({ collection, check });
  const reindex = `Rebuild the collection's indexes: libsql-rag repair --collection ${JSON.stringify(collection)} (or col.reindex()).`;
  const add = (check: CheckName, message: string, repair: string = reindex) => ctx.problems.push({ ...at(check), message, repair });
  let tables: CollectionTables;
  try {
    tables = tablesFromRow(row);
  } catch (error) {
    add("registry", (error as Error).message, `Fix the row in ${REGISTRY_TABLE} with SQL, or drop the collection and ingest again.`);
    return;
  }
  let info: CollectionInfo | undefined;
  try {
    info = infoFromRow(row).info;
  } catch (error) {
    add(
      "registry",
      (error as Error).message,
      `Fix the row with SQL as the message says (the other checks of this collection still ran); repair cannot rebuild indexes from an invalid registry row.`,
    );
  }
  const has = (name: string, type = "table") => ctx.objects.get(name) === type;
  if (!has(tables.chunks)) {
    add(
      "tables",
      `The registry lists collection ${JSON.stringify(collection)}, but its table ${tables.chunks} is missing.`,
      "Drop the collection (libsql-rag delete --drop, or store.dropCollection) and ingest again.",
    );
    return;
  }
  if (info) {
    await verifyVectorColumn(ctx.client, info, tables).catch((error: unknown) =>
      add(
        "registry",
        error instanceof Error ? error.message : String(error),
        "Fix the registry row as the message says, or drop the collection and ingest again.",
      ),
    );
  }
  const chunks = quoteIdent(tables.chunks);
  const rows = await attempt(ctx, at("tables"), `count the rows of ${tables.chunks}`, () => sqlCount(ctx.client, `SELECT count(*) AS n FROM ${chunks}`));
  if (rows === undefined) return;

  // Vector index: one shadow-table row per chunk row, keyed by rowid, every node block the same size.
  const shadow = `${tables.vectorIndex}_shadow`;
  const expectIndex = info ? info.index !== false : has(tables.vectorIndex, "index");
  if (expectIndex && !has(tables.vectorIndex, "index")) add("vector-index", `The vector index ${tables.vectorIndex} is missing, so "ann" queries fail.`);
  if (expectIndex && !has(shadow))
    add("vector-index", `The vector index's shadow table ${shadow} is missing; the index is unusable and the next write may crash the process.`);
  if (!expectIndex && (has(tables.vectorIndex, "index") || has(shadow)))
    add("vector-index", `The registry records no vector index, but ${tables.vectorIndex} exists.`);
  if (expectIndex && has(shadow)) {
    await attempt(ctx, at("vector-index"), `read the shadow table ${shadow}`, async () => {
      const s = quoteIdent(shadow);
      const rs = await ctx.client.execute(
        `SELECT (SELECT count(*) FROM ${s}) AS entries,
                (SELECT count(*) FROM ${chunks} WHERE rid NOT IN (SELECT index_key FROM ${s})) AS missing,
                (SELECT count(*) FROM ${s} WHERE index_key NOT IN (SELECT rid FROM ${chunks})) AS orphans,
                (SELECT count(DISTINCT length(data)) FROM ${s}) AS sizes`,
      );
      const r = rs.rows[0]!;
      const [entries, missing, orphans, sizes] = [r.entries, r.missing, r.orphans, r.sizes].map(Number) as [number, number, number, number];
      if (missing > 0 || orphans > 0) {
        add(
          "vector-index",
          `The vector index has ${n(entries, "entry", "entries")} for ${n(rows, "row")}: ${n(missing, "row")} missing from it, ${n(orphans, "entry", "entries")} without a row. "ann" queries miss rows, and the next upsert or delete may crash the process.`,
        );
      }
      if (sizes > 1)
        add(
          "vector-index",
          `The vector index's node blocks in ${shadow} are not all the same size: the index is damaged, and the next write may crash the process.`,
        );
    });
  }

  // Full-text index: contentless, so its row set is the rowids of its _docsize table.
  const docsize = `${tables.fts}_docsize`;
  if (!has(tables.fts)) add("full-text", `The full-text table ${tables.fts} is missing, so keyword and hybrid queries fail.`);
  else if (!has(docsize)) add("full-text", `The full-text table's ${docsize} table is missing: the index is damaged.`);
  else {
    await attempt(ctx, at("full-text"), `read ${docsize}`, async () => {
      const d = quoteIdent(docsize);
      const rs = await ctx.client.execute(
        `SELECT (SELECT count(*) FROM ${chunks} WHERE rid NOT IN (SELECT id FROM ${d})) AS missing,
                (SELECT count(*) FROM ${d} WHERE id NOT IN (SELECT rid FROM ${chunks})) AS orphans`,
      );
      const [missing, orphans] = [Number(rs.rows[0]!.missing), Number(rs.rows[0]!.orphans)];
      if (missing > 0 || orphans > 0) {
        add(
          "full-text",
          `The full-text index does not match the ${n(rows, "row")}: ${n(missing, "row")} missing from it, ${n(orphans, "entry", "entries")} without a row, so keyword search misses or invents results.`,
        );
      }
    });
    // FTS5's own check is an INSERT command (it changes nothing, but a read-only connection refuses it);
    // the file-level check runs the same code on SQLite 3.44 and later, so it is needed only where that did not flag the table.
    if (!ctx.readOnly && !ctx.damagedFts.has(tables.fts)) {
      const fts = quoteIdent(tables.fts);
      await attempt(ctx, at("full-text"), "run the FTS5 integrity-check", () =>
        ctx.client.execute(`INSERT INTO ${fts} (${fts}, rank) VALUES ('integrity-check', 0)`),
      );
    }
  }

  // Documents written by ingest record how many chunks they have; a mismatch makes ingest skip a broken document.
  if (!has(tables.documents))
    add("tables", `The documents table ${tables.documents} is missing; ingest cannot run on this collection.`, "Drop the collection and ingest again.");
  else {
    await attempt(ctx, at("documents"), `read ${tables.documents}`, async () => {
      const rs = await ctx.client.execute(
        `SELECT document_id, chunk_count, actual, count(*) OVER () AS n FROM (
           SELECT d.document_id, d.chunk_count, (SELECT count(*) FROM ${chunks} AS c WHERE c.document_id = d.document_id) AS actual
           FROM ${quoteIdent(tables.documents)} AS d) WHERE chunk_count IS NOT actual ORDER BY document_id LIMIT 5`,
      );
      if (rs.rows.length === 0) return;
      const shown = rs.rows.map((r) => `${JSON.stringify(r.document_id)} records ${r.chunk_count} and has ${r.actual}`).join("; ");
      add(
        "documents",
        `${Number(rs.rows[0]!.n)} document(s) have a chunk count that does not match their chunks (${shown}).`,
        `libsql-rag repair --collection ${JSON.stringify(collection)} forgets them, so the next ingest of their sources writes them again.`,
      );
    });
  }

  const triggers = ["ai", "ad", "au"];
  const version = info?.schemaVersion ?? Number(row.schema_version);
  if (version >= LEFT_OUT_VERSION && !has(tables.leftOut)) {
    add("tables", `The table of files left out as copies, ${tables.leftOut}, is missing; ingest cannot run on this collection.`);
  }
  if (version >= 2) {
    triggers.push("li", "ld", "lu");
    if (!has(tables.log)) add("change-log", `The change log ${tables.log} is missing; in-process scan caches cannot follow writes.`);
    else {
      await attempt(ctx, at("change-log"), `read ${tables.log}`, async () => {
        const rs = await ctx.client.execute({
          sql: `SELECT (SELECT max(seq) FROM ${quoteIdent(tables.log)}) AS hi, (SELECT count(*) FROM ${quoteIdent(tables.log)}) AS n,
                       (SELECT seq FROM sqlite_sequence WHERE name = ?) AS next`,
          args: [tables.log],
        });
        const r = rs.rows[0]!;
        const hi = r.hi === null ? 0 : Number(r.hi);
        if (hi > 0 && (r.next === null || Number(r.next) < hi)) {
          add(
            "change-log",
            `The change log's sequence (sqlite_sequence: ${r.next ?? "none"}) is behind its newest entry ${hi}, so numbers may be reused and scan caches miss writes.`,
          );
        }
        if (Number(r.n) > 2 * CHANGE_LOG_KEEP)
          add("change-log", `The change log holds ${Number(r.n)} entries, more than twice the ${CHANGE_LOG_KEEP} kept: it is not being trimmed.`);
      });
    }
  }
  if ((info?.indexedFields.length ?? 0) > 0) {
    triggers.push("fi", "fd", "fu");
    if (!has(tables.fields)) add("triggers", `The field-index table ${tables.fields} is missing, so filters on indexed fields fail.`);
  }
  if (info !== undefined && info.ivf !== false) {
    triggers.push(...IVF_TRIGGERS);
    if (!has(tables.ivf)) add("partitions", `The partition table ${tables.ivf} is missing, so "ivf" queries fall back to other paths.`);
    else {
      const found = await attempt(ctx, at("partitions"), `read ${tables.ivf}`, () => partitionProblems(ctx.client, tables));
      for (const message of found ?? []) add("partitions", message);
    }
  }
  const missing = triggers.map((s) => `${tables.chunks}_${s}`).filter((name) => !has(name, "trigger"));
  if (missing.length > 0) {
    add("triggers", `Trigger(s) ${missing.join(", ")} missing, so the full-text index, change log or field index no longer follow writes to ${tables.chunks}.`);
  }
}
