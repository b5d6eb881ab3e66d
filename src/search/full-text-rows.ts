import type { InValue } from "@libsql/client";
import type { CollectionContext } from "../db/collection-context.js";
import { filterFor, tableRef } from "../db/record-sql.js";
import { quoteIdent } from "../db/sql.js";
import { matchesEverything, type FilterNode } from "../filter/index.js";

/** The rows of a collection's FTS5 table that match an expression, within a filter. */
export interface FullTextRows {
  /**
   * A `SELECT` of `columns` (by default the row's `rid`) from the FTS5 rows that `match` (the right side of
   * `MATCH`: a `?` or an SQL expression) finds among the chunks the filter keeps; joined to the chunk table only when
   * there is a filter. Its `?`s are the `match`'s own, then {@link args}.
   */
  sql(match: string, columns?: string): string;
  /** The filter's arguments, bound after the match's. */
  args: InValue[];
}

/** The FTS5 rows of the collection within `filter` (see {@link FullTextRows}), for keyword search and spelling. */
export function fullTextRows(ctx: CollectionContext, filter: FilterNode): FullTextRows {
  const fts = quoteIdent(ctx.tables.fts);
  const rid = `${fts}.rowid AS rid`;
  if (matchesEverything(filter)) return { sql: (match, columns = rid) => `SELECT ${columns} FROM ${fts} WHERE ${fts} MATCH ${match}`, args: [] };
  const compiled = filterFor(ctx, filter, "c");
  return {
    sql: (match, columns = rid) =>
      `SELECT ${columns} FROM ${fts} JOIN ${tableRef(ctx)} AS c ON c.rid = ${fts}.rowid WHERE ${fts} MATCH ${match} AND ${compiled.sql}`,
    args: compiled.args,
  };
}
