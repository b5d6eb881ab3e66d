import type { Client } from "@libsql/client";
import type { CollectionInfo } from "../db/collection-info.js";
import type { CollectionTables } from "../db/ddl.js";
import { withStoreErrors } from "../db/driver-errors.js";
import { quoteIdent } from "../db/sql.js";
import type { SearchContext } from "../search/context.js";
import type { ScanCacheState } from "../search/scan-cache/index.js";

export interface CollectionStats extends CollectionInfo {
  /** Number of records. */
  rows: number;
  /** Distinct non-null document ids. */
  documents: number;
  /** Bytes on disk of the collection's tables and indexes (from `dbstat`), or `null` where unavailable. */
  bytes: number | null;
  /** Bytes by object: table, vector index, full-text index. `null` where unavailable. */
  bytesBy: { table: number; vectorIndex: number; fullText: number; other: number } | null;
  /** Raw vector payload: rows × bytes per vector. */
  vectorBytes: number;
  /** This process's scan cache of the collection (see `StoreOptions.scanCache`), or null when the store keeps none. */
  scanCache: ScanCacheState | null;
}

/** Row, document and byte counts of a collection, and the state of its scan cache. */
export async function collectionStats(ctx: SearchContext): Promise<CollectionStats> {
  const t = ctx.tables;
  const rs = await withStoreErrors(`stats of "${ctx.info.name}"`, () =>
    ctx.client.execute(`SELECT count(*) AS n, count(DISTINCT document_id) AS docs FROM ${quoteIdent(t.chunks)}`),
  );
  const rows = Number(rs.rows[0]?.n ?? 0);
  const documents = Number(rs.rows[0]?.docs ?? 0);
  const bytesBy = await bytesByObject(ctx.client, t).catch(() => null);
  const sample = rows > 0 ? await ctx.client.execute(`SELECT length(embedding) AS b FROM ${quoteIdent(t.chunks)} LIMIT 1`) : undefined;
  const perVector = Number(sample?.rows[0]?.b ?? 0);
  return {
    ...ctx.info,
    rows,
    documents,
    bytes: bytesBy ? bytesBy.table + bytesBy.vectorIndex + bytesBy.fullText + bytesBy.other : null,
    bytesBy,
    vectorBytes: rows * perVector,
    scanCache: ctx.scanCache?.state() ?? null,
  };
}

/** Bytes on disk by object, from the `dbstat` virtual table (which some builds and servers lack). */
async function bytesByObject(client: Client, t: CollectionTables): Promise<CollectionStats["bytesBy"]> {
  const fts = [t.fts, `${t.fts}_data`, `${t.fts}_idx`, `${t.fts}_docsize`, `${t.fts}_config`, `${t.fts}_content`];
  const groups: Record<"table" | "vectorIndex" | "fullText" | "other", string[]> = {
    table: [t.chunks],
    vectorIndex: [`${t.vectorIndex}_shadow`],
    fullText: fts,
    other: [t.documents, t.fields, t.log, t.ivf, t.leftOut],
  };
  const owned = Object.values(groups).flat();
  const rs = await client.execute({
    sql: `SELECT s.name AS name, m.tbl_name AS tbl, sum(s.pgsize) AS bytes FROM dbstat AS s
          JOIN sqlite_master AS m ON m.name = s.name
          WHERE m.tbl_name IN (${owned.map(() => "?").join(", ")}) GROUP BY s.name`,
    args: owned,
  });
  const out = { table: 0, vectorIndex: 0, fullText: 0, other: 0 };
  for (const row of rs.rows) {
    const tbl = String(row.tbl);
    const key = (Object.keys(groups) as (keyof typeof groups)[]).find((k) => groups[k].includes(tbl)) ?? "other";
    out[key] += Number(row.bytes);
  }
  return out;
}
