import { RagError, describeValue } from "../errors.js";
import { MAX_DIMENSIONS } from "../db/vector.js";
import type { Embedder, EmbedOptions } from "./embedder.js";

type Loose = Record<string, unknown>;

/** A LangChain `Embeddings` object: it embeds through `embedDocuments`/`embedQuery`. */
function isLangChainEmbeddings(value: Loose): boolean {
  return typeof value.embedDocuments === "function" && typeof value.embedQuery === "function";
}

/** A Vercel AI SDK `EmbeddingModel` (v1/v2/v3): `doEmbed`, with `specificationVersion` and `modelId`. */
function isAiSdkEmbeddingModel(value: Loose): boolean {
  return typeof value.doEmbed === "function" && (typeof value.specificationVersion === "string" || typeof value.modelId === "string");
}

/**
 * Checks that `value` is one of our {@link Embedder}s before anything uses it, and names the wrapper to use for
 * the embedding objects of other libraries, which would otherwise fail later as a missing `dimensions`.
 * Throws `INVALID_ARGUMENT`.
 */
export function checkEmbedder(value: unknown, where: string): asserts value is Embedder {
  if (value === null || typeof value !== "object") {
    throw new RagError("INVALID_ARGUMENT", `${where}: embedder must be an Embedder ({ id, dimensions, embed }), got ${describeValue(value)}.`);
  }
  const v = value as Loose;
  if (isLangChainEmbeddings(v) && typeof v.embed !== "function") {
    throw new RagError(
      "INVALID_ARGUMENT",
      `${where}: embedder is a LangChain Embeddings object (${v.constructor?.name ?? "Embeddings"}, with embedDocuments/embedQuery), not a libsql-rag Embedder ({ id, dimensions, embed }). ` +
        `createRag wraps one itself; elsewhere wrap it: import { embedderFromEmbeddings } from "libsql-rag/langchain"; then embedder: await embedderFromEmbeddings(embeddings, { id: "provider:model", dimensions }).`,
    );
  }
  if (isAiSdkEmbeddingModel(v) && typeof v.embed !== "function") {
    const model = typeof v.modelId === "string" ? ` "${v.modelId}"` : "";
    throw new RagError(
      "INVALID_ARGUMENT",
      `${where}: embedder is a Vercel AI SDK embedding model${model} (with doEmbed), not a libsql-rag Embedder ({ id, dimensions, embed }). ` +
        `createRag wraps one itself; elsewhere wrap it: import { aiSdkEmbedder } from "libsql-rag/ai-sdk"; then embedder: await aiSdkEmbedder(model).`,
    );
  }
  const problems: string[] = [];
  if (typeof v.id !== "string" || v.id.length === 0) problems.push(`id is ${describeValue(v.id)} (expected a non-empty string)`);
  if (!Number.isInteger(v.dimensions) || (v.dimensions as number) < 1 || (v.dimensions as number) > MAX_DIMENSIONS) {
    problems.push(`dimensions is ${describeValue(v.dimensions)} (expected an integer from 1 to ${MAX_DIMENSIONS})`);
  }
  if (typeof v.embed !== "function") problems.push(`embed is ${describeValue(v.embed)} (expected a function)`);
  if (problems.length > 0) {
    throw new RagError("INVALID_ARGUMENT", `${where}: embedder is not an Embedder ({ id, dimensions, embed }): ${problems.join("; ")}.`);
  }
}

/**
 * Embeds the texts of one query in a single call, and checks that one vector of the embedder's dimensions came
 * back for each, so that an embedder returning nothing (`[]`, an empty vector) or a vector of another size is
 * reported as the embedder's failure.
 */
export async function embedQuery(embedder: Embedder, texts: string[], options?: EmbedOptions): Promise<Float32Array[]> {
  const vectors = await embedder.embed(texts, options);
  const lengthOf = (v: unknown) => (v === undefined || v === null ? undefined : (v as { length?: unknown }).length);
  const misfit = Array.isArray(vectors) ? vectors.findIndex((v) => lengthOf(v) !== embedder.dimensions) : -1;
  if (!Array.isArray(vectors) || vectors.length !== texts.length || misfit !== -1) {
    const size = lengthOf(vectors[misfit]);
    const got = !Array.isArray(vectors)
      ? describeValue(vectors)
      : vectors.length !== texts.length
        ? `${vectors.length} vectors`
        : typeof size === "number" && size > 0
          ? `a vector of ${size}`
          : "an empty vector";
    const expected = texts.length === 1 ? "one vector" : `${texts.length} vectors`;
    throw new RagError(
      "EMBEDDING_FAILED",
      `Embedder "${embedder.id}" returned no vector for the query: expected ${expected} of ${embedder.dimensions} numbers, got ${got}. Check the embedder's output (its model or server).`,
      { details: { expected: embedder.dimensions } },
    );
  }
  return vectors as Float32Array[];
}
