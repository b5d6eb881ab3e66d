import type { InValue } from "@libsql/client";
import { RagError } from "../errors.js";
import type { MAX_FILTER_DEPTH } from "./parse.js";
import type { FieldRef, FilterNode, FilterScalar } from "./parse.js";
import { effectiveKind, flatten, height, joinGrouped } from "./nesting.js";

/** Column expressions of the table a filter runs against (already quoted, possibly qualified). */
export interface FilterColumns {
  id: string;
  documentId: string;
  metadata: string;
  /** The collection's field index, when it has indexed paths: equality, `$in` and ranges on them become lookups. */
  fieldIndex?: { table: string; rid: string; paths: ReadonlySet<string> };
}

export interface CompiledFilter {
  /** A boolean SQL expression; `1` when the filter matches everything. */
  sql: string;
  /** Bound values, in order. Paths and values are always bound, never interpolated. */
  args: InValue[];
}

/** A boolean SQL expression whose value is 1, 0 or NULL. */
interface Expr {
  sql: string;
}

const TRUE: Expr = { sql: "1" };
const FALSE: Expr = { sql: "0" };

/** The most values a compiled filter may bind; SQLite allows 32,766 per statement and callers bind a few more. */
export const MAX_FILTER_VALUES = 32_000;

/** `$."a"."b"` for segments `["a", "b"]`; segments never contain `"` (the parser refuses them). */
export function jsonPath(segments: readonly string[]): string {
  return `$${segments.map((s) => `."${s}"`).join("")}`;
}

/** The values of an `$in`/`$nin` list by JSON type, without duplicates (`1` and `1.0` are one number). */
interface TypedList {
  booleans: boolean[];
  numbers: number[];
  strings: string[];
  hasNull: boolean;
}

function typedList(values: readonly FilterScalar[]): TypedList {
  const booleans = new Set<boolean>();
  const numbers = new Set<number>();
  const strings = new Set<string>();
  for (const v of values) {
    if (typeof v === "boolean") booleans.add(v);
    else if (typeof v === "number") numbers.add(v);
    else if (typeof v === "string") strings.add(v);
  }
  return { booleans: [...booleans], numbers: [...numbers], strings: [...strings], hasNull: values.includes(null) };
}

class Compiler {
  readonly args: InValue[] = [];
  constructor(private readonly cols: FilterColumns) {}

  private bind(value: InValue): string {
    this.args.push(value);
    return "?";
  }

  /** A JSON number bound as JSON text: comparing against json_extract(?, '$') avoids float parse mismatches. */
  private jsonNumber(value: number): string {
    return `json_extract(${this.bind(JSON.stringify(value))}, '$')`;
  }

  /**
   * SQL for `node`, negated when `negated` is set. SQLite's parser keeps every parenthesis still open on a
   * stack of 100 entries, so nesting must cost as few as possible: negations are pushed down to the
   * comparisons (De Morgan), nested and/ors of one kind become one list, the deepest operand comes first
   * (so its enclosing levels hold one "(" each, not "x AND ("), and an AND inside an OR needs no parenthesis.
   * A filter nested {@link MAX_FILTER_DEPTH} deep then opens about 32 parentheses.
   */
  node(node: FilterNode, negated = false, insideOr = false): Expr {
    switch (node.kind) {
      case "and":
      case "or": {
        const kind = effectiveKind(node, negated);
        const operands = flatten(kind, node.children, negated)
          .map((operand) => ({ operand, h: height(operand.node) }))
          .sort((a, b) => b.h - a.h)
          .map(({ operand }) => operand);
        if (operands.length === 0) return kind === "and" ? TRUE : FALSE;
        if (operands.length === 1) return this.node(operands[0]!.node, operands[0]!.negated, insideOr);
        const parts = operands.map((o) => this.node(o.node, o.negated, kind === "or").sql);
        return { sql: joinGrouped(parts, kind === "and" ? " AND " : " OR ", kind === "and" && insideOr) };
      }
      case "not":
        return this.node(node.child, !negated, insideOr);
      case "compare":
        return this.compare(node, negated);
    }
  }

  /**
   * `x IS NOT 1` is true for 0 and for NULL (a missing JSON field), where `NOT x` would be NULL and drop the
   * row; postfix, it also keeps the operand first for the parser (see `node`).
   */
  private negate(e: Expr): Expr {
    if (e === TRUE) return FALSE;
    if (e === FALSE) return TRUE;
    return { sql: `(${e.sql} IS NOT 1)` };
  }

  private compare(node: Extract<FilterNode, { kind: "compare" }>, negated: boolean): Expr {
    const f = node.field;
    let e: Expr;
    switch (node.op) {
      case "$eq":
      case "$ne":
        e = this.eq(f, node.value);
        return (node.op === "$ne") !== negated ? this.negate(e) : e;
      case "$in":
      case "$nin":
        e = this.in(f, node.value);
        return (node.op === "$nin") !== negated ? this.negate(e) : e;
      case "$gt":
      case "$gte":
      case "$lt":
      case "$lte":
        e = this.range(f, node.op, node.value);
        break;
      case "$exists":
        e = this.exists(f, node.value);
        break;
      case "$contains":
        e = this.contains(f, node.value);
        break;
    }
    return negated ? this.negate(e) : e;
  }

  // --- record columns -------------------------------------------------------------------------

  private column(f: Exclude<FieldRef, { kind: "metadata" }>): string {
    return f.kind === "id" ? this.cols.id : this.cols.documentId;
  }

  // --- metadata paths -------------------------------------------------------------------------

  private type(segments: string[]): string {
    return `json_type(${this.cols.metadata}, ${this.bind(jsonPath(segments))})`;
  }

  private value(segments: string[]): string {
    return `json_extract(${this.cols.metadata}, ${this.bind(jsonPath(segments))})`;
  }

  /**
   * SQL testing a JSON (type, value) pair against a scalar with typed equality. The pair comes as thunks
   * because binding happens as SQL text is produced: every `?` must be bound in textual order.
   */
  private scalarMatch(type: () => string, value: () => string, v: Exclude<FilterScalar, null>): string {
    if (typeof v === "boolean") return `${type()} = '${v ? "true" : "false"}'`;
    if (typeof v === "number") return `(${type()} IN ('integer', 'real') AND ${value()} = ${this.jsonNumber(v)})`;
    return `(${type()} = 'text' AND ${value()} = ${this.bind(v)})`;
  }

  private anyElement(segments: string[], predicate: (type: () => string, value: () => string) => string): string {
    const type = this.type(segments);
    const each = `json_each(${this.cols.metadata}, ${this.bind(jsonPath(segments))})`;
    return `(${type} = 'array' AND EXISTS (SELECT 1 FROM ${each} AS je WHERE ${predicate(
      () => "je.type",
      () => "je.value",
    )}))`;
  }

  /** The indexed JSON path of a metadata field, if it has a field index. */
  private indexed(f: FieldRef): string | undefined {
    if (f.kind !== "metadata" || !this.cols.fieldIndex) return undefined;
    const path = jsonPath(f.segments);
    return this.cols.fieldIndex.paths.has(path) ? path : undefined;
  }

  /** `rid IN (rows of the field index at this path that satisfy predicate)`; never NULL. */
  private lookup(path: string, predicate: () => string): Expr {
    const index = this.cols.fieldIndex!;
    return { sql: `(${index.rid} IN (SELECT rid FROM ${index.table} WHERE path = ${this.bind(path)} AND (${predicate()})))` };
  }

  /** Typed equality of an index row (`type`, `value`) with a scalar; mirrors scalarMatch. */
  private indexRowMatch(v: Exclude<FilterScalar, null>): string {
    if (typeof v === "boolean") return `value = ${v ? 1 : 0} AND type = '${v ? "true" : "false"}'`;
    if (typeof v === "number") return `value = ${this.jsonNumber(v)} AND type IN ('integer', 'real')`;
    return `value = ${this.bind(v)} AND type = 'text'`;
  }

  private eq(f: FieldRef, v: FilterScalar): Expr {
    const indexedPath = v === null ? undefined : this.indexed(f);
    if (indexedPath !== undefined) return this.lookup(indexedPath, () => this.indexRowMatch(v as Exclude<FilterScalar, null>));
    if (f.kind !== "metadata") {
      const col = this.column(f);
      if (v === null) return f.kind === "id" ? FALSE : { sql: `(${col} IS NULL)` };
      if (typeof v !== "string") return FALSE;
      return { sql: `(${col} = ${this.bind(v)})` };
    }
    const s = f.segments;
    if (v === null) {
      return { sql: `(${this.type(s)} IS NULL OR ${this.type(s)} = 'null' OR ${this.anyElement(s, (t) => `${t()} = 'null'`)})` };
    }
    const direct = this.scalarMatch(
      () => this.type(s),
      () => this.value(s),
      v,
    );
    const element = this.anyElement(s, (t, val) => this.scalarMatch(t, val, v));
    return { sql: `(${direct} OR ${element})` };
  }

  /**
   * SQL testing a JSON (type, value) pair against every non-null value of a list, with typed equality
   * (mirrors scalarMatch). Numbers and strings each go in one bound JSON array that `json_each` reads, so a
   * list of any length binds two values, stays within SQLite's expression depth, and is one lookup.
   * SQLite parses the list's numbers as it parses the metadata's, so equal numbers compare equal.
   */
  private listMatch(type: () => string, value: () => string, list: TypedList): string {
    const parts = list.booleans.map((b) => `${type()} = '${b ? "true" : "false"}'`);
    if (list.numbers.length > 0) {
      parts.push(`(${type()} IN ('integer', 'real') AND ${value()} IN (SELECT value FROM json_each(${this.bind(JSON.stringify(list.numbers))})))`);
    }
    if (list.strings.length > 0) {
      parts.push(`(${type()} = 'text' AND ${value()} IN (SELECT value FROM json_each(${this.bind(JSON.stringify(list.strings))})))`);
    }
    return parts.length === 0 ? "0" : `(${parts.join(" OR ")})`;
  }

  private in(f: FieldRef, values: FilterScalar[]): Expr {
    if (values.length === 0) return FALSE;
    const list = typedList(values);
    const scalars = list.booleans.length + list.numbers.length + list.strings.length > 0;
    if (f.kind !== "metadata") {
      const col = this.column(f);
      const parts: string[] = [];
      if (list.strings.length > 0) parts.push(`${col} IN (SELECT value FROM json_each(${this.bind(JSON.stringify(list.strings))}))`);
      if (list.hasNull && f.kind === "documentId") parts.push(`${col} IS NULL`);
      if (parts.length === 0) return FALSE;
      return { sql: `(${parts.join(" OR ")})` };
    }
    const indexedPath = list.hasNull ? undefined : this.indexed(f);
    if (indexedPath !== undefined)
      return this.lookup(indexedPath, () =>
        this.listMatch(
          () => "type",
          () => "value",
          list,
        ),
      );
    const s = f.segments;
    const parts: string[] = [];
    if (list.hasNull) parts.push(`${this.type(s)} IS NULL`, `${this.type(s)} = 'null'`);
    if (scalars)
      parts.push(
        this.listMatch(
          () => this.type(s),
          () => this.value(s),
          list,
        ),
      );
    parts.push(
      this.anyElement(s, (t, v) => {
        const element: string[] = [];
        if (list.hasNull) element.push(`${t()} = 'null'`);
        if (scalars) element.push(this.listMatch(t, v, list));
        return element.join(" OR ");
      }),
    );
    return { sql: `(${parts.join(" OR ")})` };
  }

  private range(f: FieldRef, op: "$gt" | "$gte" | "$lt" | "$lte", v: number | string): Expr {
    const sqlOp = { $gt: ">", $gte: ">=", $lt: "<", $lte: "<=" }[op];
    if (f.kind !== "metadata") {
      const col = this.column(f);
      if (typeof v !== "string") return FALSE;
      return { sql: `(${col} ${sqlOp} ${this.bind(v)})` };
    }
    const indexedPath = this.indexed(f);
    if (indexedPath !== undefined) {
      // Range operators never match arrays, so only the value itself (kind 0) counts.
      return this.lookup(indexedPath, () =>
        typeof v === "number"
          ? `value ${sqlOp} ${this.jsonNumber(v)} AND kind = 0 AND type IN ('integer', 'real')`
          : `value ${sqlOp} ${this.bind(v)} AND kind = 0 AND type = 'text'`,
      );
    }
    const s = f.segments;
    if (typeof v === "number") {
      return { sql: `(${this.type(s)} IN ('integer', 'real') AND ${this.value(s)} ${sqlOp} ${this.jsonNumber(v)})` };
    }
    return { sql: `(${this.type(s)} = 'text' AND ${this.value(s)} ${sqlOp} ${this.bind(v)})` };
  }

  private exists(f: FieldRef, present: boolean): Expr {
    if (f.kind !== "metadata") {
      const col = this.column(f);
      if (f.kind === "id") return present ? TRUE : FALSE;
      return { sql: `(${col} IS ${present ? "NOT " : ""}NULL)` };
    }
    return { sql: `(${this.type(f.segments)} IS ${present ? "NOT " : ""}NULL)` };
  }

  private contains(f: FieldRef, v: FilterScalar): Expr {
    if (f.kind !== "metadata") {
      const col = this.column(f);
      if (typeof v !== "string") return FALSE;
      return { sql: `(instr(${col}, ${this.bind(v)}) > 0)` };
    }
    const s = f.segments;
    const substring = typeof v === "string" ? `(${this.type(s)} = 'text' AND instr(${this.value(s)}, ${this.bind(v)}) > 0) OR ` : "";
    const element = this.anyElement(s, (t, val) => (v === null ? `${t()} = 'null'` : this.scalarMatch(t, val, v)));
    return { sql: `(${substring}${element})` };
  }
}

/**
 * Compiles a parsed filter into a boolean SQL expression over `cols`, binding every path and value.
 *
 * @example
 * const { sql, args } = compileFilter(parseFilter({ lang: "en" }), { id: '"id"', documentId: '"document_id"', metadata: '"metadata"' });
 */
export function compileFilter(node: FilterNode, cols: FilterColumns): CompiledFilter {
  const compiler = new Compiler(cols);
  const expr = compiler.node(node);
  // Every value is bound as SQL is produced; a count mismatch would shift values onto the wrong `?`.
  const placeholders = expr.sql.split("?").length - 1;
  if (placeholders !== compiler.args.length) {
    throw new Error(`filter compiler bug: ${placeholders} placeholders for ${compiler.args.length} values`);
  }
  if (compiler.args.length > MAX_FILTER_VALUES) {
    throw new RagError(
      "INVALID_FILTER",
      `Invalid filter at (root): it compiles to ${compiler.args.length} bound SQL values, more than the ${MAX_FILTER_VALUES} one statement can take. Put long lists of values for one field in a single $in or $nin, which binds them as one value.`,
      { path: "(root)", details: { limit: MAX_FILTER_VALUES, actual: compiler.args.length } },
    );
  }
  return { sql: expr.sql, args: compiler.args };
}
