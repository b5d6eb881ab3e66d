import type { FieldRef, FilterNode, FilterScalar } from "./parse.js";

/** The fields of a record that a filter can see. */
export interface FilterableRecord {
  id: string;
  documentId: string | null;
  metadata: Record<string, unknown>;
}

type Lookup = { found: false } | { found: true; value: unknown };

function lookup(record: FilterableRecord, field: FieldRef): Lookup {
  if (field.kind === "id") return { found: true, value: record.id };
  if (field.kind === "documentId") return record.documentId === null ? { found: false } : { found: true, value: record.documentId };
  let current: unknown = record.metadata;
  for (const segment of field.segments) {
    if (current === null || typeof current !== "object" || Array.isArray(current) || !Object.hasOwn(current, segment)) {
      return { found: false };
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current === undefined ? { found: false } : { found: true, value: current };
}

function scalarEquals(a: unknown, b: Exclude<FilterScalar, null>): boolean {
  return typeof a === typeof b && a === b;
}

function equals(l: Lookup, v: FilterScalar): boolean {
  if (v === null) return !l.found || l.value === null || (Array.isArray(l.value) && l.value.includes(null));
  if (!l.found) return false;
  return scalarEquals(l.value, v) || (Array.isArray(l.value) && l.value.some((e) => scalarEquals(e, v)));
}

/** An `$in`/`$nin` list as sets, so a record is tested in constant time however long the list. */
interface ValueSet {
  values: Set<string | number | boolean>;
  hasNull: boolean;
}

// Keyed by the list itself: a parsed filter is evaluated on many records (the scan cache tests thousands).
const valueSets = new WeakMap<readonly FilterScalar[], ValueSet>();

function valueSet(list: readonly FilterScalar[]): ValueSet {
  let set = valueSets.get(list);
  if (set === undefined) {
    const values = new Set<string | number | boolean>();
    for (const v of list) if (v !== null) values.add(v);
    set = { values, hasNull: list.includes(null) };
    valueSets.set(list, set);
  }
  return set;
}

/** A Set holds `true`, `1` and `"1"` apart and `1` and `1.0` together: the typed equality of scalarEquals. */
function isMember(value: unknown, set: ValueSet): boolean {
  return (typeof value === "string" || typeof value === "number" || typeof value === "boolean") && set.values.has(value);
}

/** `equals(l, v)` for some `v` of the list. */
function equalsAny(l: Lookup, list: readonly FilterScalar[]): boolean {
  if (list.length <= 4) return list.some((v) => equals(l, v));
  const set = valueSet(list);
  if (!l.found || l.value === null) return set.hasNull;
  if (isMember(l.value, set)) return true;
  return Array.isArray(l.value) && l.value.some((e) => (e === null ? set.hasNull : isMember(e, set)));
}

const utf8 = new TextEncoder();

/** SQLite compares text in binary (UTF-8 byte) order, which differs from JS's UTF-16 order above U+FFFF. */
function compareUtf8(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

function rangeMatch(l: Lookup, op: "$gt" | "$gte" | "$lt" | "$lte", v: number | string): boolean {
  if (!l.found) return false;
  let cmp: number;
  if (typeof v === "number" && typeof l.value === "number") cmp = l.value - v;
  else if (typeof v === "string" && typeof l.value === "string") cmp = compareUtf8(l.value, v);
  else return false;
  if (op === "$gt") return cmp > 0;
  if (op === "$gte") return cmp >= 0;
  if (op === "$lt") return cmp < 0;
  return cmp <= 0;
}

function contains(l: Lookup, v: FilterScalar): boolean {
  if (!l.found) return false;
  if (Array.isArray(l.value)) return l.value.some((e) => (v === null ? e === null : scalarEquals(e, v)));
  return typeof l.value === "string" && typeof v === "string" && l.value.includes(v);
}

/**
 * Evaluates a parsed filter against one record in plain JavaScript, with the same semantics as the SQL
 * compiler. The test suite uses it as the oracle; it also serves in-process filtering.
 */
export function evaluateFilter(node: FilterNode, record: FilterableRecord): boolean {
  switch (node.kind) {
    case "and":
      return node.children.every((c) => evaluateFilter(c, record));
    case "or":
      return node.children.some((c) => evaluateFilter(c, record));
    case "not":
      return !evaluateFilter(node.child, record);
    case "compare": {
      const l = lookup(record, node.field);
      switch (node.op) {
        case "$eq":
          return equals(l, node.value);
        case "$ne":
          return !equals(l, node.value);
        case "$in":
          return equalsAny(l, node.value);
        case "$nin":
          return !equalsAny(l, node.value);
        case "$gt":
        case "$gte":
        case "$lt":
        case "$lte":
          return rangeMatch(l, node.op, node.value);
        case "$exists":
          return l.found === node.value;
        case "$contains":
          return contains(l, node.value);
      }
    }
  }
}
