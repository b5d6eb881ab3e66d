import { z } from "zod";
import { RagError, isPlainObject, isWellFormedText } from "../errors.js";

/** A JSON scalar that filters compare against. */
export type FilterScalar = string | number | boolean | null;

/** Operators on one field. Several operators in one object are ANDed. */
export interface FieldOperators {
  $eq?: FilterScalar;
  $ne?: FilterScalar;
  $gt?: number | string;
  $gte?: number | string;
  $lt?: number | string;
  $lte?: number | string;
  $in?: FilterScalar[];
  $nin?: FilterScalar[];
  $exists?: boolean;
  $contains?: FilterScalar;
}

/**
 * How deeply `$and`, `$or` and `$not` may nest: `{ $not: { $not: { a: 1 } } }` nests 2 deep. Deeper filters
 * are `INVALID_FILTER`. The SQL of the deepest filter stays well inside SQLite's parser stack (100 entries).
 */
export const MAX_FILTER_DEPTH = 32;

/** How many filter objects one filter may hold, counted through `$and`, `$or` and `$not`. */
export const MAX_FILTER_OBJECTS = 10_000;

/**
 * A Mongo-style metadata filter. `$and`, `$or` and `$not` nest at most {@link MAX_FILTER_DEPTH} (32) deep,
 * and a filter holds at most {@link MAX_FILTER_OBJECTS} (10,000) filter objects; `$in` and `$nin` lists may
 * be of any length (they are bound as one JSON value).
 *
 * @example
 * { lang: "en", year: { $gte: 2020 }, $or: [{ tags: { $contains: "sql" } }, { "author.name": "Ada" }] }
 */
export type Filter = {
  $and?: Filter[];
  $or?: Filter[];
  $not?: Filter;
} & {
  [field: string]: FilterScalar | FieldOperators | Filter[] | Filter | undefined;
};

/** A field a filter can name: the record's own `id` or `documentId`, or a metadata path. */
export type FieldRef = { kind: "id" } | { kind: "documentId" } | { kind: "metadata"; segments: string[] };

/** The checked form of a filter that the SQL compiler and the JS evaluator both consume. */
export type FilterNode =
  | { kind: "and"; children: FilterNode[] }
  | { kind: "or"; children: FilterNode[] }
  | { kind: "not"; child: FilterNode }
  | { kind: "compare"; field: FieldRef; op: "$eq" | "$ne" | "$contains"; value: FilterScalar }
  | { kind: "compare"; field: FieldRef; op: "$gt" | "$gte" | "$lt" | "$lte"; value: number | string }
  | { kind: "compare"; field: FieldRef; op: "$in" | "$nin"; value: FilterScalar[] }
  | { kind: "compare"; field: FieldRef; op: "$exists"; value: boolean };

const finiteNumber = z.number().refine(Number.isFinite, "must be a finite number");
// A lone surrogate has no UTF-8 form: SQLite would compare U+FFFD, so "\ud800" would match "\udfff".
const text = z.string().refine(isWellFormedText, "must be well-formed Unicode (it holds a lone surrogate)");
const scalar = z.union([text, finiteNumber, z.boolean(), z.null()]);
const rangeValue = z.union([finiteNumber, text], {
  error: "must be a number or a string (range operators compare numbers with numbers and strings with strings)",
});
const scalarList = z.array(scalar, { error: "must be an array of strings, numbers, booleans or null" });

const operatorsSchema = z.strictObject(
  {
    $eq: scalar.optional(),
    $ne: scalar.optional(),
    $gt: rangeValue.optional(),
    $gte: rangeValue.optional(),
    $lt: rangeValue.optional(),
    $lte: rangeValue.optional(),
    $in: scalarList.min(1, "must not be empty").optional(),
    $nin: scalarList.optional(),
    $exists: z.boolean({ error: "must be true or false" }).optional(),
    $contains: scalar.optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown operator ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}; expected one of $eq $ne $gt $gte $lt $lte $in $nin $exists $contains`
        : undefined,
  },
);

function fail(path: string, message: string): never {
  throw new RagError("INVALID_FILTER", `Invalid filter at ${path || "(root)"}: ${message}.`, { path: path || "(root)" });
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function fieldRef(key: string, path: string): FieldRef {
  if (key === "id") return { kind: "id" };
  if (key === "documentId") return { kind: "documentId" };
  if (key.includes('"')) fail(path, `field ${JSON.stringify(key)} contains '"', which SQLite JSON paths cannot express`);
  // JSON escapes these in key text, and SQLite matches path keys against the escaped text, so such a key
  // could never match: refuse it rather than silently match nothing.
  if (!isWellFormedText(key)) fail(path, `field ${JSON.stringify(key)} holds a lone surrogate, which has no UTF-8 form`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (/[\\\u0000-\u001f]/.test(key)) fail(path, `field ${JSON.stringify(key)} contains a backslash or control character, which SQLite JSON paths cannot match`);
  const segments = key.split(".");
  if (segments.some((s) => s === "")) fail(path, `field ${JSON.stringify(key)} has an empty path segment`);
  return { kind: "metadata", segments };
}

function parseList(value: unknown, path: string): FilterNode[] {
  if (!Array.isArray(value) || value.length === 0) fail(path, "expected a non-empty array of filters");
  return value.map((item, i) => parseObject(item, join(path, i)));
}

function parseField(field: FieldRef, value: unknown, path: string): FilterNode[] {
  if (value === null || typeof value !== "object") {
    if (typeof value === "string" && !isWellFormedText(value))
      fail(path, `${JSON.stringify(value)} is not well-formed Unicode (it holds a lone surrogate, which has no UTF-8 form)`);
    const parsed = scalar.safeParse(value);
    if (!parsed.success) fail(path, `expected a string, finite number, boolean or null, got ${typeof value === "number" ? String(value) : typeof value}`);
    return [{ kind: "compare", field, op: "$eq", value: parsed.data }];
  }
  if (Array.isArray(value)) fail(path, "a literal array is not a value; use { $in: [...] } to match any of several values");
  if (!isPlainObject(value)) fail(path, "expected a value or an operator object");
  const keys = Object.keys(value);
  if (keys.length === 0) fail(path, "an empty operator object matches nothing meaningful; give at least one operator");
  if (keys.some((k) => !k.startsWith("$"))) {
    fail(path, 'a literal object is not a value; use dotted paths ("a.b") to reach nested fields, and $-operators to compare');
  }
  const parsed = operatorsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const sub = issue.path.length ? join(path, String(issue.path[0])) : path;
    fail(sub, issue.message);
  }
  const nodes: FilterNode[] = [];
  for (const [op, operand] of Object.entries(parsed.data)) {
    if (operand === undefined) continue;
    nodes.push({ kind: "compare", field, op, value: operand } as FilterNode);
  }
  return nodes;
}

function parseObject(value: unknown, path: string): FilterNode {
  if (!isPlainObject(value)) fail(path, `expected a filter object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`);
  const children: FilterNode[] = [];
  for (const [key, operand] of Object.entries(value)) {
    const sub = join(path, key);
    if (operand === undefined) continue;
    if (key === "$and") children.push({ kind: "and", children: parseList(operand, sub) });
    else if (key === "$or") children.push({ kind: "or", children: parseList(operand, sub) });
    else if (key === "$not") children.push({ kind: "not", child: parseObject(operand, sub) });
    else if (key.startsWith("$")) fail(sub, `unknown top-level operator ${JSON.stringify(key)}; expected $and, $or, $not or a field name`);
    else children.push(...parseField(fieldRef(key, sub), operand, sub));
  }
  return children.length === 1 ? children[0]! : { kind: "and", children };
}

/**
 * Checks nesting depth and size with an explicit stack, before anything recurses: a filter nested 10,000 deep
 * (or a cycle of objects) must be an `INVALID_FILTER`, not a stack overflow.
 */
function checkShape(filter: unknown): void {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: filter, path: "", depth: 0 }];
  let objects = 0;
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (!isPlainObject(value)) continue;
    objects += 1;
    if (objects > MAX_FILTER_OBJECTS) {
      fail("", `the filter holds more than ${MAX_FILTER_OBJECTS} filter objects; put many values for one field in a single $in or $nin`);
    }
    for (const key of ["$and", "$or", "$not"] as const) {
      if (!Object.hasOwn(value, key)) continue;
      const sub = join(path, key);
      if (depth >= MAX_FILTER_DEPTH) {
        fail(
          sub,
          `$and, $or and $not nest at most ${MAX_FILTER_DEPTH} deep, and this one is nested deeper; flatten it (for example, $and inside $and is one $and)`,
        );
      }
      const operand = value[key];
      if (key === "$not") pending.push({ value: operand, path: sub, depth: depth + 1 });
      else if (Array.isArray(operand)) operand.forEach((item, i) => pending.push({ value: item, path: join(sub, i), depth: depth + 1 }));
    }
  }
}

/**
 * Checks a filter and returns its parsed form. `undefined`, `null` and `{}` match everything.
 * Throws `INVALID_FILTER` naming the offending path, also for `$and`/`$or`/`$not` nested more than
 * {@link MAX_FILTER_DEPTH} deep and for more than {@link MAX_FILTER_OBJECTS} filter objects.
 */
export function parseFilter(filter: unknown): FilterNode {
  if (filter === undefined || filter === null) return { kind: "and", children: [] };
  checkShape(filter);
  return parseObject(filter, "");
}

/** True when the filter plainly matches every record (`{}`, `{ $or: [{}] }`); used to guard bulk deletes. */
export function matchesEverything(node: FilterNode): boolean {
  if (node.kind === "and") return node.children.every(matchesEverything);
  if (node.kind === "or") return node.children.some(matchesEverything);
  return false;
}
