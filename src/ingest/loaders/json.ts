import { describeValue } from "../../errors.js";
import { decodeText } from "./decode.js";
import { jsonDepth } from "./depth.js";
import { ensureDepth, loadError, type LoadContext, type LoadedDocument, TEXT_FORMATS, type TextFormat } from "./document.js";

/** The fields tried, in order, for a record's text when no `contentKey` is given. */
export const DEFAULT_CONTENT_KEYS: readonly string[] = ["content", "text", "pageContent", "body", "markdown", "html"];

/** Keys whose text is in the format they name: a crawler's record (`{ url, markdown }`) is read as Markdown. */
const FORMAT_KEYS: ReadonlyMap<string, TextFormat> = new Map([
  ["markdown", "markdown"],
  ["html", "html"],
]);

/** Where a record came from, for error messages and its fallback id. */
interface RecordAt {
  value: unknown;
  index: number;
  /** "line 3" for JSON Lines, "element 2" for a JSON array. */
  where: string;
}

/**
 * Loads a `.json` file (one object, or an array of objects) or a `.jsonl` file (one object per line; blank
 * lines are skipped). Each record becomes a document: its text from the first content key holding a
 * non-empty string, its id `<source>#<id field or 0-based index>`, its title from a string `title`, and its
 * other fields as metadata (but `source` and `format`, which are the loader's). A record's text in a format (its
 * `format` field, one of `TEXT_FORMATS`, or a `markdown` or `html` key) is marked `readAs`, to be read by
 * `readInFormat`. A record that is no object or has no text fails the whole file, so a file is never half-loaded;
 * one whose text cannot be read in its format fails alone at ingest.
 */
export function loadJsonFile(file: LoadContext, lines: boolean): LoadedDocument[] {
  const { text } = decodeText(file.bytes, { source: file.source });
  if (text.trim() === "") throw loadError(file.source, "the file is empty: expected JSON records, found none.", { details: { reason: "empty" } });
  const records = lines ? parseLines(file, text) : parseDocument(file, text);
  const seen = new Map<string, string>();
  return records.map((record) => {
    const document = toDocument(file, record, lines ? "jsonl" : "json");
    const earlier = seen.get(document.id);
    if (earlier !== undefined) {
      throw loadError(
        file.source,
        `${record.where} has the same id as ${earlier} (${JSON.stringify(document.id)}): expected unique "id" fields. Make the ids unique.`,
        {
          details: { reason: "duplicate id", id: document.id },
        },
      );
    }
    seen.set(document.id, record.where);
    return document;
  });
}

function parseDocument(file: LoadContext, text: string): RecordAt[] {
  const { source } = file;
  ensureDepth(file, text, jsonDepth, "JSON values");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw loadError(source, `the file is not valid JSON (${(cause as Error).message}). Fix the syntax, or use .jsonl for one object per line.`, {
      cause,
      details: { reason: "syntax" },
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => ({ value: item, index, where: `element ${index}` }));
  return [{ value, index: 0, where: "the top-level value" }];
}

function parseLines(file: LoadContext, text: string): RecordAt[] {
  const { source } = file;
  const records: RecordAt[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    ensureDepth(file, line, jsonDepth, `JSON values on line ${i + 1}`);
    try {
      records.push({ value: JSON.parse(line), index: records.length, where: `line ${i + 1}` });
    } catch (cause) {
      throw loadError(source, `line ${i + 1} is not valid JSON (${(cause as Error).message}): expected one object per line. Fix or remove that line.`, {
        cause,
        details: { reason: "syntax", line: i + 1 },
      });
    }
  });
  if (records.length === 0) throw loadError(source, "the file has no records: expected one JSON object per line.", { details: { reason: "empty" } });
  return records;
}

function toDocument(file: LoadContext, record: RecordAt, format: "json" | "jsonl"): LoadedDocument {
  const { value, where } = record;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw loadError(file.source, `${where} is ${describeValue(value)}: expected an object with a text field (${file.contentKeys.join(", ")}).`, {
      details: { reason: "not an object", record: record.index },
    });
  }
  const fields = value as Record<string, unknown>;
  const contentKey = file.contentKeys.find((key) => typeof fields[key] === "string" && (fields[key] as string).trim() !== "");
  if (contentKey === undefined) {
    const present = file.contentKeys.filter((key) => key in fields);
    throw loadError(
      file.source,
      `${where} has no text: expected a non-empty string in ${file.contentKeys.map((key) => `"${key}"`).join(" or ")}, ` +
        `${present.length === 0 ? "found none of them" : `found ${present.map((key) => `"${key}": ${describeValue(fields[key])}`).join(", ")}`}. ` +
        'Put the text under one of those keys (loadFile also takes { contentKey: "yourField" }).',
      { details: { reason: "no content", record: record.index } },
    );
  }
  const { id, title, ...rest } = fields;
  delete rest[contentKey];
  // Its text read in the format the record names (`format: "markdown"`), else the one its text's key names.
  const named = typeof rest.format === "string" ? TEXT_FORMATS.find((f) => f === (rest.format as string).trim().toLowerCase()) : undefined;
  if (named !== undefined) delete rest.format;
  const readAs = named ?? FORMAT_KEYS.get(contentKey);
  const key = typeof id === "string" || typeof id === "number" ? String(id) : String(record.index);
  return {
    id: `${file.source}#${key}`,
    content: fields[contentKey] as string,
    ...(readAs !== undefined ? { readAs } : {}),
    ...(typeof title === "string" && title.trim() !== "" ? { title: title.trim() } : {}),
    metadata: {
      ...rest,
      ...(id === undefined ? {} : { id }),
      ...(title === undefined || typeof title === "string" ? {} : { title }),
      source: file.source,
      format,
    },
  };
}
