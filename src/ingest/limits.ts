import { z } from "zod";
import { RagError } from "../errors.js";
import { parseOptions } from "../options.js";

/**
 * Bounds on what one ingest accepts, so that a hostile or broken input fails alone (with `LIMIT_EXCEEDED`)
 * instead of exhausting memory, time or the stack. Pass `Infinity` to lift a limit.
 */
export interface IngestLimits {
  /**
   * Bytes of one source file, checked with `stat` before it is read. Files are read whole and parsed in memory
   * (a JSON file takes several times its size), so this bounds the memory one file can take.
   * @default 104857600 (100 MiB)
   */
  maxFileBytes?: number;
  /**
   * Characters of text extracted from one document (one file, one JSON record, one in-memory document).
   * About 5,000 pages of text; it also stops a small compressed PDF that inflates to gigabytes of text, page
   * by page, while it is being extracted.
   * @default 10000000
   */
  maxDocumentChars?: number;
  /**
   * Nesting depth of Markdown (block quotes and list levels), HTML elements and JSON values, checked by a
   * cheap scan before parsing. Real documents stay far below it; parsers and tree walkers overflow the stack
   * at a few thousand levels.
   * @default 128
   */
  maxDepth?: number;
  /**
   * Bytes of one document's metadata as JSON (a JSON record's other fields, front matter). Metadata is copied
   * into every chunk of the document and indexed for filters, so it is meant for small values.
   * @default 65536 (64 KiB)
   */
  maxMetadataBytes?: number;
}

export type ResolvedLimits = Required<IngestLimits>;

/** The limits used when none are given. */
export const DEFAULT_LIMITS: Readonly<ResolvedLimits> = Object.freeze({
  maxFileBytes: 100 * 1024 * 1024,
  maxDocumentChars: 10_000_000,
  maxDepth: 128,
  maxMetadataBytes: 64 * 1024,
});

const AT_LEAST_1 = { error: "a number of at least 1 (or Infinity)" };
const limit = z.union([z.number(AT_LEAST_1).min(1), z.literal(Number.POSITIVE_INFINITY)], AT_LEAST_1).optional();

const limitsSchema = z.strictObject({
  maxFileBytes: limit,
  maxDocumentChars: limit,
  maxDepth: limit,
  maxMetadataBytes: limit,
} satisfies Record<keyof IngestLimits, z.ZodType>);

/** Fills in defaults and checks each limit is a positive number (or Infinity). */
export function resolveLimits(limits: IngestLimits | undefined): ResolvedLimits {
  if (limits === undefined) return { ...DEFAULT_LIMITS };
  const given = parseOptions(limitsSchema, limits, { path: "limits" });
  return {
    maxFileBytes: given.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
    maxDocumentChars: given.maxDocumentChars ?? DEFAULT_LIMITS.maxDocumentChars,
    maxDepth: given.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxMetadataBytes: given.maxMetadataBytes ?? DEFAULT_LIMITS.maxMetadataBytes,
  };
}

/** The `LIMIT_EXCEEDED` error for one source: what exceeded which limit, and the option that raises it. */
export function limitError(source: string, limit: keyof ResolvedLimits, value: number, actual: number | string, what: string): RagError {
  return new RagError(
    "LIMIT_EXCEEDED",
    `Could not ingest ${source}: ${what} is ${actual}, over limits.${limit} = ${value}. ` +
      `Raise it with ingest({ limits: { ${limit}: <larger> } }) if the input is legitimate, or leave the input out.`,
    { path: source, details: { source, limit, value, actual } },
  );
}
