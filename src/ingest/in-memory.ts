import { z } from "zod";
import { RagError, describeValue, errorMessage, isPlainObject } from "../errors.js";
import { parseOptions } from "../options.js";
import { TEXT_FORMATS, type TextFormat } from "./loaders/index.js";

/** A document given in memory rather than as a file. */
export interface InMemoryDocument {
  /** Stable id; re-ingesting the same id replaces the document when its content changes. */
  id: string;
  content: string;
  /**
   * The document's title; with a `format`, one found in the text (a first heading, `<title>`) stands in for it.
   * `null`, as a database's empty column gives it, is no title.
   */
  title?: string | null;
  /**
   * Stored with every chunk (`null` is none). With a `format`, front matter's fields join it, and these win, except
   * `format` itself, which is the reader's (the chunker reads Markdown by it).
   */
  metadata?: Record<string, unknown> | null;
  /**
   * Read `content` as a file in this format is read: `"markdown"`, `"mdx"`, `"html"` (cleaned of its site's
   * navigation and chrome), `"rst"`, `"asciidoc"`, `"man"` (a man page's roff), `"info"` (a GNU Info manual), `"pod"` (Perl's POD), `"org"` (Org mode) or `"text"` (plain text's underlined
   * and numbered headings). Its headings then make each chunk's context header, as a file's do. Without it,
   * `content` is stored as given: one text without headings (though a `metadata.format` of `"markdown"` or `"mdx"`
   * has the chunker cut and embed it as Markdown prose).
   */
  format?: TextFormat | null;
}

const inMemoryDocumentSchema = z.strictObject({
  id: z.string(),
  content: z.string(),
  title: z.string().nullish(),
  // A plain object, as nested ones must be (`metadataJson`, which checks its fields where it is stored).
  metadata: z
    .custom<Record<string, unknown>>(isPlainObject, {
      error: ({ input }) =>
        `metadata must be a plain object of fields, got ${
          typeof input !== "object" || input === null || Array.isArray(input)
            ? describeValue(input)
            : input.constructor === Object || input.constructor === undefined
              ? "an object with a prototype"
              : `a ${input.constructor.name}`
        }; copy a row's fields into one ({ ...row }).`,
    })
    .nullish(),
  format: z.enum(TEXT_FORMATS).nullish(),
});

/**
 * Checks a document given in memory: `id` and `content` strings, no key besides `title`, `metadata` and `format` (a
 * misspelt `formt`, or a row's own field that belongs in `metadata`, is refused rather than dropped). Returns a
 * copy, each field read once, without the fields that are `null` or `undefined`, and with a deep copy of `metadata`:
 * a stream that yields one metadata object again and again, changed in between, gives each document its own.
 * @throws {RagError} `INVALID_ARGUMENT`, its message led by `where` and saying what was `expected` instead of a value
 * that is no document at all.
 */
export function checkInMemoryDocument(value: unknown, where: string, expected = "an { id, content, title?, metadata?, format? } document"): InMemoryDocument {
  const given = value as InMemoryDocument | null;
  // Each field read once (a getter may answer differently the second time, or throw).
  let fields: Record<keyof InMemoryDocument, unknown> | undefined;
  try {
    fields =
      typeof given === "object" && given !== null
        ? { id: given.id, content: given.content, title: given.title, metadata: given.metadata, format: given.format }
        : undefined;
  } catch (error) {
    throw new RagError("INVALID_ARGUMENT", `${where}: reading the document's fields failed: ${errorMessage(error)}.`, { cause: error });
  }
  if (fields === undefined || typeof fields.id !== "string" || typeof fields.content !== "string") {
    throw new RagError("INVALID_ARGUMENT", `${where}: expected ${expected}, got ${describeValue(value)}.`);
  }
  const extra = Object.keys(value as object).find((key) => !Object.hasOwn(inMemoryDocumentSchema.shape, key));
  if (extra !== undefined) {
    throw new RagError(
      "INVALID_ARGUMENT",
      `${where}: unknown key ${JSON.stringify(extra)}; a document has id, content, title, metadata and format, and fields of its own go in its metadata.`,
      { details: { key: extra } },
    );
  }
  const { id, content, title, metadata, format } = parseOptions(inMemoryDocumentSchema, fields, { caller: where });
  let ownMetadata: Record<string, unknown> | undefined;
  try {
    ownMetadata = metadata == null ? undefined : (copyOfJson(metadata, new Set()) as Record<string, unknown>);
  } catch {
    // A getter that throws, or nesting past the stack: left as given, for storing to refuse (that document alone).
    ownMetadata = metadata ?? undefined;
  }
  return { id, content, ...(title != null ? { title } : {}), ...(ownMetadata ? { metadata: ownMetadata } : {}), ...(format != null ? { format } : {}) };
}

/**
 * A copy of the plain objects and arrays in `value`, each field read once; anything else (a Date, a cycle) is left
 * as it is, for storing to refuse.
 */
function copyOfJson(value: unknown, path: Set<object>): unknown {
  if (typeof value !== "object" || value === null || path.has(value)) return value;
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  path.add(value);
  const copy = Array.isArray(value)
    ? value.map((item) => copyOfJson(item, path))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyOfJson(v, path)]));
  path.delete(value);
  return copy;
}
