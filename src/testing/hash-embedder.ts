import { createHash } from "node:crypto";
import { vectorLength } from "../db/vector.js";
import type { Embedder } from "../embed/embedder.js";
import { z } from "zod";
import { RagError } from "../errors.js";
import { integer, parseOptions } from "../options.js";

export interface HashEmbedderOptions {
  /** @default 64 */
  dimensions?: number;
  /** @default "hash-<dimensions>" */
  id?: string;
}

const optionsSchema = z.strictObject({ dimensions: integer(2, 65_536).optional(), id: z.string().min(1).optional() } satisfies Record<
  keyof HashEmbedderOptions,
  z.ZodType
>);

/**
 * A deterministic embedder for tests: a bag of hashed word features, L2-normalized. Texts sharing words
 * get similar vectors, so ranking tests mean something, and no model or network is needed.
 *
 * @example
 * const embedder = hashEmbedder({ dimensions: 32 });
 * const [v] = await embedder.embed(["hello world"]);
 */
export function hashEmbedder(options: HashEmbedderOptions = {}): Embedder {
  const { dimensions = 64, id = `hash-${dimensions}` } = parseOptions(optionsSchema, options, { caller: "hashEmbedder" });
  return {
    id,
    dimensions,
    maxBatchSize: 1024,
    maxConcurrency: 1,
    async embed(texts, embedOptions) {
      if (embedOptions?.signal?.aborted) throw new RagError("ABORTED", "Embedding was aborted.", { cause: embedOptions.signal.reason });
      return texts.map((text) => embedText(text, dimensions));
    },
  };
}

function embedText(text: string, dimensions: number): Float32Array {
  const v = new Float32Array(dimensions);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  // A constant feature keeps empty or symbol-only text from being an all-zero vector.
  v[0] = 0.01;
  for (const word of words) {
    const h = createHash("sha256").update(word).digest();
    const slot = h.readUInt32LE(0) % dimensions;
    v[slot]! += h[4]! & 1 ? 1 : -1;
  }
  const norm = vectorLength(v);
  for (let i = 0; i < dimensions; i++) v[i]! /= norm;
  return v;
}
