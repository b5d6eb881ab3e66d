import type { InValue } from "@libsql/client";
import type { FieldRef, FilterNode, FilterScalar } from "./schema.js";

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

interface Expr {
  sql: string;
  /** True when the expression can be NULL (so a NOT above it must coalesce). */
  nullable: boolean;
}

const TRUE: Expr = { sql: "1", nullable: false };
const FALSE: Expr = { sql: "0", nullable: false };

/** `$."a"."b"` for segments `["a", "b"]`; segments never contain `"` (the parser refuses them). */
export function jsonPath(segments: readonly string[]): string {
  return "$" + segments.map((s) => `."${s}"`).join("");
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

  node(node: FilterNode): Expr {
    switch (node.kind) {
      case "and":
      case "or": {
        const parts = node.children.map((c) => this.node(c));
        if (parts.length === 0) return node.kind === "and" ? TRUE : FALSE;
        if (parts.length === 1) return parts[0]!;
        const op = node.kind === "and" ? " AND " : " OR ";
        return { sql: `(${parts.map((p) => p.sql).join(op)})`, nullable: parts.some((p) => p.nullable) };
      }
      case "not":
        return this.negate(this.node(node.child));
      case "compare":
        return this.compare(node);
    }
  }

  private negate(e: Expr): Expr {
    return { sql: e.nullable ? `(NOT coalesce(${e.sql}, 0))` : `(NOT ${e.sql})`, nullable: false };
  }

  private compare(node: Extract<FilterNode, { kind: "compare" }>): Expr {
    const f = node.field;
    switch (node.op) {
      case "$eq":
        return this.eq(f, node.value);
      case "$ne":
        return this.negate(this.eq(f, node.value));
      case "$in":
        return this.in(f, node.value);
      case "$nin":
        return this.negate(this.in(f, node.value));
      case "$gt":
      case "$gte":
      case "$lt":
      case "$lte":
        return this.range(f, node.op, node.value);
      case "$exists":
        return this.exists(f, node.value);
      case "$contains":
        return this.contains(f, node.value);
    }
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
    return `(${type} = 'array' AND EXISTS (SELECT 1 FROM ${each} AS je WHERE ${predicate(() => "je.type", () => "je.value")}))`;
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
    return { sql: `(${index.rid} IN (SELECT rid FROM ${index.table} WHERE path = ${this.bind(path)} AND (${predicate()})))`, nullable: false };
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
      if (v === null) return f.kind === "id" ? FALSE : { sql: `(${col} IS NULL)`, nullable: false };
      if (typeof v !== "string") return FALSE;
      return { sql: `(${col} = ${this.bind(v)})`, nullable: f.kind === "documentId" };
    }
    const s = f.segments;
    if (v === null) {
      return { sql: `(${this.type(s)} IS NULL OR ${this.type(s)} = 'null' OR ${this.anyElement(s, (t) => `${t()} = 'null'`)})`, nullable: false };
    }
    const direct = this.scalarMatch(() => this.type(s), () => this.value(s), v);
    const element = this.anyElement(s, (t, val) => this.scalarMatch(t, val, v));
    return { sql: `(${direct} OR ${element})`, nullable: true };
  }

  private in(f: FieldRef, values: FilterScalar[]): Expr {
    if (f.kind !== "metadata") {
      const col = this.column(f);
      const strings = values.filter((v): v is string => typeof v === "string");
      const parts: string[] = [];
      if (strings.length > 0) parts.push(`${col} IN (${strings.map((v) => this.bind(v)).join(", ")})`);
      if (values.includes(null) && f.kind === "documentId") parts.push(`${col} IS NULL`);
      if (parts.length === 0) return FALSE;
      return { sql: `(${parts.join(" OR ")})`, nullable: f.kind === "documentId" };
    }
    const indexedPath = values.includes(null) ? undefined : this.indexed(f);
    if (indexedPath !== undefined) {
      return this.lookup(indexedPath, () => values.map((v) => `(${this.indexRowMatch(v as Exclude<FilterScalar, null>)})`).join(" OR "));
    }
    const parts = values.map((v) => this.eq(f, v));
    return { sql: `(${parts.map((p) => p.sql).join(" OR ")})`, nullable: parts.some((p) => p.nullable) };
  }

  private range(f: FieldRef, op: "$gt" | "$gte" | "$lt" | "$lte", v: number | string): Expr {
    const sqlOp = { $gt: ">", $gte: ">=", $lt: "<", $lte: "<=" }[op];
    if (f.kind !== "metadata") {
      const col = this.column(f);
      if (typeof v !== "string") return FALSE;
      return { sql: `(${col} ${sqlOp} ${this.bind(v)})`, nullable: f.kind === "documentId" };
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
      return { sql: `(${this.type(s)} IN ('integer', 'real') AND ${this.value(s)} ${sqlOp} ${this.jsonNumber(v)})`, nullable: true };
    }
    return { sql: `(${this.type(s)} = 'text' AND ${this.value(s)} ${sqlOp} ${this.bind(v)})`, nullable: true };
  }

  private exists(f: FieldRef, present: boolean): Expr {
    if (f.kind !== "metadata") {
      const col = this.column(f);
      if (f.kind === "id") return present ? TRUE : FALSE;
      return { sql: `(${col} IS ${present ? "NOT " : ""}NULL)`, nullable: false };
    }
    return { sql: `(${this.type(f.segments)} IS ${present ? "NOT " : ""}NULL)`, nullable: false };
  }

  private contains(f: FieldRef, v: FilterScalar): Expr {
    if (f.kind !== "metadata") {
      const col = this.column(f);
      if (typeof v !== "string") return FALSE;
      return { sql: `(instr(${col}, ${this.bind(v)}) > 0)`, nullable: f.kind === "documentId" };
    }
    const s = f.segments;
    const substring = typeof v === "string" ? `(${this.type(s)} = 'text' AND instr(${this.value(s)}, ${this.bind(v)}) > 0) OR ` : "";
    const element = this.anyElement(s, (t, val) => (v === null ? `${t()} = 'null'` : this.scalarMatch(t, val, v)));
    return { sql: `(${substring}${element})`, nullable: true };
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
  return { sql: expr.sql, args: compiler.args };
}
