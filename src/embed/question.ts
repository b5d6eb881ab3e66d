// The texts embedded for a question. USE-lite (and small sentence encoders like it) give an English question's
// framing ("How do I …", "What is …") as much weight as its subject, so a question lands near other questions and
// passages that share its framing rather than near the passage that answers it. Dropping the lead-in and the
// question mark before embedding moved vector-mode R@5 on the Python documentation's held-out questions from 0.44
// to 0.54, and in vector mode the question's content words embedded beside it add 0.019 more over 29 corpora
// (docs/retrieval.md). The keyword side keeps the text as given.

import { vectorLength } from "../db/vector.js";
import { ensureArgument } from "../errors.js";
import { contentWords } from "../words.js";
import { embedQuery } from "./check-embedder.js";
import type { EmbedOptions, Embedder } from "./embedder.js";

/** An English question's lead-in: an interrogative opener, with the auxiliary and pronoun that follow it. */
const LEAD_IN =
  /^(how (do|can|should|would) (i|you|we)|how to|what('s| is| are| does)|is (it|there) (possible|a way) to|can (i|you|we)|why (does|do|is|are)|where (is|are|do|does)|when (does|do|is|should)|which|does|do|is|are)\b\s*/i;

/**
 * The text to embed for a search question: without an English question's lead-in and its closing question marks,
 * or the text unchanged when nothing else would be left (or when it is not such a question).
 *
 * @example
 * embeddingText("How do I turn on write-ahead logging?") // "turn on write-ahead logging"
 */
export function embeddingText(question: string): string {
  const stripped = question
    .trim()
    .replace(LEAD_IN, "")
    .replace(/\?+\s*$/, "")
    .trim();
  return stripped.length > 0 ? stripped : question;
}

/** What a search mode embeds of a question. */
export interface QuestionEmbedding {
  /** `"vector"` embeds the question's content words beside it; other modes the question alone. @default "hybrid" */
  mode?: "vector" | "keyword" | "hybrid" | undefined;
  /**
   * `false` embeds the question exactly as given and nothing beside it, in every mode: for a model that expects
   * its own prefix ("query: …"), or to measure the plain question. @default true
   */
  stripLeadIn?: boolean | undefined;
}

/**
 * The texts embedded for a search question: its {@link embeddingText}, and in vector mode also its content words
 * (lower-cased, stopwords dropped: the words the keyword side matches, before any spelling correction) when they
 * differ from it; with `stripLeadIn: false`, the question as given alone. Vector mode has no keyword side, and
 * USE-lite's vector of a whole question leans on its wording: the mean of the two vectors lifted vector-mode R@5 by
 * 0.019 [+0.008, +0.030] over 2,548 English questions on 29 corpora. Hybrid already matches those words on its
 * keyword side, and the words' vector there lowered R@5 (docs/retrieval.md).
 *
 * @example
 * questionTexts("How do I turn on write-ahead logging?", { mode: "vector" })
 * // ["turn on write-ahead logging", "turn write ahead logging"]
 */
export function questionTexts(question: string, { mode = "hybrid", stripLeadIn = true }: QuestionEmbedding = {}): string[] {
  if (!stripLeadIn) return [question];
  const text = embeddingText(question);
  const words = mode === "vector" ? contentWords(question).join(" ") : "";
  return words === "" || words === text ? [text] : [text, words];
}

/**
 * The mean direction of vectors of one size: each counts alike whatever its length, and the result has their mean
 * length, so a collection searched by L2 distance gets a vector of the size its embedder makes (a unit vector from
 * unit vectors).
 * @throws {RagError} `INVALID_ARGUMENT` when the vectors differ in size, or there are none.
 */
export function meanDirection(vectors: readonly ArrayLike<number>[]): Float32Array {
  const dimensions = vectors[0]?.length ?? 0;
  ensureArgument(vectors.length > 0 && vectors.every((v) => v.length === dimensions), "meanDirection expects vectors of one size.");
  const sum = new Float32Array(dimensions);
  let meanLength = 0;
  for (const vector of vectors) {
    const norm = vectorLength(vector);
    meanLength += norm / vectors.length;
    // A vector of zeros has no direction and adds none.
    if (norm > 0) for (let i = 0; i < dimensions; i++) sum[i]! += vector[i]! / norm;
  }
  const norm = vectorLength(sum);
  return norm > 0 ? sum.map((x) => (x * meanLength) / norm) : sum;
}

/**
 * Embeds a search question as every search entry point does (`rag.search`, the CLI's `search`, the MCP `search`
 * tool, `evaluateRetrieval`): the {@link questionTexts} of the question in its mode, in one call, and their
 * {@link meanDirection} when there are two.
 * @throws {RagError} `EMBEDDING_FAILED` when the embedder returns no vector (see {@link embedQuery}).
 */
export async function embedQuestion(embedder: Embedder, question: string, options: EmbedOptions & QuestionEmbedding = {}): Promise<Float32Array> {
  const { mode, stripLeadIn, ...embedOptions } = options;
  const texts = questionTexts(question, { mode, stripLeadIn });
  const vectors = await embedQuery(embedder, texts, embedOptions);
  return vectors.length === 1 ? vectors[0]! : meanDirection(vectors);
}
