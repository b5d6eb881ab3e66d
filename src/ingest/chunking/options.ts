import { z } from "zod";
import { integer, parseOptions } from "../../options.js";

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

const chunkingSchema = z
  .strictObject({
    size: integer(1, undefined, 'a positive integer (a number of characters, or of tokens with unit: "tokens")').default(DEFAULT_CHUNKING.size),
    overlap: integer(0).optional(),
    unit: z.enum(["characters", "tokens"]).default(DEFAULT_CHUNKING.unit),
    contextHeader: z.boolean().default(DEFAULT_CHUNKING.contextHeader),
  })
  .transform(({ size, overlap, unit, contextHeader }) => ({
    size,
    overlap: overlap ?? Math.min(DEFAULT_CHUNKING.overlap, Math.floor(size / 5)),
    unit,
    contextHeader,
  }))
  .superRefine(({ size, overlap }, ctx) => {
    if (overlap >= size) {
      ctx.addIssue({
        code: "custom",
        path: ["overlap"],
        message: `chunking.overlap must be less than chunking.size, got overlap ${overlap} with size ${size}. Lower the overlap or raise the size.`,
      });
    }
  });

/**
 * Fills in defaults and validates.
 *
 * @throws {RagError} `INVALID_ARGUMENT` unless `size` is a positive integer, `overlap` an integer from 0 to
 * `size - 1`, `unit` "characters" or "tokens" and `contextHeader` a boolean.
 */
export function resolveChunkingOptions(options: ChunkingOptions = {}): ResolvedChunkingOptions {
  return parseOptions(chunkingSchema, options, { path: "chunking" });
}
