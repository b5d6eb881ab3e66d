import { z } from "zod";
import { RagError, describeValue } from "./errors.js";

/**
 * The one way this library checks an options object: a zod schema, built once at module level, and
 * {@link parseOptions}, which turns the first issue into an `INVALID_ARGUMENT` {@link RagError} that names the
 * option's full path, what was expected and what was given.
 */

/** Where the options being checked come from, for the error message. */
export interface OptionsSource {
  /** The function or class that received them, e.g. `"openAIEmbedder"`; it starts the message. */
  caller?: string;
  /** The path of the options object itself, e.g. `"chunking"`, so that its `overlap` is `chunking.overlap`. */
  path?: string;
}

/**
 * Parses `value` with `schema` and returns zod's output. On failure, the first issue becomes
 * `RagError("INVALID_ARGUMENT")` with `details: { option, expected?, actual? }`:
 *
 * - an issue reads `<caller>: <path> must be <expected>, got <actual>.`, where the expected part is the message
 *   the schema gives (zod's `error`/`message` param of a type, a check, `.refine` or `z.custom`: a phrase such as
 *   `"a positive integer"`), or else one derived from the issue (`"at least 1"`, `"\"cosine\" or \"l2\""`);
 * - a message that is a sentence (it ends with `.`, `!` or `?`, as a `.superRefine` comparing two options
 *   would write it, with the fix) is used as written, after the path when it does not name it already;
 * - an unknown key of a strict object names the closest known key (`Did you mean "authToken"?`).
 *
 * Values of secret options (`apiKey`, `authToken`, `encryptionKey`) are never printed.
 *
 * @example
 * const schema = z.strictObject({ size: integer(1).optional() });
 * parseOptions(schema, { size: 0 }, { path: "chunking" });
 * // RagError INVALID_ARGUMENT: chunking.size must be a positive integer, got 0.
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, source: OptionsSource = {}): z.output<S> {
  // The plain parse keeps zod's compiled fast path; only a failure pays for a second, instrumented parse.
  const first = schema.safeParse(value);
  if (first.success) return first.data;
  const knownKeys = new Map<string, string[]>();
  const result = schema.safeParse(value, {
    // Messages the schema does not give are left empty and written below, with the path and the value.
    error: (issue) => {
      if (issue.code === "unrecognized_keys") knownKeys.set(pathKey(issue.path ?? []), objectKeys(issue.inst));
      return "";
    },
  });
  const issue = (result.error ?? first.error).issues[0]!;
  throw optionError(issue, value, source, knownKeys.get(pathKey(issue.path)) ?? [], result.error ?? first.error);
}

function optionError(issue: z.core.$ZodIssue, root: unknown, source: OptionsSource, known: string[], cause: z.ZodError): RagError {
  const lead = source.caller ? `${source.caller}: ` : "";
  const base = [...(source.path ? [source.path] : []), ...issue.path.map(String)];

  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const near = closestKey(key, known);
    const option = joinPath([...base, key]);
    const suggestion = near === undefined ? "" : `Did you mean ${JSON.stringify(joinPath([...base, near]))}? `;
    return new RagError("INVALID_ARGUMENT", `${lead}unknown option ${JSON.stringify(option)}. ${suggestion}Known options: ${known.join(", ")}.`, {
      cause,
      details: { option, key, ...(near === undefined ? {} : { suggestion: near }) },
    });
  }

  const option = joinPath(base) || "options";
  const given = valueAt(root, issue.path);
  const secret = SECRET.test(String(issue.path.at(-1) ?? ""));
  const actual = secret ? describeSecret(given) : describeValue(given);
  const rawActual = !secret && (typeof given === "number" || typeof given === "boolean" || given === null) ? given : actual;
  const got = given === undefined ? {} : { actual: rawActual };

  if (/[.!?]$/.test(issue.message)) {
    const named = issue.message.includes(option) || issue.path.length === 0 ? issue.message : `${option}: ${issue.message}`;
    return new RagError("INVALID_ARGUMENT", `${lead}${named}`, { cause, details: { option, ...got } });
  }
  const expected = issue.message || expectedOf(issue);
  return new RagError("INVALID_ARGUMENT", `${lead}${option} must be ${expected}, got ${actual}.`, {
    cause,
    details: { option, expected, ...got },
  });
}

/** What an issue without a message of its own expected, as a phrase: "a number", "at least 1". */
function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`;
    case "too_small":
      return bound(issue.origin, "at least", "greater than", issue.minimum, issue.inclusive);
    case "too_big":
      return bound(issue.origin, "at most", "less than", issue.maximum, issue.inclusive);
    case "invalid_value":
      return oneOf(issue.values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))));
    case "invalid_union": {
      const branches = issue.errors.map((branch) => (branch[0] ? branch[0].message || expectedOf(branch[0]) : "valid"));
      return oneOf([...new Set(branches)]);
    }
    case "invalid_format":
      return `a valid ${issue.format}`;
    case "not_multiple_of":
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return "valid";
  }
}

const TYPE_NAMES: Record<string, string> = {
  number: "a number",
  int: "an integer",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  function: "a function",
  bigint: "a bigint",
  null: "null",
  undefined: "left out",
  nonoptional: "given",
};

function bound(origin: string, closed: string, open: string, limit: number | bigint, inclusive: boolean | undefined): string {
  const relation = `${inclusive === false ? open : closed} ${String(limit)}`;
  if (origin === "string") return Number(limit) === 1 && relation === "at least 1" ? "a non-empty string" : `a string of ${relation} characters`;
  if (origin === "array" || origin === "set") return Number(limit) === 1 && relation === "at least 1" ? "a non-empty array" : `${relation} items`;
  return relation;
}

function oneOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "valid") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

const SECRET = /(apiKey|authToken|encryptionKey|password|secret)$/i;

function describeSecret(value: unknown): string {
  if (typeof value === "string") return value === "" ? "an empty string" : "a string (not shown)";
  return value === null || value === undefined ? String(value) : `a ${typeof value}`;
}

/** `a.b[0].c`: dotted keys, bracketed indexes. */
function joinPath(path: readonly string[]): string {
  return path.reduce((out, key) => (/^\d+$/.test(key) ? `${out}[${key}]` : out ? `${out}.${key}` : key), "");
}

function pathKey(path: readonly PropertyKey[]): string {
  return JSON.stringify(path.map(String));
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function objectKeys(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/** Levenshtein distance, case-insensitive, so that `authtoken` is 0 edits from `authToken`. */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length]!;
}

/** The known key nearest to `key`, when it is near enough to be a likely typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * An integer from `min` to `max`, with one expected phrase for its type and both bounds ("a positive integer",
 * "an integer from 1 to 1000", "an integer of 0 or more").
 */
export function integer(min: number, max?: number, expected = integerPhrase(min, max)) {
  const error = { error: expected };
  const schema = z.number(error).int(error).min(min, error);
  return max === undefined ? schema : schema.max(max, error);
}

function integerPhrase(min: number, max: number | undefined): string {
  if (max !== undefined) return `an integer from ${min} to ${max}`;
  return min === 1 ? "a positive integer" : `an integer of ${min} or more`;
}

/** A finite number from `min` to `max`, with one expected phrase ("a number from 0 to 1", "a number of 0 or more"). */
export function finiteNumber(min?: number, max?: number) {
  const expected =
    min !== undefined && max !== undefined
      ? `a finite number from ${min} to ${max}`
      : min !== undefined
        ? `a finite number of ${min} or more`
        : max !== undefined
          ? `a finite number of at most ${max}`
          : "a finite number";
  const error = { error: expected };
  let schema = z.number(error);
  if (min !== undefined) schema = schema.min(min, error);
  if (max !== undefined) schema = schema.max(max, error);
  return schema;
}

/** Whether `value` parses as an http: or https: URL. */
export function isHttpURL(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** A setting (an environment variable, say), or undefined when it is missing or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
