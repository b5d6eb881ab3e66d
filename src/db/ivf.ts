import { z } from "zod";
import type { CollectionTables } from "./ddl.js";
import { quoteIdent } from "./sql.js";
import type { Metric } from "./vector.js";

/**
 * Partitions (an inverted-file index, "IVF") of a collection: k-means centroids in a small side table, and each
 * row's nearest centroid in an indexed `ivf_list` column of the chunk table. A query computes exact distances
 * only for the rows of the lists nearest to it, so a remote server reads a few thousand rows instead of all of
 * them (search/ivf/ivf-search.ts), and no client needs a copy of the vectors.
 */
export interface IvfOptions {
  /**
   * Number of lists (centroids). Unset: about √rows / 2, chosen again whenever the collection has grown 4× since
   * the last training (see store/ivf-train.ts). Set: that many lists, retrained only by `col.reindex()`.
   */
  lists?: number | undefined;
}

/**
 * Which remote path a collection's own rows favour, measured when its partitions are trained
 * (search/ivf/calibrate.ts) and kept in the registry's `ivf_options` as `calibration`. Without a scan cache,
 * `strategy: "auto"` takes the recorded path: the partitions or the DiskANN index.
 */
export interface IvfCalibration {
  /** The path "auto" takes without a scan cache. */
  path: "ivf" | "ann";
  /** Rows of the collection used as queries (each left out of its own truth). */
  sampled: number;
  /** recall@10 of the partitions at the default row budget on those rows. */
  ivfRecall: number;
  /** recall@10 of the DiskANN index (its candidates re-ranked exactly), or null without a vector index. */
  annRecall: number | null;
  /**
   * The row budget the partitions take without a filter: the smallest measured one that found every neighbour the
   * default budget found on the sample (absent in calibrations by older versions, which take the default).
   */
  budget?: number | undefined;
  /** Rows in the collection when it was measured. */
  rows: number;
  /** Rows the measurement read (the exact scans for the truth, then both paths). */
  rowsRead: number;
  /** When it was measured (ISO 8601). */
  at: string;
}

// Not strict: a newer version may record more, and a calibration is a hint, never a reason to refuse a collection.
const calibrationSchema = z.object({
  path: z.enum(["ivf", "ann"]),
  sampled: z.number().int().min(0),
  ivfRecall: z.number().min(0).max(1),
  annRecall: z.number().min(0).max(1).nullable(),
  budget: z.number().int().min(1).optional(),
  rows: z.number().int().min(0),
  rowsRead: z.number().int().min(0),
  at: z.string(),
});

/** A recorded calibration (JSON text or a parsed value), or undefined when there is none or it is unusable. */
export function parseCalibration(value: unknown): IvfCalibration | undefined {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  const parsed = calibrationSchema.safeParse(v);
  return parsed.success ? parsed.data : undefined;
}

/** The column of the chunk table that holds each row's list. */
export const IVF_COLUMN = "ivf_list";

/** The SQL distance between a centroid and a vector expression, in the collection's metric. */
export function centroidDistanceSql(metric: Metric, vector: string, centroid = "centroid"): string {
  return `${metric === "cosine" ? "vector_distance_cos" : "vector_distance_l2"}(${centroid}, ${vector})`;
}

/**
 * The id of the newest generation's list nearest to `vector`, or NULL before the first training. `min()` with a
 * bare column returns the column of the row that has the minimum, in one pass over the centroids; the generation
 * subquery is uncorrelated, so SQLite evaluates it once per statement.
 */
export function nearestListSql(t: CollectionTables, metric: Metric, vector: string): string {
  const ivf = quoteIdent(t.ivf);
  return `(SELECT list FROM (SELECT list, min(${centroidDistanceSql(metric, vector)}) FROM ${ivf} WHERE gen = (SELECT max(gen) FROM ${ivf})))`;
}

/**
 * DDL that gives a collection partitions: the centroid table (list ids come from AUTOINCREMENT, so a retrained
 * list never reuses an old id; each training adds a generation, and new or changed rows go to the newest, while
 * older lists keep their rows until the training has moved them: see store/ivf-train.ts), the column and its
 * B-tree index, and the triggers that keep both right under
 * every writer (any process, any version of this library, plain SQL): a new row or a changed vector is assigned
 * to its nearest list inside the writer's own transaction, and each list's `rows` follows inserts, moves and
 * deletes. Before the first training the table is empty and rows stay unassigned (NULL). Idempotent except for
 * the ALTER TABLE, which `hasColumn` skips.
 */
export function ivfStatements(t: CollectionTables, metric: Metric, vectorType: string, hasColumn: boolean): string[] {
  const chunks = quoteIdent(t.chunks);
  const ivf = quoteIdent(t.ivf);
  const col = quoteIdent(IVF_COLUMN);
  const nearest = nearestListSql(t, metric, "new.embedding");
  return [
    ...(hasColumn ? [] : [`ALTER TABLE ${chunks} ADD COLUMN ${col} INTEGER`]),
    `CREATE TABLE IF NOT EXISTS ${ivf} (list INTEGER PRIMARY KEY AUTOINCREMENT, gen INTEGER NOT NULL, centroid ${vectorType} NOT NULL, rows INTEGER NOT NULL DEFAULT 0)`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${t.chunks}_ivf_list`)} ON ${chunks} (${col})`,
    `CREATE TRIGGER IF NOT EXISTS ${quoteIdent(`${t.chunks}_vi`)} AFTER INSERT ON ${chunks} BEGIN
      UPDATE ${ivf} SET rows = rows + 1 WHERE list = new.${col};
      UPDATE ${chunks} SET ${col} = ${nearest} WHERE rid = new.rid;
    END`,
    `CREATE TRIGGER IF NOT EXISTS ${quoteIdent(`${t.chunks}_vu`)} AFTER UPDATE OF embedding ON ${chunks} WHEN new.embedding IS NOT old.embedding BEGIN
      UPDATE ${chunks} SET ${col} = ${nearest} WHERE rid = new.rid;
    END`,
    `CREATE TRIGGER IF NOT EXISTS ${quoteIdent(`${t.chunks}_vm`)} AFTER UPDATE OF ${col} ON ${chunks} WHEN new.${col} IS NOT old.${col} BEGIN
      UPDATE ${ivf} SET rows = rows - 1 WHERE list = old.${col};
      UPDATE ${ivf} SET rows = rows + 1 WHERE list = new.${col};
    END`,
    `CREATE TRIGGER IF NOT EXISTS ${quoteIdent(`${t.chunks}_vd`)} AFTER DELETE ON ${chunks} WHEN old.${col} IS NOT NULL BEGIN
      UPDATE ${ivf} SET rows = rows - 1 WHERE list = old.${col};
    END`,
  ];
}

/** The names of the partition triggers, for `store.check()`. */
export const IVF_TRIGGERS = ["vi", "vu", "vm", "vd"] as const;
