import { z } from "zod";
import { RagError, describeValue } from "../errors.js";
import { integer, parseOptions } from "../options.js";
import { jsonPath, parseFilter } from "../filter/index.js";
import { indexOptionsSchema, ivfOptionsSchema, type CollectionInfo } from "../db/collection-info.js";
import type { ConnectionKind } from "../db/connection.js";
import type { IvfOptions } from "../db/ivf.js";
import type { VectorIndexOptions } from "../db/ddl.js";
import { MAX_DIMENSIONS, VECTOR_TYPES, type Metric, type VectorType } from "../db/vector.js";

/**
 * Options of a collection. When the collection exists, every option given must match what it was
 * created with; an existing collection opens with none.
 */
export interface CollectionOptions {
  /** Vector length. Required to create a collection. */
  dimensions?: number | undefined;
  /** Column type of the vectors. @default "F32_BLOB" */
  vectorType?: VectorType | undefined;
  /** @default "cosine" */
  metric?: Metric | undefined;
  /**
   * DiskANN index options, `true` for {@link defaultIndexOptions}, or `false` for no vector index. Opening an
   * existing collection that has no index with `true` or options builds it (one statement over every row:
   * minutes at 100k rows); opening one that has an index with `true` accepts whatever options it has.
   * @default false for a store that keeps a scan cache (local files and `:memory:`; the cache answers vector
   * queries at recall 0.999, and the index would cost 30× the ingest time and 3× the bytes: docs/benchmarks.md);
   * else (remote servers, embedded replicas, `scanCache: false`) defaultIndexOptions(metric, dimensions)
   */
  index?: VectorIndexOptions | boolean | undefined;
  /** The embedder id to record (or check against what is recorded). */
  embedderId?: string | undefined;
  /**
   * Metadata fields (dotted paths) to index, so that filters on them (`$eq`, `$in`, ranges, also on array
   * elements) are index lookups and filtered search stays fast at low selectivity. Opening an existing
   * collection with new fields adds their indexes; fields are never dropped this way.
   * @default []
   */
  indexedFields?: string[] | undefined;
  /**
   * Partitions (IVF): k-means lists kept in the database, so a query computes exact distances only for the rows
   * of the lists nearest to it (`strategy: "ivf"`, and `"auto"` without a scan cache). For remote servers: a
   * query reads a few thousand rows at near-exact recall, where the vector index alone loses recall on large
   * collections (figures in docs/remote-search.md). Trained automatically from 4,096 rows, again as the
   * collection grows 4×, and by `col.reindex()`. Opening an existing collection with `ivf: true` adds them. Not
   * for `F1BIT_BLOB`.
   * @default true when the collection is created through a remote server, else false
   */
  ivf?: boolean | IvfOptions | undefined;
}

/**
 * The index options a collection gets when created without any, by metric and dimensions. For cosine: 1-bit
 * neighbours, a graph degree of ⌊1.8·(⌊√D⌋+1)⌋ (60% of libSQL's default) and `insertL: 20` (libSQL: 70), which
 * build several times faster and far smaller than libSQL's defaults at the same index recall; the index-option
 * sweep behind this is in docs/benchmarks.md. libSQL offers 1-bit neighbours only for cosine; l2 keeps 8-bit
 * neighbours and libSQL's degree (a smaller degree cost l2 recall).
 */
export function defaultIndexOptions(metric: Metric, dimensions: number): VectorIndexOptions {
  if (metric === "l2") return { compressNeighbors: "float8" };
  return { compressNeighbors: "float1bit", maxNeighbors: Math.floor(1.8 * (Math.floor(Math.sqrt(dimensions)) + 1)), insertL: 20 };
}

/** An `indexedFields` entry: a metadata path that a filter accepts (`id` and `documentId` are indexed already). */
const indexedFieldSchema = z.string().superRefine((field, ctx) => {
  if (field === "id" || field === "documentId") {
    ctx.addIssue({ code: "custom", message: `"${field}" is a record field and is always indexed; list metadata paths only.` });
    return;
  }
  try {
    parseFilter({ [field]: { $exists: true } });
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message.replace(/\.?$/, ".") });
  }
});

const collectionOptionsSchema = z
  .strictObject({
    dimensions: integer(1, MAX_DIMENSIONS).optional(),
    vectorType: z.enum(VECTOR_TYPES as [VectorType, ...VectorType[]]).optional(),
    metric: z.enum(["cosine", "l2"]).optional(),
    index: z.union([z.boolean(), indexOptionsSchema]).optional(),
    embedderId: z.string().min(1).max(512).optional(),
    indexedFields: z.array(indexedFieldSchema).max(32).optional(),
    ivf: z.union([z.boolean(), ivfOptionsSchema]).optional(),
  } satisfies Record<keyof CollectionOptions, z.ZodType>)
  .superRefine((o, ctx) => {
    if (o.metric !== "l2") return;
    if (o.vectorType === "F1BIT_BLOB") {
      ctx.addIssue({
        code: "custom",
        path: ["metric"],
        message: 'F1BIT_BLOB vectors support only the cosine metric (a Hamming distance); use metric: "cosine".',
      });
    }
    if (typeof o.index === "object" && o.index.compressNeighbors === "float1bit") {
      ctx.addIssue({
        code: "custom",
        path: ["index", "compressNeighbors"],
        message: 'compressNeighbors "float1bit" works only with the cosine metric; choose "float8" for l2.',
      });
    }
  });

/** Drops duplicate `indexedFields` (each is checked by the options' schema). */
export function uniqueIndexedFields(fields: readonly string[]): string[] {
  return [...new Set(fields)];
}

export function checkCollectionName(name: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (typeof name !== "string" || name.length === 0 || name.length > 128 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new RagError("INVALID_ARGUMENT", `A collection name must be 1 to 128 characters without control characters, got ${describeValue(name)}.`);
  }
  return name;
}

/** Checks the options of `store.collection`; the first issue becomes `INVALID_ARGUMENT` naming the option. */
export function parseCollectionOptions(options: unknown): z.infer<typeof collectionOptionsSchema> {
  return parseOptions(collectionOptionsSchema, options ?? {}, { caller: "store.collection" });
}

/** The JSON path of a dotted metadata field. */
export function fieldPath(field: string): string {
  return jsonPath(field.split("."));
}

function sameIndex(a: VectorIndexOptions | false, b: VectorIndexOptions | false): boolean {
  if (a === false || b === false) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof VectorIndexOptions>;
  return [...keys].every((k) => a[k] === b[k]);
}

/**
 * Checks the options given when opening an existing collection against what it was created with: another
 * dimension count is `DIMENSION_MISMATCH`, another vector type, metric or index is `CONFLICT`.
 */
export function checkSameOptions(info: CollectionInfo, o: CollectionOptions): void {
  if (o.dimensions !== undefined && o.dimensions !== info.dimensions) {
    throw new RagError(
      "DIMENSION_MISMATCH",
      `Collection "${info.name}" has ${info.dimensions} dimensions, but ${o.dimensions} were asked for. Use another collection name, or drop this one first.`,
      { details: { expected: info.dimensions, actual: o.dimensions } },
    );
  }
  const conflicts: string[] = [];
  if (o.vectorType !== undefined && o.vectorType !== info.vectorType) conflicts.push(`vectorType ${info.vectorType} (asked ${o.vectorType})`);
  if (o.metric !== undefined && o.metric !== info.metric) conflicts.push(`metric ${info.metric} (asked ${o.metric})`);
  // An index is added by asking for it (store.ts), never dropped that way.
  if (o.index !== undefined && o.index !== true && info.index !== false && !sameIndex(o.index, info.index)) {
    conflicts.push(`index ${JSON.stringify(info.index)} (asked ${JSON.stringify(o.index)})`);
  }
  // Partitions are added by asking for them (store.ts), never dropped that way; their list count must agree.
  if (o.ivf === false && info.ivf !== false) conflicts.push(`ivf ${JSON.stringify(info.ivf)} (asked false)`);
  if (typeof o.ivf === "object" && info.ivf !== false && o.ivf.lists !== info.ivf.lists) {
    conflicts.push(`ivf ${JSON.stringify(info.ivf)} (asked ${JSON.stringify(o.ivf)})`);
  }
  if (conflicts.length > 0) {
    throw new RagError("CONFLICT", `Collection "${info.name}" exists with ${conflicts.join(", ")}. Open it without these options, or use another name.`);
  }
}

/** The settings a new collection is created with: the (checked) options given, defaults filled in. */
export function newCollectionSettings(
  o: CollectionOptions & { dimensions: number },
  kind: ConnectionKind,
  /** The store keeps a scan cache and is not an embedded replica: local queries need no vector index. */
  scanCached: boolean,
): {
  vectorType: VectorType;
  metric: Metric;
  index: VectorIndexOptions | false;
  indexedFields: string[];
  ivf: IvfOptions | false;
} {
  const vectorType = o.vectorType ?? "F32_BLOB";
  const metric = o.metric ?? "cosine";
  const index =
    o.index === undefined
      ? scanCached
        ? false
        : defaultIndexOptions(metric, o.dimensions)
      : o.index === true
        ? defaultIndexOptions(metric, o.dimensions)
        : o.index;
  const ivf = o.ivf === undefined ? (kind === "remote" && vectorType !== "F1BIT_BLOB" ? {} : false) : ivfSetting(o.ivf, vectorType);
  return { vectorType, metric, index, indexedFields: uniqueIndexedFields(o.indexedFields ?? []), ivf };
}

/** The partition options asked for, as the registry records them; refused for 1-bit vectors. */
export function ivfSetting(ivf: boolean | IvfOptions, vectorType: VectorType): IvfOptions | false {
  if (ivf === false) return false;
  if (vectorType === "F1BIT_BLOB") {
    throw new RagError("INVALID_ARGUMENT", "ivf partitions need float vectors (k-means centroids); F1BIT_BLOB collections cannot have them. Pass ivf: false.");
  }
  return ivf === true ? {} : { ...ivf };
}
