import { describeValue, ensureArgument } from "../../errors.js";

/** How {@link chunkDocument} cuts a document. */
export interface ChunkingOptions {
  /**
   * The largest chunk, in `unit`s: the text given to the embedder, context header (see `contextHeader`)
   * included, so that header and passage both fit the embedder's input window.
   * @default 1000
   */
  size?: number;
  /**
   * How much consecutive chunks of a section may share, in `unit`s, so that a sentence cut at a boundary
   * is whole in one of them. Must be less than `size`. The splitter overlaps whole pieces (words, lines) and
   * only within a section, so actual overlaps are at most this, often less.
   * @default 150, or a fifth of `size` when that is smaller
   */
  overlap?: number;
  /**
   * What `size` and `overlap` count: UTF-16 characters, or `cl100k_base` tokens (the OpenAI embedding
   * models' tokenizer, bundled, so counting works offline).
   * @default "characters"
   */
  unit?: "characters" | "tokens";
  /**
   * Give the embedder each chunk with a context header: the document title and heading path
   * ("Title › Section › Subsection"), a blank line, then the passage. A passage alone often does not say what
   * it is about ("It is off by default."); the header does. The stored `content` is always the passage alone.
   * @default true
   */
  contextHeader?: boolean;
}

/** {@link ChunkingOptions} with every default filled in and checked. */
export interface ResolvedChunkingOptions {
  size: number;
  overlap: number;
  unit: "characters" | "tokens";
  contextHeader: boolean;
}

export const DEFAULT_CHUNKING: Readonly<ResolvedChunkingOptions> = Object.freeze({
  size: 1000,
  overlap: 150,
  unit: "characters",
  contextHeader: true,
});

/**
 * Fills in defaults and validates.
 *
 * @throws {RagError} `INVALID_ARGUMENT` unless `size` is a positive integer, `overlap` an integer from 0 to
 * `size - 1`, `unit` "characters" or "tokens" and `contextHeader` a boolean.
 */
export function resolveChunkingOptions(options: ChunkingOptions = {}): ResolvedChunkingOptions {
  ensureArgument(typeof options === "object" && options !== null, `chunking options must be an object, got ${describeValue(options)}.`);
  const { size = DEFAULT_CHUNKING.size, unit = DEFAULT_CHUNKING.unit, contextHeader = DEFAULT_CHUNKING.contextHeader } = options;
  ensureArgument(Number.isSafeInteger(size) && size > 0, `chunking.size must be a positive integer (a number of ${unit}), got ${describeValue(size)}.`, {
    option: "size",
    actual: size,
  });
  const overlap = options.overlap ?? Math.min(DEFAULT_CHUNKING.overlap, Math.floor(size / 5));
  ensureArgument(Number.isSafeInteger(overlap) && overlap >= 0, `chunking.overlap must be an integer of 0 or more, got ${describeValue(overlap)}.`, {
    option: "overlap",
    actual: overlap,
  });
  ensureArgument(
    overlap < size,
    `chunking.overlap must be less than chunking.size, got overlap ${overlap} with size ${size}. Lower the overlap or raise the size.`,
    { option: "overlap", expected: `< ${size}`, actual: overlap },
  );
  ensureArgument(unit === "characters" || unit === "tokens", `chunking.unit must be "characters" or "tokens", got ${describeValue(unit)}.`, {
    option: "unit",
    actual: unit,
  });
  ensureArgument(typeof contextHeader === "boolean", `chunking.contextHeader must be a boolean, got ${describeValue(contextHeader)}.`, {
    option: "contextHeader",
    actual: contextHeader,
  });
  return { size, overlap, unit, contextHeader };
}
